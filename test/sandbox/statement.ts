/**
 * The sandbox's own statement of the FLA REST API: resource paths, fields, enumerations, paging and natural keys, as
 * the gateway serves them. Written from the domain facts (/work/shared/domain.md sections 3 to 5: Belgif conventions,
 * what the FLA holds, the identifiers) and the API-channel manual, and NOT imported from the node's
 * `nodes/CareerProFla/shared/contract.ts`: a mistake in the node's contract (a path, a wire name, a key, a year) then
 * meets a sandbox that does not share it, and a test fails.
 *
 * The official OpenAPI file is not public, so the paths and names below are an inference too. Where the node and the
 * sandbox must agree (wire names, kinds, required fields, enumerations, bounds, paths, keys), the test
 * `test/nodes/CareerProFla/shared/sandboxStatement.test.ts` compares the two statements; labels and hints are each
 * side's own. Nothing under test/sandbox imports from nodes/ (test/sandbox/dependencies.test.ts).
 */

/* ----------------------------------------------------------------------------------------------------------------
 * Fields
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * What a field holds on the wire (domain facts 3 and 5): `ssin` 11 digits with an INSZ/NISS or BIS check;
 * `enterpriseNumber` 10 digits, first 0 or 1, with its check; `date` `YYYY-MM-DD`; `hours` and `amount` a JSON number
 * above 0; `year` an integer within YEAR_RANGE; `jointCommittee` `999`, `999.99` or `999.99.99`; `text` a string;
 * `enum` one of `values`; `boolean` true or false.
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
	/** The name on the wire. */
	name: string;
	/** The name the sandbox's messages use. */
	label: string;
	kind: FieldKind;
	/** Required when the record is created (a required query parameter: in every request of the listing). */
	required?: boolean;
	values?: readonly string[];
	/** For texts; 200 when absent. A text longer than 200 may hold line breaks. */
	maxLength?: number;
	/** For hours and amounts. */
	max?: number;
}

/** The FLA holds the years from the first of the individual training right (2023) to its repeal (2026). */
export const YEAR_RANGE = { min: 2023, max: 2026 } as const;

/** Domain facts 4: formal or informal; completed, not followed, reserved or unsuitable; individual or sectoral. */
export const TRAINING_TYPES = ['formal', 'informal'] as const;
export const TRAINING_STATUSES = ['completed', 'notFollowed', 'reserved', 'unsuitable'] as const;
export const RIGHT_TYPES = ['individual', 'sectoral'] as const;
export const RIGHT_UNITS = ['days', 'hours'] as const;

/** A training day in hours, to state a right in days as hours (a 38-hour week of 5 days). */
export const HOURS_PER_DAY = 7.6;

/** The most participants one provider's training lists. */
export const MAX_PARTICIPANTS = 500;

const SHORT = 200;
const LONG = 2000;
const MOST_HOURS = 2000;

const ssin = (label = 'Worker NISS/INSZ', required = true): FieldSpec => ({ name: 'ssin', label, kind: 'ssin', required });
const year = (required = true): FieldSpec => ({ name: 'year', label: 'Year', kind: 'year', required });
const text = (name: string, label: string, maxLength = SHORT, required = false): FieldSpec => ({ name, label, kind: 'text', maxLength, required });
const date = (name: string, label: string, required = false): FieldSpec => ({ name, label, kind: 'date', required });
const bool = (name: string, label: string): FieldSpec => ({ name, label, kind: 'boolean' });
const oneOf = (name: string, label: string, values: readonly string[], required = false): FieldSpec => ({ name, label, kind: 'enum', values, required });

/** What describes one training, an employer's or a training provider's (domain facts 4). */
const TRAINING_CHARACTERISTICS: readonly FieldSpec[] = [
	text('title', 'Title', SHORT, true),
	oneOf('trainingType', 'Training Type', TRAINING_TYPES, true),
	date('startDate', 'Start Date', true),
	date('endDate', 'End Date', true),
	{ name: 'durationHours', label: 'Duration (Hours)', kind: 'hours', required: true, max: MOST_HOURS },
	text('description', 'Description', LONG),
	oneOf('status', 'Status', TRAINING_STATUSES),
	bool('certificateObtained', 'Certificate Obtained'),
	date('certificateValidUntil', 'Certificate Valid Until'),
	bool('countsTowardsTrainingRight', 'Counts Towards Training Right'),
	text('nature', 'Nature'),
	text('result', 'Result'),
	text('financing', 'Financing'),
];

/** An employer's training of one worker, and who gave it. */
export const TRAINING_FIELDS: readonly FieldSpec[] = [
	ssin(),
	...TRAINING_CHARACTERISTICS,
	text('providerName', 'Provider Name'),
	{ name: 'providerEnterpriseNumber', label: 'Provider Enterprise Number', kind: 'enterpriseNumber' },
];

/** A worker's training right of one year. */
export const TRAINING_RIGHT_FIELDS: readonly FieldSpec[] = [
	ssin(),
	year(),
	oneOf('rightType', 'Right Type', RIGHT_TYPES, true),
	oneOf('unit', 'Unit', RIGHT_UNITS, true),
	{ name: 'amount', label: 'Amount', kind: 'amount', required: true, max: MOST_HOURS },
	{ name: 'jointCommittee', label: 'Joint Committee', kind: 'jointCommittee' },
	text('collectiveAgreementNumber', 'Collective Agreement Number', 50),
];

/** A training credit is read by worker and year (the path's parameters). */
export const TRAINING_CREDIT_FIELDS: readonly FieldSpec[] = [ssin(), year()];

/** An opt-out of the automatic calculation: a year, for the whole company or for one worker. */
export const OPT_OUT_FIELDS: readonly FieldSpec[] = [year(), ssin('Worker NISS/INSZ', false)];

/** A participant of a provider's training; the employer is optional (domain facts 4). */
export const PARTICIPANT_FIELDS: readonly FieldSpec[] = [
	ssin('Participant NISS/INSZ'),
	{ name: 'employerEnterpriseNumber', label: 'Employer (KBO/BCE)', kind: 'enterpriseNumber' },
];

/** A training provider's training: the characteristics (its participants are a list of PARTICIPANT_FIELDS). */
export const PROVIDER_TRAINING_FIELDS: readonly FieldSpec[] = TRAINING_CHARACTERISTICS;

/** The employer in the path of an employer's or mandatary's request. */
export const ENTERPRISE_NUMBER: FieldSpec = { name: 'enterpriseNumber', label: 'Enterprise Number', kind: 'enterpriseNumber', required: true };

/** The identifiers the gateway assigns. */
export const IDS = { training: 'trainingId', trainingRight: 'trainingRightId', providerTraining: 'trainingId' } as const;

/* ----------------------------------------------------------------------------------------------------------------
 * Paths and listings
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * The routes below each API root, with `{parameter}` placeholders: an employer's (or its mandatary's) resources
 * under its enterprise number, a training provider's trainings under its own root.
 */
export const ROUTES = {
	status: '/status',
	trainings: '/employers/{enterpriseNumber}/trainings',
	training: '/employers/{enterpriseNumber}/trainings/{trainingId}',
	trainingRights: '/employers/{enterpriseNumber}/trainingRights',
	trainingRight: '/employers/{enterpriseNumber}/trainingRights/{trainingRightId}',
	trainingCredits: '/employers/{enterpriseNumber}/trainingCredits',
	trainingCredit: '/employers/{enterpriseNumber}/workers/{ssin}/trainingCredits/{year}',
	optOuts: '/employers/{enterpriseNumber}/automaticCalculationOptOuts',
	optOut: '/employers/{enterpriseNumber}/automaticCalculationOptOuts/{year}',
	providerTrainings: '/trainings',
	providerTraining: '/trainings/{trainingId}',
} as const;

/** A route with its parameters filled in (percent-encoded). */
export function fill(route: string, parameters: Record<string, string | number>): string {
	return route.replace(/\{(\w+)\}/g, (_, name: string) => {
		if (parameters[name] === undefined) throw new Error(`no value for {${name}} of ${route}`);
		return encodeURIComponent(String(parameters[name]));
	});
}

/** The paths, for tests: `PATHS.training(enterpriseNumber, trainingId)`. */
export const PATHS = {
	status: () => ROUTES.status,
	trainings: (enterpriseNumber: string) => fill(ROUTES.trainings, { enterpriseNumber }),
	training: (enterpriseNumber: string, trainingId: string) => fill(ROUTES.training, { enterpriseNumber, trainingId }),
	trainingRights: (enterpriseNumber: string) => fill(ROUTES.trainingRights, { enterpriseNumber }),
	trainingRight: (enterpriseNumber: string, trainingRightId: string) => fill(ROUTES.trainingRight, { enterpriseNumber, trainingRightId }),
	trainingCredits: (enterpriseNumber: string) => fill(ROUTES.trainingCredits, { enterpriseNumber }),
	trainingCredit: (enterpriseNumber: string, ssin: string, year: number) => fill(ROUTES.trainingCredit, { enterpriseNumber, ssin, year }),
	optOuts: (enterpriseNumber: string) => fill(ROUTES.optOuts, { enterpriseNumber }),
	optOut: (enterpriseNumber: string, year: number) => fill(ROUTES.optOut, { enterpriseNumber, year }),
	providerTrainings: () => ROUTES.providerTrainings,
	providerTraining: (trainingId: string) => fill(ROUTES.providerTraining, { trainingId }),
} as const;

/** The path parameters, checked like fields. */
export const PATH_PARAMETERS: Record<string, FieldSpec> = {
	enterpriseNumber: ENTERPRISE_NUMBER,
	ssin: ssin(),
	year: year(),
};

/** Offset paging (Belgif): `?offset=&limit=` in, `{ items, total, offset, limit, next? }` out. */
export const PAGING = {
	offsetParameter: 'offset',
	limitParameter: 'limit',
	itemsProperty: 'items',
	totalProperty: 'total',
	nextProperty: 'next',
	maxPageSize: 100,
	defaultPageSize: 20,
} as const;

const START_DATE_FROM = date('startDateFrom', 'Start Date From');
const START_DATE_TO = date('startDateTo', 'Start Date To');

/** The query parameters of the listings (besides paging), by what they filter on. */
export const FILTERS = {
	trainings: { ssin: ssin('Worker NISS/INSZ', false), from: START_DATE_FROM, to: START_DATE_TO },
	trainingRights: { ssin: ssin('Worker NISS/INSZ', false), year: year(false) },
	trainingCredits: { year: year(), ssin: ssin('Worker NISS/INSZ', false) },
	optOut: { ssin: ssin('Worker NISS/INSZ', false) },
	providerTrainings: { ssin: ssin('Participant NISS/INSZ', false), from: START_DATE_FROM, to: START_DATE_TO },
} satisfies Record<string, Record<string, FieldSpec>>;

/** The wire names of the query parameters: `QUERY.trainings.from` is `startDateFrom`. */
export const QUERY = Object.fromEntries(
	Object.entries(FILTERS).map(([listing, filters]) => [listing, Object.fromEntries(Object.entries(filters).map(([key, spec]) => [key, spec.name]))]),
) as { [L in keyof typeof FILTERS]: { [K in keyof (typeof FILTERS)[L]]: string } };

/* ----------------------------------------------------------------------------------------------------------------
 * Natural keys: when two records are the same registration
 * ------------------------------------------------------------------------------------------------------------- */

export interface NaturalKey {
	fields: readonly FieldSpec[];
	/** A list of the record whose members' values are part of the key (a session's participants), in any order. */
	members?: { list: string; field: string };
}

const named = (specs: readonly FieldSpec[], ...names: string[]): FieldSpec[] =>
	names.map((name) => {
		const spec = specs.find((s) => s.name === name);
		if (!spec) throw new Error(`no field ${name}`);
		return spec;
	});

/** The same owner and the same values of these fields make the same record. */
export const NATURAL_KEYS = {
	/** A training: the worker, the title and the start date. */
	training: { fields: named(TRAINING_FIELDS, 'ssin', 'title', 'startDate') },
	/** A training right: the worker, the year and the type (one of each per employer). */
	trainingRight: { fields: named(TRAINING_RIGHT_FIELDS, 'ssin', 'year', 'rightType') },
	/** An opt-out: the year, and the worker when it is for one worker. */
	optOut: { fields: named(OPT_OUT_FIELDS, 'year', 'ssin') },
	/**
	 * A provider's training: the title, the start date, the end date and the participants (their NISS, in any order):
	 * two sessions of one course on one day, with other participants, are two trainings.
	 */
	providerTraining: { fields: named(PROVIDER_TRAINING_FIELDS, 'title', 'startDate', 'endDate'), members: { list: 'participants', field: 'ssin' } },
} satisfies Record<string, NaturalKey>;

/** Texts are the same when they differ only in Unicode form, case and runs of spaces. */
const sameText = (value: string) => value.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');

/** A record's key as one string: equal strings, same record. An absent, null or empty value counts as absent. */
export function keyOf(key: NaturalKey, record: Record<string, unknown>): string {
	const fields = key.fields.map(({ name, kind }) => {
		const value = record[name];
		if (value === undefined || value === null || value === '') return null;
		return kind === 'text' ? sameText(String(value)) : String(value);
	});
	if (!key.members) return JSON.stringify(fields);
	const { list, field } = key.members;
	const members = (Array.isArray(record[list]) ? (record[list] as unknown[]) : [])
		.map((member) => (member && typeof member === 'object' ? (member as Record<string, unknown>)[field] : undefined))
		.filter((value) => value !== undefined && value !== null && value !== '')
		.map(String)
		.sort();
	return JSON.stringify([...fields, members]);
}
