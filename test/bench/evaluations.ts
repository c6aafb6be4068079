/**
 * How many parameter values n8n evaluates per item when the node runs Training > Create with every field mapped
 * from the input (as a spreadsheet feeds it), counted in the real engine against the sandbox.
 *
 * n8n resolves each parameter value through `WorkflowExpression.resolveSimpleParameterValue`; the count of its calls
 * over N items, divided by N, is the figure printed (and, of those, the calls on an expression such as the mapped
 * `={{ $json.ssin }}`). Run: `npx ts-node --transpile-only --prefer-ts-exts test/bench/evaluations.ts [N]` (`--prefer-ts-exts`: the node file, not
 * its codex `CareerProFla.node.json`).
 */
import { WorkflowExpression } from 'n8n-workflow';

import { mappedTrainingCreate, spreadsheetRow } from '../support/spreadsheet';
import { startWorld } from '../support/world';

async function main() {
	const n = Number(process.argv[2] ?? 200);
	const world = await startWorld();
	const parameters = mappedTrainingCreate({ additionalFields: { status: '={{ $json.status }}' } });
	const rows = Array.from({ length: n }, (_, i) => spreadsheetRow({ title: `Course ${i + 1}`, status: 'completed' }));
	const prototype = WorkflowExpression.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
	const original = prototype.resolveSimpleParameterValue;
	let calls = 0;
	let expressions = 0;
	prototype.resolveSimpleParameterValue = function (this: unknown, ...args: unknown[]) {
		calls++;
		if (typeof args[0] === 'string' && args[0].startsWith('=')) expressions++;
		return original.apply(this, args);
	};
	try {
		const { items, error } = await world.run(world.employer, parameters, rows);
		if (error || items.length !== n) throw new Error(`the run failed: ${String(error ?? items.length)}`);
	} finally {
		prototype.resolveSimpleParameterValue = original;
		await world.close();
	}
	console.log(
		`items=${n} evaluations=${calls} per_item=${(calls / n).toFixed(2)} ` +
			`mapped_expressions_per_item=${(expressions / n).toFixed(2)}`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
