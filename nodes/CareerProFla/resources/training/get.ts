import type { INodePropertyOptions } from 'n8n-workflow';

import { getRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get a training by its training ID',
	description: 'Retrieve one training by its ID',
	routing: getRoute(training),
};
