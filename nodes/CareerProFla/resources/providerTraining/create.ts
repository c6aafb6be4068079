import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { beforeColumns, columnsProperty } from '../../shared/columns';
import { additionalFields, requiredProperties } from '../../shared/descriptions';
import { ifAlreadyRegisteredProperties } from '../../shared/existing';
import { createRoute } from '../../shared/records';
import { participantProperties, readParticipants } from './participants';
import { providerTraining } from './record';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create a provider training you organised, with its participants',
	description: 'Register a training you organised, with its participants',
	routing: createRoute(providerTraining, readParticipants),
};

/** The record's fields (versions 1 and 2; version 3 maps 'Columns'), then its participants in every version. */
export const properties: INodeProperties[] = [
	...beforeColumns(requiredProperties(providerTraining.fields)),
	columnsProperty,
	...participantProperties,
	...beforeColumns([additionalFields(providerTraining.fields)]),
	...ifAlreadyRegisteredProperties,
];

/** What 'Columns' maps (version 3). */
export const mappedFields = providerTraining.fields;
