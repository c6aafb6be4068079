/**
 * Both "On Error: Continue" modes, as n8n's engine routes them: with the error output, refused items leave on the
 * second output, each paired with its input item, and the accepted ones on the first; with the regular output,
 * every item leaves on the first output, a refused one as `{error, description, field?, ...}` (README, Errors).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { mappedTrainingCreate } from '../../../support/spreadsheet';
import { ENTERPRISES, WORKERS, startWorld, type World } from '../../../support/world';

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const parameters = mappedTrainingCreate({
	enterpriseNumber: '={{ $json.enterprise }}',
	trainingType: 'formal',
	startDate: '2026-05-04',
	endDate: '2026-05-04',
	durationHours: '2',
});
const rows = [
	{ enterprise: ENTERPRISES.employer, ssin: WORKERS[0], title: 'Accepted one' },
	{ enterprise: ENTERPRISES.employer, ssin: '85.07.30-033.29', title: 'Bad NISS' },
	{ enterprise: ENTERPRISES.clientA, ssin: WORKERS[1], title: 'Not my employees' },
	{ enterprise: ENTERPRISES.employer, ssin: WORKERS[2], title: 'Accepted two' },
];
const paired = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);

describe('On Error: Continue (using error output)', () => {
	it('sends refused items to the error output, paired with their input, and the others to the success output', async () => {
		const { outputs, error } = await world.engine.runNode(
			{ parameters, credentialId: world.employer.credentialId, onError: 'continueErrorOutput' },
			rows,
		);
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(2);
		const [success, failed] = outputs;
		expect(paired(success)).toEqual([0, 3]);
		expect(success.map((i) => typeof i.json.trainingId)).toEqual(['string', 'string']);
		expect(paired(failed)).toEqual([1, 2]);
		// n8n adds the input item's fields; the node's own are `error` and `details`.
		expect(failed[0].json).toMatchObject({ details: { field: 'ssin' } });
		expect(String(failed[0].json.error)).toContain("'Worker NISS/INSZ' \"85.07.30-033.29\" is not a valid NISS/INSZ number");
		const description = String((failed[0].json.details as { description: string }).description);
		expect(description).toMatch(/^Nothing was sent for this item/);
		// The description says what to do; it does not repeat the message.
		expect(description).not.toContain('is not a valid NISS/INSZ number');
		expect(failed[1].json).toMatchObject({ details: { httpCode: '403' } });
		expect(String(failed[1].json.error)).toContain(`Enterprise ${ENTERPRISES.clientA} is not the employer of this credential`);
	});
});

describe('On Error: Continue (regular output)', () => {
	it('keeps every item on the one output, a refused one as an error item in its place', async () => {
		const { outputs, error } = await world.engine.runNode(
			{ parameters, credentialId: world.employer.credentialId, onError: 'continueRegularOutput' },
			rows,
		);
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(1);
		const [items] = outputs;
		expect(paired(items)).toEqual([0, 1, 2, 3]);
		expect(typeof items[0].json.trainingId).toBe('string');
		expect(Object.keys(items[1].json).sort()).toEqual(['description', 'error', 'field']);
		expect(items[1].json.field).toBe('ssin');
		expect(items[2].json).toMatchObject({ httpCode: '403' });
		expect(typeof items[3].json.trainingId).toBe('string');
	});
});
