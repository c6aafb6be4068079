/**
 * The pieces of form that several operations ask, each declared once. An operation file lists the pieces of its form
 * in the order they show; `gather.ts` shows each piece where it is asked, as one property of the node.
 */
import type { INodeProperties } from 'n8n-workflow';

import { ENTERPRISE_NUMBER, ID_FIELDS } from './contract';
import { fieldProperty, idProperty } from './descriptions';

/** The employer, asked in every operation on an employer's data (employers and mandataries). */
export const enterpriseNumberProperty: INodeProperties = fieldProperty(ENTERPRISE_NUMBER, true);

/** The training, by its identifier: one parameter for an employer's and a training provider's trainings. */
export const trainingIdProperty: INodeProperties = idProperty(ID_FIELDS.training, {
	searchListMethod: 'searchTrainings',
	what: 'training',
	searchHint: "type a title, a worker's NISS or a start date to search; a training provider's list shows its own trainings",
	dependsOn: [ENTERPRISE_NUMBER.parameter],
});

/** Return All, Limit and Output of a Get Many operation. */
export const listingProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Output',
		name: 'listOutput',
		type: 'options',
		options: [
			{
				name: 'One Item per Listing',
				value: 'listing',
				description:
					'One item for each input item: the records in the list "records", with "count" and "total" (the number the gateway announced) and the enterprise number. Suits archives: it keeps the records of one employer together.',
			},
			{ name: 'One Item per Record', value: 'records', description: 'Each record becomes an item' },
		],
		default: 'records',
		description: 'How the records come out of the node',
	},
];

/** The last parameter of a record's Get Many. */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
