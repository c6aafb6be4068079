/** Trainings that a training provider organised, with their participants (training providers only). */
import { IDS, PATHS, PROVIDER_TRAINING_FIELDS, QUERY } from '../../shared/contract';
import { storedResource } from '../../shared/crud';
import { participantProperties, readParticipants } from './participants';

export const providerTrainingDescription = storedResource({
	resource: 'providerTraining',
	label: 'provider training',
	plural: 'provider trainings',
	access: 'trainingProvider',
	idField: IDS.providerTraining,
	idLabel: 'Training ID',
	fields: PROVIDER_TRAINING_FIELDS,
	required: ['title', 'trainingType', 'startDate', 'endDate', 'durationHours'],
	filters: [
		{ name: QUERY.providerTrainings.ssin, label: 'Participant NISS/INSZ', kind: 'ssin' },
		{ name: QUERY.providerTrainings.from, label: 'Start Date From', kind: 'date' },
		{ name: QUERY.providerTrainings.to, label: 'Start Date To', kind: 'date' },
	],
	simplifyKeys: ['trainingId', 'title', 'trainingType', 'startDate', 'endDate', 'durationHours', 'status'],
	collectionPath: () => PATHS.providerTrainings(),
	itemPath: (_enterpriseNumber, id) => PATHS.providerTraining(id),
	descriptions: {
		create: 'Register a training you organised, with its participants',
		delete: 'Remove a training registered by mistake',
		get: 'Retrieve one of your trainings by its ID',
		getAll: 'List the trainings you registered, for one participant or a period if you like',
		update: 'Change fields of one of your trainings; the participants stay as they are',
	},
	extra: {
		properties: (operation) => (operation === 'create' ? participantProperties : []),
		read: (context, operation) => (operation === 'create' ? readParticipants(context) : {}),
	},
});
