/** Trainings of an employer's workers (employers and mandataries). */
import { IDS, PATHS, QUERY, TRAINING_FIELDS } from '../../shared/contract';
import { storedResource } from '../../shared/crud';

export const trainingDescription = storedResource({
	resource: 'training',
	label: 'training',
	plural: 'trainings',
	access: 'employer',
	idField: IDS.training,
	idLabel: 'Training ID',
	fields: TRAINING_FIELDS,
	required: ['ssin', 'title', 'trainingType', 'startDate', 'endDate', 'durationHours'],
	filters: [
		{ name: QUERY.trainings.ssin, label: 'Worker NISS/INSZ', kind: 'ssin' },
		{ name: QUERY.trainings.from, label: 'Start Date From', kind: 'date' },
		{ name: QUERY.trainings.to, label: 'Start Date To', kind: 'date' },
	],
	simplifyKeys: ['trainingId', 'ssin', 'title', 'trainingType', 'startDate', 'endDate', 'durationHours', 'status'],
	collectionPath: PATHS.trainings,
	itemPath: PATHS.training,
	descriptions: {
		create: "Register a worker's training",
		delete: 'Remove a training registered by mistake',
		get: 'Retrieve one training by its ID',
		getAll: "List an employer's trainings, for one worker or a period if you like",
		update: 'Change fields of a registered training; the others stay as they are',
	},
});
