import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { beforeMapping } from '../../shared/columns';
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

/** Versions 1 and 2 take the changes from Update Fields, version 3 from 'Columns'; Fields to Clear in all. */
export const properties: INodeProperties[] = [
	...updateDisplayOptions({ show: { ...showFor(['trainingRight'], ['update']).show, ...beforeMapping } }, [fieldCollection('updateFields', trainingRight.fields)]),
	...updateDisplayOptions(showFor(['trainingRight'], ['update']), [clearFieldsProperty(trainingRight.fields)]),
];
