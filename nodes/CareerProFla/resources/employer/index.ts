/** An employer as a whole (employers and mandataries): everything the FLA holds on it, for an archive. */
import type { Resource } from '../../shared/gather';
import * as exportData from './export';

export const employerResource: Resource = {
	option: { name: 'Employer', value: 'employer', description: 'Everything the account holds on an employer, for an archive' },
	operations: [exportData],
	defaultOperation: 'export',
};
