/**
 * Requests the node must not send, and what it sends and says instead, run through the n8n engine against the
 * sandbox (each `describe` names the point of the independent review it covers). What the sandbox received is
 * counted, so that "refused before sending" is proved, not assumed.
 */
import { providerTrainingCreate } from '../../../support/parameters';
import { requestCount } from '../../../support/sandboxStats';
import { ENTERPRISES, startWorld, WORKERS, type World } from '../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

/** Runs the node and tells how many API requests reached the sandbox meanwhile. */
async function sent(run: () => ReturnType<World['run']>) {
	const before = requestCount(world.sandbox);
	const result = await run();
	return { ...result, requests: requestCount(world.sandbox) - before };
}

/** The parameters of a training's Create, but the duration. */
const training = {
	resource: 'training',
	operation: 'create',
	enterpriseNumber: ENTERPRISES.employer,
	ssin: WORKERS[0],
	title: 'Forklift safety',
	trainingType: 'formal',
	startDate: '2026-03-02',
	endDate: '2026-03-03',
	additionalFields: {},
};

describe('6. identifiers that would reach another path', () => {
	it.each(['.', '..', ' .. ', 'TR-1/..', 'a/b'])(
		'refuses the Training ID %j before sending, naming the field',
		async (trainingId) => {
			for (const operation of ['get', 'delete', 'update']) {
				const { error, requests } = await sent(() =>
					world.run(world.employer, {
						resource: 'training',
						operation,
						enterpriseNumber: ENTERPRISES.employer,
						trainingId,
						updateFields: { title: 'New title' },
					}),
				);
				expect({ operation, requests }).toEqual({ operation, requests: 0 });
				expect(error?.message).toMatch(/^'Training ID' ".*" is not an identifier .*\[item 1\]$/);
			}
		},
	);
});

describe('7. refused before sending, naming the field', () => {
	it('a participant NISS given twice in one provider training', async () => {
		const { error, requests } = await sent(() =>
			world.run(
				world.trainingProvider,
				providerTrainingCreate({ participants: { participant: [{ ssin: WORKERS[0] }, { ssin: WORKERS[1] }, { ssin: '85.07.30-033.28' }] } }),
			),
		);
		expect(requests).toBe(0);
		expect(error?.message).toBe(
			`'Participant 3: Participant NISS/INSZ' ${WORKERS[0]} is already participant 1 [item 1]`,
		);
	});

	it('several bad fields of one item: the message names each, as an AI Agent hands the message alone to its model', async () => {
		const { error, requests } = await sent(() =>
			world.run(world.employer, { ...training, ssin: '85.07.30-033.29', startDate: '3 March 2026', durationHours: '7.5' }),
		);
		expect(requests).toBe(0);
		expect(error?.message).toMatch(/^'Worker NISS\/INSZ' "85\.07\.30-033\.29" is not a valid NISS\/INSZ number: .*; 'Start Date' "3 March 2026" is not a date: use YYYY-MM-DD or DD\/MM\/YYYY .*\[item 1\]$/);
		expect(error?.description).toBe('Nothing was sent for this item. Correct the fields and run it again.');
	});

	it.each(['training', 'providerTraining'])('a Start Date From later than the Start Date To (%s)', async (resource) => {
		const client = resource === 'training' ? world.employer : world.trainingProvider;
		const { error, requests } = await sent(() =>
			world.run(client, {
				resource,
				operation: 'getAll',
				enterpriseNumber: ENTERPRISES.employer,
				returnAll: true,
				filters: { startDateFrom: '01/06/2026', startDateTo: '01/03/2026' },
				simplify: true,
			}),
		);
		expect(requests).toBe(0);
		expect(error?.message).toBe(`'Start Date To' 2026-03-01 is before the Start Date From 2026-06-01 [item 1]`);
	});

	it.each([2.5, 0, -3])('a Limit of %p', async (limit) => {
		const { error, requests } = await sent(() =>
			world.run(world.employer, {
				resource: 'training',
				operation: 'getAll',
				enterpriseNumber: ENTERPRISES.employer,
				returnAll: false,
				limit,
				filters: {},
				simplify: true,
			}),
		);
		expect(requests).toBe(0);
		expect(error?.message).toBe(`'Limit' ${limit} is not a whole number of 1 or more [item 1]`);
	});
});

describe('9. messages worded by what happened', () => {
	afterEach(() => world.sandbox.setKnobs({ dropRate: 0, dropAfterProcessingRate: 0 }));


	it.each([
		['={{ 0 / 0 }}', 'NaN'],
		['={{ 1 / 0 }}', 'Infinity'],
		['={{ -1 / 0 }}', '-Infinity'],
	])('shows %s as %s, not as "null"', async (durationHours, shownAs) => {
		const { error, requests } = await sent(() => world.run(world.employer, { ...training, durationHours }));
		expect(requests).toBe(0);
		expect(error?.message).toBe(`'Duration (Hours)' "${shownAs}" is not a number of hours [item 1]`);
	});

	it('a DELETE whose answer was lost says the record may have been deleted, not registered', async () => {
		const created = await world.run(world.employer, { ...training, durationHours: '7' });
		expect(created.error).toBeUndefined();
		world.sandbox.setKnobs({ dropAfterProcessingRate: 1 });
		const { items } = await world.run(
			world.employer,
			{ resource: 'training', operation: 'delete', enterpriseNumber: ENTERPRISES.employer, trainingId: created.items[0].json.trainingId },
			[{}],
			{ continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ mayHaveBeenProcessed: true });
		expect(items[0].json.description).toMatch(/^The training may have been deleted anyway, so the node did not send the deletion a second time\. Look it up \(Get\)/);
		expect(String(items[0].json.description)).not.toMatch(/registered/);
	});

	it('a GET that kept losing its connection is not flagged as possibly processed: reading changes nothing', async () => {
		world.sandbox.setKnobs({ dropRate: 1 });
		const { items } = await world.run(
			world.employer,
			{ resource: 'training', operation: 'get', enterpriseNumber: ENTERPRISES.employer, trainingId: 'TR-000001' },
			[{}],
			{ continueOnFail: true },
		);
		expect(items[0].json.mayHaveBeenProcessed).toBe(false);
		expect(items[0].json.error).toMatch(/^The connection was lost before the gateway answered .*\[item 1\]$/);
		expect(items[0].json.description).toMatch(/^The node tried 6 times\. Nothing was changed by this read/);
	});
});

describe('3. Update: clearing chosen fields, and nothing to change', () => {
	async function createTraining(): Promise<string> {
		const created = await world.run(world.employer, {
			...training,
			durationHours: '7',
			additionalFields: { description: 'Theory and practice', providerName: 'Safety Academy', status: 'completed' },
		});
		expect(created.error).toBeUndefined();
		return String(created.items[0].json.trainingId);
	}

	const update = (trainingId: string, extra: Record<string, unknown>) =>
		world.run(world.employer, {
			resource: 'training',
			operation: 'update',
			enterpriseNumber: ENTERPRISES.employer,
			trainingId,
			updateFields: {},
			...extra,
		});

	it('clears the chosen optional fields with JSON merge patch null, and changes the others as given', async () => {
		const id = await createTraining();
		const { items, error } = await update(id, { clearFields: ['description', 'providerName'], updateFields: { title: 'Forklift safety 2' } });
		expect(error).toBeUndefined();
		const patch = world.sandbox.requests().filter((r) => r.method === 'PATCH').pop();
		expect(patch?.contentType).toBe('application/merge-patch+json');
		expect(patch?.body).toEqual({ title: 'Forklift safety 2', description: null, providerName: null });
		const stored = world.sandbox.data().trainings.find((t) => t.trainingId === id)!;
		expect(stored).not.toHaveProperty('description');
		expect(stored).not.toHaveProperty('providerName');
		expect(stored).toMatchObject({ title: 'Forklift safety 2', status: 'completed' });
		expect(items[0].json).not.toHaveProperty('description');
	});

	it('refuses a field both changed and cleared, naming it', async () => {
		const id = await createTraining();
		const { error, requests } = await sent(() => update(id, { clearFields: ['description'], updateFields: { description: 'New' } }));
		expect(requests).toBe(0);
		expect(error?.message).toBe("'Description' is both in 'Update Fields' and in 'Fields to Clear': choose one [item 1]");
	});

	it('refuses an update with nothing to change before sending, naming the item', async () => {
		const id = await createTraining();
		const { items, error, requests } = await sent(() =>
			world.run(
				world.employer,
				{ resource: 'training', operation: 'update', enterpriseNumber: ENTERPRISES.employer, trainingId: '={{ $json.id }}', updateFields: { title: '={{ $json.title }}' } },
				[{ id, title: 'Changed' }, { id, title: '' }],
				{ continueOnFail: true },
			),
		);
		expect(error).toBeUndefined();
		expect(requests).toBe(1);
		expect(items[0].json).toMatchObject({ title: 'Changed' });
		expect(items[1].json.error).toBe(
			"'Update Fields' hold nothing to change: give a value to change or choose 'Fields to Clear' [item 2]",
		);
	});
});

describe('2. Get Many returns what the gateway held at one moment, or fails loudly', () => {
	const PREFIX = 'Export consistency';
	const seedTrainings = (count: number) =>
		world.sandbox.seed({
			trainings: Array.from({ length: count }, (_, i) => ({
				enterpriseNumber: ENTERPRISES.clientA,
				ssin: WORKERS[i % WORKERS.length],
				title: `${PREFIX} ${i}`,
				trainingType: 'formal',
				startDate: '2025-03-10',
				endDate: '2025-03-11',
				durationHours: 7,
			})),
		});
	const exportAll = () =>
		world.run(world.provider, {
			resource: 'training',
			operation: 'getAll',
			enterpriseNumber: ENTERPRISES.clientA,
			returnAll: true,
			filters: {},
			simplify: false,
		});
	const stored = () =>
		world.sandbox
			.data()
			.trainings.filter((t) => t.enterpriseNumber === ENTERPRISES.clientA)
			.map((t) => String(t.trainingId))
			.sort();

	beforeEach(() => world.sandbox.reset({ data: true }));
	afterEach(() => world.sandbox.beforeApiRequest(undefined));

	it('fails loudly when a record is deleted and another created between two pages (the total stays 150)', async () => {
		seedTrainings(150);
		let pages = 0;
		world.sandbox.beforeApiRequest((request, store) => {
			if (request.method !== 'GET' || !request.path.endsWith('/trainings')) return;
			if (++pages !== 2) return;
			// Between page 1 and page 2: the 10th record goes, a new one comes (at the end of the list).
			const tenth = [...store.trainings.values()].filter((t) => t.enterpriseNumber === ENTERPRISES.clientA)[9];
			store.trainings.delete(tenth.trainingId);
			store.load({
				trainings: [{ enterpriseNumber: ENTERPRISES.clientA, ssin: WORKERS[0], title: `${PREFIX} new`, trainingType: 'formal', startDate: '2025-04-01', endDate: '2025-04-01', durationHours: 3 }],
			});
		});
		const { items, error } = await exportAll();
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(stored()).toHaveLength(150);
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			'The list of trainings is incomplete: records were added or deleted while the pages were read [item 1]',
		);
		expect(error?.description).toMatch(/Run the node again/);
	});

	it('returns exactly the stored records when nothing changes, reading 100 a page with one record of overlap', async () => {
		seedTrainings(250);
		world.sandbox.reset({ stats: true });
		const { items, error } = await exportAll();
		expect(error).toBeUndefined();
		const ids = items.map((i) => String(i.json.trainingId));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual(stored());
		const pages = world.sandbox.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/trainings'));
		expect(pages.map((r) => new URLSearchParams(r.query).get('offset'))).toEqual(['0', '99', '198']);
	});
});
