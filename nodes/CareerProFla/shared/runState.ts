/**
 * What travels between the steps of one item's request outside the arguments n8n passes: the only module-level
 * state of the node.
 *
 * n8n's declarative engine calls an operation's preSend hook, then its request executor
 * (`routing.operations.pagination`) with the same request options object, and offers no other channel between the
 * two. So the facts a preSend hook learnt (the employer, the identifier, Return All...) and a refusal of the item's
 * input are kept here, keyed on that options object (WeakMaps: they go when the request does). The items of one
 * node run share a limit on requests in flight, kept per execution and node, and dropped when the run is idle.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { Quality } from '../../../credentials/gateway';
import type { FieldSpec } from './contract';

/** What an operation's preSend found out about its item, for the messages and the output. */
export interface ItemFacts {
	enterpriseNumber?: string;
	id?: string;
	quality?: Quality;
	/** For output 'deleted': the fields that describe what was deleted. */
	deleted?: IDataObject;
	/** For lists: Return All, or the limit. */
	limit?: number;
	simplify?: boolean;
	/** For lists: one item for the whole listing (records, count, announced total) instead of one per record. */
	listing?: boolean;
	/**
	 * For an item that takes several requests (a Create that first looks for the record, shared/existing.ts; an
	 * employer's export): what the item does instead of sending its request as it is. It gets the sender of its item
	 * and returns the item's output.
	 */
	work?: (sender: ItemSender) => Promise<IDataObject[]>;
}

/**
 * How a `work` sends requests for its item: each in the node run's slots, with its retries and its messages. `about`
 * names what a request reads when that is not the operation's own resource (an export reads four).
 */
export interface ItemSender {
	node: INode;
	itemIndex: number;
	executionId: string;
	/** The request options the preSend filled in (URL, body, headers...). */
	options: IHttpRequestOptions;
	/** One request; the answer's body. */
	send(options: IHttpRequestOptions, about?: RequestLabel): Promise<IDataObject>;
	/** Every page of a listing. */
	list(options: IHttpRequestOptions, about?: RequestLabel): Promise<IDataObject[]>;
	/** Every page of a listing, with the total the gateway announced. */
	listing(options: IHttpRequestOptions, about?: RequestLabel): Promise<{ records: IDataObject[]; total?: number }>;
}

/** What one request of a `work` is about, for its messages: "training credit", and the fields of that resource. */
export interface RequestLabel {
	resourceLabel: string;
	fields?: readonly FieldSpec[];
}

/** The API root of the credential an item's context read (checkQuality), for the request's base URL. */
const apiRoots = new WeakMap<object, string>();
export const recordApiRoot = (context: object, root: string) => apiRoots.set(context, root);
export const apiRootOf = (context: object) => apiRoots.get(context);

const facts = new WeakMap<object, ItemFacts>();
const refusals = new WeakMap<object, NodeApiError | NodeOperationError>();

/** Lets a preSend hook record what it learnt about the request. */
export function recordFacts(options: object, learnt: ItemFacts): void {
	facts.set(options, { ...facts.get(options), ...learnt });
}

export function factsOf(options: object): ItemFacts {
	return facts.get(options) ?? {};
}

/** The item's input was refused before anything was sent ('Continue On Fail'): its executor reports it. */
export function recordRefusal(options: object, error: NodeApiError | NodeOperationError): void {
	refusals.set(options, error);
}

export function refusalOf(options: object): NodeApiError | NodeOperationError | undefined {
	return refusals.get(options);
}

/** Something shared by the items of one node run, made by `make` on first use and forgotten with `forget`. */
const runs = new Map<string, unknown>();

export function perRun<T>(executionId: string, nodeId: string, make: (forget: () => void) => T): T {
	const key = `${executionId}|${nodeId}`;
	let value = runs.get(key) as T | undefined;
	if (value === undefined) {
		// Forgets this object only: one forgotten before may go idle again (an item's work keeps the slots it started
		// with) and must not drop the one the later items share.
		const made: T = make(() => {
			if (runs.get(key) === made) runs.delete(key);
		});
		value = made;
		runs.set(key, value);
	}
	return value;
}

/**
 * The node run's credential, read from n8n once per node run. n8n keeps credentials in its database, and each
 * `getCredentials`, like each request sent without the credential in hand, reads it there: thousands of items read it
 * thousands of times at once, and n8n's SQLite pool (3 connections) then fails some reads with "operation timed out
 * for an unknown reason" (seen in `npm run test:soak`). Requests are sent with this credential
 * (`credentialsDecrypted`), so a token n8n fetches after a 401 lands in it for every item of the run.
 * Kept per n8n's execute data, the one object all items of a node run share; a failed read is not kept.
 */
/**
 * How long reading the credential from n8n may take. It is asked for by the first item, while n8n still prepares
 * the others without letting anything else run: with 2,000 items on a busy 2-core machine the answer came after 29 s,
 * and once after more than 120 s.
 */
const CREDENTIAL_READ_BOUND_MS = 600_000;

type RunCredential = ICredentialsDecrypted & { data: ICredentialDataDecryptedObject };
const credentialReads = new WeakMap<object, Promise<RunCredential>>();

export function runCredential(context: IExecuteSingleFunctions, type: string): Promise<RunCredential> {
	const read = async (): Promise<RunCredential> => {
		const details = context.getNode().credentials?.[type];
		const data: ICredentialDataDecryptedObject = await withinBound(
			context.getCredentials(type),
			CREDENTIAL_READ_BOUND_MS,
			() => new Error(`n8n did not give the credential within ${CREDENTIAL_READ_BOUND_MS / 1000} s (its database may be overloaded); run the node again`),
		);
		return { id: details?.id ?? '', name: details?.name ?? '', type, data };
	};
	const run = context.getExecuteData() as object | undefined;
	if (typeof run !== 'object' || run === null) return read();
	let reading = credentialReads.get(run);
	if (!reading) {
		reading = read();
		credentialReads.set(run, reading);
		reading.catch(() => credentialReads.delete(run));
	}
	return reading;
}

/** Settles as `work` does, or rejects with `onLate()` after `ms`; the work is left to finish on its own. */
export function withinBound<T>(work: Promise<T>, ms: number, onLate: () => Error): Promise<T> {
	const signal = AbortSignal.timeout(ms);
	return new Promise<T>((resolve, reject) => {
		const late = () => reject(onLate());
		signal.addEventListener('abort', late, { once: true });
		work.then(
			(value) => {
				signal.removeEventListener('abort', late);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', late);
				reject(error);
			},
		);
	});
}
