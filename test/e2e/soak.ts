/**
 * `npm run test:soak`: many runs of thousands of Training > Create items in the real n8n CLI (`n8n execute`, the
 * package installed as a community package, test/e2e/n8n.ts), against the sandbox gateway, to catch a run that
 * never ends (a promise of the node that never settles) or loses items.
 *
 * Each run: the sandbox's knobs are set (latency, faults), a workflow Manual Trigger -> Code (N rows, titles unique
 * to the run) -> CareerPro FLA Training > Create ('On Error: Continue', so that every row gives an item) is imported
 * and executed. The runs cycle without and with faults, through the node's 'If Already Registered' modes, none (a
 * node of version 1: 'Always Create') and 'Skip' (version 2), and through the latencies asked for.
 * A run passes when n8n exits by itself within its bound with one output item per row, every row stored once (no
 * faults) or each failed row an error item (faults). A run still going at its bound is killed and counted as hung.
 *
 * Prints one line a run (items, requests, tokens, seconds) and a last line `N passed, M failed`; exits non-zero when
 * a run failed or hung.
 *
 * Options (or environment): --runs=N (SOAK_RUNS, default 6), --items=N (SOAK_ITEMS, default 1000),
 * --latency=0,20 (SOAK_LATENCY, ms, cycled), --faults=both|on|off (SOAK_FAULTS, default both),
 * --modes=create,skip (SOAK_MODES: 'If Already Registered' none and/or Skip, cycled),
 * --bound=S (SOAK_BOUND_S: seconds a run may take before it counts as hung, default 120 + items / 10),
 * --long (the bench's setting: 28 runs of 2000 items at 0, 5 and 20 ms, both fault settings: about 25 minutes).
 * SOAK_SKIP_BUILD=1 uses the existing dist/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { WORKERS } from '../support/world';
import {
	CREDENTIAL_IDS,
	CREDENTIAL_NAMES,
	ENTERPRISES,
	buildPackage,
	createSession,
	ensureN8n,
	newId,
	nodeOutput,
	packPackage,
	seconds,
	startSandboxWorld,
	type N8nSession,
	type SandboxWorld,
} from './n8n';

interface Settings {
	runs: number;
	items: number;
	latencies: number[];
	faults: Array<boolean>;
	modes: Array<Scenario['mode']>;
	boundMs: number;
}

function option(name: string, env: string): string | undefined {
	const arg = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (arg) return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : 'true';
	return process.env[env];
}

function settings(): Settings {
	const long = option('long', 'SOAK_LONG') !== undefined;
	const runs = Number(option('runs', 'SOAK_RUNS') ?? (long ? 28 : 6));
	const items = Number(option('items', 'SOAK_ITEMS') ?? (long ? 2000 : 1000));
	const latencies = (option('latency', 'SOAK_LATENCY') ?? (long ? '0,5,20' : '0,20')).split(',').map(Number);
	const faultSetting = option('faults', 'SOAK_FAULTS') ?? 'both';
	const faults = faultSetting === 'on' ? [true] : faultSetting === 'off' ? [false] : [false, true];
	const modes = (option('modes', 'SOAK_MODES') ?? 'create,skip').split(',') as Array<Scenario['mode']>;
	if (modes.some((m) => m !== 'create' && m !== 'skip')) throw new Error('--modes takes create, skip or create,skip');
	const bound = option('bound', 'SOAK_BOUND_S');
	const boundMs = (bound ? Number(bound) : 120 + items / 10) * 1000;
	for (const [label, value] of Object.entries({ runs, items, boundMs })) {
		if (!Number.isInteger(value) || value < 1) throw new Error(`--${label} must be a whole number above 0`);
	}
	if (latencies.some((l) => !Number.isFinite(l) || l < 0)) throw new Error('--latency takes milliseconds separated by commas, e.g. 0,20');
	return { runs, items, latencies, faults, modes, boundMs };
}

interface Scenario {
	latencyMs: number;
	faults: boolean;
	/** 'create': a node of version 1, no lookup; 'skip': version 2's default, one listing then the creates. */
	mode: 'create' | 'skip';
}

const FAULTS = { dropRate: 0.01, dropAfterProcessingRate: 0.005, unavailableRate: 0.02, retryAfterSeconds: 0 };
const NO_FAULTS = { dropRate: 0, dropAfterProcessingRate: 0, unavailableRate: 0, retryAfterSeconds: 1 };

function scenarios(s: Settings): Scenario[] {
	const all: Scenario[] = [];
	for (let i = 0; all.length < s.runs; i++) {
		all.push({
			faults: s.faults[i % s.faults.length],
			mode: s.modes[Math.floor(i / s.faults.length) % s.modes.length],
			latencyMs: s.latencies[Math.floor(i / (s.faults.length * s.modes.length)) % s.latencies.length],
		});
	}
	return all;
}

function workflow(run: number, items: number, scenario: Scenario) {
	const id = newId('soak');
	const employer = ENTERPRISES.employer;
	const makeRows =
		`const workers = ${JSON.stringify(WORKERS)};\n` +
		`return Array.from({ length: ${items} }, (_, i) => ({ json: { ssin: workers[i % workers.length], title: 'Soak ${id} row ' + (i + 1) } }));`;
	const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, x: number, extra = {}) => ({
		id: `${id}-${name}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	return {
		id,
		name: `soak ${run + 1}`,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
			node('Rows', 'n8n-nodes-base.code', 2, { jsCode: makeRows }, 220),
			node(
				'Register',
				'n8n-nodes-careerpro-fla.careerProFla',
				scenario.mode === 'create' ? 1 : 2,
				{
					resource: 'training',
					operation: 'create',
					enterpriseNumber: employer,
					ssin: '={{ $json.ssin }}',
					title: '={{ $json.title }}',
					trainingType: 'formal',
					startDate: '2026-02-02',
					endDate: '2026-02-02',
					durationHours: '2',
					additionalFields: {},
				},
				440,
				{
					credentials: { careerProFlaApi: { id: CREDENTIAL_IDS.employer, name: CREDENTIAL_NAMES.employer } },
					onError: 'continueRegularOutput',
				},
			),
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Register', type: 'main', index: 0 }]] },
		},
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

interface Outcome {
	ok: boolean;
	line: string;
}

async function oneRun(session: N8nSession, world: SandboxWorld, workDir: string, s: Settings, run: number, scenario: Scenario): Promise<Outcome> {
	const { sandbox } = world;
	const label = `run ${run + 1}: ${s.items} items, ${scenario.latencyMs} ms, ${scenario.faults ? 'faults' : 'no faults'}, ${scenario.mode === 'create' ? 'Always Create' : 'Skip'}`;
	const setKnobs = (sandbox as unknown as { setKnobs(k: object): void }).setKnobs.bind(sandbox);
	setKnobs({ latencyMs: scenario.latencyMs, seed: run + 1, ...(scenario.faults ? FAULTS : NO_FAULTS) });
	const flow = workflow(run, s.items, scenario);
	const file = path.join(workDir, `${flow.id}.json`);
	fs.writeFileSync(file, JSON.stringify(flow));
	const imported = await session.importWorkflow(file);
	if (imported.exitCode !== 0) return { ok: false, line: `FAIL ${label}: import:workflow exit ${imported.exitCode}` };
	const before = sandbox.stats();
	const storedBefore = titlesOf(world, flow.id);
	const executed = await session.executeWorkflow(flow.id, { timeoutMs: s.boundMs });
	setKnobs(NO_FAULTS);
	const after = sandbox.stats();
	const requests = after.apiRequests - before.apiRequests;
	const tokens = after.tokensIssued - before.tokensIssued;
	const figures = `${requests} API requests, ${tokens} token(s), ${seconds(executed.ms)}`;
	if (executed.stderr.includes('[n8n.ts] killed after')) {
		return { ok: false, line: `FAIL ${label}: HUNG, killed after ${seconds(s.boundMs)} (${figures}; the sandbox had ${JSON.stringify((after as { concurrency?: unknown }).concurrency)} in flight)` };
	}
	const out = nodeOutput(executed.json, 'Register');
	const errors = out.filter((item) => typeof item.error === 'string');
	const made = out.filter((item) => typeof item.trainingId === 'string');
	const stored = titlesOf(world, flow.id);
	const problems: string[] = [];
	if (executed.exitCode !== 0 || executed.json?.status !== 'success') problems.push(`n8n exit ${executed.exitCode}, status ${executed.json?.status ?? '?'}: ${executed.error?.message ?? executed.stderr.trim().split('\n').slice(-3).join(' | ')}`);
	if (out.length !== s.items) problems.push(`${out.length} output items for ${s.items} rows`);
	if (!scenario.faults && errors.length) problems.push(`${errors.length} error items without faults, e.g. ${JSON.stringify(errors[0].error)}`);
	if (!scenario.faults && stored.distinct - storedBefore.distinct !== s.items) problems.push(`${stored.distinct - storedBefore.distinct} rows stored`);
	// A write whose answer was lost is never sent again, faults or not.
	if (stored.total !== stored.distinct) problems.push(`${stored.total - stored.distinct} rows stored twice`);
	if (stored.distinct - storedBefore.distinct < made.length) problems.push(`${made.length} items created but ${stored.distinct - storedBefore.distinct} rows stored`);
	const line = `${label}: ${made.length} created, ${errors.length} error items; ${figures}`;
	return problems.length ? { ok: false, line: `FAIL ${line}: ${problems.join("; ")}` } : { ok: true, line: `ok   ${line}` };
}

function titlesOf(world: SandboxWorld, runId: string) {
	const titles = (world.sandbox.data?.().trainings ?? []).map((t) => String(t.title)).filter((t) => t.startsWith(`Soak ${runId} `));
	return { total: titles.length, distinct: new Set(titles).size };
}

async function main(): Promise<number> {
	const s = settings();
	const list = scenarios(s);
	console.log(`Soak in the real n8n CLI: ${s.runs} runs of ${s.items} Training > Create items; a run is hung after ${seconds(s.boundMs)}`);
	if (process.env.SOAK_SKIP_BUILD !== '1') {
		const built = buildPackage();
		if (built.exitCode !== 0) throw new Error(`npm run build failed:\n${built.stderr || built.stdout}`);
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-soak-'));
	const install = await ensureN8n();
	const session = await createSession(install);
	let world: SandboxWorld | undefined;
	let passed = 0;
	let failed = 0;
	try {
		const packed = packPackage(workDir);
		await session.installPackage(packed.tarball);
		world = await startSandboxWorld();
		const credentialFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(credentialFile, JSON.stringify(world.credentials));
		const imported = await session.importCredentials(credentialFile);
		fs.rmSync(credentialFile);
		if (imported.exitCode !== 0) throw new Error(`import:credentials failed: ${imported.stderr || imported.stdout}`);
		for (let run = 0; run < list.length; run++) {
			const outcome = await oneRun(session, world, workDir, s, run, list[run]);
			console.log(outcome.line);
			if (outcome.ok) passed++;
			else failed++;
		}
	} finally {
		await world?.sandbox.close();
		if (failed === 0) session.dispose();
		else console.log(`n8n user folder kept: ${session.userFolder}`);
		fs.rmSync(workDir, { recursive: true, force: true });
	}
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 && passed === s.runs ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.stack ?? error.message : String(error));
		console.log(`0 passed, 1 failed`);
		process.exit(1);
	},
);
