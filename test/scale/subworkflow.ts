/**
 * Where n8n's queue mode runs a sub-workflow: a parent workflow (Webhook → 4 batches → Execute Workflow, once per
 * batch) and its sub-workflow (Execute Workflow Trigger → HTTP Request with the careerProFlaApi credential, GET
 * {apiUrl}/status). The proxy of attribution.ts tells which process sent each batch's request. This is the shape of
 * the archive example of issue 11 (a parent sending batches of employers to a sub-workflow), reduced to what decides
 * where the batches run.
 */
import { CREDENTIAL_IDS, CREDENTIAL_NAMES, newId } from '../e2e/n8n';

export const PROBE_BATCHES = 4;

export interface SubworkflowProbe {
	parent: { id: string; name: string; nodes: unknown[]; connections: unknown; settings: unknown };
	child: { id: string; name: string; nodes: unknown[]; connections: unknown; settings: unknown };
	hookPath: string;
}

const link = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });

/** The two workflows; `apiUrl` is the employer API root the credential's requests go to (the proxy's). */
export function subworkflowProbe(apiUrl: string): SubworkflowProbe {
	const childId = newId('child');
	const hookPath = `scale-probe-${newId().toLowerCase()}`;
	const settings = { executionOrder: 'v1', callerPolicy: 'workflowsFromSameOwner' };
	const child = {
		id: childId,
		name: 'scale probe: one batch',
		settings,
		nodes: [
			{ id: 'c1', name: 'When called', type: 'n8n-nodes-base.executeWorkflowTrigger', typeVersion: 1.1, position: [0, 0], parameters: { inputSource: 'passthrough' } },
			{
				id: 'c2',
				name: 'Read status',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: { url: `${apiUrl}/status`, authentication: 'predefinedCredentialType', nodeCredentialType: 'careerProFlaApi', options: {} },
				credentials: { careerProFlaApi: { id: CREDENTIAL_IDS.employer, name: CREDENTIAL_NAMES.employer } },
			},
		],
		connections: { 'When called': link('Read status') },
	};
	const parent = {
		id: newId('parent'),
		name: 'scale probe: batches to a sub-workflow',
		settings,
		nodes: [
			{ id: 'p1', name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} }, webhookId: newId('hook') },
			{ id: 'p2', name: 'Batches', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: `return Array.from({ length: ${PROBE_BATCHES} }, (_, i) => ({ json: { batch: i + 1 } }));` } },
			{
				id: 'p3',
				name: 'Run a batch',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [440, 0],
				parameters: { source: 'database', workflowId: { __rl: true, value: childId, mode: 'id' }, mode: 'each', options: { waitForSubWorkflow: true } },
			},
			{ id: 'p4', name: 'Count', type: 'n8n-nodes-base.code', typeVersion: 2, position: [660, 0], parameters: { jsCode: 'return [{ json: { batches: $input.all().length } }];' } },
		],
		connections: { Hook: link('Batches'), Batches: link('Run a batch'), 'Run a batch': link('Count') },
	};
	return { parent, child, hookPath };
}
