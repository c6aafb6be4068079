/**
 * The requests of a record the gateway stores (a training, a training right, a provider's training): Create, Get,
 * Get Many, Update and Delete, each built from the record's contract. A resource's operation files take the one
 * they need; what differs between resources is the `StoredRecord` in their `record.ts`.
 */
import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { mapsColumns, ownerProblem, readColumns, type MappedRecord } from './columns';
import { NATURAL_KEYS, type FieldSpec } from './contract';
import { EMPLOYER_QUALITIES, type Owner } from './employer';
import { inputError } from './errors';
import { readRegistration } from './existing';
import { checkQuality, fillRequest, only, readId, readListing, readRecord } from './requests';
import type { ItemFacts, ItemSender } from './runState';
import { route, type OutputShape } from './transport';
import { isBlank, parseValue } from './validation';

export interface StoredRecord {
	/** Singular and plural in the user's words. */
	label: string;
	plural: string;
	fields: readonly FieldSpec[];
	id: FieldSpec;
	filters: Record<string, FieldSpec>;
	simplified: readonly FieldSpec[];
	/** Who owns the record, checked for one item: an employer (with its number) or a training provider. */
	owner: (context: IExecuteSingleFunctions) => Promise<Owner>;
	collectionPath: (owner: Owner) => string;
	itemPath: (owner: Owner, id: string) => string;
	/** Its natural key in the contract, by which Create finds it already registered. */
	naturalKey: keyof typeof NATURAL_KEYS;
	/**
	 * The owner's field that an item's column may give in version 3's 'Map Automatically' when its parameter is left
	 * empty (the employer's enterprise number, for `employerOf` owners).
	 */
	ownerColumn?: FieldSpec;
}

const output = (r: StoredRecord, kind: OutputShape['kind'] = 'record'): OutputShape => ({
	resourceLabel: r.label,
	fields: r.fields,
	kind,
	...(kind === 'list' ? { simplify: only(r.simplified) } : {}),
});

/**
 * Create: the record from 'Columns' (version 3) or from the required fields and the Additional Fields (versions 1
 * and 2), and what `more` adds to the body (e.g. participants).
 */
export function createRoute(r: StoredRecord, more?: (context: IExecuteSingleFunctions) => IDataObject) {
	return route(
		'POST',
		async function (options) {
			const mapped = mapsColumns(this) ? readColumns(this, r.fields, { owner: r.ownerColumn }) : undefined;
			const owner = mapped ? await mappedOwner(this, mapped, r.ownerColumn, r.owner) : await r.owner(this);
			const body = { ...(mapped?.record ?? readRecord(this, r.fields, 'additionalFields')), ...more?.(this) };
			const facts = { ...owner, ...readRegistration(this, registeredOf(r, owner), owner, body) };
			return fillRequest(options, { url: r.collectionPath(owner), body }, mapped ? listingUnmapped(facts, mapped) : facts);
		},
		output(r),
	);
}

/** Where Create looks for the record already registered: the owner's listing of a period. */
function registeredOf(r: StoredRecord, owner: Owner) {
	const key = NATURAL_KEYS[r.naturalKey];
	return {
		resource: r.naturalKey,
		label: r.label,
		listing: (year: number) => ({ url: r.collectionPath(owner), qs: 'periodQuery' in key ? key.periodQuery(year) : {} }),
		idName: r.id.name,
		fields: r.fields,
		itemUrl: (id: string) => r.itemPath(owner, id),
	};
}

export function getRoute(r: StoredRecord) {
	return route(
		'GET',
		async function (options) {
			const owner = await r.owner(this);
			const id = readId(this, r.id);
			return fillRequest(options, { url: r.itemPath(owner, id) }, { ...owner, id });
		},
		output(r),
	);
}

export function getAllRoute(r: StoredRecord) {
	return route(
		'GET',
		async function (options) {
			const owner = await r.owner(this);
			const qs = readRecord(this, Object.values(r.filters), 'filters', true);
			return fillRequest(options, { url: r.collectionPath(owner), qs }, { ...owner, ...readListing(this) });
		},
		output(r, 'list'),
	);
}

/** Update: a merge patch of the Update Fields; the others stay as they are. */
export function updateRoute(r: StoredRecord) {
	return route(
		'PATCH',
		async function (options) {
			const mapped = mapsColumns(this) ? readColumns(this, r.fields, { partial: true, owner: r.ownerColumn }) : undefined;
			const owner = mapped ? await mappedOwner(this, mapped, r.ownerColumn, r.owner) : await r.owner(this);
			const id = readId(this, r.id);
			const changes = mapped?.record ?? readRecord(this, r.fields, 'updateFields', true);
			const body = { ...changes, ...readClearedFields(this, r.fields, changes) };
			if (Object.keys(body).length === 0) {
				throw inputError(this.getNode(), this.getItemIndex(), [
					{
						field: 'updateFields',
						label: 'Update Fields',
						message: "hold nothing to change: give a value to change or choose 'Fields to Clear'",
					},
				]);
			}
			const facts = { ...owner, id };
			return fillRequest(options, { url: r.itemPath(owner, id), body, mergePatch: true }, mapped ? listingUnmapped(facts, mapped) : facts);
		},
		output(r),
	);
}

export function deleteRoute(r: StoredRecord) {
	return route(
		'DELETE',
		async function (options) {
			const owner = await r.owner(this);
			const id = readId(this, r.id);
			const deleted = { [r.id.name]: id, ...(owner.enterpriseNumber ? { enterpriseNumber: owner.enterpriseNumber } : {}) };
			return fillRequest(options, { url: r.itemPath(owner, id) }, { ...owner, id, deleted });
		},
		output(r, 'deleted'),
	);
}

/**
 * The owner of an item mapped by 'Columns' (version 3). In 'Map Automatically', an employer's enterprise number left
 * empty is taken from the item's column (KBO, BCE...); neither is refused, naming both. Otherwise as in earlier
 * versions.
 */
export async function mappedOwner(
	context: IExecuteSingleFunctions,
	mapped: MappedRecord,
	spec: FieldSpec | undefined,
	owner: StoredRecord['owner'],
): Promise<Owner> {
	if (!spec || !mapped.auto) return owner(context);
	const quality = await checkQuality(context, EMPLOYER_QUALITIES);
	const parameter = context.getNodeParameter(spec.parameter, '') as unknown;
	const [value, column] = isBlank(parameter) ? [mapped.ownerValue, mapped.ownerColumn] : [parameter, undefined];
	const fail = (message: string) => inputError(context.getNode(), context.getItemIndex(), [{ field: spec.name, label: spec.label, message }]);
	if (isBlank(value)) throw inputError(context.getNode(), context.getItemIndex(), [ownerProblem(spec)]);
	try {
		return { quality, enterpriseNumber: parseValue(spec, value) as string };
	} catch (error) {
		throw fail(column ? `(column "${column}") ${(error as Error).message}` : (error as Error).message);
	}
}

/**
 * The columns of the item that match no field are listed in its output (`unmappedColumns`): never dropped in silence.
 * The item's requests stay those of earlier versions; its output records gain the list.
 */
export function listingUnmapped(facts: ItemFacts, mapped: MappedRecord): ItemFacts {
	const { unmapped } = mapped;
	if (!unmapped.length) return facts;
	const work = facts.work ?? (async (sender: ItemSender) => [await sender.send(sender.options)]);
	return { ...facts, work: async (sender) => (await work(sender)).map((record) => ({ ...record, unmappedColumns: [...unmapped] })) };
}

/**
 * The optional fields chosen in 'Fields to Clear', as `{ wireName: null }` (JSON merge patch: null removes a
 * value); a field also given a new value, or one that cannot be cleared, is refused, naming it.
 */
function readClearedFields(context: IExecuteSingleFunctions, fields: readonly FieldSpec[], changes: IDataObject): IDataObject {
	const chosen = context.getNodeParameter('clearFields', []) as unknown;
	const names = Array.isArray(chosen) ? chosen.map(String) : [];
	const cleared: IDataObject = {};
	const problems = [];
	for (const name of names) {
		const spec = fields.find((f) => f.parameter === name && !f.required);
		if (!spec) {
			problems.push({ field: 'clearFields', label: 'Fields to Clear', message: `${JSON.stringify(name)} is not a field that can be cleared` });
		} else if (changes[spec.name] !== undefined) {
			problems.push({ field: spec.name, label: spec.label, message: "is both in 'Update Fields' and in 'Fields to Clear': choose one" });
		} else {
			cleared[spec.name] = null;
		}
	}
	if (problems.length) throw inputError(context.getNode(), context.getItemIndex(), problems);
	return cleared;
}
