/**
 * The gathered property list (shared/gather.ts), read as n8n's editor reads it (`NodeHelpers.displayParameter`): each
 * form shows what its operations declared, each declared property is one property of the node where n8n's display
 * rules allow it, and an operation added to a resource is one more entry in its list.
 */
import { NodeHelpers, type INode, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { RESOURCES } from '../../../../nodes/CareerProFla/resources';
import { gatherProperties, type Operation, type Resource } from '../../../../nodes/CareerProFla/shared/gather';
import { enterpriseNumberProperty, trainingIdProperty } from '../../../../nodes/CareerProFla/shared/properties';

const node = { typeVersion: 1 } as INode;
const text = (name: string, more: Partial<INodeProperties> = {}): INodeProperties => ({ displayName: name, name, type: 'string', default: '', ...more });
const operation = (value: string, properties: INodeProperties[]): Operation => ({ option: { name: value, value }, properties });
const resource = (value: string, operations: Operation[]): Resource => ({ option: { name: value, value }, operations, defaultOperation: String(operations[0].option.value) });

/** What a form of the gathered list shows: the names of its properties, and a collection's fields. */
function form(properties: INodeProperties[], values: INodeParameters): string[] {
	const type = { properties } as INodeTypeDescription;
	return properties
		.filter((p) => p.name !== 'resource' && p.name !== 'operation' && NodeHelpers.displayParameter(values, p, node, type))
		.map((p) => {
			if (p.type !== 'collection') return p.name;
			const fields = (p.options as INodeProperties[]).filter((o) => NodeHelpers.displayParameter({}, o, node, type, values));
			return `${p.name}(${fields.map((f) => f.name).join(',')})`;
		});
}
const named = (properties: INodeProperties[], name: string) => properties.filter((p) => p.name === name);

describe('Gathering the forms into the node', () => {
	it('shows a property asked by every operation of some resources for those resources, as one property', () => {
		const properties = gatherProperties(
			[
				resource('a', [operation('get', [text('owner')]), operation('list', [text('owner'), text('limit')])]),
				resource('b', [operation('get', [text('owner')])]),
				resource('c', [operation('get', [text('other')])]),
			],
			'a',
		);
		expect(named(properties, 'owner')).toHaveLength(1);
		expect(named(properties, 'owner')[0].displayOptions).toEqual({ show: { resource: ['a', 'b'] } });
		expect(named(properties, 'limit')[0].displayOptions).toEqual({ show: { resource: ['a'], operation: ['list'] } });
		expect(form(properties, { resource: 'a', operation: 'list' })).toEqual(['owner', 'limit']);
		expect(form(properties, { resource: 'c', operation: 'get' })).toEqual(['other']);
	});

	it('splits a property whose forms no single rule shows, and never shows it in a form that did not ask it', () => {
		// Asked by a > get and b > list: "a or b, get or list" would show it in a > list and b > get too.
		const properties = gatherProperties(
			[
				resource('a', [operation('get', [text('id')]), operation('list', [])]),
				resource('b', [operation('get', []), operation('list', [text('id')])]),
			],
			'a',
		);
		expect(named(properties, 'id').map((p) => p.displayOptions?.show)).toEqual([
			{ resource: ['a'], operation: ['get'] },
			{ resource: ['b'], operation: ['list'] },
		]);
		expect([['a', 'get'], ['a', 'list'], ['b', 'get'], ['b', 'list']].map(([r, o]) => form(properties, { resource: r, operation: o }))).toEqual([['id'], [], [], ['id']]);
	});

	it('keeps apart properties of one name declared differently, and keeps their own rules', () => {
		const versioned = text('year', { displayOptions: { show: { '@version': [1] } } });
		const properties = gatherProperties([resource('a', [operation('create', [versioned]), operation('get', [text('year')])])], 'a');
		expect(named(properties, 'year').map((p) => p.displayOptions?.show)).toEqual([
			{ resource: ['a'], operation: ['create'], '@version': [1] },
			{ resource: ['a'], operation: ['get'] },
		]);
	});

	it('makes one collection of the collections of one name, each field shown where it was asked', () => {
		const collection = (...fields: INodeProperties[]): INodeProperties => ({ displayName: 'More', name: 'more', type: 'collection', default: {}, options: fields });
		const properties = gatherProperties(
			[
				resource('a', [operation('create', [collection(text('title'), text('note'))])]),
				resource('b', [operation('create', [collection(text('note'), text('unit'))])]),
				// A field of the same name declared otherwise: its collection stays apart.
				resource('c', [operation('create', [collection(text('note', { description: 'other' }))])]),
			],
			'a',
		);
		expect(named(properties, 'more')).toHaveLength(2);
		expect(form(properties, { resource: 'a', operation: 'create' })).toEqual(['more(note,title)']);
		expect(form(properties, { resource: 'b', operation: 'create' })).toEqual(['more(note,unit)']);
		expect(form(properties, { resource: 'c', operation: 'create' })).toEqual(['more(note)']);
	});

	it("keeps every form's order, and refuses two forms that ask opposite orders, naming the properties", () => {
		const properties = gatherProperties(
			[resource('a', [operation('one', [text('x'), text('z')]), operation('two', [text('y'), text('z'), text('w')])]), resource('b', [operation('one', [text('x'), text('w')])])],
			'a',
		);
		expect(form(properties, { resource: 'a', operation: 'two' })).toEqual(['y', 'z', 'w']);
		expect(form(properties, { resource: 'b', operation: 'one' })).toEqual(['x', 'w']);
		expect(() => gatherProperties([resource('a', [operation('one', [text('x'), text('y')]), operation('two', [text('y'), text('x')])])], 'a')).toThrow(
			'Two forms show these properties in opposite orders: x, y',
		);
	});

	it("adds an operation with one file's declaration and one line in its resource's list, and no property more", () => {
		const cancel = operation('cancel', [enterpriseNumberProperty, trainingIdProperty]);
		const withCancel = RESOURCES.map((r) => (r.option.value === 'training' ? { ...r, operations: [...r.operations, cancel] } : r));
		const before = gatherProperties(RESOURCES, 'training');
		const after = gatherProperties(withCancel, 'training');
		expect(after).toHaveLength(before.length);
		expect(form(after, { resource: 'training', operation: 'cancel' })).toEqual(['enterpriseNumber', 'trainingId']);
		const selector = after.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'training');
		expect((selector?.options ?? []).map((o) => (o as { value: string }).value)).toContain('cancel');
		// The other forms are as they were.
		for (const r of RESOURCES) {
			for (const o of r.operations) {
				const values = { resource: r.option.value, operation: o.option.value, returnAll: false };
				expect({ values, form: form(after, values) }).toEqual({ values, form: form(before, values) });
			}
		}
	});
});
