import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { enterpriseNumberProperty, trainingIdProperty } from '../../shared/properties';
import { getRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a training by its training ID',
	description: 'Retrieve one training by its ID',
	routing: getRoute(training),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, trainingIdProperty];
