/**
 * How many parameter values n8n evaluates per item when the node runs with its fields mapped from the input (as a
 * spreadsheet feeds it), counted in the real engine against the sandbox, and where n8n evaluates them.
 *
 * n8n resolves each parameter value through `WorkflowExpression.resolveSimpleParameterValue`; the count of its calls
 * over N items, divided by N, is the figure printed (and, of those, the calls on an expression such as the mapped
 * `={{ $json.ssin }}`: each costs an isolate round trip in n8n 2.x's `vm` engine). The first line is Training > Create
 * with the required fields and one Additional Field mapped (the figure the earlier versions of this program printed);
 * then Training > Create with every field of the training mapped, Training > Get and Training > Update with the ID and
 * the Update Fields mapped. Each line is followed by where the mapped expressions were evaluated, per item (the
 * sites of test/support/evaluations.ts: `loop` and `base_url` are n8n's RoutingNode evaluating every property, shown or
 * not, in runNode's loop and again in resolveBaseUrl; `routing_send` reads of parameters declared with `routing`;
 * `node` the node's own preSend).
 * Run: `npx ts-node --transpile-only --prefer-ts-exts test/bench/evaluations.ts [N]` (`--prefer-ts-exts`: the node
 * file, not its codex `CareerProFla.node.json`).
 */
import type { IDataObject } from 'n8n-workflow';

import { TRAINING_FIELDS } from '../../nodes/CareerProFla/shared/contract';
import { ENTERPRISES } from '../support/clients';
import { countEvaluations, SITES, type Evaluations } from '../support/evaluations';
import { mappedTrainingCreate, OPTIONAL_TRAINING_VALUES, spreadsheetRow } from '../support/spreadsheet';
import { startWorld, type World } from '../support/world';

function report(label: string, n: number, count: Evaluations) {
	const per = (value: number) => (value / n).toFixed(2);
	console.log(
		`${label ? `${label} ` : ''}items=${n} evaluations=${count.calls} per_item=${per(count.calls)} ` +
			`mapped_expressions_per_item=${per(count.expressions)}`,
	);
	console.log(`  where: ${SITES.map((site) => `${site}=${per(count.sites[site])}`).join(' ')}`);
}

/** Runs the node and fails loudly unless every item came out without error. */
async function runAll(world: World, parameters: IDataObject, rows: IDataObject[]) {
	const { items, error } = await world.run(world.employer, parameters, rows);
	const failed = items.find((item) => item.json.error !== undefined);
	if (error || items.length !== rows.length || failed) {
		throw new Error(`the run failed: ${String(error?.message ?? failed?.json.error ?? items.length)}`);
	}
	return items;
}

async function main() {
	const n = Number(process.argv[2] ?? 200);
	const world = await startWorld();
	try {
		// Training > Create, the required fields and the status mapped.
		const rows = Array.from({ length: n }, (_, i) => spreadsheetRow({ title: `Course ${i + 1}`, status: 'completed' }));
		const mapped = mappedTrainingCreate({ additionalFields: { status: '={{ $json.status }}' } });
		report('', n, await countEvaluations(async () => void (await runAll(world, mapped, rows))));

		// Training > Create, every field of the training mapped.
		const optional = TRAINING_FIELDS.filter((field) => !field.required);
		const missing = optional.filter((field) => !(field.parameter in OPTIONAL_TRAINING_VALUES)).map((field) => field.parameter);
		if (missing.length) throw new Error(`no value for the optional fields ${missing.join(', ')}`);
		const allFields = mappedTrainingCreate({
			additionalFields: Object.fromEntries(optional.map((field) => [field.parameter, `={{ $json.${field.parameter} }}`])),
		});
		const fullRows = Array.from({ length: n }, (_, i) => spreadsheetRow({ title: `Full course ${i + 1}`, ...OPTIONAL_TRAINING_VALUES }));
		let created: IDataObject[] = [];
		report(
			`training_create_all_fields mapped=${JSON.stringify(allFields).split('={{').length - 1}`,
			n,
			await countEvaluations(async () => {
				created = (await runAll(world, allFields, fullRows)).map((item) => item.json);
			}),
		);

		// Training > Get and Training > Update of the records just created, the ID (and the changes) mapped.
		const idRows = created.map((record, i) => ({
			enterpriseNumber: `BE ${ENTERPRISES.employer}`,
			trainingId: record.trainingId,
			title: `Renamed course ${i + 1}`,
			hours: '8,5',
		}));
		const byId = { __rl: true, mode: 'id', value: '={{ $json.trainingId }}' };
		report(
			'training_get',
			n,
			await countEvaluations(async () => {
				await runAll(world, { resource: 'training', operation: 'get', enterpriseNumber: '={{ $json.enterpriseNumber }}', trainingId: byId }, idRows);
			}),
		);
		report(
			'training_update',
			n,
			await countEvaluations(async () => {
				await runAll(
					world,
					{
						resource: 'training',
						operation: 'update',
						enterpriseNumber: '={{ $json.enterpriseNumber }}',
						trainingId: byId,
						updateFields: { title: '={{ $json.title }}', durationHours: '={{ $json.hours }}' },
					},
					idRows,
				);
			}),
		);
	} finally {
		await world.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
