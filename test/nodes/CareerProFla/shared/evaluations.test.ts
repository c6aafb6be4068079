/**
 * What the node adds to n8n's evaluations of mapped values, counted in the real engine (test/support/evaluations.ts).
 * In n8n 2.x each evaluation of an expression is an isolate round trip. n8n's RoutingNode evaluates every property
 * twice per item whatever the node does (runNode's loop, then resolveBaseUrl); a parameter declared with
 * `routing.send` is read twice more (getRequestOptionsFromParameters, in both), while the node's preSend reads each
 * value once. These tests keep it so: each mapped value is read once per item by the node; not at all by n8n's engine
 * for the operations that map a record and run themselves (shared/items.ts), once by each of its two passes for the
 * others (one property per parameter name); and no parameter of these forms carries a routing that n8n would evaluate
 * again.
 */
import type { IDataObject } from 'n8n-workflow';

import { TRAINING_FIELDS } from '../../../../nodes/CareerProFla/shared/contract';
import { countEvaluations, type Evaluations } from '../../../support/evaluations';
import { mappedTrainingCreate, OPTIONAL_TRAINING_VALUES, spreadsheetRow } from '../../../support/spreadsheet';
import { ENTERPRISES, startWorld, type World } from '../../../support/world';

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const ITEMS = 4;
const expr = (name: string) => `={{ $json.${name} }}`;

/** The expressions of a node's parameters, each once. */
function expressionsOf(parameters: unknown): string[] {
	if (typeof parameters === 'string') return parameters.startsWith('=') ? [parameters] : [];
	if (parameters && typeof parameters === 'object') return [...new Set(Object.values(parameters).flatMap(expressionsOf))];
	return [];
}

async function run(parameters: IDataObject, rows: IDataObject[]): Promise<{ items: IDataObject[]; count: Evaluations }> {
	let items: IDataObject[] = [];
	const count = await countEvaluations(async () => {
		const result = await world.run(world.employer, parameters, rows);
		expect(result.error).toBeUndefined();
		items = result.items.map((item) => item.json);
	});
	expect(items.filter((item) => item.error !== undefined)).toEqual([]);
	return { items, count };
}

/**
 * Each mapped value read once per item by the node's own code, nothing read through `routing`. An operation that maps
 * a record (Create, Update) runs itself (shared/items.ts): n8n's declarative engine evaluates none of its values. The
 * others go through it, which evaluates each property of a parameter's name once in its loop and once for the base
 * URL: one property per name (shared/gather.ts) keeps that at one each.
 */
function expectOneReadEach(parameters: IDataObject, count: Evaluations, through: 'the node alone' | "n8n's engine") {
	const mapped = expressionsOf(parameters);
	expect(mapped.length).toBeGreaterThan(1);
	expect(count.byNode).toEqual(Object.fromEntries(mapped.map((expression) => [expression, ITEMS])));
	expect(count.sites.routing_send).toBe(0);
	expect(count.sites.other).toBe(0);
	const each = through === 'the node alone' ? 0 : mapped.length * ITEMS;
	expect({ loop: count.sites.loop, baseUrl: count.sites.base_url }).toEqual({ loop: each, baseUrl: each });
}

describe('mapped values are evaluated once per item by the node', () => {
	let created: IDataObject[] = [];

	test('Training > Create with every field of the training mapped', async () => {
		const optional = TRAINING_FIELDS.filter((field) => !field.required);
		const parameters = mappedTrainingCreate({
			additionalFields: Object.fromEntries(optional.map((field) => [field.parameter, expr(field.parameter)])),
		});
		const row = spreadsheetRow(OPTIONAL_TRAINING_VALUES);
		const rows = Array.from({ length: ITEMS }, (_, i) => ({ ...row, title: `Course ${i + 1}` }));
		const { items, count } = await run(parameters, rows);
		expectOneReadEach(parameters, count, 'the node alone');
		expect(items[0]).toMatchObject({ status: 'completed', providerName: 'Safety Academy', durationHours: 7.5 });
		created = items;
	});

	test('Training > Get and Update with the Training ID (a resource locator) and the Update Fields mapped', async () => {
		expect(created).toHaveLength(ITEMS);
		const rows = created.map((record, i) => ({
			enterpriseNumber: `BE ${ENTERPRISES.employer}`,
			trainingId: record.trainingId,
			title: `Renamed ${i + 1}`,
			hours: '8,5',
		}));
		const byId = { __rl: true, mode: 'id', value: expr('trainingId') };
		const get = { resource: 'training', operation: 'get', enterpriseNumber: expr('enterpriseNumber'), trainingId: byId };
		const got = await run(get, rows);
		expectOneReadEach(get, got.count, "n8n's engine");
		expect(got.items.map((item) => item.trainingId)).toEqual(created.map((record) => record.trainingId));

		const update = {
			...get,
			operation: 'update',
			updateFields: { title: expr('title'), durationHours: expr('hours') },
		};
		const updated = await run(update, rows);
		expectOneReadEach(update, updated.count, 'the node alone');
		expect(updated.items[1]).toMatchObject({ title: 'Renamed 2', durationHours: 8.5 });
	});
});
