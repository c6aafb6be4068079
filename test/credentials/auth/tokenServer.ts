/**
 * A token endpoint on loopback for the credential's tests: node:http on 127.0.0.1, port 0. It records every
 * request (headers and form fields), checks the client assertion against a registered certificate when told
 * to, and answers what the test scripts: a token by default, or any error, page, delay or silence.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importX509, jwtVerify, decodeProtectedHeader } from 'jose';
import type { INode, IWorkflowExecuteAdditionalData, Workflow } from 'n8n-workflow';
// n8n's own factory of `helpers.httpRequest`, as node contexts get it (it is not re-exported by n8n-core's index).
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers';

export interface ReceivedTokenRequest {
	method: string;
	path: string;
	contentType: string;
	form: Record<string, string>;
	/** The assertion's claims and header when it verified against the registered certificate. */
	verified?: { header: Record<string, unknown>; payload: Record<string, unknown> };
	verifyError?: string;
}

export interface Reply {
	status?: number;
	headers?: Record<string, string>;
	body?: string;
	/** Wait this long before answering. */
	delayMs?: number;
	/** Never answer (for timeouts). */
	hang?: boolean;
}

export interface TokenServerOptions {
	/** Certificate PEM per client ID: assertions are verified against it. */
	certificates?: Record<string, string>;
	/** Lifetime of issued tokens, seconds. */
	expiresIn?: number;
}

export class TokenServer {
	readonly requests: ReceivedTokenRequest[] = [];
	/** What to answer; by default a fresh token `token-<n>`. */
	respond: (request: ReceivedTokenRequest, n: number) => Reply | Promise<Reply> = (_request, n) => this.token(n);
	url = '';
	private issued = 0;
	private readonly server: Server;
	private readonly hanging = new Set<import('node:http').ServerResponse>();

	constructor(private readonly options: TokenServerOptions = {}) {
		this.server = createServer((request, response) => {
			void this.handle(request).then(async (received) => {
				this.requests.push(received);
				const reply = await this.respond(received, this.requests.length);
				if (reply.hang) {
					this.hanging.add(response);
					return;
				}
				if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
				response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
				response.end(reply.body ?? '');
			});
		});
	}

	static async start(options?: TokenServerOptions): Promise<TokenServer> {
		const server = new TokenServer(options);
		await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
		server.url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/REST/oauth/v5/token`;
		return server;
	}

	get count(): number {
		return this.requests.length;
	}

	/** A successful answer with a new token. */
	token(n = this.requests.length, expiresIn = this.options.expiresIn ?? 3600): Reply {
		this.issued++;
		return {
			status: 200,
			body: JSON.stringify({ access_token: `token-${n}-${this.issued}`, token_type: 'Bearer', expires_in: expiresIn, scope: 'x' }),
		};
	}

	register(clientId: string, certificatePem: string): void {
		this.options.certificates = { ...this.options.certificates, [clientId]: certificatePem };
	}

	async close(): Promise<void> {
		for (const response of this.hanging) response.destroy();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(request: IncomingMessage): Promise<ReceivedTokenRequest> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
		const received: ReceivedTokenRequest = {
			method: request.method ?? '',
			path: request.url ?? '',
			contentType: String(request.headers['content-type'] ?? ''),
			form,
		};
		const certificate = this.options.certificates?.[form.client_assertion ? issuerOf(form.client_assertion) : ''];
		if (certificate && form.client_assertion) {
			try {
				const header = decodeProtectedHeader(form.client_assertion);
				const key = await importX509(certificate, String(header.alg));
				const { payload, protectedHeader } = await jwtVerify(form.client_assertion, key, { audience: this.url });
				received.verified = { header: { ...protectedHeader }, payload: { ...payload } };
			} catch (error) {
				received.verifyError = (error as Error).message;
			}
		}
		return received;
	}
}

function issuerOf(jwt: string): string {
	try {
		return String(JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')).iss ?? '');
	} catch {
		return '';
	}
}

/** n8n's real `helpers.httpRequest` (axios through n8n's outbound HTTP service), as preAuthentication receives it. */
export function n8nHttpRequest() {
	return getRequestHelperFunctions({} as Workflow, { name: 'test' } as INode, {} as IWorkflowExecuteAdditionalData).httpRequest;
}
