import type { IDataObject, IExecuteSingleFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { beforeColumns, columnsProperty, mapsColumns, readColumns, type MappedRecord } from '../../shared/columns';
import { ENTERPRISE_NUMBER, OPT_OUT_FIELDS, PATHS } from '../../shared/contract';
import { employerOf, type Owner } from '../../shared/employer';
import { inputError } from '../../shared/errors';
import { ifAlreadyRegisteredProperties, readRegistration, type Registered } from '../../shared/existing';
import { readYear } from '../../shared/optOutYear';
import { enterpriseNumberProperty } from '../../shared/properties';
import { listingUnmapped, mappedOwner } from '../../shared/records';
import { fillRequest } from '../../shared/requests';
import type { ItemFacts, ItemSender } from '../../shared/runState';
import { route } from '../../shared/transport';
import { appliesToProperty, createdOptOut, onTheWire, optOut, readOptOut, SSIN, workerSsinProperty, YEAR, yearProperty } from './appliesTo';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an opt-out of the automatic calculation of training rights for a year',
	description: 'Opt out of the automatic calculation of training rights for a year',
	routing: route(
		'POST',
		async function (options) {
			const mapped = mapsColumns(this) ? readMappedOptOut(this) : undefined;
			const owner = (mapped ? await mappedOwner(this, mapped, ENTERPRISE_NUMBER, employerOf) : await employerOf(this)) as Owner & { enterpriseNumber: string };
			const body = onTheWire(mapped ? (mapped.record as { year: number; ssin?: string }) : readOptOut(this));
			const registered = readRegistration(this, registeredOptOuts(owner, body), owner, body);
			// Without a look-up, the create is sent as a work all the same, so that an answer without a body is described.
			const work = registered.work ?? (async (sender: ItemSender) => [createdOptOut(await sender.send(sender.options), owner.enterpriseNumber, body)]);
			const facts: ItemFacts = { ...owner, work };
			return fillRequest(options, { url: PATHS.optOuts(owner.enterpriseNumber), body }, mapped ? listingUnmapped(facts, mapped) : facts);
		},
		optOut,
	),
};

/** The year and the worker: top level in versions 1 and 2, mapped in 'Columns' in version 3; 'Applies To' in all. */
export const properties: INodeProperties[] = [
	enterpriseNumberProperty,
	...beforeColumns([yearProperty]),
	columnsProperty,
	appliesToProperty,
	...beforeColumns([workerSsinProperty]),
	...ifAlreadyRegisteredProperties,
];

/** What 'Columns' maps (version 3): the year, and the worker for an opt-out of one worker. */
export const mappedFields = OPT_OUT_FIELDS;

/**
 * Where Create finds opt-outs already registered: the year's state (`{ year, companyWide, workers }`), which is also
 * what it returns for them.
 */
function registeredOptOuts(owner: Owner, body: IDataObject): Registered {
	return {
		resource: 'optOut',
		label: optOut.resourceLabel,
		readPeriod: async (sender, year) => [await readYear(sender, owner.enterpriseNumber!, year)],
		created: (answer) => createdOptOut(answer, owner.enterpriseNumber!, body),
		entries: (state) => [
			...(state.companyWide ? [{ keyed: onTheWire({ year: state.year as number }), record: state }] : []),
			...((state.workers ?? []) as string[]).map((ssin) => ({ keyed: onTheWire({ year: state.year as number, ssin }), record: state as IDataObject })),
		],
	};
}

/**
 * Version 3: the year and the worker from 'Columns' (the item's columns, or one value each). 'Applies To' stays: for
 * one worker the NISS is required; for all workers a NISS is refused rather than ignored (a company-wide opt-out
 * meant for one worker would be hard to undo).
 */
function readMappedOptOut(context: IExecuteSingleFunctions): MappedRecord {
	const mapped = readColumns(context, OPT_OUT_FIELDS, { owner: ENTERPRISE_NUMBER });
	const forWorker = context.getNodeParameter('optOutScope', 'company') === 'worker';
	const ssin = mapped.record[SSIN.name];
	if (forWorker === (ssin === undefined)) {
		throw inputError(context.getNode(), context.getItemIndex(), [
			{
				field: SSIN.name,
				label: SSIN.label,
				message: forWorker
					? "is required when 'Applies To' is 'One Worker' but the item gives none"
					: `holds ${String(ssin)}, but 'Applies To' is 'All Workers': choose 'One Worker' to opt out for this worker only, or leave it empty for the whole company`,
			},
		]);
	}
	return { ...mapped, record: { year: mapped.record[YEAR.name], ...(ssin === undefined ? {} : { ssin }) } };
}
