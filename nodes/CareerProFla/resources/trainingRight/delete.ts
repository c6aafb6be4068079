import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { enterpriseNumberProperty } from '../../shared/properties';
import { deleteRoute } from '../../shared/records';
import { trainingRight, trainingRightIdProperty } from './record';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a training right registered by mistake, by its ID',
	description: 'Remove a training right registered by mistake',
	routing: deleteRoute(trainingRight),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, trainingRightIdProperty];
