/**
 * Which settings a stored token was issued for, and when it may be sent.
 *
 * n8n keeps the token in the credential and calls preAuthentication only when it is empty, after a 401, or (for
 * its credential test) never otherwise: a credential edited in the editor would go on sending the token issued for
 * its old settings, and its test would be green with a wrong password. So the token is stored with a tag of the
 * settings it was issued for (token URL, client ID, quality, scope, key), and `authenticate` sends it only when the
 * tag matches the credential's current settings. Otherwise, and for the credential test, `authenticate` answers as
 * the gateway would to an unusable token, with a 401, before anything is sent: n8n then calls preAuthentication,
 * which fetches a token for the current settings, and sends the request with it.
 */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/** The hidden credential field that holds the tag. */
export const TOKEN_TAG_FIELD = 'tokenIssuedFor';

/** Marks the credential's test request; `authenticate` removes it, so it never leaves n8n. */
export const CREDENTIAL_TEST_HEADER = 'x-careerpro-fla-credential-test';

/** Set on the credential object n8n passes from `authenticate` to preAuthentication: fetch a new token. */
const FRESH = Symbol('careerpro-fla.freshToken');
/** Set on it by preAuthentication: the token it just got from a request made now (good enough for a test). */
const FETCHED = Symbol('careerpro-fla.fetchedToken');

const text = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : String(value));

/**
 * The last settings digested and their tag: `authenticate` asks for the tag of every request, nearly always for the
 * same settings; hashing the key (a few kilobytes) for each request took about 1% of the node's CPU in `npm run bench`.
 */
let lastTag: { settings: string; tag: string } | undefined;

/** A digest of the settings a token depends on. It is not a secret, but it is stored hidden all the same. */
export function settingsTag(credentials: ICredentialDataDecryptedObject): string {
	const environment = text(credentials.environment) || 'production';
	const pem = text(credentials.keyFormat) === 'pem';
	const parts = [
		environment,
		environment === 'custom' ? text(credentials.tokenUrl).trim() : '',
		text(credentials.quality) || 'employer',
		text(credentials.clientId).trim(),
		text(credentials.scope).trim(),
		pem ? 'pem' : 'pkcs12',
		...(pem ? [text(credentials.privateKey)] : [text(credentials.pfx), text(credentials.pfxPassword)]),
	];
	const settings = JSON.stringify(parts);
	if (lastTag?.settings !== settings) lastTag = { settings, tag: createHash('sha256').update(settings).digest('base64url') };
	return lastTag.tag;
}

/** Whether preAuthentication must fetch a new token whatever is cached (and forget the request for it). */
export function takeFreshTokenRequest(credentials: ICredentialDataDecryptedObject): boolean {
	const record = credentials as unknown as Record<symbol, unknown>;
	const fresh = record[FRESH] === true;
	delete record[FRESH];
	return fresh;
}

/** Records on the credential object that this token was fetched just now. */
export function noteFetchedToken(credentials: ICredentialDataDecryptedObject, accessToken: string) {
	(credentials as unknown as Record<symbol, unknown>)[FETCHED] = accessToken;
}

/** An answer like the gateway's to a token it does not accept; n8n reacts to it by calling preAuthentication. */
class TokenNotUsable extends Error {
	readonly response = { status: 401 };

	constructor(reason: string) {
		super(`The stored access token ${reason}; n8n fetches a new one.`);
		this.name = 'CareerProFlaTokenNotUsable';
	}
}

/** The credential's `authenticate`: the bearer token, when it was issued for the current settings. */
export async function authenticateRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const headers = { ...(requestOptions.headers ?? {}) } as Record<string, unknown>;
	const isTest = Object.keys(headers).some((name) => name.toLowerCase() === CREDENTIAL_TEST_HEADER);
	for (const name of Object.keys(headers)) if (name.toLowerCase() === CREDENTIAL_TEST_HEADER) delete headers[name];
	// n8n retries with this same object after preAuthentication: it must no longer carry the test's mark.
	requestOptions.headers = headers as IHttpRequestOptions['headers'];

	const token = text(credentials.accessToken);
	const record = credentials as unknown as Record<symbol, unknown>;
	const fetchedNow = Boolean(token) && record[FETCHED] === token;
	delete record[FETCHED];
	if (isTest && !fetchedNow) {
		record[FRESH] = true;
		throw new TokenNotUsable('is not used by the credential test');
	}
	if (!token) throw new TokenNotUsable('is missing');
	if (credentials[TOKEN_TAG_FIELD] !== settingsTag(credentials)) {
		throw new TokenNotUsable('was issued for other settings of this credential');
	}
	headers.Authorization = `Bearer ${token}`;
	return requestOptions;
}
