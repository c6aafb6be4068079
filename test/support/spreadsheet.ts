import { ENTERPRISES } from './clients';

/**
 * Training > Create as users set it up from a spreadsheet: every field mapped from a column, and a row as the
 * spreadsheet gives it (Belgian date, decimal comma, NISS and enterprise number with separators).
 */
export const mappedTrainingCreate = (overrides: Record<string, unknown> = {}) => ({
	resource: 'training',
	operation: 'create',
	enterpriseNumber: '={{ $json.enterpriseNumber }}',
	ssin: '={{ $json.ssin }}',
	title: '={{ $json.title }}',
	trainingType: '={{ $json.type }}',
	startDate: '={{ $json.start }}',
	endDate: '={{ $json.end }}',
	durationHours: '={{ $json.hours }}',
	additionalFields: {},
	...overrides,
});

export const spreadsheetRow = (overrides: Record<string, unknown> = {}) => ({
	enterpriseNumber: 'BE 0202.239.951',
	ssin: '85.07.30-033.28',
	title: 'Forklift safety',
	type: 'formal',
	start: '02/03/2026',
	end: '03/03/2026',
	hours: '7,5',
	...overrides,
});

/** A value the sandbox accepts for each optional field of a training, as a sheet would hold it. */
export const OPTIONAL_TRAINING_VALUES: Record<string, unknown> = {
	description: 'Handling of forklifts in the warehouse',
	status: 'completed',
	certificateObtained: true,
	certificateValidUntil: '03/03/2029',
	countsTowardsTrainingRight: true,
	nature: 'safety',
	result: 'passed',
	financing: 'employer',
	providerName: 'Safety Academy',
	providerEnterpriseNumber: `BE ${ENTERPRISES.provider}`,
};
