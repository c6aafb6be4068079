/**
 * The sandbox: a local stand-in for the social-security gateway (OAuth v5 token endpoint + the FLA REST API under
 * both roots), in-process, on 127.0.0.1, with Node's http module only.
 *
 * Faults for tests and benchmarks ("knobs") come from a seeded generator, so a run can be replayed. Per request,
 * after the body is read and the latency waited, in this order:
 * 1. `dropRate`: the connection is destroyed BEFORE processing: nothing was stored, a retry is safe;
 * 2. `rateLimit`: 429 tooManyRequests with `Retry-After` and `retryAfterSec` (not processed);
 * 3. `unavailableRate`: 503 serviceUnavailable with `Retry-After` (not processed);
 * 4. the request is processed (a write is stored);
 * 5. `dropAfterProcessingRate`: the connection is destroyed AFTER processing: the write happened but the client
 *    never hears of it, so a client that resends it creates a duplicate.
 * Three random numbers are drawn for every request (whether a knob is set or not), so the same seed and the same
 * order of requests give the same faults.
 *
 * The admin API under `adminUrl` (loopback only, no auth): GET stats, data, requests, knobs, clients;
 * POST reset, knobs, clients, seed, tokens/expire. See README.md next to this file.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { API_ROOT_PATHS, MEDIA_TYPES, PROBLEM_TYPES, GRANT_ENDPOINT_PATH } from '../../credentials/gateway';
import { FlaApi, LISTING_ORDERS, OPT_OUT_STATUSES, type ListingOrder, type OptOutAnswers } from './api';
import { HttpError, json, mediaType, problem, type Reply } from './http';
import { OAuthServer, type SandboxClient } from './oauth';
import { seededRandom, type Random } from './prng';
import { ID_PREFIXES, Store, type SandboxData, type SeedData } from './store';

export type { SandboxClient } from './oauth';
export type { SandboxData, SeedData } from './store';

export const ADMIN_PATH = '/__admin';

export interface Knobs {
	/** Added to every request (token and API) before it is answered. */
	latencyMs: number;
	/**
	 * Requests per second above which the gateway answers 429 (a token bucket over all requests); null = none.
	 * `startEmpty`: the bucket starts empty and fills from the first API request on, so that the first API request
	 * is answered 429 however slowly the client sends (tests of the waiting do not depend on the machine's speed);
	 * token requests before it pass.
	 */
	rateLimit: { requestsPerSecond: number; startEmpty?: boolean } | null;
	/** Share (0..1) of requests answered 503 serviceUnavailable without being processed. */
	unavailableRate: number;
	/** The Retry-After of a 503, in seconds. */
	retryAfterSeconds: number;
	/** Share (0..1) of requests whose connection is destroyed before they are processed. */
	dropRate: number;
	/** Share (0..1) of requests whose connection is destroyed after they were processed (writes stored). */
	dropAfterProcessingRate: number;
	/** Lifetime of the access tokens issued from now on. */
	tokenLifetimeSeconds: number;
	/** Seed of the generator that decides the random faults; setting it restarts the sequence. */
	seed: number;
	/** Whether drops, 429 and 503 also hit the token endpoint (latency always does). */
	faultsOnTokenEndpoint: boolean;
	/** Whether drops, 429 and 503 also hit reads (GET); false: only writes meet them. */
	faultsOnReads: boolean;
	/** Bodies above this size are answered 413 payloadTooLarge. */
	maxBodyBytes: number;
	/**
	 * What a create of a training or provider training that is already registered (same natural key, statement.ts
	 * `NATURAL_KEYS`) does: `store` it a second time, or answer 409 `conflict` with the registered record's id.
	 */
	duplicateCreates: 'store' | 'conflict';
	/** Employers (enterprise numbers) whose every API request is answered 503 serviceUnavailable until cleared. */
	unavailableEnterprises: string[];
	/**
	 * The order of the listings of trainings, training rights and provider trainings: `registration` (oldest first),
	 * `newestFirst`, or `scrambled` (an order unrelated to registration, the same on every page and every request).
	 */
	listingOrder: ListingOrder;
	/**
	 * The status of the opt-out answers: `create` (201 or 200 with the year's state, or 204 without a body), `delete`
	 * (204, or 200 with the year's state after it), `notOptedOut` (a year with nothing opted out: 200 with the empty
	 * state, 204 without a body, or 404 resourceNotFound). A partial object changes only the statuses it names.
	 */
	optOutAnswers: OptOutAnswers;
	/** Identifiers as JSON numbers (`7` for `TR-000007`) in answers, and numbers accepted in paths. */
	numericIds: boolean;
	/** Every API write (not GET) that succeeds is stored, then answered 504 by a proxy: the client never hears of it. */
	timeoutAfterWrites: boolean;
}

/** A change of knobs: the knobs it names (of `optOutAnswers`, the statuses it names). */
export type KnobChanges = Partial<Omit<Knobs, 'optOutAnswers'>> & { optOutAnswers?: Partial<OptOutAnswers> };

export const DEFAULT_KNOBS: Knobs = {
	latencyMs: 0,
	rateLimit: null,
	unavailableRate: 0,
	retryAfterSeconds: 1,
	dropRate: 0,
	dropAfterProcessingRate: 0,
	tokenLifetimeSeconds: 3600,
	seed: 1,
	faultsOnTokenEndpoint: true,
	faultsOnReads: true,
	maxBodyBytes: 1024 * 1024,
	duplicateCreates: 'store',
	unavailableEnterprises: [],
	listingOrder: 'registration',
	optOutAnswers: { create: 201, delete: 204, notOptedOut: 200 },
	numericIds: false,
	timeoutAfterWrites: false,
};

export interface SandboxOptions {
	/** 0 (default) = any free port. */
	port?: number;
	clients?: SandboxClient[];
	knobs?: KnobChanges;
	/** Same as knobs.tokenLifetimeSeconds. */
	tokenLifetimeSeconds?: number;
	/** Data loaded at start (see `demoData()` in seed.ts). */
	data?: SeedData;
}

export interface SandboxStats {
	tokenRequests: number;
	tokensIssued: number;
	/** Refused token requests by RFC 6749 error code. */
	tokenErrors: Record<string, number>;
	tokensByClient: Record<string, number>;
	/** `"METHOD /route/{template}"` -> status (or `dropped`) -> count; token endpoint included, admin not. */
	requests: Record<string, Record<string, number>>;
	/** FLA API requests (both roots), whatever their answer. */
	apiRequests: number;
	rateLimited: number;
	unavailable: number;
	dropped: { beforeProcessing: number; afterProcessing: number };
	/**
	 * Answers lost by `dropAfterProcessingRate`: `"METHOD /route/{template}"` -> the status the request was processed
	 * with -> count (a lost `201` is a write that was stored although the client never heard of it).
	 */
	lostAnswers: Record<string, Record<string, number>>;
	/** Requests being answered now, and the most at once since the last reset. */
	concurrency: { current: number; max: number };
	/** API requests by the employer in their path (enterprise number -> count), whatever their answer. */
	requestsByEnterprise: Record<string, number>;
}

/** One request as the sandbox received it (the last 2000 are kept). Tokens and assertions are never kept. */
export interface LoggedRequest {
	at: string;
	method: string;
	path: string;
	query: string;
	route: string;
	status: number | 'dropped';
	clientId?: string;
	contentType?: string;
	/** The JSON body, the token form without its client_assertion, or the text (cut at 4000 characters). */
	body?: unknown;
}

export interface Sandbox {
	readonly origin: string;
	readonly port: number;
	readonly tokenUrl: string;
	/** The employer/mandatary root: origin + API_ROOT_PATHS.employer. */
	readonly apiUrl: string;
	readonly trainingProviderApiUrl: string;
	readonly adminUrl: string;
	close(): Promise<void>;
	/**
	 * Serves behind a reverse proxy at `origin`: the token URL it announces, and so the only audience it accepts, is
	 * the proxy's, as a gateway behind its load balancer knows its public URL.
	 */
	announceOrigin(origin: string): void;
	stats(): SandboxStats;
	data(): SandboxData;
	requests(): LoggedRequest[];
	/** Default: data and stats (and the request log). `tokens` revokes every issued token. */
	reset(what?: { data?: boolean; stats?: boolean; tokens?: boolean }): void;
	knobs(): Knobs;
	setKnobs(partial: KnobChanges): Knobs;
	/** Registers (or replaces, same clientId) a client; throws when Chaman would refuse it. */
	addClient(client: SandboxClient): void;
	clients(): SandboxClient[];
	seed(data: SeedData): void;
	/** Makes every issued token expired (the next API call answers 401 expiredAccessToken). */
	expireTokens(): void;
	/**
	 * For tests of what a client does when the data changes under it: `hook` runs before each API request is
	 * handled, with the request and the store (to add or delete records at an exact moment); undefined removes it.
	 */
	beforeApiRequest(hook: ApiRequestHook | undefined): void;
	/**
	 * For tests that check nothing leaks: every access token issued and every client assertion received since the
	 * sandbox started (the last 10 000 of each). In memory only; neither the admin API nor the log shows them.
	 */
	issuedSecrets(): { accessTokens: string[]; clientAssertions: string[] };
}

export type ApiRequestHook = (request: { method: string; path: string; query: string }, store: Store) => void;

const LOG_SIZE = 2000;

function emptyStats(): SandboxStats {
	return {
		tokenRequests: 0,
		tokensIssued: 0,
		tokenErrors: {},
		tokensByClient: {},
		requests: {},
		apiRequests: 0,
		rateLimited: 0,
		unavailable: 0,
		dropped: { beforeProcessing: 0, afterProcessing: 0 },
		lostAnswers: {},
		concurrency: { current: 0, max: 0 },
		requestsByEnterprise: {},
	};
}

function validKnobs(partial: KnobChanges, current: Knobs): Knobs {
	if (!partial || typeof partial !== 'object') throw new Error('knobs must be an object');
	const unknown = Object.keys(partial).filter((key) => !(key in DEFAULT_KNOBS));
	if (unknown.length) throw new Error(`unknown knobs: ${unknown.join(', ')}`);
	const next = { ...current, ...partial } as Knobs;
	if (partial.optOutAnswers !== undefined) {
		const answers = partial.optOutAnswers as unknown;
		if (!answers || typeof answers !== 'object' || Array.isArray(answers)) throw new Error('knob optOutAnswers must be an object');
		next.optOutAnswers = { ...current.optOutAnswers, ...partial.optOutAnswers };
	}
	const number = (name: keyof Knobs, min: number, max = Infinity) => {
		const value = next[name];
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
			throw new Error(`knob ${name} must be a number from ${min}${max === Infinity ? '' : ` to ${max}`}`);
		}
	};
	number('latencyMs', 0, 60_000);
	number('unavailableRate', 0, 1);
	number('dropRate', 0, 1);
	number('dropAfterProcessingRate', 0, 1);
	number('retryAfterSeconds', 0, 3600);
	number('tokenLifetimeSeconds', 1);
	number('seed', -(2 ** 53), 2 ** 53);
	number('maxBodyBytes', 1);
	if (!Array.isArray(next.unavailableEnterprises) || next.unavailableEnterprises.some((e) => typeof e !== 'string')) {
		throw new Error('knob unavailableEnterprises must be a list of enterprise numbers');
	}
	next.unavailableEnterprises = [...next.unavailableEnterprises];
	if (typeof next.faultsOnTokenEndpoint !== 'boolean') throw new Error('knob faultsOnTokenEndpoint must be true or false');
	if (typeof next.faultsOnReads !== 'boolean') throw new Error('knob faultsOnReads must be true or false');
	if (typeof next.numericIds !== 'boolean') throw new Error('knob numericIds must be true or false');
	if (typeof next.timeoutAfterWrites !== 'boolean') throw new Error('knob timeoutAfterWrites must be true or false');
	if (next.duplicateCreates !== 'store' && next.duplicateCreates !== 'conflict') throw new Error('knob duplicateCreates must be "store" or "conflict"');
	if (!LISTING_ORDERS.includes(next.listingOrder)) throw new Error(`knob listingOrder must be one of ${LISTING_ORDERS.join(', ')}`);
	for (const [answer, allowed] of Object.entries(OPT_OUT_STATUSES)) {
		const status = (next.optOutAnswers as unknown as Record<string, unknown>)[answer];
		if (!(allowed as readonly unknown[]).includes(status)) throw new Error(`knob optOutAnswers.${answer} must be one of ${allowed.join(', ')}`);
	}
	const unknownAnswers = Object.keys(next.optOutAnswers).filter((answer) => !(answer in OPT_OUT_STATUSES));
	if (unknownAnswers.length) throw new Error(`unknown knobs: ${unknownAnswers.map((a) => `optOutAnswers.${a}`).join(', ')}`);
	if (next.rateLimit !== null) {
		const rps = next.rateLimit?.requestsPerSecond;
		const startEmpty = next.rateLimit?.startEmpty;
		if (typeof rps !== 'number' || !(rps > 0) || (startEmpty !== undefined && typeof startEmpty !== 'boolean')) {
			throw new Error('knob rateLimit must be null or { requestsPerSecond: > 0, startEmpty?: true or false }');
		}
		next.rateLimit = startEmpty === undefined ? { requestsPerSecond: rps } : { requestsPerSecond: rps, startEmpty };
	}
	return next;
}

/** A token bucket holding up to one second of requests. */
class RateLimiter {
	private tokens: number;
	/** When the bucket was last filled; undefined until the first request of a bucket that starts empty. */
	private last: number | undefined;

	constructor(
		private readonly perSecond: number,
		startEmpty = false,
	) {
		this.tokens = startEmpty ? 0 : Math.max(1, perSecond);
		this.last = startEmpty ? undefined : Date.now();
	}

	/** 0 when the request may go; otherwise the seconds to wait. */
	take(isToken: boolean): number {
		const now = Date.now();
		if (this.last === undefined && isToken) return 0;
		this.last ??= now;
		this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((now - this.last) / 1000) * this.perSecond);
		this.last = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isLoopback(address: string | undefined): boolean {
	return !!address && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

function readBody(req: IncomingMessage, max: number): Promise<{ body: Buffer; size: number; tooLarge: boolean }> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > max) {
				tooLarge = true;
				chunks.length = 0;
			} else {
				chunks.push(chunk);
			}
		});
		req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), size, tooLarge }));
		req.on('error', reject);
		req.on('aborted', () => reject(new Error('aborted')));
	});
}

function logBody(contentType: string | undefined, body: Buffer, isToken: boolean): unknown {
	if (!body.length) return undefined;
	const text = body.toString('utf8');
	if (isToken) {
		const form = Object.fromEntries(new URLSearchParams(text));
		for (const secret of ['client_assertion', 'client_secret']) if (form[secret]) form[secret] = '(omitted)';
		return form;
	}
	const type = mediaType(contentType);
	if (type === MEDIA_TYPES.json || type === MEDIA_TYPES.mergePatch) {
		try {
			return JSON.parse(text);
		} catch {
			// kept as text
		}
	}
	return text.length > 4000 ? text.slice(0, 4000) + '…' : text;
}

class SandboxServer implements Sandbox {
	origin = '';
	port = 0;
	tokenUrl = '';
	apiUrl = '';
	trainingProviderApiUrl = '';
	adminUrl = '';

	private readonly oauth = new OAuthServer();
	private readonly store = new Store();
	private readonly api = new FlaApi(this.store, this.oauth, () => this.current);
	private current: Knobs = { ...DEFAULT_KNOBS };
	private random: Random = seededRandom(DEFAULT_KNOBS.seed);
	private limiter: RateLimiter | undefined;
	private counters = emptyStats();
	private log: LoggedRequest[] = [];
	private hook: ApiRequestHook | undefined;
	private readonly server: Server;

	constructor(options: SandboxOptions) {
		this.setKnobs({ ...options.knobs, ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}) });
		for (const client of options.clients ?? []) this.addClient(client);
		if (options.data) this.seed(options.data);
		this.server = createServer((req, res) => {
			this.onRequest(req, res).catch(() => {
				if (!res.headersSent) res.destroy();
			});
		});
	}

	async listen(port: number): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.port = (this.server.address() as AddressInfo).port;
		this.origin = `http://127.0.0.1:${this.port}`;
		this.tokenUrl = this.origin + GRANT_ENDPOINT_PATH;
		this.apiUrl = this.origin + API_ROOT_PATHS.employer;
		this.trainingProviderApiUrl = this.origin + API_ROOT_PATHS.trainingProvider;
		this.adminUrl = this.origin + ADMIN_PATH;
	}

	announceOrigin(origin: string): void {
		this.tokenUrl = origin + GRANT_ENDPOINT_PATH;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	stats(): SandboxStats {
		return structuredClone(this.counters);
	}

	data(): SandboxData {
		return this.store.snapshot();
	}

	beforeApiRequest(hook: ApiRequestHook | undefined): void {
		this.hook = hook;
	}

	requests(): LoggedRequest[] {
		return structuredClone(this.log);
	}

	reset(what?: { data?: boolean; stats?: boolean; tokens?: boolean }): void {
		const all = !what || (what.data === undefined && what.stats === undefined && what.tokens === undefined);
		if (all || what?.data) this.store.clear();
		if (all || what?.stats) {
			const { current } = this.counters.concurrency;
			this.counters = emptyStats();
			this.counters.concurrency = { current, max: current };
			this.log = [];
		}
		if (what?.tokens) this.oauth.clearTokens();
	}

	knobs(): Knobs {
		return structuredClone(this.current);
	}

	setKnobs(partial: KnobChanges): Knobs {
		const next = validKnobs(partial, this.current);
		if (partial.seed !== undefined) this.random = seededRandom(next.seed);
		if (partial.rateLimit !== undefined) {
			this.limiter = next.rateLimit
				? new RateLimiter(next.rateLimit.requestsPerSecond, next.rateLimit.startEmpty === true)
				: undefined;
		}
		this.current = next;
		return this.knobs();
	}

	addClient(client: SandboxClient): void {
		this.oauth.addClient(client);
	}

	clients(): SandboxClient[] {
		return this.oauth.listClients();
	}

	seed(data: SeedData): void {
		this.store.load(data);
	}

	expireTokens(): void {
		this.oauth.clearTokens(true);
	}

	issuedSecrets(): { accessTokens: string[]; clientAssertions: string[] } {
		return this.oauth.secrets();
	}

	/* ------------------------------------------------------------------------------------------------------------ */

	private count(route: string, status: number | 'dropped'): void {
		const byStatus = (this.counters.requests[route] ??= {});
		byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
	}

	private send(res: ServerResponse, reply: Reply): void {
		const headers: Record<string, string> = { ...reply.headers };
		let payload: string | undefined;
		if (reply.status === 504 && reply.contentType === 'text/html') {
			// The knob timeoutAfterWrites: a proxy's page, not the API's JSON.
			payload = '<html><body><h1>504 Gateway Time-out</h1></body></html>';
			headers['Content-Type'] = 'text/html';
			headers['Content-Length'] = String(Buffer.byteLength(payload));
		} else if (reply.body !== undefined && reply.status !== 204) {
			payload = JSON.stringify(reply.body);
			headers['Content-Type'] = reply.contentType ?? MEDIA_TYPES.json;
			headers['Content-Length'] = String(Buffer.byteLength(payload));
		}
		res.writeHead(reply.status, headers);
		res.end(payload);
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		if (url.pathname === ADMIN_PATH || url.pathname.startsWith(ADMIN_PATH + '/')) {
			await this.onAdmin(req, res, method, url);
			return;
		}

		const concurrency = this.counters.concurrency;
		concurrency.current += 1;
		concurrency.max = Math.max(concurrency.max, concurrency.current);
		res.on('close', () => {
			this.counters.concurrency.current = Math.max(0, this.counters.concurrency.current - 1);
		});

		const knobs = this.current;
		const { body, size, tooLarge } = await readBody(req, knobs.maxBodyBytes);
		const isToken = url.pathname === GRANT_ENDPOINT_PATH;
		const isApi = !isToken && this.api.rootOf(url.pathname) !== undefined;
		const route = isToken ? `${method} ${GRANT_ENDPOINT_PATH}` : this.api.routeName(method, url.pathname);
		if (isToken) this.counters.tokenRequests += 1;
		const enterprise = isApi ? this.api.enterpriseOf(url.pathname) : undefined;
		if (isApi) this.counters.apiRequests += 1;
		if (enterprise !== undefined) {
			this.counters.requestsByEnterprise[enterprise] = (this.counters.requestsByEnterprise[enterprise] ?? 0) + 1;
		}
		const entry: LoggedRequest = {
			at: new Date().toISOString(),
			method,
			path: url.pathname,
			query: url.search,
			route,
			status: 0,
			contentType: req.headers['content-type'],
			body: tooLarge ? `(${size} bytes, not kept)` : logBody(req.headers['content-type'], body, isToken),
		};
		this.log.push(entry);
		if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);

		if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
		const faults = isToken ? knobs.faultsOnTokenEndpoint : method !== 'GET' || knobs.faultsOnReads;
		// Only requests that can meet faults draw from the seeded sequence: how many tokens a slow or fast client
		// fetches does not shift the faults its API requests meet.
		const [dropDraw, unavailableDraw, dropAfterDraw] = faults ? [this.random(), this.random(), this.random()] : [1, 1, 1];
		const drop = (when: 'beforeProcessing' | 'afterProcessing', processedWith?: number) => {
			this.counters.dropped[when] += 1;
			if (processedWith !== undefined) {
				const lost = (this.counters.lostAnswers[route] ??= {});
				lost[String(processedWith)] = (lost[String(processedWith)] ?? 0) + 1;
			}
			this.count(route, 'dropped');
			entry.status = 'dropped';
			req.socket.destroy();
		};

		if (faults && dropDraw < knobs.dropRate) return drop('beforeProcessing');
		let reply: Reply | undefined;
		let clientId: string | undefined;
		const wait = faults && this.limiter ? this.limiter.take(isToken) : 0;
		if (wait > 0) {
			this.counters.rateLimited += 1;
			reply = problem(
				429,
				PROBLEM_TYPES.tooManyRequests,
				'Too Many Requests',
				`More than ${knobs.rateLimit?.requestsPerSecond} requests per second; retry after ${wait} s`,
				{ retryAfterSec: wait },
				{ 'Retry-After': String(wait) },
			);
		} else if (
			(faults && unavailableDraw < knobs.unavailableRate) ||
			(enterprise !== undefined && knobs.unavailableEnterprises.includes(enterprise))
		) {
			this.counters.unavailable += 1;
			reply = problem(
				503,
				PROBLEM_TYPES.serviceUnavailable,
				'Service Unavailable',
				'The service is temporarily unavailable; the request was not processed',
				{},
				{ 'Retry-After': String(knobs.retryAfterSeconds) },
			);
		} else if (tooLarge) {
			reply = problem(
				413,
				PROBLEM_TYPES.payloadTooLarge,
				'Payload Too Large',
				`The body is ${size} bytes; the maximum is ${knobs.maxBodyBytes} bytes`,
			);
		} else if (isToken) {
			const outcome = await this.oauth.handle({
				method,
				contentType: req.headers['content-type'],
				body,
				tokenUrl: this.tokenUrl,
				lifetimeSeconds: this.current.tokenLifetimeSeconds,
			});
			reply = outcome.reply;
			clientId = outcome.clientId;
			if (outcome.error) {
				this.counters.tokenErrors[outcome.error] = (this.counters.tokenErrors[outcome.error] ?? 0) + 1;
			} else if (clientId) {
				this.counters.tokensIssued += 1;
				this.counters.tokensByClient[clientId] = (this.counters.tokensByClient[clientId] ?? 0) + 1;
			}
		} else if (isApi) {
			this.hook?.({ method, path: url.pathname, query: url.search.replace(/^\?/, '') }, this.store);
			const pathname = knobs.numericIds ? textIdsIn(url.pathname, this.api.rootOf(url.pathname)) : url.pathname;
			const outcome = this.api.handle({ method, pathname, query: url.searchParams, headers: req.headers, body });
			reply = outcome.reply;
			clientId = outcome.clientId;
			if (knobs.numericIds) reply = { ...reply, body: numericIdsIn(reply.body) };
			if (knobs.timeoutAfterWrites && method !== 'GET' && reply.status < 300) {
				reply = { status: 504, contentType: 'text/html', body: undefined, headers: { 'X-Stored-Status': String(reply.status) } };
			}
		} else {
			reply = problem(404, PROBLEM_TYPES.resourceNotFound, 'Resource Not Found', `No resource at ${url.pathname}`);
		}
		entry.clientId = clientId;
		if (faults && dropAfterDraw < knobs.dropAfterProcessingRate) return drop('afterProcessing', reply.status);
		entry.status = reply.status;
		this.count(route, reply.status);
		this.send(res, reply);
	}

	/* ------------------------------------------------------------------------------------------------------------ */

	private async onAdmin(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
		let reply: Reply;
		try {
			if (!isLoopback(req.socket.remoteAddress)) {
				throw new HttpError(problem(403, 'about:blank', 'Forbidden', 'The admin API answers the loopback interface only'));
			}
			const { body } = await readBody(req, 64 * 1024 * 1024);
			const input = () => {
				const text = body.toString('utf8').trim();
				if (!text) return {};
				try {
					return JSON.parse(text);
				} catch (error) {
					throw new Error(`the body is not JSON (${(error as Error).message})`);
				}
			};
			reply = this.admin(method, url.pathname.slice(ADMIN_PATH.length) || '/', input);
		} catch (error) {
			reply =
				error instanceof HttpError
					? error.reply
					: problem(400, 'about:blank', 'Bad Request', (error as Error).message);
		}
		this.send(res, reply);
	}

	private admin(method: string, path: string, input: () => any): Reply {
		const route = `${method} ${path}`;
		switch (route) {
			case 'GET /stats':
				return json(200, this.stats());
			case 'GET /data':
				return json(200, this.data());
			case 'GET /requests':
				return json(200, this.requests());
			case 'POST /reset':
				this.reset(input());
				return json(200, { reset: true });
			case 'GET /knobs':
				return json(200, this.knobs());
			case 'POST /knobs':
				return json(200, this.setKnobs(input()));
			case 'GET /clients':
				return json(200, this.clients());
			case 'POST /clients': {
				const body = input();
				const list: SandboxClient[] = Array.isArray(body) ? body : [body];
				for (const client of list) this.addClient(client);
				return json(201, { clients: list.map((c) => c.clientId) });
			}
			case 'POST /seed':
				return json(201, this.store.load(input()));
			case 'POST /tokens/expire':
				this.expireTokens();
				return json(200, { expired: true });
			default:
				return problem(404, 'about:blank', 'Not Found', `No admin operation ${route}`);
		}
	}
}

/** Starts a sandbox on 127.0.0.1 (port 0 = any free port). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = new SandboxServer(options);
	await sandbox.listen(options.port ?? 0);
	return sandbox;
}

/* ----------------------------------------------------------------------------------------------------------------
 * The knob numericIds: the identifiers as JSON numbers
 * ------------------------------------------------------------------------------------------------------------- */

const ID_NAMES = new Set(['trainingId', 'trainingRightId']);

/** `TR-000007` -> 7 wherever an answer holds an identifier. */
function numericIdsIn(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(numericIdsIn);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([name, v]) => {
			const match = ID_NAMES.has(name) && typeof v === 'string' ? /^[A-Z]+-(\d+)$/.exec(v) : null;
			return [name, match ? Number(match[1]) : numericIdsIn(v)];
		}),
	);
}

/** `/trainings/7` -> `/trainings/TR-000007` (`PTR-` under the training provider's root), `/trainingRights/7` likewise. */
function textIdsIn(pathname: string, root: string | undefined): string {
	const prefix = (collection: string) => (collection === 'trainingRights' ? ID_PREFIXES.trainingRight : root === 'trainingProvider' ? ID_PREFIXES.providerTraining : ID_PREFIXES.training);
	return pathname.replace(/\/(trainings|trainingRights)\/(\d+)(?=\/|$)/, (_all, collection: string, digits: string) => `/${collection}/${prefix(collection)}-${digits.padStart(6, '0')}`);
}
