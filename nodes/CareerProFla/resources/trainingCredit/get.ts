import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { enterpriseNumberProperty, fieldProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { readField, request } from '../../shared/requests';
import { route } from '../../shared/transport';
import { credit, SSIN, SSIN_PARAMETER, YEAR } from './fields';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get a training credit',
	description: 'Days and hours of training a worker still has for a year',
	routing: route(
		'GET',
		async function (options) {
			const { quality, enterpriseNumber } = await employerOf(this);
			const ssin = readField(this, SSIN, SSIN_PARAMETER) as string;
			const year = readField(this, YEAR) as number;
			return request(options, { url: PATHS.trainingCredit(enterpriseNumber, ssin, year) }, { enterpriseNumber, quality, id: `${ssin}/${year}` });
		},
		credit,
	),
};

export const properties: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['trainingCredit'], operation: ['get'] } },
	[enterpriseNumberProperty, fieldProperty(SSIN, true, SSIN_PARAMETER), fieldProperty(YEAR, true)],
);
