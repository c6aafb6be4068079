/**
 * The archive tool keeps its own table of record field names (archive/format.ts) so that it runs without the node:
 * this checks that table against the node's API contract, so that the two cannot drift apart.
 */
import { FIELDS, HOURS_PER_DAY, RIGHT_UNIT_HOURS } from '../../archive/format';
import * as contract from '../../nodes/CareerProFla/shared/contract';

const names = (specs: readonly contract.FieldSpec[]) => specs.map((s) => s.name);

test('the field names the report reads are the contract\'s wire names', () => {
	const training = FIELDS.training;
	expect(names(contract.TRAINING_FIELDS)).toEqual(expect.arrayContaining([training.ssin, training.title, training.type, training.start, training.end, training.hours, training.status]));
	expect(contract.IDS.training).toBe(training.id);
	const hours = contract.TRAINING_FIELDS.find((f) => f.name === training.hours);
	expect(hours?.kind).toBe('hours');
	expect(names(contract.TRAINING_RIGHT_FIELDS)).toEqual(expect.arrayContaining(Object.values(FIELDS.trainingRight)));
	expect(contract.RIGHT_UNITS).toContain(RIGHT_UNIT_HOURS);
	expect(names(contract.TRAINING_CREDIT_FIELDS)).toEqual([FIELDS.trainingCredit.ssin, FIELDS.trainingCredit.year]);
	expect(names(contract.PARTICIPANT_FIELDS)).toEqual([FIELDS.participant.ssin, FIELDS.participant.employer]);
	expect(HOURS_PER_DAY).toBe(contract.HOURS_PER_DAY);
});
