/**
 * The real n8n CLI, as a user runs it: installed once into a cache folder outside the repository, then driven with
 * its own commands (`import:credentials`, `import:workflow`, `execute`, `start`) against a fresh user folder, with
 * the built package installed the way n8n installs a community package.
 *
 * Facts this file relies on (read from n8n 2.41.1's own sources in the installed `node_modules/n8n/dist`):
 * - n8n 2.x needs Node >= 24. The npm package `node-<platform>-<arch>@24` ships a Node 24 binary and its headers;
 *   with that binary first on PATH and `npm_config_nodedir` pointing at it, `npm install n8n --ignore-scripts`
 *   works, and `npm rebuild sqlite3 --build-from-source` compiles the only native module n8n needs without
 *   downloading anything (prebuild-install would try github.com; node-gyp would try nodejs.org for headers).
 * - Community packages are loaded from `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-*` (and
 *   `@scope/n8n-nodes-*`) by the `community-packages` backend module (`scanDirectoryForPackages`), for every
 *   command including `execute`, unless N8N_COMMUNITY_PACKAGES_PREVENT_LOADING is true. n8n installs a package
 *   there by extracting its tarball into `nodes/node_modules/<name>`, dropping dev/peer/optional dependencies from
 *   its package.json and running `npm install --install-strategy=shallow --ignore-scripts=true ...` inside it;
 *   `installPackage()` below does exactly that with our own tarball.
 * - `import:credentials --input=F` takes a JSON array of `{ id, name, type, data }` with `data` as a plain object:
 *   n8n encrypts it with the instance key on import. Without --userId/--projectId everything goes to the owner's
 *   personal project (a shell owner exists from the first migration).
 * - `execute --id ID --rawOutput` logs the run (`IRun`) as `JSON.stringify(run, null, 2)` on stdout, also when the
 *   run failed (then after "Execution error:" and with exit code 1). It starts at a Manual Trigger or an Execute
 *   Workflow Trigger node only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { ENTERPRISES, makeClient } from '../support/clients';

export const N8N_VERSION = '2.41.1';
export const NODE_MAJOR = 24;

export interface N8nInstall {
	/** The n8n CLI script (`node_modules/n8n/bin/n8n`): run it with `nodeBin`. */
	n8nBin: string;
	/** Node 24, from the `node-<platform>-<arch>` npm package. */
	nodeBin: string;
	/** Base environment for anything that runs with this Node: its bin first on PATH, npm's own variables removed. */
	env: NodeJS.ProcessEnv;
	version: string;
	/** The cache folder holding this install. */
	dir: string;
}

export interface CliResult {
	exitCode: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface ExecuteResult extends CliResult {
	/** The run data (`IRun`) that `execute --rawOutput` printed, when it could be found. */
	json?: RunJson;
	/** The workflow error (`data.resultData.error`), if the run failed. */
	error?: { message?: string; description?: string; node?: { name?: string } } & Record<string, unknown>;
}

export interface RunJson {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ executionStatus?: string; error?: unknown; data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
			lastNodeExecuted?: string;
			error?: ExecuteResult['error'];
		};
	};
}

export const say = (message: string) => console.log(`[n8n] ${message}`);

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/* ----------------------------------------------------------------------------------------------------------------
 * Install
 * ------------------------------------------------------------------------------------------------------------- */

/** `${N8N_E2E_CACHE_DIR}` or `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-careerpro-fla`. */
export function cacheRoot(): string {
	if (process.env.N8N_E2E_CACHE_DIR) return path.resolve(process.env.N8N_E2E_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-careerpro-fla');
}

/**
 * The environment without what `npm run` injects (`npm_config_*`, `npm_package_*`, ...): inherited, those would make
 * a nested npm use this project's settings (its .npmrc's ignore-scripts, its prefix) instead of the cache folder's.
 */
export function cleanEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(base)) {
		if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
		env[key] = value;
	}
	return env;
}

function runtimeEnv(runtimeDir: string): NodeJS.ProcessEnv {
	const env = cleanEnv();
	env.PATH = [path.join(runtimeDir, 'bin'), env.PATH ?? ''].join(path.delimiter);
	// node-gyp takes the headers from here instead of downloading them from nodejs.org.
	env.npm_config_nodedir = runtimeDir;
	return env;
}

/** Runs a command, output to a log file, printing a line every 30 s so a user knows it is still working. */
export async function runLogged(
	label: string,
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<number> {
	const started = Date.now();
	const log = fs.openSync(options.logFile, 'a');
	fs.writeSync(log, `\n$ ${command} ${args.join(' ')}\n`);
	const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', log, log] });
	const timer = setInterval(() => say(`  ... ${label}: ${seconds(Date.now() - started)} so far (log: ${options.logFile})`), 30_000);
	try {
		const code = await new Promise<number>((resolve, reject) => {
			child.on('error', reject);
			child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
		});
		if (code !== 0) {
			const tail = fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-25).join('\n');
			throw new Error(`${label} failed (exit ${code}); last lines of ${options.logFile}:\n${tail}`);
		}
		say(`  ${label}: done in ${seconds(Date.now() - started)}`);
		return Date.now() - started;
	} finally {
		clearInterval(timer);
		fs.closeSync(log);
	}
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** A lock folder so two runs do not install into the same cache folder at once. */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
	let waited = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
			if (pid && !pidAlive(pid)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!waited) say(`another process (pid ${pid || '?'}) is installing n8n into ${path.dirname(lockDir)}; waiting`);
			waited = true;
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

export function writeJson(file: string, value: unknown) {
	fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

export function checkBuildTools(nodeMajor = NODE_MAJOR) {
	const missing = ['make', 'g++', 'python3'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
	if (missing.length) {
		throw new Error(
			`building sqlite3 for Node ${nodeMajor} needs ${missing.join(', ')} (node-gyp compiles it from source; ` +
				'no prebuilt binary can be downloaded here). Install them (e.g. apt-get install build-essential python3) and re-run.',
		);
	}
}

export function versionOf(install: Pick<N8nInstall, 'nodeBin' | 'n8nBin' | 'env'>): string {
	const result = spawnSync(install.nodeBin, [install.n8nBin, '--version'], { env: install.env, encoding: 'utf8', timeout: 120_000 });
	if (result.status !== 0) throw new Error(`n8n --version failed (exit ${result.status}): ${result.stderr || result.stdout}`);
	return result.stdout.trim().split('\n').pop() ?? '';
}

/**
 * Installs the real n8n CLI (pinned `N8N_VERSION`) and a Node 24 to run it into the cache folder, once. A marker file
 * written after a verified install makes later calls return at once. The first install takes a few minutes and
 * about 3 GB.
 */
export async function ensureN8n(): Promise<N8nInstall> {
	const dir = path.join(cacheRoot(), `n8n-${N8N_VERSION}`);
	const runtimePackage = `node-${process.platform}-${process.arch}`;
	const runtimeDir = path.join(dir, 'runtime', 'node_modules', runtimePackage);
	const appDir = path.join(dir, 'app');
	const marker = path.join(dir, 'installed.json');
	const install: N8nInstall = {
		n8nBin: path.join(appDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: path.join(runtimeDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'),
		env: runtimeEnv(runtimeDir),
		version: N8N_VERSION,
		dir,
	};
	const ready = () => fs.existsSync(marker) && fs.existsSync(install.nodeBin) && fs.existsSync(install.n8nBin);
	if (ready()) return install;

	fs.mkdirSync(dir, { recursive: true });
	return withLock(path.join(dir, '.lock'), async () => {
		if (ready()) return install;
		const started = Date.now();
		const logFile = path.join(dir, 'install.log');
		say(`installing n8n ${N8N_VERSION} into ${dir}`);
		say(`(once: a Node ${NODE_MAJOR} runtime, n8n's ~2400 packages, and sqlite3 compiled from source; a few minutes and ~3 GB)`);
		checkBuildTools();
		const npmEnv = { ...install.env };

		// 1. Node 24 (binary + headers), installed with whatever Node runs this script.
		const runtimeRoot = path.join(dir, 'runtime');
		fs.mkdirSync(runtimeRoot, { recursive: true });
		if (!fs.existsSync(install.nodeBin)) {
			writeJson(path.join(runtimeRoot, 'package.json'), { name: 'n8n-e2e-runtime', private: true });
			say(`step 1/4: npm install ${runtimePackage}@${NODE_MAJOR} (Node ${NODE_MAJOR} binary and headers)`);
			await runLogged(`${runtimePackage}@${NODE_MAJOR}`, 'npm', ['install', `${runtimePackage}@${NODE_MAJOR}`, '--ignore-scripts', '--no-audit', '--no-fund'], {
				cwd: runtimeRoot,
				env: cleanEnv(),
				logFile,
			});
		}
		const nodeVersion = spawnSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${install.nodeBin} is ${nodeVersion || 'not runnable'}, not Node ${NODE_MAJOR}`);

		// 2. n8n itself, with Node 24 first on PATH so npm resolves engines for it; no install scripts.
		fs.mkdirSync(appDir, { recursive: true });
		writeJson(path.join(appDir, 'package.json'), { name: 'n8n-e2e-app', private: true });
		say(`step 2/4: npm install n8n@${N8N_VERSION} --ignore-scripts (Node ${nodeVersion}; about 2-3 minutes)`);
		await runLogged(`n8n@${N8N_VERSION}`, 'npm', ['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: appDir,
			env: npmEnv,
			logFile,
		});

		// 3. sqlite3: the install scripts were skipped; compile it against Node 24's headers, never downloading.
		say('step 3/4: npm rebuild sqlite3 --build-from-source (compiles SQLite; about 1-6 minutes)');
		await runLogged(
			'sqlite3 build',
			'npm',
			['rebuild', 'sqlite3', '--build-from-source', '--ignore-scripts=false', '--foreground-scripts'],
			{ cwd: appDir, env: { ...npmEnv, npm_config_build_from_source: 'true', JOBS: String(Math.max(1, os.cpus().length)) }, logFile },
		);
		const probe = spawnSync(install.nodeBin, ['-e', "require('sqlite3'); console.log('ok')"], { cwd: appDir, env: install.env, encoding: 'utf8' });
		if (probe.stdout.trim() !== 'ok') throw new Error(`sqlite3 does not load in Node ${nodeVersion}: ${probe.stderr}`);

		// 4. It starts.
		say('step 4/4: n8n --version');
		const version = versionOf(install);
		if (version !== N8N_VERSION) throw new Error(`n8n --version says ${JSON.stringify(version)}, expected ${N8N_VERSION}`);
		writeJson(marker, { n8n: version, node: nodeVersion, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) });
		say(`n8n ${version} ready on Node ${nodeVersion} after ${seconds(Date.now() - started)}`);
		return install;
	});
}

/* ----------------------------------------------------------------------------------------------------------------
 * A user folder, and the CLI commands run against it
 * ------------------------------------------------------------------------------------------------------------- */

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/**
 * What every n8n process gets: sqlite in the user folder, loopback only, and nothing that calls home (telemetry,
 * version checks, templates, banners, AI, the MCP registry refresh, verified-package lists).
 */
export function n8nEnv(install: N8nInstall, userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...install.env,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// Refreshes a server list from api.n8n.io at start; nothing here uses it. n8n 1.x has no such module and
		// refuses to start when an unknown module is named.
		...(install.version.startsWith('1.') ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		GENERIC_TIMEZONE: 'Europe/Brussels',
		...extra,
	};
}

/** Finds the run data in `execute --rawOutput` output: the last top-level `{ ... }` block that parses as a run. */
export function parseRunOutput(stdout: string): RunJson | undefined {
	const lines = stdout.split('\n');
	let found: RunJson | undefined;
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].trimEnd() !== '{') continue;
		const end = lines.findIndex((line, j) => j > i && line.trimEnd() === '}');
		if (end < 0) break;
		try {
			const parsed = JSON.parse(lines.slice(i, end + 1).join('\n')) as RunJson;
			if (parsed?.data?.resultData) found = parsed;
		} catch {
			// not the run: a log line that happened to be a brace
		}
		i = end;
	}
	return found;
}

/** The items (their `json`) a node put on its first output in its last run. */
export function nodeOutput(run: RunJson | undefined, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const runs = run?.data.resultData.runData[nodeName];
	const last = runs?.[runs.length - 1];
	return (last?.data?.main?.[output] ?? []).map((item) => item.json);
}

export interface RunningN8n {
	url: string;
	port: number;
	child: ChildProcess;
	/** Everything it printed so far. */
	output(): string;
	stop(): Promise<void>;
}

export interface N8nSession {
	install: N8nInstall;
	userFolder: string;
	/** Where workflows may read and write files (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesDir: string;
	env: NodeJS.ProcessEnv;
	/** Runs `n8n <args>` against this user folder. */
	cli(args: string[], options?: { timeoutMs?: number }): Promise<CliResult>;
	/** Installs a package tarball into `.n8n/nodes` the way n8n installs a community package. */
	installPackage(tarball: string): Promise<{ name: string; version: string; dir: string; ms: number }>;
	importCredentials(file: string): Promise<CliResult>;
	importWorkflow(file: string): Promise<CliResult>;
	/** `publish:workflow` (2.x), or `update:workflow --active=true` on n8n 1.x, which has no publish command. */
	publishWorkflow(id: string): Promise<CliResult>;
	executeWorkflow(id: string, options?: { timeoutMs?: number }): Promise<ExecuteResult>;
	/**
	 * `n8n start` (editor, REST API, production webhooks) on 127.0.0.1; resolves once /healthz/readiness answers.
	 * `command: 'worker'` starts a queue-mode worker instead (`n8n worker <args>`), with its own task-broker port and
	 * its health server on `port` (QUEUE_HEALTH_CHECK_PORT), ready when that answers.
	 */
	start(options?: { port?: number; env?: NodeJS.ProcessEnv; echo?: boolean; timeoutMs?: number; command?: 'start' | 'worker'; args?: string[] }): Promise<RunningN8n>;
	/** Removes the user folder (unless it was given by the caller). */
	dispose(): void;
}

/**
 * Runs `n8n <args>`. Its output goes to files, not pipes: n8n's commands print the run and then call process.exit(),
 * and Node writes to a pipe asynchronously, so a large run printed to a pipe is cut off (seen with 2500 items);
 * writes to a file are synchronous and complete.
 */
function runCli(install: N8nInstall, env: NodeJS.ProcessEnv, args: string[], timeoutMs: number, cwd: string): Promise<CliResult> {
	const started = Date.now();
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-cli-'));
	const outFile = path.join(outDir, 'stdout');
	const errFile = path.join(outDir, 'stderr');
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const collect = () => {
		fs.closeSync(out);
		fs.closeSync(err);
		const texts = { stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8') };
		fs.rmSync(outDir, { recursive: true, force: true });
		return texts;
	};
	return new Promise((resolve, reject) => {
		const child = spawn(install.nodeBin, [install.n8nBin, ...args], { env, cwd, stdio: ['ignore', out, err] });
		let killed = '';
		const timer = setTimeout(() => {
			killed = `\n[n8n.ts] killed after ${seconds(timeoutMs)}\n`;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			collect();
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			const { stdout, stderr } = collect();
			resolve({ exitCode: code, stdout, stderr: stderr + killed, ms: Date.now() - started });
		});
	});
}

function npmInstallInPackage(install: N8nInstall, packageDir: string): Promise<CliResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		// The flags of n8n's CommunityPackagesService.downloadPackage (2.41).
		const args = ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'];
		const child = spawn('npm', args, { cwd: packageDir, env: install.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('close', (code) => resolve({ exitCode: code, stdout, stderr, ms: Date.now() - started }));
	});
}

/**
 * A user folder for n8n: fresh in the system temp folder unless `userFolder` is given (then it is kept and reused,
 * as `npm run dev` does). Every CLI call of the session shares it and a task-broker port of its own, so sessions can
 * run side by side.
 */
export async function createSession(
	install: N8nInstall,
	options: { userFolder?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<N8nSession> {
	const owned = !options.userFolder;
	const userFolder = options.userFolder ? path.resolve(options.userFolder) : fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const filesDir = path.join(userFolder, 'files');
	fs.mkdirSync(filesDir, { recursive: true });
	const env = n8nEnv(install, userFolder, {
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
		...options.env,
	});
	const cli = (args: string[], o: { timeoutMs?: number } = {}) => runCli(install, env, args, o.timeoutMs ?? 300_000, userFolder);

	const session: N8nSession = {
		install,
		userFolder,
		filesDir,
		env,
		cli,

		async installPackage(tarball) {
			const started = Date.now();
			const nodesDir = path.join(userFolder, '.n8n', 'nodes');
			fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
			const nodesPackageJson = path.join(nodesDir, 'package.json');
			const manifest = fs.existsSync(nodesPackageJson)
				? (JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8')) as { dependencies?: Record<string, string> })
				: { name: 'installed-nodes', private: true, dependencies: {} };
			// Unpack next to the final place, read the name, then swap it in.
			const staging = fs.mkdtempSync(path.join(nodesDir, '.staging-'));
			const untar = spawnSync('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1']);
			if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${untar.stderr}`);
			const pkgFile = path.join(staging, 'package.json');
			const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as Record<string, unknown> & { name: string; version: string };
			void devDependencies;
			void peerDependencies;
			void optionalDependencies;
			writeJson(pkgFile, pkg);
			const dir = path.join(nodesDir, 'node_modules', pkg.name);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.mkdirSync(path.dirname(dir), { recursive: true });
			fs.renameSync(staging, dir);
			const result = await npmInstallInPackage(install, dir);
			if (result.exitCode !== 0) throw new Error(`npm install in ${dir} failed (exit ${result.exitCode}):\n${result.stderr || result.stdout}`);
			manifest.dependencies = { ...manifest.dependencies, [pkg.name]: pkg.version };
			writeJson(nodesPackageJson, manifest);
			return { name: pkg.name, version: pkg.version, dir, ms: Date.now() - started };
		},

		importCredentials: (file) => cli(['import:credentials', `--input=${path.resolve(file)}`]),
		importWorkflow: (file) => cli(['import:workflow', `--input=${path.resolve(file)}`]),
		// n8n 1.x has no publish:workflow; it activates a workflow with update:workflow --active=true.
		publishWorkflow: (id) => cli(install.version.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]),

		async executeWorkflow(id, o = {}) {
			const result = await cli(['execute', `--id=${id}`, '--rawOutput'], o);
			const json = parseRunOutput(result.stdout);
			return { ...result, json, error: json?.data.resultData.error };
		},

		async start(o = {}) {
			const port = o.port ?? (await freePort());
			if (!(await portIsFree(port))) throw new Error(`port ${port} on 127.0.0.1 is taken; stop what uses it or choose another port`);
			const started = Date.now();
			const command = o.command ?? 'start';
			const listen =
				command === 'worker'
					? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(await freePort()) }
					: { N8N_PORT: String(port) };
			const child = spawn(install.nodeBin, [install.n8nBin, command, ...(o.args ?? [])], {
				env: { ...env, ...listen, ...o.env },
				cwd: userFolder,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let output = '';
			const onData = (chunk: Buffer) => {
				const text = chunk.toString('utf8');
				output += text;
				if (o.echo) {
					const lines = text.split('\n').filter((line) => line.trim() !== '');
					if (lines.length) process.stdout.write(lines.map((line) => `  n8n | ${line}\n`).join(''));
				}
			};
			child.stdout!.on('data', onData);
			child.stderr!.on('data', onData);
			const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
			const url = `http://localhost:${port}`;
			const deadline = Date.now() + (o.timeoutMs ?? 120_000);
			let alive = true;
			void exited.then(() => (alive = false));
			for (;;) {
				if (!alive) throw new Error(`n8n ${command} exited before it was ready:\n${output.split('\n').slice(-30).join('\n')}`);
				try {
					const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
					// n8n 1.x answers readiness once its database is migrated, before its REST routes and webhooks exist;
					// `n8n start` prints "Editor is now accessible via" (1.x and 2.x) once they do.
					if (res.status === 200 && (command !== 'start' || output.includes('Editor is now accessible via'))) break;
				} catch {
					// not listening yet
				}
				if (Date.now() > deadline) {
					child.kill('SIGKILL');
					throw new Error(`n8n ${command} was not ready after ${seconds(Date.now() - started)}:\n${output.split('\n').slice(-30).join('\n')}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			return {
				url,
				port,
				child,
				output: () => output,
				async stop() {
					if (!alive) return;
					child.kill('SIGTERM');
					const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
					await exited;
					clearTimeout(timer);
				},
			};
		},

		dispose() {
			if (owned) fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
	return session;
}

/* ----------------------------------------------------------------------------------------------------------------
 * The package under test
 * ------------------------------------------------------------------------------------------------------------- */

export const REPO_DIR = path.resolve(__dirname, '..', '..');

/** `npm run build` in the repository, with the Node that runs this script (the project's own toolchain). */
export function buildPackage(repoDir = REPO_DIR): CliResult {
	const started = Date.now();
	const result = spawnSync('npm', ['run', 'build', '--ignore-scripts'], { cwd: repoDir, env: cleanEnv(), encoding: 'utf8' });
	return { exitCode: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ms: Date.now() - started };
}

export interface PackedPackage {
	tarball: string;
	name: string;
	version: string;
	files: string[];
	ms: number;
}

/** `npm pack` of the repository into `destination`: the tarball a user would install. */
export function packPackage(destination: string, repoDir = REPO_DIR): PackedPackage {
	const started = Date.now();
	fs.mkdirSync(destination, { recursive: true });
	const result = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: repoDir, env: cleanEnv(), encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack failed (exit ${result.status}): ${result.stderr}`);
	const [info] = JSON.parse(result.stdout) as Array<{ filename: string; name: string; version: string; files: Array<{ path: string }> }>;
	return {
		tarball: path.join(destination, info.filename),
		name: info.name,
		version: info.version,
		files: info.files.map((f) => f.path),
		ms: Date.now() - started,
	};
}

/** A random n8n-style id (alphanumeric, 16 characters). */
export function newId(prefix = ''): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = randomBytes(16);
	let id = prefix;
	for (let i = 0; id.length < 16; i++) id += alphabet[bytes[i % 16] % alphabet.length];
	return id.slice(0, 16);
}

/* ----------------------------------------------------------------------------------------------------------------
 * The owner account and the editor's REST API
 * ------------------------------------------------------------------------------------------------------------- */

/**
 * n8n 2.41 asks for an owner account on the first visit of the editor, unless the owner is managed by environment
 * variables (N8N_INSTANCE_OWNER_MANAGED_BY_ENV, applied at every `n8n start`): then that email and a bcrypt hash of
 * the password are the login. The hash is made with the bcryptjs that n8n itself depends on.
 */
export function ownerEnv(install: N8nInstall, email: string, password: string): NodeJS.ProcessEnv {
	const requireFromN8n = createRequire(path.join(install.dir, 'app', 'package.json'));
	const bcrypt = requireFromN8n('bcryptjs') as { hashSync(password: string, rounds: number): string };
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Local',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Developer',
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
}

/**
 * n8n 1.x has no owner managed by environment variables (ownerEnv is ignored there): a fresh instance takes its owner
 * from `POST /rest/owner/setup`, as the editor's first screen sends it.
 */
export async function setupOwner(baseUrl: string, email: string, password: string): Promise<void> {
	const res = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, firstName: 'Local', lastName: 'Developer', password }),
	});
	if (res.status !== 200) throw new Error(`POST /rest/owner/setup answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

/** Logs in to a running n8n; returns the auth cookie for the REST API. */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
	const res = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (res.status !== 200) throw new Error(`login as ${email} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
	const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.startsWith('n8n-auth=')) throw new Error('login did not set the n8n-auth cookie');
	return cookie;
}

/** The node and credential types the editor offers (`/types/*.json`, what the node panel is built from). */
export async function editorTypes(baseUrl: string, cookie: string): Promise<{ nodes: string[]; credentials: string[] }> {
	const get = async (file: string) => {
		const res = await fetch(`${baseUrl}/types/${file}`, { headers: { cookie } });
		if (res.status !== 200) throw new Error(`GET /types/${file} answered ${res.status}`);
		return (await res.json()) as Array<{ name: string }>;
	};
	return { nodes: (await get('nodes.json')).map((t) => t.name), credentials: (await get('credentials.json')).map((t) => t.name) };
}

/* ----------------------------------------------------------------------------------------------------------------
 * The sandbox gateway, with clients whose certificates are made here
 * ------------------------------------------------------------------------------------------------------------- */

export type Quality = 'employer' | 'provider' | 'trainingProvider';
export const QUALITIES: Quality[] = ['employer', 'provider', 'trainingProvider'];

/** The organisations of the tests (test/support/clients.ts): the sandbox's clients and their employers. */
export { ENTERPRISES };

/** Credential ids the real-n8n runs import (fixtures may reference them; any other id is rebound). */
export const CREDENTIAL_IDS: Record<Quality, string> = {
	employer: 'e2eFlaEmployer01',
	provider: 'e2eFlaMandatary1',
	trainingProvider: 'e2eFlaTrainProv1',
};
export const CREDENTIAL_NAMES: Record<Quality, string> = {
	employer: 'CareerPro FLA sandbox (employer)',
	provider: 'CareerPro FLA sandbox (mandatary)',
	trainingProvider: 'CareerPro FLA sandbox (training provider)',
};

/**
 * A self-signed certificate as the manual allows (RSA 2048, SHA-256, key usage Digital Signature) and its PKCS#12
 * (.pfx) with a password, base64: what a user pastes into the credential (made by test/support/clients.ts).
 */
export function makeClientCertificate(commonName: string, organisation: string, password: string) {
	const client = makeClient('employer', undefined, { clientId: commonName, organization: organisation, pfxPassword: password });
	return { certificatePem: client.certificatePem, pfxBase64: client.pfx };
}

/** The part of test/sandbox/server.ts's `Sandbox` used here. */
export interface SandboxLike {
	tokenUrl: string;
	apiUrl: string;
	trainingProviderApiUrl: string;
	adminUrl: string;
	close(): Promise<void>;
	/** Behind a proxy at this origin: the audience the sandbox accepts becomes the proxy's token URL. */
	announceOrigin(origin: string): void;
	stats(): { tokensIssued: number; tokensByClient: Record<string, number>; apiRequests: number } & Record<string, unknown>;
	requests?(): Array<{ method: string; path: string; status: number | 'dropped'; clientId?: string }>;
	data?(): { trainings: Array<Record<string, unknown>>; trainingRights: Array<Record<string, unknown>> };
}

export interface SandboxWorld {
	sandbox: SandboxLike;
	clients: Record<Quality, { clientId: string; enterpriseNumber: string }>;
	/** The `import:credentials` array: one `careerProFlaApi` credential a quality, pointing at the sandbox. */
	credentials: Array<{ id: string; name: string; type: string; data: Record<string, string> }>;
	/** What was loaded, for the output. */
	notes: string[];
}

/** Something another part of the project has not provided yet: the check that needs it is skipped, not failed. */
export class Missing extends Error {}

/**
 * Starts the sandbox of test/sandbox/server.ts (in this process) with an employer, a mandatary and a training
 * provider, each with a fresh certificate, and the demo data of test/sandbox/seed.ts when that exists. Throws
 * `Missing` when the sandbox is not written yet.
 */
export async function startSandboxWorld(repoDir = REPO_DIR): Promise<SandboxWorld> {
	const serverFile = path.join(repoDir, 'test', 'sandbox', 'server.ts');
	if (!fs.existsSync(serverFile)) throw new Missing('test/sandbox/server.ts does not exist yet');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const server = require(serverFile) as { startSandbox?: (options: Record<string, unknown>) => Promise<SandboxLike> };
	if (typeof server.startSandbox !== 'function') throw new Missing('test/sandbox/server.ts does not export startSandbox()');
	const notes: string[] = [];
	let data: unknown;
	const seedFile = path.join(repoDir, 'test', 'sandbox', 'seed.ts');
	if (fs.existsSync(seedFile)) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const seed = require(seedFile) as { demoData?: () => DemoDataLike };
		if (typeof seed.demoData === 'function') {
			data = reown(seed.demoData(), notes);
		}
	}
	if (!data) notes.push('no seed data (test/sandbox/seed.ts has no demoData())');

	const made = QUALITIES.map((quality) => {
		const enterpriseNumber = ENTERPRISES[quality];
		const clientId = `self_service_chaman_e2e_${quality}_${randomBytes(3).toString('hex')}`;
		const password = `e2e-${randomBytes(6).toString('hex')}`;
		const { certificatePem, pfxBase64 } = makeClientCertificate(clientId, `E2E ${quality}`, password);
		return { quality, enterpriseNumber, clientId, password, certificatePem, pfxBase64 };
	});
	const sandbox = await server.startSandbox({
		clients: made.map((m) => ({
			clientId: m.clientId,
			certificate: m.certificatePem,
			quality: m.quality,
			enterpriseNumber: m.enterpriseNumber,
			...(m.quality === 'provider' ? { mandates: [ENTERPRISES.clientA, ENTERPRISES.clientB] } : {}),
		})),
		...(data ? { data } : {}),
	});
	const clients = Object.fromEntries(made.map((m) => [m.quality, { clientId: m.clientId, enterpriseNumber: m.enterpriseNumber }])) as SandboxWorld['clients'];
	const credentials = made.map((m) => ({
		id: CREDENTIAL_IDS[m.quality],
		name: CREDENTIAL_NAMES[m.quality],
		type: 'careerProFlaApi',
		data: {
			environment: 'custom',
			quality: m.quality,
			clientId: m.clientId,
			scope: '',
			keyFormat: 'pkcs12',
			pfx: m.pfxBase64,
			pfxPassword: m.password,
			privateKey: '',
			tokenUrl: sandbox.tokenUrl,
			apiUrl: m.quality === 'trainingProvider' ? sandbox.trainingProviderApiUrl : sandbox.apiUrl,
		},
	}));
	return { sandbox, clients, credentials, notes };
}

interface DemoDataLike {
	employers?: Array<{ enterpriseNumber: string }>;
	trainingProviders?: Array<{ enterpriseNumber: string }>;
}

/**
 * The demo data's organisations get random enterprise numbers; here the first employers become the e2e employer and
 * the mandatary's two client employers, and the first training provider the e2e training provider, so the example
 * workflows (written for those numbers) find data.
 */
function reown(demo: DemoDataLike, notes: string[]): unknown {
	const map = new Map<string, string>();
	const employers = demo.employers ?? [];
	[ENTERPRISES.employer, ENTERPRISES.clientA, ENTERPRISES.clientB].forEach((target, i) => {
		if (employers[i]) map.set(employers[i].enterpriseNumber, target);
	});
	if (demo.trainingProviders?.[0]) map.set(demo.trainingProviders[0].enterpriseNumber, ENTERPRISES.trainingProvider);
	let text = JSON.stringify(demo);
	for (const [from, to] of map) text = text.split(`"${from}"`).join(`"${to}"`);
	notes.push(`seeded with demoData() of test/sandbox/seed.ts, ${map.size} organisations renumbered to the e2e clients'`);
	return JSON.parse(text);
}

/** What `dist/` must hold for n8n to load the package: the files named in package.json's `n8n` section. */
export function packageEntryFiles(repoDir = REPO_DIR): string[] {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[]; credentials?: string[] } };
	return [...(pkg.n8n?.credentials ?? []), ...(pkg.n8n?.nodes ?? [])];
}
