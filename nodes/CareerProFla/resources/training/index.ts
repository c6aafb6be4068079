/** Trainings of an employer's workers (employers and mandataries). */
import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as del from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

/** The Operation selector. */
export const trainingOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['training'] } },
	options: [create.option, del.option, get.option, getAll.option, update.option],
	default: 'getAll',
};

/** The parameters of its operations, in the order the forms show them. */
export const trainingProperties: INodeProperties[] = [
	...create.properties,
	...getAll.properties,
	...update.properties,
];
