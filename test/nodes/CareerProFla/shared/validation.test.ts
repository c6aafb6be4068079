import { stdnum } from 'stdnum';

import { TRAINING_FIELDS, TRAINING_RIGHT_FIELDS } from '../../../../nodes/CareerProFla/shared/contract';
import { isValidEnterpriseNumber, isValidSsin, parseEnterpriseNumber, parseSsin } from '../../../../credentials/identifiers';
import { parseBoolean, parseDate, parseJointCommittee, parseRecord, parseText, parseValue, parseYear } from '../../../../nodes/CareerProFla/shared/validation';

/** A deterministic stream of numbers, so a failure can be replayed. */
function* numbers(seed: number, count: number, digits: number) {
	let state = seed;
	for (let i = 0; i < count; i++) {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		const head = String(state).padStart(10, '0');
		state = (state * 1103515245 + 12345) % 2 ** 31;
		yield (head + String(state).padStart(10, '0')).slice(0, digits);
	}
}

describe('NISS/INSZ', () => {
	it('accepts the samples of the domain notes, before and after 2000', () => {
		for (const ssin of ['85073003328', '88022999297', '20070199922']) expect(isValidSsin(ssin)).toBe(true);
	});

	it('agrees with the reference implementation (stdnum) on numbers with valid check digits', () => {
		let compared = 0;
		for (const candidate of numbers(7, 4000, 9)) {
			for (const base of [candidate, '2' + candidate]) {
				const check = String(97 - (Number(base) % 97)).padStart(2, '0');
				const ssin = candidate + check;
				const reference = stdnum.BE.insz.validate(ssin).isValid ?? false;
				expect({ ssin, ours: isValidSsin(ssin) }).toEqual({ ssin, ours: reference });
				compared++;
			}
		}
		expect(compared).toBe(8000);
	});

	it('refuses a wrong check digit and says so', () => {
		expect(isValidSsin('85073003329')).toBe(false);
		expect(() => parseSsin('85.07.30-033.29')).toThrow(/check digits do not match/);
	});

	it('reads what people paste', () => {
		expect(parseSsin('85.07.30-033.28')).toBe('85073003328');
		expect(parseSsin(' 85 07 30 033 28 ')).toBe('85073003328');
		expect(parseSsin('850730/033-28')).toBe('85073003328');
		// A number column drops the leading zero of people born in 2000-2009.
		const base = '080229992';
		const born2008 = base + String(97 - (Number('2' + base) % 97)).padStart(2, '0');
		expect(parseSsin(Number(born2008))).toBe(born2008);
	});

	it('refuses look-alike digits, letters and the wrong length', () => {
		expect(() => parseSsin('８５０７３００３３２８')).toThrow(/11 digits/);
		expect(() => parseSsin('8507300332')).toThrow(/11 digits/);
		expect(() => parseSsin('85O73003328')).toThrow(/11 digits/);
		expect(() => parseSsin({ ssin: '85073003328' })).toThrow(/as text, got an object/);
	});
});

describe('enterprise number (KBO/BCE)', () => {
	it('agrees with the reference implementation (stdnum) on random numbers', () => {
		let valid = 0;
		for (const digits of numbers(11, 3000, 8)) {
			const base = (Number(digits[0]) % 2) + digits.slice(1);
			const number = base + String(97 - (Number(base) % 97)).padStart(2, '0');
			const reference = stdnum.BE.vat.validate(number).isValid ?? false;
			expect({ number, ours: isValidEnterpriseNumber(number) }).toEqual({ number, ours: reference });
			if (reference) valid++;
		}
		expect(valid).toBeGreaterThan(2900);
	});

	it('reads BE prefixes, dots, spaces and legacy 9-digit numbers', () => {
		expect(parseEnterpriseNumber('BE 0202.239.951')).toBe('0202239951');
		expect(parseEnterpriseNumber('be0202239951')).toBe('0202239951');
		expect(parseEnterpriseNumber('202239951')).toBe('0202239951');
		expect(parseEnterpriseNumber(202239951)).toBe('0202239951');
	});

	it('refuses wrong check digits, a first digit above 1, and the wrong length', () => {
		expect(() => parseEnterpriseNumber('0202239952')).toThrow(/check digits/);
		expect(() => parseEnterpriseNumber('2202239951')).toThrow(/start with 0 or 1/);
		expect(() => parseEnterpriseNumber('02022399')).toThrow(/10 digits/);
	});
});

describe('dates', () => {
	it.each([
		['2026-03-15', '2026-03-15'],
		['15/03/2026', '2026-03-15'],
		['15-03-2026', '2026-03-15'],
		['15.03.2026', '2026-03-15'],
		['5/3/2026', '2026-03-05'],
		['2026-03-15T00:00:00', '2026-03-15'],
		// Midnight in Brussels written in UTC is still the Belgian calendar day.
		['2026-03-14T23:00:00.000Z', '2026-03-15'],
		['2026-07-14T22:30:00Z', '2026-07-15'],
		['46096', '2026-03-15'],
	])('reads %s as %s', (raw, expected) => {
		expect(parseDate(raw)).toBe(expected);
	});

	it('reads spreadsheet serial numbers and Date objects', () => {
		expect(parseDate(46096)).toBe('2026-03-15');
		expect(parseDate(new Date('2026-03-14T23:30:00Z'))).toBe('2026-03-15');
	});

	it.each([
		['31/02/2026', /does not exist|not a date that exists/],
		['2026-13-01', /not a date that exists/],
		['2026-02-30', /not a date that exists/],
		['03/15/2026', /not a date that exists/],
		['tomorrow', /not a date/],
		['0202-03-15', /outside/],
		['123', /not a date/],
	])('refuses %s', (raw, message) => {
		expect(() => parseDate(raw)).toThrow(message);
	});
});

describe('durations, years, joint committees, text, booleans', () => {
	const hours = TRAINING_FIELDS.find((f) => f.name === 'durationHours')!;

	it.each([
		['7.5', 7.5],
		['7,5', 7.5],
		['7:30', 7.5],
		['7h30', 7.5],
		['7:20', 7.33],
		[8, 8],
	])('reads %s hours as %s', (raw, expected) => {
		expect(parseValue(hours, raw)).toBe(expected);
	});

	it.each([['0'], ['-2'], ['7:75'], ['seven'], ['1e3'], ['99999']])('refuses %s hours', (raw) => {
		expect(() => parseValue(hours, raw)).toThrow();
	});

	// Belgian notation groups thousands with a dot (1.500 = 1500) and writes decimals with a comma (7,5); English
	// notation does the reverse. A dot or comma followed by exactly three digits, after one to three digits that do
	// not start with 0, reads both ways: it is refused with the two unambiguous spellings, never guessed.
	const amount = TRAINING_RIGHT_FIELDS.find((f) => f.kind === 'amount')!;
	it.each([
		['1.500', 'write 1500 or 1,5'],
		['1,500', 'write 1500 or 1,5'],
		['12.250', 'write 12250 or 12,25'],
		['2,000', 'write 2000 or 2'],
		[' 1.500 ', 'write 1500 or 1,5'],
	])('refuses %j hours as ambiguous, saying how to write it', (raw, how) => {
		expect(() => parseValue(hours, raw)).toThrow(`"${raw}" is ambiguous`);
		expect(() => parseValue(hours, raw)).toThrow(how);
	});

	it.each([['1.500'], ['3,000']])('refuses %j as an amount too', (raw) => {
		expect(() => parseValue(amount, raw)).toThrow(/is ambiguous: write \d+ or \d+(,\d+)?/);
	});

	it.each([
		['1500', 1500],
		['7.5', 7.5],
		['7,5', 7.5],
		['7,25', 7.25],
		['0.500', 0.5],
		['0,750', 0.75],
		['1234.500', 1234.5],
		['1.5000', 1.5],
		['1 500', 1500],
		['1\u00A0500', 1500],
		['1\u202F500,5', 1500.5],
		['1.500,5', 1500.5],
		['1,500.5', 1500.5],
		['1.500,25', 1500.25],
		[1.5, 1.5],
	])('reads %j hours as %s', (raw, expected) => {
		expect(parseValue(hours, raw)).toBe(expected);
	});

	it.each([['1.50.0'], ['1,5,0'], ['1 50'], ['1.500.5'], ['1,500,5'], ['12 34,5'], ['1.5,0'], ['.5'], ['5.']])(
		'refuses %j: not a number as people write it',
		(raw) => {
			expect(() => parseValue(hours, raw)).toThrow(/is not a number of hours/);
		},
	);

	it('keeps years within what the account holds', () => {
		expect(parseYear('2025')).toBe(2025);
		expect(() => parseYear('2019')).toThrow(/outside the years/);
		expect(() => parseYear('25')).toThrow(/not a year/);
	});

	it('reads joint committees with or without a PC/CP prefix', () => {
		expect(parseJointCommittee('PC 200')).toBe('200');
		expect(parseJointCommittee('140.03.01')).toBe('140.03.01');
		expect(() => parseJointCommittee('20')).toThrow(/joint committee/);
	});

	it('refuses control characters, invisible characters and markup in text', () => {
		expect(parseText('  Forklift safety  ', 200, false)).toBe('Forklift safety');
		expect(() => parseText('Safety\u0007', 200, false)).toThrow(/U\+0007/);
		expect(() => parseText('Saf\u200Bety', 200, false)).toThrow(/U\+200B/);
		expect(() => parseText('<script>alert(1)</script>', 200, false)).toThrow(/markup/);
		expect(() => parseText('a'.repeat(201), 200, false)).toThrow(/201 characters/);
		expect(() => parseText('two\nlines', 200, false)).toThrow(/line break/);
		expect(() => parseText(['list'], 200, false)).toThrow(/got a list/);
	});

	it('reads yes and no in the languages of the users', () => {
		expect([parseBoolean('oui'), parseBoolean('Nee'), parseBoolean(true), parseBoolean('1')]).toEqual([true, false, true, true]);
		expect(() => parseBoolean('maybe')).toThrow(/yes or no/);
	});
});

describe('records', () => {
	it('lists every problem of a record, with its label', () => {
		const { problems } = parseRecord(TRAINING_FIELDS, {
			ssin: '85073003329',
			title: '',
			trainingType: 'formal',
			startDate: '10/03/2026',
			endDate: '01/03/2026',
			durationHours: '7,5',
		});
		expect(problems.map((p) => p.label)).toEqual(['Worker NISS/INSZ', 'Title', 'End Date']);
		expect(problems[2].message).toBe('2026-03-01 is before the start date 2026-03-10');
	});
});
