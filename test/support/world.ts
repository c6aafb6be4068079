/**
 * A sandbox gateway with three registered clients (an employer, a mandatary and a training provider), each with a
 * freshly made certificate, and an n8n engine holding a credential for each: what the node tests run against.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Quality } from '../../credentials/gateway';
import { ENTERPRISES, makeClient } from './clients';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server';
import { Engine, type RunResult } from './engine';

export { ENTERPRISES, makeClient, WORKERS } from './clients';

export interface Client {
	clientId: string;
	quality: Quality;
	enterpriseNumber: string;
	credentialId: string;
	/** The secrets of the credential, for tests that check nothing leaks. */
	secrets: { pfx: string; pfxPassword: string; privateKeyPem: string };
}

export interface World {
	sandbox: Sandbox;
	engine: Engine;
	employer: Client;
	provider: Client;
	trainingProvider: Client;
	/** The client with its credential copied under a new id, some fields changed and no token kept. */
	variant(client: Client, changes?: ICredentialDataDecryptedObject): Client;
	/** Runs the node once over `items` with these parameters. */
	run(
		client: Client,
		parameters: IDataObject,
		items?: IDataObject[],
		options?: { continueOnFail?: boolean },
	): Promise<RunResult>;
	close(): Promise<void>;
}

export async function startWorld(options: SandboxOptions = {}): Promise<World> {
	const made = {
		employer: { ...makeClient('employer', ENTERPRISES.employer), enterpriseNumber: ENTERPRISES.employer },
		provider: { ...makeClient('provider', ENTERPRISES.provider), enterpriseNumber: ENTERPRISES.provider },
		trainingProvider: {
			...makeClient('trainingProvider', ENTERPRISES.trainingProvider),
			enterpriseNumber: ENTERPRISES.trainingProvider,
		},
	};
	const sandbox = await startSandbox({
		...options,
		clients: [
			{ clientId: made.employer.clientId, certificate: made.employer.certificatePem, quality: 'employer', enterpriseNumber: ENTERPRISES.employer },
			{
				clientId: made.provider.clientId,
				certificate: made.provider.certificatePem,
				quality: 'provider',
				enterpriseNumber: ENTERPRISES.provider,
				mandates: [ENTERPRISES.clientA, ENTERPRISES.clientB],
			},
			{
				clientId: made.trainingProvider.clientId,
				certificate: made.trainingProvider.certificatePem,
				quality: 'trainingProvider',
				enterpriseNumber: ENTERPRISES.trainingProvider,
			},
			...(options.clients ?? []),
		],
	});
	const engine = new Engine();
	const register = (quality: Quality, m: ReturnType<typeof makeClient> & { enterpriseNumber: string }): Client => ({
		clientId: m.clientId,
		quality,
		enterpriseNumber: m.enterpriseNumber,
		credentialId: engine.saveCredential({
			environment: 'custom',
			tokenUrl: sandbox.tokenUrl,
			apiUrl: quality === 'trainingProvider' ? sandbox.trainingProviderApiUrl : sandbox.apiUrl,
			quality,
			clientId: m.clientId,
			scope: '',
			keyFormat: 'pkcs12',
			pfx: m.pfx,
			pfxPassword: m.pfxPassword,
		}),
		secrets: { pfx: m.pfx, pfxPassword: m.pfxPassword, privateKeyPem: m.privateKeyPem },
	});
	const world: World = {
		sandbox,
		engine,
		employer: register('employer', made.employer),
		provider: register('provider', made.provider),
		trainingProvider: register('trainingProvider', made.trainingProvider),
		variant: (client, changes = {}) => ({
			...client,
			credentialId: engine.saveCredential({ ...engine.credentials.stored(client.credentialId)!, accessToken: '', ...changes }),
		}),
		run: (client, parameters, items = [{}], runOptions = {}) =>
			engine.runNode(
				{ parameters, credentialId: client.credentialId, continueOnFail: runOptions.continueOnFail },
				items,
			),
		close: () => sandbox.close(),
	};
	return world;
}

/** The JSON of the items, for assertions. */
export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
