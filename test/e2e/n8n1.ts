/**
 * The last n8n 1.x (`N8N_1_VERSION`), for the teams that have not moved to 2.x: installed once into the cache folder
 * next to the 2.x install, run with the Node that runs this script (n8n 1.123 accepts Node 20.19 to 24).
 *
 * Facts this file relies on (read from n8n 1.123.81's package.json and sources, and seen while installing it here):
 * - `n8n-nodes-base@1.123.x` depends on `xlsx` by a URL on cdn.sheetjs.com, outside the npm registry; an npm
 *   `overrides` entry in the installing package.json replaces it with the registry's last version (`XLSX_OVERRIDE`).
 * - `sqlite3` is the one native module the CLI needs; it is compiled from source against the running Node's headers,
 *   never downloaded, as for 2.x (`npm_config_nodedir` = the Node's own install prefix when it ships
 *   `include/node/node.h`).
 * - Its default expression engine needs a native module built for Node 22+; `N8N_EXPRESSION_ENGINE=legacy` selects the
 *   engine that runs on Node 20. It is part of this install's base environment, so every n8n command gets it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { cacheRoot, checkBuildTools, cleanEnv, runLogged, say, seconds, versionOf, withLock, writeJson, type N8nInstall } from './n8n';

export const N8N_1_VERSION = '1.123.81';
/** The registry's last `xlsx`, in place of the URL n8n-nodes-base 1.x points at. */
export const XLSX_OVERRIDE = '0.18.5';

/** The install prefix of the running Node when it ships its C headers (node-gyp's `nodedir`), else undefined. */
function hostNodeDir(): string | undefined {
	const prefix = path.dirname(path.dirname(fs.realpathSync(process.execPath)));
	return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

/** Installs n8n `N8N_1_VERSION` into `<cache>/n8n-<version>/app` once; later calls return at once. */
export async function ensureN8n1(): Promise<N8nInstall> {
	const dir = path.join(cacheRoot(), `n8n-${N8N_1_VERSION}`);
	const appDir = path.join(dir, 'app');
	const marker = path.join(dir, 'installed.json');
	const env = cleanEnv();
	env.PATH = [path.dirname(process.execPath), env.PATH ?? ''].join(path.delimiter);
	env.N8N_EXPRESSION_ENGINE = 'legacy';
	const install: N8nInstall = { n8nBin: path.join(appDir, 'node_modules', 'n8n', 'bin', 'n8n'), nodeBin: process.execPath, env, version: N8N_1_VERSION, dir };
	const ready = () => fs.existsSync(marker) && fs.existsSync(install.n8nBin);
	if (ready()) return install;

	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 19) || major > 24) {
		throw new Error(`n8n ${N8N_1_VERSION} runs on Node 20.19 to 24; this is Node ${process.versions.node}. Run the 1.x checks with such a Node.`);
	}
	const nodeDir = hostNodeDir();
	if (!nodeDir) {
		throw new Error(
			`building sqlite3 for n8n ${N8N_1_VERSION} needs the C headers of Node ${process.versions.node} (include/node/node.h next to ${process.execPath}); ` +
				'install Node from nodejs.org or a distribution package that ships them, and re-run.',
		);
	}
	fs.mkdirSync(dir, { recursive: true });
	return withLock(path.join(dir, '.lock'), async () => {
		if (ready()) return install;
		const started = Date.now();
		const logFile = path.join(dir, 'install.log');
		say(`installing n8n ${N8N_1_VERSION} into ${dir} on Node ${process.versions.node} (once: n8n's packages and sqlite3 compiled from source)`);
		checkBuildTools(major);
		const npmEnv = { ...env, npm_config_nodedir: nodeDir };
		fs.mkdirSync(appDir, { recursive: true });
		writeJson(path.join(appDir, 'package.json'), { name: 'n8n-e2e-app-1x', private: true, overrides: { xlsx: XLSX_OVERRIDE } });
		say(`step 1/3: npm install n8n@${N8N_1_VERSION} --ignore-scripts (xlsx overridden to ${XLSX_OVERRIDE})`);
		await runLogged(`n8n@${N8N_1_VERSION}`, 'npm', ['install', `n8n@${N8N_1_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: appDir, env: npmEnv, logFile });
		say('step 2/3: npm rebuild sqlite3 --build-from-source');
		await runLogged('sqlite3 build', 'npm', ['rebuild', 'sqlite3', '--build-from-source', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: appDir,
			env: { ...npmEnv, npm_config_build_from_source: 'true', JOBS: String(Math.max(1, os.cpus().length)) },
			logFile,
		});
		const probe = spawnSync(install.nodeBin, ['-e', "require('sqlite3'); console.log('ok')"], { cwd: appDir, env, encoding: 'utf8' });
		if (probe.stdout.trim() !== 'ok') throw new Error(`sqlite3 does not load in Node ${process.versions.node}: ${probe.stderr}`);
		say('step 3/3: n8n --version');
		const version = versionOf(install);
		if (version !== N8N_1_VERSION) throw new Error(`n8n --version says ${JSON.stringify(version)}, expected ${N8N_1_VERSION}`);
		writeJson(marker, { n8n: version, node: process.version, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) });
		say(`n8n ${version} ready on Node ${process.version} after ${seconds(Date.now() - started)}`);
		return install;
	});
}
