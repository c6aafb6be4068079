import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { OPT_OUT_FIELDS } from '../../shared/contract';
import { fieldProperty, pick } from '../../shared/descriptions';
import { readField } from '../../shared/requests';
import type { Operation } from '../../shared/transport';

export const [YEAR, SSIN] = pick(OPT_OUT_FIELDS, ['year', 'ssin']);

/** The worker's NISS under a parameter name of its own, as the training credit's (see SSIN_PARAMETER there). */
export const SSIN_PARAMETER = 'optOutSsin';

export const optOut: Operation = { resourceLabel: 'opt-out', fields: OPT_OUT_FIELDS, output: 'record' };

/** Company-wide, or for one worker (whose NISS is then asked). */
export const scopeProperties: INodeProperties[] = [
	{
		displayName: 'Applies To',
		name: 'optOutScope',
		type: 'options',
		options: [
			{ name: 'All Workers', value: 'company', description: 'The whole company opts out for the year' },
			{ name: 'One Worker', value: 'worker', description: 'Only this worker is left out of the calculation' },
		],
		default: 'company',
	},
	{ ...fieldProperty(SSIN, true, SSIN_PARAMETER), displayOptions: { show: { optOutScope: ['worker'] } } },
];

/** The year, and the worker's NISS when the opt-out is for one worker. */
export function readOptOut(context: IExecuteSingleFunctions): { year: number; ssin?: string } & IDataObject {
	const year = readField(context, YEAR) as number;
	if (context.getNodeParameter('optOutScope', 'company') !== 'worker') return { year };
	return { year, ssin: readField(context, SSIN, SSIN_PARAMETER) as string };
}
