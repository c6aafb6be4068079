/**
 * The editor's lists of identifiers (n8n's `methods.listSearch`): 'Training ID', 'Training Right ID' and a provider's
 * 'Training ID' are picked 'From List' instead of typed. The list reads the listing the node's Get Many reads, one
 * call a batch of pages (`paginationToken` is the offset to read from next), and names each record so that a person
 * knows it: "Forklift safety — 85.07.30-033.28 — 2026-03-02".
 *
 * What the user types in the list's search box narrows it: a worker's NISS (11 digits, dots and dashes allowed), a
 * date or a year are sent to the gateway as the listing's filters; any other text is looked for in the names (title,
 * worker, dates) of the records read. The list needs what the records belong to: the employer's 'Enterprise Number'
 * (the form's own parameter), and a credential of the right quality; without them it says what to fill in.
 */
import type {
	IDataObject,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { apiRootOfCredential, MEDIA_TYPES, QUALITY_NAMES, type Quality } from '../../../credentials/gateway';
import { parseSsin } from '../../../credentials/identifiers';
import {
	comparableText,
	ENTERPRISE_NUMBER,
	ID_FIELDS,
	PAGING,
	PARTICIPANT_FIELDS,
	PATHS,
	PROVIDER_TRAINING_FIELDS,
	QUERY,
	TRAINING_FIELDS,
	TRAINING_RIGHT_FIELDS,
	YEAR_RANGE,
	type FieldSpec,
} from './contract';
import { titleCase } from './descriptions';
import { EMPLOYER_QUALITIES, TRAINING_PROVIDER_QUALITIES } from './employer';
import { listReadError, listSetupError } from './errors';
import { CREDENTIAL_NAME } from './transport';
import { parseDate, parseValue } from './validation';

/** How much one call of a list reads: it stops once it has this many records to show, or after this many pages. */
export const LIST_SEARCH = { wanted: 50, maxPages: 10, timeoutMs: 30_000 } as const;

/** The wire name of a field of the contract, by its parameter name. */
const wire = (specs: readonly FieldSpec[], parameter: string) => {
	const spec = specs.find((s) => s.parameter === parameter);
	if (!spec) throw new Error(`no field ${parameter} in the contract`);
	return spec.name;
};

const T = {
	ssin: wire(TRAINING_FIELDS, 'ssin'),
	title: wire(TRAINING_FIELDS, 'title'),
	start: wire(TRAINING_FIELDS, 'startDate'),
	end: wire(TRAINING_FIELDS, 'endDate'),
};
const R = {
	ssin: wire(TRAINING_RIGHT_FIELDS, 'ssin'),
	year: wire(TRAINING_RIGHT_FIELDS, 'year'),
	type: wire(TRAINING_RIGHT_FIELDS, 'rightType'),
	unit: wire(TRAINING_RIGHT_FIELDS, 'unit'),
	amount: wire(TRAINING_RIGHT_FIELDS, 'amount'),
};
const P = {
	title: wire(PROVIDER_TRAINING_FIELDS, 'title'),
	start: wire(PROVIDER_TRAINING_FIELDS, 'startDate'),
	end: wire(PROVIDER_TRAINING_FIELDS, 'endDate'),
	participant: wire(PARTICIPANT_FIELDS, 'ssin'),
};

/** A NISS as people read it: 85.07.30-033.28. */
export const ssinShown = (ssin: unknown) => {
	const digits = String(ssin ?? '');
	return /^\d{11}$/.test(digits)
		? `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}-${digits.slice(6, 9)}.${digits.slice(9)}`
		: digits;
};

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const joined = (...parts: unknown[]) => parts.map(text).filter(Boolean).join(' — ');

/** What the user typed in the search box, read as the listing's filters when it is one. */
export interface Typed {
	ssin?: string;
	date?: string;
	year?: number;
	/** Anything else: looked for in the records' names. */
	text?: string;
}

export function readTyped(filter: unknown): Typed {
	const typed = typeof filter === 'string' ? filter.trim() : '';
	if (!typed) return {};
	if (/^\d{4}$/.test(typed) && +typed >= YEAR_RANGE.min && +typed <= YEAR_RANGE.max) return { year: +typed };
	if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/.test(typed)) {
		try {
			return { date: parseDate(typed) };
		} catch {
			// Not a date after all (13/13/2026...): looked for as text.
			return { text: typed };
		}
	}
	// Only a whole NISS: parseSsin would also complete a short number with leading zeros.
	if (/^\d{11}$/.test(typed.replace(/[\s.-]/g, ''))) {
		try {
			return { ssin: parseSsin(typed) };
		} catch {
			return { text: typed };
		}
	}
	return { text: typed };
}

/**
 * The filters of a listing of trainings for what was typed: a worker, one start date, or the start dates of a year
 * (Training and Provider Training name them alike in contract.ts `QUERY`).
 */
const trainingQuery =
	({ ssin, from, to }: { ssin: string; from: string; to: string }) =>
	(typed: Typed): IDataObject | undefined => {
		if (typed.ssin) return { [ssin]: typed.ssin };
		if (typed.date) return { [from]: typed.date, [to]: typed.date };
		if (typed.year) return { [from]: `${typed.year}-01-01`, [to]: `${typed.year}-12-31` };
		return undefined;
	};

interface Listing {
	/** The parameter the list fills, in messages. */
	label: string;
	plural: string;
	qualities: readonly Quality[];
	/** Whether the records are an employer's (the path holds its enterprise number). */
	ofEmployer: boolean;
	path: (enterpriseNumber: string) => string;
	id: string;
	name: (record: IDataObject) => string;
	/** The listing's filters for what was typed; undefined: the typed text is looked for in the names. */
	query: (typed: Typed) => IDataObject | undefined;
}

const LISTINGS = {
	training: {
		label: ID_FIELDS.training.label,
		plural: 'trainings',
		qualities: EMPLOYER_QUALITIES,
		ofEmployer: true,
		path: (enterpriseNumber) => PATHS.trainings(enterpriseNumber),
		id: ID_FIELDS.training.name,
		name: (r) => joined(r[T.title], ssinShown(r[T.ssin]), r[T.start]),
		query: trainingQuery(QUERY.trainings),
	},
	trainingRight: {
		label: ID_FIELDS.trainingRight.label,
		plural: 'training rights',
		qualities: EMPLOYER_QUALITIES,
		ofEmployer: true,
		path: (enterpriseNumber) => PATHS.trainingRights(enterpriseNumber),
		id: ID_FIELDS.trainingRight.name,
		name: (r) =>
			joined(`${titleCase(text(r[R.type]))} ${text(r[R.year])}`.trim(), ssinShown(r[R.ssin]), `${text(r[R.amount])} ${text(r[R.unit])}`.trim()),
		query: (typed) =>
			typed.ssin
				? { [QUERY.trainingRights.ssin]: typed.ssin }
				: typed.year
					? { [QUERY.trainingRights.year]: typed.year }
					: undefined,
	},
	providerTraining: {
		label: ID_FIELDS.providerTraining.label,
		plural: 'provider trainings',
		qualities: TRAINING_PROVIDER_QUALITIES,
		ofEmployer: false,
		path: () => PATHS.providerTrainings(),
		id: ID_FIELDS.providerTraining.name,
		name: (r) => {
			const participants = Array.isArray(r.participants) ? r.participants.length : undefined;
			const dates = r[P.end] && r[P.end] !== r[P.start] ? `${text(r[P.start])} to ${text(r[P.end])}` : r[P.start];
			return joined(
				r[P.title],
				dates,
				participants === undefined ? '' : `${participants} participant${participants === 1 ? '' : 's'}`,
			);
		},
		query: trainingQuery(QUERY.providerTrainings),
	},
} satisfies Record<string, Listing>;

/** What a failed request tells: n8n's error around the HTTP answer, or no answer. */
function failureOf(error: unknown) {
	const e = error as {
		httpCode?: string | null;
		message?: string;
		code?: string;
		cause?: { code?: string; message?: string; response?: { status?: number; data?: unknown } };
		context?: { data?: unknown };
	};
	const response = e.cause?.response;
	const status = response?.status ?? (e.httpCode && /^\d{3}$/.test(e.httpCode) ? Number(e.httpCode) : undefined);
	return {
		status,
		body: response?.data ?? e.context?.data,
		code: e.cause?.code ?? e.code,
		message: e.cause?.message ?? e.message,
	};
}

/** Whether a record's name or identifier holds the typed text (a NISS also without its dots and dashes). */
function matches(needle: string, name: string, id: string): boolean {
	const digitsJoined = name.replace(/(\d)[.-](?=\d)/g, '$1');
	return comparableText(`${name} ${digitsJoined} ${id}`).includes(needle);
}

/** The employer of the list: the form's 'Enterprise Number', which must be there and valid. */
function employerOfForm(context: ILoadOptionsFunctions, listing: Listing): string {
	const raw = context.getCurrentNodeParameter(ENTERPRISE_NUMBER.parameter);
	const fill = `The list shows the ${listing.plural} of one employer. Fill in '${ENTERPRISE_NUMBER.label}' above (as BE 0202.239.951), then open the list again; or choose 'By ID' and give the '${listing.label}'.`;
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		throw listSetupError(context.getNode(), `Fill in '${ENTERPRISE_NUMBER.label}' to see the ${listing.plural}`, fill);
	}
	try {
		return parseValue(ENTERPRISE_NUMBER, raw) as string;
	} catch (error) {
		throw listSetupError(
			context.getNode(),
			`'${ENTERPRISE_NUMBER.label}' ${(error as Error).message}`,
			`${fill} An expression there is read with no input item: if it needs one, choose 'By ID'.`,
		);
	}
}

async function search(
	context: ILoadOptionsFunctions,
	listing: Listing,
	filter?: string,
	paginationToken?: unknown,
): Promise<INodeListSearchResult> {
	const node = context.getNode();
	const credentials = await context.getCredentials(CREDENTIAL_NAME);
	const quality = (credentials.quality as Quality | undefined) ?? 'employer';
	if (!listing.qualities.includes(quality)) {
		const names = listing.qualities.map((q) => `'${QUALITY_NAMES[q]}'`).join(' or ');
		throw listSetupError(
			node,
			`The list of ${listing.plural} needs a credential with the quality ${names}`,
			`The selected credential has the quality '${QUALITY_NAMES[quality]}'. Pick another credential or another resource.`,
		);
	}
	const enterpriseNumber = listing.ofEmployer ? employerOfForm(context, listing) : '';
	const typed = readTyped(filter);
	const query = listing.query(typed);
	const needle = query === undefined && typeof filter === 'string' && filter.trim() ? comparableText(filter) : undefined;
	const base: IHttpRequestOptions = {
		method: 'GET',
		baseURL: apiRootOfCredential({ ...credentials, quality }),
		url: listing.path(enterpriseNumber),
		headers: { Accept: MEDIA_TYPES.json },
		json: true,
		timeout: LIST_SEARCH.timeoutMs,
	};

	const start = Number(paginationToken);
	let offset = Number.isInteger(start) && start > 0 ? start : 0;
	const results: INodeListSearchItems[] = [];
	let more = true;
	for (let page = 0; more && page < LIST_SEARCH.maxPages && results.length < LIST_SEARCH.wanted; page++) {
		let body: IDataObject;
		try {
			body = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_NAME, {
				...base,
				qs: { ...query, [PAGING.offsetParameter]: offset, [PAGING.limitParameter]: PAGING.maxPageSize },
			})) as IDataObject;
		} catch (error) {
			throw listReadError(node, listing.label, failureOf(error), {
				resourceLabel: listing.plural,
				quality,
				...(enterpriseNumber ? { enterpriseNumber } : {}),
			});
		}
		const items = Array.isArray(body?.[PAGING.itemsProperty]) ? (body[PAGING.itemsProperty] as IDataObject[]) : [];
		offset += items.length;
		more = items.length > 0 && Boolean(body[PAGING.nextProperty]);
		for (const record of items) {
			const id = text(record[listing.id]);
			if (!id) continue;
			const name = listing.name(record) || id;
			if (needle && !matches(needle, name, id)) continue;
			results.push({ name, value: id });
		}
	}
	return more ? { results, paginationToken: String(offset) } : { results };
}

/** The node's `methods.listSearch`. */
export const listSearch = {
	/** Trainings: an employer's (resource Training), or a training provider's own (resource Provider Training). */
	async searchTrainings(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const resource = this.getCurrentNodeParameter('resource');
		return await search(this, resource === 'providerTraining' ? LISTINGS.providerTraining : LISTINGS.training, filter, paginationToken);
	},
	async searchTrainingRights(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		return await search(this, LISTINGS.trainingRight, filter, paginationToken);
	},
};
