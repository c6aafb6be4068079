/**
 * What a failed token request means, in one table: RFC 6749 error codes, problem+json answers, web pages from a
 * proxy, other non-JSON answers, and network failures. Each message says what to check in Chaman or in the
 * credential. Text that comes from the server is scrubbed and shortened; secrets are removed from it.
 */
import { GATEWAY_HOSTS, QUALITY_NAMES, type Environment, type Quality } from '../gateway';
import type { CertificateInfo } from '../pki/signingKey';
import { TokenRequestError, scrub } from '../errors';

/** What the messages may name: nothing secret. */
export interface TokenErrorContext {
	tokenUrl: string;
	clientId: string;
	scope?: string;
	quality: Quality;
	environment: Environment;
	certificate?: CertificateInfo;
	keyDescription: string;
	timeoutSeconds: number;
	/** Values that must never appear in a message (assertion, password...). */
	secrets: readonly string[];
}

export interface TokenAnswer {
	status: number;
	contentType: string;
	body: string;
	location?: string;
	retryAfter?: string;
}

const PERMISSION = '"CareerPro - Federal Learning Account - Déclaration"';
const day = (date: Date) => date.toISOString().slice(0, 10);

function certificateWords(context: TokenErrorContext): string {
	const certificate = context.certificate;
	return certificate
		? `the certificate "${certificate.subject}" (${context.keyDescription}, valid until ${day(certificate.notAfter)})`
		: `the certificate of this key (${context.keyDescription})`;
}

function environmentWords(context: TokenErrorContext): string {
	if (context.environment === 'custom') return `The credential asks "${context.tokenUrl}" (environment "Custom").`;
	const other = context.environment === 'production' ? 'acceptance' : 'production';
	return (
		`The credential uses the ${context.environment} environment (${GATEWAY_HOSTS[context.environment]}); ` +
		`${other} and ${context.environment} are separate, and a client created in one does not exist in the other.`
	);
}

function checkClient(context: TokenErrorContext): string {
	return (
		`Check in Chaman that "Client ID" (${context.clientId}) is exactly the one shown on the line of your REST ` +
		`webservice account, that this account is active and has the permission ${PERMISSION}, and that the ` +
		`certificate (.cer) registered on it is ${certificateWords(context)}. ${environmentWords(context)}`
	);
}

function checkQuality(context: TokenErrorContext): string {
	return (
		`Check that "Quality" (${QUALITY_NAMES[context.quality]}) is the quality under which the REST webservice ` +
		`account was created in Chaman, that the account has the permission ${PERMISSION}, and leave "Scope" empty ` +
		'unless Sigedis gave you another scope.'
	);
}

const checkTokenUrl = (context: TokenErrorContext) =>
	context.environment === 'custom'
		? `Check "Token URL" (${context.tokenUrl}): it should end with /REST/oauth/v5/token.`
		: `Check the environment: the token URL used is ${context.tokenUrl}.`;

const LATER =
	'The social-security gateway may be down or in maintenance (see https://www.socialsecurity.be): try again later.';

function quoted(code: string, description: string): string {
	return description ? `${code}: "${description}"` : code;
}

/** RFC 6749 section 5.2 error codes. */
function oauthError(code: string, description: string, answer: TokenAnswer, context: TokenErrorContext): TokenRequestError {
	const what = quoted(code, description);
	let message: string;
	switch (code) {
		case 'invalid_client':
			message = `The gateway refused the client (${what}). ${checkClient(context)}`;
			break;
		case 'invalid_grant':
			message =
				`The gateway refused the client assertion (${what}). Check that the date and time of the n8n server ` +
				`are correct (the assertion is valid for 5 minutes) and that the certificate registered in Chaman is ` +
				`${certificateWords(context)}.`;
			break;
		case 'invalid_scope':
			message =
				`The gateway refused ${context.scope ? `the scope "${context.scope}"` : "the client's default scopes (no scope was sent)"} ` +
				`(${what}). ${checkQuality(context)}`;
			break;
		case 'unauthorized_client':
			message =
				`The gateway does not allow this client to get a token${context.scope ? ` for "${context.scope}"` : ''} ` +
				`(${what}). ${checkQuality(context)}`;
			break;
		case 'invalid_request':
		case 'unsupported_grant_type':
			message =
				`The gateway rejected the token request as malformed (${what}). ${checkTokenUrl(context)} A proxy that ` +
				'rewrites requests can also cause this.';
			break;
		case 'temporarily_unavailable':
		case 'server_error':
			message = `The token endpoint could not issue a token (${what}). ${LATER}`;
			break;
		default:
			message = `The gateway refused the token request (${what}, HTTP ${answer.status}). ${checkClient(context)}`;
	}
	return new TokenRequestError(message, answer.status, code);
}

function byStatus(answer: TokenAnswer, context: TokenErrorContext): string {
	const { status } = answer;
	if (status === 401 || status === 403) return checkClient(context);
	if (status === 404 || status === 405) return checkTokenUrl(context);
	if (status === 429) {
		return `Too many token requests: wait${answer.retryAfter ? ` ${answer.retryAfter} seconds` : ' a minute'} and try again.`;
	}
	if (status >= 500) return LATER;
	return checkTokenUrl(context);
}

const htmlTitle = (body: string) => /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? '';

/** RFC 6749 codes that refuse the client, its key or its scope: the same settings get the same answer. */
const CREDENTIAL_REFUSALS = new Set(['invalid_client', 'unauthorized_client', 'invalid_scope', 'invalid_grant']);

/** An answer of the token endpoint that carries no token. */
export function refusal(answer: TokenAnswer, context: TokenErrorContext, now = Date.now()): TokenRequestError {
	const error = describeRefusal(answer, context);
	const webPage = /html/i.test(answer.contentType) || /^\s*</.test(answer.body);
	error.refusesCredential =
		CREDENTIAL_REFUSALS.has(error.failureCode ?? '') || (!webPage && (answer.status === 401 || answer.status === 403));
	const wait = answer.status === 429 || answer.status >= 500 ? retryAfterMs(answer.retryAfter, now) : undefined;
	if (wait !== undefined) error.retryAt = now + wait;
	return error;
}

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from now; undefined when there is none. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
	const value = header?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function describeRefusal(answer: TokenAnswer, context: TokenErrorContext): TokenRequestError {
	const clean = (text: unknown) => scrub(typeof text === 'string' ? text : '', context.secrets);
	const { status, contentType, body } = answer;

	if (status >= 300 && status < 400) {
		return new TokenRequestError(
			`The token URL redirects (HTTP ${status}${answer.location ? ` to ${clean(answer.location)}` : ''}) instead of ` +
				`answering. ${checkTokenUrl(context)}`,
			status,
		);
	}
	if (/html/i.test(contentType) || /^\s*</.test(body)) {
		const title = clean(htmlTitle(body).replace(/<[^>]+>/g, ''));
		return new TokenRequestError(
			`The token URL answered HTTP ${status} with a web page${title ? ` ("${title}")` : ''} instead of a token: ` +
				'a proxy, a firewall or a maintenance page is in the way, or the address points to a website. ' +
				`${checkTokenUrl(context)} Check the proxy settings of the n8n server (HTTPS_PROXY). ${status >= 500 ? LATER : ''}`.trim(),
			status,
		);
	}

	let json: Record<string, unknown> | undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
	} catch {
		json = undefined;
	}
	if (!json) {
		const snippet = clean(body);
		return new TokenRequestError(
			`The token URL answered HTTP ${status} with content that is not JSON (${contentType || 'no content type'})` +
				`${snippet ? `: "${snippet}"` : ''}. ${status >= 500 ? LATER : checkTokenUrl(context)}`,
			status,
		);
	}
	if (typeof json.error === 'string' && json.error) {
		return oauthError(clean(json.error), clean(json.error_description), answer, context);
	}
	if (typeof json.title === 'string' || typeof json.type === 'string') {
		const title = clean(json.title) || clean(json.type);
		const detail = clean(json.detail);
		return new TokenRequestError(
			`The token endpoint answered HTTP ${status} "${title}"${detail ? `: ${detail}` : ''}. ${byStatus(answer, context)}`,
			status,
			clean(json.type) || undefined,
		);
	}
	return new TokenRequestError(
		`The token endpoint answered HTTP ${status} without a token: "${clean(body)}". ${byStatus(answer, context)}`,
		status,
	);
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|TLS|SSL/;

/** A token request that got no answer at all: timeout, refused connection, DNS, TLS... */
export function transportFailure(error: unknown, context: TokenErrorContext): TokenRequestError {
	const failure = (error ?? {}) as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const code = String(failure.code ?? failure.cause?.code ?? '');
	const message = typeof failure.message === 'string' ? failure.message : '';
	let where = context.tokenUrl;
	try {
		where = new URL(context.tokenUrl).host;
	} catch {
		// keep the URL as given
	}

	let text: string;
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) {
		text =
			`The token endpoint (${where}) did not answer within ${context.timeoutSeconds} seconds. Check the network ` +
			`and proxy of the n8n server. ${LATER}`;
	} else if (code === 'ECONNREFUSED') {
		text =
			`The connection to ${where} was refused: nothing accepts connections there. ${checkTokenUrl(context)} ` +
			'If the n8n server must go through a proxy, check its proxy settings (HTTPS_PROXY).';
	} else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		text =
			`The host name of the token URL (${where}) could not be found (DNS). ${checkTokenUrl(context)} Check that ` +
			'the n8n server can resolve internet names (DNS, proxy).';
	} else if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message)) {
		text = `The connection to ${where} was cut before an answer arrived. ${LATER}`;
	} else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
		text = `The network of the n8n server cannot reach ${where}. Check its network and proxy settings.`;
	} else if (TLS_CODES.test(code)) {
		text =
			`The TLS certificate of ${where} could not be verified (${code}). If a company proxy inspects HTTPS ` +
			'traffic, give its root certificate to n8n (NODE_EXTRA_CA_CERTS); otherwise check "Token URL".';
	} else {
		text =
			`The token request to ${where} failed${code ? ` (${code})` : ''}: ${scrub(message, context.secrets) || 'no details'}. ` +
			checkTokenUrl(context);
	}
	return new TokenRequestError(text, undefined, code || undefined);
}
