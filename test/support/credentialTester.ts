/**
 * The credential test as n8n's server runs it (packages/cli `CredentialsTester.runRequestTest`, n8n 2.41): the
 * credential type's `test.request` as the routing of a temporary node's only property, run by n8n-core's RoutingNode
 * with the credential, and the verdict n8n shows in the editor: for a thrown error, the answer's status text when
 * there is an answer, else `error.cause.code` when there is one, else the error's message.
 */
import { RoutingNode } from 'n8n-core';
import type { ICredentialType, INodeType } from 'n8n-workflow';

import type { Engine } from './engine';

const TEMP_NODE_TYPE = 'n8n-nodes-base.noOp';

export interface CredentialTestVerdict {
	status: 'OK' | 'Error';
	message: string;
}

export async function testCredential(engine: Engine, credentialId: string, credentialType: ICredentialType): Promise<CredentialTestVerdict> {
	const tempNode: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: credentialType.test!.request }, default: '' }],
		},
	};
	engine.types.nodeTypes.set(TEMP_NODE_TYPE, tempNode);
	// The error exactly as RoutingNode throws it, which is what n8n's tester catches (the run data keeps a copy
	// without its `cause`).
	const proto = RoutingNode.prototype;
	const runNode = proto.runNode;
	let thrown: (Error & { cause?: { code?: unknown; response?: { status: number; statusText?: string } } }) | undefined;
	proto.runNode = async function (this: RoutingNode) {
		try {
			return await runNode.call(this);
		} catch (error) {
			thrown = error as typeof thrown;
			throw error;
		}
	};
	try {
		await engine.runNode({ name: 'Temp-Node', type: TEMP_NODE_TYPE, parameters: {}, credentialId });
	} finally {
		proto.runNode = runNode;
	}
	const error = thrown;
	if (!error) return { status: 'OK', message: 'Connection successful!' };
	const cause = error.cause;
	if (cause?.response) {
		return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
	}
	if (cause?.code) return { status: 'Error', message: String(cause.code) };
	return { status: 'Error', message: error.message };
}
