/**
 * How the node sends: 1000 items at once, a busy or failing gateway, a Retry-After longer than the node waits, a
 * listing that changes while it is read, a token refused in the middle of a run, and a large input. Through the n8n
 * engine against the sandbox.
 */

import { PATHS } from '../../../../nodes/CareerProFla/shared/contract';
import { ENTERPRISES, startWorld, WORKERS, type World } from '../../../support/world';
import { mark, routeOf } from '../../../support/sandboxStats';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const employer = { enterpriseNumber: ENTERPRISES.employer };

describe('1000 items at once', () => {
	it('cause one token request, store each training once, and keep to the concurrency limit', async () => {
		world.sandbox.reset({ stats: true, tokens: true });
		// A little latency so that requests overlap and the limit is reached, not merely never exceeded.
		world.sandbox.setKnobs({ latencyMs: 5 });
		world.engine.saveCredential({ ...world.engine.credentials.stored(world.employer.credentialId), accessToken: '' }, world.employer.credentialId);
		const rows = Array.from({ length: 1000 }, (_, i) => ({ title: `Bulk course ${i}` }));
		const { items, error } = await world.run(
			world.employer,
			{
				resource: 'training',
				operation: 'create',
				...employer,
				ssin: WORKERS[3],
				title: '={{ $json.title }}',
				trainingType: 'formal',
				startDate: '2026-02-01',
				endDate: '2026-02-01',
				durationHours: '1',
				additionalFields: {},
				options: { maxConcurrency: 8 },
			},
			rows,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1000);
		const stats = world.sandbox.stats();
		expect(stats.tokenRequests).toBe(1);
		expect(stats.concurrency.max).toBe(8);
		world.sandbox.setKnobs({ latencyMs: 0 });
		const bulk = world.sandbox.data().trainings.filter((t) => String(t.title).startsWith('Bulk course '));
		expect(bulk).toHaveLength(1000);
		expect(new Set(bulk.map((t) => t.title)).size).toBe(1000);
	});
});

describe('A busy or failing gateway', () => {
	const bulk = (prefix: string) => ({
		resource: 'training',
		operation: 'create',
		...employer,
		ssin: WORKERS[4],
		title: `={{ "${prefix} " + $json.n }}`,
		trainingType: 'formal',
		startDate: '2026-02-01',
		endDate: '2026-02-01',
		durationHours: '1',
		additionalFields: {},
	});
	const stored = (prefix: string) => world.sandbox.data().trainings.filter((t) => String(t.title).startsWith(`${prefix} `));
	const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ n: i }));

	afterEach(() => world.sandbox.setKnobs({ unavailableRate: 0, dropRate: 0, dropAfterProcessingRate: 0, retryAfterSeconds: 1 }));

	it('waits out 503 answers and stores every row once', async () => {
		world.sandbox.setKnobs({ unavailableRate: 0.3, retryAfterSeconds: 0, seed: 3 });
		const { items, error } = await world.run(world.employer, bulk('Busy'), rows(60));
		expect(error).toBeUndefined();
		expect(items.filter((i) => i.json.error)).toEqual([]);
		expect(world.sandbox.stats().unavailable).toBeGreaterThan(0);
		expect(stored('Busy')).toHaveLength(60);
		expect(new Set(stored('Busy').map((t) => t.title)).size).toBe(60);
	});

	it('never sends a write twice when its answer was lost; the item says so and nothing is duplicated', async () => {
		world.sandbox.setKnobs({ dropAfterProcessingRate: 0.2, seed: 5 });
		const { items } = await world.run(world.employer, bulk('Dropped'), rows(60), { continueOnFail: true });
		const failed = items.filter((i) => i.json.error);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) expect(item.json).toMatchObject({ mayHaveBeenProcessed: true });
		expect(String(failed[0].json.description)).toContain('may have been registered anyway');
		// Every row is either stored once (its answer arrived or not) and none twice.
		const titles = stored('Dropped').map((t) => t.title);
		expect(titles).toHaveLength(60);
		expect(new Set(titles).size).toBe(60);
		expect(items).toHaveLength(60);
	});
});

describe('A gateway that asks for a long wait', () => {
	afterEach(() => world.sandbox.setKnobs({ rateLimit: null, faultsOnTokenEndpoint: true }));

	it('does not wait past a minute: the item fails, says how long the gateway asked, and the others go through', async () => {
		// A bucket of one request refilled every 200 s: the first request goes, the next is told to wait 200 s.
		world.sandbox.setKnobs({ rateLimit: { requestsPerSecond: 0.005 }, faultsOnTokenEndpoint: false });
		const started = Date.now();
		const { items } = await world.run(
			world.employer,
			{ resource: 'training', operation: 'getAll', ...employer, returnAll: false, limit: 5, filters: { ssin: '={{ $json.ssin }}' }, simplify: true },
			[{ ssin: WORKERS[0] }, { ssin: WORKERS[1] }],
			{ continueOnFail: true },
		);
		expect(Date.now() - started).toBeLessThan(10_000);
		// One item had its page (of no trainings: an empty list, no output item), the other is an error item.
		const failed = items.map((i) => i.json).filter((j) => j.error);
		expect(failed).toHaveLength(items.length);
		expect(failed).toHaveLength(1);
		const index = (items[0].pairedItem as { item: number }).item;
		expect(failed[0].error).toBe(`The gateway is busy: too many requests [item ${index + 1}]`);
		expect(failed[0].description).toMatch(/The gateway asked to wait (199|200) s before trying again\./);
		expect(failed[0].description).toContain("lower 'Max Concurrent Requests'");
		expect(failed[0].httpCode).toBe('429');
		expect(world.sandbox.stats().rateLimited).toBe(1);
	});
});

describe('An export whose data changes while it is read', () => {
	afterEach(() => world.sandbox.setKnobs({ latencyMs: 0 }));

	it('fails loudly instead of skipping the record that moved between two pages', async () => {
		const client = ENTERPRISES.clientA;
		const rows = Array.from({ length: 150 }, (_, n) => ({ n }));
		const created = await world.run(
			world.provider,
			{
				resource: 'training',
				operation: 'create',
				enterpriseNumber: client,
				ssin: WORKERS[1],
				title: '={{ "Moving " + $json.n }}',
				trainingType: 'formal',
				startDate: '2024-06-01',
				endDate: '2024-06-01',
				durationHours: '1',
				additionalFields: {},
			},
			rows,
		);
		expect(created.error).toBeUndefined();
		const firstId = created.items[0].json.trainingId as string;

		// Each request waits 300 ms in the sandbox. Once the first page is answered, the second is on its way (and
		// waiting); a training of the first page is then deleted without delay, so every later record moves up one place.
		world.sandbox.setKnobs({ latencyMs: 300 });
		const since = mark(world.sandbox);
		const listing = world.run(world.provider, {
			resource: 'training',
			operation: 'getAll',
			enterpriseNumber: client,
			returnAll: true,
			filters: {},
			simplify: false,
		});
		const listPath = PATHS.trainings(client);
		for (let waited = 0; ; waited += 5) {
			const pages = world.sandbox.requests().slice(since).filter((r) => r.method === 'GET' && r.path.endsWith(listPath));
			if (pages.some((r) => r.status === 200) && pages.length === 2) break;
			if (waited > 10_000) throw new Error('the first page never came back');
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		world.sandbox.setKnobs({ latencyMs: 0 });
		const deleted = await world.run(world.provider, { resource: 'training', operation: 'delete', enterpriseNumber: client, trainingId: firstId });
		expect(deleted.error).toBeUndefined();

		const { error } = await listing;
		expect(error?.message).toBe(
			'The list of trainings is incomplete: the number of trainings changed from 150 to 149 while they were read [item 1]',
		);
		expect(error?.description).toContain('one may have been skipped');

		// Read again when nothing writes: complete.
		const again = await world.run(world.provider, {
			resource: 'training',
			operation: 'getAll',
			enterpriseNumber: client,
			returnAll: true,
			filters: {},
			simplify: true,
		});
		expect(again.error).toBeUndefined();
		const stored = world.sandbox.data().trainings.filter((t) => t.enterpriseNumber === client);
		expect(again.items.map((i) => i.json.trainingId).sort()).toEqual(stored.map((t) => t.trainingId).sort());
	});
});

describe('A token refused in the middle of a run', () => {
	it('is replaced once and the run goes on, every item stored once', async () => {
		world.sandbox.reset({ stats: true });
		const rows = Array.from({ length: 40 }, (_, n) => ({ n }));
		const before = { ...world.engine.credentials.preAuthentications };
		// Requests take 20 ms: the tokens are revoked while the run is under way.
		world.sandbox.setKnobs({ latencyMs: 20 });
		const running = world.run(world.employer, {
			resource: 'training',
			operation: 'create',
			...employer,
			ssin: WORKERS[2],
			title: '={{ "Refreshed " + $json.n }}',
			trainingType: 'informal',
			startDate: '2026-03-01',
			endDate: '2026-03-01',
			durationHours: '0,5',
			additionalFields: {},
			options: { maxConcurrency: 1 },
		}, rows);
		while (world.sandbox.stats().apiRequests < 10) await new Promise((resolve) => setTimeout(resolve, 5));
		world.sandbox.expireTokens();
		const { items, error } = await running;
		world.sandbox.setKnobs({ latencyMs: 0 });

		expect(error).toBeUndefined();
		expect(items.filter((i) => i.json.error)).toEqual([]);
		const stats = world.sandbox.stats();
		expect(stats.requests[routeOf(stats, 'POST', '/employers/{enterpriseNumber}/trainings')]).toEqual({ '201': 40, '401': 1 });
		expect(stats.tokenRequests).toBe(1);
		expect(world.engine.credentials.preAuthentications.afterRefusal - before.afterRefusal).toBe(1);
		const titles = world.sandbox.data().trainings.filter((t) => String(t.title).startsWith('Refreshed ')).map((t) => t.title);
		expect(titles).toHaveLength(40);
		expect(new Set(titles).size).toBe(40);
	});
});

describe('A large input', () => {
	it("starts sending while n8n still prepares the later items when n8n's Batching setting is on", async () => {
		// When the last item's value is first read, some requests must already have reached the gateway (the engine
		// hands the node the item itself: its getter tells when). Without Batching, none has.
		let reachedBeforeLast = -1;
		const since = world.sandbox.stats().apiRequests;
		const rows: Array<{ n: number }> = Array.from({ length: 299 }, (_, n) => ({ n }));
		rows.push({
			get n() {
				if (reachedBeforeLast < 0) reachedBeforeLast = world.sandbox.stats().apiRequests - since;
				return 299;
			},
		});
		const { items, error } = await world.run(world.employer, {
			resource: 'training',
			operation: 'create',
			...employer,
			ssin: WORKERS[3],
			title: '={{ "Early " + $json.n }}',
			trainingType: 'formal',
			startDate: '2026-04-01',
			endDate: '2026-04-01',
			durationHours: '1',
			additionalFields: {},
			// Settings > Request Options > Batching: 10 items, 1 ms (n8n's setting; off for a new node).
			requestOptions: { batching: { batch: { batchSize: 10, batchInterval: 1 } } },
		}, rows);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(300);
		expect(reachedBeforeLast).toBeGreaterThan(0);
	});
});
