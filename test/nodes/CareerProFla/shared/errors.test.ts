/**
 * No secret leaves the credential: workflows that succeed and fail in every way the gateway allows run through the
 * n8n engine against the sandbox, and every output item, every error (message, description, stack, context), every
 * log line (n8n's LoggerProxy, n8n's backend logger and anything else written to the console) and the sandbox's
 * request log are searched for the certificate files, their passwords, the private keys, every access token the
 * sandbox issued and every client assertion it received.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoggerProxy, type ICredentialDataDecryptedObject, type IHttpRequestHelper } from 'n8n-workflow';

import { CareerProFlaApi } from '../../../../credentials/CareerProFlaApi.credentials';
import { PROBLEM_TYPES, MEDIA_TYPES } from '../../../../credentials/gateway';
import { n8nHttpRequest } from '../../../credentials/auth/tokenServer';
import type { RunResult } from '../../../support/engine';
import { ENTERPRISES, makeClient, startWorld, WORKERS, type World } from '../../../support/world';

/* ----------------------------------------------------------------------------------------------------------------
 * The scanner
 * ------------------------------------------------------------------------------------------------------------- */

interface Secret {
	name: string;
	value: string;
}

/** Shortest piece of a long secret that counts as a leak. */
const WINDOW = 40;

/** Every string inside a value: object keys and values, and an error's message, stack, description and cause. */
function strings(value: unknown, out: string[] = [], seen = new WeakSet<object>(), depth = 0): string[] {
	if (typeof value === 'string') out.push(value);
	else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') out.push(String(value));
	if (!value || typeof value !== 'object' || depth > 30 || seen.has(value)) return out;
	seen.add(value);
	if (Buffer.isBuffer(value)) {
		out.push(value.toString('utf8'), value.toString('base64'));
		return out;
	}
	const keys = new Set([...Object.keys(value), ...(value instanceof Error ? Object.getOwnPropertyNames(value) : [])]);
	if (value instanceof Error) for (const key of ['message', 'stack', 'description', 'cause']) keys.add(key);
	for (const key of keys) {
		out.push(key);
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		strings(child, out, seen, depth + 1);
	}
	return out;
}

/** The body of a PEM text: its base64 without armour lines and line breaks. */
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** The secrets found in `material`: a whole secret, or any 40-character piece of a longer one. */
function findSecrets(material: unknown, secrets: Secret[]): string[] {
	const text = strings(material).join('\n');
	const found = new Set<string>();
	const pieces = new Map<string, string>();
	for (const { name, value } of secrets) {
		if (!value) continue;
		if (text.includes(value)) found.add(name);
		for (const form of new Set([value, value.replace(/\s+/g, '')])) {
			for (let i = 0; i + WINDOW <= form.length; i++) pieces.set(form.slice(i, i + WINDOW), name);
		}
	}
	for (let i = 0; i + WINDOW <= text.length; i++) {
		const name = pieces.get(text.slice(i, i + WINDOW));
		if (name) found.add(name);
	}
	return [...found].sort();
}

/* ----------------------------------------------------------------------------------------------------------------
 * What is captured
 * ------------------------------------------------------------------------------------------------------------- */

const logged: Array<{ level: string; message: string; metadata?: unknown }> = [];
const consoleLines: unknown[][] = [];
const results: Array<{ scenario: string; result: RunResult }> = [];
const thrown: Array<{ scenario: string; error: unknown }> = [];

let world: World;
let fakeGateway: Server;
let fakeGatewayUrl: string;
const unknownClient = makeClient('employer', ENTERPRISES.employer);
const WRONG_PASSWORD = 'wrong-password-7f3a91c2';
const credentialType = new CareerProFlaApi();

beforeAll(async () => {
	for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
			consoleLines.push(args);
		});
	}
	// n8n's backend logger (the engine's error reporter writes through it), taken from n8n's container.
	const backendLogger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		// Levels below the configured one are fixed no-ops: they write nothing.
		if (Object.getOwnPropertyDescriptor(backendLogger, level)?.writable === false) continue;
		jest.spyOn(backendLogger, level).mockImplementation((message: string, metadata?: unknown) => {
			logged.push({ level: `backend ${level}`, message, metadata });
		});
	}
	LoggerProxy.init({
		error: (message, metadata) => logged.push({ level: 'error', message, metadata }),
		warn: (message, metadata) => logged.push({ level: 'warn', message, metadata }),
		info: (message, metadata) => logged.push({ level: 'info', message, metadata }),
		debug: (message, metadata) => logged.push({ level: 'debug', message, metadata }),
	});
	world = await startWorld();
	// A gateway that fails with 500 on every API request (the token still comes from the sandbox).
	fakeGateway = createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const body = JSON.stringify({
				type: PROBLEM_TYPES.internalServerError,
				title: 'Internal Server Error',
				status: 500,
				detail: 'Unexpected failure',
				instance: 'urn:uuid:5f1c8a56-0c1e-4a43-9d59-0d3b1f0e0001',
			});
			res.writeHead(500, { 'Content-Type': MEDIA_TYPES.problem, 'Content-Length': Buffer.byteLength(body) });
			res.end(body);
		});
	});
	await new Promise<void>((resolve) => fakeGateway.listen(0, '127.0.0.1', resolve));
	fakeGatewayUrl = `http://127.0.0.1:${(fakeGateway.address() as AddressInfo).port}/REST/federalLearningAccount/v1`;
});

afterAll(async () => {
	jest.restoreAllMocks();
	LoggerProxy.init({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {} });
	await new Promise((resolve) => fakeGateway.close(resolve));
	await world.close();
});

const employer = { enterpriseNumber: ENTERPRISES.employer };
const list = { resource: 'training', operation: 'getAll', ...employer, returnAll: true, filters: {}, simplify: false };
const create = {
	resource: 'training',
	operation: 'create',
	...employer,
	ssin: '={{ $json.ssin }}',
	title: '={{ $json.title }}',
	trainingType: 'formal',
	startDate: '2026-03-02',
	endDate: '2026-03-02',
	durationHours: '3',
	additionalFields: {},
};

/** A credential like the employer's, with some fields changed, saved under a new id. */
const variantOf = (overrides: ICredentialDataDecryptedObject): string => world.variant(world.employer, overrides).credentialId;

async function scenario(name: string, run: () => Promise<RunResult>): Promise<RunResult> {
	const result = await run();
	results.push({ scenario: name, result });
	return result;
}

/** Everything the user or an operator could read. */
function material() {
	return {
		results: results.map(({ scenario: name, result }) => ({ name, items: result.items, error: result.error, run: result.run })),
		thrown,
		logged,
		consoleLines,
		requests: world.sandbox.requests(),
		stats: world.sandbox.stats(),
	};
}

function secrets(): Secret[] {
	const list: Secret[] = [];
	const clients = { employer: world.employer.secrets, provider: world.provider.secrets, trainingProvider: world.trainingProvider.secrets, unknown: unknownClient };
	for (const [who, s] of Object.entries(clients)) {
		list.push({ name: `${who} .pfx`, value: s.pfx });
		list.push({ name: `${who} .pfx password`, value: s.pfxPassword });
		list.push({ name: `${who} private key (PEM)`, value: s.privateKeyPem });
		list.push({ name: `${who} private key (body)`, value: pemBody(s.privateKeyPem) });
	}
	list.push({ name: 'a mistyped .pfx password', value: WRONG_PASSWORD });
	const issued = world.sandbox.issuedSecrets();
	issued.accessTokens.forEach((value, i) => list.push({ name: `access token ${i + 1}`, value }));
	issued.clientAssertions.forEach((value, i) => list.push({ name: `client assertion ${i + 1}`, value }));
	return list;
}

/* ----------------------------------------------------------------------------------------------------------------
 * The workflows
 * ------------------------------------------------------------------------------------------------------------- */

describe('Workflows that succeed and fail', () => {
	it('creates and lists trainings', async () => {
		const created = await scenario('create', () =>
			world.run(world.employer, create, WORKERS.slice(0, 3).map((ssin, i) => ({ ssin, title: `Secret-free ${i}` }))),
		);
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(3);
		const listed = await scenario('list', () => world.run(world.employer, list));
		expect(listed.items.length).toBeGreaterThanOrEqual(3);
		const credits = await scenario('credits', () =>
			world.run(world.employer, { resource: 'trainingCredit', operation: 'getAll', ...employer, year: '2026', returnAll: true }),
		);
		expect(credits.error).toBeUndefined();
	});

	it('after the tokens expired, fetches a new one on the 401 and goes on', async () => {
		world.sandbox.expireTokens();
		const before = world.engine.credentials.preAuthentications.afterRefusal;
		const listed = await scenario('401 refresh', () => world.run(world.employer, list));
		expect(listed.error).toBeUndefined();
		expect(world.engine.credentials.preAuthentications.afterRefusal).toBeGreaterThan(before);
	});

	it('fails on a wrong .pfx password', async () => {
		const credentialId = variantOf({ pfxPassword: WRONG_PASSWORD });
		const { error } = await scenario('wrong password', () => world.engine.runNode({ parameters: list, credentialId }));
		expect(error?.message).toMatch(/password is wrong/);
		expect(error?.description).toMatch(/^Nothing was sent for this item/);
	});

	it('fails for a client the gateway does not know', async () => {
		const credentialId = variantOf({ clientId: unknownClient.clientId, pfx: unknownClient.pfx, pfxPassword: unknownClient.pfxPassword });
		const { error } = await scenario('unknown client', () => world.engine.runNode({ parameters: list, credentialId }));
		expect(error?.message).toMatch(/invalid_client/);
		expect(world.sandbox.stats().tokenErrors.invalid_client).toBeGreaterThan(0);
	});

	it("fails with 403 for another employer's data", async () => {
		const { error } = await scenario('403', () => world.run(world.employer, { ...list, enterpriseNumber: ENTERPRISES.clientA }));
		expect(error?.httpCode).toBe('403');
	});

	it('refuses bad input', async () => {
		const { items } = await scenario('bad input', () =>
			world.run(world.employer, create, [{ ssin: '85073003329', title: 'x' }, { ssin: WORKERS[0], title: '<script>' }], { continueOnFail: true }),
		);
		expect(items.map((i) => i.json.field)).toEqual(['ssin', 'title']);
	});

	it('fails when the gateway answers 503', async () => {
		world.sandbox.setKnobs({ unavailableRate: 1, retryAfterSeconds: 0, faultsOnTokenEndpoint: false });
		try {
			const { error } = await scenario('503', () => world.run(world.employer, list));
			expect(error?.httpCode).toBe('503');
		} finally {
			world.sandbox.setKnobs({ unavailableRate: 0, retryAfterSeconds: 1, faultsOnTokenEndpoint: true });
		}
	});

	it('fails when the gateway answers 500', async () => {
		const credentialId = variantOf({ apiUrl: fakeGatewayUrl });
		const { error, items } = await scenario('500', () =>
			world.engine.runNode({ parameters: list, credentialId, continueOnFail: true }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ httpCode: '500', error: 'The gateway failed with an internal error [item 1]' });
	});

	it("runs the credential's preAuthentication as n8n's credential test does", async () => {
		const helpers: IHttpRequestHelper = { helpers: { httpRequest: n8nHttpRequest() } };
		const stored = world.engine.credentials.stored(world.employer.credentialId)!;
		const ok = (await credentialType.preAuthentication.call(helpers, { ...stored, accessToken: '' })) as { accessToken: string };
		expect(ok.accessToken).toBeTruthy();
		for (const [name, overrides] of [
			['test: wrong password', { pfxPassword: WRONG_PASSWORD }],
			['test: unknown client', { clientId: unknownClient.clientId, pfx: unknownClient.pfx, pfxPassword: unknownClient.pfxPassword }],
		] as const) {
			const error = await credentialType.preAuthentication
				.call(helpers, { ...stored, ...overrides, accessToken: ok.accessToken })
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(Error);
			thrown.push({ scenario: name, error });
		}
	});
});

describe('The scan', () => {
	it('had something to scan: tokens, assertions, log lines, errors', () => {
		const issued = world.sandbox.issuedSecrets();
		// The first token and the one fetched after the 401 (the credential test is served from the token cache).
		expect(issued.accessTokens.length).toBeGreaterThanOrEqual(2);
		expect(issued.clientAssertions.length).toBeGreaterThan(issued.accessTokens.length);
		expect(logged.some((l) => l.level === 'debug')).toBe(true);
		// n8n's error reporter logged the failures that stopped a workflow.
		expect(logged.some((l) => l.level === 'backend error' && /PFX password is wrong/.test(l.message))).toBe(true);
		expect(results.filter((r) => r.result.error).length).toBeGreaterThanOrEqual(4);
		expect(thrown).toHaveLength(2);
		expect(world.sandbox.requests().some((r) => r.route.endsWith('/token'))).toBe(true);
	});

	it('finds a secret planted anywhere in the material, whole or in part', () => {
		const all = secrets();
		const token = world.sandbox.issuedSecrets().accessTokens[0];
		const assertion = world.sandbox.issuedSecrets().clientAssertions[0];
		const pfx = world.employer.secrets.pfx;
		const keyLine = world.employer.secrets.privateKeyPem.split('\n')[5];
		const nestedError = Object.assign(new Error('outer'), { cause: Object.assign(new Error('inner'), { stack: `at x (${pfx.slice(500, 541)})` }) });
		expect(findSecrets(nestedError, all)).toEqual(['employer .pfx']);
		expect(findSecrets([{ level: 'info', message: 'ok', metadata: { p: `pw=${world.employer.secrets.pfxPassword};` } }], all)).toEqual([
			'employer .pfx password',
		]);
		expect(findSecrets({ json: { headers: { authorization: `Bearer ${token}` } } }, all)).toEqual(['access token 1']);
		expect(findSecrets({ description: assertion.split('.')[2] }, all)).toEqual(['client assertion 1']);
		expect(findSecrets([['line', keyLine]], all)).toEqual(['employer private key (PEM)', 'employer private key (body)']);
		expect(findSecrets({ clean: 'nothing to see', n: 42 }, all)).toEqual([]);
	});

	it('finds no secret in any output item, error, log line or request log', () => {
		expect(findSecrets(material(), secrets())).toEqual([]);
	});
});
