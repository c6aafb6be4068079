import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { enterpriseNumberProperty, fieldProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { readField, request } from '../../shared/requests';
import { route } from '../../shared/transport';
import { optOut, YEAR } from './fields';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get an opt-out',
	description: 'Whether the company, or which workers, opted out for a year',
	routing: route(
		'GET',
		async function (options) {
			const { quality, enterpriseNumber } = await employerOf(this);
			const year = readField(this, YEAR) as number;
			return request(options, { url: PATHS.optOut(enterpriseNumber, year) }, { enterpriseNumber, quality, id: String(year) });
		},
		optOut,
	),
};

export const properties: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['optOut'], operation: ['get'] } },
	[enterpriseNumberProperty, fieldProperty(YEAR, true)],
);
