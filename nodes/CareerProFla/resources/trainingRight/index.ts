/** Training rights of an employer's workers, per worker and year (employers and mandataries). */
import { IDS, PATHS, QUERY, TRAINING_RIGHT_FIELDS } from '../../shared/contract';
import { storedResource } from '../../shared/crud';

export const trainingRightDescription = storedResource({
	resource: 'trainingRight',
	label: 'training right',
	plural: 'training rights',
	access: 'employer',
	idField: IDS.trainingRight,
	idLabel: 'Training Right ID',
	fields: TRAINING_RIGHT_FIELDS,
	required: ['ssin', 'year', 'rightType', 'unit', 'amount'],
	filters: [
		{ name: QUERY.trainingRights.ssin, label: 'Worker NISS/INSZ', kind: 'ssin' },
		{ name: QUERY.trainingRights.year, label: 'Year', kind: 'year' },
	],
	simplifyKeys: ['trainingRightId', 'ssin', 'year', 'rightType', 'unit', 'amount'],
	collectionPath: PATHS.trainingRights,
	itemPath: PATHS.trainingRight,
	descriptions: {
		create: "Register a worker's training right for a year",
		delete: 'Remove a training right registered by mistake',
		get: 'Retrieve one training right by its ID',
		getAll: "List an employer's training rights, for one worker or a year if you like",
		update: 'Change fields of a training right; the others stay as they are',
	},
});
