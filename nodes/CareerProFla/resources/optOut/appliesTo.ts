/**
 * What the opt-out's operations share: the year, and whom it applies to (the whole company, or one worker whose NISS
 * is then asked).
 */
import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { ENTERPRISE_NUMBER, OPT_OUT_FIELDS } from '../../shared/contract';
import { fieldProperty } from '../../shared/descriptions';
import { withoutBody } from '../../shared/optOutYear';
import { readField } from '../../shared/requests';
import type { OutputShape } from '../../shared/transport';

export const [YEAR, SSIN] = OPT_OUT_FIELDS;

export const optOut: OutputShape = { resourceLabel: 'opt-out', fields: OPT_OUT_FIELDS, kind: 'record' };

export const yearProperty: INodeProperties = fieldProperty(YEAR, true);

/** 'Applies To': company-wide, or for one worker (whose NISS is then asked). */
export const appliesToProperty: INodeProperties = {
	displayName: 'Applies To',
	name: 'optOutScope',
	type: 'options',
	options: [
		{ name: 'All Workers', value: 'company', description: 'The whole company opts out for the year' },
		{ name: 'One Worker', value: 'worker', description: 'Only this worker is left out of the calculation' },
	],
	default: 'company',
};

/** The worker's NISS, asked when the opt-out is for one worker. */
export const workerSsinProperty: INodeProperties = { ...fieldProperty(SSIN, true), displayOptions: { show: { optOutScope: ['worker'] } } };

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

/**
 * The item of a Create: the year's state the gateway answered (201 or 200); when it answered without a body (204),
 * what the node sent, marked so.
 */
export function createdOptOut(answer: IDataObject, enterpriseNumber: string, sent: IDataObject): IDataObject {
	if (!withoutBody(answer)) return answer;
	return { [ENTERPRISE_NUMBER.name]: enterpriseNumber, ...sent, optedOut: true, answeredWithoutBody: true };
}
