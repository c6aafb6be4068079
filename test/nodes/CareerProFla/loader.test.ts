/**
 * The node as n8n's loader delivers it (n8n-core's DirectoryLoader rewrite), and as a node added in the editor
 * starts: its own options once, in the Parameters tab, with their defaults; n8n's Request Options in the Settings
 * tab, unchanged; and a run with the editor's default parameters keeps to the default concurrency.
 */
import { NodeHelpers, type INode, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { CONCURRENCY, NODE_OPTIONS } from '../../../nodes/CareerProFla/shared/transport';
import { loadedNode } from '../../support/loader';
import { WORKERS, startWorld, type World } from '../../support/world';

const { description } = loadedNode();
const names = (properties: readonly unknown[]) => (properties as INodeProperties[]).map((p) => p.name);

/** The parameters n8n's editor gives a node when it is added and Training > Create is picked. */
function editorDefaults(chosen: INodeParameters): INodeParameters {
	const node = { id: 'x', name: 'CareerPro FLA', type: 'n8n-nodes-careerpro-fla.careerProFla', typeVersion: 1, position: [0, 0], parameters: chosen } as INode;
	return NodeHelpers.getNodeParameters(description.properties, chosen, true, false, node, description) ?? {};
}

describe('The node as n8n loads it', () => {
	it("keeps n8n's Request Options a node setting of its own, with n8n's options only, each once", () => {
		const settings = description.properties.filter((p) => p.name === 'requestOptions');
		expect(settings).toHaveLength(1);
		expect(settings[0].isNodeSetting).toBe(true);
		expect(settings[0].default).toEqual({});
		const options = names(settings[0].options ?? []);
		expect(new Set(options).size).toBe(options.length);
		expect(options).not.toContain('maxConcurrency');
	});

	it('shows its own options once, in the Parameters tab, with their defaults', () => {
		const own = description.properties.filter((p) => p.name === NODE_OPTIONS);
		expect(own).toHaveLength(1);
		expect(own[0].isNodeSetting).toBeFalsy();
		expect(names(own[0].options ?? [])).toEqual(['maxConcurrency']);
		expect(own[0].default).toEqual({ maxConcurrency: CONCURRENCY.default });
		expect(own[0].options?.[0]).toMatchObject({ default: CONCURRENCY.default, typeOptions: { maxValue: CONCURRENCY.max } });
		const parameters = editorDefaults({ resource: 'training', operation: 'create' });
		expect(parameters[NODE_OPTIONS]).toEqual({ maxConcurrency: CONCURRENCY.default });
		expect(parameters.requestOptions).toEqual({});
	});
});

describe('A node added in the editor, with its default parameters', () => {
	let world: World;
	beforeAll(async () => {
		world = await startWorld();
	});
	afterAll(async () => world.close());

	it('sends at most the default number of requests at a time', async () => {
		world.sandbox.reset({ stats: true });
		world.sandbox.setKnobs({ latencyMs: 5 });
		const parameters = editorDefaults({
			resource: 'training',
			operation: 'create',
			enterpriseNumber: world.employer.enterpriseNumber,
			ssin: WORKERS[1],
			title: '={{ "Default course " + $json.n }}',
			trainingType: 'formal',
			startDate: '2026-02-03',
			endDate: '2026-02-03',
			durationHours: '1',
		});
		const rows = Array.from({ length: 200 }, (_, n) => ({ n }));
		const { items, error } = await world.run(world.employer, parameters, rows);
		world.sandbox.setKnobs({ latencyMs: 0 });
		expect(error).toBeUndefined();
		expect(items.filter((i) => typeof i.json.trainingId === 'string')).toHaveLength(200);
		expect(world.sandbox.stats().concurrency.max).toBe(CONCURRENCY.default);
	});
});
