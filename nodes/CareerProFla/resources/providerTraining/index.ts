/** Trainings that a training provider organised, with their participants (training providers only). */
import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as del from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

/** The Operation selector. */
export const providerTrainingOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['providerTraining'] } },
	options: [create.option, del.option, get.option, getAll.option, update.option],
	default: 'getAll',
};

/** The parameters of its operations, in the order the forms show them. */
export const providerTrainingProperties: INodeProperties[] = [
	...create.properties,
	...getAll.properties,
	...update.properties,
];
