/**
 * What the operations' preSend hooks share: reading the node's parameters for one item (by their parameter names),
 * normalising them with the validators, refusing bad input before anything is sent, and filling in the request under
 * the contract's wire names.
 *
 * The fields are read here, once per item, rather than declared with `routing.send`: n8n's RoutingNode evaluates
 * every property twice per item whatever the node does (runNode's loop over the properties, then resolveBaseUrl in
 * n8n 2.x), and a property with `routing` is read twice more (getRequestOptionsFromParameters, in both), so
 * `routing.send` would cost a mapped value four evaluations instead of three, each an isolate round trip in n8n 2.x.
 * test/bench/evaluations.ts counts them; test/nodes/CareerProFla/shared/evaluations.test.ts keeps it so.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { apiRootOfCredential, MEDIA_TYPES, QUALITY_NAMES, type Quality } from '../../../credentials/gateway';
import { describeValue } from '../../../credentials/identifiers';
import type { FieldSpec } from './contract';
import { inputError, setupError } from './errors';
import { recordApiRoot, recordFacts, runCredential, type ItemFacts } from './runState';
import { CREDENTIAL_NAME } from './transport';
import { isBlank, isIdentifier, parseRecord, parseValue, type FieldProblem } from './validation';

/** Reads one parameter and parses it with its field spec; a problem names the field and the item. */
export function readField(context: IExecuteSingleFunctions, spec: FieldSpec): unknown {
	const raw = context.getNodeParameter(spec.parameter, '') as unknown;
	const problems: FieldProblem[] = [];
	if (isBlank(raw)) {
		problems.push({ field: spec.name, label: spec.label, message: 'is required but empty' });
	} else {
		try {
			return parseValue(spec, raw);
		} catch (error) {
			problems.push({ field: spec.name, label: spec.label, message: (error as Error).message });
		}
	}
	throw inputError(context.getNode(), context.getItemIndex(), problems);
}

/**
 * A required identifier given by the gateway (training ID...): text, trimmed, not empty. The parameter is a resource
 * locator (picked from the list, or 'By ID'); n8n gives its value (`extractValue`), and a plain string saved by an
 * earlier version of the node as it is.
 */
export function readId(context: IExecuteSingleFunctions, spec: FieldSpec): string {
	const raw = context.getNodeParameter(spec.parameter, '', { extractValue: true }) as unknown;
	const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	// "." and ".." would be read as the current or the parent path segment (GET .../trainings/. is the list), and a
	// slash would reach a path below: none is an identifier the gateway gives.
	if (!id || !isIdentifier(id)) {
		throw inputError(context.getNode(), context.getItemIndex(), [
			{
				field: spec.parameter,
				label: spec.label,
				message: id
					? `${JSON.stringify(id)} is not an identifier (it may not be "." or ".." nor hold spaces, slashes, "?" or "#"): pick it from the list, or copy the ${spec.label} from the gateway's answer`
					: raw !== undefined && raw !== null && typeof raw !== 'string'
						? `is not an identifier (it holds ${describeValue(raw)}): pick it from the list or give it 'By ID'`
						: 'is required but empty',
			},
		]);
	}
	return id;
}

/**
 * Reads a record from the node's parameters: the required fields as top-level parameters on creation, plus those of
 * one collection, parsed and checked together. On creation (`partial` false) required fields must be there; on
 * update and in filters any subset will do.
 */
export function readRecord(
	context: IExecuteSingleFunctions,
	specs: readonly FieldSpec[],
	collection: 'additionalFields' | 'updateFields' | 'filters',
	partial = false,
): IDataObject {
	const raw: Record<string, unknown> = {};
	if (!partial) for (const spec of specs.filter((s) => s.required)) raw[spec.parameter] = context.getNodeParameter(spec.parameter, '');
	Object.assign(raw, context.getNodeParameter(collection, {}) as IDataObject);
	const { record, problems } = parseRecord(specs, raw, partial);
	if (problems.length) throw inputError(context.getNode(), context.getItemIndex(), problems);
	return record as IDataObject;
}

/**
 * The credential's quality must suit the resource: training providers have their own API root and resource.
 * Returns the quality for messages.
 */
export async function checkQuality(
	context: IExecuteSingleFunctions,
	allowed: readonly Quality[],
): Promise<Quality> {
	const { data: credentials } = await runCredential(context, CREDENTIAL_NAME);
	const quality = (credentials.quality as Quality | undefined) ?? 'employer';
	// The base URL is set from the credential read here, rather than by an expression in requestDefaults: n8n
	// evaluates that expression twice per item, and each evaluation is costly (n8n 2.x runs expressions in an isolate).
	recordApiRoot(context, apiRootOfCredential({ ...credentials, quality }));
	if (!allowed.includes(quality)) {
		const names = allowed.map((q) => `'${QUALITY_NAMES[q]}'`).join(' or ');
		throw setupError(
			context.getNode(),
			context.getItemIndex(),
			`This resource needs a credential with the quality ${names}`,
			`The selected credential has the quality '${QUALITY_NAMES[quality]}'. Training providers register their trainings with the resource 'Provider Training'; employers and mandataries use the other resources. Pick another credential or another resource.`,
		);
	}
	return quality;
}

/** Fills in a request and records what the executor needs to know about it. */
export function fillRequest(
	options: IHttpRequestOptions,
	parts: { url: string; body?: IDataObject; qs?: IDataObject; mergePatch?: boolean },
	facts: ItemFacts,
): IHttpRequestOptions {
	options.url = parts.url;
	if (parts.body) options.body = parts.body;
	if (parts.qs) options.qs = { ...options.qs, ...parts.qs };
	if (parts.mergePatch) options.headers = { ...options.headers, 'Content-Type': MEDIA_TYPES.mergePatch };
	recordFacts(options, facts);
	return options;
}

/** Return All / Limit, Simplify and Output of a Get Many operation. */
export function readListing(context: IExecuteSingleFunctions): Pick<ItemFacts, 'limit' | 'simplify' | 'listing'> {
	const returnAll = context.getNodeParameter('returnAll', false) as boolean;
	let limit: number | undefined;
	if (!returnAll) {
		const raw = context.getNodeParameter('limit', 50) as unknown;
		limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : (raw as number);
		if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
			throw inputError(context.getNode(), context.getItemIndex(), [
				{ field: 'limit', label: 'Limit', message: `${String(raw)} is not a whole number of 1 or more` },
			]);
		}
	}
	const listing = context.getNodeParameter('listOutput', 'records') === 'listing';
	return { limit, simplify: context.getNodeParameter('simplify', true) as boolean, listing };
}

/** Keeps the given fields of a record, in that order, leaving out the absent ones. */
export function only(fields: readonly FieldSpec[]) {
	return (record: IDataObject): IDataObject => {
		const view: IDataObject = {};
		for (const { name } of fields) if (record[name] !== undefined) view[name] = record[name];
		return view;
	};
}
