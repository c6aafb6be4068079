/**
 * `npm run bench`: the node in the engine users run, against what they would pick instead, side by side in one run.
 *
 * The real n8n 2.41.1 command line (`n8n execute`, default settings, as the e2e suite installs it, the package
 * installed as the community-nodes UI installs it), so expressions are evaluated by n8n's default expression engine
 * (`vm`: isolates; `N8N_EXPRESSION_ENGINE` chooses another). The sandbox answers in this process with a set latency.
 * One workflow per variant, each a Code node making N rows (digits, ISO dates: formats every sender takes as they are)
 * and the sender:
 *   node mapped     CareerPro FLA Training > Create at the built node's default version, its 7 fields mapped with
 *                   `{{ $json.x }}`, default options
 *   node v2 mapped  the same at version 2 (what saved workflows hold); not run again when 2 is the default version
 *   node constant   the same node with every field constant (no expression), in version 1 (Always Create: the rows
 *                   are all the same training, which version 2's Skip would send once)
 *   node auto       version 3, `columns` mapped automatically (resourceMapper, mode autoMapInputData), rows with the
 *                   example sheet's columns NISS;Title;Type;Start;End;Hours; skipped when the built node has no version 3
 *   http mapped     n8n's HTTP Request node with the package's credential (predefined credential type), the URL and
 *                   the JSON body each from one expression: the same POST per row
 *   http batched    the same, with the option Batching, 5 items per batch
 *   http constant   the same request with a constant URL and body: n8n's own floor for one request per item
 * Each CPU figure is the whole `n8n execute` process tree's CPU (user + system of every process it waited for, from
 * the shell's `times`) less the same workflow run with no rows (start-up, loading, the Code node's task runner).
 * Memory: the process tree's resident memory, sampled every 200 ms from /proc (every process of its process group:
 * n8n and its task runner), and n8n's own kernel peak (VmHWM). After the variants, a check run: the node mapped with
 * 1,000 items and the heap limit Node.js sets on a host with 2 GB of memory (NODE_OPTIONS=--max-old-space-size=1024).
 * Token requests: the sandbox's count over each run, each run starting from the credential as imported (no token
 * stored) and an empty sandbox. Every variant must store its N trainings in the sandbox, or the
 * run counts as failed.
 *
 * A preload (`--require`, through NODE_OPTIONS, only in the n8n process) records the expression engine n8n started
 * (n8n-workflow's Expression.expressionEngine at exit); with --evaluations it also counts the calls of
 * WorkflowExpression.prototype.resolveSimpleParameterValue of the n8n install for the sending node (every parameter
 * value n8n resolves, and those that are expressions), printed per item per variant.
 *
 * Options: --items=10000 (or --items 2000; BENCH_CLI_ITEMS)  --latency=20 (BENCH_LATENCY_MS)  --repeat=1 (each variant
 * run that many times, the best CPU kept)  --variants=node mapped,http constant (only those)  --no-memory-check
 * --evaluations  --profile (one more run of the node mapped with --cpu-prof: top 15 functions by self time, and the
 * inclusive share of n8n's parameter and routing functions; profiles kept in .bench-profiles/)
 * BENCH_SKIP_BUILD=1 uses the existing dist/.
 * Last line: engine= peer_cpu_ratio= peer_wall_ratio= auto_floor_ratio= tokens= and memory figures, then
 *   targets=met|not-met. Exits with 1 when a run failed or a target is missed.
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

type Variant = 'node mapped' | 'node v2 mapped' | 'node constant' | 'node auto' | 'http mapped' | 'http batched' | 'http constant';
const VARIANTS: Variant[] = ['node mapped', 'node v2 mapped', 'node constant', 'node auto', 'http mapped', 'http batched', 'http constant'];

const REPO = path.resolve(__dirname, '..', '..');
/** The targets of issue 22, in the real n8n engine. */
const TARGETS = { peerCpuRatio: 1, peerWallRatio: 1, autoFloorRatio: 1, tokensPerRun: 1, rssAddedMb: 400, rssAddedSmallHostMb: 300 } as const;
/** The check run's size and host: the old-generation size Node.js gives itself on a host with 2 GB of memory. */
const CHECK = { items: 1000, hostGb: 2, oldSpaceMb: 1024 } as const;
const PROFILE_DIR = path.join(REPO, '.bench-profiles');

interface Settings {
	items: number;
	latencyMs: number;
	repeat: number;
	variants: Variant[];
	memoryCheck: boolean;
	evaluations: boolean;
	profile: boolean;
}

export function settings(argv: string[]): Settings {
	const flag = (name: string) => {
		const joined = argv.find((a) => a.startsWith(`--${name}=`));
		if (joined) return joined.slice(name.length + 3);
		const at = argv.indexOf(`--${name}`);
		return at >= 0 && at + 1 < argv.length && !argv[at + 1].startsWith('--') ? argv[at + 1] : undefined;
	};
	const whole = (text: string | undefined, fallback: number, name: string, min: number) => {
		if (text === undefined || text === '') return fallback;
		const value = Number(text);
		if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, not ${JSON.stringify(text)}`);
		return value;
	};
	const only = flag('variants');
	const variants = only ? only.split(',').map((v) => v.trim()) : VARIANTS;
	const unknown = variants.filter((v) => !(VARIANTS as string[]).includes(v));
	if (unknown.length) throw new Error(`--variants: unknown ${unknown.map((v) => JSON.stringify(v)).join(', ')}; known: ${VARIANTS.join(', ')}`);
	return {
		items: whole(flag('items') ?? process.env.BENCH_CLI_ITEMS, 10000, 'items', 1),
		latencyMs: whole(flag('latency') ?? process.env.BENCH_LATENCY_MS, 20, 'latency', 0),
		repeat: whole(flag('repeat'), 1, 'repeat', 1),
		variants: variants as Variant[],
		memoryCheck: !argv.includes('--no-memory-check'),
		evaluations: argv.includes('--evaluations'),
		profile: argv.includes('--profile'),
	};
}

/** The expression engine n8n's configuration names: N8N_EXPRESSION_ENGINE, else @n8n/config's default in this install. */
function configuredEngine(session: N8nSession): string {
	const chosen = session.env.N8N_EXPRESSION_ENGINE;
	if (chosen) return chosen;
	const file = path.join(session.install.dir, 'app', 'node_modules', '@n8n', 'config', 'dist', 'configs', 'expression-engine.config.js');
	const match = fs.existsSync(file) ? /this\.engine = '([a-z-]+)'/.exec(fs.readFileSync(file, 'utf8')) : null;
	return match?.[1] ?? 'unknown';
}

/* ----------------------------------------------------------------------------------------------------------------
 * What the built node offers: its versions, and how its Training > Create form takes the fields
 * ------------------------------------------------------------------------------------------------------------- */

interface NodeShape {
	versions: number[];
	defaultVersion: number;
	/** Version 3's `columns` (resourceMapper) on Training > Create, with the schema its method gives, if any. */
	auto?: { schema: Array<Record<string, unknown>> };
	/** Whether the default version's Training > Create takes its fields in `columns` rather than one parameter each. */
	defaultUsesColumns: boolean;
}

export interface PropertyLike {
	name: string;
	type: string;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	typeOptions?: { resourceMapper?: { resourceMapperMethod?: string } };
}

/** Whether a property shows on Training > Create at `version` (show/hide on resource, operation and @version). */
function showsOnCreate(property: PropertyLike, version: number): boolean {
	const values: Record<string, unknown> = { resource: 'training', operation: 'create', '@version': version };
	const matches = (wanted: unknown[], value: unknown) =>
		wanted.some((w) => (w && typeof w === 'object' && '_cnd' in (w as object) ? conditionHolds((w as { _cnd: Record<string, number> })._cnd, value) : w === value));
	for (const [key, wanted] of Object.entries(property.displayOptions?.show ?? {})) {
		if (!(key in values)) continue;
		if (!matches(wanted, values[key])) return false;
	}
	for (const [key, wanted] of Object.entries(property.displayOptions?.hide ?? {})) {
		if (key in values && matches(wanted, values[key])) return false;
	}
	return true;
}

function conditionHolds(condition: Record<string, number>, value: unknown): boolean {
	const v = Number(value);
	if ('gte' in condition) return v >= condition.gte;
	if ('gt' in condition) return v > condition.gt;
	if ('lte' in condition) return v <= condition.lte;
	if ('lt' in condition) return v < condition.lt;
	if ('eq' in condition) return v === condition.eq;
	return false;
}

/** A node as n8n loads it: a plain node with `version: [1, 2, ...]`, or a VersionedNodeType with one description per version. */
export interface NodeLike {
	description: { version: number | number[]; defaultVersion?: number; properties?: PropertyLike[] };
	nodeVersions?: Record<string, { description: { properties: PropertyLike[] }; methods?: Record<string, Record<string, unknown>> }>;
	methods?: Record<string, Record<string, unknown>>;
}

/** The built node (dist/), as n8n loads it. */
function builtNode(): NodeLike {
	const file = path.join(REPO, 'dist', 'nodes', 'CareerProFla', 'CareerProFla.node.js');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(file) as { CareerProFla: new () => NodeLike };
	return new exported.CareerProFla();
}

export async function nodeShape(node: NodeLike = builtNode()): Promise<NodeShape> {
	const versions = node.nodeVersions
		? Object.keys(node.nodeVersions).map(Number)
		: Array.isArray(node.description.version)
			? node.description.version
			: [node.description.version];
	const defaultVersion = node.description.defaultVersion ?? Math.max(...versions);
	const propertiesOf = (version: number) => (node.nodeVersions ? node.nodeVersions[String(version)]?.description.properties : node.description.properties) ?? [];
	const methodsOf = (version: number) => (node.nodeVersions ? node.nodeVersions[String(version)]?.methods : node.methods);
	const columnsOf = (version: number) => propertiesOf(version).find((p) => p.name === 'columns' && p.type === 'resourceMapper' && showsOnCreate(p, version));
	let auto: NodeShape['auto'];
	if (versions.includes(3) && columnsOf(3)) {
		auto = { schema: await schemaOf(columnsOf(3)!, methodsOf(3)) };
	}
	return { versions, defaultVersion, auto, defaultUsesColumns: !!columnsOf(defaultVersion) };
}

/**
 * The fields the node's resourceMapper method lists for Training > Create, as the editor stores them in `schema`;
 * the example sheet's columns when the method cannot be called outside n8n.
 */
async function schemaOf(columns: PropertyLike, methods: Record<string, Record<string, unknown>> | undefined): Promise<Array<Record<string, unknown>>> {
	const fallback = SHEET_COLUMNS.map((id) => ({ id, displayName: id, required: false, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false }));
	const name = columns.typeOptions?.resourceMapper?.resourceMapperMethod;
	const method = name ? (methods?.resourceMapping?.[name] as ((this: unknown) => Promise<{ fields: Array<Record<string, unknown>> }>) | undefined) : undefined;
	if (!method) return fallback;
	const parameters: Record<string, unknown> = { resource: 'training', operation: 'create' };
	const context = {
		getNodeParameter: (key: string, fallbackValue?: unknown) => parameters[key] ?? fallbackValue,
		getCurrentNodeParameter: (key: string) => parameters[key],
		getNode: () => ({ typeVersion: 3, parameters }),
	};
	try {
		const fields = (await method.call(context)).fields;
		return Array.isArray(fields) && fields.length ? fields : fallback;
	} catch {
		return fallback;
	}
}

/* ----------------------------------------------------------------------------------------------------------------
 * The workflows
 * ------------------------------------------------------------------------------------------------------------- */

const DATE = { mapped: '2026-03-02', constant: '2025-03-03' } as const;
/** The example sheet's columns (test/fixtures/trainings-sample.csv). */
const SHEET_COLUMNS = ['NISS', 'Title', 'Type', 'Start', 'End', 'Hours'] as const;
/** Training > Create's fields, and the row column each is mapped from. */
const MAPPED_FIELDS = {
	enterpriseNumber: 'enterpriseNumber',
	ssin: 'ssin',
	title: 'title',
	trainingType: 'type',
	startDate: 'start',
	endDate: 'end',
	durationHours: 'hours',
} as const;

export function benchWorkflow(variant: Variant, rows: number, apiUrl: string, tag: string, shape: NodeShape) {
	const id = newId('bench');
	const date = variant === 'node constant' ? DATE.constant : DATE.mapped;
	const row =
		variant === 'node auto'
			? `{ NISS: workers[i % workers.length], Title: '${tag} ' + (i + 1), Type: 'formal', Start: '${date}', End: '${date}', Hours: 7.5 }`
			: `{ enterpriseNumber: '${ENTERPRISES.employer}', ssin: workers[i % workers.length], title: '${tag} ' + (i + 1), type: 'formal', start: '${date}', end: '${date}', hours: 7.5 }`;
	const makeRows = `const workers = ${JSON.stringify(WORKERS)};\nreturn Array.from({ length: ${rows} }, (_, i) => ({ json: ${row} }));`;
	const credentials = { careerProFlaApi: { id: CREDENTIAL_IDS.employer, name: CREDENTIAL_NAMES.employer } };
	const url = `${apiUrl}${PATHS.trainings(ENTERPRISES.employer)}`;
	const constantBody = { ssin: WORKERS[0], title: tag, trainingType: 'formal', startDate: date, endDate: date, durationHours: 7.5 };
	let sender: Record<string, unknown>;
	if (variant === 'node auto') {
		sender = {
			type: 'n8n-nodes-careerpro-fla.careerProFla',
			typeVersion: 3,
			parameters: {
				resource: 'training',
				operation: 'create',
				enterpriseNumber: ENTERPRISES.employer,
				columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: shape.auto?.schema ?? [] },
				additionalFields: {},
			},
		};
	} else if (variant.startsWith('node')) {
		const mapped = variant !== 'node constant';
		const version = variant === 'node constant' ? 1 : variant === 'node v2 mapped' ? 2 : shape.defaultVersion;
		const fields = Object.fromEntries(
			Object.entries(MAPPED_FIELDS).map(([field, column]) => [
				field,
				mapped ? `={{ $json.${column} }}` : ({ enterpriseNumber: ENTERPRISES.employer, ssin: WORKERS[0], title: tag, trainingType: 'formal', startDate: date, endDate: date, durationHours: '7.5' } as Record<string, string>)[field],
			]),
		);
		// A default version whose form takes the fields in `columns` gets them there, each mapped by its expression.
		const inColumns = version === shape.defaultVersion && shape.defaultUsesColumns && version >= 3;
		const { enterpriseNumber, ...rest } = fields;
		sender = {
			type: 'n8n-nodes-careerpro-fla.careerProFla',
			typeVersion: version,
			parameters: {
				resource: 'training',
				operation: 'create',
				...(inColumns
					? { enterpriseNumber, columns: { mappingMode: 'defineBelow', value: rest, matchingColumns: [], schema: shape.auto?.schema ?? [] } }
					: fields),
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
			{ id: `${id}-3`, name: SENDER, position: [440, 0], credentials, ...sender },
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: SENDER, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

const SENDER = 'Send';
const CREDENTIAL_FILE = 'credentials.json';

/* ----------------------------------------------------------------------------------------------------------------
 * The preload: the engine n8n started, and (--evaluations) the parameter values it resolved for the sender
 * ------------------------------------------------------------------------------------------------------------- */

const PRELOAD = `'use strict';
// Written by test/bench/cli.ts; loaded with --require in the n8n process only.
const fs = require('fs');
const path = require('path');
const out = process.env.BENCH_PRELOAD_OUT;
const app = process.env.BENCH_N8N_APP;
if (out && app && process.argv[1] && path.resolve(process.argv[1]) === path.resolve(process.env.BENCH_N8N_BIN || '')) {
	const workflowDist = path.join(app, 'node_modules', 'n8n-workflow', 'dist', 'cjs');
	const { Expression } = require(path.join(workflowDist, 'expression.js'));
	const counts = { calls: 0, expressions: 0 };
	if (process.env.BENCH_COUNT_EVALUATIONS === '1') {
		const { WorkflowExpression } = require(path.join(workflowDist, 'workflow-expression.js'));
		const original = WorkflowExpression.prototype.resolveSimpleParameterValue;
		const node = process.env.BENCH_COUNT_NODE;
		WorkflowExpression.prototype.resolveSimpleParameterValue = function (parameterValue, siblingParameters, runExecutionData, runIndex, itemIndex, activeNodeName) {
			if (activeNodeName === node) {
				counts.calls += 1;
				if (typeof parameterValue === 'string' && parameterValue.charAt(0) === '=') counts.expressions += 1;
			}
			return original.apply(this, arguments);
		};
	}
	process.on('exit', () => {
		try {
			fs.writeFileSync(path.join(out, process.pid + '.json'), JSON.stringify({ engine: Expression.expressionEngine, counts }));
		} catch {}
	});
}
`;

interface PreloadReport {
	engine?: string;
	counts?: { calls: number; expressions: number };
}

/* ----------------------------------------------------------------------------------------------------------------
 * One timed `n8n execute`, with its process group's memory sampled
 * ------------------------------------------------------------------------------------------------------------- */

interface Timed {
	exitCode: number | null;
	wallMs: number;
	/** User + system CPU of every process of the tree that was waited for (bash's `times`, children's line). */
	cpuMs: number;
	/** Largest sum of the process group's resident memory over the samples, MB. */
	treeRssMb: number;
	/** Largest kernel peak (VmHWM) of one process of the group: n8n itself, MB. */
	peakRssMb: number;
	stdout: string;
	stderr: string;
}

const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

/** Resident memory of the processes of one process group, from /proc: their sum and the largest kernel peak, MB. */
function groupMemory(pgid: number): { rssMb: number; hwmMb: number } {
	let rssKb = 0;
	let hwmKb = 0;
	let entries: string[] = [];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return { rssMb: 0, hwmMb: 0 };
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command's closing parenthesis: state, ppid, pgrp, ...
			const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
			if (pgrp !== pgid) continue;
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
			rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
			hwmKb = Math.max(hwmKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
		} catch {
			// the process ended between the listing and the read
		}
	}
	return { rssMb: rssKb / 1024, hwmMb: hwmKb / 1024 };
}

function timedExecute(session: N8nSession, workflowId: string, boundMs: number, env: NodeJS.ProcessEnv): Promise<Timed> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
	const outFile = path.join(dir, 'stdout');
	const errFile = path.join(dir, 'stderr');
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const script = '"$@"; rc=$?; times >&2; exit $rc';
	const started = performance.now();
	const child = spawn('bash', ['-c', script, 'bash', session.install.nodeBin, session.install.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		env,
		cwd: session.userFolder,
		stdio: ['ignore', out, err],
		detached: true,
	});
	let treeRssMb = 0;
	let peakRssMb = 0;
	const sampler = setInterval(() => {
		const m = groupMemory(child.pid!);
		treeRssMb = Math.max(treeRssMb, m.rssMb);
		peakRssMb = Math.max(peakRssMb, m.hwmMb);
	}, 200);
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
			clearInterval(sampler);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			clearInterval(sampler);
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
			resolve({ exitCode: code, wallMs, cpuMs, treeRssMb, peakRssMb, stdout, stderr });
		});
	});
}

/* ----------------------------------------------------------------------------------------------------------------
 * The CPU profile
 * ------------------------------------------------------------------------------------------------------------- */

interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
	samples: number[];
	timeDeltas: number[];
}

/** n8n's per-item parameter and routing work, whose inclusive share the profile prints. */
const INCLUSIVE = /getParameterValue|getNodeParameter|resolveSimpleParameterValue|executeSingle|runNode|routingRequest|resolveBaseUrl|preSend|evaluateExpression|^execute$/i;

export function profileSummary(profile: CpuProfile, top = 15): string[] {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	let busy = 0;
	const selfByFunction = new Map<string, number>();
	const key = (id: number) => {
		const f = byId.get(id)!.callFrame;
		return `${f.functionName || '(anonymous)'}  ${f.url ? path.basename(f.url) : ''}${f.url ? `:${f.lineNumber + 1}` : ''}`;
	};
	for (const [id, us] of self) {
		if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
		busy += us;
		selfByFunction.set(key(id), (selfByFunction.get(key(id)) ?? 0) + us);
	}
	// Inclusive time by function name: every sample whose stack holds the name once.
	const namesOnStack = new Map<number, Set<string>>();
	const stackNames = (id: number): Set<string> => {
		const known = namesOnStack.get(id);
		if (known) return known;
		const up = parent.get(id);
		const names = new Set(up === undefined ? [] : stackNames(up));
		const name = byId.get(id)!.callFrame.functionName;
		if (INCLUSIVE.test(name)) names.add(name);
		namesOnStack.set(id, names);
		return names;
	};
	const inclusive = new Map<string, number>();
	for (const [id, us] of self) {
		if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
		for (const name of stackNames(id)) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
	}
	const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
	const lines = [`  busy time ${seconds(busy / 1000)} (idle left out); top ${top} by self time:`];
	for (const [name, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(us)}  ${name}`);
	lines.push('  inclusive, n8n\'s parameter and routing functions:');
	for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`    ${pct(us)}  ${name}`);
	return lines;
}

/* ----------------------------------------------------------------------------------------------------------------
 * The run
 * ------------------------------------------------------------------------------------------------------------- */

interface Measured {
	variant: Variant | 'no rows';
	wallMs: number;
	cpuMs: number;
	treeRssMb: number;
	peakRssMb: number;
	stored: number;
	errors: number;
	tokens: number;
	engine?: string;
	evaluations?: { calls: number; expressions: number };
}

interface RunOptions {
	nodeOptions?: string[];
	countEvaluations?: boolean;
}

async function runVariant(
	session: N8nSession,
	world: SandboxWorld,
	workDir: string,
	shape: NodeShape,
	variant: Variant,
	rows: number,
	boundMs: number,
	options: RunOptions = {},
): Promise<Measured> {
	const tag = `Bench ${variant} ${newId().slice(0, 6)}`;
	const flow = benchWorkflow(variant, rows, world.sandbox.apiUrl, tag, shape);
	const file = path.join(workDir, `${flow.id}.json`);
	fs.writeFileSync(file, JSON.stringify(flow));
	const imported = await session.importWorkflow(file);
	if (imported.exitCode !== 0) throw new Error(`import:workflow of ${variant} failed: ${(imported.stderr || imported.stdout).trim().split('\n').slice(-3).join(' | ')}`);
	// The credential as imported, with no access token stored: n8n keeps the one a run gets (an expirable field) for
	// the next runs, which would then request none.
	const credentials = await session.importCredentials(path.join(workDir, CREDENTIAL_FILE));
	if (credentials.exitCode !== 0) throw new Error(`import:credentials failed: ${(credentials.stderr || credentials.stdout).trim().split('\n').slice(-3).join(' | ')}`);
	const preloadOut = fs.mkdtempSync(path.join(workDir, 'preload-'));
	const preload = path.join(workDir, 'preload.js');
	const env: NodeJS.ProcessEnv = {
		...session.env,
		NODE_OPTIONS: [`--require=${preload}`, ...(options.nodeOptions ?? [])].join(' '),
		BENCH_PRELOAD_OUT: preloadOut,
		BENCH_N8N_APP: path.join(session.install.dir, 'app'),
		BENCH_N8N_BIN: session.install.n8nBin,
		BENCH_COUNT_EVALUATIONS: options.countEvaluations ? '1' : '0',
		BENCH_COUNT_NODE: SENDER,
	};
	// Each run against an empty sandbox, whatever ran before it. Seen without it: the three HTTP Request variants of
	// 10,000 rows failed after the node's two runs of 10,000 had stored 20,000 trainings; http constant alone, on an
	// empty sandbox, stored its 10,000.
	(world.sandbox as unknown as { reset(what: { data?: boolean; stats?: boolean }): void }).reset({ data: true, stats: true });
	const tokensBefore = Number((world.sandbox.stats() as { tokenRequests?: number }).tokenRequests ?? 0);
	const timed = await timedExecute(session, flow.id, boundMs, env);
	const tokens = Number((world.sandbox.stats() as { tokenRequests?: number }).tokenRequests ?? 0) - tokensBefore;
	const run = parseRunOutput(timed.stdout);
	if (timed.exitCode !== 0 || run?.status !== 'success') {
		// What n8n says went wrong: the run's error, else the last lines it printed before the shell's `times`.
		const error = run?.data?.resultData?.error as { message?: string; description?: string; node?: { name?: string } } | undefined;
		const said = error?.message
			? `${error.node?.name ? `${error.node.name}: ` : ''}${error.message}${error.description ? ` (${error.description})` : ''}`
			: timed.stderr.trim().split('\n').slice(-6, -2).join(' | ');
		throw new Error(`${variant}: n8n exit ${timed.exitCode}, status ${run?.status ?? '?'}: ${said.slice(0, 600)}`);
	}
	if (!Number.isFinite(timed.cpuMs)) throw new Error(`${variant}: no CPU figure in the shell's output`);
	const reports = fs.readdirSync(preloadOut).map((f) => JSON.parse(fs.readFileSync(path.join(preloadOut, f), 'utf8')) as PreloadReport);
	fs.rmSync(preloadOut, { recursive: true, force: true });
	const out = rows ? nodeOutput(run, SENDER) : [];
	const errors = out.filter((item) => item.error !== undefined).length;
	const stored = (world.sandbox.data?.().trainings ?? []).filter((t) => String(t.title).startsWith(tag)).length;
	return {
		variant: rows ? variant : 'no rows',
		wallMs: timed.wallMs,
		cpuMs: timed.cpuMs,
		treeRssMb: timed.treeRssMb,
		peakRssMb: timed.peakRssMb,
		stored,
		errors,
		tokens,
		engine: reports.find((r) => r.engine)?.engine,
		evaluations: options.countEvaluations ? reports.reduce((sum, r) => ({ calls: sum.calls + (r.counts?.calls ?? 0), expressions: sum.expressions + (r.counts?.expressions ?? 0) }), { calls: 0, expressions: 0 }) : undefined,
	};
}

const mb = (value: number) => `${value.toFixed(0)} MB`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');

export async function cliBench(argv: string[]): Promise<number> {
	const s = settings(argv);
	const boundMs = (180 + s.items / 10) * 1000;
	if (process.env.BENCH_SKIP_BUILD !== '1') {
		const built = buildPackage();
		if (built.exitCode !== 0) throw new Error(`npm run build failed:\n${built.stderr || built.stdout}`);
	}
	const shape = await nodeShape();
	const install = await ensureN8n();
	const session = await createSession(install);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-bench-cli-'));
	fs.writeFileSync(path.join(workDir, 'preload.js'), PRELOAD);
	let world: SandboxWorld | undefined;
	const problems: string[] = [];
	try {
		await session.installPackage(packPackage(workDir).tarball);
		world = await startSandboxWorld();
		// Imported again before every run (runVariant); removed with the work folder at the end.
		fs.writeFileSync(path.join(workDir, CREDENTIAL_FILE), JSON.stringify(world.credentials), { mode: 0o600 });
		(world.sandbox as unknown as { setKnobs(k: object): void }).setKnobs({ latencyMs: s.latencyMs });
		console.log(
			`CareerPro FLA in the real n8n ${install.version} command line (n8n execute, configured expression engine ${configuredEngine(session)}, ${os.cpus().length} cores), ` +
				`${s.items} Training > Create rows per run, sandbox latency ${s.latencyMs} ms; each CPU figure less the same run with no rows; best of ${s.repeat}`,
		);
		console.log(`The built node: versions ${shape.versions.join(', ')}, default ${shape.defaultVersion}${shape.defaultUsesColumns ? ' (its Training > Create takes the fields in columns)' : ''}`);
		// The cost of n8n's start-up, loading and the Code node: the node's workflow with no rows.
		let base: Measured | undefined;
		for (let r = 0; r < s.repeat; r++) {
			const m = await runVariant(session, world, workDir, shape, 'node mapped', 0, boundMs, { countEvaluations: s.evaluations });
			if (!base || m.cpuMs < base.cpuMs) base = m;
		}
		const engine = base!.engine ?? configuredEngine(session);
		console.log(
			`  no rows (start-up)  wall ${seconds(base!.wallMs).padStart(7)}  CPU ${seconds(base!.cpuMs).padStart(7)}                          ` +
				`peak RSS n8n ${mb(base!.peakRssMb)}, tree ${mb(base!.treeRssMb)}  (engine n8n reports: ${base!.engine ?? 'none reported'})`,
		);
		const best = new Map<Variant, Measured>();
		const skipped = new Map<Variant, string>();
		if (!shape.auto) {
			skipped.set('node auto', shape.versions.includes(3) ? 'not available: the node\'s version 3 has no "columns" on Training > Create' : 'not available: the node has no version 3');
		}
		if (shape.defaultVersion === 2) skipped.set('node v2 mapped', 'the same workflow as node mapped (2 is the default version): not run again');
		for (let r = 0; r < s.repeat; r++) {
			for (const variant of s.variants) {
				if (skipped.has(variant)) {
					if (r === 0) console.log(`  ${variant.padEnd(14)} ${skipped.get(variant)}`);
					continue;
				}
				let m: Measured;
				try {
					m = await runVariant(session, world, workDir, shape, variant, s.items, boundMs, { countEvaluations: s.evaluations });
				} catch (error) {
					problems.push(`${variant}: ${(error as Error).message}`);
					console.log(`  ${variant.padEnd(14)} FAILED: ${(error as Error).message}`);
					continue;
				}
				if (m.stored !== s.items || m.errors) problems.push(`${variant}: ${m.stored} of ${s.items} stored, ${m.errors} error items`);
				const perItem = (m.cpuMs - base!.cpuMs) / s.items;
				const evaluations = m.evaluations ? `  evaluations per item ${(m.evaluations.expressions / s.items).toFixed(2)} (values resolved ${(m.evaluations.calls / s.items).toFixed(2)})` : '';
				console.log(
					`  ${variant.padEnd(14)} wall ${seconds(m.wallMs).padStart(7)}  CPU ${seconds(m.cpuMs).padStart(7)}  CPU per item ${perItem.toFixed(2).padStart(6)} ms  ` +
						`peak RSS n8n ${mb(m.peakRssMb)}, tree ${mb(m.treeRssMb)}  tokens ${m.tokens}  (${m.stored} stored, ${m.errors} error items)${evaluations}`,
				);
				const kept = best.get(variant);
				if (!kept || m.cpuMs < kept.cpuMs) best.set(variant, m);
			}
		}

		// The memory check: 1,000 items of the node mapped with a 2 GB host's heap limit, against the same with no rows.
		let check: { run: Measured; base: Measured } | undefined;
		if (s.memoryCheck) {
			const nodeOptions = [`--max-old-space-size=${CHECK.oldSpaceMb}`];
			try {
				const checkBase = await runVariant(session, world, workDir, shape, 'node mapped', 0, boundMs, { nodeOptions });
				const run = await runVariant(session, world, workDir, shape, 'node mapped', CHECK.items, boundMs, { nodeOptions });
				if (run.stored !== CHECK.items || run.errors) problems.push(`memory check: ${run.stored} of ${CHECK.items} stored, ${run.errors} error items`);
				check = { run, base: checkBase };
				console.log(
					`  memory check: node mapped, ${CHECK.items} items, heap limit of a ${CHECK.hostGb} GB host (--max-old-space-size=${CHECK.oldSpaceMb}): ` +
						`peak RSS n8n ${mb(run.peakRssMb)} (no rows ${mb(checkBase.peakRssMb)}), tree ${mb(run.treeRssMb)} (no rows ${mb(checkBase.treeRssMb)})`,
				);
			} catch (error) {
				problems.push(`memory check: ${(error as Error).message}`);
			}
		}

		if (s.profile) {
			const items = Math.min(s.items, 2000);
			const dir = fs.mkdtempSync(path.join(workDir, 'profile-'));
			try {
				await runVariant(session, world, workDir, shape, 'node mapped', items, boundMs, { nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
				// n8n's profile is the largest: its task runner's (the Code node) is a few seconds of start-up.
				const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
				if (!files.length) throw new Error('n8n wrote no CPU profile');
				fs.mkdirSync(PROFILE_DIR, { recursive: true });
				const kept = path.join(PROFILE_DIR, `cli-node-mapped-${items}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
				fs.copyFileSync(files[0], kept);
				console.log(`\nCPU profile of the node mapped, ${items} items, n8n's process (${path.relative(REPO, kept)}):`);
				for (const line of profileSummary(JSON.parse(fs.readFileSync(files[0], 'utf8')) as CpuProfile)) console.log(line);
			} catch (error) {
				problems.push(`profile: ${(error as Error).message}`);
			}
		}

		const has = (v: Variant) => best.has(v);
		const perItem = (v: Variant) => (best.get(v)!.cpuMs - base!.cpuMs) / s.items;
		// Wall time of the whole `n8n execute`, start-up included: what a user waits for.
		const wallOf = (v: Variant) => best.get(v)!.wallMs;
		const httpBest: Variant | undefined =
			has('http batched') && has('http mapped') ? (perItem('http batched') < perItem('http mapped') ? 'http batched' : 'http mapped') : has('http mapped') ? 'http mapped' : has('http batched') ? 'http batched' : undefined;
		const ratio = (a: Variant, b: Variant | undefined, of: (v: Variant) => number) => (b && has(a) && has(b) && of(b) > 0 ? of(a) / of(b) : undefined);
		const fixed = (value: number | undefined) => (value === undefined ? 'not-measured' : value.toFixed(2));
		const peerCpu = ratio('node mapped', httpBest, perItem);
		const peerWall = ratio('node mapped', httpBest, wallOf);
		const autoFloor = ratio('node auto', 'http constant', perItem);
		const constFloor = ratio('node constant', 'http constant', perItem);
		const tokens = has('node mapped') ? best.get('node mapped')!.tokens : undefined;
		const nodeRuns = [...best.values()].filter((m) => String(m.variant).startsWith('node'));
		const added = (m: Measured, b: Measured) => m.peakRssMb - b.peakRssMb;

		console.log(problems.length ? `\nproblems: ${problems.join('; ')}` : '\nevery run stored its rows, without error items');
		if (has('node mapped') && httpBest) {
			console.log(
				`CPU per item: node mapped ${perItem('node mapped').toFixed(2)} ms, ${httpBest} ${perItem(httpBest).toFixed(2)} ms, ` +
					(has('http constant') ? `http constant (n8n's floor) ${perItem('http constant').toFixed(2)} ms` : ''),
			);
		}
		const verdicts: Array<{ text: string; ok: boolean | undefined }> = [
			{ text: `peer_cpu_ratio ${fixed(peerCpu)} <= ${TARGETS.peerCpuRatio} (node mapped / ${httpBest ?? 'HTTP Request'}, CPU per item)`, ok: peerCpu === undefined ? undefined : peerCpu <= TARGETS.peerCpuRatio },
			{ text: `peer_wall_ratio ${fixed(peerWall)} <= ${TARGETS.peerWallRatio} (whole runs' wall time)`, ok: peerWall === undefined ? undefined : peerWall <= TARGETS.peerWallRatio },
			{ text: `auto_floor_ratio ${fixed(autoFloor)} <= ${TARGETS.autoFloorRatio} (node auto / http constant, CPU per item)`, ok: autoFloor === undefined ? undefined : autoFloor <= TARGETS.autoFloorRatio },
			{
				text: `${TARGETS.tokensPerRun} token request per run of the node (${nodeRuns.map((m) => `${m.variant} ${m.tokens}`).join(', ')})`,
				ok: nodeRuns.length ? nodeRuns.every((m) => m.tokens === TARGETS.tokensPerRun) : undefined,
			},
		];
		if (has('node mapped') && s.items <= CHECK.items) {
			const m = best.get('node mapped')!;
			verdicts.push({ text: `node mapped, ${s.items} items, this host: n8n's peak RSS ${mb(m.peakRssMb)}, ${mb(added(m, base!))} over no rows < ${TARGETS.rssAddedMb} MB`, ok: added(m, base!) < TARGETS.rssAddedMb });
		} else if (has('node mapped')) {
			// The memory targets are for runs of 1,000 items (the check run below); a longer run holds every item's data
			// in n8n's run data, as the HTTP Request node's does: shown beside it, not judged.
			const line = (v: Variant) => (has(v) ? `${v} ${mb(added(best.get(v)!, base!))}` : '');
			console.log(`Memory over no rows, ${s.items} items (n8n keeps each item's data of a run): ${['node mapped', 'node auto', 'http mapped', 'http batched'].map((v) => line(v as Variant)).filter(Boolean).join(', ')}`);
		}
		if (check) {
			verdicts.push({
				text: `node mapped, ${CHECK.items} items, ${CHECK.hostGb} GB host's heap limit: n8n's peak RSS ${mb(check.run.peakRssMb)}, ${mb(added(check.run, check.base))} over no rows < ${TARGETS.rssAddedSmallHostMb} MB`,
				ok: added(check.run, check.base) < TARGETS.rssAddedSmallHostMb,
			});
		}
		console.log('Targets (issue 22):');
		for (const v of verdicts) console.log(`  ${(v.ok === undefined ? 'n/a' : met(v.ok)).padEnd(8)}${v.text}`);
		const allMet = !problems.length && verdicts.every((v) => v.ok === true);
		const rssOf = (v: Variant) => (has(v) ? `${v.replace(/ /g, '_')}=${best.get(v)!.peakRssMb.toFixed(0)}` : '');
		console.log(
			`engine=${engine} peer_cpu_ratio=${fixed(peerCpu)} peer_wall_ratio=${fixed(peerWall)} auto_floor_ratio=${fixed(autoFloor)} tokens=${tokens ?? 'not-measured'} ` +
				`items=${s.items} latency_ms=${s.latencyMs} node_cpu_ms=${has('node mapped') ? perItem('node mapped').toFixed(2) : 'n/a'} ` +
				`http_cpu_ms=${httpBest ? perItem(httpBest).toFixed(2) : 'n/a'} floor_cpu_ms=${has('http constant') ? perItem('http constant').toFixed(2) : 'n/a'} ` +
				`const_floor_ratio=${fixed(constFloor)} rss_mb: no_rows=${base!.peakRssMb.toFixed(0)} ${VARIANTS.map(rssOf).filter(Boolean).join(' ')}` +
				(check ? ` rss_mb_${CHECK.items}_${CHECK.hostGb}gb_host=${check.run.peakRssMb.toFixed(0)} (no rows ${check.base.peakRssMb.toFixed(0)})` : '') +
				` targets=${allMet ? 'met' : 'not-met'}`,
		);
		return allMet ? 0 : 1;
	} finally {
		await world?.sandbox.close();
		session.dispose();
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}
