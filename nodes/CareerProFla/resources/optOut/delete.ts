import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { PATHS, QUERY } from '../../shared/contract';
import { enterpriseNumberProperty, fieldProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { request } from '../../shared/requests';
import { route } from '../../shared/transport';
import { optOut, readOptOut, scopeProperties, YEAR } from './fields';

export const option = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an opt-out',
	description: 'Withdraw an opt-out, so the rights of that year are calculated again',
	routing: route(
		'DELETE',
		async function (options) {
			const { quality, enterpriseNumber } = await employerOf(this);
			const { year, ssin } = readOptOut(this);
			return request(
				options,
				{ url: PATHS.optOut(enterpriseNumber, year), qs: ssin ? { [QUERY.optOut.ssin]: ssin } : {} },
				{ enterpriseNumber, quality, id: ssin ? `${year} (${ssin})` : String(year), deleted: { enterpriseNumber, year, ...(ssin ? { ssin } : {}) } },
			);
		},
		{ ...optOut, output: 'deleted' },
	),
};

export const properties: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['optOut'], operation: ['delete'] } },
	[enterpriseNumberProperty, fieldProperty(YEAR, true), ...scopeProperties],
);
