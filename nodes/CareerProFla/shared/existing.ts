/**
 * Create with 'If Already Registered': a re-run of the same rows never registers them twice.
 *
 * A record is already registered when the owner holds one with the same natural key (contract.ts `NATURAL_KEYS`).
 * To know, the node reads, once per node run, the owner's listing of each period (year) the rows touch, page by
 * page, and keeps the keys it found in a book shared by the items of the run; it sends no look-up request per row.
 * Records the run registers go into the book too, so that a row repeating an earlier row of the same run finds it.
 * The book belongs to the node run (n8n's execute data of the run, held in a WeakMap): it ends with the run, and a
 * retry through the error output, a new run of the node, reads the listing again. No timer.
 *
 * Rows with the same key take turns, across the executions of this n8n process too: a lock per key, held by the
 * item that decides and writes, made when an item wants it and gone when no item holds or waits for it. A write
 * of another execution since the period was read makes the item read it again before it decides. Across n8n
 * processes (queue mode workers) nothing is shared: there, only a gateway that answers 409 to a duplicate keeps a
 * record single.
 *
 * Then, per item: nothing registered -> the create is sent (`outcome: created`); registered -> 'Fail' returns an
 * error that names it, 'Skip' returns it (`existing`, with `differences`: the row's values it holds otherwise, and
 * `sameAsItem` when an earlier item of the run registered it), 'Update' patches the fields of the row that differ
 * (`updated`), or sends nothing when none do (`unchanged`); an earlier item of the run that registered it with
 * other values is not overwritten (an error names both). A gateway that answers 409 to a create that the book did
 * not know (someone else registered it meanwhile) is handled the same way, after the period is read again.
 */
import { sleep, type IDataObject, type IExecuteSingleFunctions, type IHttpRequestOptions, type INodeProperties, type NodeApiError } from 'n8n-workflow';

import { MEDIA_TYPES } from '../../../credentials/gateway';
import {
	groupOf,
	keyOf,
	membersOf,
	NATURAL_KEYS,
	periodOf,
	REGISTRATION_TIME,
	UPDATE_METHOD,
	type FieldSpec,
	type NaturalKey,
} from './contract';
import type { Owner } from './employer';
import {
	alreadyRegisteredError,
	lookupError,
	partialMatchError,
	sameKeyOtherValuesError,
	uncertainTwinError,
	unexplainedConflictError,
} from './errors';
import type { ItemFacts, ItemSender } from './runState';

export const IF_ALREADY_REGISTERED = 'ifAlreadyRegistered';
export type Outcome = 'created' | 'existing' | 'updated' | 'unchanged';
/** The output field that says what happened to the item. */
export const OUTCOME = 'outcome';

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
		"What to do when the record is already registered: the same worker, title and start date for a training; worker, year and right type for a training right; year (and worker) for an opt-out; title, start and end dates and the same participants for a provider training. The node reads the employer's records once per run to know.",
	displayOptions: { show: { '@version': version } },
});

/**
 * The parameter, below the record in the forms of the Creates that offer the choice. Nodes added from version 2 on
 * start with 'Skip'; nodes of version 1 (added before) keep sending every item unless the user picks a choice.
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
	/** The request that lists one period's records (every page is read)... */
	listing?: (year: number) => { url: string; qs?: IDataObject };
	/** ...or how the period is read otherwise, in one or more answers (opt-outs: the year's state, read by itself). */
	readPeriod?: (sender: ItemSender, year: number) => Promise<IDataObject[]>;
	/** The records of one answer of the listing, each with the fields its key is read from (default: itself). */
	entries?: (answer: IDataObject) => Array<{ keyed: IDataObject; record: IDataObject }>;
	/** The record a create's answer stands for (default: the answer); an opt-out answered without a body: what was sent. */
	created?: (answer: IDataObject) => IDataObject;
	/** For Update: the wire name of the identifier and the record's path. Without it, Update leaves it unchanged. */
	idName?: string;
	/** The fields of the record, to name those that differ. */
	fields?: readonly FieldSpec[];
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
	/** The owner and the key without its members: what the item's turn is taken on. */
	group: string;
	/** The owner and the period: what the book reads at once. */
	period: string;
	year: number;
	body: IDataObject;
	/** The node run (n8n's execute data of the run): the book's owner. */
	run: object;
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
	const year = periodOf(key, body);
	const item: Item = {
		mode,
		target,
		key,
		owner,
		ownerKey,
		id: `${target.resource}|${ownerKey}|${keyOf(key, body)}`,
		group: `${target.resource}|${ownerKey}|${groupOf(key, body)}`,
		period: `${target.resource}|${ownerKey}|${year}`,
		year,
		body,
		// Without execute data (not seen in n8n 1.x or 2.x), the item has a book of its own.
		run: (context.getExecuteData?.() as object | undefined) ?? {},
	};
	return { work: async (sender) => [await register(sender, item)] };
}

/* ----------------------------------------------------------------------------------------------------------------
 * The book of one node run
 * ------------------------------------------------------------------------------------------------------------- */

interface Entry {
	record?: IDataObject;
	/** The reading of the listing (or the create) the record comes from. */
	reading?: object;
	/** The item of this run that registered it, or last changed it. */
	by?: number;
	/** The item of this run whose write of it lost its answer: it may or may not be registered (or changed). */
	lost?: number;
}

interface Period {
	loading: Promise<void>;
	/** The process's shared state of the period when it was read, and the write count then. */
	shared: Shared;
	seq: number;
}

class Book {
	/** By key (`Item.id`). */
	readonly entries = new Map<string, Entry>();
	/** By key without members (`Item.group`): the keys of records that have members (provider trainings' sessions). */
	readonly groups = new Map<string, Set<string>>();
	readonly periods = new Map<string, Period>();

	entry(id: string): Entry {
		let entry = this.entries.get(id);
		if (!entry) this.entries.set(id, (entry = {}));
		return entry;
	}

	/**
	 * Notes a record of one reading of a listing (or the answer of a create: a reading of its own). A later reading
	 * replaces what an earlier one noted; within one reading, of records registered twice already, the earliest
	 * registered is kept, whatever order the gateway lists them in (`registeredBefore`).
	 */
	note(item: Pick<Item, 'key' | 'target' | 'ownerKey'>, keyed: IDataObject, record: IDataObject, reading: object): void {
		const prefix = `${item.target.resource}|${item.ownerKey}|`;
		const id = prefix + keyOf(item.key, keyed);
		const entry = this.entry(id);
		if (entry.reading !== reading || !entry.record || registeredBefore(record, entry.record, item.target.idName)) {
			entry.record = record;
			entry.reading = reading;
		}
		if (item.key.members) {
			const group = prefix + groupOf(item.key, keyed);
			if (!this.groups.has(group)) this.groups.set(group, new Set());
			this.groups.get(group)!.add(id);
		}
	}
}

/**
 * Whether record `a` was registered before record `b`: by the time of registration the gateway answers
 * (contract.ts `REGISTRATION_TIME`) when both have one and they differ, else by identifier (gateways give them in
 * the order of registration: `TR-000009` before `TR-000010`, 9 before 10). Never by the order of the listing, which
 * a gateway may sort newest first, or not at all.
 */
export function registeredBefore(a: IDataObject, b: IDataObject, idName?: string): boolean {
	const at = Date.parse(String(a[REGISTRATION_TIME] ?? ''));
	const bt = Date.parse(String(b[REGISTRATION_TIME] ?? ''));
	if (Number.isFinite(at) && Number.isFinite(bt) && at !== bt) return at < bt;
	const aid = idName ? a[idName] : undefined;
	const bid = idName ? b[idName] : undefined;
	if (aid === undefined || aid === null || bid === undefined || bid === null) return false;
	return String(aid).localeCompare(String(bid), 'en', { numeric: true }) < 0;
}

const books = new WeakMap<object, Book>();

function bookOf(run: object): Book {
	let book = books.get(run);
	if (!book) books.set(run, (book = new Book()));
	return book;
}

/* ----------------------------------------------------------------------------------------------------------------
 * What the executions of this process share: turns per key, and the writes made since a period was read
 * ------------------------------------------------------------------------------------------------------------- */

interface Shared {
	/** Items (of any execution) working on the period now. At 0 the state is dropped. */
	users: number;
	/** Per key group: the count of writes when the last write of it ended, and the book that made it. */
	writes: Map<string, { seq: number; book: Book }>;
	/** Per key group: the turn being taken; the others wait for it. */
	turns: Map<string, Promise<void>>;
}

const shared = new Map<string, Shared>();
/** Writes ended in this process, counted: a period read at count n has seen no write ended after it. */
let writesEnded = 0;

function enter(period: string): Shared {
	let state = shared.get(period);
	if (!state) shared.set(period, (state = { users: 0, writes: new Map(), turns: new Map() }));
	state.users++;
	return state;
}

function leave(period: string, state: Shared): void {
	if (--state.users === 0 && shared.get(period) === state) shared.delete(period);
}

/** Runs `action` in the group's turn: the other items of the group, of any execution of this process, wait. */
async function inTurn<T>(state: Shared, group: string, action: () => Promise<T>): Promise<T> {
	for (let turn = state.turns.get(group); turn; turn = state.turns.get(group)) await turn;
	let done = () => {};
	state.turns.set(group, new Promise<void>((resolve) => (done = resolve)));
	try {
		return await action();
	} finally {
		state.turns.delete(group);
		done();
	}
}

/** How many periods items of this process are working on now: 0 once every item is done (for tests). */
export const periodsInUse = () => shared.size;

function wrote(state: Shared, item: Item, book: Book): void {
	state.writes.set(item.group, { seq: ++writesEnded, book });
}

/** Reads the period's records into the book: once per run, or again (`fresh`). */
async function load(book: Book, state: Shared, sender: ItemSender, item: Item, fresh = false): Promise<void> {
	let period = fresh ? undefined : book.periods.get(item.period);
	if (!period) {
		const loading = (async () => {
			const answers = item.target.readPeriod
				? await item.target.readPeriod(sender, item.year)
				: await listSettled(sender, listingRequest(sender, item));
			const entriesOf = item.target.entries ?? ((record: IDataObject) => [{ keyed: record, record }]);
			const reading = {};
			for (const answer of answers) {
				for (const { keyed, record } of entriesOf(answer)) book.note(item, keyed, record, reading);
			}
		})();
		period = { loading, shared: state, seq: writesEnded };
		book.periods.set(item.period, period);
	}
	await period.loading;
}

function listingRequest(sender: ItemSender, item: Item): IHttpRequestOptions {
	if (!item.target.listing) throw new Error(`no way to read the registered ${item.target.label}s`);
	const { url, qs } = item.target.listing(item.year);
	return { ...sender.options, method: 'GET', url, qs: { ...qs }, body: undefined };
}

/**
 * How a look-up reads again a listing whose records moved while its pages were read (other executions, other workers
 * or other channels registering for the same employer at that moment): after a pause that doubles from 250 ms up to
 * 2 s, so that a burst of writes can end (about 10 s in all), before it gives up with that error.
 */
const LIST_READS = 8;
const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 2000;

/** The listing, read again when records moved between its pages: a look-up needs one consistent reading, not the first. */
async function listSettled(sender: ItemSender, request: IHttpRequestOptions): Promise<IDataObject[]> {
	for (let read = 1; ; read++) {
		try {
			return await sender.list(request);
		} catch (error) {
			// The sender's errors are the item's NodeApiError already.
			const failure = error as NodeApiError;
			if (failure.context?.listMoved !== true || read >= LIST_READS) throw failure;
			await sleep(Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (read - 1)));
		}
	}
}

/** Whether what the book read of the item's period may miss a write of another execution of this process. */
function stale(book: Book, state: Shared, item: Item): boolean {
	const period = book.periods.get(item.period);
	if (!period || period.shared !== state) return true;
	const write = state.writes.get(item.group);
	return write !== undefined && write.book !== book && write.seq > period.seq;
}

/* ----------------------------------------------------------------------------------------------------------------
 * One item
 * ------------------------------------------------------------------------------------------------------------- */

const withOutcome = (record: IDataObject, outcome: Outcome, more: IDataObject = {}): IDataObject => ({ ...record, [OUTCOME]: outcome, ...more });

async function register(sender: ItemSender, item: Item): Promise<IDataObject> {
	const book = bookOf(item.run);
	const state = enter(item.period);
	try {
		try {
			await load(book, state, sender, item);
		} catch (error) {
			throw lookupError(sender.node, sender.itemIndex, item.target.label, error as Error);
		}
		return await inTurn(state, item.group, async () => {
			// Read again if the book may miss a write of another execution; else wait for a read another item started.
			await read(book, state, sender, item, stale(book, state, item));
			for (let attempt = 0; ; attempt++) {
				const found = await decide(book, state, sender, item, attempt);
				if (found) return found;
			}
		});
	} finally {
		leave(item.period, state);
	}
}

async function read(book: Book, state: Shared, sender: ItemSender, item: Item, fresh: boolean): Promise<void> {
	try {
		await load(book, state, sender, item, fresh);
	} catch (error) {
		throw lookupError(sender.node, sender.itemIndex, item.target.label, error as Error);
	}
}

/** One decision in the item's turn; undefined to decide again (after a 409 that the listing read again explains). */
async function decide(book: Book, state: Shared, sender: ItemSender, item: Item, attempt: number): Promise<IDataObject | undefined> {
	const entry = book.entry(item.id);
	if (entry.lost !== undefined) throw uncertainTwinError(sender.node, sender.itemIndex, item.target.label, entry.lost);
	if (!entry.record) {
		partialMatch(book, sender, item);
		return await create(book, state, sender, item, entry, attempt);
	}
	if (item.mode === 'fail') throw alreadyRegistered(sender, item, entry);
	const differences = differencesOf(item, entry.record);
	const sameAs: IDataObject = entry.by !== undefined ? { sameAsItem: entry.by + 1 } : {};
	if (item.mode === 'skip') return withOutcome(entry.record, 'existing', { ...sameAs, ...(differences.length ? { differences } : {}) });
	if (entry.by !== undefined && differences.length) {
		throw sameKeyOtherValuesError(sender.node, sender.itemIndex, item.target.label, entry.by, differences);
	}
	return await update(book, state, sender, item, entry, differences, sameAs);
}

const keyLabels = (item: Item) => [
	...item.key.fields.filter((f) => item.body[f.name] !== undefined).map((f) => f.label),
	...(item.key.members ? [item.key.members.label] : []),
];

const idOf = (item: Item, record: IDataObject | undefined) => {
	const id = item.target.idName ? record?.[item.target.idName] : undefined;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
};

function alreadyRegistered(sender: ItemSender, item: Item, entry: Entry) {
	return alreadyRegisteredError(sender.node, sender.itemIndex, {
		resourceLabel: item.target.label,
		id: idOf(item, entry.record),
		enterpriseNumber: item.owner.enterpriseNumber,
		keyLabels: keyLabels(item),
		byItem: entry.by,
	});
}

/** A registered record of the item's group that shares some members with the item, and not all: nothing is sent. */
function partialMatch(book: Book, sender: ItemSender, item: Item): void {
	const members = item.key.members;
	if (!members) return;
	const mine = membersOf(item.key, item.body);
	for (const id of book.groups.get(item.group) ?? []) {
		const record = book.entries.get(id)?.record;
		if (!record || id === item.id) continue;
		const theirs = membersOf(item.key, record);
		const both = mine.filter((m) => theirs.includes(m));
		if (!both.length) continue;
		throw partialMatchError(sender.node, sender.itemIndex, {
			resourceLabel: item.target.label,
			id: idOf(item, record),
			keyLabels: item.key.fields.map((f) => f.label),
			membersLabel: members.label,
			both,
			onlyItem: mine.filter((m) => !theirs.includes(m)),
			onlyRegistered: theirs.filter((m) => !mine.includes(m)),
		});
	}
}

async function create(book: Book, state: Shared, sender: ItemSender, item: Item, entry: Entry, attempt: number): Promise<IDataObject | undefined> {
	try {
		const sent = await sender.send(sender.options);
		const answer = item.target.created ? item.target.created(sent) : sent;
		book.note(item, item.body, answer, {});
		entry.record = answer;
		entry.by = sender.itemIndex;
		return withOutcome(answer, 'created');
	} catch (error) {
		// The sender's errors are the item's NodeApiError or NodeOperationError already.
		const failure = error as NodeApiError;
		if (failure.context?.mayHaveBeenProcessed === true) {
			entry.lost = sender.itemIndex;
		} else if (failure.httpCode === '409' && attempt === 0) {
			// Registered meanwhile by someone else: read the period again and decide as for a registered record.
			const found = await load(book, state, sender, item, true).then(
				() => book.entries.get(item.id)?.record !== undefined,
				() => false,
			);
			if (found) return undefined;
			throw unexplainedConflictError(sender.node, sender.itemIndex, { resourceLabel: item.target.label, keyLabels: keyLabels(item), cause: failure });
		}
		throw failure;
	} finally {
		wrote(state, item, book);
	}
}

/** The row's fields (not those of the key) whose values the registered record does not hold. */
function differencesOf(item: Item, record: IDataObject): Array<{ field: string; label: string; item: unknown; registered: unknown }> {
	const keyNames = new Set([...item.key.fields.map((f) => f.name), ...(item.key.members ? [item.key.members.list] : [])]);
	return Object.entries(item.body)
		.filter(([name, value]) => !keyNames.has(name) && comparable(value) !== comparable(record[name]))
		.map(([name, value]) => ({
			field: name,
			label: item.target.fields?.find((f) => f.name === name)?.label ?? name,
			item: value,
			registered: record[name] ?? null,
		}));
}

/** Update: a merge patch of the row's fields that differ from the registered record (not those of the key). */
async function update(
	book: Book,
	state: Shared,
	sender: ItemSender,
	item: Item,
	entry: Entry,
	differences: ReturnType<typeof differencesOf>,
	sameAs: IDataObject,
): Promise<IDataObject> {
	const record = entry.record!;
	const id = idOf(item, record);
	if (!differences.length || id === undefined || !item.target.itemUrl) return withOutcome(record, 'unchanged', sameAs);
	const patch = Object.fromEntries(differences.map((d) => [d.field, d.item])) as IDataObject;
	try {
		const answer = await sender.send({
			...sender.options,
			method: UPDATE_METHOD,
			url: item.target.itemUrl(id),
			body: patch,
			headers: { ...sender.options.headers, 'Content-Type': MEDIA_TYPES.mergePatch },
		});
		entry.record = answer;
		entry.by = sender.itemIndex;
		return withOutcome(answer, 'updated');
	} catch (error) {
		// The sender's errors are the item's NodeApiError or NodeOperationError already.
		const failure = error as NodeApiError;
		if (failure.context?.mayHaveBeenProcessed === true) entry.lost = sender.itemIndex;
		throw failure;
	} finally {
		wrote(state, item, book);
	}
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
