import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { clearFieldsProperty, fieldCollection, showFor } from '../../shared/descriptions';
import { updateRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update fields of a training by its training ID; the others stay',
	description: 'Change fields of a registered training; the others stay as they are',
	routing: updateRoute(training),
};

export const properties: INodeProperties[] = updateDisplayOptions(showFor(['training'], ['update']), [
	fieldCollection('updateFields', training.fields),
	clearFieldsProperty(training.fields),
]);
