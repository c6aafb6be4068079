/**
 * Creating certificates: a self-signed X.509 certificate for an RSA or EC key, and a PKCS#12 (.pfx) file holding
 * it with its key. Used by the sandbox, the tests and the certificate tool; never by the credential at run time.
 *
 * Keys come from Node's crypto (fast). The certificate is written with node-forge's ASN.1 module and signed with
 * crypto.sign, because forge can neither hold nor sign with EC keys; ECDSA signatures come out DER-encoded, which
 * is what X.509 wants. The PKCS#12 file is built bag by bag for the same reason.
 */
import {
	X509Certificate,
	createHash,
	createHmac,
	createPrivateKey,
	createPublicKey,
	generateKeyPairSync,
	randomBytes,
	sign,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';

import {
	type Asn1,
	bits,
	bmp,
	bool,
	bufferOf,
	explicit,
	fromDer,
	implicitBytes,
	int,
	namedBits,
	nullValue,
	octets,
	oid,
	printable,
	seq,
	set,
	time,
	toDer,
	utf8,
} from './der';

export type KeyType = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ec-p384' | 'ec-p521';
export type CertificateHash = 'sha256' | 'sha384' | 'sha512';

export interface SelfSignedCertificateOptions {
	keyType?: KeyType;
	commonName: string;
	organization?: string;
	/** KBO/BCE number, written as the subject's organizationIdentifier `NTRBE-<number>` (ETSI EN 319 412-1). */
	enterpriseNumber?: string;
	validDays?: number;
	notBefore?: Date;
	hash?: CertificateHash;
}

export interface SelfSignedCertificate {
	/** PKCS#8 PEM. */
	privateKeyPem: string;
	certificatePem: string;
	certificateDer: Buffer;
}

export interface Pkcs12Options {
	privateKeyPem: string;
	certificatePem: string;
	password: string;
	friendlyName?: string;
	/** true: 3DES and a SHA-1 MAC (old Windows/Java); false (default): AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC. */
	legacy?: boolean;
}

const OID = {
	rsaWithHash: { sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12', sha512: '1.2.840.113549.1.1.13' },
	ecdsaWithHash: { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' },
	country: '2.5.4.6',
	organization: '2.5.4.10',
	organizationIdentifier: '2.5.4.97',
	commonName: '2.5.4.3',
	basicConstraints: '2.5.29.19',
	keyUsage: '2.5.29.15',
	extKeyUsage: '2.5.29.37',
	clientAuth: '1.3.6.1.5.5.7.3.2',
	subjectKeyIdentifier: '2.5.29.14',
	authorityKeyIdentifier: '2.5.29.35',
	sha1: '1.3.14.3.2.26',
	sha256: '2.16.840.1.101.3.4.2.1',
	data: '1.2.840.113549.1.7.1',
	encryptedData: '1.2.840.113549.1.7.6',
	pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
	certBag: '1.2.840.113549.1.12.10.1.3',
	x509Certificate: '1.2.840.113549.1.9.22.1',
	friendlyName: '1.2.840.113549.1.9.20',
	localKeyId: '1.2.840.113549.1.9.21',
} as const;

const DAY_MS = 86_400_000;
/** OpenSSL 3's default iteration count for PKCS#12 encryption and MAC. */
const PKCS12_ITERATIONS = 2048;

function generateKey(keyType: KeyType): KeyObject {
	switch (keyType) {
		case 'rsa-2048':
		case 'rsa-3072':
		case 'rsa-4096':
			return generateKeyPairSync('rsa', { modulusLength: Number(keyType.slice(4)) }).privateKey;
		case 'ec-p384':
			return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
		case 'ec-p521':
			return generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
		default:
			throw new Error(`Unknown key type "${String(keyType)}": use rsa-2048, rsa-3072, rsa-4096, ec-p384 or ec-p521.`);
	}
}

const attribute = (type: string, value: Asn1) => set(seq(oid(type), value));

function distinguishedName(options: SelfSignedCertificateOptions): Asn1 {
	const rdns = [attribute(OID.country, printable('BE'))];
	if (options.organization) rdns.push(attribute(OID.organization, utf8(options.organization)));
	if (options.enterpriseNumber) {
		rdns.push(attribute(OID.organizationIdentifier, utf8(`NTRBE-${options.enterpriseNumber}`)));
	}
	rdns.push(attribute(OID.commonName, utf8(options.commonName)));
	return seq(...rdns);
}

const extension = (type: string, critical: boolean, value: Asn1) =>
	seq(oid(type), ...(critical ? [bool(true)] : []), octets(toDer(value)));

/** A random positive serial number of 16 bytes (RFC 5280: at most 20). */
function serialNumber(): Buffer {
	const serial = randomBytes(16);
	serial[0] = (serial[0] & 0x7f) | 0x40;
	return serial;
}

/** Create a key and a self-signed certificate for it (key usage: digital signature, critical). */
export function createSelfSignedCertificate(options: SelfSignedCertificateOptions): SelfSignedCertificate {
	const keyType = options.keyType ?? 'rsa-2048';
	const hash = options.hash ?? 'sha256';
	const validDays = options.validDays ?? 730;
	if (!options.commonName) throw new Error('A certificate needs a common name.');
	if (!(validDays > 0)) throw new Error('validDays must be a positive number of days.');
	if (!(hash in OID.rsaWithHash)) throw new Error(`Unknown hash "${String(hash)}": use sha256, sha384 or sha512.`);

	const privateKey = generateKey(keyType);
	const spkiDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
	const spki = fromDer(spkiDer);
	const publicKeyBits = bufferOf((spki.value as Asn1[])[1].value as string).subarray(1);
	const keyId = createHash('sha1').update(publicKeyBits).digest();

	// Whole seconds; by default one minute in the past so that a slightly slow clock still accepts it.
	const start = options.notBefore ? new Date(options.notBefore) : new Date(Date.now() - 60_000);
	start.setUTCMilliseconds(0);
	const end = new Date(start.getTime() + Math.round(validDays * DAY_MS));

	const signatureAlgorithm = keyType.startsWith('ec-')
		? seq(oid(OID.ecdsaWithHash[hash]))
		: seq(oid(OID.rsaWithHash[hash]), nullValue());
	const name = distinguishedName(options);
	const tbs = seq(
		explicit(0, int(2)),
		int(serialNumber()),
		signatureAlgorithm,
		name,
		seq(time(start), time(end)),
		name,
		spki,
		explicit(
			3,
			seq(
				extension(OID.basicConstraints, true, seq()),
				extension(OID.keyUsage, true, namedBits([0])),
				extension(OID.extKeyUsage, false, seq(oid(OID.clientAuth))),
				extension(OID.subjectKeyIdentifier, false, octets(keyId)),
				extension(OID.authorityKeyIdentifier, false, seq(implicitBytes(0, keyId))),
			),
		),
	);
	const tbsDer = toDer(tbs);
	const signature = sign(hash, tbsDer, privateKey);
	const certificateDer = toDer(seq(tbs, signatureAlgorithm, bits(signature)));

	return {
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
		certificatePem: new X509Certificate(certificateDer).toString(),
		certificateDer,
	};
}

/* ------------------------------------------------------------------------------------------------------------- */

/**
 * Encrypt DER content the way PKCS#12 does: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) or, legacy,
 * pbeWithSHAAnd3-KeyTripleDES-CBC. Returns [AlgorithmIdentifier, encrypted bytes].
 * PBES2 takes the password as UTF-8 bytes, the PKCS#12 PBE as a BMPString: as OpenSSL does.
 */
function encrypt(content: Asn1, password: string, legacy: boolean): [Asn1, Buffer] {
	const encrypted = legacy
		? forge.pki.encryptPrivateKeyInfo(content, password, { algorithm: '3des', count: PKCS12_ITERATIONS })
		: forge.pki.encryptPrivateKeyInfo(content, forge.util.encodeUtf8(password), {
				algorithm: 'aes256',
				prfAlgorithm: 'sha256',
				count: PKCS12_ITERATIONS,
				saltSize: 8,
			});
	const [algorithm, data] = encrypted.value as Asn1[];
	return [algorithm, bufferOf(data.value as string)];
}

const dataContentInfo = (der: Buffer) => seq(oid(OID.data), explicit(0, octets(der)));

/** Write a PKCS#12 (.pfx/.p12) file with one certificate and its private key (RSA or EC), password-protected. */
export function toPkcs12(options: Pkcs12Options): Buffer {
	const legacy = options.legacy ?? false;
	const { password } = options;
	const key = createPrivateKey(options.privateKeyPem);
	const certificate = new X509Certificate(options.certificatePem);
	if (!certificate.checkPrivateKey(key)) throw new Error('The certificate does not belong to this private key.');

	const localKeyId = createHash('sha1').update(certificate.raw).digest();
	const bagAttributes = set(
		...(options.friendlyName ? [seq(oid(OID.friendlyName), set(bmp(options.friendlyName)))] : []),
		seq(oid(OID.localKeyId), set(octets(localKeyId))),
	);

	const certBag = seq(
		oid(OID.certBag),
		explicit(0, seq(oid(OID.x509Certificate), explicit(0, octets(certificate.raw)))),
		bagAttributes,
	);
	const [certAlgorithm, certEncrypted] = encrypt(seq(certBag), password, legacy);
	const certContentInfo = seq(
		oid(OID.encryptedData),
		explicit(0, seq(int(0), seq(oid(OID.data), certAlgorithm, implicitBytes(0, certEncrypted)))),
	);

	const privateKeyInfo = fromDer(key.export({ type: 'pkcs8', format: 'der' }) as Buffer);
	const [keyAlgorithm, keyEncrypted] = encrypt(privateKeyInfo, password, legacy);
	const keyBag = seq(
		oid(OID.pkcs8ShroudedKeyBag),
		explicit(0, seq(keyAlgorithm, octets(keyEncrypted))),
		bagAttributes,
	);
	const keyContentInfo = dataContentInfo(toDer(seq(keyBag)));

	const authenticatedSafe = toDer(seq(certContentInfo, keyContentInfo));
	const macHash = legacy ? 'sha1' : 'sha256';
	const macSalt = randomBytes(8);
	const macKey = forge.pkcs12.generateKey(
		password,
		forge.util.createBuffer(macSalt.toString('binary')),
		3,
		PKCS12_ITERATIONS,
		legacy ? 20 : 32,
		legacy ? forge.md.sha1.create() : forge.md.sha256.create(),
	);
	const mac = createHmac(macHash, bufferOf(macKey.getBytes())).update(authenticatedSafe).digest();

	return toDer(
		seq(
			int(3),
			dataContentInfo(authenticatedSafe),
			seq(seq(seq(oid(legacy ? OID.sha1 : OID.sha256), nullValue()), octets(mac)), octets(macSalt), int(PKCS12_ITERATIONS)),
		),
	);
}
