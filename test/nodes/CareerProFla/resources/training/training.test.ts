/**
 * The Training resource, run through the n8n engine against the sandbox: what the sandbox stored, what the user
 * sees, and that bad input sends nothing.
 */
import { ENTERPRISES, json, startWorld, WORKERS, type World } from '../../../../support/world';
import { requestCount } from '../../../../support/sandboxStats';
import { mappedTrainingCreate, spreadsheetRow } from '../../../../support/spreadsheet';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const create = mappedTrainingCreate;
const row = spreadsheetRow;

describe('Training', () => {
	it('creates a training from what a spreadsheet holds, sending the canonical form', async () => {
		const { items, error } = await world.run(
			world.employer,
			create({
				additionalFields: { status: 'completed', certificateObtained: true, providerName: 'Safety Academy' },
			}),
			[row()],
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			ssin: '85073003328',
			title: 'Forklift safety',
			trainingType: 'formal',
			startDate: '2026-03-02',
			endDate: '2026-03-03',
			durationHours: 7.5,
			status: 'completed',
			certificateObtained: true,
			providerName: 'Safety Academy',
		});
		const id = items[0].json.trainingId as string;
		expect(id).toBeTruthy();

		const got = await world.run(world.employer, {
			resource: 'training',
			operation: 'get',
			enterpriseNumber: '0202239951',
			trainingId: id,
		});
		expect(json(got.items)).toEqual([items[0].json]);
	});

	it('updates only the fields given, and deletes', async () => {
		const created = await world.run(world.employer, create(), [row({ title: 'First aid', hours: '3:30' })]);
		const id = created.items[0].json.trainingId as string;
		expect(created.items[0].json.durationHours).toBe(3.5);

		const updated = await world.run(world.employer, {
			resource: 'training',
			operation: 'update',
			enterpriseNumber: '0202239951',
			trainingId: id,
			updateFields: { status: 'notFollowed', durationHours: '4' },
		});
		expect(updated.error).toBeUndefined();
		expect(updated.items[0].json).toMatchObject({ trainingId: id, title: 'First aid', status: 'notFollowed', durationHours: 4 });

		const deleted = await world.run(world.employer, {
			resource: 'training',
			operation: 'delete',
			enterpriseNumber: '0202239951',
			trainingId: id,
		});
		expect(json(deleted.items)).toEqual([{ deleted: true, trainingId: id, enterpriseNumber: '0202239951' }]);

		const gone = await world.run(world.employer, {
			resource: 'training',
			operation: 'get',
			enterpriseNumber: '0202239951',
			trainingId: id,
		});
		expect(gone.error?.message).toBe(`Not found: training ${id} of enterprise 0202239951 [item 1]`);
		expect(gone.error?.httpCode).toBe('404');
	});

	it('lists every page, filters by worker and period, and honours Limit and Simplify', async () => {
		const rows = Array.from({ length: 230 }, (_, i) =>
			row({ ssin: WORKERS[i % 2], title: `Course ${i}`, start: `${(i % 28) + 1}/01/2025`, end: `${(i % 28) + 1}/01/2025` }),
		);
		const created = await world.run(world.employer, create(), rows);
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(230);

		const all = await world.run(world.employer, {
			resource: 'training',
			operation: 'getAll',
			enterpriseNumber: '0202239951',
			returnAll: true,
			filters: { ssin: WORKERS[1], startDateFrom: '2025-01-01', startDateTo: '31/01/2025' },
			simplify: false,
		});
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(115);
		expect(new Set(all.items.map((i) => i.json.trainingId)).size).toBe(115);
		expect(all.items.every((i) => i.json.ssin === WORKERS[1])).toBe(true);
		expect(all.items[0].json).toHaveProperty('createdAt');

		const some = await world.run(world.employer, {
			resource: 'training',
			operation: 'getAll',
			enterpriseNumber: '0202239951',
			returnAll: false,
			limit: 7,
			filters: {},
			simplify: true,
		});
		expect(some.items).toHaveLength(7);
		expect(Object.keys(some.items[0].json).sort()).toEqual(
			['durationHours', 'endDate', 'ssin', 'startDate', 'status', 'title', 'trainingId', 'trainingType'].sort(),
		);
	});

	it('refuses bad input before sending anything, naming the field and the item', async () => {
		const before = requestCount(world.sandbox);
		const { items, error } = await world.run(world.employer, create(), [
			row(),
			row({ ssin: '85.07.30-033.29' }),
		]);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(
			`'Worker NISS/INSZ' "85.07.30-033.29" is not a valid NISS/INSZ number: its check digits do not match (look for a typing error) [item 2]`,
		);
		expect(error?.description).toMatch(/^Nothing was sent for this item/);
		expect(error?.context?.itemIndex).toBe(1);
		// Item 1 was valid and may have been sent; item 2 never was.
		expect((requestCount(world.sandbox)) - before).toBeLessThanOrEqual(1);
	});

	it('with Continue On Fail, pairs each error with its item and sends the others', async () => {
		const before = requestCount(world.sandbox, 'POST');
		const { items, error } = await world.run(
			world.employer,
			create(),
			[
				row({ title: 'Good one' }),
				row({ start: '10/03/2026', end: '01/03/2026' }),
				row({ hours: 'seven' }),
				row({ enterpriseNumber: 'BE 0202.239.952' }),
				row({ title: 'Good two', type: 'Informal' }),
			],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items[0].json).toMatchObject({ title: 'Good one' });
		expect(items[1].json).toMatchObject({ field: 'endDate', error: `'End Date' 2026-03-01 is before the start date 2026-03-10 [item 2]` });
		expect(items[2].json).toMatchObject({ field: 'durationHours' });
		expect(String(items[2].json.error)).toContain('"seven" is not a number of hours');
		expect(items[3].json).toMatchObject({ field: 'enterpriseNumber' });
		expect(items[4].json).toMatchObject({ title: 'Good two', trainingType: 'informal' });
		expect((requestCount(world.sandbox, 'POST')) - before).toBe(2);
	});

	it("refuses another employer's number and says so", async () => {
		const { error } = await world.run(world.employer, {
			resource: 'training',
			operation: 'getAll',
			enterpriseNumber: ENTERPRISES.clientA,
			returnAll: true,
			filters: {},
			simplify: true,
		});
		expect(error?.message).toBe(`Enterprise ${ENTERPRISES.clientA} is not the employer of this credential [item 1]`);
		expect(error?.httpCode).toBe('403');
	});
});
