/**
 * Which keys may sign the client assertion, and with which JWS algorithm (manual section 4.4.1):
 * RSA 2048/3072/4096 -> RS256, EC P-384 -> ES384, EC P-521 -> ES512. Anything else is refused before any request.
 */
import type { KeyObject } from 'node:crypto';

import { MANUAL_KEY_RULE, SigningKeyError } from '../errors';

export type JwsAlgorithm = 'RS256' | 'ES384' | 'ES512';

export interface KeyProfile {
	alg: JwsAlgorithm;
	/** In words, e.g. "RSA 3072 bits" or "EC P-384". */
	description: string;
}

const RSA_SIZES = [2048, 3072, 4096];
const EC_CURVES: Record<string, { name: string; alg?: JwsAlgorithm }> = {
	secp384r1: { name: 'P-384', alg: 'ES384' },
	secp521r1: { name: 'P-521', alg: 'ES512' },
	prime256v1: { name: 'P-256' },
	secp256k1: { name: 'secp256k1' },
	secp224r1: { name: 'P-224' },
};

const NEW_KEY_HINT =
	'Create a new key and certificate that meet this rule (for example with ' +
	'`npx careerpro-fla-certificate create`), register the new certificate (.cer) ' +
	'on your REST webservice account in Chaman, and put the new key in this credential.';

/** A key (public or private) in words: "RSA 2048 bits", "EC P-384", "ED25519". */
export function describeKey(key: KeyObject): string {
	const details = key.asymmetricKeyDetails ?? {};
	switch (key.asymmetricKeyType) {
		case 'rsa':
			return `RSA ${details.modulusLength ?? '?'} bits`;
		case 'rsa-pss':
			return `RSA-PSS ${details.modulusLength ?? '?'} bits`;
		case 'ec': {
			const curve = details.namedCurve ?? 'unknown curve';
			return `EC ${EC_CURVES[curve]?.name ?? curve}`;
		}
		case 'dsa':
			return `DSA ${details.modulusLength ?? '?'} bits`;
		default:
			return String(key.asymmetricKeyType ?? 'unknown').toUpperCase();
	}
}

function refuse(what: string): never {
	throw new SigningKeyError('keyRefused', `${what} cannot be used. ${MANUAL_KEY_RULE} ${NEW_KEY_HINT}`);
}

/** The JWS algorithm of a private key allowed by the manual; throws a SigningKeyError for any other key. */
export function keyProfile(key: KeyObject): KeyProfile {
	const details = key.asymmetricKeyDetails ?? {};
	switch (key.asymmetricKeyType) {
		case 'rsa': {
			const bits = details.modulusLength ?? 0;
			if (bits < 2048) refuse(`This RSA key has only ${bits} bits, which is too short: it`);
			if (!RSA_SIZES.includes(bits)) refuse(`This RSA key has ${bits} bits, which is not one of the allowed sizes: it`);
			return { alg: 'RS256', description: describeKey(key) };
		}
		case 'rsa-pss':
			return refuse('This key is restricted to RSA-PSS signatures; the gateway expects RS256 (RSA PKCS#1 v1.5): it');
		case 'ec': {
			const curve = details.namedCurve ?? 'unknown';
			const known = EC_CURVES[curve];
			if (!known?.alg) refuse(`This EC key uses the curve ${known?.name ?? curve}: it`);
			return { alg: known.alg, description: describeKey(key) };
		}
		case 'dsa':
			return refuse('This is a DSA key: DSA');
		case 'ed25519':
		case 'ed448':
			return refuse(`This is an ${key.asymmetricKeyType === 'ed25519' ? 'Ed25519' : 'Ed448'} key: EdDSA`);
		default:
			return refuse(`This ${String(key.asymmetricKeyType ?? 'unknown').toUpperCase()} key is not a signing key of an allowed type: it`);
	}
}
