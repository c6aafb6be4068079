import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { enterpriseNumberProperty } from '../../shared/properties';
import { getRoute } from '../../shared/records';
import { trainingRight, trainingRightIdProperty } from './record';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a training right by its training right ID',
	description: 'Retrieve one training right by its ID',
	routing: getRoute(trainingRight),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, trainingRightIdProperty];
