import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { enterpriseNumberProperty, trainingIdProperty } from '../../shared/properties';
import { deleteRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a training registered by mistake, by its training ID',
	description: 'Remove a training registered by mistake',
	routing: deleteRoute(training),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, trainingIdProperty];
