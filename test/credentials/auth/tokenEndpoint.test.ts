/**
 * The token request through n8n's real HTTP helper against a token endpoint on loopback: the form the gateway
 * receives, and what the user reads for every way the endpoint can fail. No message may carry the assertion,
 * the key, the password or a token.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { TokenRequestError } from '../../../credentials/errors';
import { requestAccessToken } from '../../../credentials/auth/tokenEndpoint';
import type { TokenErrorContext } from '../../../credentials/auth/tokenErrors';
import { expectNoSecret } from '../../support/pki';
import { TokenServer, n8nHttpRequest, type Reply } from './tokenServer';

const ASSERTION = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzZWxmX3NlcnZpY2UifQ.c2lnbmF0dXJlLXNlY3JldC1wYXJ0LW9mLXRoZS1hc3NlcnRpb24';
const PASSWORD = 'my-very-secret-pfx-password';
const SCOPE = 'scope:sigedis:gestion:careerpro-federal-learning-account:employer';

let server: TokenServer;
beforeAll(async () => {
	server = await TokenServer.start();
});
afterAll(async () => await server.close());

function context(overrides: Partial<TokenErrorContext> = {}) {
	return {
		tokenUrl: server.url,
		clientId: 'self_service_chaman_123456_78912',
		scope: SCOPE,
		quality: 'employer' as const,
		environment: 'custom' as const,
		keyDescription: 'RSA 2048 bits',
		certificate: {
			subject: 'C=BE, O=Acme, CN=self_service_chaman_123456_78912',
			notBefore: new Date('2026-01-01T00:00:00Z'),
			notAfter: new Date('2027-12-31T00:00:00Z'),
		},
		secrets: [PASSWORD],
		...overrides,
	};
}

/** The error for one scripted answer; checks that no secret leaks into it. */
async function failureFor(reply: Reply | null, options: { timeoutMs?: number; url?: string } = {}): Promise<TokenRequestError> {
	if (reply) server.respond = () => reply;
	const http = n8nHttpRequest();
	const withTimeout = (request: IHttpRequestOptions) => http(options.timeoutMs ? { ...request, timeout: options.timeoutMs } : request);
	const error = await requestAccessToken(withTimeout, ASSERTION, context(options.url ? { tokenUrl: options.url } : {})).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(TokenRequestError);
	expectNoSecret(error, [ASSERTION, PASSWORD, ASSERTION.split('.')[2]]);
	return error as TokenRequestError;
}

const oauth = (status: number, error: string, description?: string): Reply => ({
	status,
	body: JSON.stringify({ error, ...(description ? { error_description: description } : {}) }),
});

describe('the token request', () => {
	it('posts exactly the form of the manual: no client_id, scope when there is one', async () => {
		server.respond = (_r, n) => server.token(n, 1200);
		const token = await requestAccessToken(n8nHttpRequest(), ASSERTION, context());
		expect(token).toEqual({ accessToken: expect.stringMatching(/^token-/), expiresInSeconds: 1200, scope: 'x' });
		const received = server.requests.at(-1)!;
		expect(received.method).toBe('POST');
		expect(received.path).toBe('/REST/oauth/v5/token');
		expect(received.contentType).toBe('application/x-www-form-urlencoded');
		expect(received.form).toEqual({
			grant_type: 'client_credentials',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: ASSERTION,
			scope: SCOPE,
		});

		await requestAccessToken(n8nHttpRequest(), ASSERTION, context({ scope: undefined }));
		expect(Object.keys(server.requests.at(-1)!.form).sort()).toEqual(['client_assertion', 'client_assertion_type', 'grant_type']);
	});

	it('assumes a short lifetime when expires_in is missing', async () => {
		server.respond = () => ({ body: JSON.stringify({ access_token: 'abc', token_type: 'bearer' }) });
		expect((await requestAccessToken(n8nHttpRequest(), ASSERTION, context())).expiresInSeconds).toBe(300);
	});
});

describe('what the user reads when the token endpoint says no', () => {
	it('invalid_client: check the client ID, the account and the certificate in Chaman', async () => {
		const error = await failureFor(oauth(401, 'invalid_client', 'client authentication failed'));
		expect(error.message).toMatch(/^The gateway refused the client \(invalid_client: "client authentication failed"\)\./);
		expect(error.message).toContain('Check in Chaman that "Client ID" (self_service_chaman_123456_78912) is exactly the one shown');
		expect(error.message).toContain('the certificate "C=BE, O=Acme, CN=self_service_chaman_123456_78912" (RSA 2048 bits, valid until 2027-12-31)');
		expect(error.message).toContain('permission "CareerPro - Federal Learning Account - Déclaration"');
		expect(error).toMatchObject({ httpStatus: 401, code: 'invalid_client' });
	});

	it('invalid_client in production: acceptance clients do not exist there', async () => {
		server.respond = () => oauth(401, 'invalid_client');
		const error = (await requestAccessToken(n8nHttpRequest(), ASSERTION, { ...context(), tokenUrl: server.url, environment: 'production' }).catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/uses the production environment \(https:\/\/services\.socialsecurity\.be\); acceptance and production are separate/);
	});

	it('invalid_grant: the server clock and the certificate', async () => {
		const error = await failureFor(oauth(400, 'invalid_grant', 'assertion expired'));
		expect(error.message).toMatch(/refused the client assertion \(invalid_grant: "assertion expired"\)\. Check that the date and time of the n8n server/);
	});

	it('invalid_scope: the quality and the Scope field', async () => {
		const error = await failureFor(oauth(400, 'invalid_scope'));
		expect(error.message).toContain(`refused the scope "${SCOPE}" (invalid_scope)`);
		expect(error.message).toContain('Check that "Quality" (Employer) is the quality under which the REST webservice account was created');
		expect(error.message).toContain('leave "Scope" empty');
		server.respond = () => oauth(400, 'invalid_scope');
		const training = (await requestAccessToken(n8nHttpRequest(), ASSERTION, { ...context(), scope: undefined, quality: 'trainingProvider' }).catch(
			(e: unknown) => e,
		)) as Error;
		expect(training.message).toMatch(/refused the client's default scopes \(no scope was sent\) \(invalid_scope\)\. Check that "Quality" \(Training provider\)/);
	});

	it('unauthorized_client: the permission and the quality', async () => {
		const error = await failureFor(oauth(400, 'unauthorized_client', 'not allowed'));
		expect(error.message).toMatch(/does not allow this client to get a token for ".*:employer" \(unauthorized_client: "not allowed"\)/);
		expect(error.message).toContain('"Quality"');
	});

	it('problem+json: title, detail and what to do for the status', async () => {
		const problem = (status: number, title: string, detail: string): Reply => ({
			status,
			headers: { 'content-type': 'application/problem+json' },
			body: JSON.stringify({ type: 'urn:problem-type:belgif:serviceUnavailable', title, status, detail }),
		});
		let error = await failureFor(problem(503, 'Service Unavailable', 'Planned maintenance until 06:00'));
		expect(error.message).toMatch(/answered HTTP 503 "Service Unavailable": Planned maintenance until 06:00\. The social-security gateway may be down or in maintenance/);
		error = await failureFor(problem(403, 'Forbidden', 'client not registered'));
		expect(error.message).toMatch(/HTTP 403 "Forbidden": client not registered\. Check in Chaman/);
		error = await failureFor(problem(404, 'Not Found', 'no such resource'));
		expect(error.message).toMatch(/Check "Token URL" \(http:\/\/127\.0\.0\.1:\d+\/REST\/oauth\/v5\/token\): it should end with \/REST\/oauth\/v5\/token/);
	});

	it('an HTML page from a proxy', async () => {
		const error = await failureFor({
			status: 502,
			headers: { 'content-type': 'text/html; charset=utf-8' },
			body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>nginx</body></html>',
		});
		expect(error.message).toMatch(/answered HTTP 502 with a web page \("502 Bad Gateway"\) instead of a token: a proxy, a firewall or a maintenance page/);
		expect(error.message).toContain('(HTTPS_PROXY)');
	});

	it('an answer that is not JSON, a token-less JSON answer, another token type, a redirect', async () => {
		let error = await failureFor({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' });
		expect(error.message).toMatch(/answered HTTP 200 with content that is not JSON \(text\/plain\): "OK"/);
		error = await failureFor({ status: 200, body: JSON.stringify({ status: 'up' }) });
		expect(error.message).toMatch(/answered HTTP 200 without a token/);
		error = await failureFor({ status: 200, body: JSON.stringify({ access_token: 'x', token_type: 'mac' }) });
		expect(error.message).toMatch(/a token of type "mac", but the FLA API takes bearer tokens/);
		error = await failureFor({ status: 302, headers: { location: 'https://login.example/sso' }, body: '' });
		expect(error.message).toMatch(/redirects \(HTTP 302 to https:\/\/login\.example\/sso\)/);
	});

	it('a server that echoes the request back: the assertion is hidden', async () => {
		const error = await failureFor(oauth(400, 'invalid_request', `bad assertion ${ASSERTION} for password ${PASSWORD}`));
		expect(error.message).toMatch(/rejected the token request as malformed \(invalid_request: "bad assertion \[hidden\] for password \[hidden\]"\)/);
	});

	it('no answer in time', async () => {
		const error = await failureFor({ hang: true }, { timeoutMs: 300 });
		expect(error.message).toMatch(/did not answer within 30 seconds\. Check the network and proxy of the n8n server/);
	});

	it('connection refused', async () => {
		const closed = await TokenServer.start();
		const url = closed.url;
		await closed.close();
		const error = await failureFor(null, { url });
		expect(error.message).toMatch(/^The connection to 127\.0\.0\.1:\d+ was refused: nothing accepts connections there\. Check "Token URL"/);
		expect(error.code).toBe('ECONNREFUSED');
	});
});
