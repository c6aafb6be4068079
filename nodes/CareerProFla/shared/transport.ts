/**
 * How the node sends its requests: the one place that talks to the gateway.
 *
 * n8n's RoutingNode starts every item's request at once. Each operation hands its request to `send()` through
 * the declarative hook `routing.operations.pagination` (with `send.paginate: true`), which lets this module:
 * - keep at most 'Max Concurrent Requests' requests of one node run in flight;
 * - wait out 429 and 503 (Retry-After) and retry; retry reads after a dropped connection; never send a write a
 *   second time when it may have been processed;
 * - read every page of a listing, and fail loudly when the pages do not add up to the announced total;
 * - turn answers into items paired with their input, and failures into the messages of `errors.ts` (as error items
 *   when 'Continue On Fail' is on, so the other items go through).
 * Authentication stays n8n's: `httpRequestWithAuthentication` adds the token and, after a 401, asks the credential
 * for a new one and retries once.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { ERROR_NAMES } from '../../../credentials/errors';
import { PAGING } from './contract';
import {
	apiRootOf,
	factsOf,
	perRun,
	recordRefusal,
	refusalOf,
	runCredential,
	withinBound,
	type ItemFacts,
	type ItemSender,
	type RequestLabel,
} from './runState';
import {
	gatewayError,
	incompleteListError,
	stuckError,
	tokenError,
	transportError,
	type MessageContext,
} from './errors';

export const CREDENTIAL_NAME = 'careerProFlaApi';

export const CONCURRENCY = { default: 5, max: 50 } as const;

/**
 * The parameter that holds the node's own options (Max Concurrent Requests). It must not be called
 * `requestOptions`: n8n's loader replaces a property of that name with n8n's Request Options (Batching, Proxy,
 * Timeout...), which n8n shows in the node's Settings tab and applies itself.
 */
export const NODE_OPTIONS = 'options';

export const RETRY = {
	/** Attempts in all for one request that the gateway declined with 429/503 or that lost its connection. */
	maxAttempts: 6,
	/** Waits without a Retry-After: 0.5 s, 1 s, 2 s... up to this. */
	maxBackoffMs: 8_000,
	/** A Retry-After beyond this is not waited for: the item fails and says when to try again. */
	maxWaitMs: 60_000,
} as const;

/**
 * How long the node waits for anything, so that no item can hold a run forever (n8n's community rules forbid
 * setTimeout in a node; the bounds are AbortSignal.timeout signals, which also never keep n8n's process alive).
 * - One attempt of a request (asking for a token, reading the credential, sending, the answer): the request's own
 *   timeout (n8n's 'Timeout' setting, 5 minutes by default), plus `attemptMarginMs` for up to two token requests
 *   (30 s each) and n8n's own work. Past it the item fails, as a request whose answer was lost.
 * - Waiting for a free request slot: items give up when no request of the node run has moved (an attempt ended, a
 *   wait ended) for an attempt's bound plus `stallMarginMs`: the requests holding the slots are stuck.
 */
export const BOUNDS = {
	defaultTimeoutMs: 300_000,
	attemptMarginMs: 90_000,
	stallMarginMs: 30_000,
};

/** The bound of one attempt of a request with these options. */
export function attemptBoundMs(options: IHttpRequestOptions): number {
	const timeout = Number(options.timeout);
	return (Number.isFinite(timeout) && timeout > 0 ? timeout : BOUNDS.defaultTimeoutMs) + BOUNDS.attemptMarginMs;
}


/** How an operation's answers become items (not to be confused with n8n's operations: Create, Get...). */
export interface OutputShape {
	/** Singular, in the user's words: "training", "training right". */
	resourceLabel: string;
	fields?: MessageContext['fields'];
	/** record: one object; list: a paged listing; deleted: no content. */
	kind: 'record' | 'list' | 'deleted';
	/** For lists and records: the narrow view behind the 'Simplify' option. */
	simplify?: (record: IDataObject) => IDataObject;
}

type Build = (this: IExecuteSingleFunctions, options: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

/**
 * Wraps an operation's preSend. A refusal of the input (a NodeOperationError) stops the item before anything is
 * sent; with 'Continue On Fail' it becomes that item's error item and the other items go on.
 */
export function prepare(build: Build): Build {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		try {
			const built = await build.call(this, options);
			built.baseURL ??= apiRootOf(this);
			return built;
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, this.getItemIndex());
			if (!this.continueOnFail() || nodeError.name !== 'NodeOperationError') throw nodeError;
			recordRefusal(options, nodeError);
			return options;
		}
	};
}

/* ----------------------------------------------------------------------------------------------------------------
 * Concurrency: one queue per node run
 * ------------------------------------------------------------------------------------------------------------- */

interface Waiter {
	go: () => void;
	/** Gives up: no request of the node run moved for `ms`. */
	stop: (ms: number) => void;
}

export class Slots {
	/**
	 * A refusal of the credential in this node run (by the token endpoint, of its own settings, or of a new token by
	 * the API): the other items fail at once with its message, without asking for a token again.
	 */
	refusal?: (context: MessageContext) => NodeApiError;
	private active = 0;
	private readonly waiting: Waiter[] = [];
	/** When a request of this node run last moved (epoch ms): a slot taken or given back, an attempt or a wait ended. */
	private moved = Date.now();
	/** The watch over the waiters, while there are any (kept here so that it cannot be collected). */
	private watch?: AbortSignal;

	constructor(
		private readonly limit: number,
		/** Items give up waiting when no request moved for this long. */
		private readonly stallMs: number,
		private readonly onIdle: () => void,
	) {}

	/** A request of this node run moved: the items waiting for a slot are not stuck. */
	touch(): void {
		this.moved = Date.now();
	}

	/** Runs `task` in a slot; `stalled` makes the error of an item that gave up waiting. */
	async run<T>(task: () => Promise<T>, stalled: (waitedMs: number) => Error): Promise<T> {
		if (this.active >= this.limit) {
			await new Promise<void>((resolve, reject) => {
				this.waiting.push({ go: resolve, stop: (ms) => reject(stalled(ms)) });
				this.watchWaiters();
			});
		} else this.active++;
		this.touch();
		try {
			return await task();
		} finally {
			this.touch();
			const next = this.waiting.shift();
			if (next) next.go();
			else if (--this.active === 0) this.onIdle();
		}
	}

	/** One timer for all waiters: when it fires, they give up if nothing moved for `stallMs`, else it is set again. */
	private watchWaiters(): void {
		if (this.watch) return;
		const check = () => {
			this.watch = undefined;
			if (this.waiting.length === 0) return;
			const still = Date.now() - this.moved;
			if (still >= this.stallMs) {
				for (const waiter of this.waiting.splice(0)) waiter.stop(still);
				return;
			}
			this.arm(this.stallMs - still, check);
		};
		this.arm(this.stallMs, check);
	}

	private arm(ms: number, then: () => void): void {
		this.watch = AbortSignal.timeout(Math.max(1, ms));
		this.watch.addEventListener('abort', then, { once: true });
	}
}

function slotsFor(context: IExecuteSingleFunctions, options: IHttpRequestOptions): Slots {
	return perRun(context.getExecutionId(), context.getNode().id, (forget) => {
		const wanted = Number(context.getNodeParameter(`${NODE_OPTIONS}.maxConcurrency`, CONCURRENCY.default));
		const limit = Math.min(CONCURRENCY.max, Math.max(1, Number.isFinite(wanted) ? Math.floor(wanted) : 1));
		return new Slots(limit, attemptBoundMs(options) + BOUNDS.stallMarginMs, forget);
	});
}

/* ----------------------------------------------------------------------------------------------------------------
 * One request, with its retries
 * ------------------------------------------------------------------------------------------------------------- */

/** One attempt of a request took longer than its bound (attemptBoundMs). */
class AttemptTimedOut extends Error {
	constructor(readonly ms: number) {
		super(`no answer within ${Math.round(ms / 1000)} s`);
	}
}

/** The parts of a failed request that decide what to do next. */
interface Failure {
	status?: number;
	body?: unknown;
	retryAfterMs?: number;
	code?: string;
	message?: string;
	/**
	 * The credential could not get a token, so the API request itself was never sent: the token endpoint's status,
	 * `none` when it gave no answer, `setup` when the credential's own settings or key were refused before any request.
	 */
	tokenStatus?: number | 'none' | 'setup';
	/** The token endpoint refused these settings, or the settings themselves are wrong: trying again cannot help. */
	credentialRefused?: boolean;
	/** When the token endpoint said it could be asked again (epoch ms, its Retry-After). */
	tokenRetryAt?: number;
}

/** The credential's errors when the token endpoint failed (credentials/errors.ts). */
const TOKEN_ERROR: string = ERROR_NAMES.token;
/**
 * The credential's errors about its own settings and key (credentials/errors.ts):
 * a wrong .pfx password, an expired certificate... Nothing was sent, and trying again cannot help.
 */
const CREDENTIAL_SETUP_ERRORS = new Set<string>([ERROR_NAMES.settings, ERROR_NAMES.certificate]);

/** Errors that mean the request never left: safe to send again, whatever it was. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function failureOf(error: unknown): Failure {
	const e = error as {
		httpCode?: string | null;
		cause?: { code?: string; message?: string; response?: { status?: number; headers?: Record<string, unknown>; data?: unknown } };
		code?: string;
		message?: string;
		context?: { data?: unknown };
	};
	const token = e.cause as { name?: string; httpStatus?: number; message?: string; refusesCredential?: boolean; retryAt?: number } | undefined;
	if (token?.name === TOKEN_ERROR) {
		return {
			tokenStatus: token.httpStatus ?? 'none',
			message: token.message,
			credentialRefused: token.refusesCredential === true,
			tokenRetryAt: typeof token.retryAt === 'number' ? token.retryAt : undefined,
		};
	}
	if (token?.name && CREDENTIAL_SETUP_ERRORS.has(token.name)) return { tokenStatus: 'setup', message: token.message, credentialRefused: true };
	const response = e.cause?.response;
	const status = response?.status ?? (e.httpCode && /^\d{3}$/.test(e.httpCode) ? Number(e.httpCode) : undefined);
	const code = e.cause?.code ?? e.code;
	if (!status) return { code, message: e.cause?.message ?? e.message };
	const body = response?.data ?? e.context?.data;
	return { status, body, retryAfterMs: retryAfterMs(response?.headers?.['retry-after'], body) };
}

function retryAfterMs(header: unknown, body: unknown): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'string' || typeof value === 'number') {
		const seconds = Number(value);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(String(value));
		if (Number.isFinite(date)) return Math.max(0, date - Date.now());
	}
	const fromBody = (body as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
	return typeof fromBody === 'number' ? fromBody * 1000 : undefined;
}

const backoff = (attempt: number) => Math.min(RETRY.maxBackoffMs, 500 * 2 ** (attempt - 1));

async function sendWithRetries(
	context: IExecutePaginationFunctions,
	slots: Slots,
	options: IHttpRequestOptions,
	messageContext: MessageContext,
): Promise<IN8nHttpFullResponse> {
	const method = (options.method ?? 'GET').toUpperCase();
	const isRead = method === 'GET';
	for (let attempt = 1; ; attempt++) {
		if (slots.refusal !== undefined) throw slots.refusal(messageContext);
		try {
			const bound = attemptBoundMs(options);
			const request = (async () => {
				// The node run's credential in hand: n8n does not read it from its database for each request.
				const credentialsDecrypted = await runCredential(context, CREDENTIAL_NAME);
				return (await context.helpers.httpRequestWithAuthentication.call(
					context,
					CREDENTIAL_NAME,
					{ ...options, qs: { ...options.qs }, headers: { ...options.headers }, returnFullResponse: true },
					{ credentialsDecrypted },
				)) as IN8nHttpFullResponse;
			})();
			const response = await withinBound(request, bound, () => new AttemptTimedOut(bound));
			slots.touch();
			return response;
		} catch (error) {
			slots.touch();
			if (error instanceof AttemptTimedOut) {
				messageContext.attempts = attempt;
				throw stuckError(context.getNode(), messageContext, 'request', error.ms);
			}
			const failure = failureOf(error);
			messageContext.attempts = attempt;
			if (failure.tokenStatus !== undefined) {
				// No token, so nothing reached the API: a busy or unreachable token endpoint is worth another try.
				const status = failure.tokenStatus;
				// It is waited for as long as it asked (Retry-After), up to RETRY.maxWaitMs; the token cache does not ask
				// it before then, so the items that wait meet again in one token request.
				const transient = status === 'none' || (typeof status === 'number' && [429, 502, 503, 504].includes(status));
				const wait = failure.tokenRetryAt !== undefined ? Math.max(0, failure.tokenRetryAt - Date.now()) : backoff(attempt);
				if (transient && attempt < RETRY.maxAttempts && wait <= RETRY.maxWaitMs) {
					await sleep(wait);
					slots.touch();
					continue;
				}
				if (failure.tokenRetryAt !== undefined) messageContext.retryAfterMs = wait;
				const message = failure.message ?? 'No access token';
				const node = context.getNode();
				if (failure.credentialRefused) slots.refusal = (about) => tokenError(node, message, about);
				throw tokenError(node, message, messageContext);
			}
			if (failure.status === 401) {
				// n8n already fetched a new token after the first 401 and the API refused it too (a wrong API URL, a
				// client of another environment): asking for more tokens cannot help, so the other items fail at once.
				const node = context.getNode();
				slots.refusal = (about) => gatewayError(node, 401, failure.body, about);
			}
			const busy = failure.status === 429 || failure.status === 503;
			const notSent = !failure.status && NOT_SENT.has(failure.code ?? '');
			const lost = !failure.status && !notSent;
			const retry = attempt < RETRY.maxAttempts && (busy || notSent || (lost && isRead));
			const wait = busy ? (failure.retryAfterMs ?? backoff(attempt)) : backoff(attempt);
			if (retry && wait <= RETRY.maxWaitMs) {
				await sleep(wait);
				slots.touch();
				continue;
			}
			if (busy) messageContext.retryAfterMs = failure.retryAfterMs;
			if (failure.status) throw gatewayError(context.getNode(), failure.status, failure.body, messageContext);
			// A read that lost its answer changed nothing; only a write may have been processed.
			throw transportError(context.getNode(), failure, messageContext, !lost ? 'notReached' : isRead ? 'lostRead' : 'lostWrite');
		}
	}
}

/* ----------------------------------------------------------------------------------------------------------------
 * The operation's executor
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * The request executor of one operation, for `routing.operations.pagination`. It returns the items of one input
 * item: the answer, the listing, or with 'Continue On Fail' an error item paired with its input.
 */
export function send(output: OutputShape) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const options = requestData.options as IHttpRequestOptions;
		const known = factsOf(options);
		const context: MessageContext = {
			itemIndex,
			method: (options.method ?? 'GET').toUpperCase(),
			resourceLabel: output.resourceLabel,
			fields: output.fields,
			enterpriseNumber: known.enterpriseNumber,
			id: known.id,
			quality: known.quality,
		};
		const paired = (json: IDataObject): INodeExecutionData => ({ json, pairedItem: { item: itemIndex } });
		try {
			const stopped = refusalOf(options);
			if (stopped) throw stopped;
			// Looked up once per item: n8n's getNode(), which names the node run, copies the whole node.
			const slots = slotsFor(this, options);
			const node = this.getNode();
			const records = known.work
				? await known.work(senderFor(this, slots, options, context))
				: await slots.run(
						() => perform(this, slots, output, options, known, context),
						(ms) => stuckError(node, context, 'slot', ms),
					);
			return records.map(paired);
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			const item = errorItem(nodeError);
			if (this.getNode().onError !== 'continueErrorOutput') return [paired(item)];
			// n8n's engine moves an item to the error output when its json holds only `error`, `message` and `details`
			// (it then adds the input item's fields); `item.error` would do too, but n8n replaces such an item's json
			// with the bare message, losing the description.
			const { error: message, ...details } = item;
			return [paired({ error: message, details })];
		}
	};
}

/** The sender an item's `work` (shared/existing.ts, an export) uses: each request in a slot, with retries. */
function senderFor(
	context: IExecutePaginationFunctions,
	slots: Slots,
	options: IHttpRequestOptions,
	messageContext: MessageContext,
): ItemSender {
	const about = (request: IHttpRequestOptions, label?: RequestLabel): MessageContext => ({
		...messageContext,
		...label,
		method: (request.method ?? 'GET').toUpperCase(),
	});
	const node = context.getNode();
	const inSlot = <T>(request: IHttpRequestOptions, label: RequestLabel | undefined, task: (about: MessageContext) => Promise<T>) => {
		const what = about(request, label);
		return slots.run(
			() => task(what),
			(ms) => stuckError(node, what, 'slot', ms),
		);
	};
	const listing = (request: IHttpRequestOptions, label?: RequestLabel) =>
		inSlot(request, label, (what) => readAll(context, slots, request, {}, what));
	return {
		node: context.getNode(),
		itemIndex: messageContext.itemIndex,
		executionId: context.getExecutionId(),
		options,
		send: async (request, label) =>
			((await inSlot(request, label, (what) => sendWithRetries(context, slots, request, what))).body ?? {}) as IDataObject,
		list: async (request, label) => (await listing(request, label)).records,
		listing,
	};
}

async function perform(
	context: IExecutePaginationFunctions,
	slots: Slots,
	output: OutputShape,
	options: IHttpRequestOptions,
	known: ItemFacts,
	messageContext: MessageContext,
): Promise<IDataObject[]> {
	const view = (record: IDataObject) =>
		known.simplify && output.simplify ? output.simplify(record) : record;
	if (output.kind === 'list') {
		const { records, total } = await readAll(context, slots, options, known, messageContext);
		if (!known.listing) return records.map(view);
		const listing: IDataObject = known.enterpriseNumber ? { enterpriseNumber: known.enterpriseNumber } : {};
		return [{ ...listing, count: records.length, total: total ?? records.length, records: records.map(view) }];
	}
	const response = await sendWithRetries(context, slots, options, messageContext);
	if (output.kind === 'deleted') return [{ deleted: true, ...known.deleted }];
	return [view((response.body ?? {}) as IDataObject)];
}

/**
 * Every page of a listing (or up to the limit), checked so that the result is what the gateway held at one moment:
 * - each page after the first starts one record early, on the last record already read, which must come back the
 *   same: a record added or deleted before it (a deletion on page 1 and a creation at the end keep the total but
 *   shift every later record by one, so that one would be skipped and the deleted one kept) moves it, and the
 *   listing fails rather than look complete. The cost: one record more per page (99 new records a page);
 * - the total each page announces must not move, and with Return All the records must add up to it.
 */
async function readAll(
	context: IExecutePaginationFunctions,
	slots: Slots,
	options: IHttpRequestOptions,
	known: ItemFacts,
	messageContext: MessageContext,
): Promise<{ records: IDataObject[]; total?: number }> {
	const wanted = known.limit ?? Infinity;
	const records: IDataObject[] = [];
	/** The total each page announced: if it moves, records shifted between pages and one may have been skipped. */
	const totals = new Set<number>();
	for (;;) {
		const overlap = records.length > 0 ? 1 : 0;
		const pageSize = Math.min(PAGING.maxPageSize, wanted - records.length + overlap);
		const page = await sendWithRetries(
			context,
			slots,
			{
				...options,
				qs: {
					...options.qs,
					[PAGING.offsetParameter]: records.length - overlap,
					[PAGING.limitParameter]: pageSize,
				},
			},
			messageContext,
		);
		const body = (page.body ?? {}) as IDataObject;
		let items = (body[PAGING.itemsProperty] ?? []) as IDataObject[];
		if (typeof body[PAGING.totalProperty] === 'number') totals.add(body[PAGING.totalProperty] as number);
		if (overlap) {
			if (!items.length || JSON.stringify(items[0]) !== JSON.stringify(records[records.length - 1])) {
				throw incompleteListError(context.getNode(), messageContext, records.length, [...totals], true);
			}
			items = items.slice(1);
		}
		records.push(...items);
		if (records.length >= wanted || items.length === 0 || !body[PAGING.nextProperty]) break;
	}
	const [total] = totals;
	const complete = totals.size === 0 || (totals.size === 1 && (wanted !== Infinity || records.length === total));
	if (!complete) throw incompleteListError(context.getNode(), messageContext, records.length, [...totals]);
	return { records: records.slice(0, wanted), total };
}

/**
 * n8n's errors pass as they are; anything else unexpected is wrapped so that it names the item. Compared by name:
 * a community package may load its own copy of n8n-workflow, whose classes are not n8n's.
 */
function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	const name = (error as Error | undefined)?.name;
	if (name === 'NodeApiError' || name === 'NodeOperationError') return error as NodeApiError;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The item that stands for a failed input item when 'Continue On Fail' is on. */
function errorItem(error: NodeApiError | NodeOperationError): IDataObject {
	const context = (error.context ?? {}) as IDataObject;
	const item: IDataObject = { error: error.message, description: error.description ?? null };
	if (context.field) item.field = context.field;
	if ('httpCode' in error && error.httpCode) item.httpCode = error.httpCode;
	if (context.problemType) item.problemType = context.problemType;
	if (context.issues) item.issues = context.issues;
	if (context.mayHaveBeenProcessed !== undefined) item.mayHaveBeenProcessed = context.mayHaveBeenProcessed;
	if (context.existingId) item.existingId = context.existingId;
	return item;
}

/**
 * The routing of one operation: its method, the preSend that builds the request from the item, and this module's
 * executor for sending it.
 */
export function route(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', build: Build, output: OutputShape) {
	return {
		request: { method },
		send: { preSend: [prepare(build)], paginate: true },
		operations: { pagination: send(output) },
	};
}
