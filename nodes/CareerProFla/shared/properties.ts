/**
 * The parameters that several resources show, each declared once with the resources and operations that show it
 * (as n8n's own nodes do). n8n evaluates, for every item, each property named like a parameter of the node, shown
 * or not: one property for 'Enterprise Number' instead of one per operation keeps that work low. The node lists
 * these before the resources' own parameters, and `simplifyProperty` after them (it closes a Get Many form).
 */
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { ENTERPRISE_NUMBER, ID_FIELDS, PROVIDER_TRAINING_FIELDS, TRAINING_FIELDS } from './contract';
import { beforeMapping } from './columns';
import { fieldProperty, idProperty, requiredProperties, showFor } from './descriptions';

/** Employers' data, under the employer's enterprise number (employers and mandataries). */
const EMPLOYER_RESOURCES = ['employer', 'training', 'trainingRight', 'trainingCredit', 'optOut'];
/** Records the gateway stores and lists with an identifier of its own. */
const LISTED_RESOURCES = ['training', 'providerTraining', 'trainingRight'];

export const workerSsin = TRAINING_FIELDS.find((f) => f.parameter === 'ssin')!;

/** Return All and Limit of a Get Many operation. */
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

export const sharedProperties: INodeProperties[] = [
	{ ...fieldProperty(ENTERPRISE_NUMBER, true), displayOptions: showFor(EMPLOYER_RESOURCES) },
	// Version 3 maps the record's fields in 'Columns' (shared/columns.ts).
	{ ...fieldProperty(workerSsin, true), displayOptions: { show: { ...showFor(['training', 'trainingRight'], ['create']).show, ...beforeMapping } } },
	...requiredProperties(PROVIDER_TRAINING_FIELDS).map((property) => ({
		...property,
		displayOptions: { show: { ...showFor(['training', 'providerTraining'], ['create']).show, ...beforeMapping } },
	})),
	{
		// One parameter for both resources' trainings: the list reads the employer's or the training provider's.
		...idProperty(ID_FIELDS.training, {
			searchListMethod: 'searchTrainings',
			what: 'training',
			searchHint: "type a title, a worker's NISS or a start date to search; a training provider's list shows its own trainings",
			dependsOn: [ENTERPRISE_NUMBER.parameter],
		}),
		displayOptions: showFor(['training', 'providerTraining'], ['delete', 'get', 'update']),
	},
	...updateDisplayOptions(showFor(LISTED_RESOURCES, ['getAll']), listingProperties),
];

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	displayOptions: showFor(LISTED_RESOURCES, ['getAll']),
};
