/**
 * Loading the signing key from what users paste: PKCS#12 files as OpenSSL 3, `-legacy`, Windows and Java write
 * them, and PEM keys however they survived copying. Keys and certificates outside the manual's rules, and files
 * that cannot be opened, are refused with their own message, and never with a secret in it.
 */
import { createHash, createPublicKey } from 'node:crypto';
import forge from 'node-forge';

import { toPkcs12, type KeyType } from '../../../credentials/pki/create';
import { SigningKeyError, type SigningKeyProblem } from '../../../credentials/errors';
import { clearSigningKeyCache, loadSigningKey, signingKeyCacheId, type KeyInput } from '../../../credentials/pki/signingKey';
import { DAY_MS, PkiFixtures, expectNoSecret, wrappedBase64, type KeyPair, type Pkcs12Style } from '../../support/pki';

const fixtures = new PkiFixtures();
afterAll(() => fixtures.cleanup());
beforeEach(() => clearSigningKeyCache());

const PASSWORD = 'correct horse battery staple';
const ALG: Record<KeyType, string> = { 'rsa-2048': 'RS256', 'rsa-3072': 'RS256', 'rsa-4096': 'RS256', 'ec-p384': 'ES384', 'ec-p521': 'ES512' };
const DESCRIPTION: Record<KeyType, string> = {
	'rsa-2048': 'RSA 2048 bits',
	'rsa-3072': 'RSA 3072 bits',
	'rsa-4096': 'RSA 4096 bits',
	'ec-p384': 'EC P-384',
	'ec-p521': 'EC P-521',
};

const fingerprintOf = (pair: KeyPair) =>
	createHash('sha256').update(createPublicKey(pair.privateKeyPem).export({ type: 'spki', format: 'der' })).digest('hex');
const pfxInput = (pfx: Buffer | string, password = PASSWORD): KeyInput => ({
	format: 'pkcs12',
	pfx: typeof pfx === 'string' ? pfx : pfx.toString('base64'),
	password,
});

/** The SigningKeyError thrown by loading this input; fails the test if it loads, or if a secret leaks. */
function refusal(input: KeyInput, problem: SigningKeyProblem, now?: Date): SigningKeyError {
	let caught: unknown;
	try {
		loadSigningKey(input, now);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(SigningKeyError);
	const error = caught as SigningKeyError;
	expect({ problem: error.problem, message: error.message }).toEqual({ problem, message: expect.any(String) });
	expectNoSecret(error, input.format === 'pkcs12' ? [input.pfx, input.password] : [input.privateKey]);
	return error;
}

describe('PKCS#12 files that load', () => {
	it.each(['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p384', 'ec-p521'] as KeyType[])(
		'%s from `openssl pkcs12 -export` (OpenSSL 3 defaults: AES-256, PBKDF2)',
		(keyType) => {
			const pair = fixtures.pair(keyType);
			const loaded = loadSigningKey(pfxInput(fixtures.pkcs12(pair, PASSWORD)));
			expect(loaded.alg).toBe(ALG[keyType]);
			expect(loaded.keyDescription).toBe(DESCRIPTION[keyType]);
			expect(loaded.fingerprint).toBe(fingerprintOf(pair));
			expect(loaded.certificate?.subject).toBe(
				`O=Test fixtures, organizationIdentifier=NTRBE-0202239951, CN=self_service_chaman_900000_${keyType}`.replace(/^/, 'C=BE, '),
			);
			expect(loaded.certificate!.notAfter.getTime() - loaded.certificate!.notBefore.getTime()).toBe(730 * DAY_MS);
		},
	);

	const styles: Pkcs12Style[] = ['legacy', 'windows', 'javaAes', 'noCertEncryption'];
	it.each(styles.flatMap((style) => (['rsa-2048', 'ec-p384'] as KeyType[]).map((keyType) => [style, keyType])))(
		'%s export of %s',
		(style, keyType) => {
			const pair = fixtures.pair(keyType as KeyType);
			const loaded = loadSigningKey(pfxInput(fixtures.pkcs12(pair, PASSWORD, style as Pkcs12Style)));
			expect(loaded.alg).toBe(ALG[keyType as KeyType]);
			expect(loaded.fingerprint).toBe(fingerprintOf(pair));
			expect(loaded.certificate).toBeDefined();
		},
	);

	it.each([false, true])('the package\'s own toPkcs12 (legacy: %s), EC P-521', (legacy) => {
		const pair = fixtures.pair('ec-p521');
		const loaded = loadSigningKey(pfxInput(toPkcs12({ ...pair, password: PASSWORD, legacy })));
		expect(loaded.alg).toBe('ES512');
		expect(loaded.fingerprint).toBe(fingerprintOf(pair));
	});

	it('base64 pasted with line breaks, CRLF, spaces, literal \\n or a data: prefix', () => {
		const pfx = fixtures.pkcs12(fixtures.pair('rsa-2048'), PASSWORD);
		const variants = [
			wrappedBase64(pfx),
			wrappedBase64(pfx, '\r\n'),
			wrappedBase64(pfx, ' '),
			wrappedBase64(pfx, '\\n'),
			`  data:application/x-pkcs12;base64,${pfx.toString('base64')}\n`,
			pfx.toString('base64url'),
		];
		for (const text of variants) expect(loadSigningKey(pfxInput(text)).alg).toBe('RS256');
	});

	it('passwords with accents (modern and legacy) and the empty password', () => {
		const pair = fixtures.pair('ec-p384');
		for (const style of ['modern', 'legacy'] as Pkcs12Style[]) {
			const password = 'Élève-été-Ça-€';
			expect(loadSigningKey(pfxInput(fixtures.pkcs12(pair, password, style), password)).alg).toBe('ES384');
		}
		expect(loadSigningKey(pfxInput(fixtures.pkcs12(pair, ''), '')).alg).toBe('ES384');
	});
});

describe('refused before any request, each with its own message', () => {
	it('a wrong password', () => {
		const error = refusal(pfxInput(fixtures.pkcs12(fixtures.pair('rsa-2048'), PASSWORD), 'Correct horse battery staple'), 'wrongPassword');
		expect(error.message).toMatch(/password is wrong.*"Certificate Password"/);
		refusal(pfxInput(fixtures.pkcs12(fixtures.pair('ec-p384'), PASSWORD, 'legacy'), 'nope-nope'), 'wrongPassword');
	});

	it('an expired certificate, with its dates', () => {
		const pair = fixtures.dated(new Date('2023-03-01T08:00:00Z'), 365);
		const error = refusal(pfxInput(fixtures.pkcs12(pair, PASSWORD)), 'certificateExpired');
		expect(error.message).toMatch(/has expired: it is valid from 2023-03-01 08:00 UTC to 2024-02-29 08:00 UTC/);
		expect(error.message).toMatch(/register it \(\.cer\) on your REST webservice account in Chaman/);
	});

	it('a certificate not valid yet, with its dates', () => {
		const start = new Date(Date.now() + 10 * DAY_MS);
		const pair = fixtures.dated(start, 30);
		const error = refusal(pfxInput(fixtures.pkcs12(pair, PASSWORD)), 'certificateNotYetValid');
		expect(error.message).toContain(`is not valid yet: it is valid from ${start.toISOString().slice(0, 10)}`);
	});

	it('a PKCS#12 file without a private key', () => {
		const error = refusal(pfxInput(fixtures.pkcs12(fixtures.pair('rsa-2048'), PASSWORD, 'noKey')), 'noPrivateKey');
		expect(error.message).toMatch(/holds no private key/);
	});

	it('base64 that is not a PKCS#12 file, PEM text, a file path, an empty field', () => {
		const pair = fixtures.pair('rsa-2048');
		const certificateDer = Buffer.from(pair.certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
		expect(refusal(pfxInput(certificateDer), 'notPkcs12').message).toMatch(/not a PKCS#12 \(\.pfx\/\.p12\) file.*base64 -w0/);
		expect(refusal(pfxInput('aGVsbG8gd29ybGQ='), 'notPkcs12').message).toMatch(/not a PKCS#12/);
		expect(refusal(pfxInput('not base64 at all!'), 'notPkcs12').message).toMatch(/not base64/);
		expect(refusal(pfxInput(pair.privateKeyPem), 'notPkcs12').message).toMatch(/choose the key format "PEM"/);
		expect(refusal(pfxInput('C:\\certs\\company.pfx'), 'notPkcs12').message).toMatch(/file path/);
		expect(refusal(pfxInput('  '), 'missingInput').message).toMatch(/field is empty/);
	});

	it('a PKCS#12 file whose certificate belongs to another key', () => {
		const error = refusal(pfxInput(fixtures.mismatched(PASSWORD)), 'certificateMismatch');
		expect(error.message).toMatch(/does not belong to its private key/);
	});

	const manual = /manual \(section 4\.4\.1: "Pour RSA : 2048, 3072 ou 4096 ; Pour EC : P-384 ou P-521"\) allows RSA keys of 2048, 3072 or 4096 bits and EC keys on the P-384 or P-521 curve/;
	it.each([
		['rsa-1024', /RSA key has only 1024 bits, which is too short/],
		['rsa-2560', /RSA key has 2560 bits, which is not one of the allowed sizes/],
		['ec-p256', /EC key uses the curve P-256/],
		['ed25519', /Ed25519 key/],
	] as const)('a %s key in a PKCS#12 file, quoting the manual', (kind, what) => {
		const error = refusal(pfxInput(fixtures.pkcs12(fixtures.refused(kind), PASSWORD)), 'keyRefused');
		expect(error.message).toMatch(what);
		expect(error.message).toMatch(manual);
	});

	it.each([
		['rsa-1024', /1024 bits/],
		['ec-p256', /P-256/],
		['ed25519', /Ed25519/],
		['dsa', /DSA key/],
	] as const)('a %s key as PEM', (kind, what) => {
		const error = refusal({ format: 'pem', privateKey: fixtures.refused(kind).privateKeyPem }, 'keyRefused');
		expect(error.message).toMatch(what);
		expect(error.message).toMatch(manual);
	});
});

describe('PEM keys', () => {
	const pem = (privateKey: string): KeyInput => ({ format: 'pem', privateKey });

	it('PKCS#8, PKCS#1 and SEC1', () => {
		const rsa = fixtures.pair('rsa-3072');
		const ec = fixtures.pair('ec-p384');
		const p521 = fixtures.pair('ec-p521');
		expect(fixtures.pem(rsa, 'pkcs1')).toMatch(/BEGIN RSA PRIVATE KEY/);
		expect(fixtures.pem(ec, 'sec1')).toMatch(/BEGIN EC PRIVATE KEY/);
		expect(loadSigningKey(pem(fixtures.pem(rsa, 'pkcs8'))).fingerprint).toBe(fingerprintOf(rsa));
		expect(loadSigningKey(pem(fixtures.pem(rsa, 'pkcs1'))).alg).toBe('RS256');
		expect(loadSigningKey(pem(fixtures.pem(ec, 'sec1'))).alg).toBe('ES384');
		expect(loadSigningKey(pem(fixtures.pem(p521, 'sec1'))).alg).toBe('ES512');
		expect(loadSigningKey(pem(p521.privateKeyPem)).certificate).toBeUndefined();
	});

	it('pasted on one line, with literal \\n, with CRLF, in quotes', () => {
		const pair = fixtures.pair('ec-p521');
		const text = fixtures.pem(pair, 'sec1');
		const variants = [
			text.replace(/\n/g, ' '),
			text.replace(/\n/g, ''),
			text.replace(/\n/g, '\\n'),
			text.replace(/\n/g, '\r\n'),
			JSON.stringify(text),
		];
		for (const variant of variants) expect(loadSigningKey(pem(variant)).fingerprint).toBe(fingerprintOf(pair));
	});

	it('with its certificate pasted after it: the certificate is checked too', () => {
		const pair = fixtures.pair('rsa-2048');
		expect(loadSigningKey(pem(pair.privateKeyPem + pair.certificatePem)).certificate?.subject).toMatch(/CN=self_service_chaman_900000_rsa-2048/);
		refusal(pem(pair.privateKeyPem + fixtures.pair('ec-p384').certificatePem), 'certificateMismatch');
		const old = fixtures.dated(new Date('2020-01-01T00:00:00Z'), 10);
		refusal(pem(old.privateKeyPem + old.certificatePem), 'certificateExpired');
	});

	it('refuses encrypted keys, certificates, public keys and damaged text', () => {
		const pair = fixtures.pair('rsa-2048');
		const encrypted = createPublicKey(pair.privateKeyPem) && forge.pki.encryptRsaPrivateKey(forge.pki.privateKeyFromPem(pair.privateKeyPem), 'pw');
		expect(refusal(pem(encrypted), 'encryptedPem').message).toMatch(/encrypted with a passphrase/);
		const pkcs8Encrypted = require('node:crypto')
			.createPrivateKey(pair.privateKeyPem)
			.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
		expect(refusal(pem(pkcs8Encrypted), 'encryptedPem').message).toMatch(/PKCS#12/);
		expect(refusal(pem(pair.certificatePem), 'notPem').message).toMatch(/only a certificate/);
		const publicPem = createPublicKey(pair.privateKeyPem).export({ type: 'spki', format: 'pem' }) as string;
		expect(refusal(pem(publicPem), 'notPem').message).toMatch(/public key, not the private key/);
		expect(refusal(pem(pair.privateKeyPem.replace(/[A-Z]{10}/g, '')), 'notPem').message).toMatch(/damaged or incomplete/);
		expect(refusal(pem(fixtures.pkcs12(pair, PASSWORD).toString('base64')), 'notPem').message).toMatch(/choose the key format "PKCS#12"/);
		refusal(pem(''), 'missingInput');
	});
});

describe('parsed once per process', () => {
	it('the same file and password are parsed once; the dates are checked on every call', () => {
		const pair = fixtures.pair('rsa-4096');
		const input = pfxInput(fixtures.pkcs12(pair, PASSWORD));
		const parse = jest.spyOn(forge.pkcs12, 'pkcs12FromAsn1');
		try {
			const t0 = process.hrtime.bigint();
			const first = loadSigningKey(input);
			const t1 = process.hrtime.bigint();
			const second = loadSigningKey(input);
			const t2 = process.hrtime.bigint();
			for (let i = 0; i < 100; i++) loadSigningKey(input);
			expect(second).toBe(first);
			expect(parse).toHaveBeenCalledTimes(1);
			const ms = (from: bigint, to: bigint) => (Number(to - from) / 1e6).toFixed(2);
			console.log(`PFX load (RSA 4096 bits, OpenSSL 3 defaults): first ${ms(t0, t1)} ms, second ${ms(t1, t2)} ms`);
			expect(t2 - t1).toBeLessThan(t1 - t0);

			// another password is another entry (and here a refusal, cached as well)
			refusal({ ...input, password: 'other' } as KeyInput, 'wrongPassword');
			refusal({ ...input, password: 'other' } as KeyInput, 'wrongPassword');
			expect(parse).toHaveBeenCalledTimes(1); // the MAC check refuses it before forge decrypts anything

			// a certificate that expires while n8n runs is refused from then on, from the cache
			refusal(input, 'certificateExpired', new Date(first.certificate!.notAfter.getTime() + 1000));
			expect(loadSigningKey(input).fingerprint).toBe(first.fingerprint);
		} finally {
			parse.mockRestore();
		}
	});

	it('measures a first and a second load of RSA 2048 and EC P-384 files', () => {
		for (const keyType of ['rsa-2048', 'ec-p384'] as KeyType[]) {
			const input = pfxInput(fixtures.pkcs12(fixtures.pair(keyType), PASSWORD));
			const t0 = process.hrtime.bigint();
			loadSigningKey(input);
			const t1 = process.hrtime.bigint();
			loadSigningKey(input);
			const t2 = process.hrtime.bigint();
			const ms = (from: bigint, to: bigint) => (Number(to - from) / 1e6).toFixed(2);
			console.log(`PFX load (${DESCRIPTION[keyType]}, OpenSSL 3 defaults): first ${ms(t0, t1)} ms, second ${ms(t1, t2)} ms`);
			expect(t2 - t1).toBeLessThan(t1 - t0);
		}
	});

	it('keys its cache with a hash, never with the password or the file in clear', () => {
		const input = { format: 'pkcs12', pfx: 'MIIKpgIBAzCCClwGCSqGSIb3DQEHAaCCCk0EggpJ', password: 'hunter2-secret' } as const;
		const id = signingKeyCacheId(input);
		expect(id).toMatch(/^[0-9a-f]{64}$/);
		expect(signingKeyCacheId({ ...input, password: 'hunter2-secreT' })).not.toBe(id);
		expect(signingKeyCacheId({ ...input, pfx: input.pfx + 'A' })).not.toBe(id);
		// the length prefix keeps (file, password) pairs apart that concatenate to the same text
		expect(signingKeyCacheId({ format: 'pkcs12', pfx: 'ab', password: 'c' })).not.toBe(
			signingKeyCacheId({ format: 'pkcs12', pfx: 'a', password: 'bc' }),
		);
	});
});
