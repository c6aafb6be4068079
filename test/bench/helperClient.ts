/**
 * n8n's HTTP helper alone: the plain client's work, its requests sent by `this.helpers.httpRequest` (the helper
 * every node sends with; the node's `httpRequestWithAuthentication` ends in it too) from a node run of one item that
 * does nothing else. Its CPU less the plain client's is what n8n's HTTP stack adds to the same requests.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { Engine, PackageTypes } from '../support/engine';
import { runPlain, type Send } from './plainClient';
import type { Outcome, RunRequest } from './workload';

const HELPER_TYPE = 'benchHelperClient';

export async function runHelper(request: RunRequest): Promise<Outcome> {
	let outcome: Outcome | undefined;
	const helperClient: INodeType = {
		description: {
			displayName: 'HTTP helper client',
			name: HELPER_TYPE,
			group: ['transform'],
			version: 1,
			description: "The benchmark's plain client on n8n's HTTP helper",
			defaults: { name: 'HTTP helper client' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const send: Send = async ({ method, url, headers, body }) => {
				const response = await this.helpers.httpRequest({ method, url, headers, body, returnFullResponse: true, ignoreHttpStatusErrors: true });
				const answer = response.body as unknown;
				return { status: response.statusCode as number, body: typeof answer === 'string' ? JSON.parse(answer) : answer };
			};
			outcome = await runPlain(request, send);
			return [[{ json: {} }]];
		},
	};
	const engine = new Engine(new PackageTypes({ [HELPER_TYPE]: helperClient }));
	const run = await engine.runNode({ type: HELPER_TYPE, parameters: {} });
	if (run.error || !outcome) throw new Error(`the HTTP helper client failed: ${run.error?.message ?? 'no outcome'}`);
	return outcome;
}
