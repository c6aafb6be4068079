/**
 * A 1000-row registration and a full export through the n8n engine while the sandbox misbehaves in every way it
 * can: 429 with Retry-After, 503, connections dropped before and after the request was processed, and access
 * tokens that expire in the middle of the run.
 *
 * What must hold: every row is stored exactly once or comes back as an error item that says why; a write whose
 * answer was lost is never sent again, is flagged "may have been processed", and is found at most once in the
 * sandbox; nothing is stored twice, nothing goes missing silently, and each output item is paired with its input.
 * An export returns exactly what the sandbox holds, or fails with an error, never a short list.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_KNOBS, type SandboxStats } from '../../../sandbox/server';
import { findRoute, routeOf } from '../../../support/sandboxStats';
import { mappedTrainingCreate } from '../../../support/spreadsheet';
import { ENTERPRISES, startWorld, WORKERS, type World } from '../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const ROWS = 1000;
const PREFIX = 'Fault run';

const createParameters = mappedTrainingCreate({
	enterpriseNumber: ENTERPRISES.employer,
	trainingType: 'formal',
	startDate: '2026-02-02',
	endDate: '2026-02-03',
	options: { maxConcurrency: 10 },
});

const exportParameters = {
	resource: 'training',
	operation: 'getAll',
	enterpriseNumber: ENTERPRISES.employer,
	returnAll: true,
	filters: {},
	simplify: true,
};

/** The sandbox without faults: its defaults, except the latency and seed a test sets. */
const { latencyMs: _latency, seed: _seed, ...CALM } = DEFAULT_KNOBS;

const rows = Array.from({ length: ROWS }, (_, i) => ({
	ssin: WORKERS[i % WORKERS.length],
	title: `${PREFIX} ${String(i).padStart(4, '0')}`,
	hours: String((i % 8) + 1),
}));

/**
 * Runs `task` while the sandbox makes every issued token expire at every `everyRequests`-th API request it receives:
 * counted on the sandbox's side, not timed, so that a slow machine meets as many expiries as a fast one.
 */
async function withExpiringTokens<T>(everyRequests: number, task: () => Promise<T>): Promise<{ result: T; expired: number }> {
	let expired = 0;
	let received = 0;
	world.sandbox.beforeApiRequest(() => {
		if (++received % everyRequests !== 0) return;
		world.sandbox.expireTokens();
		expired++;
	});
	try {
		return { result: await task(), expired };
	} finally {
		world.sandbox.beforeApiRequest(undefined);
	}
}

describe('A 1000-row registration against a faulty gateway', () => {
	let items: INodeExecutionData[];
	let stats: SandboxStats;
	let refreshes: number;
	let expiries: number;

	beforeAll(async () => {
		world.sandbox.reset();
		world.sandbox.setKnobs({
			...CALM,
			seed: 20260214,
			// Starts empty: the first request meets a 429 however slowly this machine sends.
			rateLimit: { requestsPerSecond: 150, startEmpty: true },
			unavailableRate: 0.05,
			// A 503 says "Retry-After: 0": the node retries at once, as the gateway allows.
			retryAfterSeconds: 0,
			dropRate: 0.03,
			dropAfterProcessingRate: 0.03,
			// Tokens expire on the sandbox's count of requests (below), not by the clock.
			tokenLifetimeSeconds: 3600,
		});
		const before = world.engine.credentials.preAuthentications.afterRefusal;
		const { result, expired } = await withExpiringTokens(100, () =>
			world.run(world.employer, createParameters, rows, { continueOnFail: true }),
		);
		expect(result.error).toBeUndefined();
		items = result.items;
		expiries = expired;
		stats = world.sandbox.stats();
		refreshes = world.engine.credentials.preAuthentications.afterRefusal - before;
		world.sandbox.setKnobs(CALM);
	});

	it('met every kind of fault', () => {
		const post = routeOf(stats, 'POST', '/trainings');
		expect(stats.rateLimited).toBeGreaterThan(0);
		expect(stats.requests[post]['429']).toBeGreaterThan(0);
		expect(stats.unavailable).toBeGreaterThan(0);
		expect(stats.requests[post]['503']).toBeGreaterThan(0);
		expect(stats.dropped.beforeProcessing).toBeGreaterThan(0);
		expect(stats.dropped.afterProcessing).toBeGreaterThan(0);
		// A write was stored and its answer lost: the case that duplicates rows when a client resends.
		expect(stats.lostAnswers[post]?.['201']).toBeGreaterThan(0);
		// Tokens expired under the run: the gateway answered 401, n8n asked the credential again, new tokens came.
		expect(expiries).toBeGreaterThan(0);
		expect(stats.requests[post]['401']).toBeGreaterThan(0);
		expect(refreshes).toBeGreaterThan(0);
		expect(stats.tokensIssued).toBeGreaterThan(1);
	});

	it('answers each input row with one item, paired with it', () => {
		expect(items).toHaveLength(ROWS);
		items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
	});

	it('stores every row at most once, and accounts for every row', () => {
		const post = routeOf(stats, 'POST', '/trainings');
		const stored = world.sandbox.data().trainings.filter((t) => String(t.title).startsWith(`${PREFIX} `));
		const timesStored = new Map<string, number>();
		for (const t of stored) timesStored.set(String(t.title), (timesStored.get(String(t.title)) ?? 0) + 1);
		// Nothing stored twice, nothing stored that was not asked for.
		expect([...timesStored.entries()].filter(([, n]) => n > 1)).toEqual([]);
		expect([...timesStored.keys()].filter((title) => !rows.some((r) => r.title === title))).toEqual([]);

		const outcome = { created: 0, maybeProcessedStored: 0, maybeProcessedNotStored: 0, failedNotStored: 0 };
		items.forEach((item, index) => {
			const json = item.json as IDataObject;
			const row = rows[index];
			const times = timesStored.get(row.title) ?? 0;
			if (!json.error) {
				// Created: the answer is the stored record, and it is stored exactly once.
				expect({ index, title: json.title, times }).toEqual({ index, title: row.title, times: 1 });
				expect(stored.find((t) => t.title === row.title)?.trainingId).toBe(json.trainingId);
				outcome.created++;
				return;
			}
			expect(String(json.error)).toContain(`[item ${index + 1}]`);
			expect(String(json.description ?? '')).not.toBe('');
			if (json.mayHaveBeenProcessed === true) {
				// The answer was lost: the item says so and tells the user to look before resending.
				expect(json.error).toMatch(/^The connection was lost before the gateway answered/);
				expect(json.description).toMatch(/may have been registered anyway, so the node did not send it a second time/);
				if (times === 1) outcome.maybeProcessedStored++;
				else outcome.maybeProcessedNotStored++;
				return;
			}
			// Refused or never sent: nothing was stored, and the item says why.
			expect({ index, times }).toEqual({ index, times: 0 });
			expect(json.error).toMatch(/busy|unavailable|refused the access token|access token|reach the gateway/i);
			outcome.failedNotStored++;
		});

		expect(outcome.created + outcome.maybeProcessedStored + outcome.maybeProcessedNotStored + outcome.failedNotStored).toBe(ROWS);
		expect(stored).toHaveLength(outcome.created + outcome.maybeProcessedStored);
		// Each write whose 201 was lost is one "may have been processed" item that is indeed stored; every other
		// dropped write is one such item that is not.
		const lostCreated = stats.lostAnswers[post]?.['201'] ?? 0;
		expect(outcome.maybeProcessedStored).toBe(lostCreated);
		expect(outcome.maybeProcessedNotStored).toBe((stats.requests[post].dropped ?? 0) - lostCreated);
		// Most rows went through despite the faults.
		expect(outcome.created).toBeGreaterThan(ROWS * 0.8);
	});

	it('sent each row that was answered 201 once: created rows match the 201s the gateway gave', () => {
		const post = routeOf(stats, 'POST', '/trainings');
		const created = items.filter((i) => !i.json.error).length;
		expect(stats.requests[post]['201']).toBe(created);
	});
});

describe('An export against a faulty gateway', () => {
	const expected = () =>
		world.sandbox
			.data()
			.trainings.filter((t) => t.enterpriseNumber === ENTERPRISES.employer)
			.map((t) => String(t.trainingId))
			.sort();

	afterEach(() => world.sandbox.setKnobs(CALM));
	const outcomes: Array<'complete' | 'failed'> = [];

	it.each([
		[11, 0.1],
		[12, 0.1],
		[13, 0.1],
	])('with seed %i and fault rate %f returns exactly every stored training, or fails loudly', async (seed, rate) => {
		expect(expected().length).toBeGreaterThan(ROWS * 0.8);
		world.sandbox.reset({ stats: true });
		world.sandbox.setKnobs({
			...CALM,
			seed,
			rateLimit: { requestsPerSecond: 30, startEmpty: true },
			unavailableRate: rate,
			retryAfterSeconds: 0,
			dropRate: rate,
			dropAfterProcessingRate: rate,
			tokenLifetimeSeconds: 3600,
			// Faults of the token endpoint are met by the registration above; here they would only add long waits.
			faultsOnTokenEndpoint: false,
		});
		const { result } = await withExpiringTokens(5, () => world.run(world.employer, exportParameters));
		const stats = world.sandbox.stats();
		const get = routeOf(stats, 'GET', '/trainings');
		// The export met faults of its own.
		expect(stats.requests[get].dropped ?? 0).toBeGreaterThan(0);
		expect((stats.requests[get]['503'] ?? 0) + (stats.requests[get]['429'] ?? 0)).toBeGreaterThan(0);
		if (result.error) {
			expect(result.items).toEqual([]);
			expect(result.error.message).toMatch(/\[item 1\]$/);
			expect(result.error.description).toBeTruthy();
			outcomes.push('failed');
		} else {
			const ids = result.items.map((i) => String(i.json.trainingId));
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids.sort()).toEqual(expected());
			outcomes.push('complete');
		}
	});

	it('completed at least one of those exports, so the comparison above was made', () => {
		expect(outcomes).toContain('complete');
	});

	/** Runs the export and makes the gateway unavailable for good once `pages` pages were answered. */
	async function exportFailingAfter(pages: number, continueOnFail: boolean) {
		world.sandbox.reset({ stats: true });
		world.sandbox.setKnobs({ ...CALM, latencyMs: 20, retryAfterSeconds: 0 });
		const answered = () => {
			const stats = world.sandbox.stats();
			const get = findRoute(stats, 'GET', '/trainings');
			return get ? (stats.requests[get]['200'] ?? 0) : 0;
		};
		// Counted on the sandbox's side: the page read `pages`-th is answered, every request after it is not.
		let reads = 0;
		world.sandbox.beforeApiRequest((request) => {
			if (request.method === 'GET' && request.path.endsWith('/trainings') && ++reads === pages) {
				world.sandbox.setKnobs({ unavailableRate: 1 });
			}
		});
		try {
			const result = await world.run(world.employer, exportParameters, [{}], { continueOnFail });
			expect(answered()).toBe(pages);
			return result;
		} finally {
			world.sandbox.beforeApiRequest(undefined);
		}
	}

	it('fails with an error, not a short list, when the gateway stops answering half-way', async () => {
		const { items, error } = await exportFailingAfter(3, false);
		expect(items).toEqual([]);
		expect(error?.message).toBe('The gateway is temporarily unavailable [item 1]');
		expect(error?.description).toMatch(/tried 6 times/);
		expect(error?.httpCode).toBe('503');
	});

	it('with Continue On Fail, the failed export is one error item, not a partial list', async () => {
		const { items, error } = await exportFailingAfter(3, true);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({ error: 'The gateway is temporarily unavailable [item 1]', httpCode: '503' });
		expect(items[0].json).not.toHaveProperty('trainingId');
	});
});
