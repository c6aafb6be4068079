/**
 * Create with 'If Already Registered', in the n8n engine against the sandbox: a sheet run twice registers each row
 * once, whatever the gateway does with a duplicate create; the node reads each period's listing once per run
 * instead of looking up each row.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';

import { PATHS } from '../../../../nodes/CareerProFla/shared/contract';
import { periodsInUse } from '../../../../nodes/CareerProFla/shared/existing';
import { DEFAULT_KNOBS } from '../../../sandbox/server';
import { Engine, NODE_TYPE, PackageTypes } from '../../../support/engine';
import type { ChildRun } from '../../../support/engineChild';
import { loadedNode } from '../../../support/loader';
import { mark, requestCount } from '../../../support/sandboxStats';
import { mappedTrainingCreate } from '../../../support/spreadsheet';
import { ENTERPRISES, json, startWorld, WORKERS, type Client, type World } from '../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

const ROWS = 200;

const createTraining = (ifAlreadyRegistered?: string) =>
	mappedTrainingCreate({
		enterpriseNumber: ENTERPRISES.employer,
		trainingType: 'formal',
		endDate: '={{ $json.start }}',
		...(ifAlreadyRegistered ? { ifAlreadyRegistered } : {}),
	});

const rows = (hours = (i: number) => String((i % 8) + 1)) =>
	Array.from({ length: ROWS }, (_, i) => ({
		ssin: WORKERS[i % WORKERS.length],
		title: `Sheet row ${String(i).padStart(3, '0')}`,
		// Two years: two listings.
		start: i % 2 ? '2026-03-02' : '2025-11-17',
		hours: hours(i),
	}));

/** Runs the node of version 2 (or `version`) with 'Continue On Fail'. */
async function run(client: Client, parameters: IDataObject, input: IDataObject[], version = 2) {
	const result = await world.engine.runNode(
		{ parameters, credentialId: client.credentialId, continueOnFail: true, typeVersion: version },
		input,
	);
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(input.length);
	result.items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
	return json(result.items);
}

const stored = () => world.sandbox.data().trainings;
const count = (values: unknown[]) => {
	const counts: Record<string, number> = {};
	for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
	return counts;
};
const timesStored = () => count(stored().map((t) => `${String(t.ssin)}|${String(t.title)}|${String(t.startDate)}`));

beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.setKnobs({ ...DEFAULT_KNOBS });
});

describe.each(['store', 'conflict'] as const)(`A sheet of ${ROWS} rows run twice, the gateway answering a duplicate create with "%s"`, (duplicateCreates) => {
	beforeEach(() => world.sandbox.setKnobs({ duplicateCreates }));

	it('Skip: the second run writes nothing, reads one listing per year, and returns every row as existing', async () => {
		const first = await run(world.employer, createTraining('skip'), rows());
		expect(count(first.map((o) => o.outcome))).toEqual({ created: ROWS });
		const created = new Map(first.map((o) => [o.title, o.trainingId]));
		world.sandbox.reset({ stats: true });

		const second = await run(world.employer, createTraining('skip'), rows());
		expect(count(second.map((o) => o.outcome))).toEqual({ existing: ROWS });
		second.forEach((o, i) => expect({ i, id: o.trainingId }).toEqual({ i, id: created.get(o.title) }));
		// Two years of 100 trainings each: one page of 100 per year, and nothing else.
		expect(requestCount(world.sandbox, 'POST')).toBe(0);
		expect(requestCount(world.sandbox, 'PATCH')).toBe(0);
		expect(requestCount(world.sandbox, 'GET')).toBe(2);
		expect(Object.values(timesStored()).every((n) => n === 1)).toBe(true);
		expect(stored()).toHaveLength(ROWS);
	});

	it('Fail: the second run refuses every row, naming the registered training; nothing is sent', async () => {
		await run(world.employer, createTraining('fail'), rows());
		world.sandbox.reset({ stats: true });
		const second = await run(world.employer, createTraining('fail'), rows());
		second.forEach((o, i) => {
			expect(String(o.error)).toMatch(new RegExp(`^Already registered: training TR-\\d+ of enterprise ${ENTERPRISES.employer} has the same 'Worker NISS/INSZ', 'Title' and 'Start Date' \\[item ${i + 1}\\]$`));
			expect(String(o.description)).toContain("set 'If Already Registered' to 'Skip'");
			expect(String(o.error)).toContain(String(o.existingId));
		});
		expect(requestCount(world.sandbox, 'POST')).toBe(0);
		expect(stored()).toHaveLength(ROWS);
	});

	it('Update: the second run patches the rows whose values changed and leaves the others', async () => {
		await run(world.employer, createTraining('update'), rows());
		world.sandbox.reset({ stats: true });
		// Every fourth row has new hours.
		const changed = rows((i) => String(i % 4 === 0 ? 9.5 : (i % 8) + 1));
		const second = await run(world.employer, createTraining('update'), changed);
		second.forEach((o, i) => expect({ i, outcome: o.outcome }).toEqual({ i, outcome: i % 4 === 0 ? 'updated' : 'unchanged' }));
		expect(requestCount(world.sandbox, 'PATCH')).toBe(ROWS / 4);
		expect(requestCount(world.sandbox, 'POST')).toBe(0);
		const patches = world.sandbox.requests().filter((r) => r.method === 'PATCH');
		expect(patches.every((r) => JSON.stringify(r.body) === '{"durationHours":9.5}')).toBe(true);
		expect(stored()).toHaveLength(ROWS);
		expect(stored().filter((t) => t.durationHours === 9.5)).toHaveLength(ROWS / 4);
	});
});

describe('What a duplicate create does without the look-up (a node of version 1, Always Create)', () => {
	it('is stored twice by a gateway that stores it twice, and refused by one that answers 409, with advice', async () => {
		const few = rows().slice(0, 6);
		await run(world.employer, createTraining(), few, 1);
		await run(world.employer, createTraining(), few, 1);
		expect(stored()).toHaveLength(12);

		world.sandbox.reset();
		world.sandbox.setKnobs({ duplicateCreates: 'conflict' });
		await run(world.employer, createTraining(), few, 1);
		const second = await run(world.employer, createTraining(), few, 1);
		expect(stored()).toHaveLength(6);
		second.forEach((o, i) => {
			expect(o.httpCode).toBe('409');
			expect(String(o.error)).toBe(`Already registered: this training of enterprise ${ENTERPRISES.employer} exists [item ${i + 1}]`);
			expect(String(o.description)).toContain("set 'If Already Registered' to 'Skip'");
		});
	});

	it('a node of version 1 starts with Always Create, one of version 2 with Skip', async () => {
		const few = rows().slice(0, 3);
		await run(world.employer, createTraining(), few, 2);
		const v2 = await run(world.employer, createTraining(), few, 2);
		expect(v2.map((o) => o.outcome)).toEqual(['existing', 'existing', 'existing']);
		const v1 = await run(world.employer, createTraining(), few, 1);
		expect(v1.map((o) => o.outcome)).toEqual([undefined, undefined, undefined]);
		expect(stored()).toHaveLength(6);
	});
});

describe('Rows that repeat each other in one run', () => {
	it.each(['store', 'conflict'] as const)('are registered once: the repeats are existing (gateway: %s)', async (duplicateCreates) => {
		world.sandbox.setKnobs({ duplicateCreates });
		const row = { ssin: WORKERS[0], title: 'First aid', start: '2026-01-12', hours: '4' };
		const input = [
			row,
			{ ...row, title: '  first   AID ' },
			{ ...row, ssin: WORKERS[1] },
			{ ...row, start: '2026-01-13' },
			{ ...row, title: 'First Aid' },
		];
		const out = await run(world.employer, createTraining('skip'), input);
		expect(out.map((o) => o.outcome)).toEqual(['created', 'existing', 'created', 'created', 'existing']);
		expect(out[1].trainingId).toBe(out[0].trainingId);
		expect(out[4].trainingId).toBe(out[0].trainingId);
		expect(stored()).toHaveLength(3);

		const failing = await run(world.employer, createTraining('fail'), [{ ...row, title: 'CPR' }, { ...row, title: 'cpr' }]);
		expect(failing[0].outcome).toBe('created');
		expect(String(failing[1].error)).toContain(`Already registered: training ${String(failing[0].trainingId)} of enterprise ${ENTERPRISES.employer} (registered by item 1 of this run)`);
	});

	it('with Update, a repeat with the same values is unchanged, and one with other values is not sent', async () => {
		const row = { ssin: WORKERS[0], title: 'Ladder safety', start: '2026-01-12', hours: '4' };
		const out = await run(world.employer, createTraining('update'), [row, { ...row, hours: '5' }, { ...row }]);
		expect(out.map((o) => o.outcome)).toEqual(['created', undefined, 'unchanged']);
		expect(String(out[1].error)).toMatch(/^Not sent: item 1 of this run registers the same training with other values/);
		expect(stored()).toHaveLength(1);
		expect(stored()[0].durationHours).toBe(4);
	});
});

describe('Answers that are lost or refused', () => {
	// Only writes to the API meet the faults: the listings are read whole and the token is issued.
	const writesOnly = { faultsOnReads: false, faultsOnTokenEndpoint: false };
	const row = { ssin: WORKERS[0], title: 'Working at height', start: '2026-02-09', hours: '4' };

	it("a repeat of a row whose create lost its answer is not sent; a re-run with Skip finds both rows' trainings", async () => {
		world.sandbox.setKnobs({ dropAfterProcessingRate: 1, ...writesOnly });
		const input = [row, { ...row, title: 'WORKING AT  HEIGHT' }, { ...row, ssin: WORKERS[1] }];
		const out = await run(world.employer, createTraining('skip'), input);
		expect(String(out[0].error)).toMatch(/\[item 1\]$/);
		expect(String(out[0].description)).toMatch(/may have been registered anyway, so the node did not send it a second time\. Running the item again with 'If Already Registered' set to 'Skip' is safe/);
		expect(String(out[1].error)).toBe('Not sent: item 1 registers the same training and its answer was lost [item 2]');
		expect(String(out[2].error)).toMatch(/\[item 3\]$/);
		// Two creates sent, both stored: the repeat was held back.
		expect(requestCount(world.sandbox, 'POST')).toBe(2);
		expect(stored()).toHaveLength(2);

		world.sandbox.setKnobs({ ...DEFAULT_KNOBS });
		const again = await run(world.employer, createTraining('skip'), input);
		expect(again.map((o) => o.outcome)).toEqual(['existing', 'existing', 'existing']);
		expect(again[1].trainingId).toBe(again[0].trainingId);
		expect(stored()).toHaveLength(2);
	});

	it('with Update, a patch whose answer was lost or that is refused fails its item only, with the reason', async () => {
		const other = { ...row, ssin: WORKERS[1] };
		await run(world.employer, createTraining('skip'), [row, other]);
		const hoursOf = (ssin: string) => stored().find((t) => t.ssin === ssin)?.durationHours;

		world.sandbox.setKnobs({ dropAfterProcessingRate: 1, ...writesOnly });
		const lost = await run(world.employer, createTraining('update'), [{ ...row, hours: '6' }, other]);
		expect(String(lost[0].error)).toMatch(/\[item 1\]$/);
		expect(String(lost[0].description)).toMatch(/^The training may have been changed anyway, so the node did not send the change a second time\. Look it up \(Get\)/);
		expect(lost[1].outcome).toBe('unchanged');
		expect(requestCount(world.sandbox, 'PATCH')).toBe(1);
		expect(hoursOf(row.ssin)).toBe(6);

		world.sandbox.reset({ stats: true });
		world.sandbox.setKnobs({ dropAfterProcessingRate: 0, unavailableRate: 1, retryAfterSeconds: 0, ...writesOnly });
		const refused = await run(world.employer, createTraining('update'), [{ ...row, hours: '7' }, other]);
		expect(refused[0].httpCode).toBe('503');
		expect(String(refused[0].error)).toMatch(/\[item 1\]$/);
		expect(refused[1].outcome).toBe('unchanged');
		expect(hoursOf(row.ssin)).toBe(6);
		expect(stored()).toHaveLength(2);
	});
});

describe('Two runs of the same rows at the same time', () => {
	it('against a gateway that answers 409: every row is stored once, every item is created or existing', async () => {
		world.sandbox.setKnobs({ duplicateCreates: 'conflict', latencyMs: 5 });
		const input = rows().slice(0, 60);
		const [a, b] = await Promise.all([
			run(world.employer, createTraining('skip'), input),
			run(world.employer, createTraining('skip'), input),
		]);
		for (const out of [a, b]) expect(out.every((o) => o.outcome === 'created' || o.outcome === 'existing')).toBe(true);
		expect(a.map((o) => o.trainingId)).toEqual(b.map((o) => o.trainingId));
		expect(stored()).toHaveLength(60);
		// In one n8n process the rows of one key take turns: no create is sent twice, so the gateway has none to refuse.
		expect(requestCount(world.sandbox, 'POST')).toBe(60);
	});
});

describe('The other resources', () => {
	it('training rights, opt-outs and provider trainings run twice are registered once', async () => {
		const right = {
			resource: 'trainingRight',
			operation: 'create',
			enterpriseNumber: ENTERPRISES.employer,
			ssin: '={{ $json.ssin }}',
			year: 2025,
			rightType: 'individual',
			unit: 'days',
			amount: '={{ $json.amount }}',
			additionalFields: {},
		};
		const rightRows = WORKERS.map((ssin) => ({ ssin, amount: '5' }));
		expect((await run(world.employer, right, rightRows)).map((o) => o.outcome)).toEqual(WORKERS.map(() => 'created'));
		expect((await run(world.employer, right, rightRows)).map((o) => o.outcome)).toEqual(WORKERS.map(() => 'existing'));
		const updated = await run(world.employer, { ...right, ifAlreadyRegistered: 'update' }, rightRows.map((r, i) => ({ ...r, amount: i ? '5' : '6' })));
		expect(updated.map((o) => o.outcome)).toEqual(['updated', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
		expect(world.sandbox.data().trainingRights.map((r) => r.amount).sort()).toEqual([5, 5, 5, 5, 6]);

		const optOut = { resource: 'optOut', operation: 'create', enterpriseNumber: ENTERPRISES.employer, year: 2025, optOutScope: '={{ $json.scope }}', optOutSsin: '={{ $json.ssin }}' };
		const optOutRows = [{ scope: 'company', ssin: '' }, { scope: 'worker', ssin: WORKERS[0] }, { scope: 'worker', ssin: WORKERS[0] }];
		expect((await run(world.employer, optOut, optOutRows)).map((o) => o.outcome)).toEqual(['created', 'created', 'existing']);
		const again = await run(world.employer, optOut, optOutRows);
		expect(again.map((o) => o.outcome)).toEqual(['existing', 'existing', 'existing']);
		expect(again[0]).toMatchObject({ year: 2025, companyWide: true, workers: [WORKERS[0]] });
		expect(world.sandbox.data().optOuts).toHaveLength(2);

		const providerTraining = {
			resource: 'providerTraining',
			operation: 'create',
			title: '={{ $json.title }}',
			trainingType: 'formal',
			startDate: '2026-04-01',
			endDate: '2026-04-02',
			durationHours: '14',
			participantsInput: 'json',
			participantsJson: '={{ JSON.stringify($json.participants) }}',
			additionalFields: {},
		};
		const sessions = [
			{ title: 'Welding', participants: [{ ssin: WORKERS[0] }, { ssin: WORKERS[1] }] },
			{ title: 'Painting', participants: [{ ssin: WORKERS[2] }] },
		];
		expect((await run(world.trainingProvider, providerTraining, sessions)).map((o) => o.outcome)).toEqual(['created', 'created']);
		const reordered = [{ ...sessions[0], participants: [...sessions[0].participants].reverse() }, { ...sessions[1], participants: [{ ssin: WORKERS[3] }] }];
		// Other participants: another session of the same course, registered beside the first.
		const patched = await run(world.trainingProvider, { ...providerTraining, ifAlreadyRegistered: 'update' }, reordered);
		expect(patched.map((o) => o.outcome)).toEqual(['unchanged', 'created']);
		expect(world.sandbox.data().providerTrainings).toHaveLength(3);
		expect(world.sandbox.data().providerTrainings[2].participants).toEqual([{ ssin: WORKERS[3] }]);
	});
});

describe('A run killed after half its writes', () => {
	it('run again with Skip stores every row exactly once', async () => {
		world.sandbox.setKnobs({ latencyMs: 20 });
		const input = rows();
		const child = fork(path.join(__dirname, '../../../support/engineChild.ts'), [], {
			execArgv: ['-r', 'ts-node/register/transpile-only'],
			// `CareerProFla.node` is the node's .ts file, not its codex file CareerProFla.node.json.
			env: { ...process.env, TS_NODE_PREFER_TS_EXTS: 'true' },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let answer: unknown;
		child.on('message', (m) => (answer = m));
		const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		const message: ChildRun = {
			credential: { ...world.engine.credentials.stored(world.employer.credentialId), accessToken: '' },
			node: { parameters: createTraining('skip'), continueOnFail: true, typeVersion: 2 },
			input,
		};
		child.send(message);
		// Killed (SIGKILL: no chance to finish anything) once the sandbox holds half the rows.
		while (stored().length < ROWS / 2) {
			if (child.exitCode !== null) throw new Error(`the run ended before it could be killed: ${JSON.stringify(answer).slice(0, 500)}`);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		child.kill('SIGKILL');
		expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
		// Writes that reached the sandbox before the kill are still being answered (20 ms each): wait until the count
		// has stayed the same for ten times that, so that what was stored is counted before the second run.
		let before = stored().length;
		for (let quiet = 0; quiet < 10; ) {
			await new Promise((resolve) => setTimeout(resolve, 20));
			const now = stored().length;
			quiet = now === before ? quiet + 1 : 0;
			before = now;
		}
		expect(before).toBeGreaterThanOrEqual(ROWS / 2);
		expect(before).toBeLessThan(ROWS);

		world.sandbox.setKnobs({ latencyMs: 0 });
		const again = await run(world.employer, createTraining('skip'), input);
		const outcomes = count(again.map((o) => o.outcome));
		expect(outcomes).toEqual({ existing: before, created: ROWS - before });
		expect(stored()).toHaveLength(ROWS);
		expect(Object.values(timesStored()).every((n) => n === 1)).toBe(true);
		expect(Object.keys(timesStored()).sort()).toEqual(input.map((r) => `${r.ssin}|${r.title}|${r.start}`).sort());
	});
});

describe('A look-up the gateway refuses', () => {
	it('fails each item with the reason, once per listing, and sends no create', async () => {
		const input = rows().slice(0, 4);
		const out = await run(world.provider, { ...createTraining('skip'), enterpriseNumber: ENTERPRISES.notAClient }, input);
		out.forEach((o, i) => {
			expect(String(o.error)).toBe(
				`Could not check whether the training is already registered: No active Federal Learning Account mandate for enterprise ${ENTERPRISES.notAClient} [item ${i + 1}]`,
			);
			expect(String(o.description)).toMatch(/^Nothing was sent for this item\. .*mandate/);
			expect(o.httpCode).toBe('403');
		});
		// Two years: one listing each, refused; no create.
		expect(requestCount(world.sandbox, 'GET')).toBe(2);
		expect(requestCount(world.sandbox, 'POST')).toBe(0);
	});

	it('that gets no token says once that nothing was sent', async () => {
		const refused = world.variant(world.employer, { clientId: 'self_service_chaman_424242_revoked' });
		const [out] = await run(refused, createTraining('skip'), rows().slice(0, 1));
		expect(String(out.error)).toMatch(/^Could not check whether the training is already registered: .* \[item 1\]$/);
		expect(String(out.description)).toMatch(/^Nothing was sent for this item\. Check the credential \(Test button\)/);
		expect(String(out.description).match(/Nothing was sent/g)).toHaveLength(1);
	});
});

describe('Identifiers that are JSON numbers', () => {
	it('Update patches the registered record whose id the gateway answers as a number', async () => {
		world.sandbox.setKnobs({ numericIds: true });
		const row = { ssin: WORKERS[0], title: 'Forklift', start: '2026-03-02', hours: '4' };
		const [created] = await run(world.employer, createTraining('skip'), [row]);
		expect(created).toMatchObject({ outcome: 'created', trainingId: 1 });
		const [updated] = await run(world.employer, createTraining('update'), [{ ...row, hours: '6' }]);
		expect(updated).toMatchObject({ outcome: 'updated', trainingId: 1, durationHours: 6 });
		expect(requestCount(world.sandbox, 'PATCH')).toBe(1);
		expect(stored()[0].durationHours).toBe(6);
		const [failed] = await run(world.employer, createTraining('fail'), [row]);
		expect(String(failed.error)).toMatch(/^Already registered: training 1 of enterprise /);
		expect(failed.existingId).toBe('1');
	});
});

describe('Two rows of one sheet with the same key and different values', () => {
	const row = { ssin: WORKERS[0], title: 'Scaffolding', start: '2026-03-09', hours: '4' };

	it('Skip: the repeat says which row registered it and which of its values were not sent', async () => {
		const out = await run(world.employer, createTraining('skip'), [row, { ...row, hours: '5' }, { ...row }]);
		expect(out.map((o) => o.outcome)).toEqual(['created', 'existing', 'existing']);
		expect(out[0].sameAsItem).toBeUndefined();
		expect(out[1]).toMatchObject({ trainingId: out[0].trainingId, durationHours: 4, sameAsItem: 1 });
		expect(out[1].differences).toEqual([{ field: 'durationHours', label: 'Duration (Hours)', item: 5, registered: 4 }]);
		expect(out[2]).toMatchObject({ sameAsItem: 1 });
		expect(out[2].differences).toBeUndefined();
		expect(stored()).toHaveLength(1);
	});

	it('Update: the repeat with other values is not sent, and the first row keeps what it reported', async () => {
		const out = await run(world.employer, createTraining('update'), [row, { ...row, hours: '5' }, { ...row }]);
		expect(out[0]).toMatchObject({ outcome: 'created', durationHours: 4 });
		expect(String(out[1].error)).toBe('Not sent: item 1 of this run registers the same training with other values [item 2]');
		expect(String(out[1].description)).toContain("'Duration (Hours)': 5 in this item, 4 in item 1");
		expect(out[2]).toMatchObject({ outcome: 'unchanged', sameAsItem: 1 });
		expect(requestCount(world.sandbox, 'PATCH')).toBe(0);
		expect(stored()).toHaveLength(1);
		expect(stored()[0].durationHours).toBe(4);
	});

	it('a registered record of an earlier run that differs is reported by Skip too', async () => {
		await run(world.employer, createTraining('skip'), [row]);
		const [again] = await run(world.employer, createTraining('skip'), [{ ...row, hours: '6' }]);
		expect(again).toMatchObject({ outcome: 'existing', durationHours: 4 });
		expect(again.sameAsItem).toBeUndefined();
		expect(again.differences).toEqual([{ field: 'durationHours', label: 'Duration (Hours)', item: 6, registered: 4 }]);
	});
});

describe('A write the gateway stored but answered with a 5xx', () => {
	const row = { ssin: WORKERS[0], title: 'Confined spaces', start: '2026-02-16', hours: '4' };

	it('counts as may have been registered: the repeat is not sent, and a re-run with Skip finds it', async () => {
		world.sandbox.setKnobs({ timeoutAfterWrites: true });
		const out = await run(world.employer, createTraining('skip'), [row, { ...row }]);
		expect(out[0]).toMatchObject({ httpCode: '504', mayHaveBeenProcessed: true });
		expect(String(out[0].description)).toMatch(/may have been registered anyway, so the node did not send it a second time/);
		expect(String(out[1].error)).toBe('Not sent: item 1 registers the same training and its answer was lost [item 2]');
		expect(requestCount(world.sandbox, 'POST')).toBe(1);
		expect(stored()).toHaveLength(1);

		world.sandbox.setKnobs({ timeoutAfterWrites: false });
		const again = await run(world.employer, createTraining('skip'), [row]);
		expect(again[0].outcome).toBe('existing');
		expect(stored()).toHaveLength(1);
	});

	it('a patch answered 504 may have been made', async () => {
		await run(world.employer, createTraining('skip'), [row]);
		world.sandbox.setKnobs({ timeoutAfterWrites: true });
		const [out] = await run(world.employer, createTraining('update'), [{ ...row, hours: '6' }]);
		expect(out).toMatchObject({ httpCode: '504', mayHaveBeenProcessed: true });
		expect(String(out.description)).toMatch(/may have been changed anyway/);
	});

	it('a refusal (4xx) does not', async () => {
		// Always Create (version 1): the create itself is refused, for want of a mandate.
		const [out] = await run(world.provider, { ...createTraining(), enterpriseNumber: ENTERPRISES.notAClient }, [row], 1);
		expect(out.httpCode).toBe('403');
		expect(out.mayHaveBeenProcessed).toBeUndefined();
		expect(requestCount(world.sandbox, 'POST')).toBe(1);
	});
});

describe('A retry through the error output, in the same execution', () => {
	it('looks the record up again instead of repeating that the answer was lost', async () => {
		// The first create is stored and its answer lost; the writes after it are answered.
		world.sandbox.setKnobs({ dropAfterProcessingRate: 1, faultsOnReads: false, faultsOnTokenEndpoint: false });
		world.sandbox.beforeApiRequest((request) => {
			if (request.method === 'POST') world.sandbox.setKnobs({ dropAfterProcessingRate: 0 });
		});
		// A first node hands the rows over (a start node's error items would lose the row's fields).
		const rowsNode: INodeType = {
			description: { displayName: 'Rows', name: 'rows', group: ['transform'], version: 1, description: '', defaults: { name: 'Rows' }, inputs: ['main'], outputs: ['main'], properties: [] } as never,
			async execute(this: IExecuteFunctions) {
				return [this.getInputData()];
			},
		};
		const engine = new Engine(new PackageTypes({ [NODE_TYPE]: loadedNode(), 'test.rows': rowsNode }), world.engine.credentials.store);
		const name = 'FLA';
		const node = {
			id: 'retry-node',
			name,
			type: NODE_TYPE,
			typeVersion: 2,
			position: [0, 0] as [number, number],
			// A third run (if any) registers another title, which is answered: the loop ends whatever the second run did.
			parameters: { ...createTraining('skip'), title: '={{ $runIndex < 2 ? $json.title : $json.title + " " + $runIndex }}' },
			onError: 'continueErrorOutput' as const,
			credentials: { careerProFlaApi: { id: world.employer.credentialId, name: 'FLA' } },
		};
		const start = { id: 'rows-node', name: 'Rows', type: 'test.rows', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const row = { ssin: WORKERS[0], title: 'Retry me', start: '2026-02-23', hours: '4' };
		try {
			const connections = {
				Rows: { main: [[{ node: name, type: 'main' as const, index: 0 }]] },
				[name]: { main: [[], [{ node: name, type: 'main' as const, index: 0 }]] },
			};
			const result = await engine.execute([start, node], connections, 'Rows', [row]);
			const runs = result.data.resultData.runData[name];
			expect(String(runs[0].data?.main?.[1]?.[0]?.json.error)).toMatch(/^The connection was lost before the gateway answered/);
			const second = runs[1].data?.main ?? [];
			expect((second[1] ?? []).map((i) => i.json.error)).toEqual([]);
			expect(second[0]?.map((i) => i.json.outcome)).toEqual(['existing']);
			expect(runs).toHaveLength(2);
			expect(stored()).toHaveLength(1);
		} finally {
			world.sandbox.beforeApiRequest(undefined);
		}
	});
});

describe('A 409 to a create', () => {
	it('that the listing read again explains (registered meanwhile by someone else) is existing', async () => {
		const row = { ssin: WORKERS[0], title: 'Registered meanwhile', start: '2026-02-02', hours: '4' };
		world.sandbox.setKnobs({ duplicateCreates: 'conflict' });
		// Before the create: another client registers the same training.
		world.sandbox.beforeApiRequest((request, store) => {
			if (request.method !== 'POST') return;
			const trainingId = store.nextId('training');
			store.trainings.set(trainingId, { enterpriseNumber: ENTERPRISES.employer, trainingId, ssin: row.ssin, title: row.title, trainingType: 'formal', startDate: row.start, endDate: row.start, durationHours: 4, createdAt: '', updatedAt: '' } as never);
		});
		try {
			const [out] = await run(world.employer, createTraining('skip'), [row]);
			expect(out).toMatchObject({ outcome: 'existing', trainingId: 'TR-000001' });
			expect(stored()).toHaveLength(1);
		} finally {
			world.sandbox.beforeApiRequest(undefined);
		}
	});
});

describe('A 409 that the listing read again does not explain', () => {
	it('does not advise Skip to an item that has Skip already', async () => {
		const row = { ssin: WORKERS[0], title: 'Hidden twin', start: '2026-02-02', hours: '4' };
		world.sandbox.setKnobs({ duplicateCreates: 'conflict' });
		let twinId: string | undefined;
		// Before the create: a twin appears (the gateway answers 409); before the next listing it is gone again.
		world.sandbox.beforeApiRequest((request, store) => {
			if (request.method === 'POST') {
				twinId = store.nextId('training');
				store.trainings.set(twinId, { enterpriseNumber: ENTERPRISES.employer, trainingId: twinId, ssin: row.ssin, title: row.title, trainingType: 'formal', startDate: row.start, endDate: row.start, durationHours: 4, createdAt: '', updatedAt: '' } as never);
			} else if (twinId) {
				store.trainings.delete(twinId);
			}
		});
		try {
			const [out] = await run(world.employer, createTraining('skip'), [row]);
			expect(out.httpCode).toBe('409');
			expect(String(out.description)).not.toContain("set 'If Already Registered' to 'Skip'");
			expect(String(out.description)).toMatch(/read the registered trainings again and did not find it/);
		} finally {
			world.sandbox.beforeApiRequest(undefined);
		}
	});
});

describe('Two executions of the same rows at the same time, against a gateway that stores duplicates', () => {
	it('register each row once (Skip): the second waits for the first', async () => {
		world.sandbox.setKnobs({ duplicateCreates: 'store', latencyMs: 5 });
		const input = rows().slice(0, 20);
		const [a, b] = await Promise.all([
			run(world.employer, createTraining('skip'), input),
			run(world.employer, createTraining('skip'), input),
		]);
		for (const out of [a, b]) expect(out.every((o) => o.outcome === 'created' || o.outcome === 'existing')).toBe(true);
		expect(a.map((o) => o.trainingId)).toEqual(b.map((o) => o.trainingId));
		expect(stored()).toHaveLength(20);
	});

	it('one webhook call per row, each its own execution, for the same training', async () => {
		world.sandbox.setKnobs({ latencyMs: 5 });
		const row = { ssin: WORKERS[0], title: 'Webhook', start: '2026-05-04', hours: '4' };
		const outs = await Promise.all(Array.from({ length: 4 }, () => run(world.employer, createTraining('skip'), [row])));
		expect(outs.map(([o]) => o.outcome).sort()).toEqual(['created', 'existing', 'existing', 'existing']);
		expect(stored()).toHaveLength(1);
		// What the executions shared is gone with them.
		expect(periodsInUse()).toBe(0);
	});
});

describe("n8n's Batching (items sent batch after batch in one node run)", () => {
	it('registers each row once and reads the year at most once per batch', async () => {
		const input = rows().filter((_, i) => i % 2).slice(0, 20);
		const batched = { ...createTraining('skip'), requestOptions: { batching: { batch: { batchSize: 5, batchInterval: 50 } } } };
		expect(count((await run(world.employer, batched, input)).map((o) => o.outcome))).toEqual({ created: 20 });
		world.sandbox.reset({ stats: true });
		expect(count((await run(world.employer, batched, input)).map((o) => o.outcome))).toEqual({ existing: 20 });
		expect(requestCount(world.sandbox, 'GET')).toBeGreaterThanOrEqual(1);
		expect(requestCount(world.sandbox, 'GET')).toBeLessThanOrEqual(4);
		expect(requestCount(world.sandbox, 'POST')).toBe(0);
		expect(stored()).toHaveLength(20);
	});
});

describe('A look-up whose listing moves while its pages are read', () => {
	it('reads the listing again (someone else registered meanwhile) instead of failing the item', async () => {
		world.sandbox.reset();
		const client = ENTERPRISES.employer;
		const year = Array.from({ length: 150 }, (_, n) => ({ ssin: WORKERS[n % WORKERS.length], title: `Moving ${n}`, start: '2024-06-03', hours: '1' }));
		expect((await run(world.employer, createTraining('create'), year)).every((item) => item.trainingId)).toBe(true);

		// Each request waits 300 ms. Once the look-up's first page is answered and its second is on its way, another
		// training of that year is registered: the total moves between the two pages.
		world.sandbox.setKnobs({ latencyMs: 300 });
		const since = mark(world.sandbox);
		const registering = run(world.employer, createTraining('skip'), [{ ssin: WORKERS[0], title: 'Arrives during the look-up', start: '2024-06-04', hours: '2' }]);
		const listPath = PATHS.trainings(client);
		for (let waited = 0; ; waited += 5) {
			const pages = world.sandbox.requests().slice(since).filter((r) => r.method === 'GET' && r.path.endsWith(listPath));
			if (pages.some((r) => r.status === 200) && pages.length === 2) break;
			if (waited > 10_000) throw new Error("the look-up's first page never came back");
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		world.sandbox.setKnobs({ latencyMs: 0 });
		await run(world.employer, createTraining('create'), [{ ssin: WORKERS[1], title: 'Registered meanwhile', start: '2024-06-05', hours: '1' }]);

		const [item] = await registering;
		expect(item.error).toBeUndefined();
		expect(item.outcome).toBe('created');
		const reads = world.sandbox.requests().slice(since).filter((r) => r.method === 'GET' && r.path.endsWith(listPath)).length;
		expect(reads).toBeGreaterThanOrEqual(4);
		expect(stored().filter((t) => t.title === 'Arrives during the look-up')).toHaveLength(1);
	});
});
