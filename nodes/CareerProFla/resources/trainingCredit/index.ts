/** Training credits: what is left of a worker's training right in a year (read only). */
import type { Resource } from '../../shared/gather';
import * as get from './get';
import * as getAll from './getAll';

export const trainingCreditResource: Resource = {
	option: { name: 'Training Credit', value: 'trainingCredit', description: 'What is left of a training right in a year' },
	operations: [get, getAll],
	defaultOperation: 'getAll',
};
