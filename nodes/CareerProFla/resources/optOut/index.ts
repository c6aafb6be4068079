/** Opting out of the automatic yearly calculation of training rights, company-wide or per worker. */
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { beforeMapping } from '../../shared/columns';
import { fieldProperty, showFor } from '../../shared/descriptions';
import { appliesToProperties, SSIN, YEAR } from './appliesTo';
import * as create from './create';
import * as del from './delete';
import * as get from './get';

/** The Operation selector. */
export const optOutOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['optOut'] } },
	options: [create.option, del.option, get.option],
	default: 'get',
};

/** The worker's NISS, asked when the opt-out is for one worker. */
const workerSsin: INodeProperties = { ...fieldProperty(SSIN, true), displayOptions: { show: { optOutScope: ['worker'] } } };

/** The parameters of its operations, in the order the forms show them. */
export const optOutProperties: INodeProperties[] = [
	// Version 3's Create takes the year and the worker in 'Columns' (shared/columns.ts); versions 1 and 2 keep them.
	...updateDisplayOptions(showFor(['optOut'], ['delete', 'get']), [fieldProperty(YEAR, true)]),
	...updateDisplayOptions({ show: { ...showFor(['optOut'], ['create']).show, ...beforeMapping } }, [fieldProperty(YEAR, true)]),
	...updateDisplayOptions(showFor(['optOut'], ['create', 'delete']), appliesToProperties),
	...updateDisplayOptions(showFor(['optOut'], ['delete']), [workerSsin]),
	...updateDisplayOptions({ show: { ...showFor(['optOut'], ['create']).show, ...beforeMapping } }, [workerSsin]),
];
