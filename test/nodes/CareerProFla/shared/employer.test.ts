/**
 * A mandatary acting for several employers, and refused for the others, through the n8n engine against the sandbox.
 */
import { ENTERPRISES, startWorld, WORKERS, type World } from '../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

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
