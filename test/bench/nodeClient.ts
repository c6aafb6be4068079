/**
 * The node's run, as users run it: one execution of the CareerPro FLA node in the n8n engine with N input items
 * (Training > Create), then one execution of Training > Get Many with Return All for the same employer. With a
 * batch size, the N items go through several executions of Training > Create instead, as with Loop Over Items.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { CONCURRENCY, NODE_OPTIONS } from '../../nodes/CareerProFla/shared/transport';
import { Engine, NODE_TYPE, PackageTypes, type RunResult } from '../support/engine';
import { loadedNode } from '../support/loader';
import { floorOf } from './floor';
import { credentialData, trainingCreate, trainingRows, type Outcome, type RunRequest } from './workload';

export async function runInEngine(request: RunRequest): Promise<Outcome> {
	// The floor: the same runs through a copy of the node that sends nothing (test/bench/floor.ts).
	const engine = request.kind === 'floor' ? new Engine(new PackageTypes({ [NODE_TYPE]: floorOf(loadedNode()) })) : new Engine();
	const credentialId = engine.saveCredential(credentialData(request));
	// The engine runs the node as n8n's loader delivers it, with the parameters a node added in the editor has: its
	// defaults (n8n's Request Options empty, so no batching). Only a --concurrency other than the default is set.
	const options =
		request.concurrency === CONCURRENCY.default ? {} : { [NODE_OPTIONS]: { maxConcurrency: request.concurrency } };
	const rows = trainingRows(request.size, request.workers);

	const register = (input: typeof rows) =>
		engine.runNode(
			{
				credentialId,
				parameters: trainingCreate(request.enterpriseNumber, options),
			},
			input,
		);

	const registerStarted = performance.now();
	const batchSize = request.batchSize ?? rows.length;
	const created: { items: INodeExecutionData[]; error?: RunResult['error'] } = { items: [] };
	for (let start = 0; start < rows.length && !created.error; start += batchSize) {
		const run = await register(rows.slice(start, start + batchSize));
		created.items.push(...run.items);
		created.error = run.error;
	}
	const registerMs = performance.now() - registerStarted;

	const exportStarted = performance.now();
	const exported = await engine.runNode({
		credentialId,
		parameters: {
			resource: 'training',
			operation: 'getAll',
			enterpriseNumber: request.enterpriseNumber,
			returnAll: true,
			filters: {},
			simplify: false,
			...options,
		},
	});
	const exportMs = performance.now() - exportStarted;

	const createdOk = created.items.filter((item) => typeof item.json.trainingId === 'string' && !item.json.error).length;
	const errorItems = created.items.filter((item) => item.json.error !== undefined).length;
	const failures = (created.error ? 1 : 0) + errorItems + (exported.error ? 1 : 0);
	const firstFailure = created.error?.message ?? exported.error?.message;
	return {
		created: createdOk,
		exported: exported.error ? 0 : exported.items.length,
		failures,
		...(firstFailure ? { firstFailure } : {}),
		registerMs,
		exportMs,
	};
}
