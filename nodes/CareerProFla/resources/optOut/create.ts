import type { INodePropertyOptions } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { employerOf } from '../../shared/employer';
import { fillRequest } from '../../shared/requests';
import { route } from '../../shared/transport';
import { onTheWire, optOut, readOptOut } from './appliesTo';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an opt-out',
	description: 'Opt out of the automatic calculation of training rights for a year',
	routing: route(
		'POST',
		async function (options) {
			const owner = await employerOf(this);
			return fillRequest(options, { url: PATHS.optOuts(owner.enterpriseNumber), body: onTheWire(readOptOut(this)) }, owner);
		},
		optOut,
	),
};
