import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { fieldCollection } from '../../shared/descriptions';
import { listingProperties, simplifyProperty } from '../../shared/properties';
import { getAllRoute } from '../../shared/records';
import { providerTraining } from './record';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many provider trainings you registered, for one participant or a period',
	description: 'List the trainings you registered, for one participant or a period if you like',
	routing: getAllRoute(providerTraining),
};

export const properties: INodeProperties[] = [
	...listingProperties,
	fieldCollection('filters', Object.values(providerTraining.filters)),
	simplifyProperty,
];
