/**
 * The main job on the embedded default (README command 1): builds the package, installs it in the real n8n CLI as a
 * community package, starts the sandbox gateway with fresh certificates and realistic data, runs the example
 * workflows "Archive before the erasure" (as a mandatary, for its two client employers, with its sub-workflow "one
 * batch of employers") and "Register trainings from a spreadsheet" (as an employer), and prints what they did and
 * where the files are.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	buildPackage,
	CREDENTIAL_IDS,
	createSession,
	ENTERPRISES,
	ensureN8n,
	newId,
	nodeOutput,
	packPackage,
	REPO_DIR,
	startSandboxWorld,
	type Quality,
} from '../e2e/n8n';
import { importArchive, prepareArchiveWorkflows, runArchive } from '../e2e/archive';

const OUTPUT = path.join(REPO_DIR, '.demo-output');
const WORKFLOWS = path.join(REPO_DIR, 'test', 'fixtures', 'workflows');

interface WorkflowNode {
	name: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

/** A workflow as a user imports it, with its Settings values and its credential set for the demo. */
function prepare(file: string, quality: Quality, settings: Record<string, string>, dir: string): string {
	const workflow = JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as { id: string; nodes: WorkflowNode[] };
	workflow.id = newId('demo');
	for (const node of workflow.nodes) {
		if (node.credentials?.careerProFlaApi) node.credentials.careerProFlaApi = { id: CREDENTIAL_IDS[quality], name: 'CareerPro FLA (sandbox)' };
		if (node.name !== 'Settings') continue;
		const { assignments } = node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
		for (const assignment of assignments) if (assignment.name in settings) assignment.value = settings[assignment.name];
	}
	const target = path.join(dir, file);
	fs.writeFileSync(target, JSON.stringify(workflow));
	return workflow.id;
}

async function main() {
	const started = Date.now();
	const step = (text: string) => console.log(`\n— ${text}`);

	step('Preparing n8n (the first run installs the n8n command line into a cache folder; later runs reuse it)');
	const install = await ensureN8n();
	step('Building and packing the package');
	const built = buildPackage();
	if (built.exitCode !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fla-demo-'));
	const packed = packPackage(work);
	const session = await createSession(install);
	await session.installPackage(packed.tarball);

	step('Starting the sandbox gateway with fresh certificates and demo data');
	const world = await startSandboxWorld();
	try {
		const credentialsFile = path.join(work, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(world.credentials));
		const imported = await session.importCredentials(credentialsFile);
		if (imported.exitCode !== 0) throw new Error(`import:credentials failed: ${imported.stderr}`);

		const archiveDir = path.join(session.filesDir, 'fla-archive');
		const sheetDir = path.join(session.filesDir, 'fla');
		fs.mkdirSync(archiveDir, { recursive: true });
		fs.mkdirSync(sheetDir, { recursive: true });
		fs.copyFileSync(path.join(REPO_DIR, 'test', 'fixtures', 'trainings-sample.csv'), path.join(sheetDir, 'trainings.csv'));

		const summaries: Array<[string, Record<string, unknown>]> = [];
		const archiveTitle = 'Archive before the erasure (a mandatary, for its client employers)';
		step(`Running "${archiveTitle}" in n8n`);
		const archiveId = await importArchive(
			session,
			work,
			prepareArchiveWorkflows('provider', { employers: `${ENTERPRISES.clientA}, ${ENTERPRISES.clientB}`, folder: archiveDir }),
		);
		const archived = await runArchive(session, archiveId, { folder: archiveDir });
		if (archived.exitCode !== 0 || !archived.summary) {
			throw new Error(`the workflow failed: ${archived.json?.data.resultData.error?.message ?? archived.stderr.slice(-2000)}`);
		}
		const { employers, done, failed, records, verified } = archived.summary as Record<string, unknown>;
		summaries.push([archiveTitle, { employers, done, failed, ...(records as Record<string, number>), verified }]);

		const runs = [
			{
				title: 'Register trainings from a spreadsheet (an employer)',
				id: prepare('2-register-from-spreadsheet.json', 'employer', { csvFile: path.join(sheetDir, 'trainings.csv'), reportFolder: sheetDir, enterpriseNumber: ENTERPRISES.employer }, work),
				result: 'Summary',
			},
		];
		for (const run of runs) {
			step(`Running "${run.title}" in n8n`);
			const file = fs.readdirSync(work).find((f) => f.endsWith('.json') && fs.readFileSync(path.join(work, f), 'utf8').includes(run.id))!;
			const importedWorkflow = await session.importWorkflow(path.join(work, file));
			if (importedWorkflow.exitCode !== 0) throw new Error(`import:workflow failed: ${importedWorkflow.stderr}`);
			const executed = await session.executeWorkflow(run.id);
			const [result] = nodeOutput(executed.json, run.result);
			if (executed.exitCode !== 0 || !result) {
				throw new Error(`the workflow failed: ${executed.error?.message ?? executed.stderr.slice(-2000)}`);
			}
			summaries.push([run.title, result]);
		}

		fs.rmSync(OUTPUT, { recursive: true, force: true });
		fs.cpSync(session.filesDir, OUTPUT, { recursive: true });
		const stats = world.sandbox.stats();
		console.log('\n================ Summary ================');
		for (const [title, result] of summaries) {
			console.log(`\n${title}`);
			for (const [key, value] of Object.entries(result)) {
				if (key === 'folder' || key === 'report') continue;
				console.log(`  ${key.padEnd(16)} ${String(value)}`);
			}
		}
		// The archive as someone opens it after 1 January 2027: checked and read with the package's own command,
		// without n8n or the gateway.
		const archiveCopy = path.join(OUTPUT, 'fla-archive');
		const command = path.join(REPO_DIR, 'archive', 'dist', 'cli.js');
		const verify = spawnSync(process.execPath, [command, 'verify', archiveCopy], { encoding: 'utf8' });
		console.log(`\n$ npx careerpro-fla-archive verify ${path.relative(REPO_DIR, archiveCopy)}   (exit code ${verify.status})`);
		console.log((verify.stdout + verify.stderr).trim().replace(/^/gm, '  '));
		const report = spawnSync(process.execPath, [command, 'report', archiveCopy], { encoding: 'utf8' });
		console.log(`$ npx careerpro-fla-archive report ${path.relative(REPO_DIR, archiveCopy)}   (exit code ${report.status})`);
		console.log((report.stdout + report.stderr).trim().replace(/^/gm, '  '));
		if (verify.status !== 0 || report.status !== 0) throw new Error('the archive did not verify: see the lines above');
		console.log(`\nSandbox: ${stats.apiRequests} API requests, ${stats.tokensIssued} tokens issued`);
		console.log(`Files written to ${OUTPUT}:`);
		for (const file of listFiles(OUTPUT)) console.log(`  ${path.relative(REPO_DIR, file)}`);
		console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
	} finally {
		await world.sandbox.close();
		session.dispose();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

function listFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(full) : [full];
	});
}

main().catch((error: Error) => {
	console.error(`\nThe demo failed: ${error.message}`);
	process.exit(1);
});
