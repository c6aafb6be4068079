/**
 * n8n keeps credentials in its database: each `getCredentials` of a node, and each request sent with
 * `httpRequestWithAuthentication` without the credential in hand, is a read of it. n8n 2.x's default database is
 * SQLite behind a pool of 3 connections (tarn) whose waiters give up after a while with "operation timed out for an
 * unknown reason". Items that each read the credential twice (once to choose the API root, once per request)
 * queue thousands of reads at once: in the real n8n CLI (`npm run test:soak`) runs lost hundreds of items to that error.
 *
 * Here the engine's credential store is put behind such a pool (3 reads at a time, 5 ms each, a waiter gives up after
 * a second): the node must read the credential once per node run, whatever the number of items.
 */
import { WORKERS, startWorld, type World } from '../../../support/world';

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

/** n8n's SQLite pool, in the small: `size` reads at a time, each `readMs`; a waiter gives up after `acquireMs`. */
function behindPool(size: number, readMs: number, acquireMs: number) {
	const helper = world.engine.credentials;
	const read = helper.getDecrypted.bind(helper);
	const counts = { reads: 0, timedOut: 0 };
	let busy = 0;
	const queue: Array<() => void> = [];
	const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
	helper.getDecrypted = async (...args: Parameters<typeof read>) => {
		counts.reads++;
		if (busy >= size) {
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					queue.splice(queue.indexOf(go), 1);
					counts.timedOut++;
					reject(new Error('operation timed out for an unknown reason'));
				}, acquireMs);
				const go = () => {
					clearTimeout(timer);
					resolve();
				};
				queue.push(go);
			});
		} else busy++;
		try {
			await pause(readMs);
			return await read(...args);
		} finally {
			const next = queue.shift();
			if (next) next();
			else busy--;
		}
	};
	return { counts, restore: () => (helper.getDecrypted = read) };
}

describe("1,000 items against n8n's credential database (a pool of 3 connections)", () => {
	it('read the credential once per node run, so that no item waits on the database', async () => {
		world.sandbox.reset({ stats: true });
		world.sandbox.setKnobs({ latencyMs: 5 });
		const pool = behindPool(3, 5, 1_000);
		try {
			const rows = Array.from({ length: 1000 }, (_, n) => ({ n }));
			const parameters = {
				resource: 'training',
				operation: 'create',
				enterpriseNumber: '0202239951',
				ssin: WORKERS[0],
				title: '={{ "Pool " + $json.n }}',
				trainingType: 'formal',
				startDate: '2026-06-01',
				endDate: '2026-06-01',
				durationHours: '1',
				additionalFields: {},
			};
			const { items, error } = await world.engine.runNode({ parameters, credentialId: world.employer.credentialId, continueOnFail: true }, rows);
			console.log(`1,000 items: ${pool.counts.reads} credential read(s), ${pool.counts.timedOut} timed out in the pool`);
			expect(error).toBeUndefined();
			const failed = items.filter((item) => item.json.error !== undefined);
			expect(failed.map((item) => item.json.error).slice(0, 3)).toEqual([]);
			expect(items).toHaveLength(1000);
			expect(pool.counts.reads).toBeLessThanOrEqual(2);
		} finally {
			pool.restore();
			world.sandbox.setKnobs({ latencyMs: 0 });
		}
	}, 300_000);
});
