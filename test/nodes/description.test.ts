/**
 * The node's description after `mergeAlike`: every form of the editor (each resource, operation and choice that
 * shows or hides fields) shows the same fields in the same order as the resources' own descriptions, with far
 * fewer properties for n8n to evaluate per item.
 */
import { NodeHelpers, type INode, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { CareerProFla } from '../../nodes/CareerProFla/CareerProFla.node';
import { optOutDescription } from '../../nodes/CareerProFla/resources/optOut';
import { providerTrainingDescription } from '../../nodes/CareerProFla/resources/providerTraining';
import { trainingDescription } from '../../nodes/CareerProFla/resources/training';
import { trainingCreditDescription } from '../../nodes/CareerProFla/resources/trainingCredit';
import { trainingRightDescription } from '../../nodes/CareerProFla/resources/trainingRight';
import { mergeAlike } from '../../nodes/CareerProFla/shared/alike';

const description = new CareerProFla().description;
const separate = [
	...trainingDescription,
	...providerTrainingDescription,
	...trainingRightDescription,
	...trainingCreditDescription,
	...optOutDescription,
];
const node = { typeVersion: 1 } as INode;

/** Every choice that changes which fields are shown, for every operation of every resource. */
function forms(): INodeParameters[] {
	const result: INodeParameters[] = [];
	for (const selector of separate.filter((p) => p.name === 'operation')) {
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

/** The fields a form shows, in order, as the editor lists them. */
function shown(properties: INodeProperties[], parameters: INodeParameters): string[] {
	const type = { properties } as INodeTypeDescription;
	return properties
		.filter((p) => p.name !== 'resource' && p.name !== 'requestOptions')
		.filter((p) => NodeHelpers.displayParameter(parameters, p, node, type))
		.map((p) => JSON.stringify({ ...p, displayOptions: undefined }));
}

describe('The node description', () => {
	const merged = description.properties.filter((p) => p.name !== 'resource' && p.name !== 'requestOptions');

	it('shows each form exactly as the resources describe it', () => {
		const all = forms();
		expect(all.length).toBe(20 * 8);
		for (const parameters of all) {
			expect({ parameters, fields: shown(merged, parameters) }).toEqual({ parameters, fields: shown(separate, parameters) });
		}
	});

	it('declares far fewer properties, one Enterprise Number and one Training ID among them', () => {
		const count = (name: string) => merged.filter((p) => p.name === name).length;
		expect(separate.length).toBe(81); // 78, and one Fields to Clear for each of the three stored resources
		expect(merged.length).toBeLessThanOrEqual(42); // 41 before Fields to Clear
		expect([count('enterpriseNumber'), count('trainingId'), count('title')]).toEqual([1, 1, 1]);
	});

	it('leaves alone properties that differ in anything but where they are shown', () => {
		const a: INodeProperties = { displayName: 'A', name: 'a', type: 'string', default: '', displayOptions: { show: { resource: ['x'], operation: ['one'] } } };
		const b: INodeProperties = { ...a, description: 'not the same', displayOptions: { show: { resource: ['x'], operation: ['two'] } } };
		const selector: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			options: [{ name: 'One', value: 'one' }, { name: 'Two', value: 'two' }],
			default: 'one',
			displayOptions: { show: { resource: ['x'] } },
		};
		expect(mergeAlike([selector, a, b])).toEqual([selector, a, b]);
		const same = { ...b, description: undefined };
		expect(mergeAlike([selector, a, same])).toEqual([selector, { ...a, displayOptions: { show: { resource: ['x'] } } }]);
	});
});
