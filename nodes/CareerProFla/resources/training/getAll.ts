import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { fieldCollection } from '../../shared/descriptions';
import { enterpriseNumberProperty, listingProperties, simplifyProperty } from '../../shared/properties';
import { getAllRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many trainings an employer registered, for one worker or a start-date period',
	description: "List an employer's trainings, for one worker or a period if you like",
	routing: getAllRoute(training),
};

export const properties: INodeProperties[] = [
	enterpriseNumberProperty,
	...listingProperties,
	fieldCollection('filters', Object.values(training.filters)),
	simplifyProperty,
];
