/**
 * The one error the certificate code throws. Its message is written for the person filling in the credential:
 * what is wrong with the key or certificate, then what to do. It never holds key material or a password.
 */
import { ERROR_NAMES } from '../auth/errors';

export type SigningKeyProblem =
	| 'keyRefused'
	| 'certificateExpired'
	| 'certificateNotYetValid'
	| 'wrongPassword'
	| 'noPrivateKey'
	| 'notPkcs12'
	| 'unsupportedPkcs12'
	| 'certificateMismatch'
	| 'notPem'
	| 'encryptedPem'
	| 'missingInput'
	| 'unreadable';

export class SigningKeyError extends Error {
	constructor(
		readonly problem: SigningKeyProblem,
		message: string,
	) {
		super(message);
		this.name = ERROR_NAMES.certificate;
	}
}

/** The manual's constraints on keys (section 4.4.1, "critères à respecter"), quoted in every refusal. */
export const MANUAL_KEY_RULE =
	'The CareerPro FLA manual (section 4.4.1: "Pour RSA : 2048, 3072 ou 4096 ; Pour EC : P-384 ou P-521") allows ' +
	'RSA keys of 2048, 3072 or 4096 bits and EC keys on the P-384 or P-521 curve, with a certificate digest of ' +
	'SHA-256, SHA-384 or SHA-512 and the key usage "Digital Signature".';
