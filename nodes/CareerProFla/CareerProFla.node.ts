import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { MEDIA_TYPES } from '../../credentials/gateway';
import { RESOURCES } from './resources';
import { resourceMappingOf } from './shared/columns';
import { gatherProperties } from './shared/gather';
import { customOperationsOf } from './shared/items';
import { listSearch } from './shared/listSearch';
import { CONCURRENCY, NODE_OPTIONS } from './shared/transport';

const REQUEST_DEFAULTS = { headers: { Accept: MEDIA_TYPES.json }, json: true };

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
		requestDefaults: REQUEST_DEFAULTS,
		// Each operation's form, from its file; one property per parameter name where n8n allows it (shared/gather.ts).
		properties: gatherProperties(
			RESOURCES,
			'training',
			[
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
			],
		),
	};

	/**
	 * The lists the editor shows to pick an identifier ('From List' of Training ID and Training Right ID), and the fields
	 * 'Columns' maps (version 3).
	 */
	methods = { listSearch, resourceMapping: resourceMappingOf(RESOURCES) };

	/**
	 * The operations that take a record from each item run their routing themselves (shared/items.ts): n8n's declarative
	 * engine would evaluate each mapped value three times per item.
	 */
	customOperations = customOperationsOf(RESOURCES, REQUEST_DEFAULTS);
}
