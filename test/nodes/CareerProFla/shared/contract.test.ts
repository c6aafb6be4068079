/**
 * Renaming an API field is an edit of the contract alone: with one wire name changed in the contract (the training's
 * `title` becomes `trainingTitle`), the node keeps every parameter name, so saved workflows such as the example
 * workflows run unchanged, and the body sent uses the new wire name. The node and the engine are loaded afresh with the
 * edited contract and run for real against the sandbox, which keeps its own statement of the API and so refuses the name
 * the gateway does not know.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { CareerProFla } from '../../../../nodes/CareerProFla/CareerProFla.node';

const WORKFLOWS = path.join(__dirname, '..', '..', '..', 'fixtures', 'workflows');

type Contract = typeof import('../../../../nodes/CareerProFla/shared/contract');
type World = typeof import('../../../support/world');

/** The node's parameter names with their labels, at every level (collections included). */
function parameterNames(properties: readonly INodeProperties[]): string[] {
	return properties.flatMap((p) => [
		`${p.name}: ${p.displayName}`,
		...parameterNames(((p.options ?? []) as INodeProperties[]).filter((o) => 'displayName' in o && 'type' in o)),
	]);
}

/** The CareerPro FLA nodes of the example workflows. */
function exampleNodes(): Array<{ file: string; parameters: IDataObject }> {
	return ['2-register-from-spreadsheet.json', '3-hr-system-webhook.json', '1-archive-batch.json', '1-archive-training-provider.json'].flatMap((file) => {
		const workflow = JSON.parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as { nodes: Array<{ type: string; parameters: IDataObject }> };
		return workflow.nodes.filter((n) => n.type.endsWith('.careerProFla')).map((n) => ({ file, parameters: n.parameters }));
	});
}

describe('Renaming a field on the wire', () => {
	let renamed: { node: CareerProFla; world: Awaited<ReturnType<World['startWorld']>> };

	beforeAll(async () => {
		let load: () => Promise<typeof renamed> = async () => {
			throw new Error('not loaded');
		};
		jest.isolateModules(() => {
			// The edit a maintainer would make in contract.ts: one field's `name`, nothing else.
			const contract = require('../../../../nodes/CareerProFla/shared/contract') as Contract;
			const title = contract.TRAINING_FIELDS.find((f) => f.parameter === 'title')!;
			(title as { name: string }).name = 'trainingTitle';
			const { CareerProFla: Node } = require('../../../../nodes/CareerProFla/CareerProFla.node') as { CareerProFla: typeof CareerProFla };
			const { startWorld } = require('../../../support/world') as World;
			load = async () => ({ node: new Node(), world: await startWorld() });
		});
		renamed = await load();
	});
	afterAll(async () => renamed?.world.close());

	it('keeps every parameter name and label of the node', () => {
		const before = parameterNames(new CareerProFla().description.properties);
		expect(before).toContain('title: Title');
		expect(parameterNames(renamed.node.description.properties)).toEqual(before);
	});

	it('leaves the example workflows valid: every parameter they set is still a parameter of the node', () => {
		const known = new Set(renamed.node.description.properties.map((p) => p.name));
		const nodes = exampleNodes();
		expect(nodes.length).toBeGreaterThanOrEqual(3);
		for (const { file, parameters } of nodes) {
			expect({ file, unknown: Object.keys(parameters).filter((name) => !known.has(name)) }).toEqual({ file, unknown: [] });
		}
	});

	it('runs a saved Training > Create unchanged and sends the title under its new wire name', async () => {
		const { parameters } = exampleNodes().find((n) => n.file === '3-hr-system-webhook.json')!;
		const body = {
			enterpriseNumber: '0202.239.951',
			ssin: '85.07.30-033.28',
			title: 'Forklift safety',
			trainingType: 'formal',
			startDate: '2026-03-02',
			endDate: '2026-03-03',
			durationHours: '7,5',
		};
		const { world } = renamed;
		const { error } = await world.run(world.employer, parameters, [{ body }]);
		// The node sent the title under its new wire name only.
		const sent = world.sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/trainings'));
		expect(sent.map((r) => r.body)).toEqual([expect.objectContaining({ trainingTitle: 'Forklift safety', ssin: '85073003328' })]);
		expect(sent[0].body).not.toHaveProperty('title');
		// The sandbox keeps its own statement of the API (test/sandbox/statement.ts), so a rename made in the contract
		// alone is refused there, as the real gateway would refuse a wrong name, instead of passing unnoticed.
		expect(error?.message).toMatch(/refused/);
		expect(JSON.stringify((error as { errorResponse?: unknown } | undefined)?.errorResponse)).toContain('trainingTitle is not a property of this resource');
	});
});
