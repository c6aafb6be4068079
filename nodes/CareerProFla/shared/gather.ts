/**
 * The node's property list, gathered from the operations' forms. Each operation file declares its whole form, top to
 * bottom, with only the display rules of its own (a node version, another parameter's value); the gatherer adds where
 * each property shows (resource and operation) and gives the node one property per parameter name where n8n allows
 * it. n8n evaluates, for every item, each property of the node that bears a parameter's name, shown or not (once in
 * its loop over the properties, once more for the credential's base URL): 'Enterprise Number' declared by sixteen
 * forms is one property, evaluated twice per item, not thirty-two times.
 *
 * - Properties declared the same way by several forms are one property, shown for all of them: by resource alone
 *   when every operation of those resources asks it, else by resource and operation. A rule shows a cross product
 *   of resources and operations and must show no form that did not ask the property: the forms a single rule cannot
 *   show get a property each, joined greedily where a rule can show them together.
 * - Collections of one name that differ only in their fields (Additional Fields, Filters, Update Fields of the
 *   records) are one collection, each field shown only where it was asked (`'/resource'`, `'/operation'`). A field
 *   declared differently by two forms keeps those forms' collections apart.
 * - The order keeps every form's: a property comes after whatever a form that asks it shows above it. A form that
 *   would need the opposite order of another stops the node's loading with a message naming both properties.
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { FieldSpec } from './contract';

/** An operation, as its file declares it. */
export interface Operation {
	/** Its entry in the resource's Operation selector, with its routing. */
	option: INodePropertyOptions;
	/** Its form, top to bottom, with only the display rules of its own. */
	properties?: INodeProperties[];
	/** The fields its 'Columns' maps, when its form shows 'Columns' (version 3, shared/columns.ts). */
	mappedFields?: readonly FieldSpec[];
}

/** A resource, as its index declares it: its operations, one line each. */
export interface Resource {
	/** Its entry in the Resource selector. */
	option: INodePropertyOptions;
	operations: Operation[];
	/** The operation a new node starts with. */
	defaultOperation: string;
}

type Show = NonNullable<IDisplayOptions['show']>;
type Pair = readonly [resource: string, operation: string];

const pairKey = ([resource, operation]: Pair) => `${resource}\u0000${operation}`;
const json = (value: unknown) => JSON.stringify(value);

/** Resources with their operations, in order: the forms that exist, against which a rule's reach is measured. */
type Universe = Map<string, string[]>;

interface Rule {
	resources: string[];
	/** Absent: every operation of these resources. */
	operations?: string[];
}

/** The forms a rule shows among those of the universe. */
function reach(rule: Rule, universe: Universe): Set<string> {
	const shown = new Set<string>();
	for (const resource of rule.resources) {
		for (const operation of universe.get(resource) ?? []) {
			if (!rule.operations || rule.operations.includes(operation)) shown.add(pairKey([resource, operation]));
		}
	}
	return shown;
}

/** The rule for some resources that shows exactly the asked forms of them, if there is one. */
function ruleFor(resources: string[], asked: Set<string>, universe: Universe): Rule | undefined {
	const operations = new Set<string>();
	let everyOperation = true;
	for (const resource of resources) {
		for (const operation of universe.get(resource) ?? []) {
			if (asked.has(pairKey([resource, operation]))) operations.add(operation);
			else everyOperation = false;
		}
	}
	const rule: Rule = everyOperation ? { resources } : { resources, operations: [...operations] };
	const shown = reach(rule, universe);
	const wanted = [...asked].filter((key) => resources.some((resource) => key.startsWith(`${resource}\u0000`)));
	return shown.size === wanted.length && wanted.every((key) => shown.has(key)) ? rule : undefined;
}

/** The fewest rules (greedily) that together show exactly the asked forms: one per resource at worst. */
function rulesFor(asked: Pair[], universe: Universe): Rule[] {
	const keys = new Set(asked.map(pairKey));
	const rules: Rule[] = [...new Set(asked.map(([resource]) => resource))].map((resource) => ruleFor([resource], keys, universe)!);
	for (let i = 0; i < rules.length; i++) {
		for (let j = i + 1; j < rules.length; j++) {
			const joined = ruleFor([...rules[i].resources, ...rules[j].resources], keys, universe);
			if (joined) {
				rules.splice(j, 1);
				rules[i] = joined;
				j = i;
			}
		}
	}
	return rules;
}

const showOf = (rule: Rule, prefix = ''): Show => ({
	[`${prefix}resource`]: rule.resources,
	...(rule.operations ? { [`${prefix}operation`]: rule.operations } : {}),
});

/** Properties declared alike: one key for one property of the node (before the forms that ask it are split by rule). */
interface Declared {
	property: INodeProperties;
	asked: Pair[];
	/** For a collection: each field, and the forms that ask it. */
	fields?: Map<string, { field: INodeProperties; asked: Pair[] }>;
}

/** A collection's outline: what two collections of one name must share to be one. */
const outline = (property: INodeProperties) => json({ ...property, options: undefined });

/**
 * Adds one form's property to the declared ones; returns the key of the property it is part of. A collection joins
 * the first of its name and outline whose fields it declares alike.
 */
function declare(declared: Map<string, Declared>, property: INodeProperties, pair: Pair): string {
	if (property.type !== 'collection') {
		const key = `property ${json(property)}`;
		const entry: Declared = declared.get(key) ?? { property, asked: [] };
		entry.asked.push(pair);
		declared.set(key, entry);
		return key;
	}
	const fields = (property.options ?? []) as INodeProperties[];
	for (let n = 0; ; n++) {
		const key = `collection ${outline(property)} ${n}`;
		const entry: Declared = declared.get(key) ?? { property, asked: [], fields: new Map() };
		const alike = fields.every((field) => {
			const known = entry.fields!.get(field.name);
			return !known || json(known.field) === json(field);
		});
		if (!alike) continue;
		entry.asked.push(pair);
		for (const field of fields) {
			const known = entry.fields!.get(field.name) ?? { field, asked: [] };
			known.asked.push(pair);
			entry.fields!.set(field.name, known);
		}
		declared.set(key, entry);
		return key;
	}
}

/** The property of the node that shows a declared property for the forms of one rule. */
function build(entry: Declared, rule: Rule, universe: Universe): INodeProperties {
	const own = entry.property.displayOptions;
	const property: INodeProperties = { ...entry.property, displayOptions: { ...own, show: { ...showOf(rule), ...own?.show } } };
	if (!entry.fields) return property;
	// The forms this property shows, as the universe of its fields' rules.
	const forms: Universe = new Map(rule.resources.map((r) => [r, (universe.get(r) ?? []).filter((o) => !rule.operations || rule.operations.includes(o))]));
	const shown = reach(rule, universe);
	const options: INodeProperties[] = [];
	for (const { field, asked } of entry.fields.values()) {
		const here = asked.filter((pair) => shown.has(pairKey(pair)));
		if (here.length === 0) continue;
		if (here.length === shown.size) {
			options.push(field);
			continue;
		}
		const rules = rulesFor(here, forms);
		if (rules.length !== 1) {
			throw new Error(`The field '${field.name}' of '${entry.property.name}' cannot be shown only in the forms that ask it: declare it alike in them, or give those collections fields of other names`);
		}
		options.push({ ...field, displayOptions: { ...field.displayOptions, show: { ...showOf(rules[0], '/'), ...field.displayOptions?.show } } });
	}
	return { ...property, options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)) };
}

/**
 * The node's properties: the Resource selector, each resource's Operation selector, the forms' properties gathered,
 * then `everywhere` (shown in every form, below the rest).
 */
export function gatherProperties(resources: Resource[], defaultResource: string, everywhere: INodeProperties[] = []): INodeProperties[] {
	const universe: Universe = new Map(resources.map((r) => [String(r.option.value), r.operations.map((o) => String(o.option.value))]));
	const declared = new Map<string, Declared>();
	// Each form as the keys of its declared properties, in its order.
	const forms: Array<{ pair: Pair; keys: string[] }> = [];
	for (const resource of resources) {
		for (const operation of resource.operations) {
			const pair: Pair = [String(resource.option.value), String(operation.option.value)];
			forms.push({ pair, keys: (operation.properties ?? []).map((property) => declare(declared, property, pair)) });
		}
	}

	// Split each declared property by rule: one property of the node per rule.
	const built = new Map<string, INodeProperties>();
	const placeOf = new Map<string, string>();
	for (const [key, entry] of declared) {
		rulesFor(entry.asked, universe).forEach((rule, index) => {
			const id = `${key}#${index}`;
			built.set(id, build(entry, rule, universe));
			const shown = reach(rule, universe);
			for (const pair of entry.asked) if (shown.has(pairKey(pair))) placeOf.set(`${key}|${pairKey(pair)}`, id);
		});
	}
	const order = inFormOrder(forms.map(({ pair, keys }) => keys.map((key) => placeOf.get(`${key}|${pairKey(pair)}`)!)), (id) => built.get(id)!.name);

	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((r) => r.option),
			default: defaultResource,
		},
		...resources.map(({ option, operations, defaultOperation }): INodeProperties => ({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [option.value] } },
			options: operations.map((operation) => operation.option),
			default: defaultOperation,
		})),
		...order.map((id) => built.get(id)!),
		...everywhere,
	];
}

/**
 * One order for all forms' properties that keeps each form's: a property comes after those a form shows above it.
 * Among the properties free to come next, the one seen first in the forms (in their order) does.
 */
function inFormOrder(forms: string[][], nameOf: (id: string) => string): string[] {
	const rank = new Map<string, number>();
	const after = new Map<string, Set<string>>();
	const before = new Map<string, number>();
	for (const form of forms) {
		form.forEach((id, index) => {
			if (!rank.has(id)) rank.set(id, rank.size);
			if (!after.has(id)) after.set(id, new Set());
			before.set(id, before.get(id) ?? 0);
			const next = form[index + 1];
			if (next !== undefined && !after.get(id)!.has(next)) {
				after.get(id)!.add(next);
				before.set(next, (before.get(next) ?? 0) + 1);
			}
		});
	}
	const order: string[] = [];
	const free = [...rank.keys()].filter((id) => before.get(id) === 0);
	while (free.length) {
		free.sort((a, b) => rank.get(a)! - rank.get(b)!);
		const id = free.shift()!;
		order.push(id);
		for (const next of after.get(id)!) {
			const left = before.get(next)! - 1;
			before.set(next, left);
			if (left === 0) free.push(next);
		}
	}
	if (order.length < rank.size) {
		const stuck = [...rank.keys()].filter((id) => !order.includes(id)).map(nameOf);
		throw new Error(`Two forms show these properties in opposite orders: ${[...new Set(stuck)].join(', ')}`);
	}
	return order;
}
