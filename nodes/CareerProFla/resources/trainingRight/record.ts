/** Training rights of an employer's workers, per worker and year (employers and mandataries). */
import { ENTERPRISE_NUMBER, FILTERS, ID_FIELDS, PATHS, SIMPLIFIED, TRAINING_RIGHT_FIELDS } from '../../shared/contract';
import { employerOf } from '../../shared/employer';
import type { StoredRecord } from '../../shared/records';

export const trainingRight: StoredRecord = {
	label: 'training right',
	plural: 'training rights',
	fields: TRAINING_RIGHT_FIELDS,
	id: ID_FIELDS.trainingRight,
	filters: FILTERS.trainingRights,
	simplified: SIMPLIFIED.trainingRight,
	owner: employerOf,
	collectionPath: (owner) => PATHS.trainingRights(owner.enterpriseNumber!),
	itemPath: (owner, id) => PATHS.trainingRight(owner.enterpriseNumber!, id),
	naturalKey: 'trainingRight',
	ownerColumn: ENTERPRISE_NUMBER,
};
