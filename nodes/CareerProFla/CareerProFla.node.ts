import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { apiRootExpression, MEDIA_TYPES } from '../../credentials/gateway';
import { optOutOperation, optOutProperties } from './resources/optOut';
import { providerTrainingOperation, providerTrainingProperties } from './resources/providerTraining';
import { trainingOperation, trainingProperties } from './resources/training';
import { trainingCreditOperation, trainingCreditProperties } from './resources/trainingCredit';
import { trainingRightOperation, trainingRightProperties } from './resources/trainingRight';
import { sharedProperties, simplifyProperty } from './shared/properties';
import { BATCHING, CONCURRENCY, DEFAULT_REQUEST_OPTIONS } from './shared/transport';

export class CareerProFla implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CareerPro FLA',
		name: 'careerProFla',
		icon: { light: 'file:careerProFla.svg', dark: 'file:careerProFla.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read, export and register trainings, training rights and credits in the Federal Learning Account (CareerPro, Sigedis)',
		defaults: { name: 'CareerPro FLA' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'careerProFlaApi', required: true }],
		requestDefaults: {
			baseURL: apiRootExpression(),
			headers: { Accept: MEDIA_TYPES.json },
			json: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
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
			// What several resources show, then each resource's own parameters: the order the forms show them in.
			...sharedProperties,
			...trainingProperties,
			...providerTrainingProperties,
			...trainingRightProperties,
			...trainingCreditProperties,
			...optOutProperties,
			simplifyProperty,
			{
				displayName: 'Options',
				name: 'requestOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: DEFAULT_REQUEST_OPTIONS,
				options: [
					{
						displayName: 'Max Concurrent Requests',
						name: 'maxConcurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: CONCURRENCY.max },
						default: CONCURRENCY.default,
						description:
							'How many items are sent to the gateway at the same time. Lower it if the gateway answers that it is busy.',
					},
					{
						displayName: 'Batching',
						name: 'batching',
						type: 'fixedCollection',
						default: { batch: {} },
						description:
							'n8n prepares the items of a batch, then pauses so that their requests go out while the next batch is prepared. Without it, nothing is sent before every item is prepared.',
						options: [
							{
								displayName: 'Batching',
								name: 'batch',
								values: [
									{
										displayName: 'Items per Batch',
										name: 'batchSize',
										type: 'number',
										typeOptions: { minValue: 1 },
										default: BATCHING.batchSize,
										description: 'How many items n8n prepares before each pause',
									},
									{
										displayName: 'Batch Interval (Ms)',
										name: 'batchInterval',
										type: 'number',
										typeOptions: { minValue: 1 },
										default: BATCHING.batchIntervalMs,
										description: 'How long each pause lasts, in milliseconds. A longer pause also slows the node down on purpose.',
									},
								],
							},
						],
					},
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1000 },
						default: 60000,
						description: 'Time in milliseconds to wait for each answer of the gateway',
					},
				],
			},
		],
	};
}
