/**
 * `npm run bench`: the node in the real n8n command line against n8n's HTTP Request node (test/bench/cli.ts, its own
 * options): the figures users' n8n gives.
 *
 * `npm run bench -- --engine`: the legacy in-process bench below. The node in n8n-core inside this bench's own child
 * processes, where n8n-workflow evaluates expressions with its legacy engine (nothing calls initExpressionEngine, as
 * n8n's start-up does), against a plain fetch client doing the same requests, on the local sandbox with a set
 * latency, for N = 1000 and 10000 trainings registered and exported back.
 *
 * The sandbox runs in this process; each client run (node, then plain) runs in a child process of its own, which
 * reports its own timings and memory. Between runs the sandbox's data, counters and tokens are reset, and the
 * token requests are read from its counters.
 *
 * Options (flag or environment variable):
 *   --latency=<ms>       BENCH_LATENCY_MS    latency the sandbox adds to every request (default 20)
 *   --sizes=<n,n>        BENCH_SIZES         numbers of trainings (default 1000,10000)
 *   --concurrency=<n>    BENCH_CONCURRENCY   requests in flight for both clients (default 5, the node's default)
 *   --small-host=<GB>    BENCH_SMALL_HOST    memory of the small host whose heap limit the last runs get (default 2, 0: none)
 *   --batch=<n>          BENCH_BATCH         N = 10000 (else the largest N) once more for the node, in runs of n items (default 1000, 0: none)
 *   --cpu-prof                               write a V8 CPU profile of every child to .bench-profiles/
 *   --rerun                                  only the re-run benchmark (test/bench/rerun.ts): N rows registered, then run again with Skip
 *   --archive                                the archive benchmark instead (test/bench/archive.ts, its own options)
 *   --engine                                 this legacy in-process bench (without it: test/bench/cli.ts)
 * At the largest N (10000 when asked) two more runs tell n8n's share of the node's client CPU from the node's own:
 * n8n's floor (test/bench/floor.ts) and n8n's HTTP helper (test/bench/helperClient.ts); the last line's
 * own_cpu_ratio is (node - floor - (helper - plain)) / plain.
 * Exits with 1 when a target is missed, after printing everything.
 */
import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CONCURRENCY } from '../../nodes/CareerProFla/shared/transport';
import { startSandbox, type LoggedRequest, type Sandbox, type SandboxStats } from '../sandbox/server';
import { ENTERPRISES, makeClient, WORKERS } from '../support/world';
import { PAGE_SIZE, runRequest, trainingBody, trainingRows, type ClientKind, type RunReport, type RunRequest } from './workload';

const TARGETS = { maxRatio: 1.3, maxCpuRatio: 2, maxRssMb: 400, tokensPerRun: 1, growthSlack: 1.2 } as const;

/** CPU time of a client's process (user and system) over its run. */
const clientCpuMs = (m: { report: RunReport }) => m.report.cpuUserMs + m.report.cpuSystemMs;

/**
 * The old-generation size V8 gives itself on a host with `gb` of memory: half of it, at most 2 GB below 16 GB, and
 * 4 GB from 16 GB on.
 * Read off Node.js 20 in memory-limited cgroups: heap_size_limit 524 MB at 1 GB, 1048 MB at 2 GB, 2096 MB at 4 and
 * 8 GB, 4144 MB at 16 GB (the flag gives 1072 MB for 2 GB: the same old generation, a larger young one). Below a
 * 2 GB old generation, V8 also lets the heap grow by smaller steps between two collections.
 */
const oldSpaceMbOfHost = (gb: number) => (gb >= 16 ? 4096 : Math.min(gb * 512, 2048));
const CHILD_TIMEOUT_MS = 30 * 60_000;
const REPO = path.resolve(__dirname, '..', '..');

interface Options {
	latencyMs: number;
	sizes: number[];
	headlineSize: number;
	concurrency: number;
	smallHostGb: number;
	batch: number;
	cpuProf: boolean;
}

function options(argv: string[]): Options {
	const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const positive = (text: string | undefined, fallback: number, name: string) => {
		if (text === undefined || text === '') return fallback;
		const value = Number(text);
		if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${JSON.stringify(text)}`);
		return value;
	};
	const latencyMs = positive(flag('latency') ?? process.env.BENCH_LATENCY_MS, 20, 'latency');
	const concurrency = positive(flag('concurrency') ?? process.env.BENCH_CONCURRENCY, CONCURRENCY.default, 'concurrency');
	if (concurrency < 1 || concurrency > CONCURRENCY.max) throw new Error(`concurrency must be from 1 to ${CONCURRENCY.max}`);
	const sizesText = flag('sizes') ?? process.env.BENCH_SIZES ?? '1000,10000';
	const sizes = sizesText.split(',').map((s) => positive(s.trim(), 0, 'sizes'));
	if (!sizes.length || sizes.some((s) => s < 1)) throw new Error('sizes must be whole numbers above 0, e.g. 1000,10000');
	const smallHostGb = positive(flag('small-host') ?? process.env.BENCH_SMALL_HOST, 2, 'small-host');
	const batch = positive(flag('batch') ?? process.env.BENCH_BATCH, 1000, 'batch');
	// The size the last line reports, and the one the small-host and batched runs repeat.
	const headlineSize = sizes.includes(10000) ? 10000 : Math.max(...sizes);
	return { latencyMs, sizes, headlineSize, concurrency, smallHostGb, batch, cpuProf: argv.includes('--cpu-prof') };
}

/**
 * The clients, compiled to JavaScript as n8n runs the built package: a client process then holds the engine, the
 * node and its work, not a TypeScript compiler. Inside the repository, so that `node_modules` resolves.
 */
const CLIENTS_BUILD = path.join(REPO, '.bench-build');

function compileClients(): void {
	fs.rmSync(CLIENTS_BUILD, { recursive: true, force: true });
	const tsc = require.resolve('typescript/bin/tsc');
	const files = ['child.ts', 'nodeClient.ts', 'plainClient.ts', 'helperClient.ts'].map((f) => path.join(__dirname, f));
	const flags = ['--outDir', CLIENTS_BUILD, '--rootDir', REPO, '--module', 'commonjs', '--target', 'es2021'];
	const more = ['--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--noCheck', '--types', 'node'];
	const result = spawnSync(process.execPath, [tsc, ...files, ...flags, ...more], { cwd: REPO, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`could not compile the benchmark's clients:\n${result.stdout}${result.stderr}`);
}

/** Runs one client in its own process and returns what it reports. */
function runChild(request: RunRequest, cpuProf: boolean): Promise<RunReport> {
	const profileDir = path.join(REPO, '.bench-profiles');
	if (cpuProf) fs.mkdirSync(profileDir, { recursive: true });
	const variant = (request.hostMemoryGb ? `-${request.hostMemoryGb}gb` : '') + (request.batchSize ? `-runs-of-${request.batchSize}` : '');
	const execArgv = [
		...(request.hostMemoryGb ? [`--max-old-space-size=${oldSpaceMbOfHost(request.hostMemoryGb)}`] : []),
		...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${request.kind}-${request.size}${variant}.cpuprofile`] : []),
	];
	const child = fork(path.join(CLIENTS_BUILD, 'test', 'bench', 'child.js'), [], {
		cwd: REPO,
		execArgv,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	return new Promise((resolve, reject) => {
		let answer: { report?: RunReport; error?: string } | undefined;
		const timer = setTimeout(() => {
			reject(new Error(`the ${request.kind} run of ${request.size} did not finish within ${CHILD_TIMEOUT_MS / 60_000} minutes`));
			if (child.pid) process.kill(child.pid);
		}, CHILD_TIMEOUT_MS);
		child.on('message', (message: typeof answer) => {
			answer = message;
		});
		child.on('error', reject);
		child.on('exit', (code) => {
			clearTimeout(timer);
			if (answer?.report) resolve(answer.report);
			else reject(new Error(`the ${request.kind} run of ${request.size} failed: ${answer?.error ?? `exit code ${code}`}`));
		});
		child.send(request);
	});
}

interface Measured {
	report: RunReport;
	stats: SandboxStats;
	log: LoggedRequest[];
	/** CPU time of this process (the sandbox) during the run. */
	sandboxCpuMs: number;
	stored: number;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const seconds = (ms: number) => `${fixed(ms / 1000)} s`;
const itemsPerSecond = (report: RunReport) => report.size / (report.totalMs / 1000);
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** Whether two runs sent the same requests: same routes and counts, same bodies for the same rows, same pages. */
function sameRequests(node: Measured, plain: Measured, size: number, workers: readonly string[]) {
	const problems: string[] = [];
	const routes = (stats: SandboxStats) => JSON.stringify(Object.entries(stats.requests).sort(([a], [b]) => a.localeCompare(b)));
	if (routes(node.stats) !== routes(plain.stats)) problems.push(`routes differ: node ${routes(node.stats)} plain ${routes(plain.stats)}`);
	const posts = (log: LoggedRequest[]) => new Map(log.filter((r) => r.method === 'POST' && r.route.includes('trainings')).map((r) => [JSON.stringify(r.body), r]));
	const expected = new Map(trainingRows(size, workers).map((row) => [JSON.stringify(trainingBody(row)), row]));
	const nodePosts = posts(node.log);
	const plainPosts = posts(plain.log);
	let compared = 0;
	for (const [body, entry] of nodePosts) {
		if (!expected.has(body)) {
			problems.push(`the node sent a body the plain client does not: ${body}`);
			break;
		}
		const twin = plainPosts.get(body);
		if (twin) {
			compared++;
			if (twin.contentType?.split(';')[0] !== entry.contentType?.split(';')[0]) {
				problems.push(`content types differ: node ${entry.contentType} plain ${twin.contentType}`);
				break;
			}
		}
	}
	if (!compared) problems.push('no create request of both runs could be compared');
	const pages = (log: LoggedRequest[]) => log.filter((r) => r.method === 'GET').map((r) => r.path + r.query);
	if (JSON.stringify(pages(node.log)) !== JSON.stringify(pages(plain.log))) problems.push('the export pages differ');
	return { problems, compared, pages: pages(node.log).length };
}

async function main() {
	if (process.argv.includes('--rerun')) {
		// A sheet registered, then run again with If Already Registered: Skip: test/bench/rerun.ts.
		const { rerunBench } = await import('./rerun');
		return await rerunBench();
	}
	if (process.argv.includes('--archive')) {
		// The archive of many employers in the n8n CLI against a plain client: test/bench/archive.ts.
		const { archiveBench } = await import('./archive');
		return await archiveBench(process.argv.slice(2));
	}
	if (!process.argv.includes('--engine')) {
		// The default: the node and n8n's HTTP Request node in the real n8n command line (test/bench/cli.ts).
		// `--cli` still names it, as before it was the default.
		const { cliBench } = await import('./cli');
		process.exitCode = await cliBench(process.argv.slice(2).filter((a) => a !== '--cli'));
		return;
	}
	const opts = options(process.argv.slice(2));
	compileClients();
	const client = makeClient('employer', ENTERPRISES.employer);
	const sandbox: Sandbox = await startSandbox({
		clients: [{ clientId: client.clientId, certificate: client.certificatePem, quality: 'employer', enterpriseNumber: ENTERPRISES.employer }],
		knobs: { latencyMs: opts.latencyMs },
	});
	const wallStarted = performance.now();
	console.log(
		`CareerPro FLA benchmark: sandbox latency ${opts.latencyMs} ms per request, concurrency ${opts.concurrency} ` +
			`(both clients), page size ${PAGE_SIZE}, N = ${opts.sizes.join(', ')}`,
	);
	console.log('Each client run is a process of its own; the sandbox runs in the parent. Work = register N trainings + export them.');
	console.log('Both clients run compiled to JavaScript. items/s = N / total. RSS before = after loading the modules.');
	if (opts.smallHostGb > 0) {
		console.log(
			`Then N = ${opts.headlineSize} once more for both, with the heap limit a host with ${opts.smallHostGb} GB of memory gets: ` +
				'V8 lets the heap grow further between collections the more memory the host has.',
		);
	}
	if (opts.batch > 0) {
		console.log(`Then the node's N = ${opts.headlineSize} once more, in node runs of ${opts.batch} items, as Loop Over Items would send them.`);
	}

	const measure = async (kind: ClientKind, size: number, variant: Pick<RunRequest, 'hostMemoryGb' | 'batchSize'> = {}): Promise<Measured> => {
		sandbox.reset({ data: true, stats: true, tokens: true });
		const cpuBefore = process.cpuUsage();
		const report = await runChild(
			runRequest({ kind, size, concurrency: opts.concurrency, ...variant }, sandbox, client, ENTERPRISES.employer, WORKERS),
			opts.cpuProf,
		);
		const cpu = process.cpuUsage(cpuBefore);
		return {
			report,
			stats: sandbox.stats(),
			log: sandbox.requests(),
			sandboxCpuMs: (cpu.user + cpu.system) / 1000,
			stored: sandbox.data().trainings.length,
		};
	};

	const verdicts: Array<{ text: string; ok: boolean }> = [];
	const table = (node: Measured, plain: Measured) => {
		const header = ['run', 'register', 'export', 'total', 'items/s', 'tokens', 'PFX parses', 'API reqs', 'max in flight', 'RSS before', 'peak RSS', 'heap limit', 'client CPU', 'sandbox CPU'];
		const row = (m: Measured) => [
			m.report.kind,
			seconds(m.report.registerMs),
			seconds(m.report.exportMs),
			seconds(m.report.totalMs),
			fixed(itemsPerSecond(m.report), 0),
			String(m.stats.tokenRequests),
			String(m.report.pkcs12Parses),
			String(m.stats.apiRequests),
			String(m.stats.concurrency.max),
			`${fixed(m.report.rssBeforeMb, 0)} MB`,
			`${fixed(m.report.maxRssMb, 0)} MB`,
			`${fixed(m.report.heapLimitMb, 0)} MB`,
			seconds(clientCpuMs(m)),
			seconds(m.sandboxCpuMs),
		];
		const rows = [header, row(node), row(plain)];
		const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
		for (const r of rows) console.log('  ' + r.map((cell, i) => cell.padEnd(widths[i])).join('  '));
	};
	/** Prints whether both runs did all the work and sent the same requests, and records it. */
	const checkWork = (size: number, node: Measured, plain: Measured, label: string) => {
		for (const m of [node, plain]) {
			const r = m.report;
			const complete = r.created === size && r.exported === size && m.stored === size && r.failures === 0;
			const text = `${r.kind}: created ${r.created}/${size}, stored in the sandbox ${m.stored}, exported ${r.exported}, failures ${r.failures}` +
				(r.firstFailure ? ` (first: ${r.firstFailure})` : '');
			console.log(`  ${complete ? 'complete' : 'INCOMPLETE'} ${text}`);
			verdicts.push({ text: `${label} ${r.kind} run complete`, ok: complete });
		}
		const same = sameRequests(node, plain, size, WORKERS);
		console.log(
			same.problems.length
				? `  requests NOT the same: ${same.problems.join('; ')}`
				: `  same requests: equal counts per route and status; ${same.compared} create bodies compared (the sandbox keeps the last 2000 requests) and equal; the same ${same.pages} export pages`,
		);
		verdicts.push({ text: `${label} both clients sent the same requests`, ok: same.problems.length === 0 });
	};

	/**
	 * Where the node's client CPU goes, from two more runs of the same work: n8n's floor (the node's parameters
	 * through n8n's RoutingNode, nothing sent) and the plain client's requests on n8n's HTTP helper. What is left is
	 * the node's own work; beside the plain client's CPU it is the share of the ratio the package can change.
	 */
	const cpuShares = async (size: number, node: Measured, plain: Measured) => {
		const floor = await measure('floor', size);
		const helper = await measure('helper', size);
		const helperComplete = helper.report.created === size && helper.report.exported === size && helper.report.failures === 0;
		verdicts.push({ text: `N=${size} helper run complete`, ok: helperComplete });
		const [a, b, f, h] = [node, plain, floor, helper].map(clientCpuMs);
		const own = a - f - (h - b);
		console.log(`  where the node's client CPU goes (N = ${size}, two more runs of the same work):`);
		console.log(`    n8n's floor        ${seconds(f)}  the node's parameters through n8n's RoutingNode for every item, nothing read or sent (test/bench/floor.ts)`);
		console.log(`    n8n's HTTP helper  ${seconds(h)}  the plain client's requests sent by this.helpers.httpRequest instead of fetch: ${seconds(h - b)} more than fetch (${helperComplete ? 'complete' : 'INCOMPLETE'})`);
		console.log(`    the node's own work and the requests: ${seconds(a)} - floor - (helper - plain) = ${seconds(own)}, ${fixed(own / b)} times the plain client's ${seconds(b)}`);
		return { ownCpuRatio: own / b };
	};
	let shares: { ownCpuRatio: number } | undefined;
	const results: Array<{ size: number; node: Measured; plain: Measured }> = [];
	let smallHost: { node: Measured; plain: Measured } | undefined;
	let batched: Measured | undefined;
	try {
		for (const size of opts.sizes) {
			const node = await measure('node', size);
			const plain = await measure('plain', size);
			results.push({ size, node, plain });

			const ratio = node.report.totalMs / plain.report.totalMs;
			const floorRegister = Math.ceil(size / opts.concurrency) * opts.latencyMs;
			const floorExport = Math.ceil(size / PAGE_SIZE) * opts.latencyMs;
			console.log(`\nN = ${size}`);
			table(node, plain);
			const cpuRatio = clientCpuMs(node) / clientCpuMs(plain);
			console.log(`  node / plain: ${fixed(ratio)} (target <= ${TARGETS.maxRatio}: ${met(ratio <= TARGETS.maxRatio)})`);
			console.log(`  client CPU node / plain: ${fixed(cpuRatio)} (target <= ${TARGETS.maxCpuRatio}: ${met(cpuRatio <= TARGETS.maxCpuRatio)})`);
			console.log(
				`  latency floor at this concurrency: register ${seconds(floorRegister)} (N / ${opts.concurrency} x ${opts.latencyMs} ms), ` +
					`export ${seconds(floorExport)} (${Math.ceil(size / PAGE_SIZE)} pages x ${opts.latencyMs} ms, one after the other)`,
			);
			console.log(
				`  sampled peak RSS: node ${fixed(node.report.rssSampledPeakMb, 0)} MB, plain ${fixed(plain.report.rssSampledPeakMb, 0)} MB ` +
					'(the table shows the kernel\'s peak, getrusage maxrss, of each child)',
			);
			checkWork(size, node, plain, `N=${size}`);
			verdicts.push({ text: `N=${size} node / plain ${fixed(ratio)} <= ${TARGETS.maxRatio}`, ok: ratio <= TARGETS.maxRatio });
			verdicts.push({ text: `N=${size} client CPU node / plain ${fixed(cpuRatio)} <= ${TARGETS.maxCpuRatio}`, ok: cpuRatio <= TARGETS.maxCpuRatio });
			for (const m of [node, plain]) {
				verdicts.push({
					text: `N=${size} ${m.report.kind}: ${m.stats.tokenRequests} token request(s), ${TARGETS.tokensPerRun} expected (run far shorter than the ${sandbox.knobs().tokenLifetimeSeconds} s token lifetime)`,
					ok: m.stats.tokenRequests === TARGETS.tokensPerRun,
				});
			}
			verdicts.push({ text: `N=${size} node: ${node.report.pkcs12Parses} PFX parse(s), 1 expected`, ok: node.report.pkcs12Parses === 1 });
			if (size === opts.headlineSize) shares = await cpuShares(size, node, plain);
		}
		if (opts.smallHostGb > 0) {
			// V8 sizes its heap from the host's memory, and collects less often the more it may use: the same run's
			// peak differs between hosts. These runs give both clients the heap limit of a small n8n host.
			const size = opts.headlineSize;
			const hostMemoryGb = opts.smallHostGb;
			const node = await measure('node', size, { hostMemoryGb });
			const plain = await measure('plain', size, { hostMemoryGb });
			smallHost = { node, plain };
			console.log(`\nN = ${size} again, with the heap limit Node.js sets on a host with ${hostMemoryGb} GB of memory (--max-old-space-size=${oldSpaceMbOfHost(hostMemoryGb)})`);
			table(node, plain);
			console.log(`  node / plain: ${fixed(node.report.totalMs / plain.report.totalMs)}`);
			checkWork(size, node, plain, `N=${size} on a ${hostMemoryGb} GB host:`);
		}
		const headlineRun = results.find((r) => r.size === opts.headlineSize);
		if (opts.batch > 0 && headlineRun && opts.batch < headlineRun.size) {
			// What the README advises for inputs of many thousands of rows: n8n keeps each item's working data until
			// its node run ends, so runs of fewer items hold less at once.
			const size = headlineRun.size;
			batched = await measure('node', size, { batchSize: opts.batch });
			console.log(`\nN = ${size} again for the node, in ${Math.ceil(size / opts.batch)} runs of ${opts.batch} items one after the other (as with Loop Over Items), on this host; plain from N = ${size} above`);
			table(batched, headlineRun.plain);
			console.log(`  node / plain: ${fixed(batched.report.totalMs / headlineRun.plain.report.totalMs)}`);
			checkWork(size, batched, headlineRun.plain, `N=${size} in runs of ${opts.batch}:`);
		}
	} finally {
		await sandbox.close();
	}

	if (results.length >= 2) {
		const first = results[0];
		const last = results[results.length - 1];
		const factor = last.size / first.size;
		const growth = (kind: 'node' | 'plain') => last[kind].report.totalMs / first[kind].report.totalMs;
		const limit = factor * TARGETS.growthSlack;
		console.log(
			`\nGrowth ${first.size} -> ${last.size} (${fixed(factor, 0)}x the items): node time x${fixed(growth('node'))}, plain time x${fixed(growth('plain'))}; ` +
				`peak RSS node ${fixed(first.node.report.maxRssMb, 0)} -> ${fixed(last.node.report.maxRssMb, 0)} MB, ` +
				`plain ${fixed(first.plain.report.maxRssMb, 0)} -> ${fixed(last.plain.report.maxRssMb, 0)} MB`,
		);
		verdicts.push({ text: `time grows linearly: node x${fixed(growth('node'))} for ${fixed(factor, 0)}x the items (at most x${fixed(limit, 1)})`, ok: growth('node') <= limit });
	}
	const headline = results.find((r) => r.size === opts.headlineSize)!;
	const peak = (m: Measured) => `${fixed(m.report.maxRssMb, 0)} MB (heap limit ${fixed(m.report.heapLimitMb, 0)} MB)`;
	verdicts.push({
		text: `peak RSS of the node's ${headline.size}-item run on this host ${peak(headline.node)} < ${TARGETS.maxRssMb} MB`,
		ok: headline.node.report.maxRssMb < TARGETS.maxRssMb,
	});
	if (batched) {
		verdicts.push({
			text: `peak RSS of the node's ${batched.report.size} items in runs of ${opts.batch} on this host ${peak(batched)} < ${TARGETS.maxRssMb} MB`,
			ok: batched.report.maxRssMb < TARGETS.maxRssMb,
		});
	}
	if (smallHost) {
		verdicts.push({
			text: `peak RSS of the node's ${smallHost.node.report.size}-item run on a ${opts.smallHostGb} GB host ${peak(smallHost.node)} < ${TARGETS.maxRssMb} MB`,
			ok: smallHost.node.report.maxRssMb < TARGETS.maxRssMb,
		});
	}

	console.log('\nTargets:');
	for (const v of verdicts) console.log(`  ${met(v.ok).padEnd(6)}  ${v.text}`);
	console.log(`Benchmark took ${seconds(performance.now() - wallStarted)}.`);
	const ratio = headline.node.report.totalMs / headline.plain.report.totalMs;
	console.log(
		`bench: ratio=${fixed(ratio)} tokens=${headline.node.stats.tokenRequests} rss_mb=${fixed(headline.node.report.maxRssMb, 0)} ` +
			`items_per_s=${fixed(itemsPerSecond(headline.node.report), 0)}` +
			(smallHost ? ` rss_mb_${opts.smallHostGb}gb_host=${fixed(smallHost.node.report.maxRssMb, 0)}` : '') +
			(batched ? ` rss_mb_runs_of_${opts.batch}=${fixed(batched.report.maxRssMb, 0)}` : '') +
			` cpu_ratio=${fixed(clientCpuMs(headline.node) / clientCpuMs(headline.plain))}` +
			(shares ? ` own_cpu_ratio=${fixed(shares.ownCpuRatio)}` : ''),
	);
	if (verdicts.some((v) => !v.ok)) process.exitCode = 1;
}

main().catch((error: Error) => {
	console.error(`bench failed: ${error?.message ?? error}`);
	process.exitCode = 1;
});
