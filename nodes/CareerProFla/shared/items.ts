/**
 * How the operations that take a record from each item (Create, Update) run: as n8n custom operations
 * (`customOperations`), not through n8n's declarative engine (RoutingNode).
 *
 * Why: before any of the node's code runs, n8n's declarative engine evaluates every property of the node for every
 * item, twice (in its loop over the properties, and again for the credential's base URL), and the node's preSend
 * reads the values once more. In n8n 2.x each evaluation of an expression crosses into an isolate (about 0.5 ms): a
 * record mapped field by field cost three evaluations a field, 21 for Training > Create's 7 fields, where n8n's HTTP
 * Request node pays 2. Run here, each item's parameters are read once, by the operation's own preSend.
 *
 * What runs is the operation's declared routing (shared/transport.ts `route`): its preSend builds the item's request,
 * its sender sends it. Around them this module does what n8n's declarative engine does, in the same order and with
 * the same results: the node's `requestDefaults`; the Settings tab's Request Options (Batching, Proxy, Ignore SSL
 * Issues, Timeout); the credential's allowed domains; every item's request started before any is awaited; an item's
 * failure an error item with 'Continue On Fail', else the node's error, in item order.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type DeclarativeRestApiSettings,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodePropertyRouting,
} from 'n8n-workflow';
import * as workflow from 'n8n-workflow';

import type { Resource } from './gather';
import { runCredential } from './runState';
import { CREDENTIAL_NAME } from './transport';

/** n8n's Settings tab, as n8n's loader adds it to a declarative node (`requestOptions`). */
interface RequestSettings {
	batching?: { batch?: { batchSize?: number; batchInterval?: number } };
	proxy?: string;
	timeout?: number;
	allowUnauthorizedCerts?: boolean;
}

type PreSend = (this: IExecuteSingleFunctions, options: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
type Sender = (this: IExecutePaginationFunctions, data: DeclarativeRestApiSettings.ResultOptions) => Promise<INodeExecutionData[]>;

/** The default timeout of a request, n8n's own for declarative nodes. */
const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * One item's view of the node run's context: what n8n's declarative engine hands a preSend and a sender for that item
 * (its parameters, its input, its index), all else the node run's.
 */
function itemView(context: IExecuteFunctions, itemIndex: number): IExecuteSingleFunctions & IExecutePaginationFunctions {
	const view = Object.create(context) as Record<string, unknown>;
	view.getItemIndex = () => itemIndex;
	view.getNodeParameter = (name: string, fallback?: unknown, options?: unknown) =>
		(context.getNodeParameter as (name: string, itemIndex: number, fallback?: unknown, options?: unknown) => unknown)(name, itemIndex, fallback, options);
	view.getInputData = (inputIndex = 0, connectionType = 'main') => context.getInputData(inputIndex, connectionType as 'main')[itemIndex];
	view.getCredentials = async (type: string) => await context.getCredentials(type, itemIndex);
	view.evaluateExpression = (expression: string) => context.evaluateExpression(expression, itemIndex);
	return view as unknown as IExecuteSingleFunctions & IExecutePaginationFunctions;
}

/**
 * The proxy of the Settings tab, as n8n's declarative engine reads it, or what is wrong with it (then every item
 * fails with n8n's message).
 */
function proxyOf(proxy: string): { proxy: IHttpRequestOptions['proxy'] } | { wrong: string } {
	let parsed: URL;
	try {
		parsed = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
	} catch {
		return { wrong: 'host' };
	}
	const port = Number(parsed.port);
	if (!parsed.hostname) return { wrong: 'host' };
	if (!port) return { wrong: 'port' };
	return {
		proxy: {
			host: parsed.hostname,
			port,
			protocol: parsed.protocol.replace(/:$/, '') || undefined,
			...(parsed.username ? { auth: { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } } : {}),
		},
	};
}

/**
 * The credential's allowed domains (n8n 2.x's credential setting; n8n 1.x has none), as n8n's declarative engine
 * passes them with each request.
 */
async function allowedDomainsOf(context: IExecuteFunctions): Promise<string | undefined> {
	const restrict = (workflow as { getCredentialAllowedDomains?: (options: { node: INode; credentialData: ICredentialDataDecryptedObject; credentialOwnedSurface?: boolean }) => string | undefined }).getCredentialAllowedDomains;
	if (typeof restrict !== 'function') return undefined;
	// The node run's one read of the credential, which its requests are then sent with (runState.ts).
	const { data } = await runCredential(itemView(context, 0), CREDENTIAL_NAME);
	return restrict({ node: context.getNode(), credentialData: data, credentialOwnedSurface: true });
}

/** Runs an operation's routing for every item of the node run. */
export function runItems(routing: INodePropertyRouting, requestDefaults: IDataObject) {
	const preSend = (routing.send?.preSend ?? []) as PreSend[];
	const sender = routing.operations?.pagination as Sender;
	const method = routing.request?.method;
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const items = this.getInputData();
		const settings = this.getNodeParameter('requestOptions', 0, {}) as RequestSettings;
		const batchSize = (settings.batching?.batch?.batchSize ?? 0) > 0 ? settings.batching!.batch!.batchSize! : 1;
		const batchInterval = settings.batching?.batch?.batchInterval ?? 0;
		const proxied = settings.proxy ? proxyOf(settings.proxy) : undefined;
		const proxy = proxied && 'proxy' in proxied ? proxied.proxy : undefined;
		const allowedDomains = await allowedDomainsOf(this);

		const sent: Array<Promise<INodeExecutionData[]>> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			if (itemIndex > 0 && batchInterval > 0 && itemIndex % batchSize === 0) await sleep(batchInterval);
			if (proxied && 'wrong' in proxied) {
				const error = new NodeOperationError(node, 'The proxy is not valid', {
					itemIndex,
					description: `The proxy URL does not contain a valid value for "${proxied.wrong}"`,
				});
				if (!this.continueOnFail()) throw error;
				sent.push(Promise.resolve([{ json: {}, error }]));
				continue;
			}
			const item = itemView(this, itemIndex);
			const options: IHttpRequestOptions = {
				url: '',
				qs: {},
				body: {},
				...requestDefaults,
				headers: { ...((requestDefaults.headers as IDataObject | undefined) ?? {}) },
				method,
				timeout: settings.timeout || DEFAULT_TIMEOUT_MS,
				...(proxy ? { proxy } : {}),
				...(settings.allowUnauthorizedCerts ? { skipSslCertificateValidation: true } : {}),
				...(allowedDomains ? { allowedDomains } : {}),
			} as IHttpRequestOptions;
			sent.push(
				(async () => {
					let built = options;
					for (const step of preSend) built = await step.call(item, built);
					return await sender.call(item, { options: built, paginate: true } as DeclarativeRestApiSettings.ResultOptions);
				})(),
			);
		}

		const settled = await Promise.allSettled(sent);
		const returnData: INodeExecutionData[] = [];
		for (const [itemIndex, result] of settled.entries()) {
			if (result.status === 'fulfilled') {
				returnData.push(...result.value);
				continue;
			}
			const error = result.reason as NodeApiError | NodeOperationError;
			if (this.continueOnFail()) {
				returnData.push({ json: {}, error });
				continue;
			}
			if (error instanceof NodeApiError || (error as Error)?.name === 'NodeApiError') {
				Object.assign(error, { context: { ...error.context, itemIndex } });
				throw error;
			}
			throw new NodeApiError(node, error as unknown as workflow.JsonObject, {
				itemIndex,
				message: (error as Error)?.message,
				description: (error as NodeOperationError)?.description ?? undefined,
				httpCode: 'none',
			});
		}
		return [returnData];
	};
}

/** The node's `customOperations`: every operation whose form maps a record (`mappedFields`), for every resource. */
export function customOperationsOf(resources: Resource[], requestDefaults: IDataObject) {
	const operations: Record<string, Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>>> = {};
	for (const resource of resources) {
		for (const operation of resource.operations) {
			if (!operation.mappedFields || !operation.option.routing) continue;
			(operations[String(resource.option.value)] ??= {})[String(operation.option.value)] = runItems(operation.option.routing, requestDefaults);
		}
	}
	return operations;
}
