/**
 * The node's description as the editor reads it: every form (each resource, operation and choice that shows or hides
 * fields) shows each parameter once, every field of the API contract where it belongs, and no property that no form
 * shows.
 */
import { NodeHelpers, type INode, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { CareerProFla } from '../../../nodes/CareerProFla/CareerProFla.node';
import { RESOURCES } from '../../../nodes/CareerProFla/resources';
import {
	PROVIDER_TRAINING_FIELDS,
	TRAINING_FIELDS,
	TRAINING_RIGHT_FIELDS,
	type FieldSpec,
} from '../../../nodes/CareerProFla/shared/contract';

const description = new CareerProFla().description;
const node = { typeVersion: 1 } as INode;
/** The node's versions: a property may show in one of them only. */
const versions = (Array.isArray(description.version) ? description.version : [description.version]).map((typeVersion) => ({ typeVersion }) as INode);
const fields = description.properties.filter((p) => p.name !== 'resource' && p.name !== 'requestOptions' && p.name !== 'options');

/** Every choice that changes which fields are shown, for every operation of every resource. */
function forms(): INodeParameters[] {
	const result: INodeParameters[] = [];
	for (const selector of description.properties.filter((p) => p.name === 'operation')) {
		const [resource] = selector.displayOptions!.show!.resource as string[];
		for (const { value: operation } of selector.options as Array<{ value: string }>) {
			for (const optOutScope of ['company', 'worker']) {
				for (const participantsInput of ['fields', 'json']) {
					for (const returnAll of [true, false]) result.push({ resource, operation, optOutScope, participantsInput, returnAll });
				}
			}
		}
	}
	return result;
}

/** The properties a form shows, in order, as the editor lists them. */
function shown(parameters: INodeParameters, version = node): INodeProperties[] {
	const type = { properties: description.properties } as INodeTypeDescription;
	return fields.filter((p) => NodeHelpers.displayParameter(parameters, p, version, type));
}

const form = (resource: string, operation: string, more: INodeParameters = {}) =>
	shown({ resource, operation, optOutScope: 'company', participantsInput: 'fields', returnAll: false, ...more });
const names = (properties: INodeProperties[]) => properties.map((p) => p.name);
/** The fields a collection offers in a form (a field may show for some resources only: `'/resource'`). */
const optionNames = (property: INodeProperties | undefined, form: INodeParameters = {}) =>
	((property?.options ?? []) as INodeProperties[])
		.filter((o) => NodeHelpers.displayParameter({}, o, node, { properties: description.properties } as INodeTypeDescription, form))
		.map((o) => o.name)
		.sort();
const parameters = (specs: readonly FieldSpec[]) => specs.map((s) => s.parameter).sort();

describe('The node description', () => {
	it('shows one Operation selector in each form, and each parameter at most once', () => {
		const all = forms();
		expect(all.length).toBeGreaterThan(100);
		for (const parameters of all) {
			const list = names(shown(parameters));
			expect({ parameters, duplicates: list.filter((n, i) => list.indexOf(n) !== i) }).toEqual({ parameters, duplicates: [] });
			expect(list.filter((n) => n === 'operation')).toHaveLength(1);
		}
	});

	it("shows in each form what its operation's file declares, in that order (shared/gather.ts)", () => {
		const type = { properties: description.properties } as INodeTypeDescription;
		/** A property as its operation declared it: without the rules that say where it shows (the gatherer's). */
		const declared = (p: INodeProperties, values: INodeParameters): unknown => {
			const { displayOptions, ...rest } = p;
			const own = Object.fromEntries(Object.entries(displayOptions?.show ?? {}).filter(([key]) => !['resource', 'operation', '/resource', '/operation'].includes(key)));
			const kept = Object.keys(own).length ? { ...rest, displayOptions: { show: own } } : rest;
			if (p.type !== 'collection') return kept;
			const fields = (p.options as INodeProperties[]).filter((o) => NodeHelpers.displayParameter({}, o, node, type, values));
			return { ...kept, options: fields.map((field) => declared(field, values)) };
		};
		let checked = 0;
		for (const version of versions) {
			for (const resource of RESOURCES) {
				for (const operation of resource.operations) {
					for (const choice of forms().filter((f) => f.resource === resource.option.value && f.operation === operation.option.value)) {
						const ownRules = { properties: operation.properties ?? [] } as INodeTypeDescription;
						const asked = (operation.properties ?? []).filter((p) => NodeHelpers.displayParameter(choice, p, version, ownRules));
						const gathered = shown(choice, version).filter((p) => p.name !== 'operation');
						const where = { version: version.typeVersion, ...choice };
						expect({ where, form: gathered.map((p) => declared(p, choice)) }).toEqual({ where, form: asked.map((p) => declared(p, choice)) });
						checked++;
					}
				}
			}
		}
		expect(checked).toBe(forms().length * versions.length);
	});

	it('is one property per parameter name, but where the forms declare a name differently or no display rule can join them', () => {
		const count = new Map<string, number>();
		for (const p of description.properties) count.set(p.name, (count.get(p.name) ?? 0) + 1);
		// Six Operation selectors; the year and an opt-out's worker NISS of versions 1 and 2's Create (replaced by
		// Columns in version 3) and of the other forms; If Already Registered of version 1 and of later versions;
		// Fields to Clear of three records (its choices cannot be shown per record); the Filters of provider trainings,
		// whose NISS filter is the participant's.
		expect(Object.fromEntries([...count].filter(([, n]) => n > 1))).toEqual({ operation: 6, year: 2, optOutSsin: 2, ifAlreadyRegistered: 2, clearFields: 3, filters: 2 });
	});

	it('declares no property that no form shows', () => {
		const seen = new Set(forms().flatMap((parameters) => versions.flatMap((version) => shown(parameters, version))));
		expect(fields.filter((p) => !seen.has(p)).map((p) => p.name)).toEqual([]);
	});

	it.each([
		['training', TRAINING_FIELDS],
		['trainingRight', TRAINING_RIGHT_FIELDS],
		['providerTraining', PROVIDER_TRAINING_FIELDS],
	] as const)('asks every field of a %s on Create (the required ones on top) and offers each on Update', (resource, specs) => {
		const create = form(resource, 'create');
		const top = create.filter((p) => p.required && specs.some((s) => s.parameter === p.name));
		expect(names(top).sort()).toEqual(parameters(specs.filter((s) => s.required)));
		const additional = create.find((p) => p.name === 'additionalFields');
		expect(optionNames(additional, { resource, operation: 'create' })).toEqual(parameters(specs.filter((s) => !s.required)));
		expect(optionNames(form(resource, 'update').find((p) => p.name === 'updateFields'), { resource, operation: 'update' })).toEqual(parameters(specs));
	});

	it('declares Additional Fields once for the three records (n8n evaluates each property per item), below the required fields', () => {
		expect(description.properties.filter((p) => p.name === 'additionalFields')).toHaveLength(1);
		for (const version of versions.filter((v) => v.typeVersion < 3)) {
			for (const resource of ['training', 'trainingRight', 'providerTraining']) {
				const list = names(shown({ resource, operation: 'create', participantsInput: 'fields' }, version));
				const after = list.slice(list.indexOf('additionalFields'));
				expect({ resource, version: version.typeVersion, required: after.filter((name) => ['year', 'rightType', 'unit', 'amount', 'title', 'ssin', 'participants'].includes(name)) }).toEqual({
					resource,
					version: version.typeVersion,
					required: [],
				});
			}
		}
	});

	it('takes labels and hints from the contract', () => {
		const create = form('training', 'create');
		for (const spec of TRAINING_FIELDS.filter((s) => s.required)) {
			const property = create.find((p) => p.name === spec.parameter);
			expect({ displayName: property?.displayName, description: property?.description }).toEqual({
				displayName: spec.label,
				description: spec.hint,
			});
		}
	});

	it('asks the employer in every form of an employer resource, and never of a training provider', () => {
		for (const parameters of forms()) {
			const asked = names(shown(parameters)).includes('enterpriseNumber');
			expect({ parameters, asked }).toEqual({ parameters, asked: parameters.resource !== 'providerTraining' });
		}
	});
});
