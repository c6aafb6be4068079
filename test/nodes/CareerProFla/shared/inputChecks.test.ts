/**
 * What the node accepts from people, checked before anything is sent: rules an independent review found missing
 * (each `describe` names the point of the review it covers). Unit tests of `validation.ts`; the engine tests of the
 * same points are in `requestChecks.test.ts`.
 */
import { stdnum } from 'stdnum';

import { InvalidValue, parseEnterpriseNumber, parseSsin } from '../../../../credentials/identifiers';
import { TRAINING_FIELDS } from '../../../../nodes/CareerProFla/shared/contract';
import { parseDate, parseRecord, parseText } from '../../../../nodes/CareerProFla/shared/validation';

const refusal = (parse: () => unknown): string => {
	try {
		parse();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidValue);
		return (error as Error).message;
	}
	throw new Error('accepted');
};

describe('1. impossible dates inside ISO date-times', () => {
	it.each(['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-04-31T10:00:00+02:00', '2025-13-01T00:00:00Z', '2026-02-30 10:00'])(
		'refuses %s instead of rolling it over',
		(text) => {
			expect(refusal(() => parseDate(text))).toMatch(/is not a date that exists/);
		},
	);

	it('still reads a real date-time as the Belgian calendar day', () => {
		expect(parseDate('2024-02-29T23:30:00Z')).toBe('2024-03-01');
		expect(parseDate('2026-03-15T10:00:00Z')).toBe('2026-03-15');
	});
});

describe('4. leading zeros lost by a spreadsheet number', () => {
	it('restores the zeros of a NISS of someone born in 2000-2009, as a number or as digits', () => {
		// 00010112377 typed in a cell formatted as a number becomes 10112377.
		expect(stdnum.BE.insz.validate('00010112377').isValid).toBe(true);
		expect(parseSsin(10112377)).toBe('00010112377');
		expect(parseSsin('10112377')).toBe('00010112377');
		expect(stdnum.BE.insz.validate('01010112301').isValid).toBe(true);
		expect(parseSsin(1010112301)).toBe('01010112301');
	});

	it('restores the zeros of an enterprise number, and refuses what the zeros do not make valid', () => {
		expect(stdnum.BE.vat.validate('0012345625').isValid).toBe(true);
		expect(parseEnterpriseNumber(12345625)).toBe('0012345625');
		expect(parseEnterpriseNumber(202239951)).toBe('0202239951');
		expect(refusal(() => parseEnterpriseNumber(12345626))).toMatch(/check digits do not match/);
		expect(refusal(() => parseSsin(10112378))).toMatch(/check digits do not match/);
	});

	it('refuses the enterprise number made of zeros (0000000097), whose check digits fit', () => {
		expect(refusal(() => parseEnterpriseNumber('0000000097'))).toMatch(/is not an enterprise number/);
		expect(refusal(() => parseEnterpriseNumber(97))).toMatch(/is not an enterprise number/);
	});
});

describe('5. NISS with an unknown birth date (month 00, or 20/40 for BIS)', () => {
	const accepts = (ssin: string) => {
		try {
			return parseSsin(ssin) === ssin;
		} catch {
			return false;
		}
	};

	it('refuses check digits that only fit a birth year in the future', () => {
		expect(refusal(() => parseSsin('80000031239'))).toMatch(/check digits do not match/);
		expect(refusal(() => parseSsin('80200031282'))).toMatch(/check digits do not match/);
		expect(parseSsin('80000031210')).toBe('80000031210');
		expect(parseSsin('80200031253')).toBe('80200031253');
	});

	it('agrees with stdnum on every year, both centuries, month 00, 20 and 40', () => {
		const disagreements: string[] = [];
		for (let yy = 0; yy < 100; yy++) {
			for (const month of ['00', '20', '40']) {
				const base = `${String(yy).padStart(2, '0')}${month}15123`;
				for (const prefix of ['', '2']) {
					const ssin = base + String(97 - (Number(prefix + base) % 97)).padStart(2, '0');
					const reference = stdnum.BE.insz.validate(ssin).isValid === true;
					if (accepts(ssin) !== reference) disagreements.push(`${ssin}: stdnum ${reference}`);
				}
			}
		}
		expect(disagreements).toEqual([]);
	});
});

describe('8. text that starts like a spreadsheet formula, or that hides characters', () => {
	// Text that a spreadsheet would read as a formula is legitimate on input (a description "- module 1", a phone
	// number "+32 ..."): the risk is in a spreadsheet opening an export, and is handled there.
	it.each([
		['- module 1', '- module 1'],
		['-2+3', '-2+3'],
		['+32 2 123 45 67', '+32 2 123 45 67'],
		['@home: forklift safety', '@home: forklift safety'],
		['=1+1', '=1+1'],
		['\t=HYPERLINK("x")', '=HYPERLINK("x")'],
		['\r-1', '-1'],
	])('accepts %j as text (the leading character of a spreadsheet formula is not refused)', (text, kept) => {
		expect(parseText(text, 200, false)).toBe(kept);
	});

	it.each([
		['a tag character', 'Safety\u{E0041}\u{E0042}'],
		['the cancel tag', 'Safety\u{E007F}'],
		['a soft hyphen', 'Fork\u00ADlift'],
		['a combining grapheme joiner', 'Fork\u034Flift'],
		['a Hangul filler', 'Fork\u3164lift'],
		['a halfwidth Hangul filler', 'Fork\uFFA0lift'],
		['a Hangul choseong filler', '\u115FForklift'],
		['a variation selector', 'Fork\uFE0Flift'],
		['an ideographic variation selector', 'Fork\u{E0100}lift'],
		['a bidi isolate', 'Fork\u2067lift'],
		['a bidi override', 'Fork\u202Elift'],
		['an Arabic letter mark', 'Fork\u061Clift'],
		['a Mongolian vowel separator', 'Fork\u180Elift'],
	])('refuses %s', (_what, text) => {
		const code = [...text].find((c) => !/[\p{L}\p{N} ]/u.test(c) || /[\u3164\uFFA0\u115F]/.test(c))!.codePointAt(0)!;
		expect(refusal(() => parseText(text, 2000, true))).toBe(
			`contains an invisible or control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}); retype the text`,
		);
	});

	it('keeps ordinary text: accents, a dash inside, an emoji, line breaks where allowed', () => {
		expect(parseText('Sécurité - niveau 2', 200, false)).toBe('Sécurité - niveau 2');
		expect(parseText('Day 1: theory\nDay 2: practice', 2000, true)).toBe('Day 1: theory\nDay 2: practice');
		expect(parseText('Team day 🎉', 200, false)).toBe('Team day 🎉');
	});
});

describe('14. training dates within the years the FLA holds (as the sandbox and the gateway)', () => {
	const training = {
		ssin: '85073003328',
		title: 'Forklift safety',
		trainingType: 'formal',
		durationHours: '7,5',
	};

	it.each([
		['15/06/1950', '16/06/1950'],
		['31/12/2022', '02/01/2023'],
		['31/12/2026', '01/01/2027'],
	])('refuses a training from %s to %s, naming the date outside 2023-2026', (startDate, endDate) => {
		const { problems } = parseRecord(TRAINING_FIELDS, { ...training, startDate, endDate });
		expect(problems.length).toBeGreaterThan(0);
		for (const problem of problems) {
			expect(['Start Date', 'End Date']).toContain(problem.label);
			expect(problem.message).toMatch(/is outside the years 2023 to 2026 the Federal Learning Account holds/);
		}
	});

	it('accepts the first and last days, and a certificate valid after 2026', () => {
		const { problems, record } = parseRecord(TRAINING_FIELDS, {
			...training,
			startDate: '01/01/2023',
			endDate: '31/12/2026',
			certificateValidUntil: '31/12/2030',
		});
		expect(problems).toEqual([]);
		expect(record).toMatchObject({ startDate: '2023-01-01', endDate: '2026-12-31', certificateValidUntil: '2030-12-31' });
	});
});
