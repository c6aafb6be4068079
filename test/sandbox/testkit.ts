/**
 * Helpers for tests that talk to the sandbox over real HTTP: clients with fresh certificates, client assertions
 * signed (or forged) with jose, token requests, and a small HTTP client that reports dropped connections.
 */
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { request } from 'node:http';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';

import { TOKEN_REQUEST, type Quality } from '../../credentials/gateway';
import { makeClient, WORKERS } from '../support/clients';
import type { Sandbox, SandboxClient } from './server';

type KeyType = NonNullable<NonNullable<Parameters<typeof makeClient>[2]>['keyType']>;

export interface TestClient extends SandboxClient {
	privateKey: KeyObject;
	privateKeyPem: string;
	alg: 'RS256' | 'ES384' | 'ES512';
}

const ALG_OF: Record<string, TestClient['alg']> = { 'ec-p384': 'ES384', 'ec-p521': 'ES512' };
let counter = 0;

/** A client as Chaman would register it, with the private key kept for signing assertions. */
export function makeTestClient(
	quality: Quality,
	enterpriseNumber: string,
	options: { keyType?: KeyType; mandates?: string[]; clientId?: string; validDays?: number; notBefore?: Date } = {},
): TestClient {
	const keyType = options.keyType ?? 'rsa-2048';
	const { clientId, privateKeyPem, certificatePem } = makeClient(quality, enterpriseNumber, {
		keyType,
		clientId: options.clientId ?? `self_service_chaman_${700000 + ++counter}_${randomUUID().slice(0, 8)}`,
		organization: `Sandbox test ${quality}`,
		validDays: options.validDays,
		notBefore: options.notBefore,
	});
	return {
		clientId,
		certificate: certificatePem,
		quality,
		enterpriseNumber,
		...(options.mandates ? { mandates: options.mandates } : {}),
		privateKey: createPrivateKey(privateKeyPem),
		privateKeyPem,
		alg: ALG_OF[keyType] ?? 'RS256',
	};
}

/** Only what the sandbox should know of a client (no private key). */
export function registration(client: TestClient): SandboxClient {
	const { clientId, certificate, quality, enterpriseNumber, mandates } = client;
	return { clientId, certificate, quality, enterpriseNumber, ...(mandates ? { mandates } : {}) };
}

export interface AssertionOptions {
	/** Claims to add, replace, or remove (undefined). */
	claims?: Record<string, unknown>;
	/** Seconds from now to exp (default 300). */
	lifetime?: number;
	/** Include iat (default true). */
	iat?: boolean;
	alg?: string;
	/** Sign with this key instead of the client's. */
	key?: KeyObject | Uint8Array;
	/** Unsigned `alg: none`. */
	unsigned?: boolean;
}

/** A client assertion as a correct client makes it, or forged as the options say. */
export async function signAssertion(client: TestClient, audience: string, options: AssertionOptions = {}): Promise<string> {
	const now = Math.floor(Date.now() / 1000);
	const claims: Record<string, unknown> = {
		iss: client.clientId,
		sub: client.clientId,
		aud: audience,
		exp: now + (options.lifetime ?? 300),
		jti: randomUUID(),
	};
	if (options.iat !== false) claims.iat = now;
	for (const [name, value] of Object.entries(options.claims ?? {})) {
		if (value === undefined) delete claims[name];
		else claims[name] = value;
	}
	if (options.unsigned) return new UnsecuredJWT(claims as JWTPayload).encode();
	return new SignJWT(claims as JWTPayload)
		.setProtectedHeader({ alg: options.alg ?? client.alg, typ: 'JWT' })
		.sign(options.key ?? client.privateKey);
}

export interface HttpResult {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** The parsed JSON body, when there is one. */
	body: any;
	ms: number;
}

/** One HTTP request on a fresh connection; rejects with the socket error (e.g. ECONNRESET) when dropped. */
export function http(
	method: string,
	url: string,
	options: { headers?: Record<string, string>; body?: string | Buffer; json?: unknown; token?: string } = {},
): Promise<HttpResult> {
	const headers: Record<string, string> = { ...options.headers };
	let body = options.body;
	if (options.json !== undefined) {
		body = JSON.stringify(options.json);
		headers['Content-Type'] ??= 'application/json';
	}
	if (options.token) headers.Authorization = `Bearer ${options.token}`;
	if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const req = request(url, { method, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let parsed: unknown;
				try {
					parsed = text ? JSON.parse(text) : undefined;
				} catch {
					parsed = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed, ms: Date.now() - started });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** POSTs a form to the token endpoint: by default a correct request for `client`; `form` overrides or removes. */
export async function requestToken(
	sandbox: Sandbox,
	client: TestClient,
	options: { scope?: string; form?: Record<string, string | undefined>; assertion?: AssertionOptions; contentType?: string } = {},
): Promise<HttpResult> {
	const form: Record<string, string | undefined> = {
		grant_type: TOKEN_REQUEST.grantType,
		client_assertion_type: TOKEN_REQUEST.clientAssertionType,
		client_assertion: await signAssertion(client, sandbox.tokenUrl, options.assertion),
		...(options.scope !== undefined ? { scope: options.scope } : {}),
		...options.form,
	};
	const body = new URLSearchParams(
		Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined),
	).toString();
	return http('POST', sandbox.tokenUrl, {
		body,
		headers: { 'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded' },
	});
}

/** A valid access token of `client`. */
export async function tokenFor(sandbox: Sandbox, client: TestClient): Promise<string> {
	const response = await requestToken(sandbox, client);
	if (response.status !== 200) throw new Error(`token refused: ${response.text}`);
	return response.body.access_token;
}

/** Names of the fields an error's issues point at, sorted. */
export const issueNames = (body: { issues?: Array<{ name?: string }> }) =>
	(body.issues ?? []).map((i) => i.name ?? '').sort();

/** A training as the employer API takes it; tests override what they look at. */
export const trainingBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
	ssin: WORKERS[0],
	title: 'Basic fire safety',
	trainingType: 'formal',
	startDate: '2025-03-10',
	endDate: '2025-03-11',
	durationHours: 7.6,
	...overrides,
});
