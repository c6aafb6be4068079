/**
 * Reading a .pfx whose password has non-ASCII characters. The integrity MAC reads the password as a BMPString and
 * PBES2 (AES, OpenSSL 3's default) as UTF-8, so the reader tries both forms on the encrypted bags. With the wrong
 * form, AES-CBC decrypts to garbage; about once in a few hundred files that garbage ends in valid padding, and
 * node-forge then fails while parsing it with an error that says nothing of a password.
 *
 * `non-ascii-password.pfx` is such a file: a self-signed test certificate exported by `openssl pkcs12 -export`
 * (OpenSSL 3 defaults: AES-256-CBC, PBKDF2, HMAC-SHA-256 MAC) with the password below, found by exporting the same key
 * 400 times. It must open, and a wrong password must still be told apart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { SigningKeyError } from '../../../credentials/errors';
import { readPkcs12 } from '../../../credentials/pki/pkcs12';
import { PkiFixtures } from '../../support/pki';

const FILE = path.join(__dirname, '..', '..', 'fixtures', 'pki', 'non-ascii-password.pfx');
const PASSWORD = 'pfx-password-Ünïcode-42';

describe('a .pfx with a non-ASCII password', () => {
	const base64 = fs.readFileSync(FILE).toString('base64');

	it('opens even when the other form of the password decrypts to garbage with valid padding', () => {
		const { certificates } = readPkcs12(base64, PASSWORD);
		expect(certificates.map((certificate) => certificate.subject)).toEqual(['CN=probe']);
	});

	it('still refuses a wrong password as a wrong password', () => {
		expect(() => readPkcs12(base64, 'pfx-password-Unicode-42')).toThrow(/password is wrong/);
	});
});

describe('a .pfx encrypted with a cipher the reader does not know', () => {
	const fixtures = new PkiFixtures();
	afterAll(() => fixtures.cleanup());

	it('is refused as unsupported, with the right password and a non-ASCII one, not as a wrong password', () => {
		const camellia = ['-keypbe', 'CAMELLIA-256-CBC', '-certpbe', 'CAMELLIA-256-CBC'];
		for (const password of ['correct horse', PASSWORD]) {
			const file = fixtures.pkcs12(fixtures.pair('rsa-2048'), password, 'modern', camellia).toString('base64');
			let caught: unknown;
			try {
				readPkcs12(file, password);
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeInstanceOf(SigningKeyError);
			expect((caught as SigningKeyError).problem).toBe('unsupportedPkcs12');
			expect((caught as Error).message).toMatch(/uses an encryption that cannot be read/);
		}
	});
});
