/**
 * The certificate tool as its users run it: `create` writes a .cer and a .pfx that the credential's own loader
 * opens and signs with, `inspect` tells which of the manual's rules a .pfx breaks, and every refusal says what to
 * fix without repeating the password. Most tests run `main` in-process; the last ones start the real command.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import forge from 'node-forge';

import { main, type Io } from '../../certificate/cli';
import { createSelfSignedCertificate, toPkcs12 } from '../../credentials/pki/create';
import { clearSigningKeyCache, loadSigningKey } from '../../credentials/pki/signingKey';

const ROOT = resolve(__dirname, '../..');
const PASSWORD = 'Tr0ub4dor&3-horse';
const DAY_MS = 86_400_000;

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'careerpro-fla-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => clearSigningKeyCache());

interface Run {
	status: number;
	stdout: string;
	stderr: string;
}

/** Run the command in-process, in the test's folder, with only the given environment. */
async function run(argv: string[], options: { env?: Record<string, string>; now?: Date } = {}): Promise<Run> {
	let stdout = '';
	let stderr = '';
	const io: Io = {
		stdout: { write: (text: string) => (stdout += text) },
		stderr: { write: (text: string) => (stderr += text) },
		env: options.env ?? {},
		cwd: dir,
		...(options.now ? { now: options.now } : {}),
	};
	const status = await main(argv, io);
	return { status, stdout, stderr };
}

/** The text printed between the two dashed lines: the base64 of the .pfx. */
function printedBase64(stdout: string): string {
	const match = /\n-----\n([A-Za-z0-9+/=]+)\n-----\n/.exec(stdout);
	if (!match) throw new Error(`no base64 block in:\n${stdout}`);
	return match[1];
}

const passwordFile = (password: string) => {
	const path = join(dir, `password-${Math.random().toString(36).slice(2)}.txt`);
	writeFileSync(path, `${password}\n`);
	return path;
};

const forgeCertificate = (der: Buffer) =>
	forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));

/** A .pfx the manual does not allow, written by node-forge: RSA 1024, signed with SHA-1, key usage without Digital Signature. */
function nonConformingPfx(password: string): Buffer {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
	const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
	const certificate = forge.pki.createCertificate();
	certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
	certificate.serialNumber = '0a1b2c3d';
	certificate.validity.notBefore = new Date(Date.now() - DAY_MS);
	certificate.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
	const name = [{ name: 'commonName', value: 'Old Certificate' }];
	certificate.setSubject(name);
	certificate.setIssuer(name);
	certificate.setExtensions([{ name: 'keyUsage', critical: true, keyEncipherment: true, dataEncipherment: true }]);
	certificate.sign(key, forge.md.sha1.create());
	const p12 = forge.pkcs12.toPkcs12Asn1(key, [certificate], password, { algorithm: '3des' });
	return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

describe('create', () => {
	it('writes a .cer for Chaman and a .pfx the credential opens and signs with, and prints its base64', async () => {
		const result = await run([
			'create',
			'--organization', 'Acme Belgium',
			'--enterprise-number', 'BE 0202.239.951',
			'--key-type', 'rsa-2048',
			'--password-file', passwordFile(PASSWORD),
			'--out', 'acme',
		]);
		expect(result).toMatchObject({ status: 0, stderr: '' });
		const cerPath = join(dir, 'acme', 'careerpro-fla-0202239951.cer');
		const pfxPath = join(dir, 'acme', 'careerpro-fla-0202239951.pfx');
		expect(result.stdout).toContain(cerPath);
		expect(result.stdout).toContain(pfxPath);
		expect(statSync(pfxPath).mode & 0o077).toBe(0);

		// The .cer is a DER X.509 certificate of the organisation with the key usage Digital Signature.
		const cer = readFileSync(cerPath);
		expect(cer[0]).toBe(0x30);
		const certificate = new X509Certificate(cer);
		expect(certificate.subject.split('\n')).toEqual([
			'C=BE',
			'O=Acme Belgium',
			'organizationIdentifier=NTRBE-0202239951',
			'CN=Acme Belgium',
		]);
		expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
		const keyUsage = forgeCertificate(cer).getExtension('keyUsage') as { digitalSignature?: boolean; critical?: boolean };
		expect(keyUsage).toMatchObject({ digitalSignature: true, critical: true });
		expect(forgeCertificate(cer).siginfo.algorithmOid).toBe(forge.pki.oids.sha256WithRSAEncryption);

		// The printed base64 is the .pfx file, and the credential's loader opens it with the password and signs.
		const pfx = readFileSync(pfxPath);
		expect(printedBase64(result.stdout)).toBe(pfx.toString('base64'));
		const loaded = loadSigningKey({ format: 'pkcs12', pfx: printedBase64(result.stdout), password: PASSWORD });
		expect(loaded.alg).toBe('RS256');
		expect(loaded.certificate?.subject).toContain('O=Acme Belgium');
		const signature = sign('sha256', Buffer.from('client assertion'), loaded.key);
		expect(verify('sha256', Buffer.from('client assertion'), certificate.publicKey, signature)).toBe(true);

		// Every rule is reported OK; no secret is printed.
		expect(result.stdout).toMatch(/OK {6}Key: RSA 2048, 3072 or 4096 bits.*RSA 2048 bits/);
		expect(result.stdout).not.toContain('NOT OK');
		expect(result.stdout).not.toContain(PASSWORD);
		expect(result.stdout).not.toMatch(/PFX password \(generated/);
		const keyDer = loaded.key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
		expect(result.stdout).not.toContain(keyDer.slice(100, 140));
	});

	it('generates a strong password when none is given and prints it once, labelled', async () => {
		const result = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--key-type', 'rsa-2048', '--name', 'generated']);
		expect(result.status).toBe(0);
		const match = /PFX password \(generated[^\n]*\n {2}(\S+)\n/.exec(result.stdout);
		expect(match).not.toBeNull();
		const password = match![1];
		expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
		expect(result.stdout.split(password)).toHaveLength(2);
		expect(result.stderr).not.toContain(password);
		const pfx = readFileSync(join(dir, 'generated.pfx')).toString('base64');
		expect(loadSigningKey({ format: 'pkcs12', pfx, password }).alg).toBe('RS256');
	});

	it('makes an EC P-384 certificate signed with SHA-384, valid for --days, with a PEM .cer, the password from the environment', async () => {
		const now = new Date('2026-03-01T12:00:00Z');
		const result = await run(
			['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--key-type', 'ec-p384', '--hash', 'sha384',
				'--days', '30', '--cer-format', 'pem', '--name', 'ec'],
			{ env: { CAREERPRO_PFX_PASSWORD: PASSWORD }, now },
		);
		expect(result.status).toBe(0);
		const cer = readFileSync(join(dir, 'ec.cer'), 'ascii');
		expect(cer).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
		const certificate = new X509Certificate(cer);
		expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
		expect((Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / DAY_MS).toBe(30);
		expect(Date.parse(certificate.validFrom)).toBeLessThanOrEqual(now.getTime());
		const pfx = readFileSync(join(dir, 'ec.pfx')).toString('base64');
		const loaded = loadSigningKey({ format: 'pkcs12', pfx, password: PASSWORD }, now);
		expect(loaded.alg).toBe('ES384');
		expect(result.stdout).toMatch(/ecdsa-with-SHA384 \(SHA-384\)/);
		expect(result.stdout).not.toContain(PASSWORD);
	});

	it('signs an EC P-521 certificate with SHA-512 unless --hash says otherwise', async () => {
		const result = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--key-type', 'ec-p521', '--name', 'p521', '--password', PASSWORD]);
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/Signature algorithm: ecdsa-with-SHA512 \(SHA-512\)/);
		expect(result.stderr).toMatch(/--password can stay in your shell history/);
		expect(result.stderr).not.toContain(PASSWORD);
		const pfx = readFileSync(join(dir, 'p521.pfx')).toString('base64');
		expect(loadSigningKey({ format: 'pkcs12', pfx, password: PASSWORD }).alg).toBe('ES512');
	});

	it('refuses to replace existing files unless --force', async () => {
		const args = ['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--key-type', 'rsa-2048', '--name', 'twice', '--password-file', passwordFile(PASSWORD)];
		expect((await run(args)).status).toBe(0);
		const before = readFileSync(join(dir, 'twice.pfx'));

		const refused = await run(args);
		expect(refused.status).toBe(2);
		expect(refused.stdout).toBe('');
		expect(refused.stderr).toMatch(/Nothing was written: ".*twice\.cer" and ".*twice\.pfx" already exist\. .*--force/);
		expect(readFileSync(join(dir, 'twice.pfx')).equals(before)).toBe(true);

		const forced = await run([...args, '--force']);
		expect(forced.status).toBe(0);
		expect(readFileSync(join(dir, 'twice.pfx')).equals(before)).toBe(false);
	});

	it.each([
		['0202239952', /--enterprise-number: "0202239952" is not a valid enterprise number \(KBO\/BCE\): its check digits do not match/],
		['2202239951', /--enterprise-number: "2202239951" is not an enterprise number \(KBO\/BCE\): it must start with 0 or 1/],
		['02022399', /--enterprise-number: "02022399" is not an enterprise number \(KBO\/BCE\): it needs 10 digits/],
	])('refuses the enterprise number %s, naming the option, and writes nothing', async (number, message) => {
		const result = await run(['create', '--organization', 'Acme', '--enterprise-number', number, '--name', 'refused', '--password-file', passwordFile(PASSWORD)]);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(existsSync(join(dir, 'refused.cer')) || existsSync(join(dir, 'refused.pfx'))).toBe(false);
	});

	it('names what is missing or wrong on the command line, without repeating a password', async () => {
		const missing = await run(['create', '--enterprise-number', '0202239951']);
		expect(missing).toMatchObject({ status: 2, stderr: expect.stringMatching(/--organization is missing/) });
		const noNumber = await run(['create', '--organization', 'Acme']);
		expect(noNumber.stderr).toMatch(/--enterprise-number is missing/);
		const keyType = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--key-type', 'rsa-1024']);
		expect(keyType.stderr).toMatch(/--key-type "rsa-1024" is not one of: rsa-2048, rsa-3072, rsa-4096, ec-p384, ec-p521/);
		const days = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--days', '0']);
		expect(days.stderr).toMatch(/--days "0" is not a whole number of days/);
		const short = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--password', 'abc12']);
		expect(short.stderr).toMatch(/given with --password is shorter than 8 characters/);
		expect(short.stderr).not.toContain('abc12');
		const typo = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--pasword=secret-value-1']);
		expect(typo.stderr).toMatch(/Unknown option --pasword\./);
		expect(typo.stderr).not.toContain('secret-value-1');
		const dash = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--password', '-secret-value-2']);
		expect(dash.stderr).toMatch(/--password=VALUE/);
		expect(dash.stderr).not.toContain('secret-value-2');
		const both = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--password', PASSWORD, '--password-file', 'x']);
		expect(both.stderr).toMatch(/either --password-file or --password, not both/);
		for (const result of [missing, noNumber, keyType, days, short, typo, dash, both]) {
			expect(result.status).toBe(2);
			expect(result.stdout).toBe('');
		}
	});
});

describe('inspect', () => {
	let fresh: string;
	beforeAll(async () => {
		const made = await run(['create', '--organization', 'Acme', '--enterprise-number', '0202239951', '--key-type', 'rsa-2048', '--name', 'fresh', '--out', 'inspect', '--password-file', passwordFile(PASSWORD)]);
		expect(made.status).toBe(0);
		fresh = join(dir, 'inspect', 'fresh.pfx');
		rmSync(join(dir, 'inspect', 'fresh.cer'));
	});

	it('reports a fresh file as meeting every rule, writes its .cer and prints the base64 for the credential', async () => {
		const result = await run(['inspect', fresh, '--password-file', passwordFile(PASSWORD), '--valid-until', '2026-01-01'], {
			now: new Date(),
		});
		expect(result).toMatchObject({ status: 0, stderr: '' });
		for (const rule of ['Key: RSA 2048', 'Signature digest', 'Key usage: Digital Signature', 'Valid today', 'Valid until at least 2026-01-01', 'Certificate belongs to the private key']) {
			expect(result.stdout).toMatch(new RegExp(`\\n {2}OK {6}${rule.replace(/[()]/g, '\\$&')}`));
		}
		expect(result.stdout).not.toContain('NOT OK');
		expect(result.stdout).toMatch(/Subject: +C=BE, O=Acme, organizationIdentifier=NTRBE-0202239951, CN=Acme/);
		expect(result.stdout).toMatch(/Issuer: +self-signed/);
		expect(result.stdout).toMatch(/Signature algorithm: sha256WithRSAEncryption \(SHA-256\)/);
		expect(result.stdout).toMatch(/\(72\d days left\)/);
		const cer = readFileSync(join(dir, 'inspect', 'fresh.cer'));
		const certificate = new X509Certificate(cer);
		expect(certificate.checkPrivateKey(loadSigningKey({ format: 'pkcs12', pfx: readFileSync(fresh).toString('base64'), password: PASSWORD }).key)).toBe(true);
		expect(printedBase64(result.stdout)).toBe(readFileSync(fresh).toString('base64'));

		// Again: the same .cer is left as it is; a different file there is not replaced without --force.
		expect((await run(['inspect', fresh, '--password', PASSWORD])).stdout).toMatch(/already there, unchanged/);
		writeFileSync(join(dir, 'inspect', 'other.cer'), 'something else');
		const refused = await run(['inspect', fresh, '--password', PASSWORD, '--cer', 'inspect/other.cer']);
		expect(refused.status).toBe(2);
		expect(refused.stderr).toMatch(/other\.cer" already exists\. .*--force/);
		expect(readFileSync(join(dir, 'inspect', 'other.cer'), 'utf8')).toBe('something else');
	});

	it('says which rules a non-conforming .pfx breaks, writes nothing and exits with 1', async () => {
		const path = join(dir, 'old.pfx');
		writeFileSync(path, nonConformingPfx(PASSWORD));
		const result = await run(['inspect', 'old.pfx'], { env: { CAREERPRO_PFX_PASSWORD: PASSWORD } });
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/NOT OK {2}Key: RSA 2048, 3072 or 4096 bits, or EC P-384 or P-521 +RSA 1024 bits: not allowed/);
		expect(result.stdout).toMatch(/NOT OK {2}Signature digest: SHA-256, SHA-384 or SHA-512 +sha1WithRSAEncryption \(SHA-1\): not allowed/);
		expect(result.stdout).toMatch(/NOT OK {2}Key usage: Digital Signature +Key Encipherment, Data Encipherment: "Digital Signature" is missing/);
		expect(result.stdout).toMatch(/\n {2}OK {6}Valid today/);
		expect(result.stdout).toMatch(/Nothing was written/);
		expect(result.stdout).not.toMatch(/\n-----\n/);
		expect(existsSync(join(dir, 'old.cer'))).toBe(false);
	});

	it('reports an expired certificate, and one that ends before --valid-until', async () => {
		const expired = createSelfSignedCertificate({ commonName: 'Expired', notBefore: new Date('2020-01-01T00:00:00Z'), validDays: 365 });
		writeFileSync(join(dir, 'expired.pfx'), toPkcs12({ ...expired, password: PASSWORD }));
		const old = await run(['inspect', 'expired.pfx', '--password', PASSWORD]);
		expect(old.status).toBe(1);
		expect(old.stdout).toMatch(/NOT OK {2}Valid today +expired on 2020-12-31 00:00 UTC/);

		const result = await run(['inspect', fresh, '--password', PASSWORD, '--valid-until', '2099-12-31', '--cer', 'never.cer']);
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(/NOT OK {2}Valid until at least 2099-12-31 +it expires earlier/);
		expect(result.stdout).toMatch(/meets the manual's rules today, but plan its replacement/);
		expect(existsSync(join(dir, 'never.cer'))).toBe(false);
	});

	it('says plainly that the password is wrong, or missing, without printing it', async () => {
		const wrong = 'not-the-password-42';
		const result = await run(['inspect', fresh, '--password-file', passwordFile(wrong)]);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/The password given with --password-file .* does not open ".*fresh\.pfx": it is wrong/);
		expect(result.stdout + result.stderr).not.toContain(wrong);

		const fromEnvironment = await run(['inspect', fresh], { env: { CAREERPRO_PFX_PASSWORD: wrong } });
		expect(fromEnvironment.stderr).toMatch(/given with CAREERPRO_PFX_PASSWORD does not open/);
		expect(fromEnvironment.stdout + fromEnvironment.stderr).not.toContain(wrong);

		const none = await run(['inspect', fresh]);
		expect(none).toMatchObject({ status: 2, stdout: '' });
		expect(none.stderr).toMatch(/is protected by a password: give it with --password-file FILE, --password or the environment variable CAREERPRO_PFX_PASSWORD/);
	});

	it('explains files it cannot open', async () => {
		const missing = await run(['inspect', 'nowhere.pfx', '--password', PASSWORD]);
		expect(missing).toMatchObject({ status: 2, stderr: expect.stringMatching(/"nowhere\.pfx" could not be read: there is no such file/) });
		writeFileSync(join(dir, 'notes.txt'), 'Meeting notes: nothing to see here.\n');
		const text = await run(['inspect', 'notes.txt', '--password', PASSWORD]);
		expect(text).toMatchObject({ status: 2, stderr: expect.stringMatching(/"notes\.txt" is not a PKCS#12 \(\.pfx\/\.p12\) file/) });
		const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		writeFileSync(join(dir, 'key.pem'), key);
		const pem = await run(['inspect', 'key.pem']);
		expect(pem).toMatchObject({ status: 2, stderr: expect.stringMatching(/PEM file without a certificate/) });
		expect(pem.stderr).not.toContain(key.split('\n')[1]);
		expect((await run(['inspect'])).stderr).toMatch(/Which file\?/);
	});

	it('checks a certificate alone (.cer) and a .pfx given as base64 text', async () => {
		const made = createSelfSignedCertificate({ commonName: 'Alone', keyType: 'rsa-2048' });
		writeFileSync(join(dir, 'alone.cer'), made.certificateDer);
		const cer = await run(['inspect', 'alone.cer']);
		expect(cer.status).toBe(0);
		expect(cer.stdout).toMatch(/a certificate alone, without private key/);
		expect(cer.stdout).toMatch(/needs the \.pfx\/\.p12 file/);

		const base64 = readFileSync(fresh).toString('base64');
		writeFileSync(join(dir, 'fresh.b64.txt'), `${base64.match(/.{1,64}/g)!.join('\n')}\n`);
		const text = await run(['inspect', 'fresh.b64.txt', '--password', PASSWORD, '--cer', 'from-text.cer']);
		expect(text.status).toBe(0);
		expect(printedBase64(text.stdout)).toBe(base64);
		expect(readFileSync(join(dir, 'from-text.cer')).equals(new X509Certificate(readFileSync(join(dir, 'inspect', 'fresh.cer'))).raw)).toBe(true);
	});
});

describe('help', () => {
	it('prints the usage of the tool and of each command', async () => {
		const top = await run(['--help']);
		expect(top.status).toBe(0);
		expect(top.stdout).toMatch(/careerpro-fla-certificate create --organization NAME --enterprise-number NUMBER/);
		expect(top.stdout).toMatch(/careerpro-fla-certificate inspect FILE\.pfx/);
		expect((await run(['create', '--help'])).stdout).toMatch(/--key-type TYPE +rsa-2048, rsa-3072, rsa-4096, ec-p384, ec-p521/);
		expect((await run(['inspect', '-h'])).stdout).toMatch(/--valid-until DATE/);
		const unknown = await run(['sign']);
		expect(unknown).toMatchObject({ status: 2, stderr: expect.stringMatching(/Unknown command "sign": use create or inspect/) });
	});
});

describe('the command run as a program', () => {
	/** The TypeScript source started by Node (no build needed), as `npx careerpro-fla-certificate` starts the built file. */
	function spawn(args: string[], env: Record<string, string> = {}) {
		const result = spawnSync(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', 'certificate/cli.ts', ...args],
			{ cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env } },
		);
		return { status: result.status, stdout: result.stdout, stderr: result.stderr };
	}

	it('creates, then inspects, with exit statuses 0, 2 (wrong password) and 1 (rule broken)', () => {
		const out = join(dir, 'spawned');
		const created = spawn(['create', '--organization', 'Spawned SA', '--enterprise-number', '0202.239.951', '--key-type', 'rsa-2048', '--out', out], {
			CAREERPRO_PFX_PASSWORD: PASSWORD,
		});
		expect(created).toMatchObject({ status: 0, stderr: '' });
		const pfxPath = join(out, 'careerpro-fla-0202239951.pfx');
		expect(new X509Certificate(readFileSync(join(out, 'careerpro-fla-0202239951.cer'))).subject).toContain('O=Spawned SA');
		expect(printedBase64(created.stdout)).toBe(readFileSync(pfxPath).toString('base64'));
		expect(loadSigningKey({ format: 'pkcs12', pfx: printedBase64(created.stdout), password: PASSWORD }).alg).toBe('RS256');

		const inspected = spawn(['inspect', pfxPath, '--cer', join(out, 'again.cer')], { CAREERPRO_PFX_PASSWORD: PASSWORD });
		expect(inspected.status).toBe(0);
		expect(inspected.stdout).not.toContain('NOT OK');

		const wrong = spawn(['inspect', pfxPath, '--password', 'WrongPassword!1']);
		expect(wrong.status).toBe(2);
		expect(wrong.stderr).toMatch(/does not open .* it is wrong/);
		expect(wrong.stdout + wrong.stderr).not.toContain('WrongPassword!1');

		writeFileSync(join(out, 'old.pfx'), nonConformingPfx(PASSWORD));
		const broken = spawn(['inspect', join(out, 'old.pfx'), '--password', PASSWORD]);
		expect(broken.status).toBe(1);
		expect(broken.stdout).toMatch(/NOT OK {2}Key: /);

		const help = spawn(['--help']);
		expect(help.status).toBe(0);
		expect(help.stdout).toMatch(/^careerpro-fla-certificate: make or check the certificate/);
	});

	it('starts with a shebang, so that npm can install it as a command', () => {
		expect(readFileSync(join(ROOT, 'certificate/cli.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
	});
});
