/**
 * The key that signs the client assertion, from the credential's PKCS#12 file or PEM text: checked against the
 * manual's rules, with its JWS algorithm, a fingerprint (SHA-256 of the public key) and the certificate's dates.
 *
 * Parsing a PKCS#12 file costs tens of milliseconds, so each distinct input is parsed once per process. The cache
 * key is a SHA-256 hash of the input and the password: neither is kept as a key in clear. The validity dates
 * are checked on every call, so a certificate that expires while n8n runs is refused from that moment on.
 */
import { X509Certificate, createHash, createPublicKey, type KeyObject } from 'node:crypto';

import { SigningKeyError, type SigningKeyProblem } from '../errors';
import { keyProfile, type JwsAlgorithm } from './keyPolicy';
import { readPemKey } from './pem';
import { readPkcs12 } from './pkcs12';

export type KeyInput =
	| { format: 'pkcs12'; pfx: string; password: string }
	| { format: 'pem'; privateKey: string };

export interface CertificateInfo {
	subject: string;
	notBefore: Date;
	notAfter: Date;
}

export interface SigningKey {
	key: KeyObject;
	alg: JwsAlgorithm;
	/** In words, e.g. "RSA 2048 bits". */
	keyDescription: string;
	/** Hex SHA-256 of the public key (SubjectPublicKeyInfo DER): tells keys apart without revealing them. */
	fingerprint: string;
	/** The key's certificate, when the PFX (or the PEM text) holds it. */
	certificate?: CertificateInfo;
}

type Outcome = { key: SigningKey } | { problem: SigningKeyProblem; message: string };

const MAX_ENTRIES = 64;
const cache = new Map<string, Outcome>();
let pkcs12ParseCount = 0;

/** How many PKCS#12 files this process has parsed (cache misses), for benchmarks and tests. */
export function pkcs12Parses(): number {
	return pkcs12ParseCount;
}

/** The cache key of an input: a SHA-256 over the format, the file or text and the password, length-prefixed. */
export function signingKeyCacheId(input: KeyInput): string {
	const hash = createHash('sha256');
	const parts = input.format === 'pkcs12' ? ['pkcs12', input.pfx, input.password] : ['pem', input.privateKey];
	for (const part of parts) hash.update(`${Buffer.byteLength(part ?? '')}:`).update(part ?? '');
	return hash.digest('hex');
}

/** A date as people read it in a message or a report: "2027-03-31 14:05 UTC". */
export const readableDate = (date: Date): string =>
	date.toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC');

function certificateInfo(certificate: X509Certificate): CertificateInfo {
	return {
		subject: certificate.subject.split('\n').join(', '),
		notBefore: new Date(certificate.validFrom),
		notAfter: new Date(certificate.validTo),
	};
}

function parse(input: KeyInput): SigningKey {
	if (input.format === 'pkcs12') pkcs12ParseCount++;
	const { key, certificates } =
		input.format === 'pkcs12' ? readPkcs12(input.pfx, input.password) : readPemKey(input.privateKey);
	const profile = keyProfile(key);
	const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
	const signingKey: SigningKey = {
		key,
		alg: profile.alg,
		keyDescription: profile.description,
		fingerprint: createHash('sha256').update(spki).digest('hex'),
	};
	if (certificates.length) {
		const own = certificates.find((certificate) => certificate.checkPrivateKey(key));
		if (!own) {
			const subjects = certificates.map((c) => `"${certificateInfo(c).subject}"`).join(', ');
			throw new SigningKeyError(
				'certificateMismatch',
				`The certificate in this ${input.format === 'pkcs12' ? 'PKCS#12 file' : 'text'} (${subjects}) does not ` +
					'belong to its private key. Export the certificate together with its own private key, the pair ' +
					'whose certificate (.cer) is registered on your REST webservice account in Chaman.',
			);
		}
		signingKey.certificate = certificateInfo(own);
	}
	return signingKey;
}

function checkDates(signingKey: SigningKey, now: Date): void {
	const certificate = signingKey.certificate;
	if (!certificate) return;
	const dates = `it is valid from ${readableDate(certificate.notBefore)} to ${readableDate(certificate.notAfter)}`;
	if (now.getTime() > certificate.notAfter.getTime()) {
		throw new SigningKeyError(
			'certificateExpired',
			`The certificate "${certificate.subject}" has expired: ${dates}. Create or order a new certificate, ` +
				'register it (.cer) on your REST webservice account in Chaman, and put the new key or .pfx in this credential.',
		);
	}
	if (now.getTime() < certificate.notBefore.getTime()) {
		throw new SigningKeyError(
			'certificateNotYetValid',
			`The certificate "${certificate.subject}" is not valid yet: ${dates}. Wait until its start date, or ` +
				'check the date and time of the n8n server.',
		);
	}
}

/** Parse, keeping a refusal as a value so that it is cached too (the same input always fails the same way). */
function outcomeOf(input: KeyInput): Outcome {
	try {
		return { key: parse(input) };
	} catch (error) {
		if (error instanceof SigningKeyError) return { problem: error.problem, message: error.message };
		return {
			problem: 'unreadable',
			message:
				'The key or certificate could not be read. Check that the right file or text is in the credential; if it ' +
				'is, export it again (PKCS#12 with AES-256, or an unencrypted PKCS#8 PEM key).',
		};
	}
}

/**
 * The signing key of a credential. Throws a SigningKeyError, before any request is made, for a key the manual
 * does not allow, a certificate outside its dates, a wrong password, or input that is not a key.
 */
export function loadSigningKey(input: KeyInput, now: Date = new Date()): SigningKey {
	const id = signingKeyCacheId(input);
	let outcome = cache.get(id);
	if (!outcome) {
		outcome = outcomeOf(input);
		if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
		cache.set(id, outcome);
	}
	if ('problem' in outcome) throw new SigningKeyError(outcome.problem, outcome.message);
	checkDates(outcome.key, now);
	return outcome.key;
}

/** Forget every parsed key (tests, or to measure a first load). */
export function clearSigningKeyCache(): void {
	cache.clear();
}
