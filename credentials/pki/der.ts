/**
 * Small builders over node-forge's ASN.1 module, so that certificates and PKCS#12 files can be written as a
 * readable tree of SEQUENCEs and OIDs. node-forge works with "binary strings" (one char a byte); these helpers
 * take and give Node Buffers at the edges.
 */
import forge from 'node-forge';

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export type Asn1 = forge.asn1.Asn1;

export const binary = (buffer: Buffer): string => buffer.toString('binary');
export const bufferOf = (bytes: string): Buffer => Buffer.from(bytes, 'binary');

export const seq = (...items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
export const set = (...items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items);
export const oid = (dotted: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(dotted).getBytes());
export const nullValue = (): Asn1 => asn1.create(U, T.NULL, false, '');
export const bool = (value: boolean): Asn1 => asn1.create(U, T.BOOLEAN, false, value ? '\xff' : '\x00');
export const octets = (bytes: Buffer): Asn1 => asn1.create(U, T.OCTETSTRING, false, binary(bytes));
export const utf8 = (text: string): Asn1 => asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(text));
export const printable = (text: string): Asn1 => asn1.create(U, T.PRINTABLESTRING, false, text);

/** A BMPString, as PKCS#12 friendly names are written (forge encodes the UTF-16 code units itself). */
export const bmp = (text: string): Asn1 => asn1.create(U, T.BMPSTRING, false, text);

/** An INTEGER from a small number or from big-endian bytes (a leading zero is added when the top bit is set). */
export const int = (value: number | Buffer): Asn1 => {
	if (typeof value === 'number') return asn1.create(U, T.INTEGER, false, asn1.integerToDer(value).getBytes());
	const bytes = value[0] & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
	return asn1.create(U, T.INTEGER, false, binary(bytes));
};

/** A BIT STRING with no unused bits (keys, signatures). */
export const bits = (bytes: Buffer): Asn1 => asn1.create(U, T.BITSTRING, false, '\x00' + binary(bytes));

/** A BIT STRING of named bits (key usage): bit 0 is the most significant bit of the first byte. */
export const namedBits = (bitNumbers: number[]): Asn1 => {
	const last = Math.max(...bitNumbers);
	const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
	for (const n of bitNumbers) bytes[Math.floor(n / 8)] |= 0x80 >> n % 8;
	const unused = 7 - (last % 8);
	return asn1.create(U, T.BITSTRING, false, String.fromCharCode(unused) + binary(bytes));
};

/** X.509 Time: UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
export const time = (date: Date): Asn1 =>
	date.getUTCFullYear() < 2050
		? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(date))
		: asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));

/** A context-specific tag: [n] EXPLICIT wraps the value, [n] IMPLICIT (primitive) carries raw bytes. */
export const explicit = (tag: number, value: Asn1): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [value]);
export const implicitBytes = (tag: number, bytes: Buffer): Asn1 =>
	asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, binary(bytes));

export const toDer = (node: Asn1): Buffer => bufferOf(asn1.toDer(node).getBytes());
export const fromDer = (der: Buffer): Asn1 => asn1.fromDer(forge.util.createBuffer(binary(der)));
