/** Opting out of the automatic yearly calculation of training rights, company-wide or per worker. */
import type { Resource } from '../../shared/gather';
import * as create from './create';
import * as del from './delete';
import * as get from './get';

export const optOutResource: Resource = {
	option: { name: 'Opt-Out', value: 'optOut', description: 'Opt out of the automatic calculation of training rights' },
	operations: [create, del, get],
	defaultOperation: 'get',
};
