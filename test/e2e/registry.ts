/**
 * `npm run test:registry`: the install a user makes in n8n's Settings → Community Nodes → Install, proven end to end.
 *
 * 1. Starts a local npm registry (verdaccio, installed once into the cache folder beside n8n, run on n8n's Node) and publishes the
 *    packed package to it, as the release workflow publishes it to npm.
 * 2. Starts n8n 2.41.1 (the e2e suite's install) with a fresh user folder: the editor does not offer the node yet.
 * 3. Installs the package the way n8n 2.41's CommunityPackagesService.downloadPackage does (read from its source,
 *    dist/modules/community-packages/community-packages.service.js): in `.n8n/nodes`, `npm pack <name>@<version>
 *    --quiet --registry=<registry>`, `tar -xzf <tarball> -C node_modules/<name> --strip-components=1`, its
 *    package.json without devDependencies, peerDependencies and optionalDependencies, then in that folder
 *    `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow --ignore-scripts=true
 *    --package-lock=false --registry=<registry>`, and the name and version in `.n8n/nodes/package.json`.
 *    n8n's own endpoint cannot be pointed at a local registry: a registry other than npm's is a licensed feature.
 * 4. Restarts n8n: the editor offers the node and the credential.
 * 5. Runs the node: a workflow registering one training against the sandbox gateway, with the `n8n execute` CLI.
 *
 * Prints `ok`/`FAIL` per step and exits non-zero when one failed. Every process it starts it stops, also on failure.
 * Environment: E2E_SKIP_BUILD=1 uses the existing dist/; N8N_E2E_CACHE_DIR moves the n8n and verdaccio installs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { WORKERS } from '../support/world';
import {
	CREDENTIAL_IDS,
	CREDENTIAL_NAMES,
	ENTERPRISES,
	buildPackage,
	cacheRoot,
	cleanEnv,
	createSession,
	editorTypes,
	ensureN8n,
	freePort,
	login,
	newId,
	nodeOutput,
	ownerEnv,
	packPackage,
	runLogged,
	say,
	seconds,
	startSandboxWorld,
	withLock,
	writeJson,
	type N8nSession,
	type SandboxWorld,
} from './n8n';

const VERDACCIO_VERSION = '6.10.4';
const NODE_TYPE = 'n8n-nodes-careerpro-fla.careerProFla';
/** The longest wait for the registry to answer after it started. */
const REGISTRY_START_MS = 60_000;
/** The longest an npm command of the install may take (it fetches jose and node-forge through the registry). */
const NPM_COMMAND_MS = 300_000;

/** verdaccio, installed once into the cache folder (as n8n is); it runs on n8n's Node 24 (it needs 22 or later). */
async function ensureVerdaccio(): Promise<string> {
	const dir = path.join(cacheRoot(), `verdaccio-${VERDACCIO_VERSION}`);
	const bin = path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	const marker = path.join(dir, 'installed.json');
	if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
	fs.mkdirSync(dir, { recursive: true });
	return withLock(path.join(dir, '.lock'), async () => {
		if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
		writeJson(path.join(dir, 'package.json'), { name: 'careerpro-fla-registry', private: true });
		say(`installing verdaccio ${VERDACCIO_VERSION} into ${dir}`);
		await runLogged(`verdaccio@${VERDACCIO_VERSION}`, 'npm', ['install', `verdaccio@${VERDACCIO_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			env: cleanEnv(),
			logFile: path.join(dir, 'install.log'),
		});
		writeJson(marker, { verdaccio: VERDACCIO_VERSION, installedAt: new Date().toISOString() });
		return bin;
	});
}

interface Registry {
	url: string;
	/** An npm user configuration file holding this registry's token, for `npm publish --userconfig`. */
	userconfig: string;
	stop(): Promise<void>;
	output(): string;
}

/**
 * verdaccio on 127.0.0.1 with its storage in `dir`: this package and its certificate command are served only from
 * what is published here; other packages (jose, node-forge) come through it from npm's registry, as n8n's install
 * fetches them.
 */
async function startRegistry(nodeBin: string, bin: string, dir: string): Promise<Registry> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const local = { access: '$all', publish: '$authenticated' };
	const config = [
		`storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
		'    max_users: 1',
		'uplinks:',
		'  npmjs:',
		'    url: https://registry.npmjs.org/',
		'    timeout: 60s',
		'packages:',
		...['n8n-nodes-careerpro-fla', 'careerpro-fla-certificate'].flatMap((name) => [`  '${name}':`, `    access: ${local.access}`, `    publish: ${local.publish}`]),
		"  '**':",
		`    access: ${local.access}`,
		`    publish: ${local.publish}`,
		'    proxy: npmjs',
		'log: { type: stdout, format: pretty, level: warn }',
		'',
	].join('\n');
	const configFile = path.join(dir, 'config.yaml');
	fs.writeFileSync(configFile, config);
	const child: ChildProcess = spawn(nodeBin, [bin, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
		env: cleanEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	let alive = true;
	void exited.then(() => (alive = false));
	const stop = async () => {
		if (!alive) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};
	const deadline = Date.now() + REGISTRY_START_MS;
	for (;;) {
		if (!alive) throw new Error(`verdaccio exited before it answered:\n${output}`);
		try {
			if ((await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(5_000) })).ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`verdaccio did not answer ${url}/-/ping within ${seconds(REGISTRY_START_MS)}:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	// A user for publishing (npm adduser's request); its token goes to a user configuration file, never to argv.
	const user = { name: 'release', password: `r-${newId()}` };
	const res = await fetch(`${url}/-/user/org.couchdb.user:${user.name}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ _id: `org.couchdb.user:${user.name}`, name: user.name, password: user.password, type: 'user', roles: [] }),
		signal: AbortSignal.timeout(10_000),
	});
	const { token } = (await res.json()) as { token?: string };
	if (res.status !== 201 || !token) {
		await stop();
		throw new Error(`verdaccio did not create the publishing user (${res.status})`);
	}
	const userconfig = path.join(dir, 'npmrc');
	fs.writeFileSync(userconfig, `//127.0.0.1:${port}/:_authToken=${token}\n`, { mode: 0o600 });
	return { url, userconfig, stop, output: () => output };
}

/**
 * Runs npm with a bound; the result's text never holds a token (none is passed in arguments). Asynchronous, so that
 * the event loop runs meanwhile (a blocked loop leaves fetch a keep-alive socket the registry has closed).
 */
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const timer = setTimeout(() => {
			stderr += `\nkilled after ${seconds(NPM_COMMAND_MS)}`;
			child.kill('SIGKILL');
		}, NPM_COMMAND_MS);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (status) => {
			clearTimeout(timer);
			resolve({ status, stdout, stderr });
		});
	});
}

/** n8n 2.41's downloadPackage, step by step (see the header), against `registry`; returns the package folder. */
async function installAsN8nDoes(session: N8nSession, name: string, version: string, registry: string): Promise<string> {
	const downloadFolder = path.join(session.userFolder, '.n8n', 'nodes');
	const packageDirectory = path.join(downloadFolder, 'node_modules', name);
	fs.mkdirSync(packageDirectory, { recursive: true });
	const env = session.install.env;
	const packed = await npm(['pack', `${name}@${version}`, '--quiet', `--registry=${registry}`], downloadFolder, env);
	if (packed.status !== 0) throw new Error(`npm pack ${name}@${version} failed (exit ${packed.status}): ${packed.stderr}`);
	const tarballName = packed.stdout.trim();
	try {
		const untar = spawnSync('tar', ['-xzf', tarballName, '-C', packageDirectory, '--strip-components=1'], { cwd: downloadFolder, encoding: 'utf8', timeout: 60_000 });
		if (untar.status !== 0) throw new Error(`tar -xzf ${tarballName} failed: ${untar.stderr}`);
		const packageJsonPath = path.join(packageDirectory, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
		void [devDependencies, peerDependencies, optionalDependencies];
		fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf8');
		const installed = await npm(
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', `--registry=${registry}`],
			packageDirectory,
			env,
		);
		if (installed.status !== 0) throw new Error(`npm install in ${packageDirectory} failed (exit ${installed.status}): ${installed.stderr}`);
		const ledgerPath = path.join(downloadFolder, 'package.json');
		const ledger = fs.existsSync(ledgerPath)
			? (JSON.parse(fs.readFileSync(ledgerPath, 'utf8')) as { dependencies?: Record<string, string> })
			: { name: 'installed-nodes', private: true, dependencies: {} };
		ledger.dependencies = { ...ledger.dependencies, [name]: String(packageJson.version) };
		fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	} finally {
		if (tarballName) fs.rmSync(path.join(downloadFolder, tarballName), { force: true });
	}
	return packageDirectory;
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

async function main(): Promise<number> {
	const results: Array<{ name: string; ok: boolean }> = [];
	const step = async (name: string, fn: () => Promise<string | void>) => {
		const started = Date.now();
		try {
			const detail = await fn();
			console.log(`ok   ${name} (${seconds(Date.now() - started)})${detail ? `: ${detail}` : ''}`);
			results.push({ name, ok: true });
		} catch (error) {
			console.log(`FAIL ${name}: ${(error as Error).message}`);
			results.push({ name, ok: false });
			throw error;
		}
	};
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-registry-'));
	const owner = { email: 'registry-owner@example.com', password: `Reg-${newId()}` };
	let registry: Registry | undefined;
	let session: N8nSession | undefined;
	let world: SandboxWorld | undefined;
	let failed = false;
	try {
		const [n8n, verdaccio] = await Promise.all([ensureN8n(), ensureVerdaccio()]);
		session = await createSession(n8n, { env: ownerEnv(n8n, owner.email, owner.password) });
		const s = session;

		let tarball = '';
		let name = '';
		let version = '';
		await step('build and npm pack', async () => {
			if (process.env.E2E_SKIP_BUILD !== '1') {
				const built = buildPackage();
				assert(built.exitCode === 0, `npm run build: ${(built.stdout + built.stderr).split('\n').slice(-15).join('\n')}`);
			}
			const packed = packPackage(path.join(workDir, 'pack'));
			({ tarball, name, version } = packed);
			return `${name}@${version}, ${packed.files.length} files`;
		});

		await step(`local registry (verdaccio ${VERDACCIO_VERSION}) started, package published to it`, async () => {
			registry = await startRegistry(n8n.nodeBin, verdaccio, fs.mkdtempSync(path.join(workDir, 'registry-')));
			const published = await npm(['publish', tarball, `--registry=${registry.url}`, `--userconfig=${registry.userconfig}`, '--ignore-scripts', '--access=public'], workDir, cleanEnv());
			assert(published.status === 0, `npm publish failed (exit ${published.status}): ${published.stderr}`);
			const manifest = (await (await fetch(`${registry.url}/${name}/${version}`, { signal: AbortSignal.timeout(10_000) })).json()) as { dist?: { integrity?: string } };
			const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
			assert(manifest.dist?.integrity === integrity, `the registry holds ${manifest.dist?.integrity}, the packed tarball is ${integrity}`);
			return `${registry.url}, integrity ${integrity.slice(0, 20)}...`;
		});

		await step('n8n 2.41.1 started before the install: the editor does not offer the node', async () => {
			const server = await s.start();
			try {
				const types = await editorTypes(server.url, await login(server.url, owner.email, owner.password));
				assert(!types.nodes.includes(NODE_TYPE), `the editor already lists ${NODE_TYPE}`);
				return `${types.nodes.length} node types`;
			} finally {
				await server.stop();
			}
		});

		let packageDirectory = '';
		await step("installed from the registry with n8n 2.41's commands (npm pack, tar, npm install and its flags)", async () => {
			packageDirectory = await installAsN8nDoes(s, name, version, registry!.url);
			const installed = JSON.parse(fs.readFileSync(path.join(packageDirectory, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
			assert(installed.version === version, `installed version ${installed.version}`);
			const libraries = Object.keys(installed.dependencies ?? {});
			for (const library of libraries) assert(fs.existsSync(path.join(packageDirectory, 'node_modules', library, 'package.json')), `${library} is not installed`);
			return `${path.relative(s.userFolder, packageDirectory)}; libraries ${libraries.join(', ')}`;
		});

		await step('n8n restarted: the editor offers the node and its credential', async () => {
			const server = await s.start();
			try {
				const types = await editorTypes(server.url, await login(server.url, owner.email, owner.password));
				assert(types.nodes.includes(NODE_TYPE), `the editor does not list ${NODE_TYPE}`);
				assert(types.credentials.includes('careerProFlaApi'), 'the editor does not list careerProFlaApi');
				return `${NODE_TYPE} and careerProFlaApi listed`;
			} finally {
				await server.stop();
			}
		});

		await step('the installed node registers a training against the sandbox gateway (n8n execute)', async () => {
			world = await startSandboxWorld();
			const credentialsFile = path.join(workDir, 'credentials.json');
			fs.writeFileSync(credentialsFile, JSON.stringify(world.credentials));
			const imported = await s.importCredentials(credentialsFile);
			fs.rmSync(credentialsFile);
			assert(imported.exitCode === 0, `import:credentials failed: ${imported.stderr.split('\n').slice(-5).join('\n')}`);
			const title = `Registry install ${newId()}`;
			const workflow = {
				id: newId('reg'),
				name: 'registry install check',
				nodes: [
					{ id: 'reg-1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'reg-2',
						name: 'Register',
						type: NODE_TYPE,
						typeVersion: 1,
						position: [220, 0],
						parameters: {
							resource: 'training',
							operation: 'create',
							enterpriseNumber: ENTERPRISES.employer,
							ssin: WORKERS[0],
							title,
							trainingType: 'formal',
							startDate: '2026-03-02',
							endDate: '2026-03-02',
							durationHours: '3',
							additionalFields: {},
						},
						credentials: { careerProFlaApi: { id: CREDENTIAL_IDS.employer, name: CREDENTIAL_NAMES.employer } },
					},
				],
				connections: { Start: { main: [[{ node: 'Register', type: 'main', index: 0 }]] } },
				active: false,
				settings: { executionOrder: 'v1' },
			};
			const workflowFile = path.join(workDir, 'workflow.json');
			fs.writeFileSync(workflowFile, JSON.stringify(workflow));
			const importedWorkflow = await s.importWorkflow(workflowFile);
			assert(importedWorkflow.exitCode === 0, `import:workflow failed: ${importedWorkflow.stderr.split('\n').slice(-5).join('\n')}`);
			const executed = await s.executeWorkflow(workflow.id);
			assert(executed.exitCode === 0 && executed.json?.status === 'success', `the run failed: ${executed.error?.message ?? executed.stderr.split('\n').slice(-8).join('\n')}`);
			const [item] = nodeOutput(executed.json, 'Register');
			assert(typeof item?.trainingId === 'string', `the node's output: ${JSON.stringify(item)}`);
			const stored = world.sandbox.data?.().trainings.filter((training) => JSON.stringify(training).includes(title)) ?? [];
			assert(stored.length === 1, `the sandbox holds ${stored.length} trainings titled ${title}`);
			return `trainingId ${item.trainingId}; the sandbox holds it`;
		});
	} catch (error) {
		failed = true;
		if (!results.some((r) => !r.ok)) console.log(`FAIL before the steps: ${(error as Error).message}`);
	} finally {
		await world?.sandbox.close();
		await registry?.stop();
		if (failed && session) console.log(`kept for a look: n8n user folder ${session.userFolder}, work folder ${workDir}`);
		else {
			session?.dispose();
			fs.rmSync(workDir, { recursive: true, force: true });
		}
	}
	const passed = results.filter((r) => r.ok).length;
	console.log(`${passed} passed, ${results.length - passed} failed${failed && results.length < 6 ? ' (stopped at the first failure)' : ''}`);
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
