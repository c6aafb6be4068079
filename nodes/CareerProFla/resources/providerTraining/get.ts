import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { trainingIdProperty } from '../../shared/properties';
import { getRoute } from '../../shared/records';
import { providerTraining } from './record';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a provider training by its training ID',
	description: 'Retrieve one of your trainings by its ID',
	routing: getRoute(providerTraining),
};

export const properties: INodeProperties[] = [trainingIdProperty];
