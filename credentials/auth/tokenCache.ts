/**
 * The process-wide token cache. n8n starts all items of a declarative node at once and calls preAuthentication
 * for each; here they meet:
 * - one token per (token URL, client ID, scope, key fingerprint), kept until shortly before it expires;
 * - callers that arrive while a token is being fetched wait for that same request (1000 callers, 1 request);
 * - a failed request is not kept: the next caller tries again;
 * - a caller holding the cached token is telling us the gateway refused it (n8n calls again after a 401 with
 *   the refused token in the credential): it gets a new token, and concurrent such callers share one refresh.
 */
import { createHash } from 'node:crypto';

import type { IssuedToken } from './tokenEndpoint';

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

export class TokenCache {
	private readonly entries = new Map<string, Entry>();
	private readonly inFlight = new Map<string, Promise<string>>();

	constructor(private readonly clock: () => number = Date.now) {}

	static idOf(identity: TokenIdentity): string {
		const parts = [identity.tokenUrl, identity.clientId, identity.scope ?? '', identity.fingerprint];
		return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
	}

	/**
	 * A token for this identity. `heldToken` is the token the caller already has (the credential's accessToken):
	 * when it is the cached one, that token was refused, and a new one is fetched.
	 */
	async get(identity: TokenIdentity, heldToken: string | undefined, fetch: () => Promise<IssuedToken>): Promise<string> {
		const id = TokenCache.idOf(identity);
		const pending = this.inFlight.get(id);
		if (pending) return await pending;

		const entry = this.entries.get(id);
		if (entry && this.clock() < entry.refreshAt && entry.accessToken !== heldToken) return entry.accessToken;
		if (entry) this.entries.delete(id);

		const startedAt = this.clock();
		const request = (async () => {
			try {
				// Deferred, so that even a fetch that throws at once leaves through `finally`.
				const token = await Promise.resolve().then(fetch);
				const lifetimeMs = token.expiresInSeconds * 1000;
				const refreshAt = startedAt + lifetimeMs - refreshMarginMs(token.expiresInSeconds);
				if (refreshAt > this.clock()) this.entries.set(id, { accessToken: token.accessToken, refreshAt });
				return token.accessToken;
			} finally {
				this.inFlight.delete(id);
			}
		})();
		this.inFlight.set(id, request);
		return await request;
	}

	/** Forget every kept token (requests in flight still complete). */
	clear(): void {
		this.entries.clear();
	}
}

/** The one cache of the n8n process. */
export const tokenCache = new TokenCache();
