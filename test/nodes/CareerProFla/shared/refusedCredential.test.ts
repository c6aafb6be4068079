/**
 * A credential the gateway refuses (an unknown client ID) must not be asked again and again: the refusal is
 * remembered for its settings (a minute, and for the rest of the node run), so the other items fail at once with
 * the same message. A passing failure of the token endpoint (503) is not remembered.
 */
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
