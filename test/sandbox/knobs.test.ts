/**
 * The sandbox's knobs (latency, rate limit, 503, dropped connections before and after processing, token lifetime,
 * reproducible faults) and its admin API, over real HTTP.
 */
import { PROBLEM_TYPES, GRANT_ENDPOINT_PATH } from '../../credentials/gateway';
import { PATHS } from './statement';
import { DEFAULT_KNOBS, startSandbox, type Sandbox } from './server';
import { http, makeTestClient, registration, requestToken, tokenFor, type TestClient } from './testkit';

const EN = '0202239951';
const W1 = '85073003328';
const TRAININGS_ROUTE = 'POST /REST/federalLearningAccount/v1/employers/{enterpriseNumber}/trainings';

let sandbox: Sandbox;
let employer: TestClient;
let token: string;

beforeAll(async () => {
	employer = makeTestClient('employer', EN);
	sandbox = await startSandbox({ clients: [registration(employer)] });
	token = await tokenFor(sandbox, employer);
});

afterAll(() => sandbox.close());

beforeEach(() => {
	sandbox.setKnobs({ ...DEFAULT_KNOBS });
	sandbox.reset();
});

const trainings = () => sandbox.apiUrl + PATHS.trainings(EN);
const status = () => sandbox.apiUrl + PATHS.status();
const training = {
	ssin: W1,
	title: 'First aid at work',
	trainingType: 'formal',
	startDate: '2025-04-01',
	endDate: '2025-04-01',
	durationHours: 7.6,
};
const create = () => http('POST', trainings(), { token, json: training });

/** The status of a request, or `dropped` when the connection was destroyed. */
async function outcome(request: Promise<{ status: number }>): Promise<number | 'dropped'> {
	try {
		return (await request).status;
	} catch (error) {
		expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
		return 'dropped';
	}
}

describe('knobs', () => {
	test('latencyMs delays every request, API and token endpoint', async () => {
		sandbox.setKnobs({ latencyMs: 150 });
		expect((await http('GET', status(), { token })).ms).toBeGreaterThanOrEqual(145);
		expect((await requestToken(sandbox, employer)).ms).toBeGreaterThanOrEqual(145);
	});

	test('a rate limit answers 429 tooManyRequests with Retry-After and retryAfterSec, processing nothing', async () => {
		sandbox.setKnobs({ rateLimit: { requestsPerSecond: 2 } });
		const responses = await Promise.all(Array.from({ length: 6 }, () => create()));
		const limited = responses.filter((r) => r.status === 429);
		const created = responses.filter((r) => r.status === 201);
		expect(created.length + limited.length).toBe(6);
		expect(limited.length).toBeGreaterThanOrEqual(3);
		for (const response of limited) {
			expect(response.headers['content-type']).toBe('application/problem+json');
			expect(response.body.type).toBe(PROBLEM_TYPES.tooManyRequests);
			expect(response.body.retryAfterSec).toBeGreaterThanOrEqual(1);
			expect(response.headers['retry-after']).toBe(String(response.body.retryAfterSec));
		}
		expect(sandbox.data().trainings).toHaveLength(created.length);
		expect(sandbox.stats().rateLimited).toBe(limited.length);
		await new Promise((resolve) => setTimeout(resolve, limited[0].body.retryAfterSec * 1000));
		expect((await create()).status).toBe(201);
	});

	test('unavailableRate answers 503 serviceUnavailable with Retry-After, without processing the request', async () => {
		sandbox.setKnobs({ unavailableRate: 1, retryAfterSeconds: 7 });
		const response = await create();
		expect(response.status).toBe(503);
		expect(response.body.type).toBe(PROBLEM_TYPES.serviceUnavailable);
		expect(response.headers['retry-after']).toBe('7');
		expect(sandbox.data().trainings).toHaveLength(0);
		expect(sandbox.stats()).toMatchObject({ unavailable: 1, requests: { [TRAININGS_ROUTE]: { '503': 1 } } });
	});

	test('dropRate destroys the connection before processing: nothing is stored, a retry is safe', async () => {
		sandbox.setKnobs({ dropRate: 1 });
		await expect(create()).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(sandbox.data().trainings).toHaveLength(0);
		expect(sandbox.stats()).toMatchObject({
			dropped: { beforeProcessing: 1, afterProcessing: 0 },
			requests: { [TRAININGS_ROUTE]: { dropped: 1 } },
		});
	});

	test('dropAfterProcessingRate destroys the connection after the write was stored: resending it would duplicate', async () => {
		sandbox.setKnobs({ dropAfterProcessingRate: 1 });
		await expect(create()).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(sandbox.data().trainings).toHaveLength(1);
		expect(sandbox.stats().dropped).toEqual({ beforeProcessing: 0, afterProcessing: 1 });
		sandbox.setKnobs({ dropAfterProcessingRate: 0 });
		const list = await http('GET', `${trainings()}?ssin=${W1}`, { token });
		expect(list.body.total).toBe(1);
	});

	test('timeoutAfterWrites stores a write, then answers 504 from a proxy: the client cannot tell it was stored', async () => {
		sandbox.setKnobs({ timeoutAfterWrites: true });
		const answer = await create();
		expect(answer.status).toBe(504);
		expect(answer.headers['content-type']).toBe('text/html');
		expect(sandbox.data().trainings).toHaveLength(1);
		const list = await http('GET', `${trainings()}?ssin=${W1}`, { token });
		expect(list.status).toBe(200);
		expect(list.body.total).toBe(1);
	});

	test('numericIds answers identifiers as JSON numbers and takes them in paths', async () => {
		sandbox.setKnobs({ numericIds: true });
		const created = await create();
		expect(created.status).toBe(201);
		expect(created.body.trainingId).toBe(1);
		const list = await http('GET', `${trainings()}?ssin=${W1}`, { token });
		expect(list.body.items[0].trainingId).toBe(1);
		const read = await http('GET', sandbox.apiUrl + PATHS.training(EN, '1'), { token });
		expect(read.status).toBe(200);
		expect(read.body.trainingId).toBe(1);
		expect(sandbox.data().trainings[0].trainingId).toBe('TR-000001');
	});

	test('random faults are reproducible from the seed', async () => {
		const run = async (seed: number) => {
			sandbox.setKnobs({ seed, unavailableRate: 0.4, dropRate: 0.2 });
			const statuses: Array<number | 'dropped'> = [];
			for (let i = 0; i < 30; i++) statuses.push(await outcome(http('GET', status(), { token })));
			return statuses;
		};
		const first = await run(42);
		expect(new Set(first)).toEqual(new Set([200, 503, 'dropped']));
		expect(await run(42)).toEqual(first);
		expect(await run(43)).not.toEqual(first);
	});

	test('faultsOnTokenEndpoint: false spares the token endpoint; true (default) does not', async () => {
		sandbox.setKnobs({ unavailableRate: 1, faultsOnTokenEndpoint: false });
		expect((await requestToken(sandbox, employer)).status).toBe(200);
		expect((await http('GET', status(), { token })).status).toBe(503);
		sandbox.setKnobs({ faultsOnTokenEndpoint: true });
		const refused = await requestToken(sandbox, employer);
		expect(refused.status).toBe(503);
		expect(refused.headers['retry-after']).toBe('1');
	});

	test('faultsOnReads: false spares reads, not writes; true (default) does not', async () => {
		sandbox.setKnobs({ dropAfterProcessingRate: 1, faultsOnReads: false });
		expect((await http('GET', `${trainings()}?ssin=${W1}`, { token })).status).toBe(200);
		await expect(create()).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(sandbox.data().trainings).toHaveLength(1);
		sandbox.setKnobs({ faultsOnReads: true });
		await expect(http('GET', `${trainings()}?ssin=${W1}`, { token })).rejects.toMatchObject({ code: 'ECONNRESET' });
	});

	test('tokenLifetimeSeconds sets expires_in, and the token is refused once it has passed', async () => {
		sandbox.setKnobs({ tokenLifetimeSeconds: 1 });
		const response = await requestToken(sandbox, employer);
		expect(response.body.expires_in).toBe(1);
		const shortLived = response.body.access_token;
		expect((await http('GET', status(), { token: shortLived })).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const expired = await http('GET', status(), { token: shortLived });
		expect(expired.status).toBe(401);
		expect(expired.body.type).toBe(PROBLEM_TYPES.expiredAccessToken);
	});

	test('counts the requests being answered at once', async () => {
		sandbox.setKnobs({ latencyMs: 100 });
		await Promise.all(Array.from({ length: 6 }, () => http('GET', status(), { token })));
		expect(sandbox.stats().concurrency).toEqual({ current: 0, max: 6 });
	});

	test('refuses knobs it does not know or out of range', () => {
		expect(() => sandbox.setKnobs({ dropRate: 2 })).toThrow(/dropRate/);
		expect(() => sandbox.setKnobs({ latency: 5 } as never)).toThrow(/unknown knobs: latency/);
		expect(() => sandbox.setKnobs({ rateLimit: { requestsPerSecond: 0 } })).toThrow(/rateLimit/);
		expect(sandbox.knobs()).toEqual(DEFAULT_KNOBS);
	});
});

describe('knobs for what a real gateway may do differently', () => {
	type Page = { items: Array<{ trainingId: string }>; total: number; next?: string };
	const ids = async (query = '') => {
		const page = (await http('GET', trainings() + query, { token })).body as Page;
		return page.items.map((t) => t.trainingId);
	};
	/** Every page of the listing, `limit` records at a time, following `next`. */
	const pageByPage = async (limit: number) => {
		const all: string[] = [];
		let url: string | undefined = `${trainings()}?limit=${limit}`;
		while (url) {
			const page = (await http('GET', url, { token })).body as Page;
			all.push(...page.items.map((t) => t.trainingId));
			url = page.next ? sandbox.origin + page.next : undefined;
		}
		return all;
	};

	test('listingOrder: registration (the default), newestFirst, or scrambled, the same on every page', async () => {
		for (let i = 1; i <= 8; i++) expect((await http('POST', trainings(), { token, json: { ...training, title: `Course ${i}` } })).status).toBe(201);
		const registered = sandbox.data().trainings.map((t) => t.trainingId);
		expect(registered).toHaveLength(8);
		expect(await ids()).toEqual(registered);

		sandbox.setKnobs({ listingOrder: 'newestFirst' });
		expect(await ids()).toEqual([...registered].reverse());
		expect(await pageByPage(3)).toEqual([...registered].reverse());

		sandbox.setKnobs({ listingOrder: 'scrambled' });
		const scrambled = await ids();
		expect([...scrambled].sort()).toEqual([...registered].sort());
		expect(scrambled).not.toEqual(registered);
		expect(scrambled).not.toEqual([...registered].reverse());
		expect(await ids()).toEqual(scrambled);
		expect(await pageByPage(3)).toEqual(scrambled);
		// Filters keep the order: the records of one worker and period come in the same relative order.
		expect(await ids('?startDateFrom=2025-01-01&startDateTo=2025-12-31')).toEqual(scrambled);

		sandbox.setKnobs({ listingOrder: 'registration' });
		expect(await ids()).toEqual(registered);
	});

	test('listingOrder also orders the training rights', async () => {
		sandbox.seed({
			trainingRights: [2023, 2024, 2025, 2026].flatMap((year) =>
				(['individual', 'sectoral'] as const).map((rightType) => ({ enterpriseNumber: EN, ssin: W1, year, rightType, unit: 'days', amount: 2 })),
			),
		});
		const rights = async () =>
			((await http('GET', sandbox.apiUrl + PATHS.trainingRights(EN), { token })).body as { items: Array<{ trainingRightId: string }> }).items.map(
				(r) => r.trainingRightId,
			);
		const registered = sandbox.data().trainingRights.map((r) => r.trainingRightId);
		expect(await rights()).toEqual(registered);
		sandbox.setKnobs({ listingOrder: 'newestFirst' });
		expect(await rights()).toEqual([...registered].reverse());
		sandbox.setKnobs({ listingOrder: 'scrambled' });
		expect(await rights()).not.toEqual(registered);
	});

	test('optOutAnswers: Create answers 201 with the year\'s state by default, or 200, or 204 without a body', async () => {
		const optOuts = sandbox.apiUrl + PATHS.optOuts(EN);
		const created = await http('POST', optOuts, { token, json: { year: 2025 } });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({ year: 2025, companyWide: true, workers: [] });

		sandbox.setKnobs({ optOutAnswers: { create: 200 } });
		const ok = await http('POST', optOuts, { token, json: { year: 2025, ssin: W1 } });
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({ year: 2025, companyWide: true, workers: [W1] });

		sandbox.setKnobs({ optOutAnswers: { create: 204 } });
		const none = await http('POST', optOuts, { token, json: { year: 2026 } });
		expect(none.status).toBe(204);
		expect(none.text).toBe('');
		expect(none.headers.location).toBe(new URL(sandbox.apiUrl).pathname + PATHS.optOut(EN, 2026));
		// Stored all the same.
		expect((await http('GET', sandbox.apiUrl + PATHS.optOut(EN, 2026), { token })).body).toEqual({ year: 2026, companyWide: true, workers: [] });
		expect(sandbox.knobs().optOutAnswers).toEqual({ create: 204, delete: 204, notOptedOut: 200 });
	});

	test('optOutAnswers: Delete answers 204 by default, or 200 with the state after it', async () => {
		sandbox.seed({ optOuts: [{ enterpriseNumber: EN, year: 2025 }, { enterpriseNumber: EN, year: 2025, ssin: W1 }] });
		const year = sandbox.apiUrl + PATHS.optOut(EN, 2025);
		sandbox.setKnobs({ optOutAnswers: { delete: 200 } });
		const deleted = await http('DELETE', year, { token });
		expect(deleted.status).toBe(200);
		expect(deleted.body).toEqual({ year: 2025, companyWide: false, workers: [W1] });
		sandbox.setKnobs({ optOutAnswers: { delete: 204 } });
		const again = await http('DELETE', `${year}?ssin=${W1}`, { token });
		expect(again.status).toBe(204);
		expect(sandbox.data().optOuts).toEqual([]);
	});

	test('optOutAnswers: a year with nothing opted out is read as 200 with an empty state by default, or 204, or 404', async () => {
		const year = sandbox.apiUrl + PATHS.optOut(EN, 2024);
		expect(await http('GET', year, { token })).toMatchObject({ status: 200, body: { year: 2024, companyWide: false, workers: [] } });
		sandbox.setKnobs({ optOutAnswers: { notOptedOut: 204 } });
		expect(await http('GET', year, { token })).toMatchObject({ status: 204, text: '' });
		sandbox.setKnobs({ optOutAnswers: { notOptedOut: 404 } });
		const missing = await http('GET', year, { token });
		expect(missing.status).toBe(404);
		expect(missing.body.type).toBe(PROBLEM_TYPES.resourceNotFound);
		// A year with an opt-out is always 200 with its state.
		sandbox.seed({ optOuts: [{ enterpriseNumber: EN, year: 2024, ssin: W1 }] });
		expect(await http('GET', year, { token })).toMatchObject({ status: 200, body: { year: 2024, companyWide: false, workers: [W1] } });
	});

	test('refuses an order or an opt-out status it does not know', async () => {
		expect(() => sandbox.setKnobs({ listingOrder: 'byTitle' as never })).toThrow(/listingOrder must be one of registration, newestFirst, scrambled/);
		expect(() => sandbox.setKnobs({ optOutAnswers: { create: 202 as never } })).toThrow(/optOutAnswers.create must be one of 201, 200, 204/);
		expect(() => sandbox.setKnobs({ optOutAnswers: { update: 200 } as never })).toThrow(/unknown knobs: optOutAnswers.update/);
		expect(() => sandbox.setKnobs({ optOutAnswers: null as never })).toThrow(/optOutAnswers must be an object/);
		const refused = await http('POST', sandbox.adminUrl + '/knobs', { json: { optOutAnswers: { notOptedOut: 500 } } });
		expect(refused.status).toBe(400);
		expect(sandbox.knobs()).toEqual(DEFAULT_KNOBS);
	});
});

describe('admin API', () => {
	const admin = (path: string) => sandbox.adminUrl + path;

	test('GET /stats, /data and /requests report what the sandbox received and holds', async () => {
		await create();
		await http('GET', trainings());
		const stats = (await http('GET', admin('/stats'))).body;
		expect(stats.requests).toEqual({
			[TRAININGS_ROUTE]: { '201': 1 },
			'GET /REST/federalLearningAccount/v1/employers/{enterpriseNumber}/trainings': { '401': 1 },
		});
		expect(stats.apiRequests).toBe(2);
		const data = (await http('GET', admin('/data'))).body;
		expect(data.trainings).toEqual([expect.objectContaining({ enterpriseNumber: EN, trainingId: 'TR-000001', ...training })]);
		const requests = (await http('GET', admin('/requests'))).body;
		expect(requests.map((r: any) => [r.method, r.status, r.clientId])).toEqual([
			['POST', 201, employer.clientId],
			['GET', 401, undefined],
		]);
		expect(requests[0].body).toEqual(training);
		expect(JSON.stringify(requests)).not.toContain(token);
	});

	test('POST /knobs changes the knobs and refuses bad ones with 400', async () => {
		const changed = await http('POST', admin('/knobs'), { json: { latencyMs: 5, rateLimit: { requestsPerSecond: 50 } } });
		expect(changed.status).toBe(200);
		expect(changed.body).toMatchObject({ latencyMs: 5, rateLimit: { requestsPerSecond: 50 } });
		expect(sandbox.knobs().latencyMs).toBe(5);
		const refused = await http('POST', admin('/knobs'), { json: { unavailableRate: -1 } });
		expect(refused.status).toBe(400);
		expect(refused.body.detail).toMatch(/unavailableRate/);
		expect((await http('GET', admin('/knobs'))).body.unavailableRate).toBe(0);
	});

	test('POST /clients registers clients that can then get a token; refuses a bad one', async () => {
		const other = makeTestClient('employer', '0403170701');
		expect((await requestToken(sandbox, other)).status).toBe(401);
		const added = await http('POST', admin('/clients'), { json: [registration(other)] });
		expect(added.status).toBe(201);
		expect((await requestToken(sandbox, other)).status).toBe(200);
		expect((await http('GET', admin('/clients'))).body.map((c: any) => c.clientId)).toContain(other.clientId);
		const bad = await http('POST', admin('/clients'), { json: { ...registration(other), quality: 'boss' } });
		expect(bad.status).toBe(400);
	});

	test('POST /seed loads data; refuses invalid data and loads none of it', async () => {
		const seeded = await http('POST', admin('/seed'), {
			json: { trainings: [{ enterpriseNumber: EN, ...training }], optOuts: [{ enterpriseNumber: EN, year: 2025 }] },
		});
		expect(seeded.status).toBe(201);
		expect(seeded.body).toEqual({ trainings: 1, trainingRights: 0, optOuts: 1, providerTrainings: 0 });
		const bad = await http('POST', admin('/seed'), {
			json: { trainings: [{ enterpriseNumber: EN, ...training }, { enterpriseNumber: EN, ...training, ssin: '1' }] },
		});
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toMatch(/trainings\[1\]: ssin/);
		expect(sandbox.data().trainings).toHaveLength(1);
		expect((await http('GET', trainings(), { token })).body.items[0].trainingId).toBe('TR-000001');
	});

	test('POST /reset clears data and/or stats; tokens: true revokes the tokens; POST /tokens/expire expires them', async () => {
		await create();
		await http('POST', admin('/reset'), { json: { stats: true } });
		expect(sandbox.stats().apiRequests).toBe(0);
		expect(sandbox.data().trainings).toHaveLength(1);
		await http('POST', admin('/reset'), { json: { data: true } });
		expect(sandbox.data().trainings).toHaveLength(0);
		await create();
		await http('POST', admin('/reset'));
		expect(sandbox.data().trainings).toHaveLength(0);
		expect(sandbox.stats().apiRequests).toBe(0);

		const mine = await tokenFor(sandbox, employer);
		await http('POST', admin('/tokens/expire'));
		expect((await http('GET', status(), { token: mine })).body.type).toBe(PROBLEM_TYPES.expiredAccessToken);
		await http('POST', admin('/reset'), { json: { tokens: true } });
		expect((await http('GET', status(), { token: mine })).body.type).toBe(PROBLEM_TYPES.invalidAccessToken);
		token = await tokenFor(sandbox, employer);
		expect(sandbox.stats().requests[`POST ${GRANT_ENDPOINT_PATH}`]).toEqual({ '200': 2 });
	});

	test('answers 404 to an unknown admin operation', async () => {
		expect((await http('GET', admin('/nothing'))).status).toBe(404);
		expect((await http('DELETE', admin('/data'))).status).toBe(404);
	});
});
