/**
 * What the editor test runs against: the real n8n 2.41.1 (`n8n start`, editor and REST API on a free port, its task
 * broker on another), this package built, packed and installed as a community package, and the sandbox gateway with
 * an employer client whose certificate is made here. Nothing is imported into n8n: the test creates the owner, the
 * credential and the workflow through the editor, as a user does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	buildPackage,
	createSession,
	ensureN8n,
	packPackage,
	seconds,
	startSandboxWorld,
	type N8nSession,
	type RunningN8n,
	type SandboxWorld,
} from '../e2e/n8n';

export interface Stack {
	n8n: RunningN8n;
	session: N8nSession;
	world: SandboxWorld;
	/** The employer's credential fields, as the user types them into the form. */
	employer: { clientId: string; pfx: string; password: string; tokenUrl: string; apiUrl: string; enterpriseNumber: string };
	stop(): Promise<void>;
}

export async function startStack(say: (line: string) => void): Promise<Stack> {
	const install = await ensureN8n();
	let t = Date.now();
	if (process.env.EDITOR_SKIP_BUILD === '1') say('EDITOR_SKIP_BUILD=1: using the existing dist/');
	else {
		const built = buildPackage();
		if (built.exitCode !== 0) throw new Error(`npm run build failed:\n${(built.stdout + built.stderr).trim().split('\n').slice(-20).join('\n')}`);
		say(`npm run build (${seconds(Date.now() - t)})`);
	}
	const session = await createSession(install);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-editor-pack-'));
	t = Date.now();
	const packed = packPackage(workDir);
	const installed = await session.installPackage(packed.tarball);
	fs.rmSync(workDir, { recursive: true, force: true });
	say(`installed ${installed.name}@${installed.version} as a community package in ${session.userFolder} (${seconds(Date.now() - t)})`);
	const world = await startSandboxWorld();
	const data = world.credentials.find((c) => c.data.quality === 'employer')!.data;
	t = Date.now();
	const n8n = await session.start();
	say(`n8n ${install.version} started at ${n8n.url} in ${seconds(Date.now() - t)} (task broker port ${session.env.N8N_RUNNERS_BROKER_PORT}); sandbox at ${world.sandbox.apiUrl}`);
	return {
		n8n,
		session,
		world,
		employer: {
			clientId: data.clientId,
			pfx: data.pfx,
			password: data.pfxPassword,
			tokenUrl: data.tokenUrl,
			apiUrl: data.apiUrl,
			enterpriseNumber: world.clients.employer.enterpriseNumber,
		},
		async stop() {
			await n8n.stop();
			await world.sandbox.close();
		},
	};
}
