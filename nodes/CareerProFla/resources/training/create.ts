import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { beforeColumns, columnsProperty } from '../../shared/columns';
import { additionalFields, requiredProperties } from '../../shared/descriptions';
import { ifAlreadyRegisteredProperties } from '../../shared/existing';
import { enterpriseNumberProperty } from '../../shared/properties';
import { createRoute } from '../../shared/records';
import { training } from './record';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a training a worker followed (employer, worker NISS, title, type, dates, hours)',
	description: "Register a worker's training",
	routing: createRoute(training),
};

/** The record's fields: top level and in Additional Fields in versions 1 and 2, mapped in 'Columns' in version 3. */
export const properties: INodeProperties[] = [
	enterpriseNumberProperty,
	...beforeColumns(requiredProperties(training.fields)),
	columnsProperty,
	...beforeColumns([additionalFields(training.fields)]),
	...ifAlreadyRegisteredProperties,
];

/** What 'Columns' maps (version 3). */
export const mappedFields = training.fields;
