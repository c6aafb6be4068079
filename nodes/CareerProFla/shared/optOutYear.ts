/**
 * Reading the opt-outs of one year of an employer, as Opt-Out > Get and Create (its look-up) and Employer > Export
 * read them: the year's state `{ year, companyWide, workers }`, however the gateway answers a year with no opt-out.
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { OPT_OUT_FIELDS, PAGING, PATHS } from './contract';
import type { ItemSender, RequestLabel } from './runState';

const [YEAR] = OPT_OUT_FIELDS;

/** What an opt-out request reads, for its messages. */
const OPT_OUT: RequestLabel = { resourceLabel: 'opt-out', fields: OPT_OUT_FIELDS };

/** An answer without a body (204, or an empty one): what the sender gives is then not an object with fields. */
export const withoutBody = (answer: unknown) => !answer || typeof answer !== 'object' || Object.keys(answer).length === 0;

/** The state of a year with no opt-out, as the gateway answers it by default (200). */
export const emptyYear = (year: number): IDataObject => ({ [YEAR.name]: year, companyWide: false, workers: [] });

/** How the gateway answered a year with no opt-out, when not 200 with the empty state. */
export type NoOptOutAnswer = { answeredWithoutBody: true } | { answeredNotFound: true };

/**
 * The state of one year of an employer's opt-outs (`{ year, companyWide, workers }`), and, for a year with no opt-out
 * answered otherwise than 200 with the empty state, how it was answered. A gateway may answer a year with no opt-out
 * 200 with an empty state, 204 without a body, or 404: each gives the empty state (`emptyYear`).
 *
 * A 404 of a path the gateway does not know (a wrong API URL) or of an employer it does not know looks the same as
 * that of a year with no opt-out: the problem type is the same (resourceNotFound) and its text is not part of the
 * API. So, after a 404, `confirm` reads the trainings of the same employer under the same API root (by default one
 * training; an export gives its own listing of the trainings, so that it sends no request more): when that answers,
 * the root and the employer exist and the 404 was the year's; when it answers 404 as well, the year's 404 stays the
 * item's error; when it fails otherwise, that failure is the item's error. The one case this cannot tell apart is a
 * wrong opt-out path alone (contract.ts PATHS.optOut): Create would then fail with 404 as well.
 */
export async function readYearState(
	sender: ItemSender,
	enterpriseNumber: string,
	year: number,
	confirm: () => Promise<unknown> = () => readOneTraining(sender, enterpriseNumber),
): Promise<{ state: IDataObject; answered?: NoOptOutAnswer }> {
	try {
		const state = await sender.send(get(sender, PATHS.optOut(enterpriseNumber, year)), OPT_OUT);
		return withoutBody(state) ? { state: emptyYear(year), answered: { answeredWithoutBody: true } } : { state };
	} catch (error) {
		// The sender's errors are the item's NodeApiError already.
		const failure = error as NodeApiError;
		if (failure.httpCode !== '404') throw failure;
		try {
			await confirm();
		} catch (confirmation) {
			throw (confirmation as NodeApiError).httpCode === '404' ? failure : confirmation;
		}
		return { state: emptyYear(year), answered: { answeredNotFound: true } };
	}
}

/**
 * The year's state as Opt-Out > Get returns it: a year with no opt-out answered 204 or 404 is the empty state marked
 * `optedOut: false` and how it was answered (`answeredWithoutBody` or `answeredNotFound`).
 */
export async function readYear(sender: ItemSender, enterpriseNumber: string, year: number): Promise<IDataObject> {
	const { state, answered } = await readYearState(sender, enterpriseNumber, year);
	return answered ? { ...state, optedOut: false, ...answered } : state;
}

const get = (sender: ItemSender, url: string, qs: IDataObject = {}) => ({ ...sender.options, method: 'GET' as const, url, qs, body: undefined });

/** One training of the employer: that the API root and the employer exist. */
const readOneTraining = (sender: ItemSender, enterpriseNumber: string) =>
	sender.send(get(sender, PATHS.trainings(enterpriseNumber), { [PAGING.offsetParameter]: 0, [PAGING.limitParameter]: 1 }));
