/**
 * Opting out of the automatic calculation, company-wide or for one worker, through the n8n engine against the sandbox.
 */
import { ENTERPRISES, json, startWorld, WORKERS, type World } from '../../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const employer = { enterpriseNumber: ENTERPRISES.employer };

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
