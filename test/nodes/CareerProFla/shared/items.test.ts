/**
 * The operations that map a record run themselves (shared/items.ts), in the real engine against the sandbox: n8n's
 * declarative engine is not used for them, and what it does around a request is still done, n8n's Settings tab
 * included (Timeout, Proxy; Batching in transport.test.ts).
 */
import { RoutingNode } from 'n8n-core';

import { requestCount } from '../../../support/sandboxStats';
import { mappedTrainingCreate, spreadsheetRow } from '../../../support/spreadsheet';
import { startWorld, type World } from '../../../support/world';

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

describe('Operations that map a record', () => {
	it("run without n8n's declarative engine; the other operations run through it", async () => {
		const proto = RoutingNode.prototype as unknown as { runNode: (...args: unknown[]) => unknown };
		const runNode = proto.runNode;
		let routed = 0;
		proto.runNode = function (this: unknown, ...args: unknown[]) {
			routed++;
			return runNode.apply(this, args);
		};
		try {
			const created = await world.run(world.employer, mappedTrainingCreate(), [spreadsheetRow(), spreadsheetRow({ title: 'Second' })]);
			expect(created.error).toBeUndefined();
			expect(created.items.map((item) => item.json.title)).toEqual(['Forklift safety', 'Second']);
			expect(routed).toBe(0);
			const got = await world.run(world.employer, { resource: 'training', operation: 'get', enterpriseNumber: '0202239951', trainingId: created.items[0].json.trainingId });
			expect(got.items[0].json.trainingId).toBe(created.items[0].json.trainingId);
			expect(routed).toBe(1);
		} finally {
			proto.runNode = runNode;
		}
	});

	it("apply the Settings tab's Timeout: a create whose answer is late fails, saying it may have been registered", async () => {
		world.sandbox.setKnobs({ latencyMs: 2_000 });
		const started = Date.now();
		try {
			const { items, error } = await world.run(
				world.employer,
				{ ...mappedTrainingCreate(), ifAlreadyRegistered: 'create', requestOptions: { timeout: 300 } },
				[spreadsheetRow({ title: 'Late answer' })],
				{ continueOnFail: true },
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ mayHaveBeenProcessed: true });
			expect(String(items[0].json.error)).toMatch(/\[item 1\]$/);
		} finally {
			world.sandbox.setKnobs({ latencyMs: 0 });
		}
		expect(Date.now() - started).toBeLessThan(1_900);
	});

	it("refuse every item, naming it, when the Settings tab's Proxy is not a proxy; nothing is sent", async () => {
		const before = requestCount(world.sandbox, 'POST');
		const parameters = { ...mappedTrainingCreate(), requestOptions: { proxy: 'http://proxy.example' } };
		const { items } = await world.run(world.employer, parameters, [spreadsheetRow(), spreadsheetRow()], { continueOnFail: true });
		expect(items.map((item) => [item.error?.message, item.error?.description, item.error?.context.itemIndex])).toEqual([
			['The proxy is not valid', 'The proxy URL does not contain a valid value for "port"', 0],
			['The proxy is not valid', 'The proxy URL does not contain a valid value for "port"', 1],
		]);
		const { error } = await world.run(world.employer, parameters, [spreadsheetRow()]);
		expect(error?.message).toBe('The proxy is not valid');
		expect(requestCount(world.sandbox, 'POST') - before).toBe(0);
	});
});
