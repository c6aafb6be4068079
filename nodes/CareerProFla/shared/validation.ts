/**
 * What a valid value is, for every kind of field in the API contract.
 *
 * `parseValue` is lenient, for what people paste from spreadsheets and HR systems (NISS with dots, `BE` enterprise
 * numbers, Belgian dates, `7,5` hours...). It returns the canonical wire form or throws `InvalidValue`. The sandbox
 * checks the wire form with its own, independent code (test/sandbox/checks.ts), so that it can catch this file's
 * mistakes.
 */
import {
	describeValue,
	InvalidValue,
	parseEnterpriseNumber,
	parseSsin,
	shown,
} from '../../../credentials/identifiers';
import { DATE_RANGES, YEAR_RANGE, type FieldSpec } from './contract';

/** One bad field of a record. */
export interface FieldProblem {
	field: string;
	label: string;
	message: string;
}

/* ----------------------------------------------------------------------------------------------------------------
 * Dates, durations, years
 * ------------------------------------------------------------------------------------------------------------- */

const DATE_BOUNDS = { min: 1950, max: 2100 } as const;
/** Spreadsheet serial numbers (days since 30 December 1899) of the years within DATE_BOUNDS. */
const SERIAL_BOUNDS = { min: 18264, max: 73415 } as const;

function isoDate(year: number, month: number, day: number, raw: unknown): string {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	) {
		throw new InvalidValue(`${shown(raw)} is not a date that exists`);
	}
	if (year < DATE_BOUNDS.min || year > DATE_BOUNDS.max) {
		throw new InvalidValue(
			`${shown(raw)} has the year ${year}, outside ${DATE_BOUNDS.min}-${DATE_BOUNDS.max} (look for a typing error)`,
		);
	}
	return date.toISOString().slice(0, 10);
}

/** The calendar date of an instant in Belgium, where the FLA's dates are meant. */
function belgianDate(instant: Date, raw: unknown): string {
	if (Number.isNaN(instant.getTime())) throw new InvalidValue(`${shown(raw)} is not a date`);
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Brussels',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).formatToParts(instant);
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return isoDate(part('year'), part('month'), part('day'), raw);
}

/**
 * A date as people give it: `2026-03-15`, `15/03/2026`, `15-03-2026`, `15.03.2026`, an ISO date-time (read as the
 * Belgian calendar day when it carries a time zone), a spreadsheet serial number, or a Date or Luxon DateTime.
 */
export function parseDate(raw: unknown): string {
	if (raw instanceof Date) return belgianDate(raw, raw);
	if (raw && typeof raw === 'object' && typeof (raw as { toJSDate?: unknown }).toJSDate === 'function') {
		return belgianDate((raw as { toJSDate: () => Date }).toJSDate(), String(raw));
	}
	if (typeof raw === 'number') return fromSerial(raw, raw);
	if (typeof raw !== 'string') throw new InvalidValue(`expected a date, got ${describeValue(raw)}`);
	const text = raw.trim();
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
	if (m) return isoDate(+m[1], +m[2], +m[3], raw);
	m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
	if (m) {
		if (+m[4] > 23 || +m[5] > 59 || (m[7] !== undefined && +m[7] > 59)) {
			throw new InvalidValue(`${shown(raw)} is not a date: its time of day does not exist`);
		}
		// The calendar date as written must exist: Date would roll 2026-02-30 over to March.
		const written = isoDate(+m[1], +m[2], +m[3], raw);
		return m[9] ? belgianDate(new Date(text.replace(' ', 'T')), raw) : written;
	}
	m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
	if (m) return isoDate(+m[3], +m[2], +m[1], raw);
	if (/^\d{5}(\.\d+)?$/.test(text)) return fromSerial(Number(text), raw);
	throw new InvalidValue(
		`${shown(raw)} is not a date: use YYYY-MM-DD or DD/MM/YYYY (for example 2026-03-15 or 15/03/2026)`,
	);
}

function fromSerial(serial: number, raw: unknown): string {
	if (!Number.isFinite(serial) || serial < SERIAL_BOUNDS.min || serial > SERIAL_BOUNDS.max) {
		throw new InvalidValue(
			`${shown(raw)} is not a date: a number is read as a spreadsheet date serial, and this one is out of range`,
		);
	}
	const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
	return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), raw);
}

/** The spaces that group thousands: a space, a no-break space, a narrow no-break space. */
const GROUP_SPACE = ' \u00A0\u202F';
const PLAIN_DECIMAL = /^(\d+)(?:([.,])(\d+))?$/;
const GROUPED = new RegExp(`^([1-9]\\d{0,2})([${GROUP_SPACE}.,])(\\d{3}(?:\\2\\d{3})*)(?:([.,])(\\d+))?$`);

/**
 * A decimal number as people write it in Belgium or in English, or undefined when it is not one:
 * - `7.5`, `7,5`: one dot or comma is the decimal mark;
 * - `1 500`, `1.500,5`, `1,500.5`, `1.500.000`: thousands grouped by spaces, or by dots (then a comma marks the
 *   decimals) or by commas (then a dot does), in groups of three;
 * - `1.500` and `1,500` read both ways (1500 in one notation, 1.5 in the other): one dot or comma followed by exactly
 *   three digits, after one to three digits that do not start with 0 (`0.500` and `1234.500` are decimals). Such a
 *   number is refused with the two spellings that are not ambiguous, rather than guessed.
 */
function readDecimal(text: string, raw: unknown): number | undefined {
	const plain = PLAIN_DECIMAL.exec(text);
	if (plain) {
		const [, whole, mark, decimals] = plain;
		if (mark && decimals.length === 3 && /^[1-9]\d{0,2}$/.test(whole)) {
			const asDecimal = String(Math.round(Number(`${whole}.${decimals}`) * 100) / 100).replace('.', ',');
			throw new InvalidValue(
				`${shown(raw)} is ambiguous: write ${whole}${decimals} or ${asDecimal} (a dot or comma before three digits may group thousands)`,
			);
		}
		return Number(decimals === undefined ? whole : `${whole}.${decimals}`);
	}
	const grouped = GROUPED.exec(text);
	if (!grouped) return undefined;
	const [, first, group, rest, mark, decimals] = grouped;
	// A dot that groups thousands leaves the comma to mark decimals, and the reverse.
	if (mark && mark === group) return undefined;
	const whole = first + rest.split(group).join('');
	return Number(decimals === undefined ? whole : `${whole}.${decimals}`);
}

/**
 * A positive quantity: `7.5`, `7,5`, `1 500`, `1.500,5` (readDecimal), and for hours also `7:30` or `7h30`.
 * Rounded to hundredths.
 */
function parseQuantity(raw: unknown, max: number, clock: boolean, unit: string): number {
	let value: number;
	if (typeof raw === 'number') {
		value = raw;
	} else if (typeof raw === 'string') {
		const text = raw.trim().toLowerCase();
		const time = clock ? /^(\d{1,4})\s*(?::|h)\s*(\d{2})?$/.exec(text) : null;
		if (time) {
			const minutes = Number(time[2] ?? 0);
			if (minutes >= 60) throw new InvalidValue(`${shown(raw)} has ${minutes} minutes; use 0 to 59`);
			value = Number(time[1]) + minutes / 60;
		} else {
			const read = readDecimal(text, raw);
			if (read === undefined) {
				const how = clock ? 'as 7.5, 7,5 or 7:30' : 'as 5 or 2,5';
				throw new InvalidValue(`${shown(raw)} is not a number of ${unit}: write it ${how}`);
			}
			value = read;
		}
	} else {
		throw new InvalidValue(`expected a number of ${unit}, got ${describeValue(raw)}`);
	}
	if (!Number.isFinite(value)) throw new InvalidValue(`${shown(raw)} is not a number of ${unit}`);
	// Sent rounded to hundredths, so a value that rounds to 0 is as good as 0.
	const rounded = Math.round(value * 100) / 100;
	if (rounded <= 0) {
		throw new InvalidValue(`${shown(raw)} ${unit} is not above zero${value > 0 ? ' (it is sent rounded to hundredths)' : ''}`);
	}
	if (value > max) throw new InvalidValue(`${shown(raw)} ${unit} is more than the maximum of ${max}`);
	return rounded;
}

export function parseYear(raw: unknown): number {
	const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
	if (text === undefined) throw new InvalidValue(`expected a year, got ${describeValue(raw)}`);
	if (!/^\d{4}$/.test(text)) throw new InvalidValue(`${shown(raw)} is not a year (write it as 2025)`);
	const year = Number(text);
	if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) {
		throw new InvalidValue(
			`${year} is outside the years the Federal Learning Account holds (${YEAR_RANGE.min} to ${YEAR_RANGE.max})`,
		);
	}
	return year;
}

/** Joint committee (paritair comité / commission paritaire): `200`, `302.01` or `140.03.01`; a `PC`/`CP` prefix is dropped. */
export function parseJointCommittee(raw: unknown): string {
	const text =
		typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
	if (text === undefined) throw new InvalidValue(`expected a joint committee number, got ${describeValue(raw)}`);
	const bare = text.replace(/^(PC|CP|PSC|SPC|JC|SC)\s*/i, '');
	if (!/^\d{3}(\.\d{2}){0,2}$/.test(bare)) {
		throw new InvalidValue(`${shown(raw)} is not a joint committee number: write it as 200, 302.01 or 140.03.01`);
	}
	return bare;
}

/* ----------------------------------------------------------------------------------------------------------------
 * Text, enumerations, booleans
 * ------------------------------------------------------------------------------------------------------------- */

// Control characters other than tab and line breaks; every format character (Unicode category Cf: zero-width
// spaces and joiners, bidirectional marks, overrides and isolates, soft hyphen, byte-order mark, interlinear
// annotations, tag characters U+E0000 to U+E007F); private-use characters; and the invisible characters that are
// not Cf: combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian variation selectors,
// variation selectors (U+FE00 to U+FE0F, U+E0100 to U+E01EF).
const FORBIDDEN_CHARACTERS =
	// eslint-disable-next-line no-control-regex, no-misleading-character-class -- these characters are listed to be refused
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}\p{Co}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/u;
/** Half of a UTF-16 surrogate pair without the other half: not a character at all, and not encodable in UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Line and paragraph breaks, Unicode's included. */
const LINE_BREAK = /[\r\n\u2028\u2029]/;
/** The start of an HTML tag or comment, as browsers read it: `<` directly followed by a letter, `/`, `!` or `?`. */
const MARKUP = /<[a-z!?/]/i;

export function parseText(raw: unknown, maxLength: number, multiline: boolean): string {
	if (typeof raw === 'number' || typeof raw === 'boolean') raw = String(raw);
	if (typeof raw !== 'string') throw new InvalidValue(`expected text, got ${describeValue(raw)}`);
	const text = raw.normalize('NFC').trim();
	return checkedText(text, maxLength, multiline, raw);
}

function checkedText(text: string, maxLength: number, multiline: boolean, raw: unknown): string {
	if (text.length > maxLength) {
		throw new InvalidValue(`is ${text.length} characters long; the maximum is ${maxLength}`);
	}
	const forbidden = FORBIDDEN_CHARACTERS.exec(text) ?? LONE_SURROGATE.exec(text);
	if (forbidden) {
		const code = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		throw new InvalidValue(`contains an invisible or control character (U+${code}); retype the text`);
	}
	if (!multiline && LINE_BREAK.test(text)) throw new InvalidValue('contains a line break; write it on one line');
	if (!multiline && text.includes('\t')) throw new InvalidValue('contains a tab; write it on one line with spaces');
	if (MARKUP.test(text)) throw new InvalidValue(`${shown(raw)} contains markup (< >); write plain text`);
	// A leading =, +, - or @ is accepted ("- module 1", "+32 ..."): a spreadsheet would run it as a formula, so the
	// risk is where records are written for spreadsheets (an export), not in what the gateway stores.
	return text;
}

const enumKey = (value: string) => value.toLowerCase().replace(/[\s_-]/g, '');

export function parseEnum(raw: unknown, values: readonly string[]): string {
	if (typeof raw !== 'string') throw new InvalidValue(`expected one of ${values.join(', ')}, got ${describeValue(raw)}`);
	const found = values.find((v) => enumKey(v) === enumKey(raw.trim()));
	if (!found) throw new InvalidValue(`${shown(raw)} is not one of ${values.join(', ')}`);
	return found;
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 'oui', 'ja', 'x'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'non', 'nee', ''];

export function parseBoolean(raw: unknown): boolean {
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'number' && (raw === 0 || raw === 1)) return raw === 1;
	if (typeof raw === 'string') {
		const word = raw.trim().toLowerCase();
		if (TRUE_WORDS.includes(word)) return true;
		if (FALSE_WORDS.includes(word)) return false;
	}
	throw new InvalidValue(`${shown(raw)} is not yes or no (use true/false, yes/no or 1/0)`);
}

/* ----------------------------------------------------------------------------------------------------------------
 * Fields and records
 * ------------------------------------------------------------------------------------------------------------- */

/** The lenient reading of one field. */
export function parseValue(spec: FieldSpec, raw: unknown): unknown {
	switch (spec.kind) {
		case 'ssin':
			return parseSsin(raw);
		case 'enterpriseNumber':
			return parseEnterpriseNumber(raw);
		case 'date':
			return parseDate(raw);
		case 'hours':
			return parseQuantity(raw, spec.max ?? 10_000, true, 'hours');
		case 'amount':
			return parseQuantity(raw, spec.max ?? 10_000, false, 'units');
		case 'year':
			return parseYear(raw);
		case 'jointCommittee':
			return parseJointCommittee(raw);
		case 'text':
			return parseText(raw, spec.maxLength ?? 200, (spec.maxLength ?? 200) > 200);
		case 'enum':
			return parseEnum(raw, spec.values ?? []);
		case 'boolean':
			return parseBoolean(raw);
	}
}

/** True when a parameter or cell holds nothing (an empty cell, an unset expression). */
export function isBlank(raw: unknown): boolean {
	return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * The rules that tie fields of one record together (the contract's DATE_RANGES). `record` holds canonical values
 * under their wire names; returns the problems.
 */
export function crossFieldProblems(record: Record<string, unknown>, specs: readonly FieldSpec[]): FieldProblem[] {
	const problems: FieldProblem[] = [];
	// A training's dates lie within the years the FLA holds (as the gateway checks them); other dates, such as a
	// certificate's end of validity or a filter, may lie beyond.
	for (const spec of specs.filter((s) => TRAINING_DATES.includes(s.parameter))) {
		const value = record[spec.name];
		const year = typeof value === 'string' ? Number(value.slice(0, 4)) : undefined;
		if (year !== undefined && (year < YEAR_RANGE.min || year > YEAR_RANGE.max)) {
			problems.push({
				field: spec.name,
				label: spec.label,
				message: `${value as string} is outside the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max} the Federal Learning Account holds`,
			});
		}
	}
	for (const range of DATE_RANGES) {
		const from = specs.find((s) => s.parameter === range.from);
		const to = specs.find((s) => s.parameter === range.to);
		if (!from || !to) continue;
		const [start, end] = [record[from.name], record[to.name]];
		if (typeof start === 'string' && typeof end === 'string' && end < start) {
			const what = range.from === 'startDate' ? 'the start date' : `the ${from.label}`;
			problems.push({ field: to.name, label: to.label, message: `${end} is before ${what} ${start}` });
		}
	}
	return problems;
}

/** The parameters holding a training's own dates, which lie within YEAR_RANGE. */
const TRAINING_DATES = ['startDate', 'endDate'];

/**
 * Reads a whole record leniently from what the user gave, keyed by parameter name: each field present is parsed;
 * on creation (`partial` false) each required field must be there. Unknown keys are left out. Returns the canonical
 * record under the wire names, and every problem found.
 */
export function parseRecord(
	specs: readonly FieldSpec[],
	raw: Record<string, unknown>,
	partial = false,
): { record: Record<string, unknown>; problems: FieldProblem[] } {
	const record: Record<string, unknown> = {};
	const problems: FieldProblem[] = [];
	for (const spec of specs) {
		const value = raw[spec.parameter];
		if (isBlank(value)) {
			if (spec.required && !partial) {
				problems.push({ field: spec.name, label: spec.label, message: 'is required but empty' });
			}
			continue;
		}
		try {
			record[spec.name] = parseValue(spec, value);
		} catch (error) {
			problems.push({ field: spec.name, label: spec.label, message: (error as Error).message });
		}
	}
	problems.push(...crossFieldProblems(record, specs));
	return { record, problems };
}


/* ----------------------------------------------------------------------------------------------------------------
 * Identifiers the gateway gives
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * What an identifier the gateway gives (a training ID...) may hold, as the source of a regular expression: it is a
 * path segment, so no spaces, slashes, "?" or "#"; spaces around it are trimmed. The editor checks 'By ID' with it
 * (anchored, as n8n does), and n8n refuses to run a workflow whose literal value does not match.
 */
export const ID_PATTERN = '\\s*[^\\s/\\\\?#]+\\s*';

/** Whether a trimmed text is an identifier: ID_PATTERN, and not "." or ".." (the current or the parent path segment). */
export function isIdentifier(id: string): boolean {
	return new RegExp(`^${ID_PATTERN}$`).test(id) && id !== '.' && id !== '..';
}
