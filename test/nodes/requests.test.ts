/**
 * Requests the node must not send, and what it sends and says instead, run through the n8n engine against the
 * sandbox (each `describe` names the point of the independent review it covers). What the sandbox received is
 * counted, so that "refused before sending" is proved, not assumed.
 */
import { ENTERPRISES, startWorld, WORKERS, type World } from '../support/world';
import { requestCount } from '../support/sandboxStats';

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
			world.run(world.trainingProvider, {
				resource: 'providerTraining',
				operation: 'create',
				title: 'Welding basics',
				trainingType: 'formal',
				startDate: '2026-04-01',
				endDate: '2026-04-02',
				durationHours: '14',
				participantsInput: 'fields',
				participants: { participant: [{ ssin: WORKERS[0] }, { ssin: WORKERS[1] }, { ssin: '85.07.30-033.28' }] },
				additionalFields: {},
			}),
		);
		expect(requests).toBe(0);
		expect(error?.message).toBe(
			`'Participant 3: Participant NISS/INSZ' ${WORKERS[0]} is already participant 1 [item 1]`,
		);
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
