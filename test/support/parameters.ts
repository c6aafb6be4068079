/**
 * Node parameters that several tests start from; each test overrides what it looks at.
 */
import { WORKERS } from './clients';

/** Provider Training > Create of a two-day training with one participant given as fields. */
export const providerTrainingCreate = (overrides: Record<string, unknown> = {}) => ({
	resource: 'providerTraining',
	operation: 'create',
	title: 'Welding basics',
	trainingType: 'formal',
	startDate: '2026-04-01',
	endDate: '2026-04-02',
	durationHours: '14',
	participantsInput: 'fields',
	participants: { participant: [{ ssin: WORKERS[0] }] },
	additionalFields: {},
	...overrides,
});
