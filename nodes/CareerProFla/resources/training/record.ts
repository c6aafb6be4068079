/** Trainings of an employer's workers (employers and mandataries), under the employer's enterprise number. */
import { ENTERPRISE_NUMBER, FILTERS, ID_FIELDS, PATHS, SIMPLIFIED, TRAINING_FIELDS } from '../../shared/contract';
import { employerOf } from '../../shared/employer';
import type { StoredRecord } from '../../shared/records';

export const training: StoredRecord = {
	label: 'training',
	plural: 'trainings',
	fields: TRAINING_FIELDS,
	id: ID_FIELDS.training,
	filters: FILTERS.trainings,
	simplified: SIMPLIFIED.training,
	owner: employerOf,
	collectionPath: (owner) => PATHS.trainings(owner.enterpriseNumber!),
	itemPath: (owner, id) => PATHS.training(owner.enterpriseNumber!, id),
	naturalKey: 'training',
	ownerColumn: ENTERPRISE_NUMBER,
};
