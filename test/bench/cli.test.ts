/** The CLI bench's own logic: its options, the CPU profile summary and the workflows it sends (no n8n run here). */
import { benchWorkflow, profileSummary, settings } from './cli';

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
