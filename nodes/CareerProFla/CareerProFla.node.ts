import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { MEDIA_TYPES } from '../../credentials/gateway';
import { employerOperation, employerProperties } from './resources/employer';
import { optOutOperation, optOutProperties } from './resources/optOut';
import { providerTrainingOperation, providerTrainingProperties } from './resources/providerTraining';
import { trainingOperation, trainingProperties } from './resources/training';
import { trainingCreditOperation, trainingCreditProperties } from './resources/trainingCredit';
import { trainingRightOperation, trainingRightProperties } from './resources/trainingRight';
import { columnsProperty, resourceMapping } from './shared/columns';
import { ifAlreadyRegisteredProperties } from './shared/existing';
import { gatherProperties } from './shared/gather';
import { listSearch } from './shared/listSearch';
import { sharedProperties, simplifyProperty } from './shared/properties';
import { CONCURRENCY, NODE_OPTIONS } from './shared/transport';

export class CareerProFla implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CareerPro FLA',
		name: 'careerProFla',
		icon: { light: 'file:careerProFla.svg', dark: 'file:careerProFla.dark.svg' },
		group: ['transform'],
		// Version 2: Create starts with 'If Already Registered' set to 'Skip'. Version 3: the record of a Create or
		// Update is mapped in 'Columns', automatically from the item's columns or field by field (shared/columns.ts).
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read, export and register trainings, training rights and credits in the Federal Learning Account (CareerPro, Sigedis)',
		defaults: { name: 'CareerPro FLA' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'careerProFlaApi', required: true }],
		// The base URL comes from the credential in each operation's preSend (shared/requests.ts, checkQuality).
		requestDefaults: {
			headers: { Accept: MEDIA_TYPES.json },
			json: true,
		},
		// One property per parameter name where n8n allows it (shared/gather.ts): each is evaluated per item.
		properties: gatherProperties([
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Employer', value: 'employer', description: 'Everything the account holds on an employer, for an archive' },
					{ name: 'Opt-Out', value: 'optOut', description: 'Opt out of the automatic calculation of training rights' },
					{ name: 'Provider Training', value: 'providerTraining', description: "A training provider's trainings and participants" },
					{ name: 'Training', value: 'training', description: "A worker's training" },
					{ name: 'Training Credit', value: 'trainingCredit', description: 'What is left of a training right in a year' },
					{ name: 'Training Right', value: 'trainingRight', description: "A worker's training right for a year" },
				],
				default: 'training',
			},
			trainingOperation,
			providerTrainingOperation,
			trainingRightOperation,
			trainingCreditOperation,
			optOutOperation,
			employerOperation,
			// What several resources show, then each resource's own parameters: the order the forms show them in.
			...sharedProperties,
			columnsProperty,
			...trainingProperties,
			...providerTrainingProperties,
			...trainingRightProperties,
			...trainingCreditProperties,
			...optOutProperties,
			...employerProperties,
			...ifAlreadyRegisteredProperties,
			simplifyProperty,
			{
				// Not "requestOptions": n8n's loader replaces a property of that name with its own Request Options (Settings tab).
				displayName: 'Options',
				name: NODE_OPTIONS,
				type: 'collection',
				placeholder: 'Add Option',
				// Literal defaults (n8n's lint reads them from the source); equal to CONCURRENCY.default, tested.
				default: { maxConcurrency: 5 },
				options: [
					{
						displayName: 'Max Concurrent Requests',
						name: 'maxConcurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: CONCURRENCY.max },
						default: 5,
						description:
							'How many items are sent to the gateway at the same time. Lower it if the gateway answers that it is busy.',
					},
				],
			},
		]),
	};

	/**
	 * The lists the editor shows to pick an identifier ('From List' of Training ID and Training Right ID), and the fields
	 * 'Columns' maps (version 3).
	 */
	methods = { listSearch, resourceMapping };
}
