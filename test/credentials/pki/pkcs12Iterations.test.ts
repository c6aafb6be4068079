/**
 * A .pfx decides how many PBKDF2 rounds its reader runs: for its MAC, its encrypted certificates and each shrouded
 * key. node-forge runs them in JavaScript, on n8n's event loop, so every count is read and capped before anything is
 * derived, and the refusal says how to export the file again. Files made by OpenSSL with high counts.
 */
import forge from 'node-forge';

import { explicit, fromDer, implicitBytes, int, octets, oid, seq, toDer } from '../../../credentials/pki/der';
import { readPkcs12 } from '../../../credentials/pki/pkcs12';
import { SigningKeyError } from '../../../credentials/errors';
import { PkiFixtures, openssl } from '../../support/pki';

const PASSWORD = 'correct horse battery staple';
const fixtures = new PkiFixtures();
afterAll(() => fixtures.cleanup());

/** A count above the cap (100,000) that today's OpenSSL writes in well under a second. */
const HIGH = '150000';

function exported(args: string[]): string {
	return fixtures.pkcs12(fixtures.pair('rsa-2048'), PASSWORD, 'modern', args).toString('base64');
}

function refusal(base64: string): SigningKeyError {
	const started = process.cpuUsage();
	let caught: unknown;
	try {
		readPkcs12(base64, PASSWORD);
	} catch (error) {
		caught = error;
	}
	const used = process.cpuUsage(started);
	// Printed, not asserted: the point is that nothing was derived.
	console.log(`refused after ${Math.round((used.user + used.system) / 1000)} ms of CPU`);
	expect(caught).toBeInstanceOf(SigningKeyError);
	return caught as SigningKeyError;
}

describe('PBKDF2 iteration counts of a .pfx', () => {
	it.each([
		['certificates and key, without a MAC', ['-iter', HIGH, '-nomac']],
		['the key only (certificates not encrypted), without a MAC', ['-iter', HIGH, '-certpbe', 'NONE', '-nomac']],
		['the MAC, certificates and key', ['-iter', HIGH]],
	])('refuses a count above the cap in %s, saying what to do', (_what, args) => {
		const error = refusal(exported(args));
		expect(error.problem).toBe('unsupportedPkcs12');
		expect(error.message).toMatch(/asks for 150000 password iterations \(for its [a-z ]+\), more than the 100000 accepted/);
		expect(error.message).toMatch(/openssl pkcs12 .*-iter 2048/);
		expect(error.message).not.toContain(PASSWORD);
	});

	it('refuses a count above the cap in a key hidden inside encrypted certificates, before deriving its key', () => {
		// OpenSSL writes the shrouded key (150000 rounds); the safe holding it is encrypted with 2048 rounds.
		const pair = fixtures.pair('rsa-2048');
		const keyFile = fixtures.file('nested.key', pair.privateKeyPem);
		const shrouded = openssl(['pkcs8', '-topk8', '-in', keyFile, '-v2', 'aes-256-cbc', '-iter', HIGH, '-outform', 'DER', '-passout', `pass:${PASSWORD}`]);
		const certificateDer = Buffer.from(forge.pem.decode(pair.certificatePem)[0].body, 'binary');
		const safeContents = seq(
			seq(oid('1.2.840.113549.1.12.10.1.2'), explicit(0, fromDer(shrouded))),
			seq(oid('1.2.840.113549.1.12.10.1.3'), explicit(0, seq(oid('1.2.840.113549.1.9.22.1'), explicit(0, octets(certificateDer))))),
		);
		// forge encrypts any ASN.1 this way (PBES2, AES-256, 2048 rounds): the SafeContents in place of a key.
		const encrypted = forge.pki.encryptPrivateKeyInfo(safeContents, PASSWORD, { algorithm: 'aes256', count: 2048 });
		const [algorithm, content] = encrypted.value as forge.asn1.Asn1[];
		const encryptedData = seq(int(0), seq(oid('1.2.840.113549.1.7.1'), algorithm, implicitBytes(0, Buffer.from(content.value as string, 'binary'))));
		const authSafe = seq(seq(oid('1.2.840.113549.1.7.6'), explicit(0, encryptedData)));
		const pfx = seq(int(3), seq(oid('1.2.840.113549.1.7.1'), explicit(0, octets(toDer(authSafe)))));

		const error = refusal(toDer(pfx).toString('base64'));
		expect(error.message).toMatch(/asks for 150000 password iterations \(for its private key\)/);
	});

	it('still opens the files OpenSSL, Windows and Java write (2048 to 10000 iterations)', () => {
		for (const args of [[], ['-iter', '10000'], ['-iter', '100000', '-nomac']]) {
			const { certificates } = readPkcs12(exported(args), PASSWORD);
			expect(certificates).toHaveLength(1);
		}
	});
});
