/**
 * Reading a private key pasted as PEM: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or SEC1
 * (`BEGIN EC PRIVATE KEY`). Text copied through forms and JSON often loses its line breaks or carries a literal
 * `\n`: the armour is rebuilt before parsing. A certificate pasted with the key is read as well.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';

import { SigningKeyError } from '../errors';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const PRIVATE_KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY'];

const EXPECTED =
	'Paste the whole private key, from "-----BEGIN PRIVATE KEY-----" (or "BEGIN RSA PRIVATE KEY" / ' +
	'"BEGIN EC PRIVATE KEY") to the matching "-----END ...-----" line.';

interface PemBlock {
	label: string;
	/** Header lines such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption). */
	headers: string[];
	base64: string;
}

/** Undo what copying did to the text: quotes around it, literal `\n`, Windows line ends. */
function unmangle(text: string): string {
	let result = text.trim();
	if (/^(["']).*\1$/s.test(result)) result = result.slice(1, -1);
	return result.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
}

function blocks(text: string): PemBlock[] {
	const found: PemBlock[] = [];
	for (const match of unmangle(text).matchAll(BLOCK)) {
		const body = match[2];
		const headers = body
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => /^[A-Za-z-]+:\s/.test(line));
		const base64 = body
			.split('\n')
			.filter((line) => !/^\s*[A-Za-z-]+:\s/.test(line))
			.join('')
			.replace(/\s+/g, '');
		found.push({ label: match[1], headers, base64 });
	}
	return found;
}

/** The value, or undefined when reading fails (the caller says why, in the user's words). */
function attempt<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}

/** Armour again, with the 64-character lines OpenSSL expects. */
function armour(block: PemBlock): string {
	const lines = block.base64.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${block.label}-----\n${lines.join('\n')}\n-----END ${block.label}-----\n`;
}

export interface PemKey {
	key: KeyObject;
	/** The certificate when one was pasted along with the key. */
	certificates: X509Certificate[];
}

/** Read a PEM private key (and any certificate pasted with it). Throws a SigningKeyError saying what to paste. */
export function readPemKey(text: string): PemKey {
	if (!text || !text.trim()) {
		throw new SigningKeyError('missingInput', `The "Private Key (PEM)" field is empty. ${EXPECTED}`);
	}
	const found = blocks(text);
	const keyBlock = found.find((block) => PRIVATE_KEY_LABELS.includes(block.label));
	if (!keyBlock) {
		const labels = found.map((block) => block.label);
		let what = 'This text is not a PEM private key.';
		if (labels.includes('ENCRYPTED PRIVATE KEY')) {
			throw new SigningKeyError(
				'encryptedPem',
				'This private key is encrypted with a passphrase, which the "PEM" key format does not take. Either ' +
					'decrypt it (`openssl pkey -in key.pem -out plain.pem`) and paste the result, or choose the key ' +
					'format "PKCS#12" and give the .pfx file with its password.',
			);
		}
		if (labels.includes('CERTIFICATE')) {
			what = 'This text holds only a certificate (the public part, the .cer registered in Chaman), not the private key.';
		} else if (labels.includes('PUBLIC KEY') || labels.includes('RSA PUBLIC KEY')) {
			what = 'This text is a public key, not the private key.';
		} else if (!labels.length && /^[A-Za-z0-9+/=\s]{200,}$/.test(text.trim()) && text.trim().startsWith('MII')) {
			what = 'This looks like base64 without PEM lines; if it is a .pfx/.p12 file, choose the key format "PKCS#12".';
		}
		throw new SigningKeyError('notPem', `${what} ${EXPECTED}`);
	}
	if (keyBlock.headers.some((header) => /ENCRYPTED/i.test(header))) {
		throw new SigningKeyError(
			'encryptedPem',
			'This private key is encrypted with a passphrase ("Proc-Type: 4,ENCRYPTED"), which the "PEM" key format ' +
				'does not take. Decrypt it (`openssl pkey -in key.pem -out plain.pem`) and paste the result, or use ' +
				'the key format "PKCS#12".',
		);
	}

	const key = attempt(() => createPrivateKey({ key: armour(keyBlock), format: 'pem' }));
	if (!key) {
		throw new SigningKeyError(
			'notPem',
			`The private key ("BEGIN ${keyBlock.label}") could not be read: it is damaged or incomplete. ${EXPECTED}`,
		);
	}

	const certificates: X509Certificate[] = [];
	for (const block of found.filter((b) => b.label === 'CERTIFICATE')) {
		const certificate = attempt(() => new X509Certificate(armour(block)));
		if (!certificate) {
			throw new SigningKeyError(
				'notPem',
				'A certificate pasted with the private key could not be read. Paste the key alone, or the key ' +
					'followed by its complete certificate.',
			);
		}
		certificates.push(certificate);
	}
	return { key, certificates };
}
