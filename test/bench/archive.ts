/**
 * `npm run bench -- --archive`: the archive of E client employers (test/fixtures/workflows/1-archive-before-erasure
 * with its sub-workflow 1-archive-batch) in the real n8n CLI, against a plain client (archivePlain.ts: fetch and fs)
 * reading and writing the same data, on the sandbox with 20 ms per request. Each employer holds 30 trainings, 5
 * training rights, and training credits and opt-outs in every year the FLA holds (2023 to 2026, as the workflow is
 * shipped): 10 requests per employer (the workflows read them with one Employer > Export item per employer). Both
 * clients write the same files and check each one read back from disk against the SHA-256 of what was written.
 *
 * The sandbox runs in this process; n8n and the plain client each run in their own process, whose peak resident
 * memory is read from the kernel (n8n: VmHWM of /proc/<pid>/status while it runs; the plain child: getrusage).
 * n8n's wall time is that of `n8n execute`, start-up included. Last, a kill-and-resume check: the archive of the
 * smallest E is killed (SIGKILL) once a third of its manifest is written and run again; resumed_ok is true when the
 * second run ends complete and verified, having read each employer the first run left unfinished exactly once and no
 * other. The last line:
 *   archive: employers=<largest E> records=<records at that E> ratio=<node/plain at 2000, else the smallest E>
 *            rss_mb=<n8n peak at the largest E> resumed_ok=<true|false>
 *
 * Options: --employers=2000,20000  --latency=20  --concurrency=5  --batch-size=100 (employers per sub-workflow run)
 *          --plain-up-to=<E> (plain runs only up to this E; default: all)  --resume=<E> (0: no resume check)
 *          --years=2023,2024,2025,2026 (default: every year the FLA holds)
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { YEARS_HELD } from '../../nodes/CareerProFla/shared/contract';
import { CONCURRENCY, NODE_OPTIONS } from '../../nodes/CareerProFla/shared/transport';
import { importArchive, prepareArchiveWorkflows, readManifest, RESOURCES, runArchive, type ArchiveRun } from '../e2e/archive';
import { buildPackage, createSession, ensureN8n, newId, packPackage, startSandboxWorld, type N8nSession } from '../e2e/n8n';
import { archiveData, expectedCounts } from '../sandbox/archiveSeed';
import type { Sandbox } from '../sandbox/server';
import type { PlainArchiveReport, PlainArchiveRequest } from './archivePlain';

interface Options {
	sizes: number[];
	latencyMs: number;
	concurrency: number;
	batchSize: number;
	plainUpTo: number;
	resume: number;
	years: number[];
}

function options(argv: string[]): Options {
	const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const whole = (text: string | undefined, fallback: number, name: string) => {
		if (text === undefined || text === '') return fallback;
		const value = Number(text);
		if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, not ${JSON.stringify(text)}`);
		return value;
	};
	const list = (text: string, name: string) => text.split(',').map((s) => whole(s.trim(), 0, name));
	const sizes = list(flag('employers') ?? process.env.BENCH_EMPLOYERS ?? '2000,20000', 'employers');
	if (!sizes.length || sizes.some((s) => s < 1)) throw new Error('--employers must list whole numbers above 0, e.g. 2000,20000');
	const concurrency = whole(flag('concurrency'), CONCURRENCY.default, 'concurrency');
	if (concurrency < 1 || concurrency > CONCURRENCY.max) throw new Error(`--concurrency must be from 1 to ${CONCURRENCY.max}`);
	return {
		sizes,
		latencyMs: whole(flag('latency') ?? process.env.BENCH_LATENCY_MS, 20, 'latency'),
		concurrency,
		batchSize: whole(flag('batch-size'), 100, 'batch-size') || 100,
		plainUpTo: whole(flag('plain-up-to'), Math.max(...sizes), 'plain-up-to'),
		resume: whole(flag('resume'), Math.min(...sizes), 'resume'),
		years: list(flag('years') ?? YEARS_HELD.join(','), 'years'),
	};
}

const say = (line: string) => console.log(line);
const s1 = (ms: number) => (ms / 1000).toFixed(1);

/** The archive workflows with the bench's Settings and the node's concurrency, imported; returns the parent's id. */
async function importFor(session: N8nSession, work: string, employers: string[], folder: string, opts: Options): Promise<string> {
	fs.mkdirSync(folder, { recursive: true });
	const employersFile = path.join(folder, '..', `${path.basename(folder)}-employers.csv`);
	fs.writeFileSync(employersFile, 'enterpriseNumber\n' + employers.join('\n') + '\n');
	const workflows = prepareArchiveWorkflows('provider', { employers: '', employersFile, folder, years: opts.years.join(', '), batchSize: opts.batchSize });
	// The example as shipped; only a --concurrency other than the node's default is set (its option Max Concurrent Requests).
	for (const node of workflows.batch.nodes) {
		if (node.type.endsWith('.careerProFla') && opts.concurrency !== CONCURRENCY.default) node.parameters[NODE_OPTIONS] = { maxConcurrency: opts.concurrency };
	}
	return await importArchive(session, work, workflows);
}

/** The wall time of `n8n execute` for a workflow that does nothing: n8n's start-up and shut-down. */
async function n8nStartUp(session: N8nSession, work: string): Promise<number> {
	const id = newId('startup');
	const file = path.join(work, `${id}.json`);
	const workflow = {
		id,
		name: 'n8n start-up',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [{ id: newId('node'), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
	};
	fs.writeFileSync(file, JSON.stringify(workflow));
	const imported = await session.importWorkflow(file);
	if (imported.exitCode !== 0) throw new Error(`import:workflow of the start-up workflow failed: ${imported.stderr}`);
	const run = await session.executeWorkflow(id);
	if (run.exitCode !== 0) throw new Error(`the start-up workflow failed: ${run.error?.message ?? run.stderr.slice(-500)}`);
	return run.ms;
}

function runPlain(request: PlainArchiveRequest): Promise<PlainArchiveReport> {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'archivePlain.ts'), [], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let answer: { report?: PlainArchiveReport; error?: string } | undefined;
		child.on('message', (message: typeof answer) => (answer = message));
		child.on('exit', (code) => (answer?.report ? resolve(answer.report) : reject(new Error(`the plain client failed: ${answer?.error ?? `exit code ${code}`}`))));
		child.send(request);
	});
}

function summaryOf(run: ArchiveRun) {
	return run.summary as { employers: number; done: number; failed: number; verified: boolean; records: Record<string, number>; alreadyCompleteBeforeThisRun: number } | undefined;
}

function failureOf(run: ArchiveRun): string {
	const error = run.json?.data.resultData.error;
	if (error) return `${error.node?.name ?? ''}: ${error.message ?? ''}`;
	return `exit ${run.exitCode}: ${(run.stdout + run.stderr).trim().split('\n').slice(-8).join(' | ')}`;
}

export async function archiveBench(argv: string[]): Promise<void> {
	const opts = options(argv);
	const started = Date.now();
	const largest = Math.max(...opts.sizes);
	const seeded = Math.max(largest, opts.resume);
	say(`Archive benchmark: E = ${opts.sizes.join(', ')} employers; sandbox latency ${opts.latencyMs} ms; ${opts.concurrency} requests at a time for both clients; ${opts.batchSize} employers per sub-workflow run; years ${opts.years.join(', ')}`);
	say(`machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

	const install = await ensureN8n();
	const built = buildPackage();
	if (built.exitCode !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fla-archive-bench-'));
	const session = await createSession(install);
	await session.installPackage(packPackage(work).tarball);
	const world = await startSandboxWorld();
	const sandbox = world.sandbox as unknown as Sandbox;
	try {
		const seedStarted = Date.now();
		const data = archiveData({ employers: seeded, years: opts.years });
		sandbox.seed(data);
		const provider = sandbox.clients().find((c) => c.quality === 'provider')!;
		sandbox.addClient({ ...provider, mandates: data.employers });
		const credentials = path.join(work, 'credentials.json');
		fs.writeFileSync(credentials, JSON.stringify(world.credentials));
		const imported = await session.importCredentials(credentials);
		if (imported.exitCode !== 0) throw new Error(`import:credentials failed: ${imported.stderr}`);
		fs.rmSync(credentials);
		const credential = world.credentials.find((c) => c.data.quality === 'provider')!.data;
		const perEmployer = 2 + 2 * opts.years.length;
		const recordsPerEmployer = Object.values(expectedCounts(data, data.employers[0])).reduce((a, b) => a + b, 0);
		say(`sandbox seeded with ${seeded} employers (${data.trainings.length} trainings, ${data.trainingRights.length} rights, ${data.optOuts.length} opt-outs) in ${s1(Date.now() - seedStarted)} s; ${perEmployer} requests and ${recordsPerEmployer} records per employer`);
		sandbox.setKnobs({ latencyMs: opts.latencyMs });
		const startUpMs = await n8nStartUp(session, work);
		say(`n8n start-up: \`n8n execute\` of a workflow with one Manual Trigger node took ${s1(startUpMs)} s (part of every node time below)`);

		const results = new Map<number, { node?: ArchiveRun; plain?: PlainArchiveReport; records?: number }>();
		for (const size of opts.sizes) {
			const employers = data.employers.slice(0, size);
			const result: { node?: ArchiveRun; plain?: PlainArchiveReport; records?: number } = {};
			results.set(size, result);

			sandbox.reset({ stats: true, tokens: false });
			const folder = path.join(session.filesDir, `archive-${size}`);
			const id = await importFor(session, work, employers, folder, opts);
			const run = await runArchive(session, id, { folder, timeoutMs: 6 * 3600_000 });
			const summary = summaryOf(run);
			const requests = sandbox.stats().apiRequests;
			if (run.exitCode !== 0 || !summary) throw new Error(`the n8n run of ${size} failed: ${failureOf(run)}`);
			const records = Object.values(summary.records).reduce((a, b) => a + b, 0);
			result.node = run;
			result.records = records;
			say(
				`node  E=${size}: ${s1(run.ms)} s (n8n execute, start-up included), ${requests} requests, ${(requests / (run.ms / 1000)).toFixed(0)} requests/s, ` +
					`${records} records, done ${summary.done}, failed ${summary.failed}, verified ${summary.verified}; peak RSS n8n ${run.peakRssMb} MB, task runner ${run.runnerPeakRssMb} MB; ` +
					`${s1((run.ms / size) * 1000)} s per 1000 employers`,
			);
			fs.rmSync(folder, { recursive: true, force: true });

			if (size <= opts.plainUpTo) {
				sandbox.reset({ stats: true, tokens: false });
				const plainFolder = path.join(work, `plain-${size}`);
				fs.mkdirSync(plainFolder, { recursive: true });
				const plain = await runPlain({ employers, years: opts.years, folder: plainFolder, concurrency: opts.concurrency, batchSize: opts.batchSize, credential: credential as Record<string, string> });
				const plainRequests = sandbox.stats().apiRequests;
				const plainRecords = Object.values(plain.records).reduce((a, b) => a + b, 0);
				result.plain = plain;
				say(
					`plain E=${size}: ${s1(plain.ms)} s, ${plainRequests} requests, ${(plainRequests / (plain.ms / 1000)).toFixed(0)} requests/s, ${plainRecords} records, done ${plain.done}, failed ${plain.failed}; ` +
						`peak RSS ${plain.maxRssMb} MB${plain.firstFailure ? `; first failure: ${plain.firstFailure}` : ''}`,
				);
				if (plainRecords !== records) say(`  note: the plain client wrote ${plainRecords} records, the workflow ${records}`);
				say(`ratio E=${size}: node/plain ${(run.ms / plain.ms).toFixed(2)} (${((run.ms - startUpMs) / plain.ms).toFixed(2)} without n8n's start-up)`);
				fs.rmSync(plainFolder, { recursive: true, force: true });
			}
		}

		// Kill and resume.
		let resumedOk = false;
		if (opts.resume > 0) {
			const size = opts.resume;
			const employers = data.employers.slice(0, size);
			const folder = path.join(session.filesDir, `resume-${size}`);
			const id = await importFor(session, work, employers, folder, opts);
			const killAt = Math.round((size * RESOURCES.length) / 3);
			sandbox.reset({ stats: true, tokens: false });
			const first = await runArchive(session, id, { folder, killAfterRows: killAt, timeoutMs: 6 * 3600_000 });
			const afterKill = { ...sandbox.stats().requestsByEnterprise };
			const manifest = readManifest(folder);
			const complete = new Set(employers.filter((e) => RESOURCES.every((r) => manifest.get(`${e} ${r}`)?.status === 'done')));
			const second = await runArchive(session, id, { folder, timeoutMs: 6 * 3600_000 });
			const after = sandbox.stats().requestsByEnterprise;
			const summary = summaryOf(second);
			const wrong = employers.filter((e) => (after[e] ?? 0) - (afterKill[e] ?? 0) !== (complete.has(e) ? 0 : perEmployer));
			resumedOk =
				first.killed && second.exitCode === 0 && !!summary && summary.done === size && summary.failed === 0 && summary.verified &&
				summary.alreadyCompleteBeforeThisRun === complete.size && wrong.length === 0 && complete.size > 0 && complete.size < size;
			say(
				`resume E=${size}: killed after ${s1(first.ms)} s with ${complete.size} employers complete; run again: ${s1(second.ms)} s, ` +
					`${summary ? `done ${summary.done}, failed ${summary.failed}, verified ${summary.verified}, skipped ${summary.alreadyCompleteBeforeThisRun}` : failureOf(second)}; ` +
					`employers read other than once after the kill: ${wrong.length} -> resumed_ok=${resumedOk}`,
			);
			fs.rmSync(folder, { recursive: true, force: true });
		}

		const ratioSize = results.get(2000)?.plain ? 2000 : [...results.keys()].filter((k) => results.get(k)?.plain).sort((a, b) => a - b)[0];
		const ratioResult = ratioSize !== undefined ? results.get(ratioSize)! : undefined;
		const ratio = ratioResult?.plain && ratioResult.node ? (ratioResult.node.ms / ratioResult.plain.ms).toFixed(2) : 'n/a';
		const top = results.get(largest)!;
		const sizes = [...results.keys()].sort((a, b) => a - b);
		if (sizes.length > 1) {
			const [a, b] = [sizes[0], sizes[sizes.length - 1]];
			say(`linearity: ${b / a} times the employers took ${(results.get(b)!.node!.ms / results.get(a)!.node!.ms).toFixed(2)} times as long (node)`);
		}
		say(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${s1(Date.now() - started)} s in all`);
		say(`archive: employers=${largest} records=${top.records} ratio=${ratio}${ratioSize !== 2000 && ratioSize !== undefined ? `(E=${ratioSize})` : ''} rss_mb=${top.node?.peakRssMb} resumed_ok=${resumedOk}`);
	} finally {
		await world.sandbox.close();
		session.dispose();
		fs.rmSync(work, { recursive: true, force: true });
	}
}
