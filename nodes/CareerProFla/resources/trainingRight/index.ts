/** Training rights of an employer's workers, per worker and year (employers and mandataries). */
import type { Resource } from '../../shared/gather';
import * as create from './create';
import * as del from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

export const trainingRightResource: Resource = {
	option: { name: 'Training Right', value: 'trainingRight', description: "A worker's training right for a year" },
	operations: [create, del, get, getAll, update],
	defaultOperation: 'getAll',
};
