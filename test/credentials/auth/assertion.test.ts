/**
 * The client assertion, verified with jose against the client's certificate as the gateway would: algorithm by
 * key type, iss = sub = client ID, aud = token URL, a five-minute window, and a fresh jti every time.
 */
import { createPrivateKey } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';

import { ASSERTION_LIFETIME_SECONDS, signClientAssertion } from '../../../credentials/auth/assertion';
import type { KeyType } from '../../../credentials/pki/create';
import { PkiFixtures } from '../../support/pki';

const fixtures = new PkiFixtures();
afterAll(() => fixtures.cleanup());

const CLIENT_ID = 'self_service_chaman_123456_78912';
const TOKEN_URL = 'https://services-acpt.socialsecurity.be/REST/oauth/v5/token';

describe('signClientAssertion', () => {
	it.each([
		['rsa-2048', 'RS256', 256],
		['rsa-3072', 'RS256', 384],
		['ec-p384', 'ES384', 96],
		['ec-p521', 'ES512', 132],
	] as Array<[KeyType, 'RS256' | 'ES384' | 'ES512', number]>)('%s signs %s and verifies with the certificate', async (keyType, alg, signatureLength) => {
		const pair = fixtures.pair(keyType);
		const before = Math.floor(Date.now() / 1000);
		const assertion = await signClientAssertion({
			clientId: CLIENT_ID,
			audience: TOKEN_URL,
			key: createPrivateKey(pair.privateKeyPem),
			alg,
		});
		const after = Math.floor(Date.now() / 1000);

		expect(decodeProtectedHeader(assertion)).toEqual({ alg, typ: 'JWT' });
		// JWS wants ECDSA signatures as raw r||s, not DER
		expect(Buffer.from(assertion.split('.')[2], 'base64url')).toHaveLength(signatureLength);

		const { payload } = await jwtVerify(assertion, await importX509(pair.certificatePem, alg), {
			algorithms: [alg],
			issuer: CLIENT_ID,
			subject: CLIENT_ID,
			audience: TOKEN_URL,
		});
		expect(payload.aud).toBe(TOKEN_URL);
		expect(payload.iat).toBeGreaterThanOrEqual(before);
		expect(payload.iat).toBeLessThanOrEqual(after);
		expect(payload.exp! - payload.iat!).toBe(300);
		expect(ASSERTION_LIFETIME_SECONDS).toBe(300);
		expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
	});

	it('does not verify with another certificate, or once expired', async () => {
		const pair = fixtures.pair('rsa-2048');
		const key = createPrivateKey(pair.privateKeyPem);
		const assertion = await signClientAssertion({ clientId: CLIENT_ID, audience: TOKEN_URL, key, alg: 'RS256' });
		await expect(jwtVerify(assertion, await importX509(fixtures.pair('rsa-3072').certificatePem, 'RS256'))).rejects.toThrow(
			/signature verification failed/,
		);
		const old = await signClientAssertion({
			clientId: CLIENT_ID,
			audience: TOKEN_URL,
			key,
			alg: 'RS256',
			now: new Date(Date.now() - 301_000),
		});
		await expect(jwtVerify(old, await importX509(pair.certificatePem, 'RS256'))).rejects.toThrow(/"exp" claim timestamp check failed/);
	});

	it('gives every assertion its own random jti', async () => {
		const key = createPrivateKey(fixtures.pair('ec-p384').privateKeyPem);
		const jtis = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const assertion = await signClientAssertion({ clientId: CLIENT_ID, audience: TOKEN_URL, key, alg: 'ES384' });
			const { jti } = JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString('utf8')) as { jti: string };
			expect(jti).toMatch(/^[\w-]{43}$/);
			jtis.add(jti);
		}
		expect(jtis.size).toBe(200);
	});
});
