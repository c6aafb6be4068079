/**
 * The client assertion (RFC 7523, private_key_jwt) that proves the client's identity to the OAuth v5 endpoint:
 * a JWT signed with the client's key, iss = sub = client ID, aud = token URL, iat, exp = iat + 300 s, random jti.
 * The header is just {alg, typ}: the gateway finds the certificate through the client ID.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

import { TOKEN_REQUEST } from '../gateway';
import type { JwsAlgorithm } from '../pki/keyPolicy';

/** Five minutes: half the gateway's limit, so that a server clock a little ahead is still accepted. */
export const ASSERTION_LIFETIME_SECONDS = Math.min(300, TOKEN_REQUEST.maxAssertionLifetimeSeconds);

export interface AssertionOptions {
	clientId: string;
	/** The token URL, which is the audience. */
	audience: string;
	key: KeyObject;
	alg: JwsAlgorithm;
	now?: Date;
}

/** Sign a fresh client assertion (compact JWS). */
export async function signClientAssertion(options: AssertionOptions): Promise<string> {
	const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
	return await new SignJWT({})
		.setProtectedHeader({ alg: options.alg, typ: 'JWT' })
		.setIssuer(options.clientId)
		.setSubject(options.clientId)
		.setAudience(options.audience)
		.setIssuedAt(issuedAt)
		.setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
		.setJti(randomBytes(32).toString('base64url'))
		.sign(options.key);
}
