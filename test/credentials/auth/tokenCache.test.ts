/**
 * The token cache's single flight: callers that arrive while a token is fetched wait for that same request. A
 * request that never settles must not hold them (and every later caller) forever.
 */
import { TokenRequestError } from '../../../credentials/errors';
import { FLIGHT_BOUND_MS, TokenCache } from '../../../credentials/auth/tokenCache';
import { TOKEN_TIMEOUT_SECONDS } from '../../../credentials/auth/tokenEndpoint';

const identity = { tokenUrl: 'http://127.0.0.1:1/REST/oauth/v5/token', clientId: 'self_service_chaman_1', fingerprint: 'f' };

describe('A token request that never settles', () => {
	it('fails its callers after the bound, and the next caller asks again', async () => {
		const cache = new TokenCache(Date.now, 300);
		let requests = 0;
		const never = () => {
			requests++;
			return new Promise<never>(() => {});
		};
		const started = Date.now();
		const callers = await Promise.allSettled([1, 2, 3].map(() => cache.get(identity, undefined, never)));
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(requests).toBe(1);
		for (const caller of callers) {
			expect(caller.status).toBe('rejected');
			const reason = (caller as PromiseRejectedResult).reason as TokenRequestError;
			expect(reason).toBeInstanceOf(TokenRequestError);
			expect(reason.message).toMatch(/^The token request got no answer within 0 s\. .*try again later\.$/);
		}
		// Not remembered: the next caller sends a request of its own.
		await expect(cache.get(identity, undefined, async () => ({ accessToken: 'fresh', expiresInSeconds: 3600 }))).resolves.toBe('fresh');
	});

	it('is bounded by default a little beyond the token request timeout', () => {
		expect(FLIGHT_BOUND_MS).toBeGreaterThan(TOKEN_TIMEOUT_SECONDS * 1000);
		expect(FLIGHT_BOUND_MS).toBeLessThanOrEqual(TOKEN_TIMEOUT_SECONDS * 1000 + 60_000);
	});
});

describe('A token endpoint that asked to wait (Retry-After)', () => {
	it('is not asked again before that time; after it, it is', async () => {
		let now = 1_000_000;
		const cache = new TokenCache(() => now);
		let requests = 0;
		const busy = async () => {
			requests++;
			const error = new TokenRequestError('Too many token requests', 429);
			error.retryAt = now + 30_000;
			throw error;
		};
		await expect(cache.get(identity, undefined, busy)).rejects.toThrow('Too many token requests');
		now += 29_000;
		await expect(cache.get(identity, undefined, busy)).rejects.toThrow('Too many token requests');
		expect(requests).toBe(1);
		now += 1_000;
		await expect(cache.get(identity, undefined, async () => ({ accessToken: 'later', expiresInSeconds: 3600 }))).resolves.toBe('later');
	});
});
