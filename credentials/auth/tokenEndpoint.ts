/**
 * One token request to the OAuth v5 endpoint (domain facts section 2): a form with grant_type,
 * client_assertion_type, client_assertion and, only when there is one, scope. No client_id: the assertion
 * names the client. Sent through n8n's own HTTP helper so that n8n's proxy and network settings apply.
 */
import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { TOKEN_REQUEST } from '../gateway';
import { TokenRequestError } from '../errors';
import { refusal, transportFailure, type TokenAnswer, type TokenErrorContext } from './tokenErrors';

export type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

export const TOKEN_TIMEOUT_SECONDS = 30;
/** Lifetime assumed when the endpoint does not say (RFC 6749 makes expires_in only recommended). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

export interface IssuedToken {
	accessToken: string;
	expiresInSeconds: number;
	scope?: string;
}

/** The form body of the token request. */
export function tokenForm(assertion: string, scope?: string): URLSearchParams {
	const form = new URLSearchParams({
		grant_type: TOKEN_REQUEST.grantType,
		client_assertion_type: TOKEN_REQUEST.clientAssertionType,
		client_assertion: assertion,
	});
	if (scope) form.set('scope', scope);
	return form;
}

function header(headers: unknown, name: string): string {
	const value = (headers as Record<string, unknown> | undefined)?.[name];
	return Array.isArray(value) ? String(value[0] ?? '') : value == null ? '' : String(value);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body && typeof body === 'object') return JSON.stringify(body);
	return '';
}

function issued(answer: TokenAnswer, context: TokenErrorContext): IssuedToken {
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(answer.body) as Record<string, unknown>;
	} catch {
		throw refusal(answer, context);
	}
	const accessToken = json?.access_token;
	if (typeof accessToken !== 'string' || !accessToken) throw refusal(answer, context);
	const tokenType = typeof json.token_type === 'string' ? json.token_type : 'bearer';
	if (tokenType.toLowerCase() !== 'bearer') {
		throw new TokenRequestError(
			`The token endpoint gave a token of type "${tokenType.slice(0, 40)}", but the FLA API takes bearer tokens. ` +
				`Check "Token URL" (${context.tokenUrl}).`,
			answer.status,
		);
	}
	const expiresIn = Number(json.expires_in);
	return {
		accessToken,
		expiresInSeconds: Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn : DEFAULT_TOKEN_LIFETIME_SECONDS,
		...(typeof json.scope === 'string' ? { scope: json.scope } : {}),
	};
}

/** Post the token request and return the token, or throw a TokenRequestError that says what to check. */
export async function requestAccessToken(
	httpRequest: HttpRequest,
	assertion: string,
	context: Omit<TokenErrorContext, 'secrets' | 'timeoutSeconds'> & { secrets?: readonly string[] },
): Promise<IssuedToken> {
	const errorContext: TokenErrorContext = {
		...context,
		timeoutSeconds: TOKEN_TIMEOUT_SECONDS,
		secrets: [assertion, ...(context.secrets ?? [])],
	};
	const options: IHttpRequestOptions = {
		url: context.tokenUrl,
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: tokenForm(assertion, context.scope).toString(),
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: TOKEN_TIMEOUT_SECONDS * 1000,
	};

	let response: { statusCode?: number; status?: number; headers?: unknown; body?: unknown; data?: unknown };
	try {
		response = (await httpRequest(options)) as typeof response;
	} catch (error) {
		// Some helpers throw on HTTP errors even when told not to: read the answer if there is one.
		const answered = (error as { response?: typeof response }).response;
		if (!answered) throw transportFailure(error, errorContext);
		response = answered;
	}
	const answer: TokenAnswer = {
		status: Number(response.statusCode ?? response.status ?? 0),
		contentType: header(response.headers, 'content-type'),
		body: bodyText(response.body ?? response.data),
		location: header(response.headers, 'location') || undefined,
		retryAfter: header(response.headers, 'retry-after') || undefined,
	};
	if (answer.status < 200 || answer.status >= 300) throw refusal(answer, errorContext);
	return issued(answer, errorContext);
}
