/**
 * The OAuth v5 token endpoint of the social-security gateway, as far as the manual and RFC 6749 / RFC 7523 say:
 * client_credentials with a private_key_jwt client assertion, checked against the certificate registered in Chaman.
 *
 * Every refusal answers in the RFC 6749 form `{ error, error_description }`: 400 for a malformed request, 401
 * `invalid_client` for anything wrong with the client or its assertion (RFC 7523 section 3.2), 400 `invalid_scope`.
 */
import { X509Certificate, randomBytes, type KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';

import { DEFAULT_SCOPES, TOKEN_REQUEST, type Quality } from '../../credentials/gateway';
import { isEnterpriseNumber } from './checks';
import { json, mediaType, type Reply } from './http';

/** What Chaman holds about an API client: its id, the certificate it registered, its quality and enterprise. */
export interface SandboxClient {
	clientId: string;
	/** PEM of the client's certificate (the .cer registered in Chaman). */
	certificate: string;
	quality: Quality;
	/** The client's own enterprise number (KBO/BCE). */
	enterpriseNumber: string;
	/** For a mandatary: the employers that gave it an active Federal Learning Account mandate. */
	mandates?: string[];
}

/**
 * The scope the sandbox grants a training provider. The manual leaves it blank ("the server picks the client's
 * default scopes"); the real name is unknown, so this one is the sandbox's own and is not in the node's contract.
 */
export const TRAINING_PROVIDER_SCOPE = 'scope:sigedis:gestion:careerpro-federal-learning-account:trainingprovider';

/** The one scope a client of each quality holds, and gets when it asks for none. */
export function scopeOf(quality: Quality): string {
	return DEFAULT_SCOPES[quality] ?? TRAINING_PROVIDER_SCOPE;
}

export type AssertionAlg = 'RS256' | 'ES384' | 'ES512';
const ALLOWED_ALGS: readonly string[] = ['RS256', 'ES384', 'ES512'];
const RSA_SIZES = [2048, 3072, 4096];
const CURVE_ALGS: Record<string, AssertionAlg> = { secp384r1: 'ES384', secp521r1: 'ES512' };

interface RegisteredClient extends SandboxClient {
	mandates: string[];
	publicKey: KeyObject;
	alg: AssertionAlg;
	validFrom: number;
	validTo: number;
}

/** An issued bearer token. */
export interface AccessToken {
	clientId: string;
	quality: Quality;
	enterpriseNumber: string;
	scopes: string[];
	issuedAt: number;
	expiresAt: number;
}

/** Checks a client as Chaman would before registering it; throws an Error saying what is wrong. */
function registered(client: SandboxClient): RegisteredClient {
	if (!client || typeof client !== 'object') throw new Error('a client must be an object');
	const { clientId, certificate, quality, enterpriseNumber } = client;
	if (typeof clientId !== 'string' || !/^[\w.-]{1,200}$/.test(clientId)) {
		throw new Error(`client id ${JSON.stringify(clientId)} is not a plain identifier`);
	}
	if (!['employer', 'provider', 'trainingProvider'].includes(quality)) {
		throw new Error(`client ${clientId}: quality must be employer, provider or trainingProvider`);
	}
	if (typeof enterpriseNumber !== 'string' || !isEnterpriseNumber(enterpriseNumber)) {
		throw new Error(`client ${clientId}: ${JSON.stringify(enterpriseNumber)} is not a valid enterprise number`);
	}
	const mandates = client.mandates ?? [];
	if (!Array.isArray(mandates)) throw new Error(`client ${clientId}: mandates must be a list`);
	for (const mandate of mandates) {
		if (typeof mandate !== 'string' || !isEnterpriseNumber(mandate)) {
			throw new Error(`client ${clientId}: mandate ${JSON.stringify(mandate)} is not a valid enterprise number`);
		}
	}
	let x509: X509Certificate;
	try {
		x509 = new X509Certificate(certificate);
	} catch (error) {
		throw new Error(`client ${clientId}: the certificate is not a PEM X.509 certificate (${(error as Error).message})`);
	}
	const publicKey = x509.publicKey;
	const details = publicKey.asymmetricKeyDetails ?? {};
	let alg: AssertionAlg;
	if (publicKey.asymmetricKeyType === 'rsa') {
		if (!RSA_SIZES.includes(details.modulusLength ?? 0)) {
			throw new Error(`client ${clientId}: RSA keys of ${details.modulusLength} bits are not accepted (2048, 3072 or 4096)`);
		}
		alg = 'RS256';
	} else if (publicKey.asymmetricKeyType === 'ec' && CURVE_ALGS[details.namedCurve ?? '']) {
		alg = CURVE_ALGS[details.namedCurve as string];
	} else {
		throw new Error(
			`client ${clientId}: a ${publicKey.asymmetricKeyType} ${details.namedCurve ?? ''} key is not accepted (RSA 2048/3072/4096, EC P-384 or P-521)`,
		);
	}
	return {
		clientId,
		certificate,
		quality,
		enterpriseNumber,
		mandates: [...mandates],
		publicKey,
		alg,
		validFrom: Date.parse(x509.validFrom),
		validTo: Date.parse(x509.validTo),
	};
}

/** How many issued tokens and received assertions `secrets()` keeps. */
const SECRETS_KEPT = 10_000;

/** How much the sandbox's clock may differ from the client's, for `iat` and `nbf` in the future. */
const CLOCK_SKEW_SECONDS = 5;

export interface TokenOutcome {
	reply: Reply;
	clientId?: string;
	/** The RFC 6749 error code when refused. */
	error?: string;
}

export interface TokenRequestContext {
	method: string;
	contentType: string | undefined;
	body: Buffer;
	/**
	 * The token URL the sandbox announces: the only audience accepted, as the real gateway accepts only its own
	 * (never one made from the Host header, which the client chooses).
	 */
	tokenUrl: string;
	lifetimeSeconds: number;
}

class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly description: string,
	) {
		super(description);
	}
}

const invalidClient = (description: string) => new Refusal(401, 'invalid_client', description);
const invalidRequest = (description: string) => new Refusal(400, 'invalid_request', description);

function decodePart(part: string, what: string): Record<string, unknown> {
	try {
		const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		if (value && typeof value === 'object' && !Array.isArray(value)) return value;
	} catch {
		// fall through
	}
	throw invalidClient(`client_assertion: the JWT ${what} is not a base64url JSON object`);
}

export class OAuthServer {
	readonly clients = new Map<string, RegisteredClient>();
	readonly tokens = new Map<string, AccessToken>();
	/** What was issued and received, for tests that check nothing leaks (see `secrets()`). */
	private readonly issued = { accessTokens: [] as string[], clientAssertions: [] as string[] };
	/** Seen assertion ids, by client, with the assertion's expiry (ms) so old ones can be forgotten. */
	private readonly usedJtis = new Map<string, number>();

	addClient(client: SandboxClient): void {
		const entry = registered(client);
		this.clients.set(entry.clientId, entry);
	}

	client(clientId: string): RegisteredClient | undefined {
		return this.clients.get(clientId);
	}

	listClients(): SandboxClient[] {
		return [...this.clients.values()].map(({ clientId, certificate, quality, enterpriseNumber, mandates }) => ({
			clientId,
			certificate,
			quality,
			enterpriseNumber,
			mandates: [...mandates],
		}));
	}

	/** Revokes every token; with `expire`, keeps them but makes them expired. */
	clearTokens(expire = false): void {
		if (!expire) {
			this.tokens.clear();
			return;
		}
		const now = Date.now();
		for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
	}

	/** Every access token issued and every client assertion received (the last 10 000 of each). */
	secrets(): { accessTokens: string[]; clientAssertions: string[] } {
		return { accessTokens: [...this.issued.accessTokens], clientAssertions: [...this.issued.clientAssertions] };
	}

	private remember(list: string[], secret: string): void {
		list.push(secret);
		if (list.length > SECRETS_KEPT) list.splice(0, list.length - SECRETS_KEPT);
	}

	forgetAssertions(): void {
		this.usedJtis.clear();
	}

	async handle(ctx: TokenRequestContext): Promise<TokenOutcome> {
		try {
			return await this.issue(ctx);
		} catch (error) {
			if (!(error instanceof Refusal)) throw error;
			const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
			if (error.status === 405) headers.Allow = 'POST';
			return {
				reply: json(error.status, { error: error.error, error_description: error.description }, headers),
				error: error.error,
				clientId: (error as Refusal & { clientId?: string }).clientId,
			};
		}
	}

	private async issue(ctx: TokenRequestContext): Promise<TokenOutcome> {
		if (ctx.method !== 'POST') throw new Refusal(405, 'invalid_request', 'the token endpoint only accepts POST');
		if (mediaType(ctx.contentType) !== 'application/x-www-form-urlencoded') {
			throw invalidRequest(
				`the body must be application/x-www-form-urlencoded, not ${ctx.contentType ? JSON.stringify(ctx.contentType) : 'absent'}`,
			);
		}
		const form = new URLSearchParams(ctx.body.toString('utf8'));
		const seen = new Set<string>();
		for (const key of form.keys()) {
			if (seen.has(key)) throw invalidRequest(`the parameter ${key} is sent more than once`);
			seen.add(key);
		}
		const grantType = form.get('grant_type');
		if (!grantType) throw invalidRequest('grant_type is missing');
		if (grantType !== TOKEN_REQUEST.grantType) {
			throw new Refusal(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported; use client_credentials`);
		}
		const assertionType = form.get('client_assertion_type');
		const assertion = form.get('client_assertion');
		if (form.has('client_secret')) throw invalidRequest('client_secret is not accepted; authenticate with a signed client_assertion');
		if (!assertionType) throw invalidRequest('client_assertion_type is missing');
		if (assertionType !== TOKEN_REQUEST.clientAssertionType) {
			throw invalidClient(
				`client_assertion_type ${JSON.stringify(assertionType)} is not supported; use ${TOKEN_REQUEST.clientAssertionType}`,
			);
		}
		if (!assertion) throw invalidRequest('client_assertion is missing');
		this.remember(this.issued.clientAssertions, assertion);

		const parts = assertion.split('.');
		if (parts.length !== 3 || parts.some((part, i) => i < 2 && !part)) {
			throw invalidClient('client_assertion is not a signed JWT (JWS compact serialization)');
		}
		const header = decodePart(parts[0], 'header');
		const claims = decodePart(parts[1], 'payload');
		const alg = header.alg;
		if (typeof alg !== 'string' || !ALLOWED_ALGS.includes(alg)) {
			throw invalidClient(`client_assertion: alg ${JSON.stringify(alg)} is not accepted (RS256, ES384 or ES512)`);
		}
		const { iss, sub } = claims;
		if (typeof iss !== 'string' || !iss) throw invalidClient('client_assertion: iss (the client id) is missing');
		const client = this.clients.get(iss);
		if (!client) throw invalidClient(`client_assertion: the client ${JSON.stringify(iss)} is not registered`);
		const refuse = (description: string) => Object.assign(invalidClient(description), { clientId: client.clientId });
		if (sub !== iss) throw refuse(`client_assertion: sub ${JSON.stringify(sub)} must equal iss (the client id)`);
		const clientIdParameter = form.get('client_id');
		if (clientIdParameter !== null && clientIdParameter !== iss) {
			throw refuse('client_id does not match the client_assertion issuer');
		}
		if (alg !== client.alg) {
			throw refuse(`client_assertion: alg ${alg} does not match the registered certificate's key (use ${client.alg})`);
		}
		const now = Date.now();
		if (now < client.validFrom || now > client.validTo) {
			throw refuse(
				`the registered certificate is not valid now (valid from ${new Date(client.validFrom).toISOString()} to ${new Date(client.validTo).toISOString()})`,
			);
		}
		try {
			await compactVerify(assertion, client.publicKey, { algorithms: [client.alg] });
		} catch (error) {
			throw refuse(`client_assertion: the signature does not verify with the registered certificate (${(error as Error).message})`);
		}

		const aud = claims.aud;
		const auds = Array.isArray(aud) ? aud : [aud];
		if (!auds.includes(ctx.tokenUrl)) {
			throw refuse(`client_assertion: aud ${JSON.stringify(aud)} must be the token URL ${ctx.tokenUrl}`);
		}
		const nowSeconds = now / 1000;
		const { exp, iat, nbf, jti } = claims;
		if (typeof exp !== 'number' || !Number.isFinite(exp)) throw refuse('client_assertion: exp is missing or not a number');
		if (exp <= nowSeconds) throw refuse(`client_assertion: expired (exp ${exp} is in the past)`);
		if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) {
			throw refuse('client_assertion: iat is not a number');
		}
		if (typeof iat === 'number' && iat > nowSeconds + CLOCK_SKEW_SECONDS) {
			throw refuse(`client_assertion: iat ${iat} is in the future`);
		}
		if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + CLOCK_SKEW_SECONDS)) {
			throw refuse(`client_assertion: not valid yet (nbf ${JSON.stringify(nbf)})`);
		}
		const max = TOKEN_REQUEST.maxAssertionLifetimeSeconds;
		const lifetime = exp - (typeof iat === 'number' ? iat : nowSeconds);
		if (lifetime > max) {
			throw refuse(
				`client_assertion: lives ${Math.round(lifetime)} s (exp - ${typeof iat === 'number' ? 'iat' : 'now'}); the maximum is ${max} s`,
			);
		}
		if (typeof jti !== 'string' || !jti) throw refuse('client_assertion: jti is missing');
		const jtiKey = `${client.clientId}\n${jti}`;
		if (this.usedJtis.has(jtiKey)) throw refuse(`client_assertion: jti ${JSON.stringify(jti)} was already used (replay)`);
		this.forgetExpiredJtis(now);
		this.usedJtis.set(jtiKey, exp * 1000);

		const own = scopeOf(client.quality);
		const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
		const refused = requested.filter((scope) => scope !== own);
		if (refused.length) {
			throw Object.assign(
				new Refusal(
					400,
					'invalid_scope',
					`scope ${refused.join(' ')} is not allowed for a client of quality ${client.quality}` +
						(DEFAULT_SCOPES[client.quality] ? ` (use ${own})` : ' (send no scope)'),
				),
				{ clientId: client.clientId },
			);
		}

		const accessToken = randomBytes(32).toString('base64url');
		this.remember(this.issued.accessTokens, accessToken);
		const lifetimeSeconds = Math.max(1, Math.round(ctx.lifetimeSeconds));
		this.tokens.set(accessToken, {
			clientId: client.clientId,
			quality: client.quality,
			enterpriseNumber: client.enterpriseNumber,
			scopes: [own],
			issuedAt: now,
			expiresAt: now + lifetimeSeconds * 1000,
		});
		return {
			clientId: client.clientId,
			reply: json(
				200,
				{ access_token: accessToken, token_type: 'Bearer', expires_in: lifetimeSeconds, scope: own },
				{ 'Cache-Control': 'no-store', Pragma: 'no-cache' },
			),
		};
	}

	private forgetExpiredJtis(now: number): void {
		if (this.usedJtis.size < 10_000) return;
		for (const [key, expiresAt] of this.usedJtis) if (expiresAt < now) this.usedJtis.delete(key);
	}
}
