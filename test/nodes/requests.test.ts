/**
 * Requests the node must not send, and what it sends and says instead, run through the n8n engine against the
 * sandbox (each `describe` names the point of the independent review it covers). What the sandbox received is
 * counted, so that "refused before sending" is proved, not assumed.
 */
import { ENTERPRISES, startWorld, type World } from '../support/world';
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
