/**
 * The node's property list, gathered from what each operation's form asks: one property per parameter name where
 * n8n allows it. n8n evaluates, for every item, each property of the node that bears a parameter's name, once in
 * its loop over the properties and once more for the credential's base URL: a collection declared by three
 * operations (Additional Fields of three resources) was evaluated six times per item instead of two.
 *
 * Two collections of a name in `MERGED` merge when their display rules differ in one condition only (as "resource is
 * training" and "resource is training right", the operation and version being the same): the merged collection is
 * shown for the values of both, and each of its fields only where it was asked (`'/resource': [...]`). A field asked
 * by two forms must be the same field in both; anything else stays as it was declared. The merged collection takes
 * the place of the last one, so that what each form showed above it (a training right's Year, Right Type...) stays
 * above it. Update Fields is not merged: each resource's Fields to Clear (a list whose choices cannot be shown per
 * resource) follows it, and would come above it.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

type Show = NonNullable<IDisplayOptions['show']>;

/** The collections merged across forms. */
const MERGED = new Set(['additionalFields', 'filters']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The one condition in which two display rules differ, or undefined when they differ otherwise. */
function differingCondition(a: Show, b: Show): string | undefined {
	const keys = Object.keys(a);
	if (!same(keys.slice().sort(), Object.keys(b).sort())) return undefined;
	const differing = keys.filter((key) => !same(a[key], b[key]));
	if (differing.length !== 1) return undefined;
	const [key] = differing;
	const plain = (values: unknown) => Array.isArray(values) && values.every((v) => typeof v === 'string');
	return plain(a[key]) && plain(b[key]) && !key.startsWith('/') && !key.startsWith('@') ? key : undefined;
}

interface Gathered {
	property: INodeProperties;
	/** The condition the forms differ in, and for each field the values of the forms that ask it. */
	key?: string;
	askedBy: Map<string, string[]>;
}

/** What two collections of one name must share to be one: everything but where they show and their fields. */
const outline = (property: INodeProperties) => ({ ...property, displayOptions: undefined, options: undefined });

/** Merges `next` into `into` when n8n can show them as one collection; returns whether it did. */
function merge(into: Gathered, next: INodeProperties): boolean {
	const a = into.property;
	if (a.type !== 'collection' || next.type !== 'collection' || !same(outline(a), outline(next))) return false;
	if (!same(a.displayOptions?.hide, next.displayOptions?.hide) || !a.displayOptions?.show || !next.displayOptions?.show) return false;
	const key = differingCondition(a.displayOptions.show, next.displayOptions.show);
	if (!key || (into.key && into.key !== key)) return false;
	const fields = new Map((a.options ?? []).map((o) => [o.name, o]));
	for (const option of next.options ?? []) {
		const known = fields.get(option.name);
		if (known && !same(known, option)) return false;
	}
	const theirs = next.displayOptions.show[key] as string[];
	if (!into.key) {
		into.key = key;
		const ours = a.displayOptions.show[key] as string[];
		for (const option of a.options ?? []) into.askedBy.set(option.name, [...ours]);
	}
	const options = [...(a.options ?? [])];
	for (const option of next.options ?? []) {
		if (!fields.has(option.name)) options.push(option);
		into.askedBy.set(option.name, [...(into.askedBy.get(option.name) ?? []), ...theirs]);
	}
	into.property = {
		...a,
		displayOptions: { ...a.displayOptions, show: { ...a.displayOptions.show, [key]: [...(a.displayOptions.show[key] as string[]), ...theirs] } },
		options: options.sort((x, y) => (x as INodeProperties).displayName.localeCompare((y as INodeProperties).displayName)),
	};
	return true;
}

/** The node's properties in the order given, with the collections of `MERGED` merged where n8n allows it. */
export function gatherProperties(properties: INodeProperties[]): INodeProperties[] {
	const gathered: Gathered[] = [];
	for (const property of properties) {
		const earlier = MERGED.has(property.name) ? gathered.find((g) => g.property.name === property.name && merge(g, property)) : undefined;
		if (!earlier) gathered.push({ property, askedBy: new Map() });
		else gathered.push(...gathered.splice(gathered.indexOf(earlier), 1));
	}
	return gathered.map(({ property, key, askedBy }) => {
		if (!key) return property;
		const all = property.displayOptions!.show![key] as string[];
		const options = (property.options as INodeProperties[]).map((option) => {
			const values = askedBy.get(option.name) ?? all;
			return values.length === all.length ? option : { ...option, displayOptions: { show: { [`/${key}`]: values } } };
		});
		return { ...property, options };
	});
}
