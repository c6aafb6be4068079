/**
 * The errors the credential throws, for its token step (`auth/`) and its key and certificate (`pki/`). They are
 * plain Error subclasses (n8n's own error classes need a node, which preAuthentication does not have); n8n shows
 * their message as is. Each message says what happened and what to check, in Chaman or in the credential, and never
 * holds a key, password, assertion or token. The node tells them apart by name (ERROR_NAMES).
 */
/** The errors' names: the node tells them apart by name (credentials/auth and credentials/pki). */
export const ERROR_NAMES = {
	settings: 'CareerProFlaCredentialError',
	token: 'CareerProFlaTokenError',
	certificate: 'CareerProFlaCertificateError',
} as const;

export class CredentialSettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = ERROR_NAMES.settings;
	}
}

export class TokenRequestError extends Error {
	constructor(
		message: string,
		/** HTTP status of the token endpoint's answer, when there was one. */
		readonly httpStatus?: number,
		/**
		 * RFC 6749 error code, problem type or network error code, when known. Not called `code`: n8n's credential
		 * tester shows an error's `cause.code` instead of its message, and NodeApiError reads `code` as a status.
		 */
		readonly failureCode?: string,
	) {
		super(message);
		this.name = ERROR_NAMES.token;
	}

	/**
	 * The token endpoint refused these settings (client, scope, key), not a passing failure: asking again with the
	 * same settings gets the same answer, so it is remembered for a while (tokenCache).
	 */
	refusesCredential = false;

	/**
	 * When the token endpoint said it could answer again (epoch ms, from the Retry-After of a 429 or 5xx): until then
	 * it is not asked (tokenCache), and the node waits or, past its limit, says when to try again.
	 */
	retryAt?: number;
}

/**
 * Remove anything secret-looking from text that came from elsewhere (a server's error description, an HTML page):
 * the given secrets, JWTs, and long base64 runs; then collapse it to one short line.
 */
export function scrub(text: string, secrets: readonly string[] = [], maxLength = 300): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 6) result = result.split(secret).join('[hidden]');
	}
	result = result
		.replace(/eyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[hidden]')
		.replace(/[A-Za-z0-9+/_-]{80,}={0,2}/g, '[hidden]')
		.replace(/\s+/g, ' ')
		.trim();
	return result.length > maxLength ? `${result.slice(0, maxLength - 1)}…` : result;
}

/** What is wrong with a key or certificate; the message, written for the person filling in the credential, says what to do. */
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
