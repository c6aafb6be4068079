/**
 * A credential the gateway refuses (an unknown client ID) must not be asked again and again: the refusal is
 * remembered for its settings (a minute, and for the rest of the node run), so the other items fail at once with
 * the same message. A passing failure of the token endpoint (503) is not remembered.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CareerProFlaApi } from '../../../../credentials/CareerProFlaApi.credentials';
import { tokenCache } from '../../../../credentials/auth/tokenCache';
import { testCredential } from '../../../support/credentialTester';
import { WORKERS, startWorld, type World } from '../../../support/world';

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());
beforeEach(() => tokenCache.clear());

const create = {
	resource: 'training',
	operation: 'create',
	enterpriseNumber: '0202239951',
	ssin: WORKERS[0],
	title: '={{ "Refused " + $json.n }}',
	trainingType: 'formal',
	startDate: '2026-06-01',
	endDate: '2026-06-01',
	durationHours: '1',
	additionalFields: {},
};

const refusedClient = (): string => world.variant(world.employer, { clientId: 'self_service_chaman_424242_revoked' }).credentialId;

describe('A client the token endpoint refuses', () => {
	it('10,000 items send at most 2 token requests, and every item says why', async () => {
		world.sandbox.reset({ stats: true });
		const credentialId = refusedClient();
		const rows = Array.from({ length: 10_000 }, (_, n) => ({ n }));
		const { items, error } = await world.engine.runNode({ parameters: create, credentialId, continueOnFail: true }, rows);
		const stats = world.sandbox.stats();
		console.log(`10,000 items with a refused client: ${stats.tokenRequests} token request(s), ${stats.apiRequests} API request(s)`);
		expect(error).toBeUndefined();
		expect(stats.tokenRequests).toBeLessThanOrEqual(2);
		expect(stats.apiRequests).toBe(0);
		expect(items).toHaveLength(10_000);
		const messages = new Set(items.map((item) => String(item.json.error).replace(/ \[item \d+\]$/, '')));
		expect(messages.size).toBe(1);
		expect([...messages][0]).toMatch(/^The gateway refused the client \(invalid_client/);
	}, 600_000);

	it('is remembered for its settings across runs and the credential test; other settings are asked', async () => {
		world.sandbox.reset({ stats: true });
		const credentialId = refusedClient();
		const first = await world.engine.runNode({ parameters: create, credentialId, continueOnFail: true }, [{ n: 1 }]);
		const second = await world.engine.runNode({ parameters: create, credentialId, continueOnFail: true }, [{ n: 2 }]);
		const verdict = await testCredential(world.engine, credentialId, new CareerProFlaApi());
		expect(world.sandbox.stats().tokenRequests).toBe(1);
		expect(String(second.items[0].json.error)).toBe(String(first.items[0].json.error));
		expect(verdict).toMatchObject({ status: 'Error', message: expect.stringMatching(/^The gateway refused the client/) });
		// The working credential is not affected.
		const good = await world.run(world.employer, create, [{ n: 3 }]);
		expect(good.error).toBeUndefined();
		expect(typeof good.items[0].json.trainingId).toBe('string');
	});
});

describe('A token endpoint that is unavailable for a moment (503)', () => {
	it('is not remembered: the next run asks again and works', async () => {
		world.sandbox.reset({ stats: true, tokens: true });
		const { credentialId } = world.variant(world.employer);
		world.sandbox.setKnobs({ unavailableRate: 1, faultsOnTokenEndpoint: true, retryAfterSeconds: 0 });
		const failed = await world.engine.runNode({ parameters: create, credentialId, continueOnFail: true }, [{ n: 4 }]);
		world.sandbox.setKnobs({ unavailableRate: 0, faultsOnTokenEndpoint: false });
		expect(String(failed.items[0].json.error)).toMatch(/token/i);
		const tokenRequestsWhileDown = world.sandbox.stats().tokenRequests;
		expect(tokenRequestsWhileDown).toBeGreaterThan(1);
		const again = await world.engine.runNode({ parameters: create, credentialId }, [{ n: 5 }]);
		expect(again.error).toBeUndefined();
		expect(typeof again.items[0].json.trainingId).toBe('string');
		expect(world.sandbox.stats().tokenRequests).toBe(tokenRequestsWhileDown + 1);
	}, 120_000);
});

describe('A token endpoint that asks to wait (429/503 with Retry-After)', () => {
	it('is not asked again before the time it gave; past a minute every item fails at once and says when to try again', async () => {
		world.sandbox.reset({ stats: true, tokens: true });
		const { credentialId } = world.variant(world.employer);
		world.sandbox.setKnobs({ unavailableRate: 1, faultsOnTokenEndpoint: true, retryAfterSeconds: 120 });
		const started = Date.now();
		try {
			const rows = Array.from({ length: 10 }, (_, n) => ({ n }));
			const { items } = await world.engine.runNode({ parameters: create, credentialId, continueOnFail: true }, rows);
			const ms = Date.now() - started;
			console.log(`10 items, token endpoint 503 with Retry-After: 120: ${world.sandbox.stats().tokenRequests} token request(s) in ${ms} ms`);
			expect(world.sandbox.stats().tokenRequests).toBe(1);
			expect(ms).toBeLessThan(5_000);
			expect(items).toHaveLength(10);
			for (const item of items) {
				expect(String(item.json.error)).toMatch(/token/i);
				expect(String(item.json.description)).toMatch(/asked to wait 1[12]\d s before trying again/);
			}
		} finally {
			world.sandbox.setKnobs({ unavailableRate: 0, faultsOnTokenEndpoint: false, retryAfterSeconds: 1 });
		}
	}, 120_000);

	it('waits the time it gave, once for all items, then gets the token and sends every item', async () => {
		world.sandbox.reset({ stats: true, tokens: true });
		const { credentialId } = world.variant(world.employer);
		world.sandbox.setKnobs({ unavailableRate: 1, faultsOnTokenEndpoint: true, retryAfterSeconds: 3 });
		// The gateway is back a second later, but asked for three.
		const back = setTimeout(() => world.sandbox.setKnobs({ unavailableRate: 0, faultsOnTokenEndpoint: false, retryAfterSeconds: 1 }), 1_000);
		const started = Date.now();
		try {
			const rows = Array.from({ length: 10 }, (_, n) => ({ n }));
			const { items, error } = await world.engine.runNode({ parameters: create, credentialId, continueOnFail: true }, rows);
			const ms = Date.now() - started;
			expect(error).toBeUndefined();
			expect(items.filter((item) => typeof item.json.trainingId === 'string')).toHaveLength(10);
			expect(world.sandbox.stats().tokenRequests).toBe(2);
			expect(ms).toBeGreaterThanOrEqual(2_900);
		} finally {
			clearTimeout(back);
			world.sandbox.setKnobs({ unavailableRate: 0, faultsOnTokenEndpoint: false, retryAfterSeconds: 1 });
		}
	}, 120_000);
});

describe('An API that refuses every token (a wrong API URL)', () => {
	it('500 items ask for at most 2 tokens: the refusal is remembered for the node run, and every item says why', async () => {
		const api = http.createServer((request, response) => {
			request.resume();
			response.writeHead(401, { 'Content-Type': 'application/problem+json' });
			response.end(JSON.stringify({ type: 'urn:problem-type:belgif:invalidAccessToken', title: 'Invalid access token', status: 401 }));
		});
		await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
		try {
			world.sandbox.reset({ stats: true, tokens: true });
			const { port } = api.address() as AddressInfo;
			const { credentialId } = world.variant(world.employer, { apiUrl: `http://127.0.0.1:${port}/REST/fla/v1` });
			const rows = Array.from({ length: 500 }, (_, n) => ({ n }));
			const { items, error } = await world.engine.runNode({ parameters: create, credentialId, continueOnFail: true }, rows);
			const tokens = world.sandbox.stats().tokenRequests;
			console.log(`500 items against an API that refuses every token: ${tokens} token request(s)`);
			expect(error).toBeUndefined();
			expect(tokens).toBeLessThanOrEqual(2);
			expect(items).toHaveLength(500);
			const messages = new Set(items.map((item) => String(item.json.error).replace(/ \[item \d+\]$/, '')));
			expect([...messages]).toEqual(['The gateway refused the access token']);
		} finally {
			await new Promise((resolve) => api.close(resolve));
		}
	}, 120_000);
});
