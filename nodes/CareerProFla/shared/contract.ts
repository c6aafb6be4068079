/**
 * The API contract of the CareerPro Federal Learning Account (FLA) REST channel, as far as it can be inferred.
 *
 * What the package knows about FLA's resources lives here: resource paths, field names, enumerations and the
 * paging convention. The node builds its requests from it and the sandbox serves exactly it, so the two cannot
 * drift apart. The gateway itself (hosts, token endpoint, scopes, qualities, problem types) is the credential's:
 * `credentials/gateway.ts`.
 *
 * The official OpenAPI file (the manual's "SWAGGER") is not public: the paths, field names and enumerations below
 * are an inference from the law and the Belgif REST guide. Aligning with the official file is an edit of this file
 * only.
 */

import { STATUS_PATH } from '../../../credentials/gateway';

/** Offset paging: `?offset=&limit=` in, `{ items, total, offset, limit, next? }` out. */
export const PAGING = {
	offsetParameter: 'offset',
	limitParameter: 'limit',
	itemsProperty: 'items',
	totalProperty: 'total',
	nextProperty: 'next',
	maxPageSize: 100,
	defaultPageSize: 20,
} as const;

/* ----------------------------------------------------------------------------------------------------------------
 * Fields
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * What a field holds, on the wire:
 * - ssin: 11 digits with a valid INSZ/NISS check; enterpriseNumber: 10 digits, first 0 or 1, valid check
 * - date: `YYYY-MM-DD`; hours: a decimal number of hours above 0; amount: a number above 0
 * - year: an integer within YEAR_RANGE; jointCommittee: `999`, `999.99` or `999.99.99`
 * - text: a single- or multi-line string without control characters; enum: one of `values`
 */
export type FieldKind =
	| 'ssin'
	| 'enterpriseNumber'
	| 'date'
	| 'hours'
	| 'amount'
	| 'year'
	| 'jointCommittee'
	| 'text'
	| 'enum'
	| 'boolean';

export interface FieldSpec {
	/** Name on the wire (camelCase) and, in the node, the parameter name. */
	name: string;
	/** What users call it, used in every message about the field. */
	label: string;
	kind: FieldKind;
	/** Required when the resource is created. */
	required?: boolean;
	values?: readonly string[];
	maxLength?: number;
	/** Upper bound for hours and amounts. */
	max?: number;
}

/** FLA holds data from the first year of the individual training right until its repeal. */
export const YEAR_RANGE = { min: 2023, max: 2026 } as const;

export const TRAINING_TYPES = ['formal', 'informal'] as const;
export const TRAINING_STATUSES = ['completed', 'notFollowed', 'reserved', 'unsuitable'] as const;
export const RIGHT_TYPES = ['individual', 'sectoral'] as const;
export const RIGHT_UNITS = ['days', 'hours'] as const;

/** Hours in one training day, used to state credits in hours (38-hour week). */
export const HOURS_PER_DAY = 7.6;

const TEXT_SHORT = 200;
const TEXT_LONG = 2000;

/** The characteristics of one training (domain facts, section 4), shared by employers' and providers' trainings. */
const TRAINING_CHARACTERISTICS: readonly FieldSpec[] = [
	{ name: 'title', label: 'Title', kind: 'text', required: true, maxLength: TEXT_SHORT },
	{ name: 'trainingType', label: 'Training Type', kind: 'enum', required: true, values: TRAINING_TYPES },
	{ name: 'startDate', label: 'Start Date', kind: 'date', required: true },
	{ name: 'endDate', label: 'End Date', kind: 'date', required: true },
	{ name: 'durationHours', label: 'Duration (Hours)', kind: 'hours', required: true, max: 2000 },
	{ name: 'description', label: 'Description', kind: 'text', maxLength: TEXT_LONG },
	{ name: 'status', label: 'Status', kind: 'enum', values: TRAINING_STATUSES },
	{ name: 'certificateObtained', label: 'Certificate Obtained', kind: 'boolean' },
	{ name: 'certificateValidUntil', label: 'Certificate Valid Until', kind: 'date' },
	{ name: 'countsTowardsTrainingRight', label: 'Counts Towards Training Right', kind: 'boolean' },
	{ name: 'nature', label: 'Nature', kind: 'text', maxLength: TEXT_SHORT },
	{ name: 'result', label: 'Result', kind: 'text', maxLength: TEXT_SHORT },
	{ name: 'financing', label: 'Financing', kind: 'text', maxLength: TEXT_SHORT },
];

export const TRAINING_FIELDS: readonly FieldSpec[] = [
	{ name: 'ssin', label: 'Worker NISS/INSZ', kind: 'ssin', required: true },
	...TRAINING_CHARACTERISTICS,
	{ name: 'providerName', label: 'Provider Name', kind: 'text', maxLength: TEXT_SHORT },
	{
		name: 'providerEnterpriseNumber',
		label: 'Provider Enterprise Number',
		kind: 'enterpriseNumber',
	},
];

export const TRAINING_RIGHT_FIELDS: readonly FieldSpec[] = [
	{ name: 'ssin', label: 'Worker NISS/INSZ', kind: 'ssin', required: true },
	{ name: 'year', label: 'Year', kind: 'year', required: true },
	{ name: 'rightType', label: 'Right Type', kind: 'enum', required: true, values: RIGHT_TYPES },
	{ name: 'unit', label: 'Unit', kind: 'enum', required: true, values: RIGHT_UNITS },
	{ name: 'amount', label: 'Amount', kind: 'amount', required: true, max: 2000 },
	{ name: 'jointCommittee', label: 'Joint Committee', kind: 'jointCommittee' },
	{
		name: 'collectiveAgreementNumber',
		label: 'Collective Agreement Number',
		kind: 'text',
		maxLength: 50,
	},
];

export const OPT_OUT_FIELDS: readonly FieldSpec[] = [
	{ name: 'year', label: 'Year', kind: 'year', required: true },
	{ name: 'ssin', label: 'Worker NISS/INSZ', kind: 'ssin' },
];

export const PARTICIPANT_FIELDS: readonly FieldSpec[] = [
	{ name: 'ssin', label: 'Participant NISS/INSZ', kind: 'ssin', required: true },
	{
		name: 'employerEnterpriseNumber',
		label: 'Participant Employer Enterprise Number',
		kind: 'enterpriseNumber',
	},
];

export const PROVIDER_TRAINING_FIELDS: readonly FieldSpec[] = TRAINING_CHARACTERISTICS;

/** The list of participants of a provider's training: at least one, at most this many. */
export const MAX_PARTICIPANTS = 500;

/* ----------------------------------------------------------------------------------------------------------------
 * Resources and paths
 * ------------------------------------------------------------------------------------------------------------- */

const seg = (value: string | number) => encodeURIComponent(String(value));

/**
 * Paths below the API root. Employers' and mandataries' resources sit under the employer's enterprise number
 * (a mandatary sends its client's number); training providers' trainings sit under the provider's own root.
 */
export const PATHS = {
	trainings: (enterpriseNumber: string) => `/employers/${seg(enterpriseNumber)}/trainings`,
	training: (enterpriseNumber: string, trainingId: string) =>
		`/employers/${seg(enterpriseNumber)}/trainings/${seg(trainingId)}`,
	trainingRights: (enterpriseNumber: string) => `/employers/${seg(enterpriseNumber)}/trainingRights`,
	trainingRight: (enterpriseNumber: string, trainingRightId: string) =>
		`/employers/${seg(enterpriseNumber)}/trainingRights/${seg(trainingRightId)}`,
	trainingCredits: (enterpriseNumber: string) =>
		`/employers/${seg(enterpriseNumber)}/trainingCredits`,
	trainingCredit: (enterpriseNumber: string, ssin: string, year: number) =>
		`/employers/${seg(enterpriseNumber)}/workers/${seg(ssin)}/trainingCredits/${seg(year)}`,
	optOuts: (enterpriseNumber: string) =>
		`/employers/${seg(enterpriseNumber)}/automaticCalculationOptOuts`,
	optOut: (enterpriseNumber: string, year: number) =>
		`/employers/${seg(enterpriseNumber)}/automaticCalculationOptOuts/${seg(year)}`,
	providerTrainings: () => '/trainings',
	providerTraining: (trainingId: string) => `/trainings/${seg(trainingId)}`,
	/** A cheap authenticated read under both roots (200 `{"status":"up"}`), used by the credential's test. */
	status: () => STATUS_PATH,
} as const;

/** Query parameters of the listings (besides paging). */
export const QUERY = {
	trainings: { ssin: 'ssin', from: 'startDateFrom', to: 'startDateTo' },
	trainingRights: { ssin: 'ssin', year: 'year' },
	trainingCredits: { year: 'year', ssin: 'ssin' },
	optOut: { ssin: 'ssin' },
	providerTrainings: { ssin: 'ssin', from: 'startDateFrom', to: 'startDateTo' },
} as const;

/** Identifier fields that the gateway assigns. */
export const IDS = {
	training: 'trainingId',
	trainingRight: 'trainingRightId',
	providerTraining: 'trainingId',
} as const;

/**
 * Writes change a resource with JSON merge patch (RFC 7396): the fields sent replace the stored ones, the others
 * stay. Creation answers 201 with the stored resource; deletion answers 204.
 */
export const UPDATE_METHOD = 'PATCH' as const;
