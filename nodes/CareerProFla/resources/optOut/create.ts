import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { enterpriseNumberProperty, fieldProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { request } from '../../shared/requests';
import { route } from '../../shared/transport';
import { optOut, readOptOut, scopeProperties, YEAR } from './fields';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create an opt-out',
	description: 'Opt out of the automatic calculation of training rights for a year',
	routing: route(
		'POST',
		async function (options) {
			const { quality, enterpriseNumber } = await employerOf(this);
			return request(options, { url: PATHS.optOuts(enterpriseNumber), body: readOptOut(this) }, { enterpriseNumber, quality });
		},
		optOut,
	),
};

export const properties: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['optOut'], operation: ['create'] } },
	[enterpriseNumberProperty, fieldProperty(YEAR, true), ...scopeProperties],
);
