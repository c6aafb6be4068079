/**
 * One property per name, where the editor shows the same thing.
 *
 * For every item, n8n's declarative engine evaluates each property of the description whose name is set in the
 * node's parameters, shown or not, and does it twice (for the request and for the base URL). Built one operation at
 * a time, the node would declare 'Enterprise Number' fifteen times, and a workflow that maps it from a spreadsheet
 * would evaluate `{{ $json.enterpriseNumber }}` thirty times per row. So properties that are identical but for the
 * resources and operations that show them become one property shown for all of them, when:
 * - `displayOptions` can say where: for resources that show it in every operation, or in the same operations; and
 * - every form of the node (each resource and operation) still shows the same fields in the same order.
 * Otherwise they stay as they are.
 */
import type { INodeProperties } from 'n8n-workflow';

type Pair = `${string}/${string}`;

interface Shown {
	resources?: string[];
	operations?: string[];
}

/** The resources and operations a property is limited to (undefined: not limited by that parameter). */
function shownFor(property: INodeProperties): Shown {
	const show = property.displayOptions?.show ?? {};
	return { resources: show.resource as string[] | undefined, operations: show.operation as string[] | undefined };
}

/** The property without the resources and operations that show it: equal keys mean the same field in the editor. */
function signature(property: INodeProperties): string {
	const { resource: _resource, operation: _operation, ...otherConditions } = property.displayOptions?.show ?? {};
	return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show: otherConditions } });
}

/**
 * Whether a property may be merged: shown for listed resources and operations, hidden by nothing about them, and
 * without routing (its functions would not show in the signature).
 */
function mergeable(property: INodeProperties): boolean {
	const { resources, operations } = shownFor(property);
	const hide = property.displayOptions?.hide ?? {};
	return !!resources && !!operations && !('resource' in hide) && !('operation' in hide) && !property.routing;
}

function pairsOf(property: INodeProperties): Pair[] {
	const { resources = [], operations = [] } = shownFor(property);
	return resources.flatMap((r) => operations.map((o) => `${r}/${o}` as Pair));
}

/** The fields a form shows, in order (their signatures), whatever the other parameters say. */
function form(properties: INodeProperties[], pair: Pair): string[] {
	const [resource, operation] = pair.split('/');
	return properties
		.filter((p) => {
			const { resources, operations } = shownFor(p);
			return (!resources || resources.includes(resource)) && (!operations || operations.includes(operation));
		})
		.map(signature);
}

/** The operations of each resource, from the Operation selectors. */
function operationsByResource(properties: INodeProperties[]): Map<string, string[]> {
	const all = new Map<string, string[]>();
	for (const p of properties) {
		if (p.name !== 'operation') continue;
		const values = (p.options ?? []).map((o) => String((o as { value: unknown }).value));
		for (const resource of shownFor(p).resources ?? []) all.set(resource, values);
	}
	return all;
}

/**
 * Where one property can stand for the members: one per set of resources with the same operations. A resource
 * whose every operation shows the field needs no operation condition at all.
 */
function grids(members: INodeProperties[], all: Map<string, string[]>): Array<{ resources: string[]; operations?: string[] }> {
	const byResource = new Map<string, Set<string>>();
	for (const m of members) {
		const { resources = [], operations = [] } = shownFor(m);
		for (const r of resources) for (const o of operations) byResource.set(r, (byResource.get(r) ?? new Set()).add(o));
	}
	const rows = new Map<string, { resources: string[]; operations?: string[] }>();
	for (const [resource, operations] of byResource) {
		const every = all.get(resource)?.every((o) => operations.has(o)) ?? false;
		const key = every ? '*' : [...operations].join(',');
		const row = rows.get(key) ?? { resources: [], operations: every ? undefined : [...operations] };
		row.resources.push(resource);
		rows.set(key, row);
	}
	return [...rows.values()];
}

/**
 * The members as one property, placed where one of them was, if every form they appear in keeps its fields and
 * their order; otherwise undefined.
 */
function merge(
	properties: INodeProperties[],
	members: INodeProperties[],
	grid: { resources: string[]; operations?: string[] },
): INodeProperties[] | undefined {
	const { resource: _r, operation: _o, ...otherConditions } = members[0].displayOptions!.show!;
	const merged: INodeProperties = {
		...members[0],
		displayOptions: {
			...members[0].displayOptions,
			show: { ...otherConditions, resource: grid.resources, ...(grid.operations ? { operation: grid.operations } : {}) },
		},
	};
	const pairs = [...new Set(members.flatMap(pairsOf))];
	const before = pairs.map((pair) => form(properties, pair).join('\n'));
	for (const place of members) {
		const candidate = properties.flatMap((p) => (p === place ? [merged] : members.includes(p) ? [] : [p]));
		if (pairs.every((pair, i) => form(candidate, pair).join('\n') === before[i])) return candidate;
	}
	return undefined;
}

/**
 * The largest set of alike properties, taken in order from one of them, that can become one: where they show
 * fits one row of `displayOptions` and every form keeps its fields and order. Undefined when no two can.
 */
function mergeOnce(
	properties: INodeProperties[],
	group: INodeProperties[],
	all: Map<string, string[]>,
): INodeProperties[] | undefined {
	for (let start = 0; start < group.length - 1; start++) {
		let chosen = [group[start]];
		let merged: INodeProperties[] | undefined;
		for (const member of group.slice(start + 1)) {
			const rows = grids([...chosen, member], all);
			if (rows.length !== 1) continue;
			const attempt = merge(properties, [...chosen, member], rows[0]);
			if (!attempt) continue;
			chosen = [...chosen, member];
			merged = attempt;
		}
		if (merged) return merged;
	}
	return undefined;
}

/** The alike properties of `properties`, by signature, in order. */
function alikeGroups(properties: INodeProperties[]): INodeProperties[][] {
	const groups = new Map<string, INodeProperties[]>();
	for (const property of properties.filter(mergeable)) {
		const key = signature(property);
		groups.set(key, [...(groups.get(key) ?? []), property]);
	}
	return [...groups.values()].filter((group) => group.length > 1);
}

/** Each group as whole rows of `displayOptions` (every resource of a row at once), or else one resource at a time. */
function mergeByRows(properties: INodeProperties[], all: Map<string, string[]>): INodeProperties[] {
	let result = properties;
	for (const group of alikeGroups(properties)) {
		for (const row of grids(group, all)) {
			const attempts = [row, ...(row.resources.length > 1 ? row.resources.map((r) => ({ ...row, resources: [r] })) : [])];
			for (const attempt of attempts) {
				const members = group.filter((m) => shownFor(m).resources!.some((r) => attempt.resources.includes(r)));
				if (members.length < 2 || members.some((m) => !result.includes(m))) continue;
				const merged = merge(result, members, attempt);
				if (!merged) continue;
				result = merged;
				if (attempt === row) break;
			}
		}
	}
	return result;
}

export function mergeAlike(properties: INodeProperties[]): INodeProperties[] {
	const all = operationsByResource(properties);
	let result = properties;
	// A merge can make room for another (a field moved next to its neighbours): go on until nothing changes. Whole
	// rows first; then what is left, a property at a time.
	for (let before = -1; before !== result.length; ) {
		before = result.length;
		result = mergeByRows(result, all);
		for (const group of alikeGroups(result)) {
			const merged = mergeOnce(result, group, all);
			if (merged) result = merged;
		}
	}
	return result;
}
