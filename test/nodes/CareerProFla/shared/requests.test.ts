/**
 * Malformed rows (test/fixtures/bad-input.ts) mixed with valid ones, through the n8n engine against the sandbox,
 * one run per resource and operation with Continue On Fail: each bad row becomes an error item that names its
 * field and its item, nothing of it reaches the gateway, and the valid rows around it are stored. Odd-looking but
 * legitimate values (SQL, expression syntax, other scripts) are stored as given.
 */
import type { IDataObject } from 'n8n-workflow';

import { ACCEPTED_INPUT, BAD_INPUT, type BadInput, type Group } from '../../../fixtures/bad-input';
import type { SandboxData } from '../../../sandbox/server';
import { ENTERPRISES, startWorld, WORKERS, type Client, type World } from '../../../support/world';

let world: World;
/** Trainings loaded before the runs: targets of the updates, and what gives workers a credit in 2025. */
let seededIds: string[] = [];

beforeAll(async () => {
	world = await startWorld();
	world.sandbox.seed({
		trainings: WORKERS.map((ssin, i) => ({
			enterpriseNumber: ENTERPRISES.employer,
			ssin,
			title: `Seeded ${i}`,
			trainingType: 'formal',
			startDate: '2025-02-03',
			endDate: '2025-02-03',
			durationHours: 4,
		})),
	});
	seededIds = world.sandbox.data().trainings.map((t) => String(t.trainingId));
});
afterAll(async () => world.close());

const expr = (name: string) => `={{ $json.${name} }}`;
const fields = (...names: string[]) => Object.fromEntries(names.map((name) => [name, expr(name)]));

/** Node parameters of each group: every field read from the item. */
const PARAMETERS: Record<Group, IDataObject> = {
	trainingCreate: {
		resource: 'training',
		operation: 'create',
		...fields('enterpriseNumber', 'ssin', 'title', 'trainingType', 'startDate', 'endDate', 'durationHours'),
		additionalFields: fields('description', 'status', 'certificateObtained', 'certificateValidUntil', 'providerEnterpriseNumber'),
	},
	trainingUpdate: {
		resource: 'training',
		operation: 'update',
		enterpriseNumber: ENTERPRISES.employer,
		trainingId: expr('trainingId'),
		updateFields: fields('title', 'durationHours', 'status', 'startDate', 'endDate'),
	},
	trainingRightCreate: {
		resource: 'trainingRight',
		operation: 'create',
		enterpriseNumber: ENTERPRISES.employer,
		...fields('ssin', 'year', 'rightType', 'unit', 'amount'),
		additionalFields: fields('jointCommittee', 'collectiveAgreementNumber'),
	},
	optOutCreate: {
		resource: 'optOut',
		operation: 'create',
		...fields('enterpriseNumber', 'year'),
		optOutScope: expr('scope'),
		optOutSsin: expr('ssin'),
	},
	providerTrainingCreate: {
		resource: 'providerTraining',
		operation: 'create',
		title: expr('title'),
		trainingType: 'formal',
		startDate: '2026-04-01',
		endDate: '2026-04-02',
		durationHours: expr('durationHours'),
		participantsInput: 'json',
		participantsJson: expr('participants'),
		additionalFields: {},
	},
	trainingCreditGet: {
		resource: 'trainingCredit',
		operation: 'get',
		...fields('enterpriseNumber', 'year'),
		creditSsin: expr('ssin'),
	},
};

/** A valid row of each group; `k` makes it distinct from the other valid rows (the gateway refuses twins). */
const VALID: Record<Group, (k: number) => IDataObject> = {
	trainingCreate: (k) => ({
		enterpriseNumber: 'BE 0202.239.951',
		ssin: WORKERS[k % WORKERS.length],
		title: `Valid training ${k}`,
		trainingType: 'formal',
		startDate: '01/03/2025',
		endDate: '2025-03-02',
		durationHours: '7,5',
	}),
	trainingUpdate: (k) => ({ trainingId: seededIds[k % seededIds.length], title: `Updated ${k}`, status: 'completed' }),
	trainingRightCreate: (k) => ({
		ssin: WORKERS[k % WORKERS.length],
		year: String(2023 + (Math.floor(k / WORKERS.length) % 4)),
		rightType: k < 20 ? 'individual' : 'sectoral',
		unit: 'days',
		amount: '5',
		jointCommittee: 'PC 200',
	}),
	optOutCreate: (k) => ({ enterpriseNumber: ENTERPRISES.employer, year: String(2023 + (k % 4)), scope: 'worker', ssin: WORKERS[Math.floor(k / 4)] }),
	providerTrainingCreate: (k) => ({ title: `Valid provider training ${k}`, durationHours: '14', participants: [{ ssin: WORKERS[k % WORKERS.length] }] }),
	trainingCreditGet: (k) => ({ enterpriseNumber: ENTERPRISES.employer, ssin: WORKERS[k % WORKERS.length], year: '2025' }),
};

/** The base a bad row starts from: valid except for its own values, and recognisable if it were ever stored. */
const BASE_OF_BAD: Record<Group, (k: number) => IDataObject> = {
	...VALID,
	trainingCreate: (k) => ({ ...VALID.trainingCreate(k), title: `Refused training ${k}` }),
	trainingUpdate: (k) => ({ trainingId: seededIds[k % seededIds.length] }),
	optOutCreate: () => ({ enterpriseNumber: ENTERPRISES.employer, year: '2025', scope: 'company' }),
	providerTrainingCreate: (k) => ({ ...VALID.providerTrainingCreate(k), title: `Refused provider training ${k}` }),
};

type Row = { kind: 'valid' } | { kind: 'bad'; case: BadInput } | { kind: 'accepted'; index: number };

/** The rows of one group: each bad row between valid ones, then the accepted odd values. */
function rowsOf(group: Group): Array<Row & { json: IDataObject }> {
	const rows: Array<Row & { json: IDataObject }> = [];
	let valid = 0;
	const addValid = () => rows.push({ kind: 'valid', json: VALID[group](valid++) });
	addValid();
	for (const [k, bad] of BAD_INPUT.filter((c) => c.group === group).entries()) {
		rows.push({ kind: 'bad', case: bad, json: { ...BASE_OF_BAD[group](k), ...(bad.values as IDataObject) } });
		if (k % 2 === 1) addValid();
	}
	ACCEPTED_INPUT.forEach((accepted, index) => {
		if (accepted.group === group) rows.push({ kind: 'accepted', index, json: { ...VALID[group](valid++), ...(accepted.values as IDataObject) } });
	});
	addValid();
	return rows;
}

const CLIENT: Record<Group, () => Client> = {
	trainingCreate: () => world.employer,
	trainingUpdate: () => world.employer,
	trainingRightCreate: () => world.employer,
	optOutCreate: () => world.employer,
	providerTrainingCreate: () => world.trainingProvider,
	trainingCreditGet: () => world.employer,
};

/** How many records of each kind the sandbox holds. */
const sizes = (data: SandboxData) => ({
	trainings: data.trainings.length,
	trainingRights: data.trainingRights.length,
	optOuts: data.optOuts.length,
	providerTrainings: data.providerTrainings.length,
});

const GROWS: Record<Group, keyof ReturnType<typeof sizes> | undefined> = {
	trainingCreate: 'trainings',
	trainingUpdate: undefined,
	trainingRightCreate: 'trainingRights',
	optOutCreate: 'optOuts',
	providerTrainingCreate: 'providerTrainings',
	trainingCreditGet: undefined,
};

describe('The corpus', () => {
	it('holds at least 60 malformed rows across every group, each naming a field', () => {
		expect(BAD_INPUT.length).toBeGreaterThanOrEqual(60);
		expect(new Set(BAD_INPUT.map((c) => c.group))).toEqual(new Set(Object.keys(PARAMETERS)));
		for (const bad of BAD_INPUT) expect(bad.field && bad.label).toBeTruthy();
	});
});

describe.each(Object.keys(PARAMETERS) as Group[])('Malformed rows of %s among valid ones', (group) => {
	let rows: ReturnType<typeof rowsOf>;
	let sent: number;
	let items: Array<{ json: IDataObject; pairedItem?: unknown }>;
	let apiRequests: number;
	let before: SandboxData;
	let after: SandboxData;

	beforeAll(async () => {
		// Built here, once the seeded trainings exist.
		rows = rowsOf(group);
		sent = rows.filter((r) => r.kind !== 'bad').length;
		before = world.sandbox.data();
		world.sandbox.reset({ stats: true });
		const result = await world.run(CLIENT[group](), PARAMETERS[group], rows.map((r) => r.json), { continueOnFail: true });
		expect(result.error).toBeUndefined();
		items = result.items;
		apiRequests = world.sandbox.stats().apiRequests;
		after = world.sandbox.data();
	});

	it('answers every row with one item, paired with it', () => {
		expect(items).toHaveLength(rows.length);
		items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
	});

	it('refuses each bad row, naming the field and the item', () => {
		rows.forEach((row, index) => {
			if (row.kind !== 'bad') return;
			const json = items[index].json;
			const { name, field, label, says } = row.case;
			expect({ name, field: json.field }).toEqual({ name, field });
			expect({ name, error: json.error }).toEqual({ name, error: expect.stringContaining(`'${label}'`) });
			expect({ name, error: json.error }).toEqual({ name, error: expect.stringContaining(`[item ${index + 1}]`) });
			if (says) expect({ name, error: json.error }).toEqual({ name, error: expect.stringMatching(says) });
			expect({ name, description: json.description }).toEqual({ name, description: expect.stringMatching(/^Nothing was sent for this item/) });
			// The message shows at most a short excerpt of what was typed.
			expect({ name, length: String(json.error).length < 400 }).toEqual({ name, length: true });
		});
	});

	it('lets the valid and the odd-but-legitimate rows through', () => {
		rows.forEach((row, index) => {
			if (row.kind === 'bad') return;
			expect({ index, json: items[index].json }).toEqual({ index, json: expect.not.objectContaining({ error: expect.anything() }) });
		});
	});

	it('sends nothing for the bad rows: the gateway received one request per valid row', () => {
		expect(apiRequests).toBe(sent);
		const grows = GROWS[group];
		if (grows) expect(sizes(after)[grows] - sizes(before)[grows]).toBe(sent);
		else expect(sizes(after)).toEqual(sizes(before));
	});

	if (group === 'trainingCreate') {
		it('stores each valid row once, the odd values as given, and nothing of the refused rows', () => {
			const created = after.trainings.filter((t) => !before.trainings.some((b) => b.trainingId === t.trainingId));
			rows.forEach((row, index) => {
				if (row.kind === 'bad') return;
				const output = items[index].json;
				const stored = created.filter((t) => t.trainingId === output.trainingId);
				expect(stored).toHaveLength(1);
				const expected = row.kind === 'accepted' ? ACCEPTED_INPUT[row.index].stored : { title: row.json.title };
				expect({ index, stored: stored[0] }).toEqual({ index, stored: expect.objectContaining(expected) });
				expect(output).toMatchObject(expected);
			});
			expect(created.filter((t) => String(t.title).startsWith('Refused'))).toEqual([]);
			expect(created.every((t) => String(t.title).length <= 200)).toBe(true);
		});
	}

	if (group === 'trainingUpdate') {
		it('applies the valid updates', () => {
			rows.forEach((row, index) => {
				if (row.kind !== 'valid') return;
				const stored = after.trainings.find((t) => t.trainingId === row.json.trainingId);
				expect(items[index].json).toMatchObject({ trainingId: row.json.trainingId, title: row.json.title });
				// A later valid row may update the same training; the one stored is one of the valid titles.
				expect(String(stored?.title)).toMatch(/^Updated \d+$/);
			});
		});
	}
});

describe('Without Continue On Fail', () => {
	it('stops at the bad row, naming the field and the item', async () => {
		const rows = [
			VALID.trainingCreate(100),
			VALID.trainingCreate(101),
			{ ...VALID.trainingCreate(102), ssin: '８５０７３００３３２８', title: 'Never stored' },
		];
		const { items, error } = await world.run(world.employer, PARAMETERS.trainingCreate, rows);
		expect(items).toEqual([]);
		expect(error?.message).toMatch(/^'Worker NISS\/INSZ' "８５０７３００３３２８" is not a NISS\/INSZ number: .* \[item 3\]$/);
		expect(error?.context?.itemIndex).toBe(2);
		expect(error?.context?.field).toBe('ssin');
		expect(error?.description).toMatch(/^Nothing was sent for this item/);
		expect(world.sandbox.data().trainings.filter((t) => t.title === 'Never stored')).toEqual([]);
	});
});
