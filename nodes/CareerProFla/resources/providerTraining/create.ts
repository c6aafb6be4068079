import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { beforeMapping } from '../../shared/columns';
import { additionalFields, showFor } from '../../shared/descriptions';
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

/** The participants in every version; Additional Fields in versions 1 and 2 (version 3 maps 'Columns'). */
export const properties: INodeProperties[] = [
	...updateDisplayOptions(showFor(['providerTraining'], ['create']), participantProperties),
	...updateDisplayOptions({ show: { ...showFor(['providerTraining'], ['create']).show, ...beforeMapping } }, [additionalFields(providerTraining.fields)]),
];
