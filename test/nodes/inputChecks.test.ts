/**
 * What the node accepts from people, checked before anything is sent: rules an independent review found missing
 * (each `describe` names the point of the review it covers). Unit tests of `validation.ts`; the engine tests of the
 * same points are in `test/nodes/requests.test.ts`.
 */
import { stdnum } from 'stdnum';

import { TRAINING_FIELDS } from '../../nodes/CareerProFla/shared/contract';
import {
	InvalidValue,
	parseDate,
	parseEnterpriseNumber,
	parseRecord,
	parseSsin,
	parseText,
} from '../../nodes/CareerProFla/shared/validation';

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
