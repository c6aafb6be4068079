import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { PATHS, QUERY } from '../../shared/contract';
import { enterpriseNumberProperty, fieldProperty, limitProperty, listOutputProperty, returnAllProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { readField, readListing, request } from '../../shared/requests';
import { route } from '../../shared/transport';
import { credit, YEAR } from './fields';

export const option = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many training credits',
	description: "The training credits of all the employer's workers for a year",
	routing: route(
		'GET',
		async function (options) {
			const { quality, enterpriseNumber } = await employerOf(this);
			const year = readField(this, YEAR) as number;
			return request(
				options,
				{ url: PATHS.trainingCredits(enterpriseNumber), qs: { [QUERY.trainingCredits.year]: year } },
				{ enterpriseNumber, quality, ...readListing(this) },
			);
		},
		{ ...credit, output: 'list' },
	),
};

export const properties: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['trainingCredit'], operation: ['getAll'] } },
	[enterpriseNumberProperty, fieldProperty(YEAR, true), returnAllProperty, limitProperty, listOutputProperty],
);
