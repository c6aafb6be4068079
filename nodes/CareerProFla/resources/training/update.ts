import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { beforeMapping } from '../../shared/columns';
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

/** Versions 1 and 2 take the changes from Update Fields, version 3 from 'Columns'; Fields to Clear in all. */
export const properties: INodeProperties[] = [
	...updateDisplayOptions({ show: { ...showFor(['training'], ['update']).show, ...beforeMapping } }, [fieldCollection('updateFields', training.fields)]),
	...updateDisplayOptions(showFor(['training'], ['update']), [clearFieldsProperty(training.fields)]),
];
