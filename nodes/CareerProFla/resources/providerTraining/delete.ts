import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { trainingIdProperty } from '../../shared/properties';
import { deleteRoute } from '../../shared/records';
import { providerTraining } from './record';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a provider training registered by mistake, by its training ID',
	description: 'Remove a training registered by mistake',
	routing: deleteRoute(providerTraining),
};

export const properties: INodeProperties[] = [trainingIdProperty];
