/**
 * The process-wide token cache. n8n starts all items of a declarative node at once and calls preAuthentication
 * for each; here they meet:
 * - one token per (token URL, client ID, scope, key fingerprint), kept until shortly before it expires;
 * - callers that arrive while a token is being fetched wait for that same request (1000 callers, 1 request);
 * - a caller that holds a token was refused with it (n8n calls again after a 401, with the token stored in its
 *   database, whichever process stored it): that token is never handed back. If it is the cached one, or a token
 *   this process does not know (another n8n worker stored it), the cached token is as suspect and a new one is
 *   fetched; if it is one this process already replaced, the replacement is handed out. So a revoked token costs
 *   each process one token request, and concurrent callers share it;
 * - a refusal of the credential itself (invalid_client, unauthorized_client, invalid_scope, invalid_grant, a 401 or
 *   403 of the token endpoint) is remembered for these settings for a minute: callers get the same error at once,
 *   and the gateway sees at most one such request per minute;
 * - a 429 or 5xx with a Retry-After is remembered the same way until that time: the endpoint is not asked before it
 *   said it could answer. Other failures (timeouts, a 5xx or 429 without Retry-After) are not kept.
 */
import { createHash } from 'node:crypto';

import { TokenRequestError } from '../errors';
import { TOKEN_TIMEOUT_SECONDS, type IssuedToken } from './tokenEndpoint';

interface Entry {
	accessToken: string;
	/** When to stop handing this token out (epoch ms), a margin before its expiry. */
	refreshAt: number;
}

export interface TokenIdentity {
	tokenUrl: string;
	clientId: string;
	scope?: string;
	fingerprint: string;
}

/** Refresh this long before expiry: a tenth of the lifetime, at most one minute. */
export function refreshMarginMs(lifetimeSeconds: number): number {
	return Math.min(60_000, lifetimeSeconds * 100);
}

/** How long a refusal of the credential by the token endpoint is remembered. */
export const REFUSAL_MEMORY_MS = 60_000;
/**
 * How long one token request (signing the assertion, the request and its 30 s timeout) may take before its callers
 * stop waiting for it, so that a request that never settles cannot hold every later caller: they get an error and
 * the next caller asks again.
 */
export const FLIGHT_BOUND_MS = TOKEN_TIMEOUT_SECONDS * 1000 + 30_000;
/** How many replaced tokens are remembered per identity. */
const SUPERSEDED_KEPT = 64;

/** Whether a failed token request means the gateway refuses these settings (see TokenRequestError). */
const refusesCredential = (error: unknown) => (error as { refusesCredential?: unknown } | undefined)?.refusesCredential === true;
/** When a failed token request may be made again, if the endpoint said (TokenRequestError.retryAt). */
const retryAtOf = (error: unknown) => {
	const at = (error as { retryAt?: unknown } | undefined)?.retryAt;
	return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
};

export interface GetOptions {
	/** Fetch a new token even if a usable one is cached (the credential test proves the settings now). */
	fresh?: boolean;
}

export class TokenCache {
	private readonly entries = new Map<string, Entry>();
	private readonly inFlight = new Map<string, Promise<string>>();
	/** Per identity: tokens this process replaced (refused, or cached when another was refused). Never handed out. */
	private readonly superseded = new Map<string, Set<string>>();
	private readonly refusals = new Map<string, { error: unknown; until: number }>();

	constructor(
		private readonly clock: () => number = Date.now,
		private readonly flightBoundMs = FLIGHT_BOUND_MS,
	) {}

	static idOf(identity: TokenIdentity): string {
		const parts = [identity.tokenUrl, identity.clientId, identity.scope ?? '', identity.fingerprint];
		return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
	}

	/**
	 * A token for this identity. `heldToken` is the token the caller already has (the credential's accessToken):
	 * n8n only calls with one after the gateway refused it, so it is never the answer.
	 */
	async get(
		identity: TokenIdentity,
		heldToken: string | undefined,
		fetch: () => Promise<IssuedToken>,
		options: GetOptions = {},
	): Promise<string> {
		return (await this.obtain(identity, heldToken, fetch, options)).accessToken;
	}

	/** As `get`, and whether the token comes from a request made for this call (or joined while in flight). */
	async obtain(
		identity: TokenIdentity,
		heldToken: string | undefined,
		fetch: () => Promise<IssuedToken>,
		options: GetOptions = {},
	): Promise<{ accessToken: string; fetched: boolean }> {
		const id = TokenCache.idOf(identity);
		const refusal = this.refusals.get(id);
		if (refusal && this.clock() < refusal.until) throw refusal.error;
		if (refusal) this.refusals.delete(id);

		const pending = this.inFlight.get(id);
		if (pending) return { accessToken: await pending, fetched: true };

		const entry = this.entries.get(id);
		if (entry && this.clock() < entry.refreshAt && !options.fresh) {
			const cached = { accessToken: entry.accessToken, fetched: false };
			if (!heldToken) return cached;
			if (heldToken !== entry.accessToken && this.superseded.get(id)?.has(heldToken)) return cached;
		}
		if (heldToken) this.supersede(id, heldToken);
		if (entry) {
			this.supersede(id, entry.accessToken);
			this.entries.delete(id);
		}

		const startedAt = this.clock();
		const request = (async () => {
			try {
				// Deferred, so that even a fetch that throws at once leaves through `finally`.
				const token = await Promise.resolve()
					.then(() => bounded(fetch(), this.flightBoundMs))
					.catch(async (error: unknown) => {
						const retryAt = retryAtOf(error);
						if (refusesCredential(error)) this.refusals.set(id, { error, until: this.clock() + REFUSAL_MEMORY_MS });
						else if (retryAt !== undefined && retryAt > this.clock()) this.refusals.set(id, { error, until: retryAt });
						return await Promise.reject(error);
					});
				const lifetimeMs = token.expiresInSeconds * 1000;
				const refreshAt = startedAt + lifetimeMs - refreshMarginMs(token.expiresInSeconds);
				if (refreshAt > this.clock()) this.entries.set(id, { accessToken: token.accessToken, refreshAt });
				return token.accessToken;
			} finally {
				this.inFlight.delete(id);
			}
		})();
		this.inFlight.set(id, request);
		return { accessToken: await request, fetched: true };
	}

	private supersede(id: string, token: string) {
		let tokens = this.superseded.get(id);
		if (!tokens) this.superseded.set(id, (tokens = new Set()));
		tokens.add(token);
		if (tokens.size > SUPERSEDED_KEPT) tokens.delete(tokens.values().next().value as string);
	}

	/** Forget every kept token and remembered refusal (requests in flight still complete). */
	clear(): void {
		this.entries.clear();
		this.superseded.clear();
		this.refusals.clear();
	}
}

/** The token request, or an error once `ms` have passed without an answer (AbortSignal.timeout: no setTimeout). */
function bounded(request: Promise<IssuedToken>, ms: number): Promise<IssuedToken> {
	const signal = AbortSignal.timeout(ms);
	return new Promise<IssuedToken>((resolve, reject) => {
		const late = () =>
			reject(
				new TokenRequestError(
					`The token request got no answer within ${Math.round(ms / 1000)} s. The social-security gateway may be slow or down: try again later.`,
					undefined,
					'ETIMEDOUT',
				),
			);
		signal.addEventListener('abort', late, { once: true });
		const done = () => signal.removeEventListener('abort', late);
		request.then(
			(token) => {
				done();
				resolve(token);
			},
			(error: unknown) => {
				done();
				reject(error);
			},
		);
	});
}

/** The one cache of the n8n process. */
export const tokenCache = new TokenCache();
