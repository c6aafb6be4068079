/**
 * The node's run, as users run it: one execution of the CareerPro FLA node in the n8n engine with N input items
 * (Training > Create), then one execution of Training > Get Many with Return All for the same employer. With a
 * batch size, the N items go through several executions of Training > Create instead, as with Loop Over Items.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_REQUEST_OPTIONS } from '../../nodes/CareerProFla/shared/transport';
import { Engine, type RunResult } from '../support/engine';
import { credentialData, TRAINING_DATE, trainingRows, type Outcome, type RunRequest } from './workload';

export async function runInEngine(request: RunRequest): Promise<Outcome> {
	const engine = new Engine();
	const credentialId = engine.saveCredential(credentialData(request));
	// The options a new node starts with in the editor, with the concurrency of both clients.
	const requestOptions = { ...DEFAULT_REQUEST_OPTIONS, maxConcurrency: request.concurrency };
	const rows = trainingRows(request.size, request.workers);

	const register = (input: typeof rows) =>
		engine.runNode(
			{
				credentialId,
				parameters: {
					resource: 'training',
					operation: 'create',
					enterpriseNumber: request.enterpriseNumber,
					ssin: '={{ $json.ssin }}',
					title: '={{ $json.title }}',
					trainingType: 'formal',
					startDate: TRAINING_DATE,
					endDate: TRAINING_DATE,
					durationHours: '1',
					additionalFields: {},
					requestOptions,
				},
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
			requestOptions,
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
