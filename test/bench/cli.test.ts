/** The CLI bench's own logic: its options, the CPU profile summary and the workflows it sends (no n8n run here). */
import { benchWorkflow, nodeShape, profileSummary, settings } from './cli';

/** The workflow's third node, the sender, and the Code node's script. */
const senderOf = (flow: ReturnType<typeof benchWorkflow>) => flow.nodes[2] as unknown as { typeVersion: number; parameters: Record<string, unknown> };
const scriptOf = (flow: ReturnType<typeof benchWorkflow>) => (flow.nodes[1].parameters as { jsCode: string }).jsCode;

describe('npm run bench (test/bench/cli.ts)', () => {
	it('measures 10,000 registrations at 20 ms by default, and takes --items in both spellings', () => {
		expect(settings([])).toMatchObject({ items: 10000, latencyMs: 20, profile: false, evaluations: false, memoryCheck: true });
		expect(settings(['--items', '2000', '--profile', '--evaluations'])).toMatchObject({ items: 2000, profile: true, evaluations: true });
		expect(settings(['--items=2000']).items).toBe(2000);
		expect(() => settings(['--items=0'])).toThrow('--items must be a whole number of at least 1');
		expect(() => settings(['--variants=node mapped,nope'])).toThrow('unknown "nope"');
	});

	it('sums self time by function and inclusive time by name, leaving idle out', () => {
		const frame = (functionName: string, url = '/x/n8n-core/dist/routing-node.js') => ({ functionName, url, lineNumber: 9 });
		const profile = {
			nodes: [
				{ id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
				{ id: 2, callFrame: frame('runNode'), children: [3] },
				{ id: 3, callFrame: frame('getParameterValue'), children: [4] },
				{ id: 4, callFrame: frame('execute', '/x/bridge.js') },
				{ id: 5, callFrame: frame('(idle)', '') },
			],
			samples: [4, 4, 3, 2, 5, 5, 5],
			timeDeltas: [100, 100, 100, 100, 1000, 1000, 1000],
		};
		const lines = profileSummary(profile, 2);
		expect(lines[1]).toBe('     50.0 %  execute  bridge.js:10');
		expect(lines[2]).toBe('     25.0 %  getParameterValue  routing-node.js:10');
		expect(lines).toContain('    100.0 %  runNode');
		expect(lines).toContain('     75.0 %  getParameterValue');
		expect(lines).toContain('     50.0 %  execute');
	});

	it('maps version 3 columns automatically from the example sheet columns, with no expression', () => {
		const shape = { versions: [1, 2, 3], defaultVersion: 3, defaultUsesColumns: true, auto: { schema: [{ id: 'ssin' }] } };
		const flow = benchWorkflow('node auto', 3, 'http://sandbox', 'Tag', shape);
		const send = senderOf(flow);
		expect(send.typeVersion).toBe(3);
		expect(send.parameters.columns).toEqual({ mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [{ id: 'ssin' }] });
		expect(JSON.stringify(send.parameters)).not.toContain('{{');
		expect(scriptOf(flow)).toMatch(/NISS: .*Title: .*Type: .*Start: .*End: .*Hours: /);
		const mapped = senderOf(benchWorkflow('node mapped', 3, 'http://sandbox', 'Tag', shape)).parameters.columns as { mappingMode: string; value: Record<string, string> };
		expect(mapped.mappingMode).toBe('defineBelow');
		expect(mapped.value.ssin).toBe('={{ $json.ssin }}');
		const v2 = senderOf(benchWorkflow('node v2 mapped', 3, 'http://sandbox', 'Tag', shape));
		expect(v2.typeVersion).toBe(2);
		expect(v2.parameters.durationHours).toBe('={{ $json.hours }}');
	});
});

describe('the node shape the CLI bench reads', () => {
	const base = [
		{ name: 'resource', type: 'options' },
		{ name: 'operation', type: 'options', displayOptions: { show: { resource: ['training'] } } },
	];
	const columns = { name: 'columns', type: 'resourceMapper', displayOptions: { show: { resource: ['training'], operation: ['create'], '@version': [{ _cnd: { gte: 3 } }] } } };

	it('finds no version 3 in a node of versions 1 and 2, so the auto variant is skipped', async () => {
		const shape = await nodeShape({ description: { version: [1, 2], defaultVersion: 2, properties: base } });
		expect(shape).toEqual({ versions: [1, 2], defaultVersion: 2, auto: undefined, defaultUsesColumns: false });
	});

	it("finds version 3's columns on Training > Create, with the sheet's columns as schema when no method lists the fields", async () => {
		const shape = await nodeShape({ description: { version: [1, 2, 3], defaultVersion: 3, properties: [...base, columns] } });
		expect(shape.auto?.schema.map((f) => f.id)).toEqual(['NISS', 'Title', 'Type', 'Start', 'End', 'Hours']);
		expect(shape.defaultUsesColumns).toBe(true);
	});

	it('takes the schema from the resourceMapper method, and ignores columns shown only on another operation', async () => {
		const withMethod = { ...columns, typeOptions: { resourceMapper: { resourceMapperMethod: 'fields' } } };
		const methods = { resourceMapping: { fields: async () => ({ fields: [{ id: 'ssin', displayName: 'NISS' }] }) } };
		const shape = await nodeShape({ description: { version: [1, 2, 3], defaultVersion: 2, properties: [...base, withMethod] }, methods });
		expect(shape.auto?.schema).toEqual([{ id: 'ssin', displayName: 'NISS' }]);
		expect(shape.defaultUsesColumns).toBe(false);
		const elsewhere = { ...columns, displayOptions: { show: { resource: ['training'], operation: ['update'], '@version': [3] } } };
		expect((await nodeShape({ description: { version: [1, 2, 3], defaultVersion: 3, properties: [...base, elsewhere] } })).auto).toBeUndefined();
	});
});
