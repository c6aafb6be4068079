/**
 * Create with 'If Already Registered': a re-run of the same rows never registers them twice.
 *
 * A record is already registered when the owner holds one with the same natural key (contract.ts `NATURAL_KEYS`).
 * To know, the node reads, once per node run, the owner's listing of each period (year) the rows touch, page by
 * page, and keeps the keys it found in a book shared by the items of the run (shared/runState.ts `perRun`); it
 * sends no look-up request per row. Records the run registers go into the book too, so that a row repeating an
 * earlier row of the same run finds it. Rows with the same key take turns: the second waits for the first.
 *
 * Then, per item: nothing registered -> the create is sent (`outcome: created`); registered -> 'Fail' returns an
 * error that names it, 'Skip' returns it (`existing`), 'Update' patches the fields of the row that differ
 * (`updated`), or sends nothing when none do (`unchanged`). A gateway that answers 409 to a create that the book
 * did not know (someone else registered it meanwhile) is handled the same way, after the period is read again.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties, NodeApiError } from 'n8n-workflow';

import { MEDIA_TYPES } from '../../../credentials/gateway';
import { keyOf, NATURAL_KEYS, periodOf, UPDATE_METHOD, type NaturalKey } from './contract';
import type { Owner } from './employer';
import { alreadyRegisteredError, lookupError, uncertainTwinError } from './errors';
import { perRun, type ItemFacts, type ItemSender } from './runState';

export const IF_ALREADY_REGISTERED = 'ifAlreadyRegistered';
export type Outcome = 'created' | 'existing' | 'updated' | 'unchanged';
/** The output field that says what happened to the item. */
export const OUTCOME = 'outcome';

/** The resources whose Create offers the choice. */
export const REGISTERED_RESOURCES = ['training', 'trainingRight', 'optOut', 'providerTraining'];

const CHOICES = [
	{ name: 'Fail', value: 'fail', description: 'Return an error that names the registered record; nothing is sent' },
	{ name: 'Skip', value: 'skip', description: 'Return the registered record; nothing is sent' },
	{
		name: 'Update',
		value: 'update',
		description: "Change the registered record to the item's values; nothing is sent when they are equal",
	},
];

const parameter = (version: number[] | [{ _cnd: { gte: number } }]) => ({
	displayName: 'If Already Registered',
	name: IF_ALREADY_REGISTERED,
	type: 'options' as const,
	description:
		"What to do when the record is already registered: the same worker, title and start date for a training; worker, year and right type for a training right; year (and worker) for an opt-out; title, start and end dates for a provider training. The node reads the employer's records once per run to know.",
	displayOptions: { show: { resource: REGISTERED_RESOURCES, operation: ['create'], '@version': version } },
});

/**
 * The parameter, top level on Create. Nodes added from version 2 on start with 'Skip'; nodes of version 1 (added
 * before) keep sending every item unless the user picks a choice.
 */
export const ifAlreadyRegisteredProperties: INodeProperties[] = [
	{ ...parameter([{ _cnd: { gte: 2 } }]), options: CHOICES, default: 'skip' },
	{
		...parameter([1]),
		options: [
			{
				name: 'Always Create',
				value: 'create',
				description: 'Send the item without looking: running the same rows again registers them again',
			},
			...CHOICES,
		],
		default: 'create',
	},
];

/** Where the records of one resource and owner are found, and how they are changed. */
export interface Registered {
	resource: keyof typeof NATURAL_KEYS;
	/** Singular, in the user's words. */
	label: string;
	/** The request that lists one period's records (or, with `single`, answers the period's state in one object). */
	listing: (year: number) => { url: string; qs?: IDataObject; single?: boolean };
	/** The records of one answer of the listing, each with the fields its key is read from (default: itself). */
	entries?: (answer: IDataObject) => Array<{ keyed: IDataObject; record: IDataObject }>;
	/** For Update: the wire name of the identifier and the record's path. Without it, Update leaves it unchanged. */
	idName?: string;
	itemUrl?: (id: string) => string;
}

type Mode = 'fail' | 'skip' | 'update';

interface Item {
	mode: Mode;
	target: Registered;
	key: NaturalKey;
	owner: Owner;
	ownerKey: string;
	/** The owner and the natural key, as one string. */
	id: string;
	year: number;
	body: IDataObject;
}

/**
 * Read in an item's preSend: when the item's Create looks for a registered record first, the `work` the sender
 * runs instead of sending the create as it is.
 */
export function readRegistration(
	context: IExecuteSingleFunctions,
	target: Registered,
	owner: Owner,
	body: IDataObject,
): Pick<ItemFacts, 'work'> {
	const mode = context.getNodeParameter(IF_ALREADY_REGISTERED, 'create') as string;
	if (mode !== 'fail' && mode !== 'skip' && mode !== 'update') return {};
	const key = NATURAL_KEYS[target.resource] as NaturalKey;
	const ownerKey = owner.enterpriseNumber ?? owner.quality;
	const item: Item = { mode, target, key, owner, ownerKey, id: `${target.resource}|${ownerKey}|${keyOf(key, body)}`, year: periodOf(key, body), body };
	return { work: async (sender) => [await register(sender, item)] };
}

/* ----------------------------------------------------------------------------------------------------------------
 * The book of one node run
 * ------------------------------------------------------------------------------------------------------------- */

interface Entry {
	record?: IDataObject;
	/** Set while an item creates or updates this record: the others wait for it. */
	busy?: Promise<void>;
	/** The item of this run that registered it. */
	by?: number;
	/** The item of this run whose create of it lost its answer: it may or may not be registered. */
	lost?: number;
}

/** How long the book outlives the last item that used it: items of the same run arrive batch after batch. */
const LINGER_MS = 10_000;

class Book {
	readonly entries = new Map<string, Entry>();
	readonly periods = new Map<string, Promise<void>>();
	private users = 0;
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly forget: () => void) {}

	enter(): void {
		this.users++;
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	leave(): void {
		if (--this.users > 0) return;
		this.timer = setTimeout(this.forget, LINGER_MS);
		this.timer.unref?.();
	}
}

const bookOf = (sender: ItemSender) =>
	perRun(sender.executionId, `${sender.node.id}|registered`, (forget) => new Book(forget));

/** Reads the period's records into the book: once per run, or again (`fresh`) after a 409. */
async function load(book: Book, sender: ItemSender, item: Item, fresh = false): Promise<void> {
	const period = `${item.target.resource}|${item.ownerKey}|${item.year}`;
	let loading = fresh ? undefined : book.periods.get(period);
	if (!loading) {
		loading = (async () => {
			const { url, qs, single } = item.target.listing(item.year);
			const request: IHttpRequestOptions = { ...sender.options, method: 'GET', url, qs: { ...qs }, body: undefined };
			const answers = single ? [await sender.send(request)] : await sender.list(request);
			const entriesOf = item.target.entries ?? ((record: IDataObject) => [{ keyed: record, record }]);
			for (const answer of answers) {
				for (const { keyed, record } of entriesOf(answer)) {
					const id = `${item.target.resource}|${item.ownerKey}|${keyOf(item.key, keyed)}`;
					const entry = book.entries.get(id);
					// The first of records registered twice already (listings are in the order of registration).
					if (!entry) book.entries.set(id, { record });
					else if (fresh || !entry.record) entry.record = record;
				}
			}
		})();
		book.periods.set(period, loading);
	}
	await loading;
}

/* ----------------------------------------------------------------------------------------------------------------
 * One item
 * ------------------------------------------------------------------------------------------------------------- */

const withOutcome = (record: IDataObject, outcome: Outcome): IDataObject => ({ ...record, [OUTCOME]: outcome });

async function register(sender: ItemSender, item: Item): Promise<IDataObject> {
	const book = bookOf(sender);
	book.enter();
	try {
		try {
			await load(book, sender, item);
		} catch (error) {
			throw lookupError(sender.node, sender.itemIndex, item.target.label, error as Error);
		}
		for (;;) {
			const entry = book.entries.get(item.id) ?? {};
			if (entry.busy) {
				await entry.busy;
				continue;
			}
			if (entry.lost !== undefined) throw uncertainTwinError(sender.node, sender.itemIndex, item.target.label, entry.lost);
			if (entry.record && item.mode === 'fail') throw alreadyRegistered(sender, item, entry);
			if (entry.record && item.mode === 'skip') return withOutcome(entry.record, 'existing');
			const result = await inTurn(book, item.id, () => (entry.record ? update(book, sender, item, entry.record) : create(book, sender, item)));
			if (result) return result;
		}
	} finally {
		book.leave();
	}
}

/** Runs `action` while the other items of the same key wait; it returns undefined to look at the entry again. */
async function inTurn(book: Book, id: string, action: () => Promise<IDataObject | undefined>) {
	const entry = book.entries.get(id) ?? {};
	book.entries.set(id, entry);
	let done = () => {};
	entry.busy = new Promise<void>((resolve) => (done = resolve));
	try {
		return await action();
	} finally {
		entry.busy = undefined;
		done();
	}
}

function alreadyRegistered(sender: ItemSender, item: Item, entry: Entry) {
	const id = item.target.idName ? entry.record?.[item.target.idName] : undefined;
	return alreadyRegisteredError(sender.node, sender.itemIndex, {
		resourceLabel: item.target.label,
		id: typeof id === 'string' ? id : undefined,
		enterpriseNumber: item.owner.enterpriseNumber,
		keyLabels: item.key.fields.filter((f) => item.body[f.name] !== undefined).map((f) => f.label),
		byItem: entry.by,
	});
}

async function create(book: Book, sender: ItemSender, item: Item): Promise<IDataObject | undefined> {
	const entry = book.entries.get(item.id)!;
	try {
		const answer = await sender.send(sender.options);
		entry.record = answer;
		entry.by = sender.itemIndex;
		return withOutcome(answer, 'created');
	} catch (error) {
		// The sender's errors are the item's NodeApiError or NodeOperationError already.
		const failure = error as NodeApiError;
		if (failure.context?.mayHaveBeenProcessed === true) {
			entry.lost = sender.itemIndex;
		} else if (failure.httpCode === '409') {
			// Registered meanwhile by someone else: read the period again and decide as for a registered record.
			const found = await load(book, sender, item, true).then(
				() => book.entries.get(item.id)?.record !== undefined,
				() => false,
			);
			if (found) return undefined;
		}
		throw failure;
	}
}

/** Update: a merge patch of the row's fields that differ from the registered record (not those of the key). */
async function update(book: Book, sender: ItemSender, item: Item, record: IDataObject): Promise<IDataObject> {
	const id = item.target.idName ? record[item.target.idName] : undefined;
	const keyNames = new Set(item.key.fields.map((f) => f.name));
	const patch: IDataObject = {};
	for (const [name, value] of Object.entries(item.body)) {
		if (!keyNames.has(name) && comparable(value) !== comparable(record[name])) patch[name] = value;
	}
	if (!Object.keys(patch).length || typeof id !== 'string' || !item.target.itemUrl) return withOutcome(record, 'unchanged');
	const answer = await sender.send({
		...sender.options,
		method: UPDATE_METHOD,
		url: item.target.itemUrl(id),
		body: patch,
		headers: { ...sender.options.headers, 'Content-Type': MEDIA_TYPES.mergePatch },
	});
	const entry = book.entries.get(item.id);
	if (entry) entry.record = answer;
	return withOutcome(answer, 'updated');
}

/** A value as Update compares it: lists (participants) in any order, objects whatever the order of their fields. */
function comparable(value: unknown): string {
	const canonical = (v: unknown): unknown => {
		if (Array.isArray(v)) return v.map((x) => JSON.stringify(canonical(x))).sort();
		if (v && typeof v === 'object') {
			return Object.keys(v)
				.sort()
				.filter((k) => (v as IDataObject)[k] !== undefined && (v as IDataObject)[k] !== null)
				.map((k) => [k, canonical((v as IDataObject)[k])]);
		}
		return v ?? null;
	};
	return JSON.stringify(canonical(value));
}
