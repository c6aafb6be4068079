/** Opting out of the automatic yearly calculation of training rights, company-wide or per worker. */
import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as del from './delete';
import * as get from './get';

export const optOutDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['optOut'] } },
		options: [create.option, del.option, get.option],
		default: 'get',
	},
	...create.properties,
	...del.properties,
	...get.properties,
];
