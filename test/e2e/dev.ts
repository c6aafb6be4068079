/**
 * `npm run dev`: the real n8n (the same cached n8n@2.41.1 as `npm run test:e2e`) with its editor on
 * http://localhost:5678 (loopback only), this package built and installed as a community package, the sandbox
 * gateway running, and ready credentials pointing at it, so a person can drag the node into a workflow and try it.
 *
 * State (workflows you build, executions) is kept between runs in an n8n user folder next to the cached n8n
 * (`<cache>/dev-user-folder`; not in the repository, where `n8n start`'s copy of the editor's assets would be linted);
 * the package, the sandbox clients and the credentials are refreshed at every start. The owner account is set by
 * environment variables (N8N_INSTANCE_OWNER_MANAGED_BY_ENV), so there is no setup screen: the login is printed below.
 *
 * Options (environment): N8N_DEV_PORT (default 5678), N8N_DEV_USER_FOLDER (another user folder),
 * DEV_SKIP_BUILD=1 (use the existing dist/), DEV_FRESH=1 (start from an empty user folder), DEV_QUIET=1 (do not
 * echo n8n's own output).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	CREDENTIAL_NAMES,
	Missing,
	QUALITIES,
	REPO_DIR,
	buildPackage,
	cacheRoot,
	createSession,
	ensureN8n,
	login,
	editorTypes,
	ownerEnv,
	packPackage,
	packageEntryFiles,
	seconds,
	startSandboxWorld,
	type RunningN8n,
	type SandboxWorld,
} from './n8n';

const OWNER = { email: 'dev@example.com', password: 'CareerPro-dev-1' };

function step(message: string) {
	console.log(`[dev] ${message}`);
}

async function main() {
	const port = Number(process.env.N8N_DEV_PORT || 5678);
	const userFolder = path.resolve(process.env.N8N_DEV_USER_FOLDER || path.join(cacheRoot(), 'dev-user-folder'));
	if (process.env.DEV_FRESH === '1') fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });

	const install = await ensureN8n();
	const session = await createSession(install, { userFolder, env: ownerEnv(install, OWNER.email, OWNER.password) });

	let t = Date.now();
	if (process.env.DEV_SKIP_BUILD === '1') step('DEV_SKIP_BUILD=1: using the existing dist/');
	else {
		step('npm run build');
		const built = buildPackage();
		if (built.exitCode !== 0) throw new Error(`npm run build failed:\n${(built.stdout + built.stderr).trim().split('\n').slice(-20).join('\n')}`);
		step(`  built in ${seconds(Date.now() - t)}`);
	}
	const missing = packageEntryFiles().filter((file) => !fs.existsSync(path.join(REPO_DIR, file)));
	let packageLoaded = false;
	if (missing.length) {
		step(`NOTE: dist/ lacks ${missing.join(', ')}: the node or credential is not written yet; n8n starts without this package.`);
	} else {
		t = Date.now();
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-dev-'));
		const packed = packPackage(workDir);
		const installed = await session.installPackage(packed.tarball);
		fs.rmSync(workDir, { recursive: true, force: true });
		packageLoaded = true;
		step(`installed ${installed.name}@${installed.version} into ${path.dirname(installed.dir)} (${seconds(Date.now() - t)})`);
	}

	let world: SandboxWorld | undefined;
	try {
		world = await startSandboxWorld();
		step(`sandbox gateway on ${world.sandbox.apiUrl} (${world.notes.join('; ')})`);
	} catch (error) {
		if (!(error instanceof Missing)) throw error;
		step(`NOTE: ${error.message}: no sandbox, no credentials imported.`);
	}
	if (world && packageLoaded) {
		const file = path.join(userFolder, 'credentials.import.json');
		fs.writeFileSync(file, JSON.stringify(world.credentials), { mode: 0o600 });
		const imported = await session.importCredentials(file);
		fs.rmSync(file);
		if (imported.exitCode !== 0) throw new Error(`import:credentials failed:\n${imported.stdout}${imported.stderr}`);
		step(`imported ${world.credentials.length} credentials (${seconds(imported.ms)})`);
	}

	step(`starting n8n on http://localhost:${port} (loopback only)`);
	t = Date.now();
	let server: RunningN8n | undefined;
	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n[dev] ${signal}: stopping n8n and the sandbox`);
		await server?.stop();
		await world?.sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('Ctrl+C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));

	server = await session.start({ port, echo: process.env.DEV_QUIET !== '1' });
	const cookie = await login(server.url, OWNER.email, OWNER.password);
	const types = await editorTypes(server.url, cookie);
	const listed = types.nodes.includes('n8n-nodes-careerpro-fla.careerProFla') && types.credentials.includes('careerProFlaApi');

	const lines = [
		'',
		'='.repeat(100),
		`n8n ${install.version} is ready after ${seconds(Date.now() - t)}: open ${server.url}`,
		`  log in as ${OWNER.email} / ${OWNER.password} (a local owner account set by this script; loopback only)`,
		packageLoaded
			? `  the node "CareerPro FLA" is ${listed ? 'in the node panel' : 'NOT listed by the editor (see the n8n output above)'}: add a node, search "CareerPro"`
			: '  this package is not loaded (dist/ lacks the node or the credential)',
		...(world && packageLoaded
			? [
					'  ready credentials (Overview > Credentials), all pointing at the sandbox:',
					...QUALITIES.map((q) => `    - ${CREDENTIAL_NAMES[q]}   client ${world!.clients[q].clientId}, enterprise ${world!.clients[q].enterpriseNumber}`),
					`  the sandbox: API ${world.sandbox.apiUrl}, training providers ${world.sandbox.trainingProviderApiUrl}`,
					`               token ${world.sandbox.tokenUrl}, admin ${world.sandbox.adminUrl}`,
					"  n8n's HTTP Request node can use them too: Authentication 'Predefined Credential Type' > 'CareerPro FLA'",
				]
			: []),
		`  n8n user folder (kept between runs; DEV_FRESH=1 starts over): ${userFolder}`,
		'  Ctrl+C stops n8n and the sandbox.',
		'='.repeat(100),
	];
	console.log(lines.join('\n'));
	const code = await new Promise<number | null>((resolve) => server!.child.on('exit', resolve));
	if (!stopping) {
		console.log(`[dev] n8n exited (code ${code})`);
		await world?.sandbox.close();
		process.exit(code ?? 1);
	}
}

main().catch((error: unknown) => {
	console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
