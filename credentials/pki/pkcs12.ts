/**
 * Reading a PKCS#12 file (.pfx/.p12) given as base64: OpenSSL 3 (PBES2/AES), `openssl -legacy` (RC2/3DES),
 * Windows (3DES) and Java key stores.
 *
 * The integrity MAC is checked here (so that a wrong password is told apart from a damaged file, and so that a
 * password with accents works: the MAC reads it as BMPString, PBES2 as UTF-8). node-forge then decrypts the bags.
 * forge only understands RSA: for EC keys and certificates it leaves the decrypted ASN.1 in `bag.asn1`, which
 * Node's crypto reads as PKCS#8 / X.509 DER.
 */
import { X509Certificate, createHmac, createPrivateKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

import { type Asn1, bufferOf, toDer } from './der';
import { SigningKeyError } from '../errors';
import { checkAuthSafeIterations, checkIterations } from './pbkdf2Iterations';

const { asn1 } = forge;

export interface Pkcs12Content {
	key: KeyObject;
	certificates: X509Certificate[];
}

const REEXPORT =
	'Export it again as a .pfx/.p12 file with its private key (Windows: "Yes, export the private key"; OpenSSL: ' +
	'`openssl pkcs12 -export -inkey key.pem -in cert.pem -out client.pfx`).';
const HOW_TO_PASTE =
	'Paste the .pfx/.p12 file encoded as base64: `base64 -w0 client.pfx` (Linux), `base64 -i client.pfx` (macOS) ' +
	"or, in PowerShell, `[Convert]::ToBase64String([IO.File]::ReadAllBytes('client.pfx'))`.";

const MAC_HASHES: Record<string, { node: string; forge: () => forge.md.MessageDigest }> = {
	'1.3.14.3.2.26': { node: 'sha1', forge: () => forge.md.sha1.create() },
	'2.16.840.1.101.3.4.2.1': { node: 'sha256', forge: () => forge.md.sha256.create() },
	'2.16.840.1.101.3.4.2.2': { node: 'sha384', forge: () => forge.md.sha384.create() },
	'2.16.840.1.101.3.4.2.3': { node: 'sha512', forge: () => forge.md.sha512.create() },
};

const notPkcs12 = (detail: string) => new SigningKeyError('notPkcs12', `${detail} ${HOW_TO_PASTE}`);

const wrongPassword = () =>
	new SigningKeyError(
		'wrongPassword',
		'The PFX password is wrong: the .pfx/.p12 file could not be opened with the password given in "Certificate Password". ' +
			'Type the password set when the file was exported (mind upper/lower case and the keyboard layout).',
	);

/** Decode the base64 text as users paste it: with line breaks, spaces, a data: prefix or base64url. */
function decodeBase64(text: string): Buffer {
	let clean = text.trim();
	if (clean.startsWith('-----BEGIN')) {
		throw notPkcs12('This is PEM text, not a PKCS#12 file: choose the key format "PEM" for a PEM private key.');
	}
	if (/^[A-Za-z]:\\|^\/|^~\//.test(clean) && /\.(pfx|p12)\s*$/i.test(clean)) {
		throw notPkcs12('This is a file path; the credential needs the content of the file.');
	}
	clean = clean.replace(/^data:[^,]*;base64,/i, '').replace(/\\[rn]/g, '').replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(clean)) {
		throw notPkcs12('The "Certificate (.pfx, Base64)" field holds characters that are not base64.');
	}
	return Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** The bytes of an OCTET STRING, also when BER splits it into chunks (Windows does). */
function octetBytes(node: Asn1): Buffer {
	if (Array.isArray(node.value)) return Buffer.concat(node.value.map(octetBytes));
	return bufferOf(node.value);
}

interface PfxParts {
	pfx: Asn1;
	authSafeBytes: Buffer;
	mac?: { hash: string; digest: Buffer; salt: Buffer; iterations: number };
}

function parts(der: Buffer): PfxParts {
	let pfx: Asn1;
	try {
		pfx = asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false);
	} catch {
		throw notPkcs12('The "Certificate (.pfx, Base64)" field decodes to something that is not a PKCS#12 (.pfx/.p12) file.');
	}
	const children = Array.isArray(pfx.value) ? pfx.value : [];
	const [version, authSafe] = children;
	const content = Array.isArray(authSafe?.value) ? authSafe.value : [];
	const isVersion3 = version?.type === asn1.Type.INTEGER && version.value === '\x03';
	const contentType = content[0]?.type === asn1.Type.OID ? asn1.derToOid(content[0].value as string) : '';
	if (!isVersion3 || !Array.isArray(content[1]?.value)) {
		throw notPkcs12('The "Certificate (.pfx, Base64)" field decodes to something that is not a PKCS#12 (.pfx/.p12) file.');
	}
	if (contentType === forge.pki.oids.signedData) {
		throw new SigningKeyError(
			'unsupportedPkcs12',
			'This PKCS#12 file is protected with a public key instead of a password, which is not supported. ' + REEXPORT,
		);
	}
	if (contentType !== forge.pki.oids.data) {
		throw notPkcs12('The "Certificate (.pfx, Base64)" field decodes to something that is not a PKCS#12 (.pfx/.p12) file.');
	}
	const authSafeBytes = octetBytes((content[1].value as Asn1[])[0]);
	const macData = children[2]?.value as Asn1[] | undefined;
	if (!macData) return { pfx, authSafeBytes };

	const [digestInfo, salt, iterations] = macData;
	const [algorithm, digest] = digestInfo.value as Asn1[];
	const hashOid = asn1.derToOid((algorithm.value as Asn1[])[0].value as string);
	const hash = MAC_HASHES[hashOid];
	if (!hash) {
		throw new SigningKeyError(
			'unsupportedPkcs12',
			`This PKCS#12 file is protected with an integrity algorithm that cannot be read (OID ${hashOid}). ${REEXPORT}`,
		);
	}
	const count = iterations ? parseInt(forge.util.bytesToHex(iterations.value as string), 16) : 1;
	checkIterations(count, 'for its integrity check');
	return {
		pfx,
		authSafeBytes,
		mac: {
			hash: hashOid,
			digest: bufferOf(digest.value as string),
			salt: bufferOf(salt.value as string),
			iterations: count,
		},
	};
}

/** RFC 7292 appendix B: the MAC key comes from the password as a BMPString (forge's PKCS#12 KDF). */
function macMatches(mac: NonNullable<PfxParts['mac']>, authSafe: Buffer, password: string | null): boolean {
	const hash = MAC_HASHES[mac.hash];
	const md = hash.forge();
	const key = forge.pkcs12.generateKey(
		password,
		forge.util.createBuffer(mac.salt.toString('binary')),
		3,
		mac.iterations,
		md.digestLength,
		md,
	);
	const computed = createHmac(hash.node, bufferOf(key.getBytes())).update(authSafe).digest();
	return computed.length === mac.digest.length && timingSafeEqual(computed, mac.digest);
}

/** Decrypt the bags with forge; PBES2 wants the password's UTF-8 bytes, PKCS#12 PBE its BMPString. */
function passwordCandidates(password: string | null): (string | null)[] {
	const candidates: (string | null)[] = [password];
	if (password && /[^\p{ASCII}]/u.test(password)) candidates.push(forge.util.encodeUtf8(password));
	return candidates;
}

/**
 * Every form of the password is tried, whatever the error of the one before: decrypting with the wrong form yields
 * garbage, and when that garbage happens to end in valid padding (about once in 256) forge fails later, while parsing
 * it, with a message that says nothing of a password.
 */
function decryptBags(pfxWithoutMac: Asn1, password: string | null): forge.pkcs12.Pkcs12Pfx {
	const failures: Error[] = [];
	for (const candidate of passwordCandidates(password)) {
		try {
			return forge.pkcs12.pkcs12FromAsn1(pfxWithoutMac, false, candidate ?? undefined);
		} catch (error) {
			failures.push(error as Error);
		}
	}
	const message = failures.find((failure) => /unsupported|unknown/i.test(failure.message))?.message ?? '';
	if (message) {
		throw new SigningKeyError(
			'unsupportedPkcs12',
			`This PKCS#12 file uses an encryption that cannot be read (${message.replace(/\.$/, '')}). ${REEXPORT}`,
		);
	}
	throw wrongPassword();
}

/** The value, or undefined when reading fails (the caller says why, in the user's words). */
function attempt<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}

function keyOf(bag: forge.pkcs12.Bag): KeyObject {
	if (bag.key) {
		const der = bufferOf(asn1.toDer(forge.pki.privateKeyToAsn1(bag.key)).getBytes());
		return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
	}
	return createPrivateKey({ key: toDer(bag.asn1), format: 'der', type: 'pkcs8' });
}

function certificateOf(bag: forge.pkcs12.Bag): X509Certificate {
	const node = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
	return new X509Certificate(toDer(node));
}

/** Open a base64 PKCS#12 file with its password: its private key and its certificates. */
export function readPkcs12(base64: string, password: string): Pkcs12Content {
	if (!base64 || !base64.trim()) {
		throw new SigningKeyError('missingInput', `The "Certificate (.pfx, Base64)" field is empty. ${HOW_TO_PASTE}`);
	}
	const der = decodeBase64(base64);
	const { pfx, authSafeBytes, mac } = parts(der);
	// Every PBKDF2 count is capped before anything is derived from the password (the MAC, then the bags).
	checkAuthSafeIterations(authSafeBytes, []);

	// An empty password is tried both as "" and as no password at all, as OpenSSL does.
	const passwords: (string | null)[] = password === '' ? ['', null] : [password];
	const usable = mac ? passwords.find((candidate) => macMatches(mac, authSafeBytes, candidate)) : passwords[0];
	if (usable === undefined) throw wrongPassword();

	checkAuthSafeIterations(authSafeBytes, passwordCandidates(usable));

	const children = pfx.value as Asn1[];
	const pfxWithoutMac = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [children[0], children[1]]);
	const p12 = decryptBags(pfxWithoutMac, usable);

	const bags = p12.safeContents.flatMap((safe) => safe.safeBags);
	const keyBags = bags.filter(
		(bag) => bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag,
	);
	if (!keyBags.length) {
		throw new SigningKeyError(
			'noPrivateKey',
			'This PKCS#12 file holds no private key, only certificate(s): the gateway needs the private key to ' +
				`sign the client assertion. ${REEXPORT}`,
		);
	}
	// A chain certificate Node cannot read does not matter: only the client's own certificate does.
	const certificates = bags
		.filter((bag) => bag.type === forge.pki.oids.certBag)
		.map((bag) => attempt(() => certificateOf(bag)))
		.filter((certificate): certificate is X509Certificate => certificate !== undefined);
	const keys = keyBags.map((bag) => attempt(() => keyOf(bag)));
	if (keys.some((k) => k === undefined)) {
		throw new SigningKeyError('unsupportedPkcs12', `The private key in this PKCS#12 file could not be read. ${REEXPORT}`);
	}
	// With several keys (rare), prefer one that has its certificate in the file.
	const readable = keys as KeyObject[];
	const key = readable.find((k) => certificates.some((c) => c.checkPrivateKey(k))) ?? readable[0];
	return { key, certificates };
}
