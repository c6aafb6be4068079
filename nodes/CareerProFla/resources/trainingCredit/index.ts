/** Training credits: what is left of a worker's training right in a year (read only). */
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { fieldProperty, showFor } from '../../shared/descriptions';
import { listingProperties } from '../../shared/properties';
import * as get from './get';
import * as getAll from './getAll';
import { SSIN, YEAR } from './shared';

/** The Operation selector. */
export const trainingCreditOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['trainingCredit'] } },
	options: [get.option, getAll.option],
	default: 'getAll',
};

/** The parameters of its operations, in the order the forms show them. */
export const trainingCreditProperties: INodeProperties[] = [
	...updateDisplayOptions(showFor(['trainingCredit'], ['get']), [fieldProperty(SSIN, true)]),
	...updateDisplayOptions(showFor(['trainingCredit']), [fieldProperty(YEAR, true)]),
	...updateDisplayOptions(showFor(['trainingCredit'], ['getAll']), listingProperties),
];
