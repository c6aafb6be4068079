/**
 * The archive workflows of test/fixtures/workflows (1-archive-before-erasure.json, which sends batches of employers
 * to 1-archive-batch.json) in the real n8n CLI, as a user runs them: imported with `import:workflow`, the batch
 * workflow published (a sub-workflow that a CLI run calls must be published in n8n 2.x), and run with `execute`.
 * Used by the end-to-end resume check (archiveChecks.ts), the demo and the archive benchmark.
 *
 * `runArchive()` spawns `n8n execute` itself (not through N8nSession.executeWorkflow) so that it can watch the
 * n8n process: its peak resident memory (VmHWM of /proc/<pid>/status, read while it runs) and, for the resume
 * checks, kill it with SIGKILL once manifest.csv holds a given number of rows.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CREDENTIAL_IDS, CREDENTIAL_NAMES, REPO_DIR, newId, parseRunOutput, type N8nSession, type Quality, type RunJson } from './n8n';

export const WORKFLOWS_DIR = path.join(REPO_DIR, 'test', 'fixtures', 'workflows');
export const ARCHIVE_FILE = '1-archive-before-erasure.json';
export const BATCH_FILE = '1-archive-batch.json';
export const EXECUTE_WORKFLOW = 'n8n-nodes-base.executeWorkflow';
export const RESOURCES = ['trainings', 'trainingRights', 'trainingCredits', 'optOuts'] as const;

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
export interface WorkflowFile {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	[key: string]: unknown;
}

export interface ArchiveSettings {
	employers?: string;
	employersFile?: string;
	years?: string;
	folder: string;
	batchSize?: number;
}

/**
 * The two archive workflows as they are imported: fresh ids (the parent's Execute Workflow node pointed at the
 * batch workflow's new id), the credential of `quality`, and the Settings given.
 */
export function prepareArchiveWorkflows(quality: Quality, settings: ArchiveSettings, credentialId = CREDENTIAL_IDS[quality]) {
	const read = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowFile;
	const parent = read(ARCHIVE_FILE);
	const batch = read(BATCH_FILE);
	const oldBatchId = batch.id;
	batch.id = newId('batch');
	parent.id = newId('archive');
	for (const workflow of [parent, batch]) {
		for (const node of workflow.nodes) {
			if (node.credentials?.careerProFlaApi) node.credentials.careerProFlaApi = { id: credentialId, name: CREDENTIAL_NAMES[quality] };
			if (node.type === EXECUTE_WORKFLOW) {
				const target = node.parameters.workflowId as { value: string };
				if (target.value !== oldBatchId) throw new Error(`${ARCHIVE_FILE}: "${node.name}" calls ${target.value}, not the batch workflow ${oldBatchId}`);
				node.parameters.workflowId = { ...target, value: batch.id };
			}
			if (node.name !== 'Settings') continue;
			const { assignments } = node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
			for (const assignment of assignments) {
				const value = (settings as unknown as Record<string, unknown>)[assignment.name];
				if (value !== undefined) assignment.value = value;
			}
		}
	}
	return { parent, batch };
}

/** Imports both workflows and publishes the batch workflow; returns the parent's id. */
export async function importArchive(session: N8nSession, workDir: string, workflows: { parent: WorkflowFile; batch: WorkflowFile }): Promise<string> {
	for (const workflow of [workflows.batch, workflows.parent]) {
		const file = path.join(workDir, `${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow));
		const imported = await session.importWorkflow(file);
		if (imported.exitCode !== 0) throw new Error(`import:workflow ${workflow.name} failed: ${(imported.stdout + imported.stderr).trim().split('\n').slice(-5).join('\n')}`);
	}
	const published = await session.publishWorkflow(workflows.batch.id);
	if (published.exitCode !== 0) throw new Error(`publish:workflow ${workflows.batch.name} failed: ${(published.stdout + published.stderr).trim().split('\n').slice(-5).join('\n')}`);
	return workflows.parent.id;
}

/**
 * n8n 2.41 runs the published version of a sub-workflow called by a CLI run. `publish:workflow` marks the version
 * published in the database, but the publication service (on by default) reads its own table, which only the
 * editor's Publish button fills; without the service, n8n reads the published version from the workflow itself.
 * Runs from the editor (manual runs) use the sub-workflow as saved and need neither.
 */
export const ARCHIVE_ENV = { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' };

export interface ArchiveRun {
	exitCode: number | null;
	/** Killed by us (SIGKILL) once the manifest held `killAfterRows` rows. */
	killed: boolean;
	ms: number;
	/** Peak resident memory of the n8n process (VmHWM), in MB; 0 where /proc is not available. */
	peakRssMb: number;
	/** Peak resident memory of n8n's task runner processes (the Code nodes run there), in MB. */
	runnerPeakRssMb: number;
	json?: RunJson;
	summary?: Record<string, unknown>;
	stdout: string;
	stderr: string;
}

function vmHwmMb(pid: number): number {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
		return Math.round(kb / 1024);
	} catch {
		return 0;
	}
}

function childrenOf(pid: number): number[] {
	try {
		return fs
			.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}

/** Data rows in manifest.csv (its lines, without the header), 0 when it does not exist. */
export function manifestRowCount(folder: string): number {
	try {
		const text = fs.readFileSync(path.join(folder, 'manifest.csv'), 'utf8');
		return Math.max(0, text.split('\n').filter((line) => line.trim() !== '').length - 1);
	} catch {
		return 0;
	}
}

/**
 * `n8n execute --id=<id> --rawOutput` against the session's user folder, watching memory; with `killAfterRows`, the
 * n8n process (and its task runner) is killed with SIGKILL once manifest.csv in `folder` holds that many rows.
 */
export async function runArchive(
	session: N8nSession,
	id: string,
	options: { folder: string; killAfterRows?: number; timeoutMs?: number; nodeOptions?: string[]; env?: NodeJS.ProcessEnv },
): Promise<ArchiveRun> {
	const started = Date.now();
	const child = spawn(session.install.nodeBin, [...(options.nodeOptions ?? []), session.install.n8nBin, 'execute', `--id=${id}`, '--rawOutput'], {
		env: { ...session.env, ...ARCHIVE_ENV, ...options.env },
		cwd: session.userFolder,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
	let peak = 0;
	let runnerPeak = 0;
	let killed = false;
	const pid = child.pid!;
	const kill = () => {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			child.kill('SIGKILL');
		}
	};
	const timer = setInterval(() => {
		peak = Math.max(peak, vmHwmMb(pid));
		for (const runner of childrenOf(pid)) runnerPeak = Math.max(runnerPeak, vmHwmMb(runner), ...childrenOf(runner).map(vmHwmMb));
		if (options.killAfterRows !== undefined && !killed && manifestRowCount(options.folder) >= options.killAfterRows) {
			killed = true;
			kill();
		}
		if (Date.now() - started > (options.timeoutMs ?? 3_600_000)) kill();
	}, 100);
	const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
	clearInterval(timer);
	// The task runner is a child of n8n: make sure nothing of the process group is left.
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
	const out = Buffer.concat(stdout).toString('utf8');
	const json = killed ? undefined : parseRunOutput(out);
	const runs = json?.data.resultData.runData['Summary'];
	const summary = runs?.[runs.length - 1]?.data?.main?.[0]?.[0]?.json;
	return {
		exitCode,
		killed,
		ms: Date.now() - started,
		peakRssMb: peak,
		runnerPeakRssMb: runnerPeak,
		json,
		summary,
		stdout: out,
		stderr: Buffer.concat(stderr).toString('utf8'),
	};
}

/** The latest row of each employer and resource in manifest.csv, keyed `<enterpriseNumber> <resource>`. */
export function readManifest(folder: string): Map<string, Record<string, string>> {
	const file = path.join(folder, 'manifest.csv');
	const latest = new Map<string, Record<string, string>>();
	if (!fs.existsSync(file)) return latest;
	const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
	for (const row of rows) {
		const record = Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
		latest.set(`${record.enterpriseNumber} ${record.resource}`, record);
	}
	return latest;
}

/** RFC 4180 rows (quotes, CRLF; comma unless told), BOM tolerated; blank lines left out. */
export function parseCsv(source: string, delimiter = ','): string[][] {
	const text = source.replace(/^\uFEFF/, '');
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === delimiter) {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			if (row.some((f) => f !== '')) rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	row.push(field);
	if (row.some((f) => f !== '')) rows.push(row);
	return rows;
}
