/** Trainings that a training provider organised, with their participants (training providers only). */
import { FILTERS, ID_FIELDS, PATHS, PROVIDER_TRAINING_FIELDS, SIMPLIFIED } from '../../shared/contract';
import { trainingProviderOf } from '../../shared/employer';
import type { StoredRecord } from '../../shared/records';

export const providerTraining: StoredRecord = {
	label: 'provider training',
	plural: 'provider trainings',
	fields: PROVIDER_TRAINING_FIELDS,
	id: ID_FIELDS.providerTraining,
	filters: FILTERS.providerTrainings,
	simplified: SIMPLIFIED.providerTraining,
	owner: trainingProviderOf,
	collectionPath: () => PATHS.providerTrainings(),
	itemPath: (_owner, id) => PATHS.providerTraining(id),
};
