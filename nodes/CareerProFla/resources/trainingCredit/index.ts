/** Training credits: what is left of a worker's training right in a year (read only). */
import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getAll from './getAll';

export const trainingCreditDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['trainingCredit'] } },
		options: [get.option, getAll.option],
		default: 'getAll',
	},
	...get.properties,
	...getAll.properties,
];
