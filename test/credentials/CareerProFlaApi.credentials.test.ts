/**
 * The credential as n8n uses it: its fields, its header, its test request, and preAuthentication called with
 * n8n's real `helpers.httpRequest` against a token endpoint on loopback. What is measured: how many token
 * requests reach the endpoint when 1000 items start together, after expiry, after the gateway refused a token,
 * after a failure; and that nothing is sent for a key the manual does not allow.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, INodeProperties } from 'n8n-workflow';

import { CareerProFlaApi } from '../../credentials/CareerProFlaApi.credentials';
import { tokenCache } from '../../credentials/auth/tokenCache';
import { apiRootExpression, DEFAULT_SCOPES } from '../../credentials/gateway';
import { PkiFixtures, expectNoSecret } from '../support/pki';
import { TokenServer, n8nHttpRequest } from './auth/tokenServer';

const fixtures = new PkiFixtures();
const credential = new CareerProFlaApi();
const PASSWORD = 'pfx-password-Ünïcode-42';
let server: TokenServer;
let clientCounter = 0;

beforeAll(async () => {
	server = await TokenServer.start();
});
afterAll(async () => {
	await server.close();
	fixtures.cleanup();
});
beforeEach(() => {
	tokenCache.clear();
	server.respond = (_request, n) => server.token(n);
});

const helpers: IHttpRequestHelper = { helpers: { httpRequest: n8nHttpRequest() } };

/** A credential as n8n hands it to preAuthentication, for a new client registered with the token server. */
function makeCredentials(overrides: ICredentialDataDecryptedObject = {}, keyType: 'rsa-2048' | 'ec-p384' | 'ec-p521' = 'rsa-2048') {
	const pair = fixtures.pair(keyType);
	const clientId = `self_service_chaman_${500000 + ++clientCounter}_test`;
	server.register(clientId, pair.certificatePem);
	const pfx = fixtures.pkcs12(pair, PASSWORD).toString('base64');
	const credentials: ICredentialDataDecryptedObject = {
		environment: 'custom',
		tokenUrl: server.url,
		apiUrl: 'http://127.0.0.1:1/REST/federalLearningAccount/v1',
		quality: 'employer',
		clientId,
		scope: '',
		keyFormat: 'pkcs12',
		pfx,
		pfxPassword: PASSWORD,
		accessToken: '',
		...overrides,
	};
	return { credentials, pair, pfx, clientId };
}

const preAuthenticate = async (credentials: ICredentialDataDecryptedObject) =>
	(await credential.preAuthentication.call(helpers, credentials)) as { accessToken: string };

describe('the credential type', () => {
	const field = (name: string) => credential.properties.find((p) => p.name === name) as INodeProperties;

	it('has the names, fields and options the rest of the package relies on', () => {
		expect(credential.name).toBe('careerProFlaApi');
		expect(credential.displayName).toBe('CareerPro FLA API');
		expect(credential.icon).toBe('file:careerProFla.svg');
		expect(credential.documentationUrl).toMatch(/^https:\/\/www\.npmjs\.com\/package\/n8n-nodes-careerpro-fla/);
		expect(credential.properties.map((p) => p.name)).toEqual([
			'environment', 'tokenUrl', 'apiUrl', 'quality', 'clientId', 'scope', 'keyFormat', 'pfx', 'pfxPassword', 'privateKey', 'accessToken',
		]);
		expect(field('environment').options?.map((o) => (o as { value: string }).value)).toEqual(['acceptance', 'custom', 'production']);
		expect(field('environment').default).toBe('production');
		expect(field('quality').options?.map((o) => (o as { value: string }).value)).toEqual(['employer', 'provider', 'trainingProvider']);
		expect(field('keyFormat').default).toBe('pkcs12');
		expect(field('tokenUrl').displayOptions).toEqual({ show: { environment: ['custom'] } });
		expect(field('apiUrl').displayOptions).toEqual({ show: { environment: ['custom'] } });
		expect(field('pfx').displayOptions).toEqual({ show: { keyFormat: ['pkcs12'] } });
		expect(field('pfxPassword').displayOptions).toEqual({ show: { keyFormat: ['pkcs12'] } });
		expect(field('privateKey').displayOptions).toEqual({ show: { keyFormat: ['pem'] } });
	});

	it('masks every secret and keeps the token hidden and expirable', () => {
		for (const name of ['pfx', 'pfxPassword', 'privateKey']) expect(field(name).typeOptions?.password).toBe(true);
		expect(field('accessToken')).toMatchObject({ type: 'hidden', typeOptions: { expirable: true, password: true }, default: '' });
	});

	it('sends the token as a bearer header, and tests with an authenticated read of /status under the API root', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
		});
		expect(credential.test.request).toEqual({ baseURL: apiRootExpression(), url: '/status', method: 'GET' });
	});
});

describe('preAuthentication', () => {
	it('gets a token with a verified assertion and the scope of the quality', async () => {
		for (const [quality, keyType] of [['employer', 'rsa-2048'], ['provider', 'ec-p384'], ['trainingProvider', 'ec-p521']] as const) {
			const { credentials, clientId } = makeCredentials({ quality }, keyType);
			const before = server.count;
			expect(await preAuthenticate(credentials)).toEqual({ accessToken: expect.stringMatching(/^token-/) });
			expect(server.count).toBe(before + 1);
			const received = server.requests.at(-1)!;
			expect(received.verifyError).toBeUndefined();
			expect(received.verified?.header).toEqual({ alg: { 'rsa-2048': 'RS256', 'ec-p384': 'ES384', 'ec-p521': 'ES512' }[keyType], typ: 'JWT' });
			expect(received.verified?.payload).toMatchObject({ iss: clientId, sub: clientId, aud: server.url });
			expect(received.form.client_id).toBeUndefined();
			expect(received.form.scope).toBe(DEFAULT_SCOPES[quality]);
		}
	});

	it('sends the Scope override, and works with a PEM key pasted on one line', async () => {
		const { credentials, pair } = makeCredentials({ scope: '  scope:a   scope:b ' });
		await preAuthenticate(credentials);
		expect(server.requests.at(-1)!.form.scope).toBe('scope:a scope:b');
		await preAuthenticate({ ...credentials, scope: '', keyFormat: 'pem', privateKey: pair.privateKeyPem.replace(/\n/g, ' ') });
		expect(server.requests.at(-1)!.verifyError).toBeUndefined();
	});

	it('1000 items starting together cause exactly one token request', async () => {
		const { credentials } = makeCredentials();
		server.respond = (_request, n) => ({ ...server.token(n), delayMs: 50 });
		const before = server.count;
		const tokens = await Promise.all(Array.from({ length: 1000 }, () => preAuthenticate({ ...credentials })));
		const requests = server.count - before;
		console.log(`1000 concurrent preAuthentication calls -> ${requests} token request(s)`);
		expect(requests).toBe(1);
		expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
		// and later callers reuse it
		await preAuthenticate({ ...credentials });
		expect(server.count - before).toBe(1);
	});

	it('keeps a token until shortly before expires_in, then fetches a new one', async () => {
		const { credentials } = makeCredentials();
		server.respond = (_request, n) => server.token(n, 1);
		const first = await preAuthenticate(credentials);
		expect((await preAuthenticate(credentials)).accessToken).toBe(first.accessToken);
		const before = server.count;
		await new Promise((resolve) => setTimeout(resolve, 950));
		const second = await preAuthenticate(credentials);
		expect(second.accessToken).not.toBe(first.accessToken);
		expect(server.count).toBe(before + 1);
	});

	it('a caller holding the cached token (called again after a 401) gets a new one; concurrent such callers share it', async () => {
		const { credentials } = makeCredentials();
		const refused = (await preAuthenticate(credentials)).accessToken;
		const before = server.count;
		server.respond = (_request, n) => ({ ...server.token(n), delayMs: 30 });
		const retries = await Promise.all(
			Array.from({ length: 50 }, () => preAuthenticate({ ...credentials, accessToken: refused })),
		);
		expect(server.count).toBe(before + 1);
		const renewed = retries[0].accessToken;
		expect(renewed).not.toBe(refused);
		expect(new Set(retries.map((r) => r.accessToken))).toEqual(new Set([renewed]));
		// a late retry with the old token, and items with an empty token, get the renewed one without a request
		expect((await preAuthenticate({ ...credentials, accessToken: refused })).accessToken).toBe(renewed);
		expect((await preAuthenticate({ ...credentials, accessToken: '' })).accessToken).toBe(renewed);
		expect(server.count).toBe(before + 1);
		// the renewed token refused in turn: one more request
		expect((await preAuthenticate({ ...credentials, accessToken: renewed })).accessToken).not.toBe(renewed);
		expect(server.count).toBe(before + 2);
	});

	it('does not keep a failure: concurrent callers share it, the next caller tries again', async () => {
		const { credentials } = makeCredentials();
		server.respond = () => ({ status: 503, body: JSON.stringify({ error: 'temporarily_unavailable' }), delayMs: 20 });
		const before = server.count;
		const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => preAuthenticate({ ...credentials })));
		expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
		expect(server.count).toBe(before + 1);
		server.respond = (_request, n) => server.token(n);
		expect((await preAuthenticate(credentials)).accessToken).toMatch(/^token-/);
		expect(server.count).toBe(before + 2);
	});

	it('keeps one token per client, scope and key', async () => {
		const a = makeCredentials();
		const b = makeCredentials();
		const before = server.count;
		const [ta, tb] = await Promise.all([preAuthenticate(a.credentials), preAuthenticate(b.credentials)]);
		await preAuthenticate({ ...a.credentials, scope: 'scope:other' });
		await preAuthenticate({ ...a.credentials, keyFormat: 'pem', privateKey: fixtures.pair('ec-p384').privateKeyPem });
		expect(ta.accessToken).not.toBe(tb.accessToken);
		expect(server.count).toBe(before + 4);
	});

	it('sends nothing for a key the manual refuses, an expired certificate, a wrong password or a missing client ID', async () => {
		const { credentials } = makeCredentials();
		const small = fixtures.pkcs12(fixtures.refused('rsa-1024'), PASSWORD).toString('base64');
		const expired = fixtures.pkcs12(fixtures.dated(new Date('2022-01-01T00:00:00Z'), 365), PASSWORD).toString('base64');
		const cases: Array<[ICredentialDataDecryptedObject, RegExp]> = [
			[{ pfx: small }, /RSA key has only 1024 bits/],
			[{ pfx: expired }, /has expired: it is valid from 2022-01-01 00:00 UTC to 2023-01-01 00:00 UTC/],
			[{ pfxPassword: 'wrong-password' }, /password is wrong/],
			[{ clientId: '  ' }, /"Client ID" is empty/],
			[{ tokenUrl: 'services.socialsecurity.be/token' }, /"Token URL" must be a full http\(s\) address/],
		];
		const before = server.count;
		for (const [override, message] of cases) {
			const error = await preAuthenticate({ ...credentials, ...override }).catch((e: unknown) => e);
			expect((error as Error).message).toMatch(message);
			expectNoSecret(error, [String(credentials.pfx), PASSWORD, small, expired]);
		}
		expect(server.count).toBe(before);
	});

	it('puts no secret in the message when the endpoint refuses', async () => {
		const { credentials, pfx } = makeCredentials();
		const held = 'previous-token-that-is-secret-1234567890';
		server.respond = (request) => ({
			status: 401,
			body: JSON.stringify({ error: 'invalid_client', error_description: `bad ${request.form.client_assertion} ${held}` }),
		});
		const error = await preAuthenticate({ ...credentials, accessToken: held }).catch((e: unknown) => e);
		expect((error as Error).message).toMatch(/refused the client \(invalid_client: "bad \[hidden\] \[hidden\]"\)/);
		expectNoSecret(error, [pfx, PASSWORD, held, server.requests.at(-1)!.form.client_assertion]);
	});
});
