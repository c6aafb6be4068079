/**
 * The command line (`npm run sandbox`): the JSON line it prints, the demo client it makes (a PFX that works), and a
 * clients file as Chaman would hold it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import forge from 'node-forge';

import { PATHS } from './statement';
import type { Sandbox } from './server';
import { http, makeTestClient, registration, requestToken, type TestClient } from './testkit';

const ROOT = resolve(__dirname, '..', '..');
const running: ChildProcess[] = [];

interface Started {
	child: ChildProcess;
	info: Record<string, any>;
	stdout: () => string;
}

/** Starts the CLI the way `npm run sandbox` does and reads the JSON line it prints. */
function startCli(args: string[]): Promise<Started> {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/sandbox/cli.ts', ...args], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.push(child);
	let out = '';
	let err = '';
	return new Promise((resolvePromise, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString('utf8');
			const newline = out.indexOf('\n');
			if (newline >= 0) resolvePromise({ child, info: JSON.parse(out.slice(0, newline)), stdout: () => out });
		});
		child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
		child.on('exit', (code) => reject(new Error(`the CLI exited (${code}) before printing: ${err}`)));
	});
}

function stop(child: ChildProcess): Promise<void> {
	return new Promise((resolvePromise) => {
		if (child.exitCode !== null) return resolvePromise();
		child.once('exit', () => resolvePromise());
		child.kill('SIGTERM');
	});
}

afterAll(async () => {
	for (const child of running) await stop(child);
});

/** Enough of a Sandbox for the testkit's token request. */
const remote = (info: Record<string, any>) => ({ tokenUrl: info.tokenUrl }) as Sandbox;

test('without --clients: makes a demo client whose PFX gets a token, and prints the URLs and file paths, never the password', async () => {
	const { child, info, stdout } = await startCli(['--port', '0', '--seed-demo-data']);
	try {
		expect(Object.keys(info).slice(0, 4)).toEqual(['tokenUrl', 'apiUrl', 'trainingProviderApiUrl', 'adminUrl']);
		expect(info.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/REST\/oauth\/v5\/token$/);
		expect(info).toMatchObject({ quality: 'employer', clientId: expect.stringMatching(/^self_service_chaman_\d+_\d+$/) });
		expect(info.pfxPath.startsWith(join(ROOT, '.sandbox') + '/')).toBe(true);
		expect(statSync(info.pfxPasswordPath).mode & 0o777).toBe(0o600);
		const password = readFileSync(info.pfxPasswordPath, 'utf8').trim();
		expect(password.length).toBeGreaterThanOrEqual(16);
		expect(stdout()).not.toContain(password);
		expect(stdout().trim().split('\n')).toHaveLength(1);

		const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(readFileSync(info.pfxPath).toString('binary')), password);
		const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]![0];
		const certBag = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]![0];
		const privateKeyPem = forge.pki.privateKeyToPem(keyBag.key!);
		const client: TestClient = {
			clientId: info.clientId,
			certificate: forge.pki.certificateToPem(certBag.cert!),
			quality: 'employer',
			enterpriseNumber: info.enterpriseNumber,
			privateKey: createPrivateKey(privateKeyPem),
			privateKeyPem,
			alg: 'RS256',
		};
		const token = await requestToken(remote(info), client);
		expect(token.status).toBe(200);
		const list = await http('GET', info.apiUrl + PATHS.trainings(info.enterpriseNumber), { token: token.body.access_token });
		expect(list.status).toBe(200);
		expect(list.body.total).toBeGreaterThan(0);
		expect(JSON.parse(readFileSync(info.clientsPath, 'utf8'))).toEqual([
			expect.objectContaining({ clientId: info.clientId, quality: 'employer', enterpriseNumber: info.enterpriseNumber }),
		]);
	} finally {
		await stop(child);
		rmSync(dirname(info.pfxPath), { recursive: true, force: true });
	}
});

test('with --clients: registers the clients of the file and prints the four URLs only', async () => {
	const client = makeTestClient('provider', '0862917047', { mandates: ['0202239951'] });
	const directory = mkdtempSync(join(tmpdir(), 'fla-sandbox-'));
	const file = join(directory, 'clients.json');
	writeFileSync(file, JSON.stringify([registration(client)]));
	const { child, info } = await startCli(['--port', '0', '--clients', file, '--latency', '20', '--token-lifetime', '120']);
	try {
		expect(Object.keys(info)).toEqual(['tokenUrl', 'apiUrl', 'trainingProviderApiUrl', 'adminUrl']);
		const token = await requestToken(remote(info), client);
		expect(token.body).toMatchObject({ expires_in: 120 });
		expect(token.ms).toBeGreaterThanOrEqual(18);
		const mandated = await http('GET', info.apiUrl + PATHS.trainings('0202239951'), { token: token.body.access_token });
		expect(mandated.status).toBe(200);
		const knobs = await http('GET', info.adminUrl + '/knobs');
		expect(knobs.body).toMatchObject({ latencyMs: 20, tokenLifetimeSeconds: 120 });
	} finally {
		await stop(child);
		rmSync(directory, { recursive: true, force: true });
	}
});

test('refuses an unknown option with its usage and exit code 2', async () => {
	await expect(startCli(['--colour', 'red'])).rejects.toThrow(/exited \(2\)[\s\S]*unknown option --colour[\s\S]*Usage/);
});
