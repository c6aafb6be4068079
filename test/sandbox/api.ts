/**
 * The FLA REST API under its two roots (employers and mandataries; training providers), built from the sandbox's own
 * statement of the API (`statement.ts`: routes, fields, keys), not from the node's contract, and checked by the
 * sandbox's own `checks.ts` (not the node's validation), so that the sandbox can catch the node's mistakes.
 *
 * Order of the checks on every request (as a gateway in front of the service does them):
 * 1. bearer token present (401 noAccessToken), known (401 invalidAccessToken), unexpired (401 expiredAccessToken);
 * 2. scope of the root (403 missingScope with requiredScopes);
 * 3. route known (404 resourceNotFound) and method allowed (405);
 * 4. path parameters well formed (400 badRequest, issues `in: 'path'`);
 * 5. the employer in the path is the client's own, or one it holds a mandate for (403 missingPermission);
 * 6. query parameters (400, `in: 'query'`), then the body (415, 400 `in: 'body'`), then the resource (404, 409).
 */
import type { IncomingHttpHeaders } from 'node:http';

import { API_ROOT_PATHS, DEFAULT_SCOPES, ISSUE_TYPES, MEDIA_TYPES, PROBLEM_TYPES } from '../../credentials/gateway';
import { checkRecord, checkValue, type Origin, type ProblemKind } from './checks';
import {
	HttpError,
	badRequest,
	json,
	mediaType,
	noContent,
	notFound,
	problem,
	type Issue,
	type IssueLocation,
	type Reply,
} from './http';
import { scopeOf, type AccessToken, type OAuthServer } from './oauth';
import {
	present,
	type Fields,
	type Participant,
	type Store,
	type StoredProviderTraining,
	type StoredTraining,
	type StoredTrainingRight,
} from './store';
import {
	FILTERS,
	IDS,
	keyOf,
	MAX_PARTICIPANTS,
	NATURAL_KEYS,
	OPT_OUT_FIELDS,
	PAGING,
	PARTICIPANT_FIELDS,
	PATH_PARAMETERS,
	PATHS,
	PROVIDER_TRAINING_FIELDS,
	QUERY,
	ROUTES,
	TRAINING_FIELDS,
	TRAINING_RIGHT_FIELDS,
	type FieldKind,
	type FieldSpec,
} from './statement';

type Root = 'employer' | 'trainingProvider';
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiRequest {
	method: string;
	/** The path from the origin, e.g. `/REST/federalLearningAccount/v1/employers/0202239951/trainings`. */
	pathname: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

interface Context {
	req: ApiRequest;
	root: Root;
	rootPath: string;
	params: Record<string, string>;
	query: Record<string, unknown>;
	token: AccessToken;
}

type Handler = (ctx: Context) => Reply;

interface RouteDef {
	name: string;
	root: Root;
	/** The path below the root with `{param}` placeholders (ROUTES of the statement). */
	template: string;
	pattern: RegExp;
	methods: Partial<Record<Method, { handler: Handler; query?: QuerySpec }>>;
}

interface QuerySpec {
	fields: FieldSpec[];
	required?: string[];
	paged?: boolean;
	/** [from, to] names of a date range whose end may not be before its start. */
	range?: [string, string];
}

/* ----------------------------------------------------------------------------------------------------------------
 * Issues from the statement's field specs
 * ------------------------------------------------------------------------------------------------------------- */

/** Titles as Belgif's problem-type list gives them. */
const ISSUE_TITLES: Record<string, string> = {
	[ISSUE_TYPES.schemaViolation]: 'Input value is invalid with respect to the schema',
	[ISSUE_TYPES.invalidInput]: 'Invalid input',
	[ISSUE_TYPES.invalidPeriod]: 'Period is invalid',
	[ISSUE_TYPES.unknownInput]: 'Unknown input',
	[ISSUE_TYPES.duplicate]: 'Duplicate',
};

const KIND_ISSUES: Record<ProblemKind, string> = {
	schema: ISSUE_TYPES.schemaViolation,
	invalid: ISSUE_TYPES.invalidInput,
	period: ISSUE_TYPES.invalidPeriod,
};

function issue(type: string, where: IssueLocation, detail: string, name?: string, value?: unknown): Issue {
	const out: Issue = { type, title: ISSUE_TITLES[type] ?? 'Invalid input', detail, in: where };
	if (name !== undefined && name !== '') out.name = name;
	if (value !== undefined) out.value = value;
	return out;
}

function sentence(label: string, message: string): string {
	return /^(is|contains|has|must)\b/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/** Fields the gateway sets: sending them is refused like any unknown property. */
const READ_ONLY = [IDS.training, IDS.trainingRight, 'createdAt', 'updatedAt'];

/**
 * The strict check of a record (what the gateway enforces), as Belgif issues: one per bad field, named with
 * `prefix` (e.g. `participants[2].`); an end before its start is belgif-ext's `invalidPeriod`.
 */
function recordIssues(
	specs: readonly FieldSpec[],
	body: unknown,
	partial: boolean,
	prefix = '',
	ignore: string[] = [],
	origin: Origin = 'api',
): Issue[] {
	const { problems, unknown } = checkRecord(specs, body, partial, origin);
	const record = (body && typeof body === 'object' ? body : {}) as Fields;
	const issues: Issue[] = [];
	const named = new Set<string>();
	for (const p of problems) {
		// checkRecord also compares dates that are themselves wrong: one issue per field is enough.
		if (named.has(p.field)) continue;
		named.add(p.field);
		const spec = specs.find((s) => s.name === p.field);
		const value = record[p.field];
		if (!spec) {
			issues.push(issue(ISSUE_TYPES.schemaViolation, 'body', `${prefix.replace(/\.$/, '') || 'The body'} ${p.message}`, prefix.replace(/\.$/, ''), body));
		} else {
			const shownValue = value === undefined || value === null ? undefined : value;
			issues.push(issue(KIND_ISSUES[p.kind], 'body', sentence(spec.label, p.message), prefix + p.field, shownValue));
		}
	}
	for (const key of unknown) {
		if (ignore.includes(key)) continue;
		const detail = READ_ONLY.includes(key)
			? `${key} is set by the gateway and cannot be sent`
			: `${key} is not a property of this resource`;
		issues.push(issue(ISSUE_TYPES.unknownInput, 'body', detail, prefix + key, record[key]));
	}
	return issues;
}

function participantIssues(value: unknown, required: boolean): Issue[] {
	if (value === undefined || value === null) {
		return required ? [issue(ISSUE_TYPES.schemaViolation, 'body', 'Participants is required', 'participants')] : [];
	}
	if (!Array.isArray(value)) {
		return [issue(ISSUE_TYPES.schemaViolation, 'body', 'Participants must be a list', 'participants', value)];
	}
	if (value.length < 1 || value.length > MAX_PARTICIPANTS) {
		return [
			issue(
				ISSUE_TYPES.schemaViolation,
				'body',
				`Participants must hold 1 to ${MAX_PARTICIPANTS} participants, not ${value.length}`,
				'participants',
			),
		];
	}
	const issues: Issue[] = [];
	const seen = new Map<unknown, number>();
	value.forEach((participant, i) => {
		issues.push(...recordIssues(PARTICIPANT_FIELDS, participant, false, `participants[${i}].`));
		const ssin = (participant as Fields | null)?.ssin;
		if (typeof ssin === 'string' && seen.has(ssin)) {
			issues.push(
				issue(
					ISSUE_TYPES.duplicate,
					'body',
					`Participant NISS/INSZ ${ssin} is already participants[${seen.get(ssin)}]`,
					`participants[${i}].ssin`,
					ssin,
				),
			);
		} else if (typeof ssin === 'string') {
			seen.set(ssin, i);
		}
	});
	return issues;
}

/** Only the statement's fields of a checked body (plus participants for providers' trainings). */
function fieldsOf(specs: readonly FieldSpec[], body: Fields): Fields {
	const out: Fields = {};
	for (const spec of specs) if (body[spec.name] !== undefined && body[spec.name] !== null) out[spec.name] = body[spec.name];
	return out;
}

/* ----------------------------------------------------------------------------------------------------------------
 * Bodies and query strings
 * ------------------------------------------------------------------------------------------------------------- */

function readJson(ctx: Context, patch: boolean): unknown {
	const { req } = ctx;
	const type = mediaType(req.headers['content-type']);
	const accepted: string[] = patch ? [MEDIA_TYPES.mergePatch, MEDIA_TYPES.json] : [MEDIA_TYPES.json];
	if (!accepted.includes(type)) {
		throw new HttpError(
			problem(
				415,
				'about:blank',
				'Unsupported Media Type',
				`The body must be ${accepted.join(' or ')}, not ${type ? JSON.stringify(type) : 'without a Content-Type'}`,
			),
		);
	}
	const text = req.body.toString('utf8');
	if (!text.trim()) throw badRequest([issue(ISSUE_TYPES.schemaViolation, 'body', 'The body is required')]);
	try {
		return JSON.parse(text);
	} catch (error) {
		throw badRequest([issue(ISSUE_TYPES.schemaViolation, 'body', `The body is not valid JSON (${(error as Error).message})`)]);
	}
}

function requireObject(body: unknown): Fields {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		throw badRequest([issue(ISSUE_TYPES.schemaViolation, 'body', 'The body must be a JSON object', undefined, body)]);
	}
	return body as Fields;
}

const asNumberIfDigits = (kind: FieldKind, raw: string): unknown =>
	(kind === 'year' || kind === 'hours' || kind === 'amount') && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;

/** Checks the query string against the route's spec; returns the typed values (offset/limit included). */
function readQuery(query: URLSearchParams, spec: QuerySpec | undefined): Record<string, unknown> {
	const issues: Issue[] = [];
	const values: Record<string, unknown> = {};
	const fields = spec?.fields ?? [];
	const seen = new Set<string>();
	for (const [name, raw] of query) {
		if (seen.has(name)) {
			issues.push(issue(ISSUE_TYPES.schemaViolation, 'query', `${name} is given more than once`, name, raw));
			continue;
		}
		seen.add(name);
		const field = fields.find((f) => f.name === name);
		if (field) {
			const value = asNumberIfDigits(field.kind, raw);
			const verdict = checkValue(field, value);
			if (verdict) issues.push(issue(KIND_ISSUES[verdict.kind], 'query', sentence(field.label, verdict.message), name, raw));
			else values[name] = value;
		} else if (spec?.paged && name === PAGING.offsetParameter) {
			if (/^\d{1,9}$/.test(raw)) values[name] = Number(raw);
			else issues.push(issue(ISSUE_TYPES.schemaViolation, 'query', `${name} must be an integer of 0 or more`, name, raw));
		} else if (spec?.paged && name === PAGING.limitParameter) {
			const limit = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
			if (limit >= 1 && limit <= PAGING.maxPageSize) values[name] = limit;
			else issues.push(issue(ISSUE_TYPES.schemaViolation, 'query', `${name} must be an integer from 1 to ${PAGING.maxPageSize}`, name, raw));
		} else {
			issues.push(issue(ISSUE_TYPES.unknownInput, 'query', `${name} is not a query parameter of this resource`, name, raw));
		}
	}
	for (const name of spec?.required ?? []) {
		if (!seen.has(name)) {
			const label = fields.find((f) => f.name === name)?.label ?? name;
			issues.push(issue(ISSUE_TYPES.schemaViolation, 'query', `${label} is required`, name));
		}
	}
	if (spec?.range) {
		const [from, to] = spec.range;
		if (typeof values[from] === 'string' && typeof values[to] === 'string' && (values[to] as string) < (values[from] as string)) {
			issues.push(issue(ISSUE_TYPES.invalidPeriod, 'query', `${to} ${String(values[to])} is before ${from} ${String(values[from])}`, to, values[to]));
		}
	}
	if (issues.length) throw badRequest(issues);
	return values;
}

/** One page of a listing in the statement's form; `next` is the path and query of the next page. */
function page<T>(ctx: Context, all: T[]): Reply {
	const offset = (ctx.query[PAGING.offsetParameter] as number | undefined) ?? 0;
	const limit = (ctx.query[PAGING.limitParameter] as number | undefined) ?? PAGING.defaultPageSize;
	const body: Record<string, unknown> = {
		[PAGING.itemsProperty]: all.slice(offset, offset + limit),
		[PAGING.totalProperty]: all.length,
		offset,
		limit,
	};
	if (offset + limit < all.length) {
		const next = new URLSearchParams(ctx.req.query);
		next.set(PAGING.offsetParameter, String(offset + limit));
		next.set(PAGING.limitParameter, String(limit));
		body[PAGING.nextProperty] = `${ctx.req.pathname}?${next.toString()}`;
	}
	return json(200, body);
}

/* ----------------------------------------------------------------------------------------------------------------
 * Routes, from the statement's ROUTES
 * ------------------------------------------------------------------------------------------------------------- */

/** A route of the statement (`/employers/{enterpriseNumber}/trainings`) as a pattern with named groups. */
function compile(name: string, root: Root, template: string, methods: RouteDef['methods']): RouteDef {
	const source = template
		.split(/(\{\w+\})/)
		.map((part) => (/^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return { name, root, template, pattern: new RegExp(`^${source}$`), methods };
}

const labelOf = (specs: readonly FieldSpec[], name: string) => specs.find((s) => s.name === name)?.label ?? name;
/** The query of a listing, from the statement's filters: a required filter must be given. */
const query = (filters: Record<string, FieldSpec>, more: Partial<QuerySpec> = {}): QuerySpec => ({
	fields: Object.values(filters),
	required: Object.values(filters).filter((f) => f.required).map((f) => f.name),
	...more,
});

const TRAININGS_QUERY = query(FILTERS.trainings, { paged: true, range: [QUERY.trainings.from, QUERY.trainings.to] });
const RIGHTS_QUERY = query(FILTERS.trainingRights, { paged: true });
const CREDITS_QUERY = query(FILTERS.trainingCredits, { paged: true });
const OPT_OUT_QUERY = query(FILTERS.optOut);
const PROVIDER_TRAININGS_QUERY = query(FILTERS.providerTrainings, {
	paged: true,
	range: [QUERY.providerTrainings.from, QUERY.providerTrainings.to],
});

/** The scopes that open each root. */
export const ROOT_SCOPES: Record<Root, string[]> = {
	employer: [DEFAULT_SCOPES.employer as string, DEFAULT_SCOPES.provider as string],
	trainingProvider: [scopeOf('trainingProvider')],
};

const now = () => new Date().toISOString();
const byId = (idName: string) => (a: Fields, b: Fields) => String(a[idName]).localeCompare(String(b[idName]));

/** The orders a listing can come in (the knob `listingOrder`). */
export const LISTING_ORDERS = ['registration', 'newestFirst', 'scrambled'] as const;
export type ListingOrder = (typeof LISTING_ORDERS)[number];

/** The statuses each opt-out answer can have (the knob `optOutAnswers`). */
export const OPT_OUT_STATUSES = { create: [201, 200, 204], delete: [204, 200], notOptedOut: [200, 204, 404] } as const;
export type OptOutAnswers = { [K in keyof typeof OPT_OUT_STATUSES]: (typeof OPT_OUT_STATUSES)[K][number] };

/** The knobs that change what the API answers (the others act around it, in server.ts). */
export interface ApiKnobs {
	/** What a create of a training already registered does: store it again, or 409. */
	duplicateCreates: 'store' | 'conflict';
	listingOrder: ListingOrder;
	optOutAnswers: OptOutAnswers;
}

/** A number from an id that has nothing to do with the order of registration (FNV-1a), the same every time. */
function scrambled(id: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
	return hash;
}

export class FlaApi {
	private readonly routes: RouteDef[];

	constructor(
		private readonly store: Store,
		private readonly oauth: OAuthServer,
		/** The knobs that change the API's answers, read at each request. */
		private readonly knobs: () => ApiKnobs = () => ({
			duplicateCreates: 'store',
			listingOrder: 'registration',
			optOutAnswers: { create: 201, delete: 204, notOptedOut: 200 },
		}),
	) {
		this.routes = [
			compile('status', 'employer', ROUTES.status, { GET: { handler: () => json(200, { status: 'up' }) } }),
			compile('trainings', 'employer', ROUTES.trainings, {
				GET: { handler: (c) => this.listTrainings(c), query: TRAININGS_QUERY },
				POST: { handler: (c) => this.createTraining(c) },
			}),
			compile('training', 'employer', ROUTES.training, {
				GET: { handler: (c) => json(200, this.presentTraining(this.training(c))) },
				PATCH: { handler: (c) => this.updateTraining(c) },
				DELETE: { handler: (c) => this.deleteTraining(c) },
			}),
			compile('trainingRights', 'employer', ROUTES.trainingRights, {
				GET: { handler: (c) => this.listRights(c), query: RIGHTS_QUERY },
				POST: { handler: (c) => this.createRight(c) },
			}),
			compile('trainingRight', 'employer', ROUTES.trainingRight, {
				GET: { handler: (c) => json(200, this.presentRight(this.right(c))) },
				PATCH: { handler: (c) => this.updateRight(c) },
				DELETE: { handler: (c) => this.deleteRight(c) },
			}),
			compile('trainingCredits', 'employer', ROUTES.trainingCredits, {
				GET: { handler: (c) => this.listCredits(c), query: CREDITS_QUERY },
			}),
			compile('trainingCredit', 'employer', ROUTES.trainingCredit, {
				GET: { handler: (c) => this.getCredit(c) },
			}),
			compile('optOuts', 'employer', ROUTES.optOuts, { POST: { handler: (c) => this.createOptOut(c) } }),
			compile('optOut', 'employer', ROUTES.optOut, {
				GET: { handler: (c) => this.getOptOut(c) },
				DELETE: { handler: (c) => this.deleteOptOut(c), query: OPT_OUT_QUERY },
			}),
			compile('status', 'trainingProvider', ROUTES.status, { GET: { handler: () => json(200, { status: 'up' }) } }),
			compile('providerTrainings', 'trainingProvider', ROUTES.providerTrainings, {
				GET: { handler: (c) => this.listProviderTrainings(c), query: PROVIDER_TRAININGS_QUERY },
				POST: { handler: (c) => this.createProviderTraining(c) },
			}),
			compile('providerTraining', 'trainingProvider', ROUTES.providerTraining, {
				GET: { handler: (c) => json(200, this.presentProviderTraining(this.providerTraining(c))) },
				PATCH: { handler: (c) => this.updateProviderTraining(c) },
				DELETE: { handler: (c) => this.deleteProviderTraining(c) },
			}),
		];
	}

	/** How a listing is sorted (the knob `listingOrder`): by registration (the ids are given in that order) or not. */
	private order(idName: string): (a: Fields, b: Fields) => number {
		const registration = byId(idName);
		switch (this.knobs().listingOrder) {
			case 'newestFirst':
				return (a, b) => registration(b, a);
			case 'scrambled':
				return (a, b) => scrambled(String(a[idName])) - scrambled(String(b[idName])) || registration(a, b);
			default:
				return registration;
		}
	}

	/** Whether a path is under one of the API roots. */
	rootOf(pathname: string): Root | undefined {
		if (pathname === API_ROOT_PATHS.employer || pathname.startsWith(API_ROOT_PATHS.employer + '/')) return 'employer';
		if (pathname === API_ROOT_PATHS.trainingProvider || pathname.startsWith(API_ROOT_PATHS.trainingProvider + '/')) {
			return 'trainingProvider';
		}
		return undefined;
	}

	private match(pathname: string): { root: Root; route?: RouteDef; groups?: Record<string, string> } | undefined {
		const root = this.rootOf(pathname);
		if (!root) return undefined;
		const rest = pathname.slice(API_ROOT_PATHS[root].length);
		for (const route of this.routes) {
			if (route.root !== root) continue;
			const m = route.pattern.exec(rest);
			if (m) return { root, route, groups: { ...(m.groups ?? {}) } };
		}
		return { root };
	}

	/** The employer a path is about (its enterprise number as written in the path), if any. */
	enterpriseOf(pathname: string): string | undefined {
		const encoded = this.match(pathname)?.groups?.enterpriseNumber;
		if (encoded === undefined) return undefined;
		try {
			return decodeURIComponent(encoded);
		} catch {
			return encoded;
		}
	}

	/** The route template of a path, for the counters: `METHOD /REST/.../employers/{enterpriseNumber}/trainings`. */
	routeName(method: string, pathname: string): string {
		const found = this.match(pathname);
		if (!found) return `${method} (unknown)`;
		if (!found.route) return `${method} ${API_ROOT_PATHS[found.root]}/(unknown)`;
		return `${method} ${API_ROOT_PATHS[found.root]}${found.route.template}`;
	}

	/** Answers one API request; `clientId` is the caller when its token was valid. */
	handle(req: ApiRequest): { reply: Reply; clientId?: string } {
		let clientId: string | undefined;
		try {
			const found = this.match(req.pathname);
			if (!found) throw notFound(`No resource at ${req.pathname}`);
			const token = this.authenticate(req);
			clientId = token.clientId;
			const required = ROOT_SCOPES[found.root];
			if (!token.scopes.some((scope) => required.includes(scope))) {
				throw new HttpError(
					problem(
						403,
						PROBLEM_TYPES.missingScope,
						'Missing Scope',
						`The access token of ${token.clientId} (quality ${token.quality}) holds ${token.scopes.join(' ')}; ` +
							`${API_ROOT_PATHS[found.root]} requires one of the required scopes`,
						{ requiredScopes: required },
					),
				);
			}
			const { route } = found;
			if (!route) throw notFound(`No resource at ${req.pathname}`);
			const operation = route.methods[req.method as Method];
			if (!operation) {
				const allow = Object.keys(route.methods).join(', ');
				throw new HttpError(
					problem(405, 'about:blank', 'Method Not Allowed', `${req.method} is not allowed here; use ${allow}`, {}, { Allow: allow }),
				);
			}
			const params = this.pathParameters(found.groups ?? {});
			if (params.enterpriseNumber !== undefined) this.authorize(token, params.enterpriseNumber);
			const ctx: Context = {
				req,
				root: found.root,
				rootPath: API_ROOT_PATHS[found.root],
				params,
				query: readQuery(req.query, operation.query),
				token,
			};
			return { reply: operation.handler(ctx), clientId };
		} catch (error) {
			if (error instanceof HttpError) return { reply: error.reply, clientId };
			return {
				reply: problem(500, PROBLEM_TYPES.internalServerError, 'Internal Server Error', `The sandbox failed: ${(error as Error).message}`),
				clientId,
			};
		}
	}

	private authenticate(req: ApiRequest): AccessToken {
		const header = req.headers.authorization;
		const realm = 'Bearer realm="socialsecurity.be"';
		const unauthorized = (type: string, title: string, detail: string, error?: string) =>
			new HttpError(
				problem(401, type, title, detail, {}, {
					'WWW-Authenticate': error ? `${realm}, error="${error}", error_description="${detail}"` : realm,
				}),
			);
		const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
		if (!header || !/^Bearer\b/i.test(header) || !m) {
			throw unauthorized(PROBLEM_TYPES.noAccessToken, 'No Access Token', 'No Bearer access token found in the Authorization header');
		}
		const token = this.oauth.tokens.get(m[1]);
		if (!token || !this.oauth.client(token.clientId)) {
			throw unauthorized(PROBLEM_TYPES.invalidAccessToken, 'Invalid Access Token', 'The access token is invalid', 'invalid_token');
		}
		if (token.expiresAt <= Date.now()) {
			throw unauthorized(PROBLEM_TYPES.expiredAccessToken, 'Expired Access Token', 'The access token has expired', 'invalid_token');
		}
		return token;
	}

	private pathParameters(groups: Record<string, string>): Record<string, string> {
		const params: Record<string, string> = {};
		const issues: Issue[] = [];
		for (const [name, encoded] of Object.entries(groups)) {
			let value: string;
			try {
				value = decodeURIComponent(encoded);
			} catch {
				issues.push(issue(ISSUE_TYPES.schemaViolation, 'path', `${name} is not correctly percent-encoded`, name, encoded));
				continue;
			}
			const spec = PATH_PARAMETERS[name];
			const verdict = spec ? checkValue(spec, asNumberIfDigits(spec.kind, value)) : undefined;
			if (spec && verdict) {
				issues.push(issue(KIND_ISSUES[verdict.kind], 'path', sentence(spec.label, verdict.message), name, value));
			}
			params[name] = value;
		}
		if (issues.length) throw badRequest(issues);
		return params;
	}

	/** An employer reaches its own number only; a mandatary only the employers that gave it a mandate. */
	private authorize(token: AccessToken, enterpriseNumber: string): void {
		const client = this.oauth.client(token.clientId);
		if (!client) return;
		if (client.quality === 'employer' && enterpriseNumber === client.enterpriseNumber) return;
		if (client.quality === 'provider' && client.mandates.includes(enterpriseNumber)) return;
		const detail =
			client.quality === 'provider'
				? `The client ${client.clientId} holds no active Federal Learning Account mandate for enterprise ${enterpriseNumber}`
				: `The client ${client.clientId} acts for enterprise ${client.enterpriseNumber} and has no access to enterprise ${enterpriseNumber}`;
		throw new HttpError(problem(403, PROBLEM_TYPES.missingPermission, 'Missing Permission', detail));
	}

	/* --------------------------------------------------------------------------------------------------------
	 * Employers' trainings
	 * ----------------------------------------------------------------------------------------------------- */

	private presentTraining(stored: StoredTraining): Fields {
		return present(stored, TRAINING_FIELDS, IDS.training);
	}

	private training(ctx: Context): StoredTraining {
		const id = ctx.params.trainingId;
		const stored = this.store.trainings.get(id);
		if (!stored || stored.enterpriseNumber !== ctx.params.enterpriseNumber) {
			throw notFound(`No training ${id} for enterprise ${ctx.params.enterpriseNumber}`);
		}
		return stored;
	}

	private listTrainings(ctx: Context): Reply {
		const { enterpriseNumber } = ctx.params;
		const { ssin, from, to } = QUERY.trainings;
		const all = [...this.store.trainings.of(enterpriseNumber)]
			.filter((t) => ctx.query[ssin] === undefined || t.ssin === ctx.query[ssin])
			.filter((t) => ctx.query[from] === undefined || (t.startDate as string) >= (ctx.query[from] as string))
			.filter((t) => ctx.query[to] === undefined || (t.startDate as string) <= (ctx.query[to] as string))
			.sort(this.order(IDS.training));
		return page(ctx, all.map((t) => this.presentTraining(t)));
	}

	private createTraining(ctx: Context): Reply {
		const body = requireObject(readJson(ctx, false));
		const issues = recordIssues(TRAINING_FIELDS, body, false);
		if (issues.length) throw badRequest(issues);
		const { enterpriseNumber } = ctx.params;
		this.refuseDuplicate(
			'training',
			[...this.store.trainings.values()].filter((t) => t.enterpriseNumber === enterpriseNumber),
			body,
			TRAINING_FIELDS,
		);
		const stamp = now();
		const trainingId = this.store.nextId('training');
		const stored: StoredTraining = {
			enterpriseNumber,
			trainingId,
			...fieldsOf(TRAINING_FIELDS, body),
			createdAt: stamp,
			updatedAt: stamp,
		};
		this.store.trainings.set(trainingId, stored);
		return json(201, this.presentTraining(stored), {
			Location: ctx.rootPath + PATHS.training(enterpriseNumber, trainingId),
		});
	}

	/**
	 * With the knob `duplicateCreates: 'conflict'`: 409 when the owner already holds a record with the same natural
	 * key, naming its id (the lowest, if several). With `store` (the default), the create goes through.
	 */
	private refuseDuplicate(kind: 'training' | 'providerTraining', owned: Fields[], body: Fields, specs: readonly FieldSpec[]): void {
		if (this.knobs().duplicateCreates !== 'conflict') return;
		const key = NATURAL_KEYS[kind];
		const wanted = keyOf(key, body);
		const twin = owned.filter((t) => keyOf(key, t) === wanted).sort(byId(IDS[kind]))[0];
		if (!twin) return;
		const id = String(twin[IDS[kind]]);
		throw new HttpError(
			problem(409, PROBLEM_TYPES.duplicate, 'Duplicate', `A training with the same ${key.fields.map((f) => f.label).join(', ')} already exists (${id})`, {
				[IDS[kind]]: id,
				issues: key.fields.map((f) =>
					issue(ISSUE_TYPES.duplicate, 'body', `${labelOf(specs, f.name)} is part of an existing training's key`, f.name, body[f.name]),
				),
			}),
		);
	}

	private updateTraining(ctx: Context): Reply {
		const stored = this.training(ctx);
		const merged = mergePatch(TRAINING_FIELDS, stored, readJson(ctx, true));
		replaceFields(TRAINING_FIELDS, stored, merged);
		return json(200, this.presentTraining(stored));
	}

	private deleteTraining(ctx: Context): Reply {
		const stored = this.training(ctx);
		this.store.trainings.delete(stored.trainingId);
		return noContent();
	}

	/* --------------------------------------------------------------------------------------------------------
	 * Training rights
	 * ----------------------------------------------------------------------------------------------------- */

	private presentRight(stored: StoredTrainingRight): Fields {
		return present(stored, TRAINING_RIGHT_FIELDS, IDS.trainingRight);
	}

	private right(ctx: Context): StoredTrainingRight {
		const id = ctx.params.trainingRightId;
		const stored = this.store.trainingRights.get(id);
		if (!stored || stored.enterpriseNumber !== ctx.params.enterpriseNumber) {
			throw notFound(`No training right ${id} for enterprise ${ctx.params.enterpriseNumber}`);
		}
		return stored;
	}

	private listRights(ctx: Context): Reply {
		const { enterpriseNumber } = ctx.params;
		const { ssin, year } = QUERY.trainingRights;
		const all = [...this.store.trainingRights.of(enterpriseNumber)]
			.filter((r) => ctx.query[ssin] === undefined || r.ssin === ctx.query[ssin])
			.filter((r) => ctx.query[year] === undefined || r.year === ctx.query[year])
			.sort(this.order(IDS.trainingRight));
		return page(ctx, all.map((r) => this.presentRight(r)));
	}

	/** 409 when the employer already holds a right of that type for that worker and year. */
	private refuseDuplicateRight(enterpriseNumber: string, record: Fields, except?: string): void {
		const twin = this.store.findRight(enterpriseNumber, record.ssin, record.year, record.rightType, except);
		if (!twin) return;
		const detail = `A ${String(record.rightType)} training right for worker ${String(record.ssin)} in ${String(record.year)} already exists (${twin.trainingRightId})`;
		throw new HttpError(
			problem(409, PROBLEM_TYPES.duplicate, 'Duplicate', detail, {
				[IDS.trainingRight]: twin.trainingRightId,
				issues: ['ssin', 'year', 'rightType'].map((name) =>
					issue(ISSUE_TYPES.duplicate, 'body', `${labelOf(TRAINING_RIGHT_FIELDS, name)} is part of an existing right's key`, name, record[name]),
				),
			}),
		);
	}

	private createRight(ctx: Context): Reply {
		const body = requireObject(readJson(ctx, false));
		const issues = recordIssues(TRAINING_RIGHT_FIELDS, body, false);
		if (issues.length) throw badRequest(issues);
		const { enterpriseNumber } = ctx.params;
		this.refuseDuplicateRight(enterpriseNumber, body);
		const stamp = now();
		const trainingRightId = this.store.nextId('trainingRight');
		const stored: StoredTrainingRight = {
			enterpriseNumber,
			trainingRightId,
			...fieldsOf(TRAINING_RIGHT_FIELDS, body),
			createdAt: stamp,
			updatedAt: stamp,
		};
		this.store.trainingRights.set(trainingRightId, stored);
		return json(201, this.presentRight(stored), {
			Location: ctx.rootPath + PATHS.trainingRight(enterpriseNumber, trainingRightId),
		});
	}

	private updateRight(ctx: Context): Reply {
		const stored = this.right(ctx);
		const merged = mergePatch(TRAINING_RIGHT_FIELDS, stored, readJson(ctx, true));
		this.refuseDuplicateRight(stored.enterpriseNumber, merged, stored.trainingRightId);
		replaceFields(TRAINING_RIGHT_FIELDS, stored, merged);
		return json(200, this.presentRight(stored));
	}

	private deleteRight(ctx: Context): Reply {
		const stored = this.right(ctx);
		this.store.trainingRights.delete(stored.trainingRightId);
		return noContent();
	}

	/* --------------------------------------------------------------------------------------------------------
	 * Training credits (computed) and opt-outs of the automatic calculation
	 * ----------------------------------------------------------------------------------------------------- */

	private getCredit(ctx: Context): Reply {
		const { enterpriseNumber, ssin } = ctx.params;
		const year = Number(ctx.params.year);
		const credit = this.store.credit(enterpriseNumber, ssin, year);
		if (!credit) throw notFound(`Worker ${ssin} has neither a training right nor a training in ${year} at enterprise ${enterpriseNumber}`);
		return json(200, credit);
	}

	private listCredits(ctx: Context): Reply {
		const { enterpriseNumber } = ctx.params;
		const year = ctx.query[QUERY.trainingCredits.year] as number;
		const ssin = ctx.query[QUERY.trainingCredits.ssin];
		const workers = this.store.workersOf(enterpriseNumber, year).filter((w) => ssin === undefined || w === ssin);
		return page(ctx, workers.map((w) => this.store.credit(enterpriseNumber, w, year)));
	}

	private optOutState(enterpriseNumber: string, year: number) {
		const ofYear = this.store.optOutsOf(enterpriseNumber, year);
		return {
			year,
			companyWide: ofYear.some((o) => o.ssin === undefined),
			workers: ofYear.filter((o) => o.ssin !== undefined).map((o) => o.ssin as string).sort(),
		};
	}

	/** The year's state; a year with nothing opted out as the knob `optOutAnswers.notOptedOut` says. */
	private getOptOut(ctx: Context): Reply {
		const { enterpriseNumber } = ctx.params;
		const year = Number(ctx.params.year);
		const state = this.optOutState(enterpriseNumber, year);
		if (state.companyWide || state.workers.length) return json(200, state);
		const status = this.knobs().optOutAnswers.notOptedOut;
		if (status === 404) throw notFound(`No opt-out of ${year} at enterprise ${enterpriseNumber}`);
		return status === 204 ? noContent() : json(200, state);
	}

	private createOptOut(ctx: Context): Reply {
		const body = requireObject(readJson(ctx, false));
		const issues = recordIssues(OPT_OUT_FIELDS, body, false);
		if (issues.length) throw badRequest(issues);
		const { enterpriseNumber } = ctx.params;
		const year = body.year as number;
		const ssin = (body.ssin ?? undefined) as string | undefined;
		const exists = this.store.optOutsOf(enterpriseNumber, year).some((o) => o.ssin === ssin);
		if (exists) {
			const what = ssin ? `worker ${ssin}` : 'the whole company';
			const detail = `The automatic calculation of ${year} is already opted out for ${what}`;
			throw new HttpError(
				problem(409, PROBLEM_TYPES.duplicate, 'Duplicate', detail, {
					issues: [issue(ISSUE_TYPES.duplicate, 'body', detail, ssin ? 'ssin' : 'year', ssin ?? year)],
				}),
			);
		}
		const optOut: { enterpriseNumber: string; year: number; ssin?: string; createdAt: string } = { enterpriseNumber, year, createdAt: now() };
		if (ssin) optOut.ssin = ssin;
		this.store.optOuts.push(optOut);
		const location = { Location: ctx.rootPath + PATHS.optOut(enterpriseNumber, year) };
		const status = this.knobs().optOutAnswers.create;
		if (status === 204) return { ...noContent(), headers: location };
		return json(status, this.optOutState(enterpriseNumber, year), location);
	}

	private deleteOptOut(ctx: Context): Reply {
		const { enterpriseNumber } = ctx.params;
		const year = Number(ctx.params.year);
		const ssin = ctx.query[QUERY.optOut.ssin] as string | undefined;
		const index = this.store.optOuts.findIndex((o) => o.enterpriseNumber === enterpriseNumber && o.year === year && o.ssin === ssin);
		if (index < 0) {
			throw notFound(`No opt-out of ${year} for ${ssin ? `worker ${ssin}` : 'the whole company'} at enterprise ${enterpriseNumber}`);
		}
		this.store.optOuts.splice(index, 1);
		return this.knobs().optOutAnswers.delete === 200 ? json(200, this.optOutState(enterpriseNumber, year)) : noContent();
	}

	/* --------------------------------------------------------------------------------------------------------
	 * Training providers' trainings
	 * ----------------------------------------------------------------------------------------------------- */

	private presentProviderTraining(stored: StoredProviderTraining): Fields {
		return present(stored, PROVIDER_TRAINING_FIELDS, IDS.providerTraining);
	}

	/** A provider only sees its own trainings: another provider's is "not found". */
	private providerTraining(ctx: Context): StoredProviderTraining {
		const id = ctx.params.trainingId;
		const stored = this.store.providerTrainings.get(id);
		if (!stored || stored.providerEnterpriseNumber !== ctx.token.enterpriseNumber) throw notFound(`No training ${id}`);
		return stored;
	}

	private listProviderTrainings(ctx: Context): Reply {
		const { ssin, from, to } = QUERY.providerTrainings;
		const all = [...this.store.providerTrainings.of(ctx.token.enterpriseNumber)]
			.filter((t) => ctx.query[ssin] === undefined || t.participants.some((p) => p.ssin === ctx.query[ssin]))
			.filter((t) => ctx.query[from] === undefined || (t.startDate as string) >= (ctx.query[from] as string))
			.filter((t) => ctx.query[to] === undefined || (t.startDate as string) <= (ctx.query[to] as string))
			.sort(this.order(IDS.providerTraining));
		return page(ctx, all.map((t) => this.presentProviderTraining(t)));
	}

	private createProviderTraining(ctx: Context): Reply {
		const body = requireObject(readJson(ctx, false));
		const issues = [
			...recordIssues(PROVIDER_TRAINING_FIELDS, body, false, '', ['participants']),
			...participantIssues(body.participants, true),
		];
		if (issues.length) throw badRequest(issues);
		this.refuseDuplicate(
			'providerTraining',
			[...this.store.providerTrainings.values()].filter((t) => t.providerEnterpriseNumber === ctx.token.enterpriseNumber),
			body,
			PROVIDER_TRAINING_FIELDS,
		);
		const stamp = now();
		const trainingId = this.store.nextId('providerTraining');
		const stored: StoredProviderTraining = {
			providerEnterpriseNumber: ctx.token.enterpriseNumber,
			trainingId,
			...fieldsOf(PROVIDER_TRAINING_FIELDS, body),
			participants: participantsOf(body.participants as Fields[]),
			createdAt: stamp,
			updatedAt: stamp,
		};
		this.store.providerTrainings.set(trainingId, stored);
		return json(201, this.presentProviderTraining(stored), {
			Location: ctx.rootPath + PATHS.providerTraining(trainingId),
		});
	}

	private updateProviderTraining(ctx: Context): Reply {
		const stored = this.providerTraining(ctx);
		const patch = requireObject(readJson(ctx, true));
		const participantProblems = 'participants' in patch ? participantIssues(patch.participants, true) : [];
		const merged = mergePatch(PROVIDER_TRAINING_FIELDS, stored, patch, ['participants'], participantProblems);
		replaceFields(PROVIDER_TRAINING_FIELDS, stored, merged);
		if (patch.participants !== undefined) stored.participants = participantsOf(patch.participants as Fields[]);
		return json(200, this.presentProviderTraining(stored));
	}

	private deleteProviderTraining(ctx: Context): Reply {
		const stored = this.providerTraining(ctx);
		this.store.providerTrainings.delete(stored.trainingId);
		return noContent();
	}
}

function participantsOf(list: Fields[]): Participant[] {
	return list.map((p) => {
		const out: Participant = { ssin: p.ssin as string };
		if (p.employerEnterpriseNumber !== undefined && p.employerEnterpriseNumber !== null) {
			out.employerEnterpriseNumber = p.employerEnterpriseNumber as string;
		}
		return out;
	});
}

/**
 * JSON merge patch (RFC 7396) of a stored record's fields: the patch is checked on its own (each value
 * sent, unknown properties), then the merged record as a whole (required fields, end before start).
 */
function mergePatch(
	specs: readonly FieldSpec[],
	stored: Fields,
	patchBody: unknown,
	ignore: string[] = [],
	extraIssues: Issue[] = [],
): Fields {
	const patch = requireObject(patchBody);
	if (Object.keys(patch).length === 0) {
		throw badRequest([issue(ISSUE_TYPES.schemaViolation, 'body', 'The merge patch is empty: it has nothing to change')]);
	}
	const first = [...recordIssues(specs, patch, true, '', ignore), ...extraIssues];
	if (first.length) throw badRequest(first);
	const merged = fieldsOf(specs, stored);
	for (const spec of specs) {
		if (!(spec.name in patch)) continue;
		if (patch[spec.name] === null) delete merged[spec.name];
		else merged[spec.name] = patch[spec.name];
	}
	// The values sent met every rule above; the stored ones may come from another channel (a title starting with `=`).
	const second = recordIssues(specs, merged, false, '', [], 'otherChannel');
	if (second.length) throw badRequest(second, 'The record after the update would be incorrect');
	return merged;
}

/** Puts the merged fields in the stored record (fields removed by the patch are dropped). */
function replaceFields(specs: readonly FieldSpec[], stored: Fields, merged: Fields): void {
	for (const spec of specs) delete stored[spec.name];
	Object.assign(stored, merged, { updatedAt: now() });
}
