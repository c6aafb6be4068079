import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { employerOf } from '../../shared/employer';
import { readYear } from '../../shared/optOutYear';
import { enterpriseNumberProperty } from '../../shared/properties';
import { fillRequest, readField } from '../../shared/requests';
import type { ItemSender } from '../../shared/runState';
import { route } from '../../shared/transport';
import { optOut, YEAR, yearProperty } from './appliesTo';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get the opt-out of a year: whether the company or which workers opted out',
	description: 'Whether the company, or which workers, opted out for a year',
	routing: route(
		'GET',
		async function (options) {
			const owner = await employerOf(this);
			const year = readField(this, YEAR) as number;
			// A year with no opt-out reads as such, however the gateway answers it (readYear).
			const work = async (sender: ItemSender) => [await readYear(sender, owner.enterpriseNumber, year)];
			return fillRequest(options, { url: PATHS.optOut(owner.enterpriseNumber, year) }, { ...owner, id: String(year), work });
		},
		optOut,
	),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, yearProperty];
