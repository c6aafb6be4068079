import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { beforeMapping } from '../../shared/columns';
import { additionalFields, requiredProperties, showFor } from '../../shared/descriptions';
import { workerSsin } from '../../shared/properties';
import { createRoute } from '../../shared/records';
import { trainingRight } from './record';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a training right of a worker for a year, in days or hours',
	description: "Register a worker's training right for a year",
	routing: createRoute(trainingRight),
};

/** Versions 1 and 2; version 3 maps 'Columns'. */
export const properties: INodeProperties[] = updateDisplayOptions({ show: { ...showFor(['trainingRight'], ['create']).show, ...beforeMapping } }, [
	// The worker's NISS is the shared property of employers' records.
	...requiredProperties(trainingRight.fields).filter((p) => p.name !== workerSsin.parameter),
	additionalFields(trainingRight.fields),
]);
