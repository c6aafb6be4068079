/**
 * The five operations of a record the gateway stores (create, get, get many, update, delete), built from one
 * description of the resource. Trainings, training rights and providers' trainings differ only in that
 * description: their paths, fields and words.
 */
import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteSingleFunctions,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import type { FieldSpec } from './contract';
import {
	enterpriseNumberProperty,
	fieldCollection,
	fieldProperty,
	idProperty,
	limitProperty,
	pick,
	returnAllProperty,
	simplifyProperty,
} from './descriptions';
import { employerOf, TRAINING_PROVIDER_QUALITIES } from './employer';
import { inputError } from './errors';
import { checkQuality, only, readId, readListing, readRecord, request } from './requests';
import { route, type Operation } from './transport';

export interface StoredResource {
	/** Resource value in the node. */
	resource: string;
	/** Singular and plural in the user's words. */
	label: string;
	plural: string;
	/**
	 * Who uses it: employers and mandataries, under the employer's enterprise number in the path; or training
	 * providers, under their own account.
	 */
	access: 'employer' | 'trainingProvider';
	idField: string;
	idLabel: string;
	fields: readonly FieldSpec[];
	/** Fields shown as required top-level parameters on creation; the others go in Additional Fields. */
	required: readonly string[];
	filters: FieldSpec[];
	simplifyKeys: readonly string[];
	collectionPath: (enterpriseNumber: string) => string;
	itemPath: (enterpriseNumber: string, id: string) => string;
	descriptions: { create: string; get: string; getAll: string; update: string; delete: string };
	/** Parameters beyond the fields (e.g. participants), with what they add to the body. */
	extra?: {
		properties: (operation: 'create' | 'update') => INodeProperties[];
		read: (context: IExecuteSingleFunctions, operation: 'create' | 'update') => IDataObject;
	};
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The Operation selector and every parameter of a stored resource. */
export function storedResource(r: StoredResource): INodeProperties[] {
	const record: Operation = { resourceLabel: r.label, fields: r.fields, output: 'record' };
	const operations: Array<{ option: INodePropertyOptions; properties: INodeProperties[] }> = [];
	const optional = r.fields.filter((f) => !r.required.includes(f.name));
	const id = idProperty(r.idField, r.idLabel);
	/** The fields an update may empty: the optional ones (a required field cannot be taken away). */
	const clearable = r.fields.filter((f) => !f.required);

	const underEmployer = r.access === 'employer';
	const scope = async (context: IExecuteSingleFunctions) => {
		if (underEmployer) {
			const { quality, enterpriseNumber } = await employerOf(context);
			return { quality, enterpriseNumber, path: enterpriseNumber };
		}
		const quality = await checkQuality(context, TRAINING_PROVIDER_QUALITIES);
		return { quality, enterpriseNumber: undefined, path: '' };
	};

	const add = (
		value: string,
		name: string,
		action: string,
		method: Method,
		build: (context: IExecuteSingleFunctions) => Promise<Parameters<typeof request>[1] & { facts: IDataObject }>,
		operation: Operation,
		properties: INodeProperties[],
	) => {
		operations.push({
			option: {
				name,
				value,
				action,
				description: r.descriptions[value as keyof StoredResource['descriptions']],
				routing: route(
					method,
					async function (options) {
						const { facts, ...parts } = await build(this);
						return request(options, parts, facts);
					},
					operation,
				),
			},
			properties: updateDisplayOptions({ show: { resource: [r.resource], operation: [value] } }, [
				...(underEmployer ? [enterpriseNumberProperty] : []),
				...properties,
			]),
		});
	};

	add(
		'create',
		'Create',
		`Create a ${r.label}`,
		'POST',
		async (context) => {
			const { path, ...facts } = await scope(context);
			const body = { ...readRecord(context, r.fields, r.required, 'additionalFields'), ...r.extra?.read(context, 'create') };
			return { url: r.collectionPath(path), body, facts };
		},
		record,
		[
			...pick(r.fields, r.required).map((spec) => fieldProperty(spec, true)),
			...(r.extra?.properties('create') ?? []),
			fieldCollection('additionalFields', optional),
		],
	);

	add(
		'delete',
		'Delete',
		`Delete a ${r.label}`,
		'DELETE',
		async (context) => {
			const { path, ...facts } = await scope(context);
			const key = readId(context, r.idField, r.idLabel);
			const deleted = { [r.idField]: key, ...(facts.enterpriseNumber ? { enterpriseNumber: facts.enterpriseNumber } : {}) };
			return { url: r.itemPath(path, key), facts: { ...facts, id: key, deleted } };
		},
		{ ...record, output: 'deleted' },
		[id],
	);

	add(
		'get',
		'Get',
		`Get a ${r.label}`,
		'GET',
		async (context) => {
			const { path, ...facts } = await scope(context);
			const key = readId(context, r.idField, r.idLabel);
			return { url: r.itemPath(path, key), facts: { ...facts, id: key } };
		},
		record,
		[id],
	);

	add(
		'getAll',
		'Get Many',
		`Get many ${r.plural}`,
		'GET',
		async (context) => {
			const { path, ...facts } = await scope(context);
			const qs = readRecord(context, r.filters, [], 'filters', true);
			return { url: r.collectionPath(path), qs, facts: { ...facts, ...readListing(context) } };
		},
		{ ...record, output: 'list', simplify: only(r.simplifyKeys) },
		[returnAllProperty, limitProperty, fieldCollection('filters', r.filters), simplifyProperty],
	);

	add(
		'update',
		'Update',
		`Update a ${r.label}`,
		'PATCH',
		async (context) => {
			const { path, ...facts } = await scope(context);
			const key = readId(context, r.idField, r.idLabel);
			const changes = readRecord(context, r.fields, [], 'updateFields', true);
			const cleared = readClearedFields(context, clearable, changes);
			const body = { ...changes, ...cleared, ...r.extra?.read(context, 'update') };
			if (Object.keys(body).length === 0) {
				throw inputError(context.getNode(), context.getItemIndex(), [
					{
						field: 'updateFields',
						label: 'Update Fields',
						message: "hold nothing to change: give a value to change or choose 'Fields to Clear'",
					},
				]);
			}
			return { url: r.itemPath(path, key), body, mergePatch: true, facts: { ...facts, id: key } };
		},
		record,
		[
			id,
			...(r.extra?.properties('update') ?? []),
			fieldCollection('updateFields', r.fields),
			...(clearable.length ? [clearFieldsProperty(clearable)] : []),
		],
	);

	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [r.resource] } },
			options: operations.map((o) => o.option),
			default: 'getAll',
		},
		...operations.flatMap((o) => o.properties),
	];
}

/** 'Fields to Clear' of an update: optional fields sent as null in the JSON merge patch, which empties them. */
function clearFieldsProperty(clearable: readonly FieldSpec[]): INodeProperties {
	return {
		displayName: 'Fields to Clear',
		name: 'clearFields',
		type: 'multiOptions',
		default: [],
		description: 'Optional fields to empty: the gateway removes their value (sent as null in the merge patch)',
		options: clearable
			.map((spec) => ({ name: spec.label, value: spec.name }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** The fields to clear, as `{ name: null }`; a field also given a new value is refused, naming it. */
function readClearedFields(
	context: IExecuteSingleFunctions,
	clearable: readonly FieldSpec[],
	changes: IDataObject,
): IDataObject {
	if (!clearable.length) return {};
	const chosen = context.getNodeParameter('clearFields', []) as unknown;
	const names = Array.isArray(chosen) ? chosen.map(String) : [];
	const cleared: IDataObject = {};
	const problems = [];
	for (const name of names) {
		const spec = clearable.find((f) => f.name === name);
		if (!spec) {
			problems.push({ field: 'clearFields', label: 'Fields to Clear', message: `${JSON.stringify(name)} is not a field that can be cleared` });
		} else if (changes[name] !== undefined) {
			problems.push({ field: name, label: spec.label, message: "is both in 'Update Fields' and in 'Fields to Clear': choose one" });
		} else {
			cleared[name] = null;
		}
	}
	if (problems.length) throw inputError(context.getNode(), context.getItemIndex(), problems);
	return cleared;
}
