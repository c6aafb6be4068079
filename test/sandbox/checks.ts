/**
 * What the sandbox accepts on the wire, checked with its own code and not with the node's `validation.ts`: a
 * validation bug of the node must not pass the sandbox too. NISS, BIS and enterprise numbers are checked by `stdnum`
 * (an independent implementation); dates, numbers and texts by the small rules below, written for the canonical
 * wire form only (the node is lenient with what people type; the gateway is not).
 *
 * Each problem has a kind, which the API turns into a Belgif issue type: `schema` (wrong type, form or value
 * list: schemaViolation), `invalid` (well formed but not acceptable, such as wrong check digits: invalidInput),
 * `period` (an end before its start: belgif-ext invalidPeriod).
 */
import { stdnum } from 'stdnum';

import { YEAR_RANGE, type FieldKind, type FieldSpec } from './statement';

export type ProblemKind = 'schema' | 'invalid' | 'period';

/**
 * Where the data comes from: `api`, a request to the REST channel the sandbox serves, with every rule below; or
 * `otherChannel`, data that another channel (the web application, batch files) may have registered and that the seed
 * loads. A text of another channel may hold markup: the archive must cope with such records, so the seed accepts
 * them. A text that starts like a spreadsheet formula (`=`, `+`, `-`, `@`, as "- module 1") is accepted from both:
 * nothing says the gateway refuses it, and the archive neutralises it where the risk is, in its CSV files.
 */
export type Origin = 'api' | 'otherChannel';

export interface Problem {
	field: string;
	label: string;
	kind: ProblemKind;
	message: string;
}

type Verdict = { kind: ProblemKind; message: string } | undefined;

const quoted = (value: unknown) => JSON.stringify(value) ?? String(value);
const schema = (message: string): Verdict => ({ kind: 'schema', message });
const invalid = (message: string): Verdict => ({ kind: 'invalid', message });

/** An INSZ/NISS or BIS number as `stdnum` validates it (birth date, century, check digits). */
export function isSsin(value: unknown): boolean {
	return typeof value === 'string' && /^\d{11}$/.test(value) && stdnum.BE.insz.validate(value).isValid === true;
}

/**
 * An enterprise number (KBO/BCE): 10 digits starting with 0 or 1 whose check digits `stdnum` accepts, and not the
 * number made of zeros (its check digits, 97, fit, but no enterprise has it).
 */
export function isEnterpriseNumber(value: unknown): boolean {
	return (
		typeof value === 'string' &&
		/^[01]\d{9}$/.test(value) &&
		!/^0{8}/.test(value) &&
		stdnum.BE.vat.validate(value).isValid === true
	);
}

/** A `YYYY-MM-DD` date that exists in the calendar. */
export function isWireDate(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Characters a text field may not hold: controls, format characters and other invisible ones. */
const INVISIBLE =
	/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/u;
function checkText(value: string, spec: FieldSpec, origin: Origin): Verdict {
	const max = spec.maxLength ?? 200;
	const multiline = max > 200;
	if (value.trim() !== value) return schema(`${quoted(value)} has spaces around it`);
	if (value.length > max) return schema(`is ${value.length} characters long; the maximum is ${max}`);
	const lines = multiline ? value.replace(/[\r\n\t]/g, '') : value;
	const bad = INVISIBLE.exec(lines);
	if (bad) {
		const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		return invalid(`contains an invisible, control or format character (U+${code})`);
	}
	if (/[\u2028\u2029]/.test(value)) return invalid('contains a Unicode line separator');
	if (origin !== 'api') return undefined;
	// The REST channel's own rules.
	if (/<[a-z!?/]/i.test(value)) return invalid(`${quoted(value)} contains markup`);
	return undefined;
}

const WIRE_FORMS: Record<FieldKind, string> = {
	ssin: '11 digits',
	enterpriseNumber: '10 digits',
	date: 'YYYY-MM-DD',
	hours: 'a JSON number',
	amount: 'a JSON number',
	year: 'a JSON integer',
	jointCommittee: '999, 999.99 or 999.99.99',
	text: 'a JSON string',
	enum: 'one of the listed values',
	boolean: 'true or false',
};

const notInForm = (value: unknown, kind: FieldKind) => schema(`${quoted(value)} is not in the expected form (${WIRE_FORMS[kind]})`);

/** The strict check of one value as it arrives on the wire: undefined when acceptable. */
export function checkValue(spec: FieldSpec, value: unknown, origin: Origin = 'api'): Verdict {
	switch (spec.kind) {
		case 'ssin':
			if (typeof value !== 'string' || !/^\d{11}$/.test(value)) return notInForm(value, 'ssin');
			return isSsin(value) ? undefined : invalid(`${quoted(value)} is not a valid NISS/INSZ or BIS number`);
		case 'enterpriseNumber':
			if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return notInForm(value, 'enterpriseNumber');
			return isEnterpriseNumber(value) ? undefined : invalid(`${quoted(value)} is not a valid enterprise number`);
		case 'date':
			if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return notInForm(value, 'date');
			return isWireDate(value) ? undefined : invalid(`${quoted(value)} is not a date that exists`);
		case 'hours':
		case 'amount': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return notInForm(value, spec.kind);
			const max = spec.max ?? 10_000;
			return value > 0 && value <= max ? undefined : invalid(`${value} is not above 0 and at most ${max}`);
		}
		case 'year':
			if (typeof value !== 'number' || !Number.isInteger(value)) return notInForm(value, 'year');
			return value >= YEAR_RANGE.min && value <= YEAR_RANGE.max
				? undefined
				: invalid(`${value} is outside the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max} the FLA holds`);
		case 'jointCommittee':
			return typeof value === 'string' && /^\d{3}(\.\d{2}){0,2}$/.test(value) ? undefined : notInForm(value, 'jointCommittee');
		case 'text':
			return typeof value === 'string' ? checkText(value, spec, origin) : notInForm(value, 'text');
		case 'enum':
			return typeof value === 'string' && (spec.values ?? []).includes(value)
				? undefined
				: schema(`${quoted(value)} is not one of ${(spec.values ?? []).join(', ')}`);
		case 'boolean':
			return typeof value === 'boolean' ? undefined : notInForm(value, 'boolean');
	}
}

/** The dates of a training: both within the years the FLA holds. */
const TRAINING_DATES = ['startDate', 'endDate'];

/** The rules between fields of a record whose fields are each acceptable. */
function recordRules(record: Record<string, unknown>, specs: readonly FieldSpec[]): Problem[] {
	const problems: Problem[] = [];
	const label = (name: string) => specs.find((s) => s.name === name)?.label ?? name;
	for (const name of TRAINING_DATES) {
		const value = record[name];
		if (typeof value !== 'string') continue;
		const year = Number(value.slice(0, 4));
		if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) {
			problems.push({
				field: name,
				label: label(name),
				kind: 'invalid',
				message: `${value} is outside the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max} the FLA holds`,
			});
		}
	}
	const { startDate, endDate } = record;
	if (typeof startDate === 'string' && typeof endDate === 'string' && endDate < startDate) {
		problems.push({ field: 'endDate', label: label('endDate'), kind: 'period', message: `${endDate} is before the start date ${startDate}` });
	}
	return problems;
}

/**
 * Checks a whole record as the gateway does: unknown properties, required ones (unless `partial`), each value in
 * its wire form, then the rules between fields (on the fields that are right on their own).
 */
export function checkRecord(
	specs: readonly FieldSpec[],
	body: unknown,
	partial = false,
	origin: Origin = 'api',
): { problems: Problem[]; unknown: string[] } {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return { problems: [{ field: '', label: 'body', kind: 'schema', message: 'must be a JSON object' }], unknown: [] };
	}
	const record = body as Record<string, unknown>;
	const known = new Set(specs.map((s) => s.name));
	const problems: Problem[] = [];
	const valid: Record<string, unknown> = {};
	for (const spec of specs) {
		const value = record[spec.name];
		if (value === undefined || value === null) {
			if (spec.required && !partial) problems.push({ field: spec.name, label: spec.label, kind: 'schema', message: 'is required' });
			continue;
		}
		const verdict = checkValue(spec, value, origin);
		if (verdict) problems.push({ field: spec.name, label: spec.label, ...verdict });
		else valid[spec.name] = value;
	}
	problems.push(...recordRules(valid, specs));
	return { problems, unknown: Object.keys(record).filter((key) => !known.has(key)) };
}
