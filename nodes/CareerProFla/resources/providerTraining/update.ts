import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { beforeMapping } from '../../shared/columns';
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

/** Versions 1 and 2 take the changes from Update Fields, version 3 from 'Columns'; Fields to Clear in all. */
export const properties: INodeProperties[] = [
	...updateDisplayOptions({ show: { ...showFor(['providerTraining'], ['update']).show, ...beforeMapping } }, [fieldCollection('updateFields', providerTraining.fields)]),
	...updateDisplayOptions(showFor(['providerTraining'], ['update']), [clearFieldsProperty(providerTraining.fields)]),
];
