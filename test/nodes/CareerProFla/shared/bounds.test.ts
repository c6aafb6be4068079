/**
 * No item holds a run forever: an attempt of a request that never settles inside n8n (here n8n's database write of
 * the new token never returns, as a stuck SQLite pool would leave it) fails its item after the attempt's bound, with
 * a message naming the item, and the run ends. The bound is n8n's request timeout (5 minutes by default) plus a
 * margin; the test shortens it to about 1.5 s through the margin.
 */
import { BOUNDS } from '../../../../nodes/CareerProFla/shared/transport';
import { tokenCache } from '../../../../credentials/auth/tokenCache';
import { WORKERS, startWorld, type World } from '../../../support/world';

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

describe('A request that never settles inside n8n', () => {
	it('fails its item after the bound, saying it may have been registered, and the run ends', async () => {
		tokenCache.clear();
		const { credentialId } = world.variant(world.employer);
		const helper = world.engine.credentials;
		const update = helper.updateCredentials.bind(helper);
		const margin = BOUNDS.attemptMarginMs;
		helper.updateCredentials = () => new Promise<void>(() => {});
		BOUNDS.attemptMarginMs = 1_500 - BOUNDS.defaultTimeoutMs;
		const started = Date.now();
		try {
			const parameters = {
				resource: 'training',
				operation: 'create',
				enterpriseNumber: '0202239951',
				ssin: WORKERS[0],
				title: '={{ "Stuck " + $json.n }}',
				trainingType: 'formal',
				startDate: '2026-06-01',
				endDate: '2026-06-01',
				durationHours: '1',
				additionalFields: {},
			};
			const rows = Array.from({ length: 3 }, (_, n) => ({ n }));
			const { items, error } = await world.engine.runNode({ parameters, credentialId, continueOnFail: true }, rows);
			expect(error).toBeUndefined();
			expect(Date.now() - started).toBeLessThan(20_000);
			expect(items.map((item) => item.json.error)).toEqual([0, 1, 2].map((i) => `The training request got no answer within 2 s, so the node stopped waiting [item ${i + 1}]`));
			expect(items[0].json).toMatchObject({ mayHaveBeenProcessed: true, description: expect.stringMatching(/may have been registered anyway/) });
		} finally {
			helper.updateCredentials = update;
			BOUNDS.attemptMarginMs = margin;
		}
	}, 60_000);
});
