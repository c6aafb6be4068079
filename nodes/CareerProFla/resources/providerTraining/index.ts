/** Trainings that a training provider organised, with their participants (training providers only). */
import type { Resource } from '../../shared/gather';
import * as create from './create';
import * as del from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

export const providerTrainingResource: Resource = {
	option: { name: 'Provider Training', value: 'providerTraining', description: "A training provider's trainings and participants" },
	operations: [create, del, get, getAll, update],
	defaultOperation: 'getAll',
};
