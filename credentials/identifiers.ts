/**
 * The Belgian identifiers the gateway works with (Belgif REST guide): the INSZ/NISS of a person and the enterprise
 * number (KBO/BCE) of an organisation. Their check digits, and their lenient reading from what people paste
 * (`85.07.30-033.28`, `BE 0202.239.951`). The node's validators and the certificate command read them from here.
 */

/** A value that cannot be used; `message` says why, in words for the person who typed it. */
export class InvalidValue extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InvalidValue';
	}
}

/* ----------------------------------------------------------------------------------------------------------------
 * Identifiers
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * INSZ/NISS check: 97 - (first 9 digits mod 97); for people born from 2000 on, the same on "2" followed by the 9
 * digits. BIS numbers (month + 20 or + 40) use the same check.
 */
export function isValidSsin(value: string): boolean {
	if (!/^\d{11}$/.test(value)) return false;
	const base = value.slice(0, 9);
	const check = Number(value.slice(9));
	const centuries = [
		{ century: 1900, matches: 97 - (Number(base) % 97) === check },
		{ century: 2000, matches: 97 - (Number('2' + base) % 97) === check },
	];
	return centuries.some(({ century, matches }) => matches && isBirthDate(century + Number(value.slice(0, 2)), value));
}

/**
 * The birth date part: month + 20 or + 40 for BIS numbers; month 00 where the birth date is unknown. A known birth
 * date must exist and lie in the past; an unknown one must at least be of a year that has begun.
 */
function isBirthDate(year: number, value: string): boolean {
	const coded = Number(value.slice(2, 4));
	const month = coded >= 40 ? coded - 40 : coded >= 20 ? coded - 20 : coded;
	const day = Number(value.slice(4, 6));
	// Unknown birth date: any day, but the year (and so the century the check digits fit) may not be in the future,
	// as stdnum checks it; otherwise 80000031239 would pass as someone born in 2080.
	if (month === 0) return Date.UTC(year, 0, 1) <= Date.now() + 86_400_000;
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		month <= 12 &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day &&
		date.getTime() <= Date.now() + 86_400_000
	);
}

/** Enterprise number (KBO/BCE): 10 digits, first 0 or 1, check = 97 - (first 8 digits mod 97). */
export function isValidEnterpriseNumber(value: string): boolean {
	if (!/^[01]\d{9}$/.test(value) || /^0{8}/.test(value)) return false;
	return 97 - (Number(value.slice(0, 8)) % 97) === Number(value.slice(8));
}

const ID_SEPARATORS = /[\s.\-/]/g;

function digitsOf(raw: unknown, what: string): string {
	if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return String(raw);
	if (typeof raw !== 'string') throw new InvalidValue(`expected ${what} as text, got ${describeValue(raw)}`);
	return raw.trim().replace(ID_SEPARATORS, '');
}

/**
 * A spreadsheet cell formatted as a number drops leading zeros (a NISS of someone born in 2000-2009, an enterprise
 * number starting with 00). A number always gets them back; bare digits (a CSV of such a cell) only when the check
 * digits then fit, so that a digit forgotten in typing is still reported as such.
 */
function withLeadingZeros(raw: unknown, digits: string, length: number, valid: (value: string) => boolean): string {
	if (!/^\d+$/.test(digits) || digits.length >= length) return digits;
	const padded = digits.padStart(length, '0');
	if (typeof raw === 'number') return padded;
	return typeof raw === 'string' && /^\d+$/.test(raw.trim()) && valid(padded) ? padded : digits;
}

export function parseSsin(raw: unknown): string {
	const digits = withLeadingZeros(raw, digitsOf(raw, 'an 11-digit number'), 11, isValidSsin);
	if (!/^\d{11}$/.test(digits)) {
		throw new InvalidValue(
			`${shown(raw)} is not a NISS/INSZ number: it needs exactly 11 digits (dots, dashes and spaces are allowed, as in 85.07.30-033.28)`,
		);
	}
	if (!isValidSsin(digits)) {
		throw new InvalidValue(
			`${shown(raw)} is not a valid NISS/INSZ number: its check digits do not match (look for a typing error)`,
		);
	}
	return digits;
}

export function parseEnterpriseNumber(raw: unknown): string {
	let digits = digitsOf(raw, 'a 10-digit number');
	digits = digits.replace(/^BE/i, '');
	// The legacy 9-digit form gets its leading 0; shorter numbers their zeros where the check digits then fit.
	if (/^\d{9}$/.test(digits)) digits = '0' + digits;
	digits = withLeadingZeros(raw, digits, 10, isValidEnterpriseNumber);
	if (!/^\d{10}$/.test(digits)) {
		throw new InvalidValue(
			`${shown(raw)} is not an enterprise number (KBO/BCE): it needs 10 digits, as in BE 0202.239.951`,
		);
	}
	if (!/^[01]/.test(digits)) {
		throw new InvalidValue(`${shown(raw)} is not an enterprise number (KBO/BCE): it must start with 0 or 1`);
	}
	if (/^0{8}/.test(digits)) {
		throw new InvalidValue(`${shown(raw)} is not an enterprise number (KBO/BCE): no enterprise has a number made of zeros`);
	}
	if (!isValidEnterpriseNumber(digits)) {
		throw new InvalidValue(
			`${shown(raw)} is not a valid enterprise number (KBO/BCE): its check digits do not match (look for a typing error)`,
		);
	}
	return digits;
}

/* ----------------------------------------------------------------------------------------------------------------
 * How values are shown in messages
 * ------------------------------------------------------------------------------------------------------------- */

const SHOWN_LENGTH = 40;

/** A value as it appears in a message: quoted, escaped, and cut when long. */
export function shown(raw: unknown): string {
	let text: string;
	if (typeof raw === 'string') text = raw;
	// JSON would write NaN and Infinity as null.
	else if (typeof raw === 'number') text = String(raw);
	else if (raw instanceof Date) text = Number.isNaN(raw.getTime()) ? 'Invalid Date' : raw.toISOString();
	else {
		try {
			text = JSON.stringify(raw) ?? String(raw);
		} catch {
			text = String(raw);
		}
	}
	const cut = text.length > SHOWN_LENGTH ? text.slice(0, SHOWN_LENGTH) + '…' : text;
	return JSON.stringify(cut);
}

export function describeValue(raw: unknown): string {
	if (raw === null) return 'null';
	if (Array.isArray(raw)) return `a list (${shown(raw)})`;
	if (typeof raw === 'object') return `an object (${shown(raw)})`;
	return `${typeof raw} ${shown(raw)}`;
}
