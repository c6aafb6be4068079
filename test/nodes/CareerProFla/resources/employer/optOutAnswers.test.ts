/**
 * Employer > Export against gateways that answer a year with no opt-out otherwise than the sandbox's default (its knob
 * `optOutAnswers.notOptedOut`: 200 with the empty state, 204 without a body, or 404). The archive writes each year's
 * opt-outs from the export's `optOuts`, so the export must come out the same whatever the gateway answers. Through the
 * n8n engine, over HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_KNOBS } from '../../../../sandbox/server';
import { mark, sentSince } from '../../../../support/sandboxStats';
import { ENTERPRISES, json, startWorld, WORKERS, type Client, type World } from '../../../../support/world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());

/** The employer's data: one training, one worker opted out in 2024 and the whole company in 2026; 2023 and 2025 have none. */
beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.setKnobs({ ...DEFAULT_KNOBS });
	world.sandbox.seed({
		trainings: [{ enterpriseNumber: ENTERPRISES.employer, ssin: WORKERS[0], title: 'First aid', trainingType: 'formal', startDate: '2025-03-10', endDate: '2025-03-11', durationHours: 8 }],
		optOuts: [
			{ enterpriseNumber: ENTERPRISES.employer, year: 2024, ssin: WORKERS[1] },
			{ enterpriseNumber: ENTERPRISES.employer, year: 2026 },
		],
	});
});

const exportOf = (enterpriseNumber: string = ENTERPRISES.employer) => ({ resource: 'employer', operation: 'export', enterpriseNumber, years: '2023, 2024, 2025, 2026' });

/** Runs the export with 'Continue On Fail', one input item; the item and the requests the gateway received. */
async function run(parameters: IDataObject, client: Client = world.employer) {
	const since = mark(world.sandbox);
	const result = await world.engine.runNode({ parameters, credentialId: client.credentialId, continueOnFail: true, typeVersion: 2 }, [{}]);
	expect(result.error).toBeUndefined();
	const [item] = json(result.items);
	return { item, sent: sentSince(world.sandbox, since) };
}

/** The export of the employer with the gateway answering a year with no opt-out `status`. */
async function exportAnswered(status: 200 | 204 | 404) {
	world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: status } });
	const { item, sent } = await run(exportOf());
	expect(item.error).toBeUndefined();
	const { readAt, ...rest } = item;
	expect(typeof readAt).toBe('string');
	return { item: rest, sent };
}

const none = (year: number) => ({ year, companyWide: false, workers: [] });

describe('Employer > Export of years with no opt-out', () => {
	it('answered 200 with the empty state: the year is in optOuts with its empty state', async () => {
		const { item } = await exportAnswered(200);
		expect(item.optOuts).toEqual([none(2023), { year: 2024, companyWide: false, workers: [WORKERS[1]] }, none(2025), { year: 2026, companyWide: true, workers: [] }]);
	});

	it.each([404, 204] as const)('answered %i: the same export as answered 200, with the same requests (no request more)', async (status) => {
		const answered200 = await exportAnswered(200);
		const { item, sent } = await exportAnswered(status);
		expect(item.optOuts).toEqual(answered200.item.optOuts);
		expect(item).toEqual(answered200.item);
		// The same requests; only the status of the two years with no opt-out differs.
		const withoutStatus = (requests: string[]) => requests.map((r) => r.replace(/ \d{3}$/, '')).sort();
		expect(withoutStatus(sent)).toEqual(withoutStatus(answered200.sent));
		expect(sent.filter((r) => r.endsWith(` ${status}`)).sort()).toEqual([
			`GET /employers/${ENTERPRISES.employer}/automaticCalculationOptOuts/2023 ${status}`,
			`GET /employers/${ENTERPRISES.employer}/automaticCalculationOptOuts/2025 ${status}`,
		]);
	});

	it('answered 404, a 404 that is not the year\'s (no such path under a wrong API URL) still fails the item', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: 404 } });
		const wrongRoot = world.variant(world.employer, { apiUrl: `${world.sandbox.apiUrl}/v9` });
		const { item } = await run(exportOf(), wrongRoot);
		expect(item.httpCode).toBe('404');
		expect(String(item.error)).toMatch(/^Not found/);
		expect(String(item.error)).toContain('[item 1]');
		expect(item.optOuts).toBeUndefined();
	});

	it('answered 404, an employer the client may not read still fails the item with the gateway\'s message', async () => {
		world.sandbox.setKnobs({ optOutAnswers: { notOptedOut: 404 } });
		const { item } = await run(exportOf(ENTERPRISES.notAClient), world.provider);
		expect(item.httpCode).toBe('403');
		expect(String(item.error)).toMatch(/mandate/i);
		expect(item.optOuts).toBeUndefined();
	});
});
