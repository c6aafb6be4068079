/**
 * 'Columns' of node version 3: the record of a Create or Update mapped as n8n's own data nodes map theirs (the
 * `resourceMapper` parameter: 'Map Each Column Manually' or 'Map Automatically').
 *
 * - Map Automatically: the item's own columns (a sheet's header) are matched to the record's fields by name, with no
 *   expression per item. A header matches a field when, ignoring case, accents, spaces and punctuation, it equals the
 *   field's label, parameter name, wire name or one of its `columns` in the contract (Dutch, French and English
 *   headers). A column that matches nothing is listed in the item's output (`unmappedColumns`); a required field
 *   with no column is refused, naming the field and the columns looked for.
 * - Map Each Column Manually: one value (an expression) per field, keyed by the field's parameter name.
 *
 * The preSend reads the parameter once per item (`readColumns`). Not through the property's `routing.send`: n8n-core
 * (2.41) reads a property that has `routing` once more in the routing loop and once more in `resolveBaseUrl`, so a
 * manual expression would be evaluated four times per item instead of three (test/nodes/CareerProFla/shared/
 * columns.test.ts, 'How often a mapped value is read'). With Map Automatically there is no expression to evaluate:
 * each column is read once from the item.
 */
import type {
	FieldType,
	IDataObject,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import type { FieldSpec } from './contract';
import { titleCase } from './descriptions';
import { inputError } from './errors';
import type { Resource } from './gather';
import { parseRecord, type FieldProblem } from './validation';

/** The node version that maps columns ('Columns' replaces the fields of a Create or Update). */
export const MAPPED_VERSION = 3;

/** The parameter's name, as saved in workflows. */
export const COLUMNS = 'columns';

/** Where versions 1 and 2 show a parameter that 'Columns' replaces in version 3 (their forms stay as they were). */
export const beforeMapping = { '@version': [{ _cnd: { lt: MAPPED_VERSION } }] };

/** Properties of a form that versions 1 and 2 show, and version 3 replaces with 'Columns'. */
export const beforeColumns = (properties: INodeProperties[]): INodeProperties[] =>
	properties.map((property) => ({ ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, ...beforeMapping } } }));

/** Whether the item's node is of a version that maps columns. */
export const mapsColumns = (context: IExecuteSingleFunctions) => (context.getNode().typeVersion ?? 1) >= MAPPED_VERSION;

export const columnsProperty: INodeProperties = {
	displayName: 'Columns',
	name: COLUMNS,
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	required: true,
	description:
		"The record's fields: 'Map Automatically' reads the item's columns by their names (as a sheet's header: NISS, Title, Type, Start, End, Hours, or the Dutch and French names), 'Map Each Column Manually' takes a value or an expression per field",
	typeOptions: {
		loadOptionsDependsOn: ['resource', 'operation'],
		resourceMapper: {
			resourceMapperMethod: 'getColumns',
			mode: 'add',
			fieldWords: { singular: 'field', plural: 'fields' },
			addAllFields: false,
			multiKeyMatch: false,
			supportAutoMap: true,
		},
	},
	displayOptions: { show: { '@version': [{ _cnd: { gte: MAPPED_VERSION } }] } },
};

const FIELD_TYPES: Partial<Record<FieldSpec['kind'], FieldType>> = { enum: 'options', boolean: 'boolean' };

/**
 * The fields 'Columns' maps in each form that shows it, as the editor lists them: those the operation declares
 * (`mappedFields`, shared/gather.ts). A Create requires the record's required fields; an Update changes those it is given.
 */
export function mappedFieldsOf(resources: Resource[]): (resource: string, operation: string) => ResourceMapperField[] {
	const mapped = new Map<string, readonly FieldSpec[]>();
	for (const resource of resources) {
		for (const operation of resource.operations) {
			if (operation.mappedFields) mapped.set(`${resource.option.value}/${operation.option.value}`, operation.mappedFields);
		}
	}
	return (resource, operation) =>
		(mapped.get(`${resource}/${operation}`) ?? []).map((spec) => ({
			id: spec.parameter,
			displayName: spec.label,
			required: operation === 'create' && spec.required === true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: FIELD_TYPES[spec.kind] ?? 'string',
			...(spec.kind === 'enum'
				? { options: (spec.values ?? []).map((value) => ({ name: titleCase(value), value })) }
				: {}),
		}));
}

/** The node's `methods.resourceMapping`: the fields of the form's 'Columns'. */
export function resourceMappingOf(resources: Resource[]) {
	const fieldsOf = mappedFieldsOf(resources);
	return {
		async getColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
			const resource = this.getNodeParameter('resource', '') as string;
			const operation = this.getNodeParameter('operation', '') as string;
			return { fields: fieldsOf(resource, operation) };
		},
	};
}

/* ----------------------------------------------------------------------------------------------------------------
 * Matching a sheet's columns
 * ------------------------------------------------------------------------------------------------------------- */

/** A header as the matching compares it: no accents, no case, no spaces or punctuation ("Date de début" -> "datededebut"). */
export const comparableHeader = (header: string) =>
	header
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]/gu, '');

/** The names a field is looked for under, as users read them: its label, its parameter name, then its `columns`. */
export function columnNames(spec: FieldSpec): string[] {
	const names = [spec.label, spec.parameter, spec.name, ...(spec.columns ?? [])];
	const seen = new Set<string>();
	return names.filter((name) => {
		const key = comparableHeader(name);
		if (!key || seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Per list of fields (and the owner's field): comparable header -> field. Built once per list. */
const indexes = new WeakMap<readonly FieldSpec[], Map<string, FieldSpec>>();

function indexOf(specs: readonly FieldSpec[]): Map<string, FieldSpec> {
	let index = indexes.get(specs);
	if (!index) {
		index = new Map();
		for (const spec of specs) {
			for (const name of columnNames(spec)) {
				const key = comparableHeader(name);
				const other = index.get(key);
				if (other && other !== spec) throw new Error(`The column name "${name}" would match both ${other.label} and ${spec.label}`);
				index.set(key, spec);
			}
		}
		indexes.set(specs, index);
	}
	return index;
}

/** What an item's columns give: values by parameter name, the column of each, and the columns that match nothing. */
export interface MatchedColumns {
	values: Record<string, unknown>;
	columnOf: Record<string, string>;
	unmapped: string[];
	problems: FieldProblem[];
}

/**
 * Matches the item's columns to the fields. Two columns for one field are refused (which one holds the value is not
 * for the node to guess); a column that matches no field is listed.
 */
export function matchColumns(item: IDataObject, specs: readonly FieldSpec[]): MatchedColumns {
	const index = indexOf(specs);
	const matched: MatchedColumns = { values: {}, columnOf: {}, unmapped: [], problems: [] };
	for (const column of Object.keys(item)) {
		const spec = index.get(comparableHeader(column));
		if (!spec) {
			matched.unmapped.push(column);
		} else if (spec.parameter in matched.columnOf) {
			matched.problems.push({
				field: spec.name,
				label: spec.label,
				message: `has two columns, "${matched.columnOf[spec.parameter]}" and "${column}": keep one, or rename the other`,
			});
		} else {
			matched.columnOf[spec.parameter] = column;
			matched.values[spec.parameter] = item[column];
		}
	}
	return matched;
}

/** A required field the item has no column for. */
export const noColumn = (spec: FieldSpec): FieldProblem => ({
	field: spec.name,
	label: spec.label,
	message: `has no column: the item has none of the columns ${columnNames(spec)
		.map((name) => `"${name}"`)
		.join(', ')} (case, accents, spaces and punctuation do not matter); rename a column, or map the fields manually`,
});

/* ----------------------------------------------------------------------------------------------------------------
 * Reading one item's record
 * ------------------------------------------------------------------------------------------------------------- */

/** One item's record from 'Columns', parsed with the contract's validators. */
export interface MappedRecord {
	/** Whether the item's own columns were read ('Map Automatically'). */
	auto: boolean;
	/** The record under its wire names, parsed. */
	record: IDataObject;
	/** The item's columns that match no field (Map Automatically), in the item's order. */
	unmapped: string[];
	/** The owner's field (the employer's enterprise number) from a column, when `owner` was asked and one matched. */
	ownerValue?: unknown;
	/** The column it came from. */
	ownerColumn?: string;
}

/**
 * Reads one item's record from 'Columns' (the parameter, read once). On creation (`partial` false) the required
 * fields must be there; `owner`: a field the item's columns may also give (the employer's enterprise number), kept
 * apart from the record. Problems name the field and the item.
 */
export function readColumns(
	context: IExecuteSingleFunctions,
	specs: readonly FieldSpec[],
	options: { partial?: boolean; owner?: FieldSpec } = {},
): MappedRecord {
	const fail = (problems: FieldProblem[]) => inputError(context.getNode(), context.getItemIndex(), problems);
	// The mode and the values only: read whole, the parameter's schema (every field's description) is resolved too.
	if (context.getNodeParameter(`${COLUMNS}.mappingMode`, 'defineBelow') !== 'autoMapInputData') {
		const values = (context.getNodeParameter(`${COLUMNS}.value`, {}) ?? {}) as Record<string, unknown>;
		const { record, problems } = parseRecord(specs, values, options.partial);
		if (problems.length) throw fail(problems);
		return { auto: false, record: record as IDataObject, unmapped: [] };
	}
	const item = context.getInputData()?.json ?? {};
	const matched = matchColumns(item, options.owner ? withOwner(specs, options.owner) : specs);
	const missing = options.partial ? [] : specs.filter((spec) => spec.required && !(spec.parameter in matched.columnOf));
	const problems = [...matched.problems, ...missing.map(noColumn)];
	if (problems.length) throw fail(problems);
	const { record, problems: invalid } = parseRecord(specs, matched.values, options.partial);
	if (invalid.length) throw fail(invalid.map((p) => inColumn(p, specs, matched.columnOf)));
	const owner = options.owner?.parameter;
	return {
		auto: true,
		record: record as IDataObject,
		unmapped: matched.unmapped,
		...(owner && owner in matched.columnOf ? { ownerValue: matched.values[owner], ownerColumn: matched.columnOf[owner] } : {}),
	};
}

/** The fields and the owner's field, as one list (kept, so that its index is built once). */
const withOwners = new WeakMap<readonly FieldSpec[], readonly FieldSpec[]>();
function withOwner(specs: readonly FieldSpec[], owner: FieldSpec): readonly FieldSpec[] {
	let all = withOwners.get(specs);
	if (!all) withOwners.set(specs, (all = [...specs, owner]));
	return all;
}

/** A problem with a value says which column held it: "'Start Date' (column "Début") is not a date...". */
function inColumn(problem: FieldProblem, specs: readonly FieldSpec[], columnOf: Record<string, string>): FieldProblem {
	const spec = specs.find((s) => s.name === problem.field);
	const column = spec ? columnOf[spec.parameter] : undefined;
	if (!column || comparableHeader(column) === comparableHeader(problem.label)) return problem;
	return { ...problem, message: `(column "${column}") ${problem.message}` };
}

/** The owner's field, from the parameter or else from the item's column; refused naming both when neither has it. */
export function ownerProblem(owner: FieldSpec): FieldProblem {
	return {
		field: owner.parameter,
		label: owner.label,
		message: `is empty and the item has no column for it: fill in '${owner.label}', or give the item a column named ${columnNames(owner)
			.slice(0, 6)
			.map((name) => `"${name}"`)
			.join(', ')}...`,
	};
}
