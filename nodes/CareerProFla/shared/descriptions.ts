/**
 * The node's parameters, built from the field specs of the API contract so that a field has one name, one label
 * and one set of allowed values everywhere. Values pasted from spreadsheets are accepted as text and normalised
 * by the validators before anything is sent.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { FieldSpec } from './contract';

/** Help texts of the fields, by wire name. */
const HINTS: Record<string, string> = {
	ssin: 'The national register number (NISS/INSZ) or BIS number, 11 digits; dots, dashes and spaces are allowed',
	title: 'The name of the training as the worker would recognise it',
	trainingType: 'Formal: organised by or for the employer with a trainer. Informal: learning on the job.',
	startDate: 'First day of the training: YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY',
	endDate: 'Last day of the training: YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY',
	durationHours: 'Length of the training in hours, as 7.5, 7,5 or 7:30',
	description: 'What the training covered',
	status: 'Whether the worker completed it, did not follow it, is registered for it, or it proved unsuitable',
	certificateObtained: 'Whether the worker obtained a certificate',
	certificateValidUntil: 'Last day the certificate is valid',
	countsTowardsTrainingRight: 'Whether the training counts towards the individual training right',
	nature: 'The nature of the training (e.g. technical, language, safety)',
	result: 'The result of the training (e.g. passed, attended)',
	financing: 'Who financed the training (e.g. employer, sector fund, region)',
	providerName: 'The organisation that gave the training',
	providerEnterpriseNumber: "The training provider's enterprise number (KBO/BCE)",
	year: 'The calendar year, as 2025',
	rightType: 'Individual right (law of 3 October 2022) or sectoral right (collective agreement)',
	unit: 'Whether the amount is in days or in hours',
	amount: 'Number of days or hours of training right, as 5 or 2,5',
	jointCommittee: 'Joint committee (PC/CP) number, as 200, 302.01 or 140.03.01',
	collectiveAgreementNumber: 'Registration number of the collective agreement (CAO/CCT) the right rests on',
	employerEnterpriseNumber: "The participant's employer enterprise number (KBO/BCE), if known",
};

const PLACEHOLDERS: Partial<Record<FieldSpec['kind'], string>> = {
	ssin: '85.07.30-033.28',
	enterpriseNumber: 'BE 0202.239.951',
	date: '2026-03-15',
	hours: '7.5',
	amount: '5',
	year: '2025',
	jointCommittee: '200',
};

/** `notFollowed` -> `Not Followed` */
export const titleCase = (value: string) =>
	value.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

function enumOptions(values: readonly string[]): INodePropertyOptions[] {
	return values
		.map((value) => ({ name: titleCase(value), value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** An n8n parameter for one field. `required` shows it as a mandatory top-level parameter. */
export function fieldProperty(spec: FieldSpec, required = false, name = spec.name): INodeProperties {
	const base = {
		displayName: spec.label,
		name,
		description: HINTS[spec.name],
		required,
	};
	switch (spec.kind) {
		case 'enum': {
			const options = enumOptions(spec.values ?? []);
			return { ...base, type: 'options', options, default: required ? options[0].value : '' };
		}
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		default:
			return {
				...base,
				type: 'string',
				default: '',
				placeholder: PLACEHOLDERS[spec.kind],
				...((spec.maxLength ?? 0) > 200 ? { typeOptions: { rows: 3 } } : {}),
			};
	}
}

/** The fields of `specs` named in `names`, in that order. */
export function pick(specs: readonly FieldSpec[], names: readonly string[]): FieldSpec[] {
	return names.map((name) => {
		const spec = specs.find((s) => s.name === name);
		if (!spec) throw new Error(`No field ${name} in the contract`);
		return spec;
	});
}

/** Optional fields in one collection, sorted as n8n's guidelines ask. */
export function fieldCollection(
	name: 'additionalFields' | 'updateFields' | 'filters',
	specs: readonly FieldSpec[],
): INodeProperties {
	const displayName = { additionalFields: 'Additional Fields', updateFields: 'Update Fields', filters: 'Filters' }[name];
	return {
		displayName,
		name,
		type: 'collection',
		placeholder: name === 'filters' ? 'Add Filter' : 'Add Field',
		default: {},
		options: specs.map((spec) => fieldProperty(spec)).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const enterpriseNumberProperty: INodeProperties = {
	displayName: 'Enterprise Number',
	name: 'enterpriseNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'BE 0202.239.951',
	description:
		"The employer's enterprise number (KBO/BCE). A social secretariat or service provider sends its client's number.",
};

export function idProperty(name: string, displayName: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		description: `The identifier the gateway gave when the record was created (field '${name}')`,
	};
}

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const listOutputProperty: INodeProperties = {
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
};
