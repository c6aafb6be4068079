/**
 * Training credits (read only): Get for one worker and year, Get Many for every worker of an employer in a year,
 * through the n8n engine against the sandbox, which computes the credit from the rights and trainings it holds.
 */
import { HOURS_PER_DAY, PAGING, PATHS } from '../../../../../nodes/CareerProFla/shared/contract';
import { ssinFrom } from '../../../../sandbox/seed';
import { ENTERPRISES, json, startWorld, WORKERS, type World } from '../../../../support/world';
import { mark, sentSince } from '../../../../support/sandboxStats';

let world: World;

/** More workers with a 2025 right at client A than one page of the gateway holds. */
const MANY = PAGING.maxPageSize + 5;
const manyWorkers = Array.from({ length: MANY }, (_, i) => ssinFrom('1990-01-01', i + 1));

beforeAll(async () => {
	world = await startWorld();
	world.sandbox.seed({
		trainingRights: [
			{ enterpriseNumber: ENTERPRISES.employer, ssin: WORKERS[1], year: 2024, rightType: 'individual', unit: 'days', amount: 4 },
			{ enterpriseNumber: ENTERPRISES.employer, ssin: WORKERS[1], year: 2024, rightType: 'sectoral', unit: 'hours', amount: 6 },
			...manyWorkers.map((ssin) => ({ enterpriseNumber: ENTERPRISES.clientA, ssin, year: 2025, rightType: 'individual', unit: 'days', amount: 2 })),
		],
		trainings: [
			{ enterpriseNumber: ENTERPRISES.employer, ssin: WORKERS[1], title: 'Welding', trainingType: 'formal', startDate: '2024-04-02', endDate: '2024-04-02', durationHours: 7.6, status: 'completed' },
			{ enterpriseNumber: ENTERPRISES.employer, ssin: WORKERS[1], title: 'Not followed', trainingType: 'formal', startDate: '2024-05-02', endDate: '2024-05-02', durationHours: 3, status: 'notFollowed' },
		],
	});
});
afterAll(async () => world.close());

const get = (creditSsin: string, year: string) => ({ resource: 'trainingCredit', operation: 'get', enterpriseNumber: ENTERPRISES.employer, creditSsin, year });

describe('Training Credit > Get', () => {
	it("gives a worker's rights in hours, the completed hours used and what is left, for a NISS in any usual format", async () => {
		const since = mark(world.sandbox);
		const { items, error } = await world.run(world.employer, get('88.02.29-992.97', '2024'));
		expect(error).toBeUndefined();
		const rightHours = 4 * HOURS_PER_DAY + 6;
		expect(items.map((i) => i.json)).toEqual([
			{ ssin: WORKERS[1], year: 2024, rightHours, usedHours: 7.6, remainingHours: Math.round((rightHours - 7.6) * 100) / 100 },
		]);
		// The NISS reaches the gateway as its 11 digits, in the path with the year.
		expect(sentSince(world.sandbox, since)).toEqual([`GET ${PATHS.trainingCredit(ENTERPRISES.employer, WORKERS[1], 2024)} 200`]);
	});

	it('refuses a bad NISS and a year the FLA does not hold, naming the field and the item, and reads the other items', async () => {
		const { items, error } = await world.run(
			world.employer,
			{ ...get('={{ $json.ssin }}', '={{ $json.year }}') },
			[
				{ ssin: WORKERS[1], year: 2024 },
				{ ssin: '85.07.30-033.20', year: 2024 },
				{ ssin: WORKERS[1], year: 2031 },
			],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(items[0].json).toMatchObject({ ssin: WORKERS[1], year: 2024, usedHours: 7.6 });
		expect(items[1].json).toMatchObject({ field: 'ssin' });
		expect(String(items[1].json.error)).toMatch(/NISS.*\[item 2\]/);
		expect(items[2].json).toMatchObject({ field: 'year' });
		expect(String(items[2].json.error)).toMatch(/2031.*\[item 3\]/);
	});

	it('says the worker has no credit that year when the gateway answers 404, without stopping the others', async () => {
		const { items } = await world.run(world.employer, get('={{ $json.ssin }}', '2023'), [{ ssin: WORKERS[1] }, { ssin: WORKERS[4] }], {
			continueOnFail: true,
		});
		expect(items).toHaveLength(2);
		for (const item of items) {
			expect(String(item.json.error)).toMatch(/^Not found: training credit \d{11}\/2023 of enterprise \d{10} \[item [12]\]$/);
			// The gateway's detail ends as a sentence before the advice.
			expect(String(item.json.description)).toMatch(/in 2023 at enterprise \d{10}\. Check the identifier/);
			expect(JSON.stringify(item.json)).not.toMatch(/Bearer|eyJ/);
		}
	});
});

describe('Training Credit > Get Many', () => {
	it("lists every worker's credit of a year for a mandatary's client, through every page of the gateway", async () => {
		const since = mark(world.sandbox);
		const { items, error } = await world.run(world.provider, {
			resource: 'trainingCredit',
			operation: 'getAll',
			enterpriseNumber: ENTERPRISES.clientA,
			year: '2025',
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(json(items).map((c) => c.ssin).sort()).toEqual([...manyWorkers].sort());
		expect(json(items).find((c) => c.ssin === manyWorkers[0])).toEqual({
			ssin: manyWorkers[0],
			year: 2025,
			rightHours: 2 * HOURS_PER_DAY,
			usedHours: 0,
			remainingHours: 2 * HOURS_PER_DAY,
		});
		const pages = sentSince(world.sandbox, since);
		expect(pages).toHaveLength(Math.ceil(MANY / PAGING.maxPageSize));
		expect(pages.every((line) => line.startsWith(`GET ${PATHS.trainingCredits(ENTERPRISES.clientA)}`) && line.endsWith(' 200'))).toBe(true);
	});

	it('stops at the limit', async () => {
		const { items } = await world.run(world.provider, {
			resource: 'trainingCredit',
			operation: 'getAll',
			enterpriseNumber: ENTERPRISES.clientA,
			year: '2025',
			returnAll: false,
			limit: 3,
		});
		expect(items).toHaveLength(3);
	});

	it("refuses an employer the mandatary holds no mandate for, as an error item, and lists the other employer's", async () => {
		const { items } = await world.run(
			world.provider,
			{ resource: 'trainingCredit', operation: 'getAll', enterpriseNumber: '={{ $json.en }}', year: '2025', returnAll: true, listOutput: 'listing' },
			[{ en: ENTERPRISES.notAClient }, { en: ENTERPRISES.clientA }],
			{ continueOnFail: true },
		);
		expect(items).toHaveLength(2);
		expect(String(items[0].json.error)).toMatch(/mandate/i);
		expect(items[1].json).toMatchObject({ enterpriseNumber: ENTERPRISES.clientA, count: MANY, total: MANY });
	});
});
