/**
 * The archive on disk (format 2), as the workflows `1-archive-before-erasure.json` and
 * `1-archive-training-provider.json` write it, and the field names of the records this command reads. The command
 * runs without n8n and without the node: this file is its one table of names. `test/archive/format.test.ts` checks
 * the record fields against the node's API contract (nodes/CareerProFla/shared/contract.ts).
 */

export const FORMAT = 2;

export const SUMMARY_FILE = 'summary.json';
export const MANIFEST_FILE = 'manifest.csv';
export const MANIFEST_JSONL_FILE = 'manifest.jsonl';

/** The four resources of an employer, in the order of its files. */
export const RESOURCES = ['trainings', 'trainingRights', 'trainingCredits', 'optOuts'] as const;
export type Resource = (typeof RESOURCES)[number];

/** The columns of an employer archive's manifest.csv, in order. */
export const MANIFEST_COLUMNS = [
	'enterpriseNumber',
	'resource',
	'years',
	'status',
	'records',
	'announced',
	'csvRows',
	'jsonRecords',
	'csvFile',
	'csvSha256',
	'csvBytes',
	'jsonFile',
	'jsonSha256',
	'jsonBytes',
	'readAt',
	'time',
	'separator',
	'error',
] as const;
export type ManifestRow = Record<(typeof MANIFEST_COLUMNS)[number], string>;

/** The columns of a training provider's manifest.csv, one row per file. */
export const PROVIDER_MANIFEST_COLUMNS = ['file', 'records', 'announced', 'rows', 'sha256', 'bytes', 'readAt', 'time', 'separator', 'status', 'error'] as const;
export type ProviderManifestRow = Record<(typeof PROVIDER_MANIFEST_COLUMNS)[number], string>;

export const PROVIDER_FILES = {
	json: 'providerTrainings.json',
	trainings: 'providerTrainings.csv',
	participants: 'providerTrainingParticipants.csv',
} as const;

/** The file names of one employer (10-digit enterprise number). */
export const employerFiles = (enterpriseNumber: string) => ({
	json: `${enterpriseNumber}.json`,
	csv: (resource: Resource) => `${enterpriseNumber}-${resource}.csv`,
});

/** Hours in one training day (38-hour week), as in the API contract's HOURS_PER_DAY. */
export const HOURS_PER_DAY = 7.6;

/** The wire names of the record fields the report shows (see the API contract). */
export const FIELDS = {
	training: {
		id: 'trainingId',
		ssin: 'ssin',
		title: 'title',
		type: 'trainingType',
		start: 'startDate',
		end: 'endDate',
		hours: 'durationHours',
		status: 'status',
		participants: 'participants',
	},
	trainingRight: { ssin: 'ssin', year: 'year', type: 'rightType', unit: 'unit', amount: 'amount' },
	/** Training credits: the worker and year are the contract's; the hours are what the gateway answers. */
	trainingCredit: { ssin: 'ssin', year: 'year', rightHours: 'rightHours', usedHours: 'usedHours', remainingHours: 'remainingHours' },
	/** Opt-outs as the archive writes them: `{ year, scope: 'company' | 'worker', ssin }`. */
	optOut: { year: 'year', scope: 'scope', ssin: 'ssin' },
	participant: { ssin: 'ssin', employer: 'employerEnterpriseNumber' },
} as const;

/** Units of a training right (`unit`): days or hours. */
export const RIGHT_UNIT_HOURS = 'hours';
