/**
 * The OAuth v5 token endpoint of the sandbox, over real HTTP: every refusal provoked with a forged or malformed
 * request, and the tokens it issues to correct clients.
 */
import { createSecretKey } from 'node:crypto';
import forge from 'node-forge';

import { DEFAULT_SCOPES, GRANT_ENDPOINT_PATH, TOKEN_REQUEST } from '../../credentials/gateway';
import { TRAINING_PROVIDER_SCOPE } from './oauth';
import { startSandbox, type Sandbox } from './server';
import { http, makeTestClient, registration, requestToken, signAssertion, type TestClient } from './testkit';

const EMPLOYER = '0202239951';
const CLIENT_A = '0403170701';
const PROVIDER = '0862917047';
const TRAINING_PROVIDER = '0451471751';

let sandbox: Sandbox;
let employer: TestClient;
let mandatary: TestClient;
let trainingProvider: TestClient;
let p384: TestClient;
let p521: TestClient;
let expired: TestClient;
/** A client the sandbox does not know. */
let stranger: TestClient;

beforeAll(async () => {
	employer = makeTestClient('employer', EMPLOYER);
	mandatary = makeTestClient('provider', PROVIDER, { mandates: [CLIENT_A] });
	trainingProvider = makeTestClient('trainingProvider', TRAINING_PROVIDER);
	p384 = makeTestClient('employer', EMPLOYER, { keyType: 'ec-p384' });
	p521 = makeTestClient('employer', EMPLOYER, { keyType: 'ec-p521' });
	expired = makeTestClient('employer', EMPLOYER, {
		notBefore: new Date(Date.now() - 30 * 86_400_000),
		validDays: 10,
	});
	stranger = makeTestClient('employer', EMPLOYER);
	sandbox = await startSandbox({
		clients: [employer, mandatary, trainingProvider, p384, p521, expired].map(registration),
	});
});

afterAll(() => sandbox.close());

/** A self-signed certificate of a 1024-bit RSA key, which Chaman does not accept. */
function rsa1024Certificate(): string {
	const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
	const cert = forge.pki.createCertificate();
	cert.publicKey = keys.publicKey;
	cert.serialNumber = '01';
	cert.validity.notBefore = new Date(Date.now() - 60_000);
	cert.validity.notAfter = new Date(Date.now() + 86_400_000);
	cert.setSubject([{ name: 'commonName', value: 'small key' }]);
	cert.setIssuer([{ name: 'commonName', value: 'small key' }]);
	cert.sign(keys.privateKey, forge.md.sha256.create());
	return forge.pki.certificateToPem(cert);
}

/** The RFC 6749 error of a refused token request. */
async function refusal(response: Promise<{ status: number; body: any }>) {
	const { status, body } = await response;
	expect(typeof body.error_description).toBe('string');
	return { status, error: body.error as string, description: body.error_description as string };
}

describe('token endpoint: correct clients', () => {
	test('issues an opaque bearer token to an RSA client (RS256) with its quality default scope', async () => {
		const response = await requestToken(sandbox, employer);
		expect(response.status).toBe(200);
		expect(response.headers['cache-control']).toBe('no-store');
		expect(response.body).toEqual({
			access_token: expect.stringMatching(/^[\w-]{40,}$/),
			token_type: 'Bearer',
			expires_in: 3600,
			scope: DEFAULT_SCOPES.employer,
		});
		expect(response.body.access_token).not.toContain('.');
	});

	test('accepts ES384 for a P-384 key and ES512 for a P-521 key', async () => {
		expect((await requestToken(sandbox, p384)).status).toBe(200);
		expect((await requestToken(sandbox, p521)).status).toBe(200);
	});

	test('grants a mandatary the provider scope and a training provider its default without a scope', async () => {
		expect((await requestToken(sandbox, mandatary)).body.scope).toBe(DEFAULT_SCOPES.provider);
		expect((await requestToken(sandbox, trainingProvider)).body.scope).toBe(TRAINING_PROVIDER_SCOPE);
		expect((await requestToken(sandbox, trainingProvider, { scope: '' })).status).toBe(200);
	});

	test("accepts the quality's own scope when it is sent", async () => {
		const response = await requestToken(sandbox, employer, { scope: DEFAULT_SCOPES.employer });
		expect(response.status).toBe(200);
		expect((await requestToken(sandbox, mandatary, { scope: DEFAULT_SCOPES.provider })).status).toBe(200);
	});

	test('accepts an assertion without iat living at most 600 s, and exactly 600 s with iat', async () => {
		expect((await requestToken(sandbox, employer, { assertion: { iat: false, lifetime: 590 } })).status).toBe(200);
		expect((await requestToken(sandbox, employer, { assertion: { lifetime: 600 } })).status).toBe(200);
	});

	test.each(['evil.example', 'localhost:PORT'])(
		'refuses an audience made from a Host header the client chose (%s): only the announced token URL counts',
		async (chosen) => {
			const host = chosen.replace('PORT', String(sandbox.port));
			const assertion = await signAssertion(employer, `http://${host}${GRANT_ENDPOINT_PATH}`);
			const body = new URLSearchParams({
				grant_type: TOKEN_REQUEST.grantType,
				client_assertion_type: TOKEN_REQUEST.clientAssertionType,
				client_assertion: assertion,
			}).toString();
			const response = await http('POST', sandbox.tokenUrl, {
				body,
				headers: { Host: host, 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
			});
			expect(response.status).toBe(401);
			expect(JSON.stringify(response.body)).toContain(`must be the token URL ${sandbox.tokenUrl}`);
		},
	);

	test('accepts a client_id parameter equal to the issuer', async () => {
		expect((await requestToken(sandbox, employer, { form: { client_id: employer.clientId } })).status).toBe(200);
	});
});

describe('token endpoint: refusals of the request', () => {
	test('refuses a body that is not application/x-www-form-urlencoded', async () => {
		const r = await refusal(requestToken(sandbox, employer, { contentType: 'application/json' }));
		expect(r).toMatchObject({ status: 400, error: 'invalid_request' });
		expect(r.description).toMatch(/x-www-form-urlencoded/);
	});

	test('refuses a missing grant_type (invalid_request) and a wrong one (unsupported_grant_type)', async () => {
		expect(await refusal(requestToken(sandbox, employer, { form: { grant_type: undefined } }))).toMatchObject({
			status: 400,
			error: 'invalid_request',
		});
		expect(
			await refusal(requestToken(sandbox, employer, { form: { grant_type: 'authorization_code' } })),
		).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
		expect(
			await refusal(requestToken(sandbox, employer, { form: { grant_type: 'Client_Credentials' } })),
		).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
	});

	test('refuses a missing client_assertion_type (invalid_request) and a wrong one (invalid_client)', async () => {
		expect(
			await refusal(requestToken(sandbox, employer, { form: { client_assertion_type: undefined } })),
		).toMatchObject({ status: 400, error: 'invalid_request' });
		expect(
			await refusal(
				requestToken(sandbox, employer, {
					form: { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' },
				}),
			),
		).toMatchObject({ status: 401, error: 'invalid_client' });
	});

	test('refuses a missing client_assertion, a client_secret, and a parameter sent twice', async () => {
		expect(await refusal(requestToken(sandbox, employer, { form: { client_assertion: undefined } }))).toMatchObject({
			status: 400,
			error: 'invalid_request',
		});
		expect(await refusal(requestToken(sandbox, employer, { form: { client_secret: 'x' } }))).toMatchObject({
			status: 400,
			error: 'invalid_request',
		});
		const assertion = await signAssertion(employer, sandbox.tokenUrl);
		const body =
			`grant_type=client_credentials&grant_type=client_credentials` +
			`&client_assertion_type=${encodeURIComponent(TOKEN_REQUEST.clientAssertionType)}&client_assertion=${assertion}`;
		const twice = await refusal(
			http('POST', sandbox.tokenUrl, { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
		);
		expect(twice).toMatchObject({ status: 400, error: 'invalid_request' });
		expect(twice.description).toMatch(/more than once/);
	});

	test('answers 405 to a GET', async () => {
		const response = await http('GET', sandbox.tokenUrl);
		expect(response.status).toBe(405);
		expect(response.headers.allow).toBe('POST');
	});
});

describe('token endpoint: refusals of the client assertion', () => {
	test('refuses a client_assertion that is not a signed JWT', async () => {
		const r = await refusal(requestToken(sandbox, employer, { form: { client_assertion: 'not-a-jwt' } }));
		expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
	});

	test('refuses a forged signature (signed with a key other than the registered certificate)', async () => {
		const r = await refusal(requestToken(sandbox, employer, { assertion: { key: stranger.privateKey } }));
		expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(r.description).toMatch(/signature/);
	});

	test('refuses an unknown client (iss = sub = a client id that is not registered)', async () => {
		const r = await refusal(requestToken(sandbox, stranger));
		expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(r.description).toMatch(/not registered/);
	});

	test('refuses a missing iss, a sub other than iss, and a client_id other than iss', async () => {
		expect(await refusal(requestToken(sandbox, employer, { assertion: { claims: { iss: undefined } } }))).toMatchObject({
			status: 401,
			error: 'invalid_client',
		});
		const sub = await refusal(requestToken(sandbox, employer, { assertion: { claims: { sub: mandatary.clientId } } }));
		expect(sub).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(sub.description).toMatch(/sub/);
		const clientId = await refusal(requestToken(sandbox, employer, { form: { client_id: mandatary.clientId } }));
		expect(clientId).toMatchObject({ status: 401, error: 'invalid_client' });
	});

	test('refuses alg none and HS256 keyed with the certificate (algorithm confusion)', async () => {
		const none = await refusal(requestToken(sandbox, employer, { assertion: { unsigned: true } }));
		expect(none).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(none.description).toMatch(/alg "none"/);
		const hmac = await refusal(
			requestToken(sandbox, employer, {
				assertion: { alg: 'HS256', key: createSecretKey(Buffer.from(employer.certificate)) },
			}),
		);
		expect(hmac).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(hmac.description).toMatch(/alg "HS256"/);
	});

	test('refuses RSA algorithms other than RS256 (PS256, RS384) with a valid signature', async () => {
		for (const alg of ['PS256', 'RS384']) {
			const r = await refusal(requestToken(sandbox, employer, { assertion: { alg } }));
			expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
			expect(r.description).toContain(alg);
		}
	});

	test("refuses an allowed alg that does not match the registered key", async () => {
		// RS256 claimed for an EC P-384 client, signed with an RSA key: the alg belongs to another kind of key.
		const rs256 = await refusal(
			requestToken(sandbox, p384, { assertion: { alg: 'RS256', key: employer.privateKey } }),
		);
		expect(rs256).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(rs256.description).toMatch(/does not match the registered certificate's key \(use ES384\)/);
		// ES384 claimed for a P-521 client, signed with a P-384 key.
		const es384 = await refusal(requestToken(sandbox, p521, { assertion: { alg: 'ES384', key: p384.privateKey } }));
		expect(es384.description).toMatch(/use ES512/);
	});

	test('refuses a wrong aud: production URL, a trailing slash, missing', async () => {
		for (const aud of ['https://services.socialsecurity.be/REST/oauth/v5/token', `${sandbox.tokenUrl}/`, undefined]) {
			const r = await refusal(requestToken(sandbox, employer, { assertion: { claims: { aud } } }));
			expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
			expect(r.description).toMatch(/aud/);
		}
	});

	test('refuses an expired assertion', async () => {
		const now = Math.floor(Date.now() / 1000);
		const r = await refusal(
			requestToken(sandbox, employer, { assertion: { claims: { iat: now - 120, exp: now - 10 } } }),
		);
		expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(r.description).toMatch(/expired/);
	});

	test('refuses an assertion that lives longer than 600 s (exp - iat, or exp - now without iat)', async () => {
		const withIat = await refusal(requestToken(sandbox, employer, { assertion: { lifetime: 601 } }));
		expect(withIat).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(withIat.description).toMatch(/maximum is 600 s/);
		const withoutIat = await refusal(requestToken(sandbox, employer, { assertion: { lifetime: 900, iat: false } }));
		expect(withoutIat.description).toMatch(/maximum is 600 s/);
		// An old iat does not make a long-lived assertion acceptable.
		const now = Math.floor(Date.now() / 1000);
		const oldIat = await refusal(
			requestToken(sandbox, employer, { assertion: { claims: { iat: now - 500, exp: now + 200 } } }),
		);
		expect(oldIat.description).toMatch(/maximum is 600 s/);
	});

	test('refuses an iat or nbf in the future, a missing exp and a missing jti', async () => {
		const now = Math.floor(Date.now() / 1000);
		const future = await refusal(requestToken(sandbox, employer, { assertion: { claims: { iat: now + 120 } } }));
		expect(future.description).toMatch(/iat .* future/);
		const notYet = await refusal(requestToken(sandbox, employer, { assertion: { claims: { nbf: now + 120 } } }));
		expect(notYet).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(notYet.description).toMatch(/not valid yet/);
		const noExp = await refusal(requestToken(sandbox, employer, { assertion: { claims: { exp: undefined } } }));
		expect(noExp.description).toMatch(/exp is missing/);
		const noJti = await refusal(requestToken(sandbox, employer, { assertion: { claims: { jti: undefined } } }));
		expect(noJti.description).toMatch(/jti is missing/);
	});

	test('refuses a replayed jti (the same assertion twice, or a new assertion reusing the jti)', async () => {
		const assertion = await signAssertion(employer, sandbox.tokenUrl, { claims: { jti: 'replay-me' } });
		expect((await requestToken(sandbox, employer, { form: { client_assertion: assertion } })).status).toBe(200);
		const again = await refusal(requestToken(sandbox, employer, { form: { client_assertion: assertion } }));
		expect(again).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(again.description).toMatch(/replay/);
		const reused = await refusal(requestToken(sandbox, employer, { assertion: { claims: { jti: 'replay-me' } } }));
		expect(reused.description).toMatch(/replay/);
	});

	test('does not burn the jti of an assertion it refused for its signature', async () => {
		const forged = await refusal(
			requestToken(sandbox, employer, { assertion: { key: stranger.privateKey, claims: { jti: 'kept-1' } } }),
		);
		expect(forged.error).toBe('invalid_client');
		expect((await requestToken(sandbox, employer, { assertion: { claims: { jti: 'kept-1' } } })).status).toBe(200);
	});

	test('refuses a client whose registered certificate has expired', async () => {
		const r = await refusal(requestToken(sandbox, expired));
		expect(r).toMatchObject({ status: 401, error: 'invalid_client' });
		expect(r.description).toMatch(/certificate is not valid now/);
	});
});

describe('token endpoint: scopes', () => {
	test('refuses a scope of another quality or an unknown scope (invalid_scope)', async () => {
		const cases: Array<[TestClient, string]> = [
			[employer, DEFAULT_SCOPES.provider as string],
			[mandatary, DEFAULT_SCOPES.employer as string],
			[trainingProvider, DEFAULT_SCOPES.employer as string],
			[employer, `${DEFAULT_SCOPES.employer} scope:other`],
			[employer, 'openid'],
		];
		for (const [client, scope] of cases) {
			const r = await refusal(requestToken(sandbox, client, { scope }));
			expect(r).toMatchObject({ status: 400, error: 'invalid_scope' });
		}
	});
});

describe('token endpoint: registration and counters', () => {
	test('refuses to register what Chaman would refuse: no certificate, a bad enterprise number or mandate, a small RSA key', () => {
		expect(() => sandbox.addClient({ ...registration(employer), certificate: 'nope' })).toThrow(/certificate/);
		expect(() => sandbox.addClient({ ...registration(employer), enterpriseNumber: '0202239952' })).toThrow(/enterprise number/);
		expect(() => sandbox.addClient({ ...registration(mandatary), mandates: ['123'] })).toThrow(/mandate/);
		expect(() => sandbox.addClient({ ...registration(employer), certificate: rsa1024Certificate() })).toThrow(
			/RSA keys of 1024 bits are not accepted/,
		);
	});

	test('counts token requests, issued tokens and errors by code', async () => {
		sandbox.reset({ stats: true });
		await requestToken(sandbox, employer);
		await requestToken(sandbox, employer, { scope: 'openid' });
		await requestToken(sandbox, stranger);
		const stats = sandbox.stats();
		expect(stats.tokenRequests).toBe(3);
		expect(stats.tokensIssued).toBe(1);
		expect(stats.tokensByClient).toEqual({ [employer.clientId]: 1 });
		expect(stats.tokenErrors).toEqual({ invalid_scope: 1, invalid_client: 1 });
		expect(stats.requests[`POST ${GRANT_ENDPOINT_PATH}`]).toEqual({ '200': 1, '400': 1, '401': 1 });
		const logged = JSON.stringify(sandbox.requests());
		expect(logged).not.toMatch(/eyJ/);
	});
});
