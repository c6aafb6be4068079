import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { clearFieldsProperty, fieldCollection, showFor } from '../../shared/descriptions';
import { updateRoute } from '../../shared/records';
import { trainingRight } from './record';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update fields of a training right by its ID; the others stay',
	description: 'Change fields of a training right; the others stay as they are',
	routing: updateRoute(trainingRight),
};

export const properties: INodeProperties[] = updateDisplayOptions(showFor(['trainingRight'], ['update']), [
	fieldCollection('updateFields', trainingRight.fields),
	clearFieldsProperty(trainingRight.fields),
]);
