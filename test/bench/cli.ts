/**
 * `npm run bench -- --cli`: the node in the engine users run, against what they would pick instead, in one run.
 *
 * The real n8n 2.41.1 command line (`n8n execute`, default settings, as the e2e suite installs it, the package
 * installed as the community-nodes UI installs it), so expressions are evaluated by n8n's default expression engine
 * (`vm`: isolates; `N8N_EXPRESSION_ENGINE` chooses another). The sandbox answers in this process with a set latency.
 * One workflow per variant, each a Code node making N rows (digits, ISO dates: formats both senders take as they are)
 * and the sender:
 *   node mapped     CareerPro FLA Training > Create, its 7 fields mapped with `{{ $json.x }}`, default options
 *   node constant   the same node with every field constant (no expression), in version 1 (Always Create: the rows
 *                   are all the same training, which version 2's Skip would send once)
 *   http mapped     n8n's HTTP Request node with the package's credential (predefined credential type), the URL and
 *                   the JSON body each from one expression: the same POST per row
 *   http batched    the same, with the option Batching, 5 items per batch
 *   http constant   the same request with a constant URL and body: n8n's own floor for one request per item
 * Each figure is the whole `n8n execute` process tree's CPU (user + system of every process it waited for, from the
 * shell's `times`) less the same workflow run with no rows (start-up, loading, the Code node's task runner).
 * Every variant must store its N trainings in the sandbox, or the run counts as failed.
 *
 * Options: --items=2000 (BENCH_CLI_ITEMS)  --latency=20 (BENCH_LATENCY_MS)  --repeat=1 (each variant run that many
 * times, the best CPU kept). BENCH_SKIP_BUILD=1 uses the existing dist/.
 * Last line: cli: engine=<n8n's expression engine> items=<N> node_cpu_ms=<node mapped, per item>
 *   http_cpu_ms=<the HTTP Request node's best with expressions, per item> peer_cpu_ratio= peer_wall_ratio=<whole runs'
 *   wall time, start-up included>
 *   const_floor_ratio=<node constant / http constant, CPU per item> auto_floor_ratio=<not measured: no automatic mapping yet>
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { PATHS } from '../../nodes/CareerProFla/shared/contract';
import {
	CREDENTIAL_IDS,
	CREDENTIAL_NAMES,
	buildPackage,
	createSession,
	ensureN8n,
	newId,
	nodeOutput,
	packPackage,
	parseRunOutput,
	seconds,
	startSandboxWorld,
	type N8nSession,
	type SandboxWorld,
} from '../e2e/n8n';
import { ENTERPRISES, WORKERS } from '../support/clients';

type Variant = 'node mapped' | 'node constant' | 'http mapped' | 'http batched' | 'http constant';
const VARIANTS: Variant[] = ['node mapped', 'node constant', 'http mapped', 'http batched', 'http constant'];

interface Settings {
	items: number;
	latencyMs: number;
	repeat: number;
}

function settings(argv: string[]): Settings {
	const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const whole = (text: string | undefined, fallback: number, name: string, min: number) => {
		if (text === undefined || text === '') return fallback;
		const value = Number(text);
		if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, not ${JSON.stringify(text)}`);
		return value;
	};
	return {
		items: whole(flag('items') ?? process.env.BENCH_CLI_ITEMS, 2000, 'items', 1),
		latencyMs: whole(flag('latency') ?? process.env.BENCH_LATENCY_MS, 20, 'latency', 0),
		repeat: whole(flag('repeat'), 1, 'repeat', 1),
	};
}

/** The expression engine `n8n execute` starts: N8N_EXPRESSION_ENGINE, else @n8n/config's default in this install. */
function engineOf(session: N8nSession): string {
	const chosen = session.env.N8N_EXPRESSION_ENGINE;
	if (chosen) return chosen;
	const file = path.join(session.install.dir, 'app', 'node_modules', '@n8n', 'config', 'dist', 'configs', 'expression-engine.config.js');
	const match = fs.existsSync(file) ? /this\.engine = '([a-z-]+)'/.exec(fs.readFileSync(file, 'utf8')) : null;
	return match?.[1] ?? 'unknown';
}

/* ----------------------------------------------------------------------------------------------------------------
 * The workflows
 * ------------------------------------------------------------------------------------------------------------- */

const DATE = { mapped: '2026-03-02', constant: '2025-03-03' } as const;

function workflow(variant: Variant, rows: number, apiUrl: string, tag: string) {
	const id = newId('bench');
	const date = variant === 'node constant' ? DATE.constant : DATE.mapped;
	const makeRows =
		`const workers = ${JSON.stringify(WORKERS)};\n` +
		`return Array.from({ length: ${rows} }, (_, i) => ({ json: { enterpriseNumber: '${ENTERPRISES.employer}', ssin: workers[i % workers.length], ` +
		`title: '${tag} ' + (i + 1), type: 'formal', start: '${date}', end: '${date}', hours: 7.5 } }));`;
	const credentials = { careerProFlaApi: { id: CREDENTIAL_IDS.employer, name: CREDENTIAL_NAMES.employer } };
	const url = `${apiUrl}${PATHS.trainings(ENTERPRISES.employer)}`;
	const constantBody = { ssin: WORKERS[0], title: tag, trainingType: 'formal', startDate: date, endDate: date, durationHours: 7.5 };
	let sender: Record<string, unknown>;
	if (variant.startsWith('node')) {
		const mapped = variant === 'node mapped';
		sender = {
			type: 'n8n-nodes-careerpro-fla.careerProFla',
			typeVersion: mapped ? 2 : 1,
			parameters: {
				resource: 'training',
				operation: 'create',
				enterpriseNumber: mapped ? '={{ $json.enterpriseNumber }}' : ENTERPRISES.employer,
				ssin: mapped ? '={{ $json.ssin }}' : WORKERS[0],
				title: mapped ? '={{ $json.title }}' : tag,
				trainingType: mapped ? '={{ $json.type }}' : 'formal',
				startDate: mapped ? '={{ $json.start }}' : date,
				endDate: mapped ? '={{ $json.end }}' : date,
				durationHours: mapped ? '={{ $json.hours }}' : '7.5',
				additionalFields: {},
			},
		};
	} else {
		const constant = variant === 'http constant';
		sender = {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: constant ? url : `={{ '${apiUrl}/employers/' + $json.enterpriseNumber + '/trainings' }}`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'careerProFlaApi',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: constant
					? JSON.stringify(constantBody)
					: '={{ { ssin: $json.ssin, title: $json.title, trainingType: $json.type, startDate: $json.start, endDate: $json.end, durationHours: $json.hours } }}',
				options: variant === 'http batched' ? { batching: { batch: { batchSize: 5, batchInterval: 0 } } } : {},
			},
		};
	}
	return {
		id,
		name: `bench ${variant} ${rows}`,
		nodes: [
			{ id: `${id}-1`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-2`, name: 'Rows', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: makeRows } },
			{ id: `${id}-3`, name: 'Send', position: [440, 0], credentials, ...sender },
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/* ----------------------------------------------------------------------------------------------------------------
 * One timed `n8n execute`
 * ------------------------------------------------------------------------------------------------------------- */

interface Timed {
	exitCode: number | null;
	wallMs: number;
	/** User + system CPU of every process of the tree that was waited for (bash's `times`, children's line). */
	cpuMs: number;
	stdout: string;
	stderr: string;
}

const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

function timedExecute(session: N8nSession, workflowId: string, boundMs: number): Promise<Timed> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
	const outFile = path.join(dir, 'stdout');
	const errFile = path.join(dir, 'stderr');
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const script = '"$@"; rc=$?; times >&2; exit $rc';
	const started = performance.now();
	const child = spawn('bash', ['-c', script, 'bash', session.install.nodeBin, session.install.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		env: session.env,
		cwd: session.userFolder,
		stdio: ['ignore', out, err],
		detached: true,
	});
	return new Promise((resolve, reject) => {
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// already gone
			}
		}, boundMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			const wallMs = performance.now() - started;
			fs.closeSync(out);
			fs.closeSync(err);
			const stdout = fs.readFileSync(outFile, 'utf8');
			const stderr = fs.readFileSync(errFile, 'utf8') + (killed ? `\n[bench] killed after ${seconds(boundMs)}\n` : '');
			fs.rmSync(dir, { recursive: true, force: true });
			// `times` prints the shell's own line, then its children's: the last line.
			const lines = stderr.trim().split('\n');
			const match = TIMES_LINE.exec(lines[lines.length - 1]?.trim() ?? '');
			const cpuMs = match ? (Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) * 60 + Number(match[4])) * 1000 : NaN;
			resolve({ exitCode: code, wallMs, cpuMs, stdout, stderr });
		});
	});
}

/* ----------------------------------------------------------------------------------------------------------------
 * The run
 * ------------------------------------------------------------------------------------------------------------- */

interface Measured {
	variant: Variant | 'no rows';
	wallMs: number;
	cpuMs: number;
	stored: number;
	errors: number;
}

async function runVariant(session: N8nSession, world: SandboxWorld, workDir: string, variant: Variant, rows: number, boundMs: number): Promise<Measured> {
	const tag = `Bench ${variant} ${newId().slice(0, 6)}`;
	const flow = workflow(variant, rows, world.sandbox.apiUrl, tag);
	const file = path.join(workDir, `${flow.id}.json`);
	fs.writeFileSync(file, JSON.stringify(flow));
	const imported = await session.importWorkflow(file);
	if (imported.exitCode !== 0) throw new Error(`import:workflow of ${variant} failed: ${(imported.stderr || imported.stdout).trim().split('\n').slice(-3).join(' | ')}`);
	const timed = await timedExecute(session, flow.id, boundMs);
	const run = parseRunOutput(timed.stdout);
	if (timed.exitCode !== 0 || run?.status !== 'success') {
		throw new Error(`${variant}: n8n exit ${timed.exitCode}, status ${run?.status ?? '?'}: ${timed.stderr.trim().split('\n').slice(-4).join(' | ')}`);
	}
	if (!Number.isFinite(timed.cpuMs)) throw new Error(`${variant}: no CPU figure in the shell's output`);
	const out = rows ? nodeOutput(run, 'Send') : [];
	const errors = out.filter((item) => item.error !== undefined).length;
	const stored = (world.sandbox.data?.().trainings ?? []).filter((t) => String(t.title).startsWith(tag)).length;
	return { variant: rows ? variant : 'no rows', wallMs: timed.wallMs, cpuMs: timed.cpuMs, stored, errors };
}

export async function cliBench(argv: string[]): Promise<number> {
	const s = settings(argv);
	const boundMs = (180 + s.items / 10) * 1000;
	if (process.env.BENCH_SKIP_BUILD !== '1') {
		const built = buildPackage();
		if (built.exitCode !== 0) throw new Error(`npm run build failed:\n${built.stderr || built.stdout}`);
	}
	const install = await ensureN8n();
	const session = await createSession(install);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-bench-cli-'));
	let world: SandboxWorld | undefined;
	const problems: string[] = [];
	try {
		await session.installPackage(packPackage(workDir).tarball);
		world = await startSandboxWorld();
		const credentialFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(credentialFile, JSON.stringify(world.credentials));
		const imported = await session.importCredentials(credentialFile);
		fs.rmSync(credentialFile);
		if (imported.exitCode !== 0) throw new Error(`import:credentials failed: ${imported.stderr || imported.stdout}`);
		(world.sandbox as unknown as { setKnobs(k: object): void }).setKnobs({ latencyMs: s.latencyMs });
		const engine = engineOf(session);
		console.log(
			`CareerPro FLA in the real n8n ${install.version} command line (n8n execute, expression engine ${engine}, ${os.cpus().length} cores), ` +
				`${s.items} Training > Create rows per run, sandbox latency ${s.latencyMs} ms; each figure less the same run with no rows; best of ${s.repeat}`,
		);
		// The cost of n8n's start-up, loading and the Code node: the node's workflow with no rows.
		let base: Measured | undefined;
		for (let r = 0; r < s.repeat; r++) {
			const m = await runVariant(session, world, workDir, 'node mapped', 0, boundMs);
			if (!base || m.cpuMs < base.cpuMs) base = m;
		}
		console.log(`  no rows (start-up)  wall ${seconds(base!.wallMs)}  CPU ${seconds(base!.cpuMs)}`);
		const best = new Map<Variant, Measured>();
		for (let r = 0; r < s.repeat; r++) {
			for (const variant of VARIANTS) {
				const m = await runVariant(session, world, workDir, variant, s.items, boundMs);
				if (m.stored !== s.items || m.errors) problems.push(`${variant}: ${m.stored} of ${s.items} stored, ${m.errors} error items`);
				const perItem = (m.cpuMs - base!.cpuMs) / s.items;
				console.log(
					`  ${variant.padEnd(14)} wall ${seconds(m.wallMs).padStart(7)}  CPU ${seconds(m.cpuMs).padStart(7)}  CPU per item ${perItem.toFixed(2).padStart(6)} ms  (${m.stored} stored, ${m.errors} error items)`,
				);
				const kept = best.get(variant);
				if (!kept || m.cpuMs < kept.cpuMs) best.set(variant, m);
			}
		}
		const perItem = (v: Variant) => (best.get(v)!.cpuMs - base!.cpuMs) / s.items;
		// Wall time of the whole `n8n execute`, start-up included: what a user waits for.
		const wallOf = (v: Variant) => best.get(v)!.wallMs;
		const httpBest: Variant = perItem('http batched') < perItem('http mapped') ? 'http batched' : 'http mapped';
		const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
		console.log(problems.length ? `problems: ${problems.join('; ')}` : 'every run stored its rows, without error items');
		console.log(
			`cli: engine=${engine} items=${s.items} latency_ms=${s.latencyMs} node_cpu_ms=${perItem('node mapped').toFixed(2)} http_cpu_ms=${perItem(httpBest).toFixed(2)} (${httpBest}) ` +
				`floor_cpu_ms=${perItem('http constant').toFixed(2)} peer_cpu_ratio=${ratio(perItem('node mapped'), perItem(httpBest))} ` +
				`peer_wall_ratio=${ratio(wallOf('node mapped'), wallOf(httpBest))} const_floor_ratio=${ratio(perItem('node constant'), perItem('http constant'))} ` +
				'auto_floor_ratio=not-measured(no-automatic-mapping)',
		);
	} finally {
		await world?.sandbox.close();
		session.dispose();
		fs.rmSync(workDir, { recursive: true, force: true });
	}
	return problems.length ? 1 : 0;
}
