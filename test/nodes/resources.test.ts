/**
 * Training rights, credits, opt-outs, providers' trainings, a mandatary over several employers, and a 1000-item
 * run, through the n8n engine against the sandbox.
 */
import { ENTERPRISES, json, startWorld, WORKERS, type World } from '../support/world';
import { requestCount } from '../support/sandboxStats';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const employer = { enterpriseNumber: '0202239951' };

describe('Training Right and Training Credit', () => {
	it('creates rights, lists them by year, and computes the credit left after a training', async () => {
		const right = await world.run(world.employer, {
			resource: 'trainingRight',
			operation: 'create',
			...employer,
			ssin: WORKERS[0],
			year: '2025',
			rightType: 'individual',
			unit: 'days',
			amount: '5',
			additionalFields: { jointCommittee: 'PC 200' },
		});
		expect(right.error).toBeUndefined();
		expect(right.items[0].json).toMatchObject({ ssin: WORKERS[0], year: 2025, unit: 'days', amount: 5, jointCommittee: '200' });

		const training = await world.run(world.employer, {
			resource: 'training',
			operation: 'create',
			...employer,
			ssin: WORKERS[0],
			title: 'Forklift safety',
			trainingType: 'formal',
			startDate: '2025-03-02',
			endDate: '2025-03-02',
			durationHours: '7:36',
			additionalFields: { status: 'completed' },
		});
		expect(training.error).toBeUndefined();

		const credit = await world.run(world.employer, {
			resource: 'trainingCredit',
			operation: 'get',
			...employer,
			creditSsin: '85.07.30-033.28',
			year: '2025',
		});
		expect(credit.error).toBeUndefined();
		expect(credit.items[0].json).toMatchObject({ ssin: WORKERS[0], year: 2025, rightHours: 38, usedHours: 7.6, remainingHours: 30.4 });

		const credits = await world.run(world.employer, {
			resource: 'trainingCredit',
			operation: 'getAll',
			...employer,
			year: '2025',
			returnAll: true,
		});
		expect(json(credits.items)).toContainEqual(expect.objectContaining({ ssin: WORKERS[0], remainingHours: 30.4 }));

		const rights = await world.run(world.employer, {
			resource: 'trainingRight',
			operation: 'getAll',
			...employer,
			returnAll: true,
			filters: { year: '2025' },
			simplify: true,
		});
		expect(json(rights.items)).toEqual([
			{ trainingRightId: right.items[0].json.trainingRightId, ssin: WORKERS[0], year: 2025, rightType: 'individual', unit: 'days', amount: 5 },
		]);
	});

	it('refuses a year the account does not hold, before sending', async () => {
		const before = requestCount(world.sandbox);
		const { error } = await world.run(world.employer, { resource: 'trainingCredit', operation: 'get', ...employer, creditSsin: WORKERS[0], year: '2019' });
		expect(error?.message).toBe("'Year' 2019 is outside the years the Federal Learning Account holds (2023 to 2026) [item 1]");
		expect(requestCount(world.sandbox)).toBe(before);
	});
});

describe('Opt-Out', () => {
	it('opts out company-wide and for one worker, reads it, and withdraws it', async () => {
		const company = await world.run(world.employer, { resource: 'optOut', operation: 'create', ...employer, year: '2026', optOutScope: 'company' });
		const worker = await world.run(world.employer, {
			resource: 'optOut',
			operation: 'create',
			...employer,
			year: '2026',
			optOutScope: 'worker',
			optOutSsin: WORKERS[1],
		});
		expect([company.error, worker.error]).toEqual([undefined, undefined]);
		const got = await world.run(world.employer, { resource: 'optOut', operation: 'get', ...employer, year: '2026' });
		expect(got.items[0].json).toEqual({ year: 2026, companyWide: true, workers: [WORKERS[1]] });

		const removed = await world.run(world.employer, {
			resource: 'optOut',
			operation: 'delete',
			...employer,
			year: '2026',
			optOutScope: 'worker',
			optOutSsin: WORKERS[1],
		});
		expect(json(removed.items)).toEqual([{ deleted: true, enterpriseNumber: '0202239951', year: 2026, ssin: WORKERS[1] }]);
		const after = await world.run(world.employer, { resource: 'optOut', operation: 'get', ...employer, year: '2026' });
		expect(after.items[0].json).toEqual({ year: 2026, companyWide: true, workers: [] });
	});
});

describe('Provider Training', () => {
	it('registers a training with participants given as a list, and a training provider only', async () => {
		const created = await world.run(world.trainingProvider, {
			resource: 'providerTraining',
			operation: 'create',
			title: 'Welding basics',
			trainingType: 'formal',
			startDate: '01/04/2026',
			endDate: '02/04/2026',
			durationHours: '14',
			participantsInput: 'json',
			participantsJson: '={{ $json.participants }}',
			additionalFields: {},
		}, [{ participants: [{ ssin: '85.07.30-033.28', employerEnterpriseNumber: 'BE 0202.239.951' }, { ssin: WORKERS[1] }] }]);
		expect(created.error).toBeUndefined();
		expect(created.items[0].json).toMatchObject({
			title: 'Welding basics',
			participants: [{ ssin: WORKERS[0], employerEnterpriseNumber: '0202239951' }, { ssin: WORKERS[1] }],
		});

		const listed = await world.run(world.trainingProvider, {
			resource: 'providerTraining',
			operation: 'getAll',
			returnAll: true,
			filters: { ssin: WORKERS[1] },
			simplify: true,
		});
		expect(listed.items.map((i) => i.json.trainingId)).toEqual([created.items[0].json.trainingId]);

		const wrongQuality = await world.run(world.employer, { resource: 'providerTraining', operation: 'getAll', returnAll: true, filters: {}, simplify: true });
		expect(wrongQuality.error?.message).toBe("This resource needs a credential with the quality 'Training provider' [item 1]");
	});

	it('names the participant whose NISS is wrong', async () => {
		const { error } = await world.run(world.trainingProvider, {
			resource: 'providerTraining',
			operation: 'create',
			title: 'Welding basics',
			trainingType: 'formal',
			startDate: '2026-04-01',
			endDate: '2026-04-02',
			durationHours: '14',
			participantsInput: 'fields',
			participants: { participant: [{ ssin: WORKERS[0] }, { ssin: '85073003329' }] },
			additionalFields: {},
		});
		expect(error?.message).toMatch(/^'Participant 2: Participant NISS\/INSZ' "85073003329" is not a valid NISS\/INSZ number/);
	});
});

describe('A mandatary', () => {
	it('works for each client employer it holds a mandate for, and is told when it holds none', async () => {
		const rows = [ENTERPRISES.clientA, ENTERPRISES.clientB, ENTERPRISES.notAClient].map((enterpriseNumber) => ({ enterpriseNumber }));
		const { items } = await world.run(
			world.provider,
			{
				resource: 'training',
				operation: 'create',
				enterpriseNumber: '={{ $json.enterpriseNumber }}',
				ssin: WORKERS[2],
				title: 'Onboarding',
				trainingType: 'informal',
				startDate: '2026-01-05',
				endDate: '2026-01-05',
				durationHours: '2',
				additionalFields: {},
			},
			rows,
			{ continueOnFail: true },
		);
		expect(items.map((i) => i.json.error ?? 'ok')).toEqual([
			'ok',
			'ok',
			`No active Federal Learning Account mandate for enterprise ${ENTERPRISES.notAClient} [item 3]`,
		]);
		const stored = world.sandbox.data().trainings.filter((t) => t.title === 'Onboarding');
		expect(stored.map((t) => t.enterpriseNumber).sort()).toEqual([ENTERPRISES.clientA, ENTERPRISES.clientB].sort());
	});
});

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
