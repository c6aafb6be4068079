import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { fieldCollection } from '../../shared/descriptions';
import { enterpriseNumberProperty, listingProperties, simplifyProperty } from '../../shared/properties';
import { getAllRoute } from '../../shared/records';
import { trainingRight } from './record';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many training rights of an employer, for one worker or a year',
	description: "List an employer's training rights, for one worker or a year if you like",
	routing: getAllRoute(trainingRight),
};

export const properties: INodeProperties[] = [
	enterpriseNumberProperty,
	...listingProperties,
	fieldCollection('filters', Object.values(trainingRight.filters)),
	simplifyProperty,
];
