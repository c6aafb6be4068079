/**
 * Runs one node in the n8n engine in a process of its own, for tests that kill a run halfway (as a crash or a
 * stopped n8n would). The parent sends `{ credential, node, input }` over IPC (the credential's secrets never go
 * through the command line or the environment) and may kill this process at any time; a run that ends answers
 * `{ items, error }`.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { Engine, type EngineNode } from './engine';

export interface ChildRun {
	credential: ICredentialDataDecryptedObject;
	node: EngineNode;
	input: IDataObject[];
}

process.once('message', (message: ChildRun) => {
	const engine = new Engine();
	const credentialId = engine.saveCredential(message.credential);
	process.send?.({ started: true });
	engine.runNode({ ...message.node, credentialId }, message.input).then(
		(result) => process.send?.({ items: result.items.map((i) => i.json), error: result.error?.message }, () => process.exit(0)),
		(error: Error) => process.send?.({ error: error.message }, () => process.exit(1)),
	);
});
