/**
 * The certificate maker, checked by OpenSSL: what `openssl x509 -text` and `openssl pkcs12 -info` say about the
 * certificates and PKCS#12 files it writes, and that OpenSSL gets the same key back out of them.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';

import { createSelfSignedCertificate, toPkcs12, type KeyType } from '../../../credentials/pki/create';
import { PkiFixtures, openssl, opensslOutput, DAY_MS } from '../../support/pki';

const fixtures = new PkiFixtures();
afterAll(() => fixtures.cleanup());

const x509Text = (pem: string) => openssl(['x509', '-noout', '-text'], pem).toString();

describe('createSelfSignedCertificate', () => {
	const cases: Array<[KeyType, 'sha256' | 'sha384' | 'sha512', RegExp, RegExp]> = [
		['rsa-2048', 'sha256', /sha256WithRSAEncryption/, /Public-Key: \(2048 bit\)/],
		['rsa-3072', 'sha384', /sha384WithRSAEncryption/, /Public-Key: \(3072 bit\)/],
		['ec-p384', 'sha384', /ecdsa-with-SHA384/, /NIST CURVE: P-384/],
		['ec-p521', 'sha512', /ecdsa-with-SHA512/, /NIST CURVE: P-521/],
	];

	it.each(cases)('%s with %s: a self-signed X.509 v3 certificate OpenSSL reads and verifies', (keyType, hash, signature, key) => {
		const made = createSelfSignedCertificate({
			keyType,
			hash,
			commonName: 'self_service_chaman_123456_78912',
			organization: 'Acme Belgium',
			enterpriseNumber: '0202239951',
		});
		const text = x509Text(made.certificatePem);
		expect(text).toMatch(/Version: 3 \(0x2\)/);
		expect(text).toMatch(signature);
		expect(text).toMatch(key);
		expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\s/);
		expect(text).toMatch(/Subject: C = BE, O = Acme Belgium, organizationIdentifier = NTRBE-0202239951, CN = self_service_chaman_123456_78912/);
		// self-signed: the certificate verifies with its own public key
		const file = fixtures.file(`self-${keyType}.pem`, made.certificatePem);
		expect(openssl(['verify', '-CAfile', file, file]).toString()).toMatch(/: OK/);
		// the PEM and DER are the same certificate, and it belongs to the private key
		const certificate = new X509Certificate(made.certificateDer);
		expect(certificate.toString()).toBe(made.certificatePem);
		expect(certificate.checkPrivateKey(createPrivateKey(made.privateKeyPem))).toBe(true);
		expect(made.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
	});

	it('defaults to RSA 2048, SHA-256 and 730 days', () => {
		const made = createSelfSignedCertificate({ commonName: 'defaults' });
		const text = x509Text(made.certificatePem);
		expect(text).toMatch(/Public-Key: \(2048 bit\)/);
		expect(text).toMatch(/sha256WithRSAEncryption/);
		const certificate = new X509Certificate(made.certificateDer);
		const days = (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / DAY_MS;
		expect(days).toBe(730);
		expect(Date.parse(certificate.validFrom)).toBeLessThanOrEqual(Date.now());
	});

	it('takes notBefore and validDays (for expired and future certificates)', () => {
		const notBefore = new Date('2020-01-01T00:00:00Z');
		const made = createSelfSignedCertificate({ commonName: 'old', notBefore, validDays: 10 });
		const certificate = new X509Certificate(made.certificateDer);
		expect(new Date(certificate.validFrom).toISOString()).toBe('2020-01-01T00:00:00.000Z');
		expect(new Date(certificate.validTo).toISOString()).toBe('2020-01-11T00:00:00.000Z');
		// dates from 2050 on are GeneralizedTime (RFC 5280)
		const late = createSelfSignedCertificate({ commonName: 'late', notBefore: new Date('2049-12-01T00:00:00Z'), validDays: 62 });
		expect(x509Text(late.certificatePem)).toMatch(/Not After : Feb {2}1 00:00:00 2050 GMT/);
	});

	it('refuses nonsense options', () => {
		expect(() => createSelfSignedCertificate({ commonName: '' })).toThrow(/common name/);
		expect(() => createSelfSignedCertificate({ commonName: 'x', validDays: 0 })).toThrow(/validDays/);
		expect(() => createSelfSignedCertificate({ commonName: 'x', keyType: 'rsa-1024' as KeyType })).toThrow(/Unknown key type/);
	});
});

describe('toPkcs12', () => {
	const publicDer = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('hex');

	it.each([
		['rsa-2048', false, /MAC: sha256.*Encrypted data: PBES2, PBKDF2, AES-256-CBC.*PRF hmacWithSHA256.*Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/s],
		['ec-p384', false, /MAC: sha256.*Encrypted data: PBES2, PBKDF2, AES-256-CBC.*Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/s],
		['ec-p521', true, /MAC: sha1.*Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC.*Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/s],
		['rsa-2048', true, /MAC: sha1.*Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC.*Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/s],
	] as Array<[KeyType, boolean, RegExp]>)('%s (legacy %s): OpenSSL opens it and finds the same key and certificate', (keyType, legacy, algorithms) => {
		const pair = fixtures.pair(keyType);
		const password = 'Pässwörd-€-1';
		const pfx = toPkcs12({ ...pair, password, friendlyName: 'fla client', legacy });
		const file = fixtures.file(`made-${keyType}-${legacy}.pfx`, pfx);

		// `-info` prints the bags on stdout and the algorithms on stderr
		const info = opensslOutput(['pkcs12', '-info', '-nokeys', '-in', file, '-passin', `pass:${password}`]);
		expect(info.status).toBe(0);
		expect(info.stderr).toMatch(algorithms);
		expect(info.stdout).toMatch(/friendlyName: fla client/);
		expect(info.stdout).toMatch(/localKeyID: /);
		expect(info.stdout).toContain('-----BEGIN CERTIFICATE-----');

		const key = openssl(['pkcs12', '-in', file, '-nocerts', '-nodes', '-passin', `pass:${password}`]).toString();
		expect(publicDer(key)).toBe(publicDer(pair.privateKeyPem));
		const cert = openssl(['pkcs12', '-in', file, '-nokeys', '-clcerts', '-passin', `pass:${password}`]).toString();
		expect(new X509Certificate(cert).raw.equals(new X509Certificate(pair.certificatePem).raw)).toBe(true);
	});

	it('is refused by OpenSSL with another password', () => {
		const file = fixtures.file('wrong.pfx', toPkcs12({ ...fixtures.pair('ec-p384'), password: 'right' }));
		expect(() => openssl(['pkcs12', '-info', '-noout', '-in', file, '-passin', 'pass:wrong'])).toThrow(/mac verify (failure|error)/i);
	});

	it('refuses a certificate that does not belong to the key', () => {
		const pair = fixtures.pair('rsa-2048');
		const other = fixtures.pair('ec-p384');
		expect(() => toPkcs12({ privateKeyPem: pair.privateKeyPem, certificatePem: other.certificatePem, password: 'x' })).toThrow(
			/does not belong/,
		);
	});
});
