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
	/** Name on the wire (bodies, answers, query strings): the only thing to change when the API renames a field. */
	name: string;
	/**
	 * Name of the node's parameter: saved workflows hold it, so it never follows a rename on the wire. Parameters
	 * named alike are evaluated together by n8n for every item, which is why one worker NISS has its own names.
	 */
	parameter: string;
	/** What users call it, used in every message about the field. */
	label: string;
	kind: FieldKind;
	/** Required when the resource is created (a required filter: in every listing request). */
	required?: boolean;
	/** The help text the node shows under the field. */
	hint?: string;
	/** Kept in the narrow view behind the node's 'Simplify' option. */
	simplified?: boolean;
	values?: readonly string[];
	maxLength?: number;
	/** Upper bound for hours and amounts. */
	max?: number;
	/**
	 * The column headers of a sheet that hold this field, besides its label, parameter and wire name, in Dutch, French
	 * and English: what 'Map Automatically' (shared/columns.ts) recognises, ignoring case, accents, spaces and
	 * punctuation.
	 */
	columns?: readonly string[];
}

/** FLA holds data from the first year of the individual training right until its repeal. */
export const YEAR_RANGE = { min: 2023, max: 2026 } as const;

/** Every year the FLA holds, in order: what an archive must read to be complete. */
export const YEARS_HELD: readonly number[] = Array.from({ length: YEAR_RANGE.max - YEAR_RANGE.min + 1 }, (_, i) => YEAR_RANGE.min + i);

export const TRAINING_TYPES = ['formal', 'informal'] as const;
export const TRAINING_STATUSES = ['completed', 'notFollowed', 'reserved', 'unsuitable'] as const;
export const RIGHT_TYPES = ['individual', 'sectoral'] as const;
export const RIGHT_UNITS = ['days', 'hours'] as const;

/** Hours in one training day, used to state credits in hours (38-hour week). */
export const HOURS_PER_DAY = 7.6;

const TEXT_SHORT = 200;
const TEXT_LONG = 2000;

const SSIN_HINT = 'The national register number (NISS/INSZ) or BIS number, 11 digits; dots, dashes and spaces are allowed';
const YEAR_HINT = 'The calendar year, as 2025';

const WORKER_SSIN: FieldSpec = {
	name: 'ssin',
	parameter: 'ssin',
	label: 'Worker NISS/INSZ',
	kind: 'ssin',
	required: true,
	hint: SSIN_HINT,
	simplified: true,
	columns: [
		'NISS', 'INSZ', 'SSIN', 'INSZ-nummer', 'numéro NISS', 'rijksregisternummer', 'rijksregister', 'numéro de registre national',
		'registre national', 'national register number', 'national number', 'RRN', 'bisnummer', 'numéro BIS', 'BIS number', 'worker NISS', 'worker INSZ',
	],
};
const YEAR: FieldSpec = {
	name: 'year',
	parameter: 'year',
	label: 'Year',
	kind: 'year',
	required: true,
	hint: YEAR_HINT,
	simplified: true,
	columns: ['jaar', 'année', 'kalenderjaar', 'année civile', 'calendar year'],
};

/** The characteristics of one training (domain facts, section 4), shared by employers' and providers' trainings. */
const TRAINING_CHARACTERISTICS: readonly FieldSpec[] = [
	{
		name: 'title',
		parameter: 'title',
		simplified: true,
		label: 'Title',
		kind: 'text',
		required: true,
		maxLength: TEXT_SHORT,
		hint: 'The name of the training as the worker would recognise it',
		columns: ['titel', 'titre', 'opleiding', 'formation', 'training', 'course', 'cursus', 'intitulé', 'opleidingstitel', 'titre de la formation', 'training title', 'naam opleiding', 'nom de la formation'],
	},
	{
		name: 'trainingType',
		parameter: 'trainingType',
		simplified: true,
		label: 'Training Type',
		kind: 'enum',
		required: true,
		values: TRAINING_TYPES,
		hint: 'Formal: organised by or for the employer with a trainer. Informal: learning on the job.',
		columns: ['type', 'soort', 'type de formation', 'type opleiding', 'opleidingstype', 'soort opleiding', 'formeel informeel', 'formel informel'],
	},
	{
		name: 'startDate',
		parameter: 'startDate',
		simplified: true,
		label: 'Start Date',
		kind: 'date',
		required: true,
		hint: 'First day of the training: YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY',
		columns: ['start', 'begin', 'début', 'startdatum', 'begindatum', 'date de début', 'date début', 'aanvang', 'from', 'van', 'du', 'first day', 'eerste dag', 'premier jour'],
	},
	{
		name: 'endDate',
		parameter: 'endDate',
		simplified: true,
		label: 'End Date',
		kind: 'date',
		required: true,
		hint: 'Last day of the training: YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY',
		columns: ['end', 'einde', 'fin', 'einddatum', 'date de fin', 'date fin', 'to', 'tot', 'au', 'until', 'last day', 'laatste dag', 'dernier jour'],
	},
	{
		name: 'durationHours',
		parameter: 'durationHours',
		simplified: true,
		label: 'Duration (Hours)',
		kind: 'hours',
		required: true,
		max: 2000,
		hint: 'Length of the training in hours, as 7.5, 7,5 or 7:30',
		columns: ['hours', 'uren', 'heures', 'duur', 'durée', 'duration', 'aantal uren', "nombre d'heures", 'number of hours', 'uur', 'heure', 'duur in uren', 'durée en heures'],
	},
	{
		name: 'description',
		parameter: 'description',
		label: 'Description',
		kind: 'text',
		maxLength: TEXT_LONG,
		hint: 'What the training covered',
		columns: ['beschrijving', 'omschrijving', 'inhoud', 'contenu'],
	},
	{
		name: 'status',
		parameter: 'status',
		simplified: true,
		label: 'Status',
		kind: 'enum',
		values: TRAINING_STATUSES,
		hint: 'Whether the worker completed it, did not follow it, is registered for it, or it proved unsuitable',
		columns: ['statut', 'toestand', 'état'],
	},
	{
		name: 'certificateObtained',
		parameter: 'certificateObtained',
		label: 'Certificate Obtained',
		kind: 'boolean',
		hint: 'Whether the worker obtained a certificate',
		columns: ['certificaat', 'certificat', 'certificate', 'attest', 'attestation', 'getuigschrift', 'diploma', 'diplôme', 'certificaat behaald', 'certificat obtenu'],
	},
	{
		name: 'certificateValidUntil',
		parameter: 'certificateValidUntil',
		label: 'Certificate Valid Until',
		kind: 'date',
		hint: 'Last day the certificate is valid',
		columns: ['geldig tot', "valable jusqu'au", 'valid until', 'vervaldatum', "date d'expiration", 'expiry date', 'certificaat geldig tot', "certificat valable jusqu'au"],
	},
	{
		name: 'countsTowardsTrainingRight',
		parameter: 'countsTowardsTrainingRight',
		label: 'Counts Towards Training Right',
		kind: 'boolean',
		hint: 'Whether the training counts towards the individual training right',
		columns: ['telt mee', 'telt mee voor opleidingsrecht', 'compte pour le droit à la formation', 'counts towards right', 'opleidingsrecht', 'droit à la formation'],
	},
	{
		name: 'nature',
		parameter: 'nature',
		label: 'Nature',
		kind: 'text',
		maxLength: TEXT_SHORT,
		hint: 'The nature of the training (e.g. technical, language, safety)',
		columns: ['aard', 'nature de la formation', 'aard van de opleiding'],
	},
	{
		name: 'result',
		parameter: 'result',
		label: 'Result',
		kind: 'text',
		maxLength: TEXT_SHORT,
		hint: 'The result of the training (e.g. passed, attended)',
		columns: ['resultaat', 'résultat', 'uitslag', 'outcome'],
	},
	{
		name: 'financing',
		parameter: 'financing',
		label: 'Financing',
		kind: 'text',
		maxLength: TEXT_SHORT,
		hint: 'Who financed the training (e.g. employer, sector fund, region)',
		columns: ['financiering', 'financement', 'funding', 'gefinancierd door', 'financé par', 'funded by'],
	},
];

export const TRAINING_FIELDS: readonly FieldSpec[] = [
	WORKER_SSIN,
	...TRAINING_CHARACTERISTICS,
	{
		name: 'providerName',
		parameter: 'providerName',
		label: 'Provider Name',
		kind: 'text',
		maxLength: TEXT_SHORT,
		hint: 'The organisation that gave the training',
		columns: ['opleider', 'opleidingsverstrekker', 'verstrekker', 'organisator', 'organisateur', 'organisme de formation', 'opérateur de formation', 'provider', 'training provider', 'organiser'],
	},
	{
		name: 'providerEnterpriseNumber',
		parameter: 'providerEnterpriseNumber',
		label: 'Provider Enterprise Number',
		kind: 'enterpriseNumber',
		hint: "The training provider's enterprise number (KBO/BCE)",
		columns: ['KBO opleider', 'BCE organisme', 'BCE opérateur', 'provider KBO', 'provider BCE', 'ondernemingsnummer opleider', "numéro d'entreprise de l'organisme", 'provider company number'],
	},
];

export const TRAINING_RIGHT_FIELDS: readonly FieldSpec[] = [
	WORKER_SSIN,
	YEAR,
	{
		name: 'rightType',
		parameter: 'rightType',
		simplified: true,
		label: 'Right Type',
		kind: 'enum',
		required: true,
		values: RIGHT_TYPES,
		hint: 'Individual right (law of 3 October 2022) or sectoral right (collective agreement)',
		columns: ['type', 'soort', 'soort recht', 'type de droit', 'type recht', 'right', 'recht', 'droit'],
	},
	{
		name: 'unit',
		parameter: 'unit',
		simplified: true,
		label: 'Unit',
		kind: 'enum',
		required: true,
		values: RIGHT_UNITS,
		hint: 'Whether the amount is in days or in hours',
		columns: ['eenheid', 'unité', 'dagen of uren', 'jours ou heures', 'days or hours'],
	},
	{
		name: 'amount',
		parameter: 'amount',
		simplified: true,
		label: 'Amount',
		kind: 'amount',
		required: true,
		max: 2000,
		hint: 'Number of days or hours of training right, as 5 or 2,5',
		columns: ['aantal', 'nombre', 'quantité', 'hoeveelheid', 'omvang', 'recht in dagen of uren'],
	},
	{
		name: 'jointCommittee',
		parameter: 'jointCommittee',
		label: 'Joint Committee',
		kind: 'jointCommittee',
		hint: 'Joint committee (PC/CP) number, as 200, 302.01 or 140.03.01',
		columns: ['PC', 'CP', 'PSC', 'SCP', 'paritair comité', 'paritair subcomité', 'commission paritaire', 'sous-commission paritaire', 'joint subcommittee', 'PC nummer', 'numéro CP'],
	},
	{
		name: 'collectiveAgreementNumber',
		parameter: 'collectiveAgreementNumber',
		label: 'Collective Agreement Number',
		kind: 'text',
		maxLength: 50,
		hint: 'Registration number of the collective agreement (CAO/CCT) the right rests on',
		columns: ['CAO', 'CCT', 'cao nummer', 'CAO-nummer', 'numéro CCT', 'numéro de CCT', 'collective agreement', 'registratienummer CAO', "numéro d'enregistrement CCT"],
	},
];

/** A training credit is read by worker and year; the worker's NISS has a parameter name of its own. */
export const TRAINING_CREDIT_FIELDS: readonly FieldSpec[] = [{ ...WORKER_SSIN, parameter: 'creditSsin' }, YEAR];

/** An opt-out is for a year, company-wide or for one worker (whose NISS has a parameter name of its own). */
export const OPT_OUT_FIELDS: readonly FieldSpec[] = [YEAR, { ...WORKER_SSIN, parameter: 'optOutSsin', required: false }];

export const PARTICIPANT_FIELDS: readonly FieldSpec[] = [
	{ ...WORKER_SSIN, label: 'Participant NISS/INSZ' },
	{
		name: 'employerEnterpriseNumber',
		parameter: 'employerEnterpriseNumber',
		label: 'Employer (KBO/BCE)',
		kind: 'enterpriseNumber',
		hint: "The enterprise number (KBO/BCE) of the participant's employer, if known",
	},
];

export const PROVIDER_TRAINING_FIELDS: readonly FieldSpec[] = TRAINING_CHARACTERISTICS;

/** The employer of an employer's or mandatary's request: a path segment, asked in every such operation. */
export const ENTERPRISE_NUMBER: FieldSpec = {
	name: 'enterpriseNumber',
	parameter: 'enterpriseNumber',
	label: 'Enterprise Number',
	kind: 'enterpriseNumber',
	required: true,
	hint: "The employer's enterprise number (KBO/BCE), 10 digits, as 0202.239.951 or BE 0202239951. A social secretariat or service provider sends its client's number.",
	columns: [
		'KBO', 'BCE', 'KBO-nummer', 'BCE-nummer', 'numéro BCE', 'ondernemingsnummer', "numéro d'entreprise", 'numéro entreprise', 'company number',
		'KBO werkgever', 'BCE employeur', 'employer KBO', 'employer BCE', 'employer enterprise number', "numéro d'entreprise de l'employeur", 'ondernemingsnummer werkgever',
	],
};

/**
 * An employer's export (resource 'Employer', operation 'Export'): the years whose training credits and opt-outs it
 * reads, which the API gives one year at a time. Trainings and training rights are read whole. The node's own
 * parameter, not a field of the API.
 */
export const EXPORT_YEARS: FieldSpec = {
	name: 'years',
	parameter: 'years',
	label: 'Years',
	kind: 'year',
	required: true,
	hint: `The years whose training credits and opt-outs to read; the FLA holds ${YEARS_HELD.join(', ')} (trainings and training rights are read whole)`,
};

/** The list of participants of a provider's training: at least one, at most this many. */
export const MAX_PARTICIPANTS = 500;

/**
 * The rules that tie fields of one record together, by parameter name (stable) so that they follow a rename on
 * the wire: an end date may not lie before its start date.
 */
export const DATE_RANGES: ReadonlyArray<{ from: string; to: string }> = [
	{ from: 'startDate', to: 'endDate' },
	{ from: 'startDateFrom', to: 'startDateTo' },
];

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

const START_DATE_FROM: FieldSpec = { name: 'startDateFrom', parameter: 'startDateFrom', label: 'Start Date From', kind: 'date' };
const START_DATE_TO: FieldSpec = { name: 'startDateTo', parameter: 'startDateTo', label: 'Start Date To', kind: 'date' };

/**
 * Query parameters of the listings (besides paging), keyed by what they filter on. A required one is sent in every
 * listing request.
 */
export const FILTERS = {
	trainings: { ssin: { ...WORKER_SSIN, required: false }, from: START_DATE_FROM, to: START_DATE_TO },
	trainingRights: { ssin: { ...WORKER_SSIN, required: false }, year: { ...YEAR, required: false } },
	trainingCredits: { year: YEAR, ssin: { ...WORKER_SSIN, required: false } },
	optOut: { ssin: { ...WORKER_SSIN, required: false } },
	providerTrainings: {
		ssin: { ...PARTICIPANT_FIELDS[0], required: false },
		from: START_DATE_FROM,
		to: START_DATE_TO,
	},
} satisfies Record<string, Record<string, FieldSpec>>;

/** The wire names of the query parameters, e.g. `QUERY.trainings.from` is `startDateFrom`. */
export const QUERY = Object.fromEntries(
	Object.entries(FILTERS).map(([listing, filters]) => [
		listing,
		Object.fromEntries(Object.entries(filters).map(([key, spec]) => [key, spec.name])),
	]),
) as { [L in keyof typeof FILTERS]: { [K in keyof (typeof FILTERS)[L]]: string } };

/** Identifier fields that the gateway assigns: the wire name, and the parameter the node asks it in. */
export const ID_FIELDS = {
	training: { name: 'trainingId', parameter: 'trainingId', label: 'Training ID', kind: 'text', simplified: true },
	trainingRight: { name: 'trainingRightId', parameter: 'trainingRightId', label: 'Training Right ID', kind: 'text', simplified: true },
	providerTraining: { name: 'trainingId', parameter: 'trainingId', label: 'Training ID', kind: 'text', simplified: true },
} satisfies Record<string, FieldSpec>;

/** The wire names of the identifiers. */
export const IDS = {
	training: ID_FIELDS.training.name,
	trainingRight: ID_FIELDS.trainingRight.name,
	providerTraining: ID_FIELDS.providerTraining.name,
} as const;

/**
 * The field in which the gateway answers when a record was registered (an ISO 8601 time, read-only). Of two records
 * registered twice already, the earlier is the one the node takes for "the registered one"; without this field (or
 * at the same instant), the lower identifier. The order of a listing says nothing: it may be newest first, or none.
 */
export const REGISTRATION_TIME = 'createdAt';

/** The fields of the narrow view behind 'Simplify', in the order shown: the identifier first. */
export const SIMPLIFIED = {
	training: [ID_FIELDS.training, ...TRAINING_FIELDS].filter((f) => f.simplified),
	trainingRight: [ID_FIELDS.trainingRight, ...TRAINING_RIGHT_FIELDS].filter((f) => f.simplified),
	providerTraining: [ID_FIELDS.providerTraining, ...PROVIDER_TRAINING_FIELDS].filter((f) => f.simplified),
} satisfies Record<string, FieldSpec[]>;

/**
 * Writes change a resource with JSON merge patch (RFC 7396): the fields sent replace the stored ones, the others
 * stay. Creation answers 201 with the stored resource; deletion answers 204.
 */
export const UPDATE_METHOD = 'PATCH' as const;

/* ----------------------------------------------------------------------------------------------------------------
 * Natural keys: when two records are "the same"
 * ------------------------------------------------------------------------------------------------------------- */

const fieldNamed = (specs: readonly FieldSpec[], name: string) => {
	const spec = specs.find((s) => s.name === name);
	if (!spec) throw new Error(`no field ${name} in the contract`);
	return spec;
};

/**
 * What makes a record already registered: the same owner (the employer, or the training provider's own account) and
 * the same values of these fields. Text is compared after normalising spaces and case (`keyOf`). `period` is the
 * field whose year picks the listing the node reads to find registered records, with `periodQuery` (for opt-outs,
 * the year's state `PATHS.optOut` is read instead). Aligning these keys with the official rules is an edit here.
 *
 * `members`: a list in the record whose members are part of the key, in any order (a provider's training: its
 * participants, by NISS). Two records with the same fields and other members are two records (two sessions of one
 * course on the same days); with some members in common and some not, neither is "the same" as the other, and the
 * node sends nothing rather than guess (shared/existing.ts).
 */
export interface NaturalKey {
	fields: readonly FieldSpec[];
	period: FieldSpec;
	periodQuery?: (year: number) => Record<string, string | number>;
	members?: { list: string; label: string; field: FieldSpec };
}

const yearOfDates = (from: string, to: string) => (year: number) => ({ [from]: `${year}-01-01`, [to]: `${year}-12-31` });

export const NATURAL_KEYS = {
	/** A training: the worker, the title and the start date. */
	training: {
		fields: [WORKER_SSIN, fieldNamed(TRAINING_FIELDS, 'title'), fieldNamed(TRAINING_FIELDS, 'startDate')],
		period: fieldNamed(TRAINING_FIELDS, 'startDate'),
		periodQuery: yearOfDates(QUERY.trainings.from, QUERY.trainings.to),
	},
	/** A training right: the worker, the year and the right type. */
	trainingRight: {
		fields: [WORKER_SSIN, YEAR, fieldNamed(TRAINING_RIGHT_FIELDS, 'rightType')],
		period: YEAR,
		periodQuery: (year: number) => ({ [QUERY.trainingRights.year]: year }),
	},
	/** An opt-out: the year, and the worker when it is for one worker. */
	optOut: { fields: OPT_OUT_FIELDS, period: YEAR },
	/** A provider's training: the title, the start date, the end date and the participants (their NISS). */
	providerTraining: {
		fields: [
			fieldNamed(PROVIDER_TRAINING_FIELDS, 'title'),
			fieldNamed(PROVIDER_TRAINING_FIELDS, 'startDate'),
			fieldNamed(PROVIDER_TRAINING_FIELDS, 'endDate'),
		],
		members: { list: 'participants', label: 'Participants', field: fieldNamed(PARTICIPANT_FIELDS, 'ssin') },
		period: fieldNamed(PROVIDER_TRAINING_FIELDS, 'startDate'),
		periodQuery: yearOfDates(QUERY.providerTrainings.from, QUERY.providerTrainings.to),
	},
} satisfies Record<string, NaturalKey>;

/** A text as the keys compare it: Unicode-normalised, spaces collapsed and trimmed, lower case. */
export const comparableText = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');

/** The key of a record (wire names), as one string: equal strings mean the same record. */
export function keyOf(key: NaturalKey, record: Record<string, unknown>): string {
	const fields = JSON.parse(groupOf(key, record)) as unknown[];
	return JSON.stringify(key.members ? [...fields, membersOf(key, record)] : fields);
}

/** The key without its members: records of one group may be the same record, or other sessions of it. */
export function groupOf(key: NaturalKey, record: Record<string, unknown>): string {
	return JSON.stringify(
		key.fields.map((spec) => {
			const value = record[spec.name];
			if (value === undefined || value === null || value === '') return null;
			return spec.kind === 'text' ? comparableText(String(value)) : String(value);
		}),
	);
}

/** The members of a record that make part of its key (its participants' NISS), sorted; none without `members`. */
export function membersOf(key: NaturalKey, record: Record<string, unknown>): string[] {
	if (!key.members) return [];
	const list = record[key.members.list];
	const name = key.members.field.name;
	return (Array.isArray(list) ? list : [])
		.map((member) => (member && typeof member === 'object' ? (member as Record<string, unknown>)[name] : undefined))
		.filter((value) => value !== undefined && value !== null && value !== '')
		.map(String)
		.sort();
}

/** The year of the record's period field (a date's year, or the year itself). */
export function periodOf(key: NaturalKey, record: Record<string, unknown>): number {
	return Number(String(record[key.period.name]).slice(0, 4));
}
