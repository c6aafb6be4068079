/**
 * Training rights (and the training credit they give) through the n8n engine against the sandbox: create, list,
 * get, update and delete, and a 409 duplicate.
 */
import { PATHS } from '../../../../../nodes/CareerProFla/shared/contract';
import { ENTERPRISES, json, startWorld, WORKERS, type World } from '../../../../support/world';
import { mark, requestCount, sentSince } from '../../../../support/sandboxStats';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const employer = { enterpriseNumber: ENTERPRISES.employer };
const sent = (since: number) => sentSince(world.sandbox, since);

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

		let since = mark(world.sandbox);
		const got = await world.run(world.employer, { resource: 'trainingRight', operation: 'get', ...employer, trainingRightId: id });
		expect(json(got.items)).toEqual([created.items[0].json]);
		expect(sent(since)).toEqual([`GET ${PATHS.trainingRight(ENTERPRISES.employer, id)} 200`]);

		since = mark(world.sandbox);
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

		since = mark(world.sandbox);
		const deleted = await world.run(world.employer, { resource: 'trainingRight', operation: 'delete', ...employer, trainingRightId: id });
		expect(json(deleted.items)).toEqual([{ deleted: true, trainingRightId: id, enterpriseNumber: ENTERPRISES.employer }]);
		expect(sent(since)).toEqual([`DELETE ${PATHS.trainingRight(ENTERPRISES.employer, id)} 204`]);
		expect(world.sandbox.data().trainingRights.find((r) => r.trainingRightId === id)).toBeUndefined();

		const gone = await world.run(world.employer, { resource: 'trainingRight', operation: 'get', ...employer, trainingRightId: id });
		expect(gone.error?.message).toBe(`Not found: training right ${id} of enterprise ${ENTERPRISES.employer} [item 1]`);
	});
});
