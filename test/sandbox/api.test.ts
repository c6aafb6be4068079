/**
 * The FLA API of the sandbox over real HTTP: authentication, scopes, permissions (own enterprise, mandates),
 * validation with Belgif issues, every resource, paging, and a valid flow end to end.
 */
import { DEFAULT_SCOPES, ISSUE_TYPES, PROBLEM_TYPES } from '../../credentials/gateway';
import { HOURS_PER_DAY, MAX_PARTICIPANTS, PAGING, PATHS } from './statement';
import { TRAINING_PROVIDER_SCOPE } from './oauth';
import { enterpriseNumberFrom } from './seed';
import { startSandbox, type Sandbox } from './server';
import { http, issueNames, makeTestClient, registration, tokenFor, trainingBody, type HttpResult, type TestClient } from './testkit';

const EN_A = '0202239951';
const EN_B = '0403170701';
const EN_C = '0417497106';
const PROVIDER = '0862917047';
const TP1 = '0451471751';
const TP2 = enterpriseNumberFrom('04555555');
const W1 = '85073003328';
const W2 = '88022999297';
const W3 = '20070199922';

let sandbox: Sandbox;
const clients: Record<'a' | 'b' | 'mandatary' | 'tp1' | 'tp2', TestClient> = {} as never;
const tokens: Record<keyof typeof clients, string> = {} as never;

async function refreshTokens(): Promise<void> {
	for (const name of Object.keys(clients) as Array<keyof typeof clients>) tokens[name] = await tokenFor(sandbox, clients[name]);
}

beforeAll(async () => {
	clients.a = makeTestClient('employer', EN_A);
	clients.b = makeTestClient('employer', EN_B);
	clients.mandatary = makeTestClient('provider', PROVIDER, { mandates: [EN_A, EN_C] });
	clients.tp1 = makeTestClient('trainingProvider', TP1);
	clients.tp2 = makeTestClient('trainingProvider', TP2);
	sandbox = await startSandbox({ clients: Object.values(clients).map(registration) });
	await refreshTokens();
});

afterAll(() => sandbox.close());

beforeEach(() => sandbox.reset({ data: true }));

const api = (path: string) => sandbox.apiUrl + path;
const tpApi = (path: string) => sandbox.trainingProviderApiUrl + path;

const training = trainingBody;

function right(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return { ssin: W1, year: 2025, rightType: 'individual', unit: 'days', amount: 5, ...overrides };
}

function providerTraining(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		title: 'Forklift driver certificate',
		trainingType: 'formal',
		startDate: '2025-05-05',
		endDate: '2025-05-06',
		durationHours: 15.2,
		participants: [{ ssin: W1, employerEnterpriseNumber: EN_A }, { ssin: W2 }],
		...overrides,
	};
}

/** Checks a problem+json answer and returns its body. */
function expectProblem(response: HttpResult, status: number, type: string): any {
	expect(response.status).toBe(status);
	expect(response.headers['content-type']).toBe('application/problem+json');
	expect(response.body).toMatchObject({ type, status, title: expect.any(String), detail: expect.any(String) });
	return response.body;
}

describe('authentication', () => {
	test('answers 401 noAccessToken without a bearer token (none, or another scheme), with WWW-Authenticate', async () => {
		const cases: Array<Record<string, string>> = [{}, { Authorization: 'Basic dXNlcjpwYXNz' }, { Authorization: 'Bearer ' }];
		for (const headers of cases) {
			const response = await http('GET', api(PATHS.trainings(EN_A)), { headers });
			expectProblem(response, 401, PROBLEM_TYPES.noAccessToken);
			expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
		}
	});

	test('answers 401 invalidAccessToken to an unknown token', async () => {
		const response = await http('GET', api(PATHS.trainings(EN_A)), { token: 'forged-token' });
		expectProblem(response, 401, PROBLEM_TYPES.invalidAccessToken);
		expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
	});

	test('answers 401 expiredAccessToken once the token expired', async () => {
		const token = tokens.a;
		expect((await http('GET', api(PATHS.trainings(EN_A)), { token })).status).toBe(200);
		sandbox.expireTokens();
		const response = await http('GET', api(PATHS.trainings(EN_A)), { token });
		expectProblem(response, 401, PROBLEM_TYPES.expiredAccessToken);
		expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
		await refreshTokens();
	});

	test('GET /status answers {"status":"up"} under both roots, and needs a token', async () => {
		const employer = await http('GET', api(PATHS.status()), { token: tokens.a });
		expect(employer.status).toBe(200);
		expect(employer.body).toEqual({ status: 'up' });
		expect((await http('GET', api(PATHS.status()), { token: tokens.mandatary })).body).toEqual({ status: 'up' });
		expect((await http('GET', tpApi(PATHS.status()), { token: tokens.tp1 })).body).toEqual({ status: 'up' });
		expect((await http('GET', api(PATHS.status()))).status).toBe(401);
	});
});

describe('scopes', () => {
	test('refuses a training-provider token on the employer root (403 missingScope with requiredScopes)', async () => {
		for (const path of [PATHS.status(), PATHS.trainings(EN_A)]) {
			const body = expectProblem(await http('GET', api(path), { token: tokens.tp1 }), 403, PROBLEM_TYPES.missingScope);
			expect(body.requiredScopes).toEqual([DEFAULT_SCOPES.employer, DEFAULT_SCOPES.provider]);
		}
	});

	test('refuses an employer or mandatary token on the training-provider root', async () => {
		for (const token of [tokens.a, tokens.mandatary]) {
			const body = expectProblem(
				await http('GET', tpApi(PATHS.providerTrainings()), { token }),
				403,
				PROBLEM_TYPES.missingScope,
			);
			expect(body.requiredScopes).toEqual([TRAINING_PROVIDER_SCOPE]);
		}
	});
});

describe('permissions', () => {
	test('an employer reaches its own enterprise only (403 missingPermission naming the other number)', async () => {
		expect((await http('GET', api(PATHS.trainings(EN_A)), { token: tokens.a })).status).toBe(200);
		const body = expectProblem(
			await http('POST', api(PATHS.trainings(EN_B)), { token: tokens.a, json: training() }),
			403,
			PROBLEM_TYPES.missingPermission,
		);
		expect(body.detail).toContain(EN_B);
		expect(sandbox.data().trainings).toHaveLength(0);
	});

	test('a mandatary reaches the employers it holds a mandate for, and no other', async () => {
		const created = await http('POST', api(PATHS.trainings(EN_A)), { token: tokens.mandatary, json: training() });
		expect(created.status).toBe(201);
		expect((await http('GET', api(PATHS.trainings(EN_C)), { token: tokens.mandatary })).status).toBe(200);
		const body = expectProblem(
			await http('GET', api(PATHS.trainings(EN_B)), { token: tokens.mandatary }),
			403,
			PROBLEM_TYPES.missingPermission,
		);
		expect(body.detail).toMatch(new RegExp(`mandate for enterprise ${EN_B}`));
		// A mandatary does not act for its own enterprise number either.
		expectProblem(await http('GET', api(PATHS.trainings(PROVIDER)), { token: tokens.mandatary }), 403, PROBLEM_TYPES.missingPermission);
	});

	test('a mandate withdrawn in Chaman closes the access at once', async () => {
		const withdrawn = makeTestClient('provider', PROVIDER, { mandates: [EN_A] });
		sandbox.addClient(registration(withdrawn));
		const token = await tokenFor(sandbox, withdrawn);
		expect((await http('GET', api(PATHS.trainings(EN_A)), { token })).status).toBe(200);
		sandbox.addClient({ ...registration(withdrawn), mandates: [] });
		expectProblem(await http('GET', api(PATHS.trainings(EN_A)), { token }), 403, PROBLEM_TYPES.missingPermission);
	});

	test('answers 400 to a malformed enterprise number in the path, before the permission check', async () => {
		for (const number of ['0202239952', 'BE0202239951', '020223995']) {
			const body = expectProblem(
				await http('GET', api(PATHS.trainings(number)), { token: tokens.a }),
				400,
				PROBLEM_TYPES.badRequest,
			);
			expect(body.issues).toEqual([
				// Wrong check digits: invalidInput; not 10 digits at all: schemaViolation.
				expect.objectContaining({
					type: number === '0202239952' ? ISSUE_TYPES.invalidInput : ISSUE_TYPES.schemaViolation,
					in: 'path',
					name: 'enterpriseNumber',
					value: number,
				}),
			]);
		}
	});
});

describe('trainings', () => {
	test('a valid flow end to end: token, create, get, patch, list, credit, delete', async () => {
		sandbox.reset({ stats: true });
		const token = await tokenFor(sandbox, clients.a);
		const created = await http('POST', api(PATHS.trainings(EN_A)), { token, json: training({ status: 'completed' }) });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			trainingId: 'TR-000001',
			...training({ status: 'completed' }),
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		});
		expect(created.headers.location).toBe(`/REST/federalLearningAccount/v1${PATHS.training(EN_A, 'TR-000001')}`);

		const got = await http('GET', api(PATHS.training(EN_A, 'TR-000001')), { token });
		expect(got.status).toBe(200);
		expect(got.body).toEqual(created.body);

		const patched = await http('PATCH', api(PATHS.training(EN_A, 'TR-000001')), {
			token,
			json: { durationHours: 3.5, result: 'Passed' },
			headers: { 'Content-Type': 'application/merge-patch+json' },
		});
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ trainingId: 'TR-000001', durationHours: 3.5, result: 'Passed', title: 'Basic fire safety' });

		await http('POST', api(PATHS.trainingRights(EN_A)), { token, json: right() });
		const list = await http('GET', api(`${PATHS.trainings(EN_A)}?ssin=${W1}`), { token });
		expect(list.body).toMatchObject({ total: 1, offset: 0, limit: PAGING.defaultPageSize });
		expect(list.body.items).toEqual([patched.body]);
		expect(list.body.next).toBeUndefined();

		const credit = await http('GET', api(PATHS.trainingCredit(EN_A, W1, 2025)), { token });
		expect(credit.body).toEqual({ ssin: W1, year: 2025, rightHours: 38, usedHours: 3.5, remainingHours: 34.5 });

		expect((await http('DELETE', api(PATHS.training(EN_A, 'TR-000001')), { token })).status).toBe(204);
		expectProblem(await http('GET', api(PATHS.training(EN_A, 'TR-000001')), { token }), 404, PROBLEM_TYPES.resourceNotFound);
		expect(sandbox.data().trainings).toEqual([]);
		const { requests, tokensIssued } = sandbox.stats();
		expect(tokensIssued).toBe(1);
		expect(requests['POST /REST/federalLearningAccount/v1/employers/{enterpriseNumber}/trainings']).toEqual({ '201': 1 });
		expect(requests['DELETE /REST/federalLearningAccount/v1/employers/{enterpriseNumber}/trainings/{trainingId}']).toEqual({ '204': 1 });
	});

	test('refuses a body with a bad NISS, enterprise number, date, enumeration and duration, naming each field', async () => {
		const response = await http('POST', api(PATHS.trainings(EN_A)), {
			token: tokens.a,
			json: training({
				ssin: '85073003329',
				providerEnterpriseNumber: '0202239952',
				startDate: '2025-02-30',
				endDate: '15/03/2025',
				trainingType: 'online',
				status: 'done',
				durationHours: 0,
			}),
		});
		const body = expectProblem(response, 400, PROBLEM_TYPES.badRequest);
		expect(issueNames(body)).toEqual(['durationHours', 'endDate', 'providerEnterpriseNumber', 'ssin', 'startDate', 'status', 'trainingType']);
		const byName = Object.fromEntries(body.issues.map((i: any) => [i.name, i]));
		expect(byName.ssin).toMatchObject({ type: ISSUE_TYPES.invalidInput, in: 'body', value: '85073003329', title: expect.any(String) });
		expect(byName.ssin.detail).toMatch(/^Worker NISS\/INSZ/);
		expect(byName.providerEnterpriseNumber.type).toBe(ISSUE_TYPES.invalidInput);
		expect(byName.trainingType).toMatchObject({ type: ISSUE_TYPES.schemaViolation, value: 'online' });
		expect(byName.endDate.detail).toMatch(/YYYY-MM-DD/);
		expect(sandbox.data().trainings).toHaveLength(0);
	});

	test('refuses an end date before the start date (invalidPeriod on endDate)', async () => {
		const body = expectProblem(
			await http('POST', api(PATHS.trainings(EN_A)), {
				token: tokens.a,
				json: training({ startDate: '2025-03-10', endDate: '2025-03-09' }),
			}),
			400,
			PROBLEM_TYPES.badRequest,
		);
		expect(body.issues).toEqual([
			expect.objectContaining({ type: ISSUE_TYPES.invalidPeriod, in: 'body', name: 'endDate', value: '2025-03-09' }),
		]);
	});

	test('refuses missing required fields, unknown properties and read-only ones', async () => {
		const body = expectProblem(
			await http('POST', api(PATHS.trainings(EN_A)), {
				token: tokens.a,
				json: { ssin: W1, title: 'x', trainingId: 'TR-999999', colour: 'blue', durationHours: '7.5' },
			}),
			400,
			PROBLEM_TYPES.badRequest,
		);
		expect(issueNames(body)).toEqual(['colour', 'durationHours', 'endDate', 'startDate', 'trainingId', 'trainingType']);
		const byName = Object.fromEntries(body.issues.map((i: any) => [i.name, i]));
		expect(byName.colour.type).toBe(ISSUE_TYPES.unknownInput);
		expect(byName.trainingId.detail).toMatch(/set by the gateway/);
		expect(byName.startDate.detail).toBe('Start Date is required');
		expect(byName.durationHours.detail).toMatch(/a JSON number/);
	});

	test('refuses a body that is not JSON or not an object (400), or not application/json (415)', async () => {
		const url = api(PATHS.trainings(EN_A));
		const broken = await http('POST', url, { token: tokens.a, body: '{"ssin":', headers: { 'Content-Type': 'application/json' } });
		expect(expectProblem(broken, 400, PROBLEM_TYPES.badRequest).issues[0]).toMatchObject({ in: 'body', detail: expect.stringMatching(/not valid JSON/) });
		const list = await http('POST', url, { token: tokens.a, json: [training()] });
		expect(expectProblem(list, 400, PROBLEM_TYPES.badRequest).issues[0].detail).toMatch(/JSON object/);
		const empty = await http('POST', url, { token: tokens.a, headers: { 'Content-Type': 'application/json' } });
		expectProblem(empty, 400, PROBLEM_TYPES.badRequest);
		const form = await http('POST', url, { token: tokens.a, body: 'ssin=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		expect(form.status).toBe(415);
		expect(form.headers['content-type']).toBe('application/problem+json');
	});

	test('refuses a body over 1 MB (413 payloadTooLarge), storing nothing', async () => {
		const response = await http('POST', api(PATHS.trainings(EN_A)), {
			token: tokens.a,
			json: training({ description: 'x'.repeat(1024 * 1024 + 10) }),
		});
		expectProblem(response, 413, PROBLEM_TYPES.payloadTooLarge);
		expect(sandbox.data().trainings).toHaveLength(0);
	});

	test('applies a merge patch: null removes an optional field; the merged record is checked as a whole', async () => {
		const token = tokens.a;
		await http('POST', api(PATHS.trainings(EN_A)), { token, json: training({ nature: 'Safety' }) });
		const url = api(PATHS.training(EN_A, 'TR-000001'));
		const removed = await http('PATCH', url, { token, json: { nature: null } });
		expect(removed.status).toBe(200);
		expect(removed.body.nature).toBeUndefined();
		expect(sandbox.data().trainings[0]).not.toHaveProperty('nature');

		const noTitle = expectProblem(await http('PATCH', url, { token, json: { title: null } }), 400, PROBLEM_TYPES.badRequest);
		expect(issueNames(noTitle)).toEqual(['title']);
		// The stored start is 2025-03-10: an end date on its own can make the merged record wrong.
		const period = expectProblem(await http('PATCH', url, { token, json: { endDate: '2025-03-01' } }), 400, PROBLEM_TYPES.badRequest);
		expect(period.issues).toEqual([expect.objectContaining({ type: ISSUE_TYPES.invalidPeriod, name: 'endDate' })]);
		const bad = expectProblem(await http('PATCH', url, { token, json: { ssin: '123', createdAt: 'now' } }), 400, PROBLEM_TYPES.badRequest);
		expect(issueNames(bad)).toEqual(['createdAt', 'ssin']);
		expect(sandbox.data().trainings[0]).toMatchObject({ title: 'Basic fire safety', endDate: '2025-03-11', ssin: W1 });
	});

	test("answers 404 for an unknown training, another employer's training and an unknown path; 405 for a wrong method", async () => {
		await http('POST', api(PATHS.trainings(EN_C)), { token: tokens.mandatary, json: training() });
		expectProblem(await http('GET', api(PATHS.training(EN_A, 'TR-000001')), { token: tokens.mandatary }), 404, PROBLEM_TYPES.resourceNotFound);
		expectProblem(await http('PATCH', api(PATHS.training(EN_A, 'TR-000002')), { token: tokens.a, json: {} }), 404, PROBLEM_TYPES.resourceNotFound);
		expectProblem(await http('DELETE', api(PATHS.training(EN_A, 'nope')), { token: tokens.a }), 404, PROBLEM_TYPES.resourceNotFound);
		expectProblem(await http('GET', api('/employers/0202239951/nothing'), { token: tokens.a }), 404, PROBLEM_TYPES.resourceNotFound);
		const wrong = await http('PUT', api(PATHS.training(EN_A, 'TR-000001')), { token: tokens.a, json: training() });
		expect(wrong.status).toBe(405);
		expect(wrong.headers.allow).toBe('GET, PATCH, DELETE');
		expect(sandbox.data().trainings).toHaveLength(1);
	});

	test('filters the list by worker and start-date period; refuses unknown or bad query parameters', async () => {
		const token = tokens.a;
		for (const [ssin, startDate] of [[W1, '2024-05-01'], [W1, '2025-02-01'], [W2, '2025-06-01'], [W1, '2025-09-01']]) {
			await http('POST', api(PATHS.trainings(EN_A)), { token, json: training({ ssin, startDate, endDate: startDate }) });
		}
		const list = async (query: string) => (await http('GET', api(`${PATHS.trainings(EN_A)}?${query}`), { token })).body;
		expect((await list(`ssin=${W1}`)).total).toBe(3);
		expect((await list('startDateFrom=2025-01-01&startDateTo=2025-06-30')).items.map((t: any) => t.startDate)).toEqual([
			'2025-02-01',
			'2025-06-01',
		]);
		expect((await list(`ssin=${W1}&startDateFrom=2025-01-01`)).total).toBe(2);

		const bad = await http('GET', api(`${PATHS.trainings(EN_A)}?ssin=123&from=2025-01-01&startDateTo=2025-13-01`), { token });
		const body = expectProblem(bad, 400, PROBLEM_TYPES.badRequest);
		expect(body.issues.map((i: any) => [i.in, i.name, i.type])).toEqual([
			['query', 'ssin', ISSUE_TYPES.schemaViolation],
			['query', 'from', ISSUE_TYPES.unknownInput],
			['query', 'startDateTo', ISSUE_TYPES.invalidInput],
		]);
		const twice = expectProblem(await http('GET', api(`${PATHS.trainings(EN_A)}?ssin=${W1}&ssin=${W2}`), { token }), 400, PROBLEM_TYPES.badRequest);
		expect(twice.issues).toEqual([expect.objectContaining({ in: 'query', name: 'ssin', detail: 'ssin is given more than once' })]);
		const reversed = expectProblem(
			await http('GET', api(`${PATHS.trainings(EN_A)}?startDateFrom=2025-06-01&startDateTo=2025-01-01`), { token }),
			400,
			PROBLEM_TYPES.badRequest,
		);
		expect(reversed.issues).toEqual([expect.objectContaining({ type: ISSUE_TYPES.invalidPeriod, name: 'startDateTo' })]);
	});
});

describe('paging', () => {
	beforeEach(() => {
		sandbox.seed({
			trainings: Array.from({ length: 45 }, (_, i) => ({ enterpriseNumber: EN_A, ...training({ title: `Session ${i + 1}` }) })),
		});
	});

	test('pages with offset and limit: total, next on every page but the last, next followed as given', async () => {
		const pages: any[] = [];
		let path: string | undefined = `/REST/federalLearningAccount/v1${PATHS.trainings(EN_A)}?ssin=${W1}&limit=20`;
		while (path) {
			const response = await http('GET', sandbox.origin + path, { token: tokens.a });
			expect(response.status).toBe(200);
			pages.push(response.body);
			path = response.body.next;
		}
		expect(pages.map((p) => [p.offset, p.limit, p.items.length, p.total])).toEqual([
			[0, 20, 20, 45],
			[20, 20, 20, 45],
			[40, 20, 5, 45],
		]);
		expect(pages[0].next).toBe(`/REST/federalLearningAccount/v1${PATHS.trainings(EN_A)}?ssin=${W1}&limit=20&offset=20`);
		expect(pages[2]).not.toHaveProperty('next');
		const titles = pages.flatMap((p) => p.items.map((t: any) => t.title));
		expect(new Set(titles).size).toBe(45);
		expect(titles[44]).toBe('Session 45');
	});

	test('uses the default page size, stops at the total, and refuses a limit above the maximum or a bad offset', async () => {
		const first = (await http('GET', api(PATHS.trainings(EN_A)), { token: tokens.a })).body;
		expect(first.items).toHaveLength(PAGING.defaultPageSize);
		const beyond = (await http('GET', api(`${PATHS.trainings(EN_A)}?offset=100`), { token: tokens.a })).body;
		expect(beyond).toEqual({ items: [], total: 45, offset: 100, limit: PAGING.defaultPageSize });
		const max = (await http('GET', api(`${PATHS.trainings(EN_A)}?limit=${PAGING.maxPageSize}`), { token: tokens.a })).body;
		expect(max.items).toHaveLength(45);
		for (const query of [`limit=${PAGING.maxPageSize + 1}`, 'limit=0', 'offset=-1', 'offset=x']) {
			const body = expectProblem(
				await http('GET', api(`${PATHS.trainings(EN_A)}?${query}`), { token: tokens.a }),
				400,
				PROBLEM_TYPES.badRequest,
			);
			expect(body.issues[0]).toMatchObject({ in: 'query', name: query.split('=')[0] });
		}
	});
});

describe('training rights', () => {
	test('creates, reads, lists by worker and year, updates and deletes', async () => {
		const token = tokens.a;
		const created = await http('POST', api(PATHS.trainingRights(EN_A)), {
			token,
			json: right({ rightType: 'sectoral', unit: 'hours', amount: 16, jointCommittee: '200', collectiveAgreementNumber: '178123/CO/200' }),
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ trainingRightId: 'TRR-000001', rightType: 'sectoral', amount: 16, jointCommittee: '200' });
		await http('POST', api(PATHS.trainingRights(EN_A)), { token, json: right({ year: 2024 }) });
		await http('POST', api(PATHS.trainingRights(EN_A)), { token, json: right({ ssin: W2 }) });
		const list = async (query: string) => (await http('GET', api(`${PATHS.trainingRights(EN_A)}?${query}`), { token })).body;
		expect((await list('year=2025')).total).toBe(2);
		expect((await list(`year=2025&ssin=${W1}`)).items.map((r: any) => r.trainingRightId)).toEqual(['TRR-000001']);
		expectProblem(await http('GET', api(`${PATHS.trainingRights(EN_A)}?year=2019`), { token }), 400, PROBLEM_TYPES.badRequest);

		const url = api(PATHS.trainingRight(EN_A, 'TRR-000001'));
		expect((await http('GET', url, { token })).body).toEqual(created.body);
		expect((await http('PATCH', url, { token, json: { amount: 12 } })).body.amount).toBe(12);
		const badCommittee = expectProblem(await http('PATCH', url, { token, json: { jointCommittee: 'PC 200', unit: 'weeks' } }), 400, PROBLEM_TYPES.badRequest);
		expect(issueNames(badCommittee)).toEqual(['jointCommittee', 'unit']);
		expect((await http('DELETE', url, { token })).status).toBe(204);
		expectProblem(await http('DELETE', url, { token }), 404, PROBLEM_TYPES.resourceNotFound);
	});

	test('refuses a second right of the same worker, year and type (409), also through an update', async () => {
		const token = tokens.a;
		await http('POST', api(PATHS.trainingRights(EN_A)), { token, json: right() });
		const twice = await http('POST', api(PATHS.trainingRights(EN_A)), { token, json: right({ amount: 4 }) });
		const body = expectProblem(twice, 409, ISSUE_TYPES.duplicate);
		expect(body.trainingRightId).toBe('TRR-000001');
		expect(issueNames(body)).toEqual(['rightType', 'ssin', 'year']);
		// Same worker and year but another type is fine; so is the same right at another employer.
		expect((await http('POST', api(PATHS.trainingRights(EN_A)), { token, json: right({ rightType: 'sectoral' }) })).status).toBe(201);
		expect((await http('POST', api(PATHS.trainingRights(EN_B)), { token: tokens.b, json: right() })).status).toBe(201);
		const update = await http('PATCH', api(PATHS.trainingRight(EN_A, 'TRR-000002')), { token, json: { rightType: 'individual' } });
		expectProblem(update, 409, ISSUE_TYPES.duplicate);
		expect(sandbox.data().trainingRights.map((r) => r.rightType)).toEqual(['individual', 'sectoral', 'individual']);
	});
});

describe('training credits', () => {
	beforeEach(() => {
		const t = (overrides: Record<string, unknown>) => ({ enterpriseNumber: EN_A, ...training(overrides) });
		sandbox.seed({
			trainingRights: [
				{ enterpriseNumber: EN_A, ...right() },
				{ enterpriseNumber: EN_A, ...right({ rightType: 'sectoral', unit: 'hours', amount: 10 }) },
				{ enterpriseNumber: EN_A, ...right({ ssin: W2, amount: 2.5 }) },
				{ enterpriseNumber: EN_B, ...right({ ssin: W3 }) },
			],
			trainings: [
				t({ durationHours: 7.6, status: 'completed' }),
				t({ durationHours: 3.5 }),
				t({ durationHours: 4, status: 'notFollowed' }),
				t({ durationHours: 2, countsTowardsTrainingRight: false }),
				t({ durationHours: 8, startDate: '2024-06-01', endDate: '2024-06-01' }),
				t({ ssin: W3, durationHours: 1 }),
			],
		});
	});

	test('computes rights in hours (days x HOURS_PER_DAY) minus the completed, counting trainings of that year', async () => {
		const credit = (await http('GET', api(PATHS.trainingCredit(EN_A, W1, 2025)), { token: tokens.a })).body;
		const rightHours = 5 * HOURS_PER_DAY + 10;
		expect(credit).toEqual({ ssin: W1, year: 2025, rightHours, usedHours: 11.1, remainingHours: Math.round((rightHours - 11.1) * 100) / 100 });
		// 2024: a training and no right.
		expect((await http('GET', api(PATHS.trainingCredit(EN_A, W1, 2024)), { token: tokens.a })).body).toEqual({
			ssin: W1,
			year: 2024,
			rightHours: 0,
			usedHours: 8,
			remainingHours: -8,
		});
	});

	test('answers 404 for a worker with neither right nor training that year; 400 for a bad NISS or year in the path', async () => {
		expectProblem(await http('GET', api(PATHS.trainingCredit(EN_A, W1, 2023)), { token: tokens.a }), 404, PROBLEM_TYPES.resourceNotFound);
		// W3 has a right at employer B only; at A it has a 2025 training.
		expect((await http('GET', api(PATHS.trainingCredit(EN_A, W3, 2025)), { token: tokens.a })).body.rightHours).toBe(0);
		const bad = expectProblem(await http('GET', api(PATHS.trainingCredit(EN_A, '85073003320', 2031)), { token: tokens.a }), 400, PROBLEM_TYPES.badRequest);
		expect(bad.issues.map((i: any) => [i.in, i.name])).toEqual([
			['path', 'ssin'],
			['path', 'year'],
		]);
	});

	test('lists the credits of every worker of a year, paged; the year is required', async () => {
		const page1 = (await http('GET', api(`${PATHS.trainingCredits(EN_A)}?year=2025&limit=2`), { token: tokens.a })).body;
		expect(page1.total).toBe(3);
		expect(page1.items.map((c: any) => c.ssin)).toEqual([W3, W1].sort());
		const page2 = (await http('GET', sandbox.origin + page1.next, { token: tokens.a })).body;
		expect(page2.items).toEqual([{ ssin: W2, year: 2025, rightHours: 19, usedHours: 0, remainingHours: 19 }]);
		expect(page2.next).toBeUndefined();
		const one = (await http('GET', api(`${PATHS.trainingCredits(EN_A)}?year=2025&ssin=${W2}`), { token: tokens.a })).body;
		expect(one.total).toBe(1);
		const noYear = expectProblem(await http('GET', api(PATHS.trainingCredits(EN_A)), { token: tokens.a }), 400, PROBLEM_TYPES.badRequest);
		expect(noYear.issues).toEqual([expect.objectContaining({ in: 'query', name: 'year' })]);
	});
});

describe('opt-outs of the automatic calculation', () => {
	test('company-wide and per worker: create, read, refuse a duplicate, delete', async () => {
		const token = tokens.a;
		const created = await http('POST', api(PATHS.optOuts(EN_A)), { token, json: { year: 2025 } });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({ year: 2025, companyWide: true, workers: [] });
		expect(created.headers.location).toBe(`/REST/federalLearningAccount/v1${PATHS.optOut(EN_A, 2025)}`);
		expectProblem(await http('POST', api(PATHS.optOuts(EN_A)), { token, json: { year: 2025 } }), 409, ISSUE_TYPES.duplicate);
		expect((await http('POST', api(PATHS.optOuts(EN_A)), { token, json: { year: 2025, ssin: W2 } })).status).toBe(201);
		expect((await http('POST', api(PATHS.optOuts(EN_A)), { token, json: { year: 2025, ssin: W1 } })).status).toBe(201);
		expectProblem(await http('POST', api(PATHS.optOuts(EN_A)), { token, json: { year: 2025, ssin: W1 } }), 409, ISSUE_TYPES.duplicate);
		const bad = expectProblem(await http('POST', api(PATHS.optOuts(EN_A)), { token, json: { year: '2025', ssin: 'x' } }), 400, PROBLEM_TYPES.badRequest);
		expect(issueNames(bad)).toEqual(['ssin', 'year']);

		const url = api(PATHS.optOut(EN_A, 2025));
		expect((await http('GET', url, { token })).body).toEqual({ year: 2025, companyWide: true, workers: [W1, W2].sort() });
		expect((await http('GET', api(PATHS.optOut(EN_A, 2024)), { token })).body).toEqual({ year: 2024, companyWide: false, workers: [] });
		expect((await http('DELETE', `${url}?ssin=${W1}`, { token })).status).toBe(204);
		expectProblem(await http('DELETE', `${url}?ssin=${W1}`, { token }), 404, PROBLEM_TYPES.resourceNotFound);
		expect((await http('DELETE', url, { token })).status).toBe(204);
		expectProblem(await http('DELETE', url, { token }), 404, PROBLEM_TYPES.resourceNotFound);
		expect((await http('GET', url, { token })).body).toEqual({ year: 2025, companyWide: false, workers: [W2] });
		expectProblem(await http('GET', api(PATHS.optOut(EN_A, 2022)), { token }), 400, PROBLEM_TYPES.badRequest);
		expect(sandbox.data().optOuts).toEqual([{ enterpriseNumber: EN_A, year: 2025, ssin: W2, createdAt: expect.any(String) }]);
	});
});

describe("training providers' trainings", () => {
	test('creates a training with its participants, owned by the provider; another provider sees nothing of it', async () => {
		const created = await http('POST', tpApi(PATHS.providerTrainings()), { token: tokens.tp1, json: providerTraining() });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ trainingId: 'PTR-000001', participants: [{ ssin: W1, employerEnterpriseNumber: EN_A }, { ssin: W2 }] });
		expect(created.headers.location).toBe(`/REST/federalLearningAccount/trainingProvider/v1${PATHS.providerTraining('PTR-000001')}`);
		expect(sandbox.data().providerTrainings[0].providerEnterpriseNumber).toBe(TP1);

		expect((await http('GET', tpApi(PATHS.providerTraining('PTR-000001')), { token: tokens.tp1 })).body).toEqual(created.body);
		expectProblem(await http('GET', tpApi(PATHS.providerTraining('PTR-000001')), { token: tokens.tp2 }), 404, PROBLEM_TYPES.resourceNotFound);
		expectProblem(await http('DELETE', tpApi(PATHS.providerTraining('PTR-000001')), { token: tokens.tp2 }), 404, PROBLEM_TYPES.resourceNotFound);
		expect((await http('GET', tpApi(PATHS.providerTrainings()), { token: tokens.tp2 })).body).toEqual({ items: [], total: 0, offset: 0, limit: PAGING.defaultPageSize });
		expect((await http('GET', tpApi(PATHS.providerTrainings()), { token: tokens.tp1 })).body.total).toBe(1);
	});

	test('refuses bad participants: bad NISS, bad employer number, a duplicate, none, more than the maximum', async () => {
		const post = (json: unknown) => http('POST', tpApi(PATHS.providerTrainings()), { token: tokens.tp1, json });
		const bad = expectProblem(
			await post(
				providerTraining({
					participants: [{ ssin: W1 }, { ssin: '12345678901', employerEnterpriseNumber: '0403170702' }, { ssin: W1, role: 'x' }],
				}),
			),
			400,
			PROBLEM_TYPES.badRequest,
		);
		expect(issueNames(bad)).toEqual([
			'participants[1].employerEnterpriseNumber',
			'participants[1].ssin',
			'participants[2].role',
			'participants[2].ssin',
		]);
		const byName = Object.fromEntries(bad.issues.map((i: any) => [i.name, i.type]));
		expect(byName).toEqual({
			'participants[1].employerEnterpriseNumber': ISSUE_TYPES.invalidInput,
			'participants[1].ssin': ISSUE_TYPES.invalidInput,
			'participants[2].role': ISSUE_TYPES.unknownInput,
			'participants[2].ssin': ISSUE_TYPES.duplicate,
		});
		for (const participants of [[], undefined, 'W1', Array.from({ length: MAX_PARTICIPANTS + 1 }, () => ({ ssin: W1 }))]) {
			const body = expectProblem(await post(providerTraining({ participants })), 400, PROBLEM_TYPES.badRequest);
			expect(issueNames(body)).toEqual(['participants']);
		}
		const fields = expectProblem(await post(providerTraining({ ssin: W1, durationHours: -1 })), 400, PROBLEM_TYPES.badRequest);
		expect(issueNames(fields)).toEqual(['durationHours', 'ssin']);
		expect(sandbox.data().providerTrainings).toHaveLength(0);
	});

	test('replaces the participants with a merge patch, filters by participant, deletes', async () => {
		const token = tokens.tp1;
		await http('POST', tpApi(PATHS.providerTrainings()), { token, json: providerTraining() });
		await http('POST', tpApi(PATHS.providerTrainings()), { token, json: providerTraining({ participants: [{ ssin: W3 }] }) });
		const url = tpApi(PATHS.providerTraining('PTR-000001'));
		const patched = await http('PATCH', url, { token, json: { participants: [{ ssin: W3 }], status: 'completed' } });
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ participants: [{ ssin: W3 }], status: 'completed' });
		expectProblem(await http('PATCH', url, { token, json: { participants: null } }), 400, PROBLEM_TYPES.badRequest);
		expect((await http('GET', tpApi(`${PATHS.providerTrainings()}?ssin=${W3}`), { token })).body.total).toBe(2);
		expect((await http('GET', tpApi(`${PATHS.providerTrainings()}?ssin=${W1}`), { token })).body.total).toBe(0);
		expect((await http('DELETE', url, { token })).status).toBe(204);
		expect(sandbox.data().providerTrainings.map((t) => t.trainingId)).toEqual(['PTR-000002']);
	});
});
