/**
 * Employer > Export: everything the account holds on an employer in one item, through the n8n engine against the
 * sandbox, compared with what the sandbox holds and with what the node's own Get Many and Get operations read.
 */
import type { IDataObject } from 'n8n-workflow';

import { archiveData, expectedCounts } from '../../../../../test/sandbox/archiveSeed';
import { startWorld, type World } from '../../../../support/world';

let world: World;
const data = archiveData({ employers: 4, trainingsPerEmployer: 30, years: [2025, 2026], firstNumber: 7_100_000 });
/** One employer with more trainings than one page holds (100). */
const large = archiveData({ employers: 1, trainingsPerEmployer: 230, years: [2025, 2026], firstNumber: 7_300_000 });
const [withoutMandate] = archiveData({ employers: 1, firstNumber: 7_500_000 }).employers;

beforeAll(async () => {
	world = await startWorld();
	world.sandbox.seed({ trainings: [...data.trainings, ...large.trainings], trainingRights: [...data.trainingRights, ...large.trainingRights], optOuts: [...data.optOuts, ...large.optOuts] });
	const provider = world.sandbox.clients().find((c) => c.quality === 'provider')!;
	world.sandbox.addClient({ ...provider, mandates: [...(provider.mandates ?? []), ...data.employers, ...large.employers] });
});
afterAll(async () => world.close());

const exportOf = (input: IDataObject[], years: string = '={{ $json.years }}', options: IDataObject = {}) =>
	world.run(world.provider, { resource: 'employer', operation: 'export', enterpriseNumber: '={{ $json.enterpriseNumber }}', years, ...options }, input, { continueOnFail: true });

/** What the node's own operations read for one employer, resource by resource. */
async function readOneByOne(enterpriseNumber: string, years: number[]) {
	const listing = async (resource: string, extra: IDataObject = {}) => {
		const { items, error } = await world.run(world.provider, { resource, operation: 'getAll', enterpriseNumber, returnAll: true, simplify: false, listOutput: 'listing', ...extra });
		expect(error).toBeUndefined();
		return items[0].json as { records: IDataObject[]; total: number };
	};
	const credits = [];
	const optOuts = [];
	for (const year of years) {
		credits.push(await listing('trainingCredit', { year }));
		const { items } = await world.run(world.provider, { resource: 'optOut', operation: 'get', enterpriseNumber, year });
		optOuts.push(items[0].json);
	}
	return {
		trainings: (await listing('training')).records,
		trainingRights: (await listing('trainingRight')).records,
		trainingCredits: credits.flatMap((c) => c.records),
		optOuts,
	};
}

describe('Employer > Export', () => {
	it('gives one item per employer holding what the gateway holds, as the other operations read it', async () => {
		world.sandbox.reset({ stats: true, tokens: false });
		const input = data.employers.map((enterpriseNumber) => ({ enterpriseNumber, years: data.years }));
		const { items, error } = await exportOf(input);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		// 6 requests per employer: trainings, training rights, and per year the credits and the opt-out.
		expect(world.sandbox.stats().apiRequests).toBe(4 * 6);
		for (const [i, enterpriseNumber] of data.employers.entries()) {
			const item = items[i];
			expect(item.pairedItem).toEqual({ item: i });
			const got = item.json as Record<string, { count: number; total: number; records: IDataObject[] }> & { optOuts: IDataObject[] };
			const counts = expectedCounts(data, enterpriseNumber);
			expect(item.json.enterpriseNumber).toBe(enterpriseNumber);
			expect(item.json.years).toEqual([2025, 2026]);
			for (const resource of ['trainings', 'trainingRights', 'trainingCredits'] as const) {
				expect([resource, got[resource].count, got[resource].total, got[resource].records.length]).toEqual([resource, counts[resource], counts[resource], counts[resource]]);
			}
			const oneByOne = await readOneByOne(enterpriseNumber, data.years);
			expect(got.trainings.records).toEqual(oneByOne.trainings);
			expect(got.trainingRights.records).toEqual(oneByOne.trainingRights);
			expect(got.trainingCredits.records).toEqual(oneByOne.trainingCredits);
			expect(got.optOuts).toEqual(oneByOne.optOuts);
			expect(got.optOuts.map((o) => o.year)).toEqual([2025, 2026]);
		}
	});

	it('says when it read the employer, and names the fields of each resource (the header of an empty file)', async () => {
		const before = new Date().toISOString();
		const { items, error } = await exportOf([{ enterpriseNumber: data.employers[0], years: data.years }]);
		expect(error).toBeUndefined();
		const got = items[0].json as { readAt: string } & Record<string, { fields: string[] }>;
		expect(got.readAt >= before && got.readAt <= new Date().toISOString()).toBe(true);
		expect(got.trainings.fields.slice(0, 3)).toEqual(['trainingId', 'ssin', 'title']);
		expect(got.trainingRights.fields[0]).toBe('trainingRightId');
		expect(got.trainingCredits.fields).toEqual(['ssin', 'year']);
	});

	it('reads every page of a long listing and keeps Max Concurrent Requests across the items', async () => {
		world.sandbox.setKnobs({ latencyMs: 15 });
		world.sandbox.reset({ stats: true, tokens: false });
		const input = [...large.employers, ...data.employers].map((enterpriseNumber) => ({ enterpriseNumber }));
		const { items, error } = await exportOf(input, '2025, 2026', { options: { maxConcurrency: 3 } });
		world.sandbox.setKnobs({ latencyMs: 0 });
		expect(error).toBeUndefined();
		const first = items[0].json as Record<string, { count: number; total: number }>;
		expect(first.trainings).toMatchObject({ count: 230, total: 230 });
		expect(items.map((i) => (i.json.trainings as { count: number }).count)).toEqual([230, 30, 30, 30, 30]);
		expect(world.sandbox.stats().concurrency.max).toBe(3);
	});

	it('takes the years as typed in a sheet, and refuses a bad year naming the field and the item, exporting the others', async () => {
		const input = [
			{ enterpriseNumber: data.employers[0], years: '2026; 2025 2025' },
			{ enterpriseNumber: data.employers[1], years: '2025, 2031' },
			{ enterpriseNumber: data.employers[2], years: '' },
			{ enterpriseNumber: data.employers[3], years: 2026 },
		];
		const { items, error } = await exportOf(input);
		expect(error).toBeUndefined();
		expect(items[0].json.years).toEqual([2025, 2026]);
		expect(items[1].json.error).toBe("'Years' 2031 is outside the years the Federal Learning Account holds (2023 to 2026) [item 2]");
		expect(items[1].json.field).toBe('years');
		expect(items[2].json.error).toMatch(/^'Years' is required but empty: give the years to read, as 2023, 2024, 2025, 2026 \(every year the FLA holds\) \[item 3\]$/);
		expect(items[3].json.years).toEqual([2026]);
		expect(items[3].json.optOuts).toHaveLength(1);
	});

	it('fails the employer that cannot be read, with the message of the read that failed, and exports the others', async () => {
		world.sandbox.setKnobs({ unavailableEnterprises: [data.employers[2]] });
		const input = [data.employers[0], withoutMandate, data.employers[2], data.employers[3]].map((enterpriseNumber) => ({ enterpriseNumber }));
		const { items, error } = await exportOf(input, '2026');
		world.sandbox.setKnobs({ unavailableEnterprises: [] });
		expect(error).toBeUndefined();
		expect(items.map((i) => (i.json.error ? 'failed' : i.json.enterpriseNumber))).toEqual([data.employers[0], 'failed', 'failed', data.employers[3]]);
		expect(String(items[1].json.error)).toMatch(/mandate/i);
		expect(String(items[1].json.error)).toContain('[item 2]');
		expect(String(items[2].json.error)).toMatch(/unavailable|busy|503/i);
		expect(String(items[2].json.error)).toContain('[item 3]');
	});

	it('stops the workflow on the first failure when Continue On Fail is off', async () => {
		const { error } = await world.run(world.provider, { resource: 'employer', operation: 'export', enterpriseNumber: withoutMandate, years: '2026' });
		expect(error?.message).toMatch(/mandate/i);
	});
});
