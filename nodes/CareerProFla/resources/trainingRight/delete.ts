import type { INodePropertyOptions } from 'n8n-workflow';

import { deleteRoute } from '../../shared/records';
import { trainingRight } from './record';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a training right registered by mistake, by its ID',
	description: 'Remove a training right registered by mistake',
	routing: deleteRoute(trainingRight),
};
