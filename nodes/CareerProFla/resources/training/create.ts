import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { additionalFields, showFor } from '../../shared/descriptions';
import { createRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a training a worker followed (employer, worker NISS, title, type, dates, hours)',
	description: "Register a worker's training",
	routing: createRoute(training),
};

export const properties: INodeProperties[] = updateDisplayOptions(showFor(['training'], ['create']), [additionalFields(training.fields)]);
