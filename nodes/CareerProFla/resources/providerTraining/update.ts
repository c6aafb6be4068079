import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { beforeColumns, columnsProperty } from '../../shared/columns';
import { clearFieldsProperty, fieldCollection } from '../../shared/descriptions';
import { trainingIdProperty } from '../../shared/properties';
import { updateRoute } from '../../shared/records';
import { providerTraining } from './record';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update fields of a provider training by its training ID; participants stay',
	description: 'Change fields of one of your trainings; the participants stay as they are',
	routing: updateRoute(providerTraining),
};

/** Versions 1 and 2 take the changes from Update Fields, version 3 from 'Columns'; Fields to Clear in all. */
export const properties: INodeProperties[] = [
	trainingIdProperty,
	columnsProperty,
	...beforeColumns([fieldCollection('updateFields', providerTraining.fields)]),
	clearFieldsProperty(providerTraining.fields),
];

/** What 'Columns' maps (version 3). */
export const mappedFields = providerTraining.fields;
