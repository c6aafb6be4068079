import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	EXPORT_YEARS,
	ID_FIELDS,
	PATHS,
	QUERY,
	TRAINING_CREDIT_FIELDS,
	TRAINING_FIELDS,
	TRAINING_RIGHT_FIELDS,
	YEARS_HELD,
} from '../../shared/contract';
import { fieldProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { inputError } from '../../shared/errors';
import { readYearState } from '../../shared/optOutYear';
import { enterpriseNumberProperty } from '../../shared/properties';
import { fillRequest } from '../../shared/requests';
import type { ItemSender } from '../../shared/runState';
import { route } from '../../shared/transport';
import { parseYear } from '../../shared/validation';

/**
 * Everything the FLA holds on one employer, in one item: its trainings and training rights (every page), and its
 * training credits and opt-out of each year asked. The item's requests share the node's Max Concurrent Requests
 * with the other items; when one fails, the item fails with that request's message (with 'Continue On Fail', an
 * error item), since a part of an archive is not an archive.
 */
export const option: INodePropertyOptions = {
	name: 'Export',
	value: 'export',
	action: "Export an employer's data: trainings, training rights, credits and opt-outs",
	description: 'Trainings, training rights, and the training credits and opt-out of each year, in one item',
	routing: route(
		'GET',
		async function (options) {
			const owner = await employerOf(this);
			const years = readYears(this);
			const { enterpriseNumber } = owner;
			return fillRequest(options, { url: PATHS.trainings(enterpriseNumber) }, {
				...owner,
				work: async (sender) => [await exportEmployer(sender, enterpriseNumber, years)],
			});
		},
		{ resourceLabel: 'employer export', kind: 'record' },
	),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, { ...fieldProperty(EXPORT_YEARS, true), placeholder: YEARS_HELD.join(', ') }];

/** 'Years': a list typed as "2023, 2024, 2025, 2026" (commas, semicolons or spaces) or given by an expression as an array. */
export function readYears(context: IExecuteSingleFunctions): number[] {
	const raw = context.getNodeParameter(EXPORT_YEARS.parameter, '') as unknown;
	const parts = Array.isArray(raw) ? raw : typeof raw === 'number' ? [raw] : String(raw ?? '').split(/[\s,;]+/).filter(Boolean);
	const problem = (message: string) =>
		inputError(context.getNode(), context.getItemIndex(), [{ field: EXPORT_YEARS.parameter, label: EXPORT_YEARS.label, message }]);
	if (!parts.length) throw problem(`is required but empty: give the years to read, as ${YEARS_HELD.join(', ')} (every year the FLA holds)`);
	const years: number[] = [];
	for (const part of parts) {
		try {
			const year = parseYear(typeof part === 'string' ? part.trim() : part);
			if (!years.includes(year)) years.push(year);
		} catch (error) {
			throw problem((error as Error).message);
		}
	}
	return years.sort((a, b) => a - b);
}

const TRAININGS = { resourceLabel: 'training', fields: TRAINING_FIELDS };
const RIGHTS = { resourceLabel: 'training right', fields: TRAINING_RIGHT_FIELDS };
const CREDITS = { resourceLabel: 'training credit', fields: TRAINING_CREDIT_FIELDS };

/**
 * The export's requests, all started at once (the node run's slots keep them within Max Concurrent Requests). The
 * item waits for every one of them, so that none is left running once it has failed.
 *
 * The opt-outs of each year are read as Opt-Out > Get reads them (shared/optOutYear.ts), but a year with no opt-out
 * is its empty state `{ year, companyWide: false, workers: [] }` whether the gateway answered 200, 204 or 404, so
 * that the archive of such a year is the same whatever the gateway answers. A 404 is the year's only when the
 * export's own listing of the employer's trainings (under the same API root) answers: no request more.
 */
async function exportEmployer(sender: ItemSender, enterpriseNumber: string, years: number[]): Promise<IDataObject> {
	const get = (url: string, qs: IDataObject = {}): IHttpRequestOptions => ({ ...sender.options, method: 'GET', url, qs });
	const listing = async (request: IHttpRequestOptions, about: typeof TRAININGS) => {
		const { records, total } = await sender.listing(request, about);
		return { count: records.length, total: total ?? records.length, records };
	};
	// The wire names of each resource's fields, so that a file of an employer with no record still gets its header.
	const fields = (specs: readonly { name: string }[], id?: { name: string }) => [...(id ? [id.name] : []), ...specs.map((f) => f.name)];
	const trainingsRead = listing(get(PATHS.trainings(enterpriseNumber)), TRAININGS);
	const optOutOf = async (year: number) => (await readYearState(sender, enterpriseNumber, year, () => trainingsRead)).state;
	const [trainings, trainingRights, credits, optOuts] = await allOrFirstFailure([
		trainingsRead,
		listing(get(PATHS.trainingRights(enterpriseNumber)), RIGHTS),
		allOrFirstFailure(years.map((year) => listing(get(PATHS.trainingCredits(enterpriseNumber), { [QUERY.trainingCredits.year]: year }), CREDITS))),
		allOrFirstFailure(years.map(optOutOf)),
	] as const);
	const trainingCredits = {
		count: credits.reduce((sum, year) => sum + year.count, 0),
		total: credits.reduce((sum, year) => sum + year.total, 0),
		records: credits.flatMap((year) => year.records),
	};
	return {
		enterpriseNumber,
		years,
		// When the last answer arrived: the archive records it as the time the employer was read from the FLA.
		readAt: new Date().toISOString(),
		trainings: { ...trainings, fields: fields(TRAINING_FIELDS, ID_FIELDS.training) },
		trainingRights: { ...trainingRights, fields: fields(TRAINING_RIGHT_FIELDS, ID_FIELDS.trainingRight) },
		trainingCredits: { ...trainingCredits, fields: fields(TRAINING_CREDIT_FIELDS) },
		optOuts,
	};
}

/** Like Promise.all, but settles only when every promise has: then with the first failure, if any. */
async function allOrFirstFailure<T extends readonly unknown[]>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
	const settled = await Promise.allSettled(promises);
	const failed = settled.find((result) => result.status === 'rejected');
	if (failed) throw (failed as PromiseRejectedResult).reason;
	return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
