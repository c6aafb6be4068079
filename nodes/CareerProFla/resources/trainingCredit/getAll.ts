import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { PATHS, QUERY } from '../../shared/contract';
import { fieldProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { enterpriseNumberProperty, listingProperties } from '../../shared/properties';
import { fillRequest, readField, readListing } from '../../shared/requests';
import { route } from '../../shared/transport';
import { credit, YEAR } from './shared';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many training credits: those of every worker of an employer for a year',
	description: "The training credits of all the employer's workers for a year",
	routing: route(
		'GET',
		async function (options) {
			const owner = await employerOf(this);
			const year = readField(this, YEAR) as number;
			return fillRequest(
				options,
				{ url: PATHS.trainingCredits(owner.enterpriseNumber), qs: { [QUERY.trainingCredits.year]: year } },
				{ ...owner, ...readListing(this) },
			);
		},
		{ ...credit, kind: 'list' },
	),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, fieldProperty(YEAR, true), ...listingProperties];
