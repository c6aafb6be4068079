import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { fieldProperty } from '../../shared/descriptions';
import { employerOf } from '../../shared/employer';
import { enterpriseNumberProperty } from '../../shared/properties';
import { fillRequest, readField } from '../../shared/requests';
import { route } from '../../shared/transport';
import { credit, SSIN, YEAR } from './shared';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	action: 'Get the training credit of a worker for a year: days and hours left',
	description: 'Days and hours of training a worker still has for a year',
	routing: route(
		'GET',
		async function (options) {
			const owner = await employerOf(this);
			const ssin = readField(this, SSIN) as string;
			const year = readField(this, YEAR) as number;
			return fillRequest(options, { url: PATHS.trainingCredit(owner.enterpriseNumber, ssin, year) }, { ...owner, id: `${ssin}/${year}` });
		},
		credit,
	),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, fieldProperty(SSIN, true), fieldProperty(YEAR, true)];
