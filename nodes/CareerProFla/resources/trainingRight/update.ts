import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { beforeColumns, columnsProperty } from '../../shared/columns';
import { clearFieldsProperty, fieldCollection } from '../../shared/descriptions';
import { enterpriseNumberProperty } from '../../shared/properties';
import { updateRoute } from '../../shared/records';
import { trainingRight, trainingRightIdProperty } from './record';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update fields of a training right by its ID; the others stay',
	description: 'Change fields of a training right; the others stay as they are',
	routing: updateRoute(trainingRight),
};

/** Versions 1 and 2 take the changes from Update Fields, version 3 from 'Columns'; Fields to Clear in all. */
export const properties: INodeProperties[] = [
	enterpriseNumberProperty,
	trainingRightIdProperty,
	columnsProperty,
	...beforeColumns([fieldCollection('updateFields', trainingRight.fields)]),
	clearFieldsProperty(trainingRight.fields),
];

/** What 'Columns' maps (version 3). */
export const mappedFields = trainingRight.fields;
