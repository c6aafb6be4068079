/**
 * What the opt-out's operations share: the year, and whom it applies to (the whole company, or one worker whose NISS
 * is then asked).
 */
import type { IDataObject, IExecuteSingleFunctions, INodeProperties, NodeApiError } from 'n8n-workflow';

import { ENTERPRISE_NUMBER, OPT_OUT_FIELDS, PAGING, PATHS } from '../../shared/contract';
import { fieldProperty } from '../../shared/descriptions';
import { readField } from '../../shared/requests';
import type { ItemSender } from '../../shared/runState';
import type { OutputShape } from '../../shared/transport';

export const [YEAR, SSIN] = OPT_OUT_FIELDS;

export const optOut: OutputShape = { resourceLabel: 'opt-out', fields: OPT_OUT_FIELDS, kind: 'record' };

/** 'Applies To': company-wide, or for one worker (whose NISS is then asked). */
export const appliesToProperties: INodeProperties[] = [
	{
		displayName: 'Applies To',
		name: 'optOutScope',
		type: 'options',
		options: [
			{ name: 'All Workers', value: 'company', description: 'The whole company opts out for the year' },
			{ name: 'One Worker', value: 'worker', description: 'Only this worker is left out of the calculation' },
		],
		default: 'company',
	},
	{ ...fieldProperty(SSIN, true), displayOptions: { show: { optOutScope: ['worker'] } } },
];

/** The year, and the worker's NISS when the opt-out is for one worker. */
export function readOptOut(context: IExecuteSingleFunctions): { year: number; ssin?: string } & IDataObject {
	const year = readField(context, YEAR) as number;
	if (context.getNodeParameter('optOutScope', 'company') !== 'worker') return { year };
	return { year, ssin: readField(context, SSIN) as string };
}

/** The opt-out as the gateway names its fields. */
export function onTheWire({ year, ssin }: { year: number; ssin?: string }): IDataObject {
	return { [YEAR.name]: year, ...(ssin ? { [SSIN.name]: ssin } : {}) };
}

/** An answer without a body (204, or an empty one): what the sender gives is then not an object with fields. */
const withoutBody = (answer: unknown) => !answer || typeof answer !== 'object' || Object.keys(answer).length === 0;

/**
 * The item of a Create: the year's state the gateway answered (201 or 200); when it answered without a body (204),
 * what the node sent, marked so.
 */
export function createdOptOut(answer: IDataObject, enterpriseNumber: string, sent: IDataObject): IDataObject {
	if (!withoutBody(answer)) return answer;
	return { [ENTERPRISE_NUMBER.name]: enterpriseNumber, ...sent, optedOut: true, answeredWithoutBody: true };
}

/** The state of a year with no opt-out, as the gateway answers it by default (200), with how it was answered. */
const noOptOut = (year: number, how: IDataObject): IDataObject => ({ [YEAR.name]: year, companyWide: false, workers: [], optedOut: false, ...how });

/**
 * The state of one year of an employer's opt-outs (`{ year, companyWide, workers }`). A gateway may answer a year
 * with no opt-out 200 with an empty state, 204 without a body, or 404: each reads as "no opt-out for that year".
 *
 * A 404 of a path the gateway does not know (a wrong API URL) or of an employer it does not know looks the same as
 * that of a year with no opt-out: the problem type is the same (resourceNotFound) and its text is not part of the
 * API. So, after a 404, the node reads one training of the same employer under the same API root: when that answers,
 * the root and the employer exist and the 404 was the year's; when it does not, the 404 stays the item's error.
 * The one case this cannot tell apart is a wrong opt-out path alone (contract.ts PATHS.optOut): Create would then
 * fail with 404 as well.
 */
export async function readYear(sender: ItemSender, enterpriseNumber: string, year: number): Promise<IDataObject> {
	const get = (url: string, qs: IDataObject = {}) => ({ ...sender.options, method: 'GET' as const, url, qs, body: undefined });
	try {
		const state = await sender.send(get(PATHS.optOut(enterpriseNumber, year)));
		return withoutBody(state) ? noOptOut(year, { answeredWithoutBody: true }) : state;
	} catch (error) {
		// The sender's errors are the item's NodeApiError already.
		const failure = error as NodeApiError;
		if (failure.httpCode !== '404') throw failure;
		try {
			await sender.send(get(PATHS.trainings(enterpriseNumber), { [PAGING.offsetParameter]: 0, [PAGING.limitParameter]: 1 }));
		} catch (confirmation) {
			throw (confirmation as NodeApiError).httpCode === '404' ? failure : confirmation;
		}
		return noOptOut(year, { answeredNotFound: true });
	}
}
