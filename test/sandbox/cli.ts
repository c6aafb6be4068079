/**
 * Starts the sandbox from the command line and prints one JSON line with its URLs:
 *
 *   npm run -s sandbox -- --port 0 --clients clients.json
 *   npm run -s sandbox -- --seed-demo-data                 (a demo client, its PFX written under .sandbox/)
 *
 * Options: --port <n> (0 = any free port), --clients <file.json> (what Chaman holds: [{clientId, certificate,
 * quality, enterpriseNumber, mandates?}]), --latency <ms>, --token-lifetime <s>, --seed-demo-data,
 * --quality employer|provider|trainingProvider (of the demo client), --help.
 * Logs go to stderr; the password of the demo PFX is written to a file and never printed.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Quality } from '../../credentials/gateway';
import { ENTERPRISES, makeClient } from '../support/clients';
import { demoData, type DemoData } from './seed';
import { startSandbox, type SandboxClient, type SandboxOptions } from './server';

const USAGE = `Usage: npm run -s sandbox -- [--port <n>] [--clients <file.json>] [--latency <ms>] [--token-lifetime <s>]
                                [--seed-demo-data] [--quality employer|provider|trainingProvider]`;

/** Enterprise numbers of the demo client when no demo data gives it one. */
const DEMO_ENTERPRISES = ENTERPRISES;

interface Arguments {
	port: number;
	clients?: string;
	latency?: number;
	tokenLifetime?: number;
	seedDemoData: boolean;
	quality: Quality;
}

function fail(message: string): never {
	process.stderr.write(`${message}\n${USAGE}\n`);
	process.exit(2);
}

function parseArguments(argv: string[]): Arguments {
	const args: Arguments = { port: 0, seedDemoData: false, quality: 'employer' };
	const number = (flag: string, value: string | undefined, min: number) => {
		const n = Number(value);
		if (value === undefined || !Number.isInteger(n) || n < min) fail(`${flag} needs an integer of ${min} or more`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
		const value = () => inline ?? argv[++i];
		switch (name) {
			case '--port':
				args.port = number(name, value(), 0);
				break;
			case '--clients':
				args.clients = value() ?? fail('--clients needs a file');
				break;
			case '--latency':
				args.latency = number(name, value(), 0);
				break;
			case '--token-lifetime':
				args.tokenLifetime = number(name, value(), 1);
				break;
			case '--seed-demo-data':
				args.seedDemoData = true;
				break;
			case '--quality': {
				const quality = value();
				if (quality !== 'employer' && quality !== 'provider' && quality !== 'trainingProvider') {
					fail('--quality is employer, provider or trainingProvider');
				}
				args.quality = quality;
				break;
			}
			case '--help':
			case '-h':
				process.stdout.write(USAGE + '\n');
				process.exit(0);
			// falls through (never reached)
			default:
				fail(`unknown option ${flag}`);
		}
	}
	return args;
}

function readClients(file: string): SandboxClient[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		fail(`cannot read the clients file ${file}: ${(error as Error).message}`);
	}
	if (!Array.isArray(parsed)) fail(`the clients file ${file} must hold a JSON list of clients`);
	return parsed as SandboxClient[];
}

/** A demo client with a fresh certificate; its PFX, password, certificate and clients file go to `.sandbox/`. */
function demoClient(quality: Quality, data: DemoData | undefined) {
	const clientId = `self_service_chaman_${randomInt(100000, 999999)}_${randomInt(10000, 99999)}`;
	let enterpriseNumber: string = DEMO_ENTERPRISES[quality];
	let mandates: string[] | undefined;
	if (quality === 'employer' && data?.employers.length) enterpriseNumber = data.employers[0].enterpriseNumber;
	if (quality === 'trainingProvider' && data?.trainingProviders.length) enterpriseNumber = data.trainingProviders[0].enterpriseNumber;
	if (quality === 'provider') mandates = data?.employers.length ? data.employers.map((e) => e.enterpriseNumber) : [DEMO_ENTERPRISES.employer];

	const password = randomBytes(18).toString('base64url');
	const made = makeClient(quality, enterpriseNumber, { clientId, organization: 'CareerPro FLA sandbox demo', pfxPassword: password });
	const { certificatePem } = made;
	const directory = resolve(__dirname, '..', '..', '.sandbox', clientId);
	mkdirSync(directory, { recursive: true, mode: 0o700 });
	const pfxPath = join(directory, 'client.pfx');
	const pfxPasswordPath = join(directory, 'client.pfx-password.txt');
	const certificatePath = join(directory, 'client.cer');
	const clientsPath = join(directory, 'clients.json');
	const client: SandboxClient = { clientId, certificate: certificatePem, quality, enterpriseNumber, ...(mandates ? { mandates } : {}) };
	writeFileSync(pfxPath, Buffer.from(made.pfx, 'base64'), { mode: 0o600 });
	writeFileSync(pfxPasswordPath, password + '\n', { mode: 0o600 });
	chmodSync(pfxPasswordPath, 0o600);
	writeFileSync(certificatePath, certificatePem);
	writeFileSync(clientsPath, JSON.stringify([client], null, 2) + '\n');
	return { client, printed: { clientId, quality, enterpriseNumber, ...(mandates ? { mandates } : {}), pfxPath, pfxPasswordPath, certificatePath, clientsPath } };
}

async function main(): Promise<void> {
	const args = parseArguments(process.argv.slice(2));
	const data = args.seedDemoData ? demoData() : undefined;
	const options: SandboxOptions = { port: args.port, data, knobs: {} };
	if (args.latency !== undefined) options.knobs!.latencyMs = args.latency;
	if (args.tokenLifetime !== undefined) options.tokenLifetimeSeconds = args.tokenLifetime;
	let printed: Record<string, unknown> = {};
	if (args.clients) {
		options.clients = readClients(args.clients);
	} else {
		const demo = demoClient(args.quality, data);
		options.clients = [demo.client];
		printed = demo.printed;
	}
	let sandbox;
	try {
		sandbox = await startSandbox(options);
	} catch (error) {
		fail(`the sandbox did not start: ${(error as Error).message}`);
	}
	const { tokenUrl, apiUrl, trainingProviderApiUrl, adminUrl } = sandbox;
	process.stdout.write(JSON.stringify({ tokenUrl, apiUrl, trainingProviderApiUrl, adminUrl, ...printed }) + '\n');
	if (data) {
		process.stderr.write(
			`sandbox: demo data for employers ${data.employers.map((e) => e.enterpriseNumber).join(', ')}; ` +
				`training providers ${data.trainingProviders.map((p) => p.enterpriseNumber).join(', ')}\n`,
		);
	}
	process.stderr.write('sandbox: running; stop it with Ctrl+C\n');
	const stop = () => {
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => fail(`sandbox: ${(error as Error).message}`));
