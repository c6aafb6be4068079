/** Training rights of an employer's workers, per worker and year (employers and mandataries). */
import type { INodeProperties } from 'n8n-workflow';

import { ENTERPRISE_NUMBER, FILTERS, ID_FIELDS, PATHS, SIMPLIFIED, TRAINING_RIGHT_FIELDS } from '../../shared/contract';
import { idProperty } from '../../shared/descriptions';
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

/** The training right, by its identifier: asked by Get, Update and Delete. */
export const trainingRightIdProperty: INodeProperties = idProperty(trainingRight.id, {
	searchListMethod: 'searchTrainingRights',
	what: 'training right',
	searchHint: "type a worker's NISS, a year or a right type to search",
	dependsOn: [ENTERPRISE_NUMBER.parameter],
});
