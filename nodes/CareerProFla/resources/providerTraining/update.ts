import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { clearFieldsProperty, fieldCollection, showFor } from '../../shared/descriptions';
import { updateRoute } from '../../shared/records';
import { providerTraining } from './record';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update fields of a provider training by its training ID; participants stay',
	description: 'Change fields of one of your trainings; the participants stay as they are',
	routing: updateRoute(providerTraining),
};

export const properties: INodeProperties[] = updateDisplayOptions(showFor(['providerTraining'], ['update']), [
	fieldCollection('updateFields', providerTraining.fields),
	clearFieldsProperty(providerTraining.fields),
]);
