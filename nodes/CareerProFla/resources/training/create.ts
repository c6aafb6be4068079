import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { beforeMapping } from '../../shared/columns';
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

/** Versions 1 and 2: Additional Fields (the required fields are shared/properties.ts'); version 3 maps 'Columns'. */
export const properties: INodeProperties[] = updateDisplayOptions({ show: { ...showFor(['training'], ['create']).show, ...beforeMapping } }, [
	additionalFields(training.fields),
]);
