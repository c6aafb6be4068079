import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { employerOf, type Owner } from '../../shared/employer';
import { readRegistration, type Registered } from '../../shared/existing';
import { readYear } from '../../shared/optOutYear';
import { fillRequest } from '../../shared/requests';
import type { ItemSender } from '../../shared/runState';
import { route } from '../../shared/transport';
import { createdOptOut, onTheWire, optOut, readOptOut } from './appliesTo';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Create an opt-out of the automatic calculation of training rights for a year',
	description: 'Opt out of the automatic calculation of training rights for a year',
	routing: route(
		'POST',
		async function (options) {
			const owner = await employerOf(this);
			const body = onTheWire(readOptOut(this));
			const registered = readRegistration(this, registeredOptOuts(owner, body), owner, body);
			// Without a look-up, the create is sent as a work all the same, so that an answer without a body is described.
			const work = registered.work ?? (async (sender: ItemSender) => [createdOptOut(await sender.send(sender.options), owner.enterpriseNumber, body)]);
			return fillRequest(options, { url: PATHS.optOuts(owner.enterpriseNumber), body }, { ...owner, work });
		},
		optOut,
	),
};

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
