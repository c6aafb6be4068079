import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { beforeColumns, columnsProperty } from '../../shared/columns';
import { clearFieldsProperty, fieldCollection } from '../../shared/descriptions';
import { enterpriseNumberProperty, trainingIdProperty } from '../../shared/properties';
import { updateRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update fields of a training by its training ID; the others stay',
	description: 'Change fields of a registered training; the others stay as they are',
	routing: updateRoute(training),
};

/** Versions 1 and 2 take the changes from Update Fields, version 3 from 'Columns'; Fields to Clear in all. */
export const properties: INodeProperties[] = [
	enterpriseNumberProperty,
	trainingIdProperty,
	columnsProperty,
	...beforeColumns([fieldCollection('updateFields', training.fields)]),
	clearFieldsProperty(training.fields),
];

/** What 'Columns' maps (version 3). */
export const mappedFields = training.fields;
