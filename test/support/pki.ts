/**
 * Keys, certificates and PKCS#12 files for the credential's tests, made on the fly in a temporary directory:
 * with the package's own certificate code and with the `openssl` command (so that files written by OpenSSL 3,
 * `-legacy`, Windows- and Java-style exports are what the loader is tested on). Nothing is committed.
 * Key pairs are memoised per test file: RSA-4096 is generated at most once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

import { createSelfSignedCertificate, type KeyType } from '../../credentials/pki/create';

export type { KeyType };

export interface KeyPair {
	privateKeyPem: string;
	certificatePem: string;
}

/** How `openssl pkcs12 -export` is asked to protect the file. */
export type Pkcs12Style = 'modern' | 'legacy' | 'windows' | 'javaAes' | 'noCertEncryption' | 'noKey';

const PKCS12_ARGS: Record<Pkcs12Style, string[]> = {
	modern: [],
	legacy: ['-legacy'],
	windows: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
	javaAes: ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256'],
	noCertEncryption: ['-certpbe', 'NONE'],
	noKey: ['-nokeys'],
};

export const DAY_MS = 86_400_000;

/** OpenSSL on the command line, with its error output in the exception when it fails. */
export function openssl(args: string[], input?: string | Buffer): Buffer {
	return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** OpenSSL's exit status, standard output and error output (some commands print what matters on stderr). */
export function opensslOutput(args: string[]): { status: number | null; stdout: string; stderr: string } {
	const run = spawnSync('openssl', args, { encoding: 'utf8' });
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export class PkiFixtures {
	readonly dir = mkdtempSync(join(tmpdir(), 'careerpro-fla-pki-'));
	private readonly pairs = new Map<string, KeyPair>();
	private counter = 0;

	/** A key pair of an allowed type with a self-signed certificate valid now (memoised by type). */
	pair(keyType: KeyType = 'rsa-2048'): KeyPair {
		let pair = this.pairs.get(keyType);
		if (!pair) {
			pair = createSelfSignedCertificate({
				keyType,
				commonName: `self_service_chaman_900000_${keyType}`,
				organization: 'Test fixtures',
				enterpriseNumber: '0202239951',
			});
			this.pairs.set(keyType, pair);
		}
		return pair;
	}

	/** An RSA 2048 pair whose certificate is valid from `notBefore` for `validDays`. */
	dated(notBefore: Date, validDays: number): KeyPair {
		return createSelfSignedCertificate({ commonName: 'self_service_chaman_900001_dated', notBefore, validDays });
	}

	/** A key the manual does not allow, with a certificate made by OpenSSL. */
	refused(kind: 'rsa-1024' | 'rsa-2560' | 'ec-p256' | 'ed25519' | 'dsa'): KeyPair {
		let pair = this.pairs.get(kind);
		if (pair) return pair;
		const { privateKey } =
			kind === 'rsa-1024' || kind === 'rsa-2560'
				? generateKeyPairSync('rsa', { modulusLength: Number(kind.slice(4)) })
				: kind === 'ec-p256'
					? generateKeyPairSync('ec', { namedCurve: 'P-256' })
					: kind === 'dsa'
						? generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })
						: generateKeyPairSync('ed25519');
		const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		const keyFile = this.file(`${kind}.key`, privateKeyPem);
		const certificatePem = openssl([
			'req', '-x509', '-key', keyFile, '-subj', `/CN=refused-${kind}`, '-days', '30',
			...(kind === 'ed25519' ? [] : ['-sha256']),
		]).toString();
		pair = { privateKeyPem, certificatePem };
		this.pairs.set(kind, pair);
		return pair;
	}

	/** A PKCS#12 file written by `openssl pkcs12 -export` in the given style. */
	pkcs12(pair: KeyPair, password: string, style: Pkcs12Style = 'modern', extra: string[] = []): Buffer {
		const id = ++this.counter;
		const key = this.file(`p${id}.key`, pair.privateKeyPem);
		const cert = this.file(`p${id}.crt`, pair.certificatePem);
		const out = join(this.dir, `p${id}.pfx`);
		openssl([
			'pkcs12', '-export', '-inkey', key, '-in', cert, '-name', 'client', '-passout', `pass:${password}`,
			'-out', out, ...PKCS12_ARGS[style], ...extra,
		]);
		return readFileSync(out);
	}

	/** A PKCS#12 file whose certificate belongs to another key (OpenSSL refuses to write one; forge does not). */
	mismatched(password: string): Buffer {
		const key = forge.pki.privateKeyFromPem(this.pair('rsa-2048').privateKeyPem);
		const other = forge.pki.certificateFromPem(this.pair('rsa-3072').certificatePem);
		const p12 = forge.pkcs12.toPkcs12Asn1(key, [other], password, { algorithm: '3des' });
		return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
	}

	/** The same private key in other PEM encodings. */
	pem(pair: KeyPair, form: 'pkcs8' | 'pkcs1' | 'sec1'): string {
		const key = this.file(`k${++this.counter}.key`, pair.privateKeyPem);
		if (form === 'pkcs8') return openssl(['pkey', '-in', key]).toString();
		if (form === 'pkcs1') return openssl(['rsa', '-in', key, '-traditional']).toString();
		return openssl(['ec', '-in', key]).toString();
	}

	file(name: string, content: string | Buffer): string {
		const path = join(this.dir, name);
		writeFileSync(path, content);
		return path;
	}

	cleanup(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/** Base64 with 64-character lines, as `openssl base64` (and many tools) print it; CRLF when asked. */
export function wrappedBase64(data: Buffer, lineEnd = '\n'): string {
	return (data.toString('base64').match(/.{1,64}/g) ?? []).join(lineEnd) + lineEnd;
}

/** Throws unless none of the secrets appears in the error's message or stack. */
export function expectNoSecret(error: unknown, secrets: string[]): void {
	const text = `${(error as Error)?.message ?? ''}\n${(error as Error)?.stack ?? ''}\n${JSON.stringify(error)}`;
	for (const secret of secrets.filter((s) => s && s.length >= 6)) {
		if (text.includes(secret)) throw new Error(`a secret (${secret.length} characters) appears in the error`);
		// and no piece of it: a line of a PEM or base64 text, a slice of a token
		const pieces = secret.split(/\s+/).flatMap((part) => (part.length > 40 ? [part.slice(0, 24), part.slice(-24)] : [part]));
		if (pieces.some((piece) => piece.length >= 16 && text.includes(piece))) {
			throw new Error('a piece of a secret appears in the error');
		}
	}
}
