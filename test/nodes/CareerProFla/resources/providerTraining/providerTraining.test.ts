/**
 * A training provider's trainings and participants through the n8n engine against the sandbox.
 */
import { PATHS } from '../../../../../nodes/CareerProFla/shared/contract';
import { ENTERPRISES, json, startWorld, WORKERS, type World } from '../../../../support/world';
import { providerTrainingCreate } from '../../../../support/parameters';
import { mark, sentSince } from '../../../../support/sandboxStats';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const sent = (since: number) => sentSince(world.sandbox, since);

describe('Provider Training', () => {
	it('registers a training with participants given as a list, and a training provider only', async () => {
		const created = await world.run(world.trainingProvider, providerTrainingCreate({
			startDate: '01/04/2026',
			endDate: '02/04/2026',
			participantsInput: 'json',
			participantsJson: '={{ $json.participants }}',
		}), [{ participants: [{ ssin: '85.07.30-033.28', employerEnterpriseNumber: 'BE 0202.239.951' }, { ssin: WORKERS[1] }] }]);
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
		const { error } = await world.run(
			world.trainingProvider,
			providerTrainingCreate({ participants: { participant: [{ ssin: WORKERS[0] }, { ssin: '85073003329' }] } }),
		);
		expect(error?.message).toMatch(/^'Participant 2: Participant NISS\/INSZ' "85073003329" is not a valid NISS\/INSZ number/);
	});
});

describe('Provider Training: get, update, delete', () => {
	it('reads a training by its ID, changes its fields but not its participants, and deletes it', async () => {
		const created = await world.run(
			world.trainingProvider,
			providerTrainingCreate({
				title: 'Crane operation',
				startDate: '2026-05-04',
				endDate: '2026-05-06',
				durationHours: '22,8',
				participants: { participant: [{ ssin: WORKERS[0], employerEnterpriseNumber: '0202.239.951' }] },
			}),
		);
		expect(created.error).toBeUndefined();
		const id = created.items[0].json.trainingId as string;

		let since = mark(world.sandbox);
		const got = await world.run(world.trainingProvider, { resource: 'providerTraining', operation: 'get', trainingId: id });
		expect(json(got.items)).toEqual([created.items[0].json]);
		expect(sent(since)).toEqual([`GET ${PATHS.providerTraining(id)} 200`]);

		since = mark(world.sandbox);
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

		since = mark(world.sandbox);
		const deleted = await world.run(world.trainingProvider, { resource: 'providerTraining', operation: 'delete', trainingId: id });
		expect(json(deleted.items)).toEqual([{ deleted: true, trainingId: id }]);
		expect(sent(since)).toEqual([`DELETE ${PATHS.providerTraining(id)} 204`]);
		expect(world.sandbox.data().providerTrainings.find((t) => t.trainingId === id)).toBeUndefined();
	});

	it('refuses an update whose end date falls before its start date, before sending', async () => {
		const since = mark(world.sandbox);
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

describe('Provider Training: two sessions of one course on the same days', () => {
	const create = (ifAlreadyRegistered: string) =>
		providerTrainingCreate({
			title: 'Forklift licence',
			startDate: '2026-06-01',
			endDate: '2026-06-01',
			participantsInput: 'json',
			participantsJson: '={{ JSON.stringify($json.participants) }}',
			ifAlreadyRegistered,
		});
	const morning = { participants: [{ ssin: WORKERS[0] }, { ssin: WORKERS[1] }] };
	const afternoon = { participants: [{ ssin: WORKERS[2] }, { ssin: WORKERS[3] }] };
	const stored = () => world.sandbox.data().providerTrainings.filter((t) => t.title === 'Forklift licence');
	const ssins = (t: { participants?: unknown }) => ((t.participants ?? []) as Array<{ ssin: string }>).map((p) => p.ssin).sort();

	beforeEach(() => world.sandbox.reset());

	it.each(['skip', 'update'])('are two trainings, each with its participants (%s)', async (mode) => {
		const first = await world.run(world.trainingProvider, create(mode), [morning, afternoon], { continueOnFail: true });
		expect(json(first.items).map((o) => o.outcome)).toEqual(['created', 'created']);
		expect(stored()).toHaveLength(2);
		expect(stored().map(ssins)).toEqual([[WORKERS[0], WORKERS[1]].sort(), [WORKERS[2], WORKERS[3]].sort()]);

		const again = await world.run(world.trainingProvider, create(mode), [afternoon, morning], { continueOnFail: true });
		expect(json(again.items).map((o) => o.outcome)).toEqual(mode === 'skip' ? ['existing', 'existing'] : ['unchanged', 'unchanged']);
		expect(json(again.items).map((o) => o.trainingId)).toEqual([json(first.items)[1].trainingId, json(first.items)[0].trainingId]);
		expect(stored()).toHaveLength(2);
	});

	it('a session that shares only some participants with a registered one is not taken for it, nor sent', async () => {
		await world.run(world.trainingProvider, create('skip'), [morning]);
		const id = String(stored()[0].trainingId);
		const partial = { participants: [{ ssin: WORKERS[0] }, { ssin: WORKERS[4] }] };
		for (const mode of ['skip', 'update']) {
			const [out] = json((await world.run(world.trainingProvider, create(mode), [partial], { continueOnFail: true })).items);
			expect(String(out.error)).toBe(`Not sent: provider training ${id} has the same 'Title', 'Start Date' and 'End Date' and some of the same participants [item 1]`);
			expect(String(out.description)).toContain(`In both: ${WORKERS[0]}. Only in this item: ${WORKERS[4]}. Only in ${id}: ${WORKERS[1]}.`);
			expect(out.existingId).toBe(id);
		}
		expect(stored()).toHaveLength(1);
		expect(ssins(stored()[0])).toEqual([WORKERS[0], WORKERS[1]].sort());
	});
});
