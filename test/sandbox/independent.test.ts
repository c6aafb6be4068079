/**
 * The sandbox is the node's second opinion: it checks what arrives with its own code (`stdnum` for NISS, BIS and
 * enterprise numbers), not with the node's validation, so that a validation bug of the node is caught by it. It
 * answers with Belgif's issue types and keeps the gateway's rules on merge patches and on the FLA's years.
 */
import { PATHS } from './statement';
import { startSandbox, type Sandbox } from './server';
import { http, makeTestClient, registration, tokenFor, trainingBody, type TestClient } from './testkit';

const EN = '0202239951';
const TP = '0451471751';
const W1 = '85073003328';

let sandbox: Sandbox;
let employer: TestClient;
let provider: TestClient;
let employerToken: string;
let providerToken: string;

beforeAll(async () => {
	employer = makeTestClient('employer', EN);
	provider = makeTestClient('trainingProvider', TP);
	sandbox = await startSandbox({ clients: [registration(employer), registration(provider)] });
	employerToken = await tokenFor(sandbox, employer);
	providerToken = await tokenFor(sandbox, provider);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset({ data: true }));

const training = trainingBody;
const post = (body: unknown) =>
	http('POST', sandbox.apiUrl + PATHS.trainings(EN), { json: body, token: employerToken });

interface Issue {
	type: string;
	title: string;
	name?: string;
	detail: string;
}
const issuesOf = (body: unknown) => ((body as { issues?: Issue[] }).issues ?? []);

describe('identifiers checked independently of the node (stdnum)', () => {
	it.each([
		// A NISS with an unknown birth date (month 00) whose check digits only fit a birth in 2080.
		['a NISS whose check digits fit a birth year in the future', { ssin: '80000031239' }, 'ssin'],
		['a BIS number of the same kind (month 20)', { ssin: '80200031282' }, 'ssin'],
		// The check digits of 00000000 are 97: right, but no enterprise has that number.
		['the enterprise number 0000000097', { providerEnterpriseNumber: '0000000097' }, 'providerEnterpriseNumber'],
	])('refuses %s', async (_what, overrides, field) => {
		const response = await post(training(overrides));
		expect(response.status).toBe(400);
		expect(issuesOf(response.body)).toEqual([
			expect.objectContaining({ type: 'urn:problem-type:belgif:input-validation:invalidInput', name: field }),
		]);
	});

	it('refuses a participant employer 0000000097 in a provider training', async () => {
		const response = await http('POST', sandbox.trainingProviderApiUrl + PATHS.providerTrainings(), {
			token: providerToken,
			json: { ...training(), ssin: undefined, participants: [{ ssin: W1, employerEnterpriseNumber: '0000000097' }] },
		});
		expect(response.status).toBe(400);
		expect(issuesOf(response.body).map((i) => i.name)).toEqual(['participants[0].employerEnterpriseNumber']);
	});

	it('accepts the numbers stdnum accepts: NISS, BIS, unknown birth date in a past year, born in 2000-2009', async () => {
		for (const ssin of ['85073003328', '88022999297', '20070199922', '00010112377', '80000031210', '80200031253']) {
			const response = await post(training({ ssin }));
			expect({ ssin, status: response.status }).toEqual({ ssin, status: 201 });
		}
	});
});

describe('Belgif issue types', () => {
	it('uses schemaViolation, invalidInput, unknownInput and the belgif-ext invalidPeriod', async () => {
		const response = await post(
			training({ trainingType: 'online', ssin: '85073003329', endDate: '2025-03-09', colour: 'blue' }),
		);
		expect(response.status).toBe(400);
		const byName = Object.fromEntries(issuesOf(response.body).map((i) => [i.name, i]));
		expect(byName.trainingType.type).toBe('urn:problem-type:belgif:input-validation:schemaViolation');
		expect(byName.ssin.type).toBe('urn:problem-type:belgif:input-validation:invalidInput');
		expect(byName.endDate.type).toBe('urn:problem-type:belgif-ext:input-validation:invalidPeriod');
		expect(byName.colour.type).toBe('urn:problem-type:belgif:input-validation:unknownInput');
	});
});

describe('merge patches and years', () => {
	it('refuses an empty merge patch with 400 and leaves the record (and its updatedAt) as it was', async () => {
		const created = await post(training());
		expect(created.status).toBe(201);
		const id = (created.body as { trainingId: string }).trainingId;
		const path = sandbox.apiUrl + PATHS.training(EN, id);
		const before = await http('GET', path, { token: employerToken });
		await new Promise((resolve) => setTimeout(resolve, 5)); // so that a new timestamp would differ
		const patched = await http('PATCH', path, {
			token: employerToken,
			body: '{}',
			headers: { 'Content-Type': 'application/merge-patch+json' },
		});
		expect(patched.status).toBe(400);
		expect(JSON.stringify(patched.body)).toMatch(/nothing to change/i);
		const after = await http('GET', path, { token: employerToken });
		expect(after.body).toEqual(before.body);
	});

	it.each([
		['1950-06-01', '1950-06-02'],
		['2022-12-31', '2023-01-02'],
		['2026-12-31', '2027-01-01'],
		['2100-01-01', '2100-01-02'],
	])('refuses a training from %s to %s: outside the years 2023 to 2026 the FLA holds', async (startDate, endDate) => {
		const response = await post(training({ startDate, endDate }));
		expect(response.status).toBe(400);
		expect(issuesOf(response.body).map((i) => i.detail).join(' ')).toMatch(/2023 to 2026/);
	});

	it('accepts a training on the first and the last day of those years', async () => {
		expect((await post(training({ startDate: '2023-01-01', endDate: '2026-12-31' }))).status).toBe(201);
	});
});
