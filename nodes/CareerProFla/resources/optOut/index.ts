/** Opting out of the automatic yearly calculation of training rights, company-wide or per worker. */
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { fieldProperty, showFor } from '../../shared/descriptions';
import { appliesToProperties, YEAR } from './appliesTo';
import * as create from './create';
import * as del from './delete';
import * as get from './get';

/** The Operation selector. */
export const optOutOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['optOut'] } },
	options: [create.option, del.option, get.option],
	default: 'get',
};

/** The parameters of its operations, in the order the forms show them. */
export const optOutProperties: INodeProperties[] = [
	...updateDisplayOptions(showFor(['optOut']), [fieldProperty(YEAR, true)]),
	...updateDisplayOptions(showFor(['optOut'], ['create', 'delete']), appliesToProperties),
];
