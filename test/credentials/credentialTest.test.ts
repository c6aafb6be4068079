/**
 * The credential test as n8n's server runs it and what the editor then shows, against the sandbox: every failure
 * shows the package's message (what happened, what to check), never a bare code such as `invalid_client`.
 */
import { CareerProFlaApi } from '../../credentials/CareerProFlaApi.credentials';
import { tokenCache } from '../../credentials/auth/tokenCache';
import { testCredential } from '../support/credentialTester';
import { makeClient, startWorld, type World } from '../support/world';

const credentialType = new CareerProFlaApi();
let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world.close());
beforeEach(() => tokenCache.clear());

/** The employer's working credential with some fields changed, saved as a new credential. */
const variant = (changes: Record<string, string>): string => world.variant(world.employer, changes).credentialId;

describe('The credential test', () => {
	it('is green for a working credential', async () => {
		expect(await testCredential(world.engine, world.employer.credentialId, credentialType)).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('a client the gateway does not know: the package says what to check in Chaman', async () => {
		const verdict = await testCredential(world.engine, variant({ clientId: 'self_service_chaman_999999_unknown' }), credentialType);
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^The gateway refused the client \(invalid_client/);
		expect(verdict.message).toContain('Check in Chaman that "Client ID" (self_service_chaman_999999_unknown)');
	});

	it('a token URL where nothing listens: the package names the address and what to check', async () => {
		const verdict = await testCredential(world.engine, variant({ tokenUrl: 'http://127.0.0.1:9/REST/oauth/v5/token' }), credentialType);
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^The connection to 127\.0\.0\.1:9 was refused/);
	});

	it('a wrong certificate password: the package says which field', async () => {
		const verdict = await testCredential(world.engine, variant({ pfxPassword: 'not-the-password' }), credentialType);
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/password/i);
		expect(verdict.message).not.toContain('not-the-password');
	});

	it('a certificate that is not the one registered for the client: the package says so', async () => {
		const other = makeClient('employer', world.employer.enterpriseNumber);
		const verdict = await testCredential(world.engine, variant({ pfx: other.pfx, pfxPassword: other.pfxPassword }), credentialType);
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^The gateway refused/);
	});
});

describe('A saved credential that is edited (the stored token kept, as n8n keeps it)', () => {
	const create = {
		resource: 'training',
		operation: 'create',
		enterpriseNumber: '0202239951',
		ssin: '85073003328',
		title: 'After an edit',
		trainingType: 'formal',
		startDate: '2026-06-02',
		endDate: '2026-06-02',
		durationHours: '1',
		additionalFields: {},
	};

	it('is tested with a new token for its current settings, and the next run uses a token for them too', async () => {
		const id = variant({});
		const edit = (changes: Record<string, string>) => world.engine.credentials.save(id, { ...world.engine.credentials.stored(id)!, ...changes });
		const original = { ...world.engine.credentials.stored(id)! };
		const tokens = () => world.sandbox.stats().tokenRequests;

		let before = tokens();
		expect(await testCredential(world.engine, id, credentialType)).toMatchObject({ status: 'OK' });
		expect(tokens()).toBe(before + 1);
		const stored = world.engine.credentials.stored(id)!;
		expect(stored.accessToken).not.toBe('');

		edit({ pfxPassword: 'a-wrong-password' });
		const wrongPassword = await testCredential(world.engine, id, credentialType);
		expect(wrongPassword.status).toBe('Error');
		expect(wrongPassword.message).toMatch(/password is wrong/);

		edit({ pfxPassword: String(original.pfxPassword), clientId: 'self_service_chaman_777777_typo' });
		const wrongClient = await testCredential(world.engine, id, credentialType);
		expect(wrongClient).toMatchObject({ status: 'Error', message: expect.stringMatching(/^The gateway refused the client \(invalid_client/) });

		// A run with the wrong client ID fails too, although the token stored for the right one is still valid.
		const run = await world.engine.runNode({ parameters: create, credentialId: id, continueOnFail: true });
		expect(String(run.items[0].json.error)).toMatch(/^The gateway refused the client/);

		edit({ clientId: String(original.clientId) });
		before = tokens();
		expect(await testCredential(world.engine, id, credentialType)).toMatchObject({ status: 'OK' });
		expect(tokens()).toBe(before + 1);
		// The test's token was saved with its settings: the next run sends it without asking for another.
		before = tokens();
		const good = await world.engine.runNode({ parameters: create, credentialId: id });
		expect(good.error).toBeUndefined();
		expect(typeof good.items[0].json.trainingId).toBe('string');
		expect(tokens()).toBe(before);
	});
});
