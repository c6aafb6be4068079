/**
 * The operations and gateway behaviours the other node suites leave out: get, update and delete of training rights
 * and providers' trainings, a 409 duplicate, a Retry-After longer than the node waits, a listing that changes
 * while it is read, and a token refused in the middle of a run. Through the n8n engine against the sandbox.
 */
import { RoutingNode } from 'n8n-core';

import { PATHS } from '../../nodes/CareerProFla/shared/contract';
import { routeOf } from '../support/sandboxStats';
import { ENTERPRISES, json, startWorld, WORKERS, type World } from '../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const employer = { enterpriseNumber: ENTERPRISES.employer };

/** The API requests the sandbox answered since `since`, as "METHOD path status", the path below the API root. */
const sent = (since: number) => {
	const roots = [world.sandbox.apiUrl, world.sandbox.trainingProviderApiUrl].map((url) => new URL(url).pathname);
	return world.sandbox
		.requests()
		.slice(since)
		.filter((r) => r.path !== new URL(world.sandbox.tokenUrl).pathname)
		.map((r) => `${r.method} ${r.path.slice(roots.find((root) => r.path.startsWith(`${root}/`))?.length ?? 0)} ${r.status}`);
};
const mark = () => world.sandbox.requests().length;

describe('Training Right: get, update, delete', () => {
	it('reads a right by its ID, changes only the given fields, refuses a duplicate, and deletes it', async () => {
		const created = await world.run(world.employer, {
			resource: 'trainingRight',
			operation: 'create',
			...employer,
			ssin: '72.12.05-361.18',
			year: '2026',
			rightType: 'sectoral',
			unit: 'hours',
			amount: '12,5',
			additionalFields: { jointCommittee: '124', collectiveAgreementNumber: 'CAO 2025/113' },
		});
		expect(created.error).toBeUndefined();
		const id = created.items[0].json.trainingRightId as string;

		let since = mark();
		const got = await world.run(world.employer, { resource: 'trainingRight', operation: 'get', ...employer, trainingRightId: id });
		expect(json(got.items)).toEqual([created.items[0].json]);
		expect(sent(since)).toEqual([`GET ${PATHS.trainingRight(ENTERPRISES.employer, id)} 200`]);

		since = mark();
		const updated = await world.run(world.employer, {
			resource: 'trainingRight',
			operation: 'update',
			...employer,
			trainingRightId: id,
			updateFields: { amount: '15', unit: 'hours' },
		});
		expect(updated.error).toBeUndefined();
		expect(updated.items[0].json).toMatchObject({ trainingRightId: id, amount: 15, rightType: 'sectoral', jointCommittee: '124' });
		expect(sent(since)).toEqual([`PATCH ${PATHS.trainingRight(ENTERPRISES.employer, id)} 200`]);
		expect(world.sandbox.requests().at(-1)?.body).toEqual({ amount: 15, unit: 'hours' });

		const twice = await world.run(world.employer, {
			resource: 'trainingRight',
			operation: 'create',
			...employer,
			ssin: WORKERS[4],
			year: '2026',
			rightType: 'sectoral',
			unit: 'days',
			amount: '1',
			additionalFields: {},
		});
		expect(twice.error?.message).toBe(`Already registered: this training right of enterprise ${ENTERPRISES.employer} exists [item 1]`);
		expect(twice.error?.httpCode).toBe('409');
		expect(twice.error?.description).toContain("'Worker NISS/INSZ'");
		expect(twice.error?.description).toContain('Find the existing record with Get Many and update it');

		since = mark();
		const deleted = await world.run(world.employer, { resource: 'trainingRight', operation: 'delete', ...employer, trainingRightId: id });
		expect(json(deleted.items)).toEqual([{ deleted: true, trainingRightId: id, enterpriseNumber: ENTERPRISES.employer }]);
		expect(sent(since)).toEqual([`DELETE ${PATHS.trainingRight(ENTERPRISES.employer, id)} 204`]);
		expect(world.sandbox.data().trainingRights.find((r) => r.trainingRightId === id)).toBeUndefined();

		const gone = await world.run(world.employer, { resource: 'trainingRight', operation: 'get', ...employer, trainingRightId: id });
		expect(gone.error?.message).toBe(`Not found: training right ${id} of enterprise ${ENTERPRISES.employer} [item 1]`);
	});
});

describe('Provider Training: get, update, delete', () => {
	it('reads a training by its ID, changes its fields but not its participants, and deletes it', async () => {
		const created = await world.run(world.trainingProvider, {
			resource: 'providerTraining',
			operation: 'create',
			title: 'Crane operation',
			trainingType: 'formal',
			startDate: '2026-05-04',
			endDate: '2026-05-06',
			durationHours: '22,8',
			participantsInput: 'fields',
			participants: { participant: [{ ssin: WORKERS[0], employerEnterpriseNumber: '0202.239.951' }] },
			additionalFields: {},
		});
		expect(created.error).toBeUndefined();
		const id = created.items[0].json.trainingId as string;

		let since = mark();
		const got = await world.run(world.trainingProvider, { resource: 'providerTraining', operation: 'get', trainingId: id });
		expect(json(got.items)).toEqual([created.items[0].json]);
		expect(sent(since)).toEqual([`GET ${PATHS.providerTraining(id)} 200`]);

		since = mark();
		const updated = await world.run(world.trainingProvider, {
			resource: 'providerTraining',
			operation: 'update',
			trainingId: id,
			updateFields: { endDate: '07/05/2026', durationHours: '30:24', status: 'completed' },
		});
		expect(updated.error).toBeUndefined();
		expect(updated.items[0].json).toMatchObject({
			trainingId: id,
			title: 'Crane operation',
			endDate: '2026-05-07',
			durationHours: 30.4,
			status: 'completed',
			participants: [{ ssin: WORKERS[0], employerEnterpriseNumber: ENTERPRISES.employer }],
		});
		expect(sent(since)).toEqual([`PATCH ${PATHS.providerTraining(id)} 200`]);

		since = mark();
		const deleted = await world.run(world.trainingProvider, { resource: 'providerTraining', operation: 'delete', trainingId: id });
		expect(json(deleted.items)).toEqual([{ deleted: true, trainingId: id }]);
		expect(sent(since)).toEqual([`DELETE ${PATHS.providerTraining(id)} 204`]);
		expect(world.sandbox.data().providerTrainings.find((t) => t.trainingId === id)).toBeUndefined();
	});

	it('refuses an update whose end date falls before its start date, before sending', async () => {
		const since = mark();
		const { error } = await world.run(world.trainingProvider, {
			resource: 'providerTraining',
			operation: 'update',
			trainingId: 'any',
			updateFields: { startDate: '2026-05-04', endDate: '2026-05-01' },
		});
		expect(error?.message).toMatch(/^'End Date' .*before.*\[item 1\]$/);
		expect(sent(since)).toEqual([]);
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
		const since = mark();
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
		// When n8n's engine hands the last item to the node, some requests must already have reached the gateway.
		const proto = RoutingNode.prototype as unknown as { makeRequest: (...args: unknown[]) => unknown };
		const makeRequest = proto.makeRequest;
		const rows = Array.from({ length: 300 }, (_, n) => ({ n }));
		let reachedBeforeLast = -1;
		const since = world.sandbox.stats().apiRequests;
		proto.makeRequest = function (this: unknown, ...args: unknown[]) {
			if (args[2] === rows.length - 1) reachedBeforeLast = world.sandbox.stats().apiRequests - since;
			return makeRequest.apply(this, args);
		};
		try {
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
		} finally {
			proto.makeRequest = makeRequest;
		}
		expect(reachedBeforeLast).toBeGreaterThan(0);
	});
});
