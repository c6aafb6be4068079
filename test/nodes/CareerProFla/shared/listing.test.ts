/**
 * Get Many with Output "One Item per Listing": one item per input item holding that listing's records, their count
 * and the total the gateway announced, paired with its input; a failed listing stays one error item with Continue
 * On Fail. Through the n8n engine against the sandbox.
 */
import { ENTERPRISES, startWorld, WORKERS, type World } from '../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
	const trainings = Array.from({ length: 130 }, (_, i) => ({
		enterpriseNumber: i < 120 ? ENTERPRISES.clientA : ENTERPRISES.clientB,
		ssin: WORKERS[i % WORKERS.length],
		title: `Listing ${i}`,
		trainingType: 'formal',
		startDate: '2025-02-03',
		endDate: '2025-02-03',
		durationHours: 2,
	}));
	world.sandbox.seed({ trainings });
});
afterAll(async () => world.close());

const listing = { resource: 'training', operation: 'getAll', returnAll: true, simplify: false, listOutput: 'listing', enterpriseNumber: '={{ $json.en }}' };

describe('Get Many, one item per listing', () => {
	it('gives one item per employer with every page of its records and the announced total', async () => {
		const result = await world.run(world.provider, listing, [{ en: ENTERPRISES.clientA }, { en: ENTERPRISES.clientB }]);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		const [a, b] = result.items;
		expect(a.json).toMatchObject({ enterpriseNumber: ENTERPRISES.clientA, count: 120, total: 120 });
		expect(b.json).toMatchObject({ enterpriseNumber: ENTERPRISES.clientB, count: 10, total: 10 });
		expect((a.json.records as Array<{ title: string }>).map((r) => r.title)).toEqual(Array.from({ length: 120 }, (_, i) => `Listing ${i}`));
		expect(a.pairedItem).toEqual({ item: 0 });
		expect(b.pairedItem).toEqual({ item: 1 });
	});

	it('keeps the limit and reports the larger total', async () => {
		const result = await world.run(world.provider, { ...listing, returnAll: false, limit: 7 }, [{ en: ENTERPRISES.clientA }]);
		expect(result.items[0].json).toMatchObject({ count: 7, total: 120 });
		expect(result.items[0].json.records).toHaveLength(7);
	});

	it('leaves one error item for an employer without a mandate and still lists the others', async () => {
		const result = await world.run(world.provider, listing, [{ en: ENTERPRISES.employer }, { en: ENTERPRISES.clientB }], { continueOnFail: true });
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toMatch(/mandate/i);
		expect(result.items[0].json.records).toBeUndefined();
		expect(result.items[1].json).toMatchObject({ enterpriseNumber: ENTERPRISES.clientB, count: 10, total: 10 });
	});

	it('does the same for training credits', async () => {
		const result = await world.run(world.provider, { resource: 'trainingCredit', operation: 'getAll', enterpriseNumber: ENTERPRISES.clientA, year: '2025', returnAll: true, listOutput: 'listing' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ enterpriseNumber: ENTERPRISES.clientA, count: WORKERS.length, total: WORKERS.length });
	});
});
