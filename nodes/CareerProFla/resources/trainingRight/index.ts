/** Training rights of an employer's workers, per worker and year (employers and mandataries). */
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { ENTERPRISE_NUMBER } from '../../shared/contract';
import { idProperty, showFor } from '../../shared/descriptions';
import { trainingRight } from './record';
import * as create from './create';
import * as del from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

/** The Operation selector. */
export const trainingRightOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['trainingRight'] } },
	options: [create.option, del.option, get.option, getAll.option, update.option],
	default: 'getAll',
};

/** The parameters of its operations, in the order the forms show them. */
export const trainingRightProperties: INodeProperties[] = [
	...create.properties,
	...updateDisplayOptions(showFor(['trainingRight'], ['delete', 'get', 'update']), [
		idProperty(trainingRight.id, {
			searchListMethod: 'searchTrainingRights',
			what: 'training right',
			searchHint: "type a worker's NISS, a year or a right type to search",
			dependsOn: [ENTERPRISE_NUMBER.parameter],
		}),
	]),
	...getAll.properties,
	...update.properties,
];
