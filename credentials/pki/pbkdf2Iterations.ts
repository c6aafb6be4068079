/**
 * The PBKDF2 iteration counts a PKCS#12 file asks for, read before anything is derived from the password: the MAC's,
 * each encrypted SafeContents' and each shrouded key's. node-forge derives keys in JavaScript, on n8n's event loop,
 * and a file may ask for millions of rounds (minutes of CPU); such a file is refused with what to do instead.
 */
import forge from 'node-forge';

import { type Asn1, bufferOf } from './der';
import { SigningKeyError } from '../errors';

const { asn1 } = forge;

/** OpenSSL writes 2048, Windows 2000, Java 10000; 100,000 rounds of forge's PBKDF2 already take seconds. */
export const MAX_PBKDF2_ITERATIONS = 100_000;

const OIDS = {
	data: '1.2.840.113549.1.7.1',
	encryptedData: '1.2.840.113549.1.7.6',
	pbes2: '1.2.840.113549.1.5.13',
	shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
};

const REEXPORT_FEWER =
	'Export it again with the usual count, for example with OpenSSL, which reads it quickly: ' +
	'`openssl pkcs12 -in old.pfx -nodes | openssl pkcs12 -export -iter 2048 -out client.pfx` ' +
	'(or export it again from Windows or Java with their default settings), and paste the new file.';

const children = (node: Asn1 | undefined): Asn1[] => (node && Array.isArray(node.value) ? node.value : []);
const oidOf = (node: Asn1 | undefined): string =>
	node?.type === asn1.Type.OID && typeof node.value === 'string' ? asn1.derToOid(node.value) : '';

/** A non-negative INTEGER as a number (Infinity when it does not fit a safe integer). */
function integerOf(node: Asn1 | undefined): number | undefined {
	if (node?.type !== asn1.Type.INTEGER || typeof node.value !== 'string') return undefined;
	const bytes = bufferOf(node.value);
	if (bytes.length > 6) return Infinity;
	return bytes.length ? bytes.readUIntBE(0, bytes.length) : 0;
}

/** The iteration count in an AlgorithmIdentifier of PBES2 (PBKDF2 params) or a PKCS#12/PBES1 PBE. */
function iterationsOf(algorithm: Asn1 | undefined): number | undefined {
	const [id, params] = children(algorithm);
	if (oidOf(id) === OIDS.pbes2) {
		const [kdf] = children(params);
		return integerOf(children(children(kdf)[1])[1]);
	}
	return integerOf(children(params)[1]);
}

/** Refuse a count above the cap (or below 1), naming the part of the file that asks for it. */
export function checkIterations(count: number | undefined, part: string): void {
	if (count === undefined) return;
	if (count >= 1 && count <= MAX_PBKDF2_ITERATIONS) return;
	const shown = Number.isFinite(count) ? String(count) : 'more than 2^48';
	throw new SigningKeyError(
		'unsupportedPkcs12',
		`This PKCS#12 file asks for ${shown} password iterations (${part}), more than the ${MAX_PBKDF2_ITERATIONS} accepted: ` +
			`reading it would hold n8n up for minutes. ${REEXPORT_FEWER}`,
	);
}

/** The bytes of an OCTET STRING, also when BER splits it into chunks. */
function octets(node: Asn1 | undefined): Buffer {
	if (!node) return Buffer.alloc(0);
	if (Array.isArray(node.value)) return Buffer.concat(node.value.map(octets));
	return bufferOf(node.value);
}

function parse(bytes: Buffer | string): Asn1 | undefined {
	try {
		return asn1.fromDer(forge.util.createBuffer(typeof bytes === 'string' ? bytes : bytes.toString('binary')), false);
	} catch {
		return undefined; // forge says later, in its own words, that the file is damaged
	}
}

function checkSafeContents(safeContents: Asn1 | undefined): void {
	for (const bag of children(safeContents)) {
		const [bagId, value] = children(bag);
		if (oidOf(bagId) !== OIDS.shroudedKeyBag) continue;
		checkIterations(iterationsOf(children(children(value)[0])[0]), 'for its private key');
	}
}

/**
 * Checks every count of the authenticated safe. An encrypted SafeContents is opened (its own count checked first)
 * with the password candidates, so that a shrouded key inside it is checked too before forge decrypts it.
 */
export function checkAuthSafeIterations(authSafe: Buffer, passwords: readonly (string | null)[]): void {
	for (const contentInfo of children(parse(authSafe))) {
		const [type, wrapped] = children(contentInfo);
		const content = children(wrapped)[0];
		const oid = oidOf(type);
		if (oid === OIDS.data) {
			checkSafeContents(parse(octets(content)));
		} else if (oid === OIDS.encryptedData) {
			const encryptedContentInfo = children(content)[1];
			const [, algorithm, encrypted] = children(encryptedContentInfo);
			checkIterations(iterationsOf(algorithm), 'for its certificates');
			const opened = decrypt(algorithm, octets(encrypted), passwords);
			if (opened !== undefined) checkSafeContents(parse(opened));
		}
	}
}

function decrypt(algorithm: Asn1 | undefined, encrypted: Buffer, passwords: readonly (string | null)[]): string | undefined {
	const [id, params] = children(algorithm);
	for (const password of passwords) {
		try {
			const cipher = (forge as unknown as { pbe: { getCipher: (oid: string, params: Asn1, password: string | undefined) => forge.cipher.BlockCipher } }).pbe.getCipher(
				oidOf(id),
				params,
				password ?? undefined,
			);
			cipher.update(forge.util.createBuffer(encrypted.toString('binary')));
			if (cipher.finish()) return cipher.output.getBytes();
		} catch {
			// Another candidate, or forge refuses the file below in its own words.
		}
	}
	return undefined;
}
