/** Trainings of an employer's workers (employers and mandataries). */
import type { Resource } from '../../shared/gather';
import * as create from './create';
import * as del from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

export const trainingResource: Resource = {
	option: { name: 'Training', value: 'training', description: "A worker's training" },
	operations: [create, del, get, getAll, update],
	defaultOperation: 'getAll',
};
