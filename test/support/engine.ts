/**
 * Runs workflows in the real n8n engine (`n8n-core`'s WorkflowExecute and RoutingNode), in-process.
 *
 * What n8n's server adds around the engine is played here by `StoreCredentialsHelper`: a credential store and the
 * server's rules for an expirable token (preAuthentication when the token is empty, after a 401 and on a credential
 * test; the returned token saved back to the store; generic `authenticate` resolved as expressions). Everything
 * else, requests included, is n8n's own code.
 */
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IConnections,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { CareerProFlaApi } from '../../credentials/CareerProFlaApi.credentials';
import { loadedNode } from './loader';

export const PACKAGE = 'n8n-nodes-careerpro-fla';
export const NODE_TYPE = `${PACKAGE}.careerProFla`;
export const CREDENTIAL_TYPE = 'careerProFlaApi';

/** The credential types and node types the engine knows in these tests. */
export class PackageTypes implements INodeTypes {
	readonly credentialTypes = new Map<string, ICredentialType>();
	readonly nodeTypes = new Map<string, INodeType>();

	constructor(
		nodeTypes: Record<string, INodeType> = { [NODE_TYPE]: loadedNode() },
		credentialTypes: ICredentialType[] = [new CareerProFlaApi()],
	) {
		for (const [name, type] of Object.entries(nodeTypes)) this.nodeTypes.set(name, type);
		for (const type of credentialTypes) this.credentialTypes.set(type.name, type);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.nodeTypes.get(nodeType);
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}

	credential(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}
}

/** What the server's credential store and CredentialsHelper do, for the package's credential. */
export class StoreCredentialsHelper extends ICredentialsHelper {
	/** How often the engine ran the credential's preAuthentication, and why. */
	readonly preAuthentications = { emptyToken: 0, afterRefusal: 0 };

	/** `store` may be shared by several engines, as n8n's database is by a main process and its workers. */
	constructor(
		private readonly types: PackageTypes,
		readonly store = new Map<string, ICredentialDataDecryptedObject>(),
	) {
		super();
	}

	save(id: string, data: ICredentialDataDecryptedObject) {
		this.store.set(id, { ...data });
	}

	stored(id: string): ICredentialDataDecryptedObject | undefined {
		return this.store.get(id);
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string) {
		return this.types.credential(type).properties;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(nodeCredentials.id ?? '');
		if (!data) throw new Error(`No credential ${nodeCredentials.id} in the store`);
		// As the server does: the stored values over the defaults of the fields that are shown.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.types.credential(type).properties,
			data as never,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject), ...data };
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(nodeCredentials.id ?? '', { ...data });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.types.credential(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic' && workflow && node) {
			const options = requestOptions as unknown as Record<string, Record<string, string>>;
			for (const [where, entries] of Object.entries(authenticate.properties)) {
				options[where] = options[where] ?? {};
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					const resolved = workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					);
					options[where][key] = resolved ? String(resolved) : '';
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types.credential(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		if (credentialsExpired) this.preAuthentications.afterRefusal++;
		else this.preAuthentications.emptyToken++;
		const output = (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const id = node.credentials?.[typeName]?.id;
		if (id) {
			await this.updateCredentials({ id, name: '' }, typeName, {
				...this.store.get(id),
				...output,
			});
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}
}

export interface EngineNode {
	name?: string;
	type?: string;
	parameters: IDataObject;
	continueOnFail?: boolean;
	/** The node's On Error setting; `continueOnFail` stands for 'continueRegularOutput'. */
	onError?: INode['onError'];
	credentialId?: string;
	/** The node's version (default 1). */
	typeVersion?: number;
}

export interface RunResult {
	/** Output items of the node under test (first output). */
	items: INodeExecutionData[];
	/** Every output of the node under test (with On Error 'continueErrorOutput', the second is the error output). */
	outputs: INodeExecutionData[][];
	/** The node's error when it stopped the workflow. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string | null };
	run: IRun;
}

/** One n8n engine with the package's node and credential and a credential store. */
export class Engine {
	readonly types: PackageTypes;
	readonly credentials: StoreCredentialsHelper;

	constructor(types = new PackageTypes(), store?: StoreCredentialsHelper['store']) {
		this.types = types;
		this.credentials = new StoreCredentialsHelper(types, store);
	}

	/** Saves a credential of the package's type and returns its id. */
	saveCredential(data: ICredentialDataDecryptedObject, id: string = randomUUID()): string {
		this.credentials.save(id, { accessToken: '', ...data });
		return id;
	}

	/**
	 * Runs one node on the given input items, as the engine runs a node whose predecessor produced them.
	 */
	async runNode(node: EngineNode, input: IDataObject[] = [{}]): Promise<RunResult> {
		const name = node.name ?? 'CareerPro FLA';
		const workflowNode: INode = {
			id: randomUUID(),
			name,
			type: node.type ?? NODE_TYPE,
			typeVersion: node.typeVersion ?? 1,
			position: [0, 0],
			parameters: node.parameters as INode['parameters'],
			...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(node.onError ? { onError: node.onError } : {}),
			...(node.credentialId
				? { credentials: { [CREDENTIAL_TYPE]: { id: node.credentialId, name: 'FLA' } } }
				: {}),
		};
		const run = await this.execute([workflowNode], {}, name, input);
		const task = run.data.resultData.runData[name]?.[0];
		return {
			items: task?.data?.main?.[0] ?? [],
			outputs: (task?.data?.main ?? []).map((output) => output ?? []),
			error: (task?.error ?? run.data.resultData.error) as RunResult['error'],
			run,
		};
	}

	/** Runs a workflow from `startNode`, which receives `input` as if a trigger had produced it. */
	async execute(nodes: INode[], connections: IConnections, startNode: string, input: IDataObject[]) {
		const workflow = new Workflow({
			id: randomUUID(),
			nodes,
			connections,
			nodeTypes: this.types,
			active: false,
			settings: { executionOrder: 'v1' },
		});
		const executionId = randomUUID();
		const hooks = new ExecutionLifecycleHooks('manual', executionId, {
			id: workflow.id,
			name: 'test',
			active: false,
			activeVersionId: null,
			isArchived: false,
			nodes,
			connections,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as never);
		const additionalData = {
			hooks,
			credentialsHelper: this.credentials,
			executionId,
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1/',
			formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
			webhookBaseUrl: 'http://127.0.0.1/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
			variables: {},
			currentNodeParameters: undefined,
			executeWorkflow: async () => {
				throw new Error('Sub-workflows are not used by these tests');
			},
			getRunExecutionData: async () => undefined,
			logAiEvent: () => {},
			setExecutionStatus: () => {},
			sendDataToUI: () => {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const start = workflow.getNode(startNode);
		if (!start) throw new Error(`No node ${startNode}`);
		const runExecutionData: IRunExecutionData = {
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [
					{
						node: start,
						data: { main: [input.map((json, index) => ({ json, pairedItem: { item: index } }))] },
						source: null,
					},
				],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;
		const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
		return await execute.processRunExecutionData(workflow);
	}
}
