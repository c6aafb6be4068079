/**
 * The demo data generator: valid identifiers, deterministic output, and data the sandbox serves as the API would.
 */
import { PATHS } from './statement';
import { isEnterpriseNumber, isSsin } from './checks';
import { archiveData, expectedCounts, FORMULA_TITLES } from './archiveSeed';
import { demoData, enterpriseNumberFrom, ssinFrom } from './seed';
import { startSandbox, type Sandbox } from './server';
import { http, makeTestClient, registration, tokenFor } from './testkit';

describe('identifiers', () => {
	test('ssinFrom and enterpriseNumberFrom give the sample numbers of the domain notes', () => {
		expect(ssinFrom('1985-07-30', 33)).toBe('85073003328');
		expect(ssinFrom('1988-02-29', 992)).toBe('88022999297');
		expect(ssinFrom('1920-07-01', 999)).toBe('20070199922');
		// Born from 2000: the check is computed on "2" followed by the nine digits.
		const young = ssinFrom('2020-07-01', 999);
		expect(young).toBe('200701999' + String(97 - (Number('2200701999') % 97)).padStart(2, '0'));
		expect(young).not.toBe('20070199922');
		expect(isSsin(young)).toBe(true);
		expect(enterpriseNumberFrom('02022399')).toBe('0202239951');
	});

	test('every NISS and enterprise number of the demo data passes the validators, births before and from 2000', () => {
		const data = demoData({ employers: 10, workersPerEmployer: 30, seed: 5 });
		const ssins = data.employers.flatMap((e) => e.workers.map((w) => w.ssin));
		expect(ssins).toHaveLength(300);
		expect(new Set(ssins).size).toBe(300);
		expect(ssins.every(isSsin)).toBe(true);
		expect(ssins.some((s) => s < '06')).toBe(true);
		const numbers = [...data.employers, ...data.trainingProviders].map((e) => e.enterpriseNumber);
		expect(numbers.every(isEnterpriseNumber)).toBe(true);
		expect(new Set(numbers).size).toBe(numbers.length);
	});
});

describe('demoData', () => {
	test('is the same for the same seed and differs for another', () => {
		expect(demoData({ seed: 9 })).toEqual(demoData({ seed: 9 }));
		expect(demoData({ seed: 9 }).employers[0].enterpriseNumber).not.toBe(demoData({ seed: 10 }).employers[0].enterpriseNumber);
	});

	test('follows the options', () => {
		const data = demoData({ employers: 5, workersPerEmployer: 2 });
		expect(data.employers).toHaveLength(5);
		expect(data.employers.every((e) => e.workers.length === 2)).toBe(true);
		expect(new Set(data.trainings.map((t) => t.enterpriseNumber)).size).toBeLessThanOrEqual(5);
	});

	test('loads into the sandbox and is served like data sent through the API', async () => {
		const data = demoData();
		const [first] = data.employers;
		const employer = makeTestClient('employer', first.enterpriseNumber);
		const trainingProvider = makeTestClient('trainingProvider', data.trainingProviders[0].enterpriseNumber);
		const sandbox = await startSandbox({ clients: [registration(employer), registration(trainingProvider)], data });
		try {
			const stored = sandbox.data();
			expect(stored.trainings).toHaveLength(data.trainings.length);
			expect(stored.trainingRights).toHaveLength(data.trainingRights.length);
			expect(stored.providerTrainings).toHaveLength(data.providerTrainings.length);
			const token = await tokenFor(sandbox, employer);
			const own = data.trainings.filter((t) => t.enterpriseNumber === first.enterpriseNumber).length;
			const list = await http('GET', `${sandbox.apiUrl}${PATHS.trainings(first.enterpriseNumber)}?limit=100`, { token });
			expect(list.body.total).toBe(own);
			const credits = await http('GET', `${sandbox.apiUrl}${PATHS.trainingCredits(first.enterpriseNumber)}?year=2025`, { token });
			expect(credits.body.total).toBe(first.workers.length);
			const tpToken = await tokenFor(sandbox, trainingProvider);
			const providerList = await http('GET', sandbox.trainingProviderApiUrl + PATHS.providerTrainings(), { token: tpToken });
			expect(providerList.body.total).toBe(3);
			expect(() => sandbox.seed({ trainings: [{ enterpriseNumber: first.enterpriseNumber, title: 'no worker' }] })).toThrow(
				/invalid seed data[\s\S]*ssin is required/,
			);
			expect(sandbox.data().trainings).toHaveLength(data.trainings.length);
		} finally {
			await sandbox.close();
		}
	});
});

describe('data of other channels', () => {
	const EN = '0202239951';
	const W1 = '85073003328';
	let sandbox: Sandbox;
	let token: string;

	beforeAll(async () => {
		const employer = makeTestClient('employer', EN);
		sandbox = await startSandbox({ clients: [registration(employer)] });
		token = await tokenFor(sandbox, employer);
	});
	afterAll(() => sandbox.close());
	beforeEach(() => sandbox.reset());

	const training = (title: string, extra: Record<string, unknown> = {}) => ({
		enterpriseNumber: EN,
		ssin: W1,
		title,
		trainingType: 'formal',
		startDate: '2025-03-03',
		endDate: '2025-03-03',
		durationHours: 4,
		...extra,
	});
	const listed = async () =>
		((await http('GET', `${sandbox.apiUrl}${PATHS.trainings(EN)}?limit=100`, { token })).body as { items: Array<Record<string, unknown>> }).items;

	test('the seed holds texts that start like a spreadsheet formula or hold markup; the API serves them as they are', async () => {
		const texts = [...FORMULA_TITLES, '<b>Safety</b> day'];
		sandbox.seed({ trainings: texts.map((title) => training(title, { description: `${title}\nsecond line`, nature: title })) });
		expect((await listed()).map((t) => [t.title, t.nature])).toEqual(texts.map((title) => [title, title]));
	});

	test('the API takes a text that starts like a formula, refuses markup sent to it, and a patch of another field of such a record passes', async () => {
		sandbox.seed({ trainings: [training('=HYPERLINK("http://x","y")')] });
		const { trainingId, enterpriseNumber: _owner, ...body } = sandbox.data().trainings[0];
		const sent = await http('POST', sandbox.apiUrl + PATHS.trainings(EN), { token, json: { ...training('- module 1'), enterpriseNumber: undefined } });
		expect(sent.status).toBe(201);
		const marked = await http('POST', sandbox.apiUrl + PATHS.trainings(EN), { token, json: { ...training('<b>Safety</b> day'), enterpriseNumber: undefined } });
		expect(marked.status).toBe(400);
		expect(JSON.stringify(marked.body.issues)).toMatch(/markup/);
		const patched = await http('PATCH', sandbox.apiUrl + PATHS.training(EN, trainingId), {
			token,
			body: JSON.stringify({ durationHours: 5 }),
			headers: { 'Content-Type': 'application/merge-patch+json' },
		});
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ title: body.title, durationHours: 5 });
		const renamed = await http('PATCH', sandbox.apiUrl + PATHS.training(EN, trainingId), {
			token,
			body: JSON.stringify({ title: '<i>risk</i>' }),
			headers: { 'Content-Type': 'application/merge-patch+json' },
		});
		expect(renamed.status).toBe(400);
	});

	test('the seed still refuses what no channel stores: a control character, a wrong NISS', () => {
		expect(() => sandbox.seed({ trainings: [training('Safety\u0007day')] })).toThrow(/invisible, control or format character/);
		expect(() => sandbox.seed({ trainings: [training('Safety', { ssin: '85073003329' })] })).toThrow(/not a valid NISS/);
		expect(sandbox.data().trainings).toEqual([]);
	});

	test('archiveData: the first employer has trainings titled like formulas, loaded and served as they are', async () => {
		const data = archiveData({ employers: 2, firstNumber: 2_022_399 });
		expect(data.employers[0]).toBe(EN);
		const titles = (en: string) => data.trainings.filter((t) => t.enterpriseNumber === en).map((t) => t.title);
		expect(titles(data.employers[0])).toEqual(expect.arrayContaining([...FORMULA_TITLES]));
		expect(titles(data.employers[1]).filter((t) => /^[=+\-@]/.test(String(t)))).toEqual([]);
		expect(expectedCounts(data, EN).trainings).toBe(30);
		sandbox.seed(data);
		const served = (await listed()).map((t) => t.title);
		expect(served).toHaveLength(30);
		expect(served).toEqual(expect.arrayContaining([...FORMULA_TITLES]));
	});
});
