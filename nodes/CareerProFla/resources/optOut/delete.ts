import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ENTERPRISE_NUMBER, PATHS, QUERY } from '../../shared/contract';
import { employerOf } from '../../shared/employer';
import { enterpriseNumberProperty } from '../../shared/properties';
import { fillRequest } from '../../shared/requests';
import { route } from '../../shared/transport';
import { appliesToProperty, onTheWire, optOut, readOptOut, workerSsinProperty, yearProperty } from './appliesTo';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete the opt-out of a year, so its training rights are calculated again',
	description: 'Withdraw an opt-out, so the rights of that year are calculated again',
	routing: route(
		'DELETE',
		async function (options) {
			const owner = await employerOf(this);
			const { year, ssin } = readOptOut(this);
			const id = ssin ? `${year} (${ssin})` : String(year);
			const deleted = { [ENTERPRISE_NUMBER.name]: owner.enterpriseNumber, ...onTheWire({ year, ssin }) };
			const qs = ssin ? { [QUERY.optOut.ssin]: ssin } : {};
			return fillRequest(options, { url: PATHS.optOut(owner.enterpriseNumber, year), qs }, { ...owner, id, deleted });
		},
		{ ...optOut, kind: 'deleted' },
	),
};

export const properties: INodeProperties[] = [enterpriseNumberProperty, yearProperty, appliesToProperty, workerSsinProperty];
