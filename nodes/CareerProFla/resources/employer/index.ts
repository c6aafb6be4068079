/** An employer as a whole (employers and mandataries): everything the FLA holds on it, for an archive. */
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { EXPORT_YEARS, YEARS_HELD } from '../../shared/contract';
import { fieldProperty, showFor } from '../../shared/descriptions';
import * as exportData from './export';

/** The Operation selector. */
export const employerOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['employer'] } },
	options: [exportData.option],
	default: 'export',
};

/** The parameters of its operations, in the order the forms show them. */
export const employerProperties: INodeProperties[] = [
	...updateDisplayOptions(showFor(['employer'], ['export']), [{ ...fieldProperty(EXPORT_YEARS, true), placeholder: YEARS_HELD.join(', ') }]),
];
