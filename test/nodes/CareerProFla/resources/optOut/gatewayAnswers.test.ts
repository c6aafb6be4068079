/**
 * Opt-outs against a gateway that answers otherwise than the sandbox's defaults (its knob `optOutAnswers`): a create
 * answered 200, or 204 without a body; a year with no opt-out answered 204, or 404. Through the n8n engine, over HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_KNOBS } from '../../../../sandbox/server';
import { requestCount } from '../../../../support/sandboxStats';
import { ENTERPRISES, json, startWorld, WORKERS, type Client, type World } from '../../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.setKnobs({ ...DEFAULT_KNOBS });
});

const employer = { enterpriseNumber: ENTERPRISES.employer };
const company = { resource: 'optOut', operation: 'create', ...employer, year: '2026', optOutScope: 'company' };
const oneWorker = { ...company, optOutScope: 'worker', optOutSsin: WORKERS[1] };
const getYear = (year: string) => ({ resource: 'optOut', operation: 'get', ...employer, year });

/** Runs the node (version 2 unless told) with 'Continue On Fail', one input item. */
async function run(parameters: IDataObject, version = 2, client: Client = world.employer) {
	const result = await world.engine.runNode({ parameters, credentialId: client.credentialId, continueOnFail: true, typeVersion: version }, [{}]);
	expect(result.error).toBeUndefined();
	return json(result.items);
}

describe('Opt-Out > Create answered without a body (204)', () => {
	beforeEach(() => world.sandbox.setKnobs({ optOutAnswers: { create: 204 } }));

	it('Always Create (version 1): the item says what was sent, marked as answered without a body', async () => {
		expect(await run(company, 1)).toEqual([{ enterpriseNumber: ENTERPRISES.employer, year: 2026, optedOut: true, answeredWithoutBody: true }]);
		expect(await run(oneWorker, 1)).toEqual([
			{ enterpriseNumber: ENTERPRISES.employer, year: 2026, ssin: WORKERS[1], optedOut: true, answeredWithoutBody: true },
		]);
		expect(world.sandbox.data().optOuts).toHaveLength(2);
	});

	it('Skip: the created item says what was sent; a second run finds it registered', async () => {
		const [created] = await run(oneWorker);
		expect(created).toEqual({
			enterpriseNumber: ENTERPRISES.employer,
			year: 2026,
			ssin: WORKERS[1],
			optedOut: true,
			answeredWithoutBody: true,
			outcome: 'created',
		});
		const [again] = await run(oneWorker);
		expect(again).toEqual({ year: 2026, companyWide: false, workers: [WORKERS[1]], outcome: 'existing' });
		expect(world.sandbox.data().optOuts).toHaveLength(1);
	});
});

describe('Opt-Out > Create answered 200 with the state', () => {
	it('returns the state as for 201, with Always Create and with Skip', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { create: 200 } });
		expect(await run(company, 1)).toEqual([{ year: 2026, companyWide: true, workers: [] }]);
		expect(await run(oneWorker)).toEqual([{ year: 2026, companyWide: true, workers: [WORKERS[1]], outcome: 'created' }]);
	});
});

describe('Opt-Out > Get of a year with no opt-out', () => {
	const none = { year: 2024, companyWide: false, workers: [], optedOut: false };

	it('answered 404: an item that says there is no opt-out for that year, not an error', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: 404 } });
		expect(await run(getYear('2024'))).toEqual([{ ...none, answeredNotFound: true }]);
	});

	it('answered 204: the same, marked as answered without a body', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: 204 } });
		expect(await run(getYear('2024'))).toEqual([{ ...none, answeredWithoutBody: true }]);
	});

	it('answered 200 with the empty state: unchanged', async () => {
		expect(await run(getYear('2024'))).toEqual([{ year: 2024, companyWide: false, workers: [] }]);
	});

	it('a year with an opt-out is read as before, whatever the knob', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: 404 } });
		world.sandbox.seed({ optOuts: [{ enterpriseNumber: ENTERPRISES.employer, year: 2024, ssin: WORKERS[0] }] });
		expect(await run(getYear('2024'))).toEqual([{ year: 2024, companyWide: false, workers: [WORKERS[0]] }]);
	});

	it('a 404 that is not about the year (no such path under a wrong API URL) stays an error', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: 404 } });
		const wrongRoot = world.variant(world.employer, { apiUrl: `${world.sandbox.apiUrl}/v9` });
		const [out] = await run(getYear('2024'), 2, wrongRoot);
		expect(out.httpCode).toBe('404');
		expect(String(out.error)).toMatch(/not found/i);
		expect(out.optedOut).toBeUndefined();
	});

	it('Create with Skip, when the gateway answers 404 for the year: it creates, then finds it registered', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: 404 } });
		const [created] = await run(company);
		expect(created).toEqual({ year: 2026, companyWide: true, workers: [], outcome: 'created' });
		const [again] = await run(company);
		expect(again).toEqual({ year: 2026, companyWide: true, workers: [], outcome: 'existing' });
		expect(requestCount(world.sandbox, 'POST')).toBe(1);
		expect(world.sandbox.data().optOuts).toHaveLength(1);
	});
});
