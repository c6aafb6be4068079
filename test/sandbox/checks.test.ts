/**
 * The sandbox's own checks of the wire form (test/sandbox/checks.ts): canonical values only, unknown fields
 * reported, and rules between fields applied to the fields that are right on their own.
 */
import { TRAINING_FIELDS, TRAINING_RIGHT_FIELDS } from './statement';
import { checkRecord } from './checks';

describe('checkRecord (the sandbox, strict)', () => {
	it('is strict on the wire: canonical values only, unknown fields reported', () => {
		const ok = {
			ssin: '85073003328',
			year: 2025,
			rightType: 'individual',
			unit: 'days',
			amount: 5,
		};
		expect(checkRecord(TRAINING_RIGHT_FIELDS, ok)).toEqual({ problems: [], unknown: [] });
		const { problems, unknown } = checkRecord(TRAINING_RIGHT_FIELDS, { ...ok, ssin: '85.07.30-033.28', year: '2025', extra: 1 });
		expect(problems.map((p) => p.field)).toEqual(['ssin', 'year']);
		expect(unknown).toEqual(['extra']);
	});

	it('on the wire, compares dates only when each is valid, so a bad date gets one problem', () => {
		const training = { startDate: '2026-03-10', endDate: '01/03/2026' };
		const { problems } = checkRecord(TRAINING_FIELDS, training, true);
		expect(problems.map((p) => [p.field, p.message])).toEqual([['endDate', expect.stringContaining('YYYY-MM-DD')]]);
		const before = checkRecord(TRAINING_FIELDS, { startDate: '2026-03-10', endDate: '2026-03-01' }, true);
		expect(before.problems.map((p) => p.message)).toEqual(['2026-03-01 is before the start date 2026-03-10']);
	});
});
