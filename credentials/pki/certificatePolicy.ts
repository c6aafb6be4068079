/**
 * A certificate described in words, and checked one rule at a time against the manual's constraints on the
 * certificate registered in Chaman (annex "critères à respecter"): key type and size, the digest of the
 * certificate's signature, the key usage "Digital Signature", and its dates. Used by the certificate tool, which
 * shows every rule with OK / NOT OK instead of stopping at the first problem as the credential does.
 *
 * Node's X509Certificate gives the subject, issuer, serial and dates; the signature algorithm and the key usage bits
 * are read from the DER with node-forge's ASN.1 parser.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

import { type Asn1, bufferOf, fromDer } from './der';
import { SigningKeyError } from '../errors';
import { describeKey, keyProfile } from './keyPolicy';
import { readableDate } from './signingKey';

const { asn1 } = forge;

export interface SignatureAlgorithm {
	/** Dotted OID of the certificate's signature algorithm. */
	oid: string;
	/** e.g. "sha256WithRSAEncryption", or the OID when unknown. */
	name: string;
	/** The digest in words ("SHA-256"), or undefined when the algorithm has none or is unknown. */
	digest?: string;
}

export interface CertificateDescription {
	subject: string;
	issuer: string;
	/** Hex, upper case, as certificate viewers show it. */
	serialNumber: string;
	/** SHA-256 fingerprint of the certificate, colon-separated hex (what Windows and browsers show). */
	fingerprint256: string;
	selfSigned: boolean;
	/** The subject's public key in words, e.g. "RSA 3072 bits" or "EC P-384". */
	key: string;
	signatureAlgorithm: SignatureAlgorithm;
	/** The key usages in words ("Digital Signature", ...); undefined when the certificate has no Key Usage extension. */
	keyUsage?: string[];
	notBefore: Date;
	notAfter: Date;
}

export interface ConstraintCheck {
	/** Which rule: the manual's (key, digest, keyUsage, dates), the caller's date, or the key pair of a file. */
	id: 'key' | 'digest' | 'keyUsage' | 'dates' | 'validUntil' | 'keyPair';
	/** The rule, in words. */
	rule: string;
	ok: boolean;
	/** What this certificate has, and for a failed rule what to do. */
	detail: string;
}

const DAY_MS = 86_400_000;

const DIGESTS: Record<string, string> = {
	'1.2.840.113549.2.5': 'MD5',
	'1.3.14.3.2.26': 'SHA-1',
	'2.16.840.1.101.3.4.2.4': 'SHA-224',
	'2.16.840.1.101.3.4.2.1': 'SHA-256',
	'2.16.840.1.101.3.4.2.2': 'SHA-384',
	'2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const SIGNATURE_ALGORITHMS: Record<string, { name: string; digest?: string }> = {
	'1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', digest: 'MD5' },
	'1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', digest: 'SHA-1' },
	'1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', digest: 'SHA-224' },
	'1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', digest: 'SHA-256' },
	'1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', digest: 'SHA-384' },
	'1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', digest: 'SHA-512' },
	'1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
	'1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', digest: 'SHA-1' },
	'1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', digest: 'SHA-224' },
	'1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', digest: 'SHA-256' },
	'1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', digest: 'SHA-384' },
	'1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', digest: 'SHA-512' },
	'1.2.840.10040.4.3': { name: 'dsa-with-SHA1', digest: 'SHA-1' },
	'2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', digest: 'SHA-256' },
	'1.3.101.112': { name: 'Ed25519' },
	'1.3.101.113': { name: 'Ed448' },
};

const ALLOWED_DIGESTS = ['SHA-256', 'SHA-384', 'SHA-512'];

/** Key usage bits in the order of RFC 5280 4.2.1.3 (bit 0 first). */
const KEY_USAGES = [
	'Digital Signature',
	'Non Repudiation',
	'Key Encipherment',
	'Data Encipherment',
	'Key Agreement',
	'Certificate Sign',
	'CRL Sign',
	'Encipher Only',
	'Decipher Only',
];
const KEY_USAGE_OID = '2.5.29.15';

const oidOf = (node: Asn1 | undefined): string =>
	node && node.type === asn1.Type.OID && node.tagClass === asn1.Class.UNIVERSAL ? asn1.derToOid(node.value as string) : '';
const childrenOf = (node: Asn1 | undefined): Asn1[] => (node && Array.isArray(node.value) ? node.value : []);

/** RSASSA-PSS names its digest in its parameters: [0] hashAlgorithm, SHA-1 when absent (RFC 4055). */
function pssDigest(parameters: Asn1 | undefined): string | undefined {
	const hashField = childrenOf(parameters).find(
		(node) => node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 0,
	);
	if (!hashField) return 'SHA-1';
	return DIGESTS[oidOf(childrenOf(childrenOf(hashField)[0])[0])];
}

function signatureAlgorithmOf(certificate: Asn1): SignatureAlgorithm {
	const [algorithm, parameters] = childrenOf(childrenOf(certificate)[1]);
	const oid = oidOf(algorithm);
	const known = SIGNATURE_ALGORITHMS[oid];
	const digest = oid === '1.2.840.113549.1.1.10' ? pssDigest(parameters) : known?.digest;
	return { oid, name: known?.name ?? oid, ...(digest ? { digest } : {}) };
}

function keyUsageOf(certificate: Asn1): string[] | undefined {
	const tbs = childrenOf(childrenOf(certificate)[0]);
	const extensionsField = tbs.find((node) => node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 3);
	const extensions = childrenOf(childrenOf(extensionsField)[0]);
	const keyUsage = extensions.find((extension) => oidOf(childrenOf(extension)[0]) === KEY_USAGE_OID);
	if (!keyUsage) return undefined;
	const value = childrenOf(keyUsage).find((node) => node.type === asn1.Type.OCTETSTRING);
	if (!value) return [];
	// The extension's value is a DER BIT STRING: tag 03, a short length, the count of unused bits, then the bits.
	const der = bufferOf(value.value as string);
	if (der[0] !== asn1.Type.BITSTRING || der[1] >= 0x80 || der.length < 3) return [];
	const bits = der.subarray(3, 2 + der[1]);
	return KEY_USAGES.filter((_, n) => n < bits.length * 8 && (bits[Math.floor(n / 8)] & (0x80 >> n % 8)) !== 0);
}

const oneLine = (name: string) => name.split('\n').join(', ');

/** The certificate in words: who, issued by whom, which key, which signature, which usages, which dates. */
export function describeCertificate(certificate: X509Certificate): CertificateDescription {
	const tree = fromDer(certificate.raw);
	const keyUsage = keyUsageOf(tree);
	return {
		subject: oneLine(certificate.subject),
		issuer: oneLine(certificate.issuer),
		serialNumber: certificate.serialNumber.toUpperCase(),
		fingerprint256: certificate.fingerprint256,
		selfSigned: certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey),
		key: describeKey(certificate.publicKey),
		signatureAlgorithm: signatureAlgorithmOf(tree),
		...(keyUsage ? { keyUsage } : {}),
		notBefore: new Date(certificate.validFrom),
		notAfter: new Date(certificate.validTo),
	};
}

/** The rule on the key alone (type and size), for a public or a private key. */
export function checkKey(key: KeyObject): ConstraintCheck {
	const rule = 'Key: RSA 2048, 3072 or 4096 bits, or EC P-384 or P-521';
	const description = describeKey(key);
	let refusal: unknown;
	try {
		keyProfile(key);
	} catch (error) {
		refusal = error;
	}
	if (refusal === undefined) return { id: 'key', rule, ok: true, detail: description };
	if (!(refusal instanceof SigningKeyError)) throw refusal;
	return { id: 'key', rule, ok: false, detail: `${description}: not allowed. Make a new key pair of an allowed type.` };
}

function digestCheck(algorithm: SignatureAlgorithm): ConstraintCheck {
	const rule = 'Signature digest: SHA-256, SHA-384 or SHA-512';
	const shown = algorithm.digest ? `${algorithm.name} (${algorithm.digest})` : algorithm.name;
	const ok = algorithm.digest !== undefined && ALLOWED_DIGESTS.includes(algorithm.digest);
	return {
		id: 'digest',
		rule,
		ok,
		detail: ok ? shown : `${shown}: not allowed. The certificate must be signed again with SHA-256 or stronger.`,
	};
}

function keyUsageCheck(keyUsage: string[] | undefined): ConstraintCheck {
	const rule = 'Key usage: Digital Signature';
	if (!keyUsage) {
		return { id: 'keyUsage', rule, ok: false, detail: 'the certificate has no Key Usage extension; it must have "Digital Signature".' };
	}
	const shown = keyUsage.length ? keyUsage.join(', ') : 'none';
	return keyUsage.includes('Digital Signature')
		? { id: 'keyUsage', rule, ok: true, detail: shown }
		: { id: 'keyUsage', rule, ok: false, detail: `${shown}: "Digital Signature" is missing.` };
}

function datesCheck(description: CertificateDescription, now: Date): ConstraintCheck {
	const rule = 'Valid today';
	const daysLeft = Math.floor((description.notAfter.getTime() - now.getTime()) / DAY_MS);
	if (now.getTime() > description.notAfter.getTime()) {
		const ago = Math.floor((now.getTime() - description.notAfter.getTime()) / DAY_MS);
		return {
			id: 'dates',
			rule,
			ok: false,
			detail: `expired on ${readableDate(description.notAfter)} (${ago} day${ago === 1 ? '' : 's'} ago). Make or order a new certificate.`,
		};
	}
	if (now.getTime() < description.notBefore.getTime()) {
		return {
			id: 'dates',
			rule,
			ok: false,
			detail: `not valid before ${readableDate(description.notBefore)}. Wait until then, or check this computer's clock.`,
		};
	}
	return {
		id: 'dates',
		rule,
		ok: true,
		detail: `until ${readableDate(description.notAfter)} (${daysLeft} day${daysLeft === 1 ? '' : 's'} left)`,
	};
}

function validUntilCheck(description: CertificateDescription, until: Date): ConstraintCheck {
	const day = until.toISOString().slice(0, 10);
	const rule = `Valid until at least ${day}`;
	return description.notAfter.getTime() >= until.getTime()
		? { id: 'validUntil', rule, ok: true, detail: `it expires on ${readableDate(description.notAfter)}` }
		: {
				id: 'validUntil',
				rule,
				ok: false,
				detail: `it expires earlier, on ${readableDate(description.notAfter)}. Plan a new certificate before then.`,
			};
}

export interface CheckOptions {
	now?: Date;
	/** Also require the certificate to be valid until this moment. */
	validUntil?: Date;
}

/** Every rule of the manual, one line each, for a certificate (and its private key when the file holds it). */
export function checkCertificate(
	certificate: X509Certificate,
	privateKey?: KeyObject,
	options: CheckOptions = {},
): ConstraintCheck[] {
	const description = describeCertificate(certificate);
	const checks = [
		checkKey(certificate.publicKey),
		digestCheck(description.signatureAlgorithm),
		keyUsageCheck(description.keyUsage),
		datesCheck(description, options.now ?? new Date()),
	];
	if (options.validUntil) checks.push(validUntilCheck(description, options.validUntil));
	if (privateKey) {
		const ok = certificate.checkPrivateKey(privateKey);
		checks.push({
			id: 'keyPair',
			rule: 'Certificate belongs to the private key',
			ok,
			detail: ok ? 'yes' : 'no: export the certificate together with its own private key.',
		});
	}
	return checks;
}
