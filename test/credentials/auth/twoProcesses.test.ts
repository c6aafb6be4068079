/**
 * Token healing across n8n processes (queue mode: a main process and workers sharing one database). Two engines,
 * each with its own copy of the package (so its own token cache, as each worker process has), share one credential
 * store, as n8n's database is shared. After the gateway revokes every token (the sandbox's POST /tokens/expire),
 * n8n hands each worker, after a 401, the token stored in the database, which the other worker may have written.
 * No execution may fail because of that, and each worker may ask for at most one new token.
 */
import type { ICredentialType } from 'n8n-workflow';

import { Engine, NODE_TYPE, PackageTypes } from '../../support/engine';
import { loadedNode } from '../../support/loader';
import { WORKERS, startWorld, type World } from '../../support/world';

/** A fresh copy of the credential module and everything it imports: its own process-wide token cache. */
function credentialOfAnotherProcess(): ICredentialType {
	let type: ICredentialType | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require('../../../credentials/CareerProFlaApi.credentials') as typeof import('../../../credentials/CareerProFlaApi.credentials');
		type = new module.CareerProFlaApi();
	});
	return type!;
}

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const create = {
	resource: 'training',
	operation: 'create',
	enterpriseNumber: '0202239951',
	ssin: WORKERS[4],
	title: '={{ $json.title }}',
	trainingType: 'formal',
	startDate: '2026-07-01',
	endDate: '2026-07-01',
	durationHours: '1',
	additionalFields: {},
};

describe('Two n8n processes sharing one stored credential', () => {
	it('after the gateway revokes every token, no item fails and each process asks for at most one new token', async () => {
		const workerA = new Engine(new PackageTypes({ [NODE_TYPE]: loadedNode() }, [credentialOfAnotherProcess()]));
		const workerB = new Engine(new PackageTypes({ [NODE_TYPE]: loadedNode() }, [credentialOfAnotherProcess()]), workerA.credentials.store);
		const stored = world.engine.credentials.stored(world.employer.credentialId)!;
		const credentialId = workerA.saveCredential({ ...stored, accessToken: '' });
		const run = (worker: Engine, label: string, count: number) =>
			worker.runNode(
				{ parameters: create, credentialId, continueOnFail: true },
				Array.from({ length: count }, (_, n) => ({ title: `${label} ${n}` })),
			);
		const failures = (items: Array<{ json: Record<string, unknown> }>) => items.filter((item) => item.json.error !== undefined);

		world.sandbox.reset({ stats: true });
		world.sandbox.setKnobs({ latencyMs: 5 });
		// Both start with no stored token: each fetches its own, and the database keeps the last one written.
		const [a0, b0] = await Promise.all([run(workerA, 'start A', 5), run(workerB, 'start B', 5)]);
		expect([...failures(a0.items), ...failures(b0.items)]).toEqual([]);
		expect(world.sandbox.stats().tokenRequests).toBe(2);

		for (let round = 1; round <= 3; round++) {
			const expired = await fetch(`${world.sandbox.adminUrl}/tokens/expire`, { method: 'POST' });
			expect(expired.status).toBe(200);
			const before = world.sandbox.stats().tokenRequests;
			const [a, b] = await Promise.all([run(workerA, `round ${round} A`, 30), run(workerB, `round ${round} B`, 30)]);
			const newTokens = world.sandbox.stats().tokenRequests - before;
			console.log(`revocation ${round}: ${failures(a.items).length + failures(b.items).length} failed items of 60, ${newTokens} new token request(s) for 2 processes`);
			expect([...failures(a.items), ...failures(b.items)].map((item) => item.json.error)).toEqual([]);
			expect(a.items.filter((item) => typeof item.json.trainingId === 'string')).toHaveLength(30);
			expect(b.items.filter((item) => typeof item.json.trainingId === 'string')).toHaveLength(30);
			expect(newTokens).toBeLessThanOrEqual(2);
		}
		world.sandbox.setKnobs({ latencyMs: 0 });
	}, 120_000);
});
