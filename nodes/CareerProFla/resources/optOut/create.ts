import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { PATHS } from '../../shared/contract';
import { employerOf, type Owner } from '../../shared/employer';
import { readRegistration, type Registered } from '../../shared/existing';
import { fillRequest } from '../../shared/requests';
import { route } from '../../shared/transport';
import { onTheWire, optOut, readOptOut } from './appliesTo';

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
			const registered = readRegistration(this, registeredOptOuts(owner), owner, body);
			return fillRequest(options, { url: PATHS.optOuts(owner.enterpriseNumber), body }, { ...owner, ...registered });
		},
		optOut,
	),
};

/**
 * Where Create finds opt-outs already registered: the year's state (`{ year, companyWide, workers }`), which is also
 * what it returns for them.
 */
function registeredOptOuts(owner: Owner): Registered {
	return {
		resource: 'optOut',
		label: optOut.resourceLabel,
		listing: (year) => ({ url: PATHS.optOut(owner.enterpriseNumber!, year), single: true }),
		entries: (state) => [
			...(state.companyWide ? [{ keyed: onTheWire({ year: state.year as number }), record: state }] : []),
			...((state.workers ?? []) as string[]).map((ssin) => ({ keyed: onTheWire({ year: state.year as number, ssin }), record: state as IDataObject })),
		],
	};
}
