/**
 * The API contract of the CareerPro Federal Learning Account (FLA) REST channel, as far as it can be inferred.
 *
 * Everything the package knows about "how to talk to FLA" lives here: hosts, OAuth v5 endpoints, scopes per
 * quality, resource paths, field names, enumerations and the paging convention. The node builds its requests
 * from it and the sandbox serves exactly it, so the two cannot drift apart.
 *
 * The official OpenAPI file (the manual's "SWAGGER") is not public. The hosts, token endpoint and scopes come from
 * the API-channel manual (sections 6.1 to 6.3); the paths, field names and enumerations below are an inference from
 * the law and the Belgif REST guide. Aligning with the official file is an edit of this file only.
 */

/* ----------------------------------------------------------------------------------------------------------------
 * Environments, qualities, OAuth v5
 * ------------------------------------------------------------------------------------------------------------- */

export type Environment = 'production' | 'acceptance' | 'custom';
export type Quality = 'employer' | 'provider' | 'trainingProvider';

/** Gateway hosts of the social-security portal (manual 6.1 and 6.3). */
export const GATEWAY_HOSTS: Record<Exclude<Environment, 'custom'>, string> = {
	production: 'https://services.socialsecurity.be',
	acceptance: 'https://services-acpt.socialsecurity.be',
};

/** Path of the OAuth v5 token endpoint; the JWT audience is the full token URL. */
// The path of a public endpoint, not a secret.
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets
export const OAUTH_ENDPOINT_PATH = '/REST/oauth/v5/token';

/** FLA API roots under a gateway host, by quality (manual 6.2). */
export const API_ROOT_PATHS: Record<Quality, string> = {
	employer: '/REST/federalLearningAccount/v1',
	provider: '/REST/federalLearningAccount/v1',
	trainingProvider: '/REST/federalLearningAccount/trainingProvider/v1',
};

/**
 * Default scope by quality (manual 6.1). The manual leaves the training provider's scope blank: no scope is sent
 * and the gateway picks the client's default scopes.
 */
export const DEFAULT_SCOPES: Record<Quality, string | undefined> = {
	employer: 'scope:sigedis:gestion:careerpro-federal-learning-account:employer',
	provider: 'scope:sigedis:gestion:careerpro-federal-learning-account:provider',
	trainingProvider: undefined,
};

export const QUALITY_NAMES: Record<Quality, string> = {
	employer: 'Employer',
	provider: 'Mandatary (social secretariat or service provider)',
	trainingProvider: 'Training provider',
};

/** The form of a client-credentials request with a private_key_jwt client assertion (RFC 7523). */
export const TOKEN_REQUEST = {
	grantType: 'client_credentials',
	clientAssertionType: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
	/** The gateway refuses assertions that live longer than this. */
	maxAssertionLifetimeSeconds: 600,
} as const;

export function tokenUrlFor(environment: Exclude<Environment, 'custom'>): string {
	return GATEWAY_HOSTS[environment] + OAUTH_ENDPOINT_PATH;
}

export function apiRootFor(environment: Exclude<Environment, 'custom'>, quality: Quality): string {
	return GATEWAY_HOSTS[environment] + API_ROOT_PATHS[quality];
}

/**
 * An n8n expression that resolves the FLA API root of a credential: production and acceptance from the tables
 * above, `custom` from the credential's own `apiUrl`. Generated here so the URLs stay in this file.
 */
export function apiRootExpression(credentials = '$credentials'): string {
	const hosts = JSON.stringify(GATEWAY_HOSTS);
	const roots = JSON.stringify(API_ROOT_PATHS);
	return (
		`={{ ${credentials}.environment === 'custom' ` +
		`? String(${credentials}.apiUrl || '').trim().replace(/\\/+$/, '') ` +
		`: ${hosts}[${credentials}.environment] + ${roots}[${credentials}.quality] }}`
	);
}

/* ----------------------------------------------------------------------------------------------------------------
 * Conventions of the gateway (Belgif REST guide)
 * ------------------------------------------------------------------------------------------------------------- */

export const MEDIA_TYPES = {
	json: 'application/json',
	problem: 'application/problem+json',
	mergePatch: 'application/merge-patch+json',
} as const;

/** Problem types (RFC 9457 `type`) the gateway answers with. */
export const PROBLEM_TYPES = {
	badRequest: 'urn:problem-type:belgif:badRequest',
	noAccessToken: 'urn:problem-type:belgif:noAccessToken',
	invalidAccessToken: 'urn:problem-type:belgif:invalidAccessToken',
	expiredAccessToken: 'urn:problem-type:belgif:expiredAccessToken',
	missingScope: 'urn:problem-type:belgif:missingScope',
	missingPermission: 'urn:problem-type:belgif:missingPermission',
	resourceNotFound: 'urn:problem-type:belgif:resourceNotFound',
	payloadTooLarge: 'urn:problem-type:belgif:payloadTooLarge',
	tooManyRequests: 'urn:problem-type:belgif:tooManyRequests',
	internalServerError: 'urn:problem-type:belgif:internalServerError',
	serviceUnavailable: 'urn:problem-type:belgif:serviceUnavailable',
	/** 409: the record (or a record with the same key: worker, year, type...) already exists. Not in the manual. */
	duplicate: 'urn:problem-type:sigedis:fla:duplicate',
} as const;

/**
 * Issue types inside a badRequest's `issues[]`, from Belgif's problem-type list: a value of the wrong type, form or
 * list (schemaViolation), a well-formed value that is not acceptable, such as wrong check digits (invalidInput), a
 * property or parameter that does not exist (unknownInput), and belgif-ext's period check (an end before its start).
 */
export const ISSUE_TYPES = {
	schemaViolation: 'urn:problem-type:belgif:input-validation:schemaViolation',
	invalidInput: 'urn:problem-type:belgif:input-validation:invalidInput',
	unknownInput: 'urn:problem-type:belgif:input-validation:unknownInput',
	invalidPeriod: 'urn:problem-type:belgif-ext:input-validation:invalidPeriod',
	duplicate: PROBLEM_TYPES.duplicate,
} as const;

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
	status: () => '/status',
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
