/**
 * 'If Already Registered' against a gateway that does not list records in the order of registration (the sandbox's
 * knob `listingOrder`): of records registered twice already, the look-up takes the earliest registered, whatever the
 * order of the listing. Through the n8n engine, over HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import { registeredBefore } from '../../../../nodes/CareerProFla/shared/existing';
import { DEFAULT_KNOBS } from '../../../sandbox/server';
import { providerTrainingCreate } from '../../../support/parameters';
import { requestCount } from '../../../support/sandboxStats';
import { ENTERPRISES, json, startWorld, WORKERS, type Client, type World } from '../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.setKnobs({ ...DEFAULT_KNOBS });
});

const ORDERS = ['registration', 'newestFirst', 'scrambled'] as const;

async function run(client: Client, parameters: IDataObject) {
	const result = await world.engine.runNode({ parameters, credentialId: client.credentialId, continueOnFail: true, typeVersion: 2 }, [{}]);
	expect(result.error).toBeUndefined();
	return json(result.items);
}

const training = { ssin: WORKERS[0], title: 'First aid at work', trainingType: 'formal', startDate: '2025-04-01', endDate: '2025-04-01' };
const trainingCreate = (ifAlreadyRegistered: string, durationHours: string) => ({
	resource: 'training',
	operation: 'create',
	enterpriseNumber: ENTERPRISES.employer,
	...training,
	durationHours,
	additionalFields: {},
	ifAlreadyRegistered,
});

/** The same training registered twice already (by another channel), then other trainings around it. */
function seedTwins(stamps?: [string, string]) {
	world.sandbox.seed({
		trainings: [
			{ enterpriseNumber: ENTERPRISES.employer, ...training, durationHours: 4, ...(stamps ? { createdAt: stamps[0] } : {}) },
			{ enterpriseNumber: ENTERPRISES.employer, ...training, title: 'Ladders', durationHours: 2 },
			{ enterpriseNumber: ENTERPRISES.employer, ...training, durationHours: 6, ...(stamps ? { createdAt: stamps[1] } : {}) },
		],
	});
	return world.sandbox.data().trainings.map((t) => t.trainingId);
}

describe.each(ORDERS)('A gateway that lists in the order "%s"', (listingOrder) => {
	beforeEach(() => world.sandbox.setKnobs({ listingOrder }));

	it('Skip returns the earliest registered of two identical trainings', async () => {
		const [first] = seedTwins();
		const [out] = await run(world.employer, trainingCreate('skip', '4'));
		expect(out).toMatchObject({ outcome: 'existing', trainingId: first, durationHours: 4 });
		expect(out.differences).toBeUndefined();
		expect(requestCount(world.sandbox, 'POST')).toBe(0);
	});

	it('Update changes the earliest registered of two identical trainings, not the other', async () => {
		const [first, , second] = seedTwins();
		const [out] = await run(world.employer, trainingCreate('update', '5'));
		expect(out).toMatchObject({ outcome: 'updated', trainingId: first, durationHours: 5 });
		const hours = Object.fromEntries(world.sandbox.data().trainings.map((t) => [t.trainingId, t.durationHours]));
		expect(hours).toMatchObject({ [first]: 5, [second]: 6 });
	});

	it('Fail names the earliest registered', async () => {
		const [first] = seedTwins();
		const [out] = await run(world.employer, trainingCreate('fail', '4'));
		expect(out.existingId).toBe(first);
	});

	it('the time of registration the gateway answers decides before the identifier', async () => {
		// A gateway whose identifiers do not follow the order of registration: the later id was registered first.
		const [, , second] = seedTwins(['2025-06-02T10:00:00.000Z', '2025-06-01T10:00:00.000Z']);
		const [out] = await run(world.employer, trainingCreate('skip', '6'));
		expect(out).toMatchObject({ outcome: 'existing', trainingId: second, durationHours: 6 });
	});

	it("Provider Training: Skip returns the earliest registered of two identical sessions", async () => {
		const session = {
			providerEnterpriseNumber: ENTERPRISES.trainingProvider,
			title: 'Welding basics',
			trainingType: 'formal',
			startDate: '2026-04-01',
			endDate: '2026-04-02',
			participants: [{ ssin: WORKERS[0] }],
		};
		world.sandbox.seed({
			providerTrainings: [
				{ ...session, durationHours: 14 },
				{ ...session, title: 'Other', durationHours: 3 },
				{ ...session, durationHours: 12 },
			],
		});
		const [first] = world.sandbox.data().providerTrainings.map((t) => t.trainingId);
		const [out] = await run(world.trainingProvider, { ...providerTrainingCreate(), ifAlreadyRegistered: 'skip' });
		expect(out).toMatchObject({ outcome: 'existing', trainingId: first, durationHours: 14 });
	});
});

describe('Which of two records was registered first', () => {
	const at = (createdAt?: string, trainingId?: unknown): IDataObject => ({ ...(createdAt ? { createdAt } : {}), ...(trainingId !== undefined ? { trainingId } : {}) });

	it('by the time of registration when both have one and they differ', () => {
		expect(registeredBefore(at('2025-06-01T10:00:00Z', 'TR-000009'), at('2025-06-02T10:00:00Z', 'TR-000001'), 'trainingId')).toBe(true);
		expect(registeredBefore(at('2025-06-02T10:00:00Z', 'TR-000001'), at('2025-06-01T10:00:00Z', 'TR-000009'), 'trainingId')).toBe(false);
	});

	it('else by identifier, its digits read as a number', () => {
		const same = '2025-06-01T10:00:00.000Z';
		expect(registeredBefore(at(same, 'TR-000009'), at(same, 'TR-000010'), 'trainingId')).toBe(true);
		expect(registeredBefore(at(undefined, 9), at(undefined, 10), 'trainingId')).toBe(true);
		expect(registeredBefore(at(undefined, 10), at(undefined, 9), 'trainingId')).toBe(false);
		expect(registeredBefore(at('not a time', '9'), at(same, '10'), 'trainingId')).toBe(true);
	});

	it('never when nothing tells: the record noted first stays', () => {
		expect(registeredBefore(at(), at(), 'trainingId')).toBe(false);
		expect(registeredBefore(at(undefined, 'TR-000001'), at(undefined, 'TR-000002'))).toBe(false);
	});
});
