/**
 * The node's parameters, built from the field specs of the API contract so that a field has one parameter name, one
 * label, one hint and one set of allowed values everywhere. Values pasted from spreadsheets are accepted as text and
 * normalised by the validators before anything is sent. Where each parameter shows is the operations' forms' matter
 * (gather.ts).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { FieldSpec } from './contract';
import { ID_PATTERN } from './validation';

const PLACEHOLDERS: Partial<Record<FieldSpec['kind'], string>> = {
	ssin: '85.07.30-033.28',
	enterpriseNumber: 'BE 0202.239.951',
	date: '2026-03-15',
	hours: '7.5',
	amount: '5',
	year: '2025',
	jointCommittee: '200',
};

/** `notFollowed` -> `Not Followed` */
export const titleCase = (value: string) =>
	value.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

function enumOptions(values: readonly string[]): INodePropertyOptions[] {
	return values
		.map((value) => ({ name: titleCase(value), value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** An n8n parameter for one field. `required` shows it as a mandatory top-level parameter. */
export function fieldProperty(spec: FieldSpec, required = false): INodeProperties {
	const base = {
		displayName: spec.label,
		name: spec.parameter,
		description: spec.hint,
		required,
	};
	switch (spec.kind) {
		case 'enum': {
			const options = enumOptions(spec.values ?? []);
			return { ...base, type: 'options', options, default: required ? options[0].value : '' };
		}
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		default:
			return {
				...base,
				type: 'string',
				default: '',
				placeholder: PLACEHOLDERS[spec.kind],
				...((spec.maxLength ?? 0) > 200 ? { typeOptions: { rows: 3 } } : {}),
			};
	}
}

/** Optional fields in one collection, sorted as n8n's guidelines ask. */
export function fieldCollection(
	name: 'additionalFields' | 'updateFields' | 'filters',
	specs: readonly FieldSpec[],
): INodeProperties {
	const displayName = { additionalFields: 'Additional Fields', updateFields: 'Update Fields', filters: 'Filters' }[name];
	return {
		displayName,
		name,
		type: 'collection',
		placeholder: name === 'filters' ? 'Add Filter' : 'Add Field',
		default: {},
		options: specs.map((spec) => fieldProperty(spec)).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The required fields of a record, as top-level parameters of its Create operation. */
export const requiredProperties = (specs: readonly FieldSpec[]) =>
	specs.filter((s) => s.required).map((spec) => fieldProperty(spec, true));

/** The optional fields of a record, in the Additional Fields of its Create operation. */
export const additionalFields = (specs: readonly FieldSpec[]) =>
	fieldCollection('additionalFields', specs.filter((s) => !s.required));

/**
 * The identifier the gateway gave a record, asked by Get, Update and Delete: a resource locator, picked 'From List'
 * (the node's `listSearch` method `searchListMethod`, searchable by worker, title and date) or typed 'By ID' (an
 * expression too). n8n hands the node the value alone (`extractValue`), and still reads a plain string saved by an
 * earlier version of the node. `dependsOn`: the parameters the list is read with (the employer); when they change,
 * n8n empties a picked value.
 */
export function idProperty(
	spec: FieldSpec,
	list: { searchListMethod: string; what: string; searchHint: string; dependsOn?: string[] },
): INodeProperties {
	return {
		displayName: spec.label,
		name: spec.parameter,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: `The ${list.what}: pick it from the list (${list.searchHint}) or give the identifier the gateway gave when it was created (field '${spec.name}')`,
		...(list.dependsOn ? { typeOptions: { loadOptionsDependsOn: list.dependsOn } } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${list.what}...`,
				typeOptions: { searchListMethod: list.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. TR-000123',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: ID_PATTERN,
							errorMessage: `'${spec.label}' is not an identifier: it has no spaces, slashes, "?" or "#". Pick it from the list, or copy it from the gateway's answer.`,
						},
					},
				],
			},
		],
	};
}

/** 'Fields to Clear' of an Update: optional fields sent as null in the JSON merge patch, which empties them. */
export function clearFieldsProperty(specs: readonly FieldSpec[]): INodeProperties {
	return {
		displayName: 'Fields to Clear',
		name: 'clearFields',
		type: 'multiOptions',
		default: [],
		description: 'Optional fields to empty: the gateway removes their value (sent as null in the merge patch)',
		options: specs
			.filter((spec) => !spec.required)
			.map((spec) => ({ name: spec.label, value: spec.parameter }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
