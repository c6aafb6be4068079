/**
 * `npm run bench -- --rerun`: a sheet run twice. The node (version 2, If Already Registered: Skip) registers N
 * trainings, Get Many exports them once, then the same N rows run again. The second run must write nothing, send no
 * more requests than the pages of the listings it reads plus one token, and take at most 1.5 times the export.
 *
 * The sandbox and the n8n engine run in this process; each timed run starts with a fresh credential (so it asks
 * for its own token) and fresh sandbox counters.
 *
 * It also times n8n's floor: the same rows through the node's parameters, each operation handing its item back at
 * once, so that what n8n does per item (evaluating every parameter, twice in n8n 2.x) is told apart from the node's
 * own work.
 *
 * Options: --latency=<ms> (BENCH_LATENCY_MS, default 20), --rerun-size=<n> (BENCH_RERUN_SIZE, default 10000),
 * --concurrency=<n> (BENCH_CONCURRENCY, default 5). Exits with 1 when a target is missed. Last line:
 * `rerun: rows=<n> writes=<w> requests=<r> time_vs_export=<x> time_less_floor_vs_export=<y>` (y: the second run
 * less n8n's floor, over the export).
 */
import os from 'node:os';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { tokenCache } from '../../credentials/auth/tokenCache';
import { PAGING } from '../../nodes/CareerProFla/shared/contract';
import { CONCURRENCY, NODE_OPTIONS } from '../../nodes/CareerProFla/shared/transport';
import { startSandbox, type SandboxStats } from '../sandbox/server';
import { Engine, NODE_TYPE, PackageTypes } from '../support/engine';
import { asLoaded } from '../support/loader';
import { ENTERPRISES, makeClient, WORKERS } from '../support/world';
import { floorOf } from './floor';
import { credentialData, runRequest, trainingCreate, trainingRows } from './workload';

/**
 * The node's class, from its .ts file: under ts-node (as `npm run bench` runs), a require of `CareerProFla.node`
 * finds the codex file CareerProFla.node.json first.
 */
function packageTypes(floor = false): PackageTypes {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { CareerProFla } = require(path.join(__dirname, '..', '..', 'nodes', 'CareerProFla', 'CareerProFla.node.ts')) as typeof import('../../nodes/CareerProFla/CareerProFla.node');
	const node = asLoaded(new CareerProFla());
	return new PackageTypes({ [NODE_TYPE]: floor ? floorOf(node) : node });
}

const TARGETS = { maxTimeVsExport: 1.5, writes: 0, tokens: 1 } as const;

function number(flag: string, env: string, fallback: number): number {
	const text = process.argv.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3) ?? process.env[env];
	if (text === undefined || text === '') return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value < (flag === 'latency' ? 0 : 1)) throw new Error(`${flag} must be a whole number${flag === 'latency' ? '' : ' above 0'}, not ${JSON.stringify(text)}`);
	return value;
}

const writesOf = (stats: SandboxStats) =>
	Object.entries(stats.requests)
		.filter(([route]) => /^(POST|PATCH|PUT|DELETE) /.test(route) && !route.endsWith('/token'))
		.reduce((sum, [, statuses]) => sum + Object.values(statuses).reduce((a, b) => a + b, 0), 0);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function rerunBench(): Promise<void> {
	const latencyMs = number('latency', 'BENCH_LATENCY_MS', 20);
	const size = number('rerun-size', 'BENCH_RERUN_SIZE', 10_000);
	const concurrency = Math.min(CONCURRENCY.max, number('concurrency', 'BENCH_CONCURRENCY', CONCURRENCY.default));
	const client = makeClient('employer', ENTERPRISES.employer);
	const sandbox = await startSandbox({
		clients: [{ clientId: client.clientId, certificate: client.certificatePem, quality: 'employer', enterpriseNumber: ENTERPRISES.employer }],
		knobs: { latencyMs },
	});
	const request = runRequest({ kind: 'node', size, concurrency }, sandbox, client, ENTERPRISES.employer, WORKERS);
	// The node's defaults, as a node added in the editor has them; only a --concurrency other than the default is set.
	const options = concurrency === CONCURRENCY.default ? {} : { [NODE_OPTIONS]: { maxConcurrency: concurrency } };
	const rows = trainingRows(size, WORKERS);
	const create = trainingCreate(ENTERPRISES.employer, { ifAlreadyRegistered: 'skip', ...options });
	/** One timed node run with a fresh credential and fresh sandbox counters. */
	const timed = async (parameters: IDataObject, input: IDataObject[], floor = false) => {
		const engine = new Engine(packageTypes(floor));
		const credentialId = engine.saveCredential(credentialData(request));
		// As a fresh n8n process: no token kept, the run asks for its own.
		tokenCache.clear();
		sandbox.reset({ stats: true, tokens: true });
		const started = performance.now();
		const result = await engine.runNode({ parameters, credentialId, typeVersion: 2 }, input);
		const ms = performance.now() - started;
		if (result.error) throw new Error(`the run failed: ${result.error.message}`);
		return { items: result.items.map((i) => i.json), ms, stats: sandbox.stats() };
	};
	const count = (items: IDataObject[]) => {
		const counts: Record<string, number> = {};
		for (const item of items) counts[String(item.error ? 'error' : item.outcome)] = (counts[String(item.error ? 'error' : item.outcome)] ?? 0) + 1;
		return counts;
	};

	const loadBefore = os.loadavg()[0];
	console.log(`Re-run benchmark: N = ${size} trainings, sandbox latency ${latencyMs} ms, concurrency ${concurrency}, page size ${PAGING.maxPageSize}; load average ${loadBefore.toFixed(2)} on ${os.cpus().length} cores`);
	try {
		const first = await timed(create, rows);
		console.log(`  first run (registers):  ${seconds(first.ms)}, outcomes ${JSON.stringify(count(first.items))}, writes ${writesOf(first.stats)}, API requests ${first.stats.apiRequests}`);
		const stored = sandbox.data().trainings.length;

		const exported = await timed({ resource: 'training', operation: 'getAll', enterpriseNumber: ENTERPRISES.employer, returnAll: true, filters: {}, simplify: false, ...options }, [{}]);
		console.log(`  export (Get Many, all): ${seconds(exported.ms)}, ${exported.items.length} records, API requests ${exported.stats.apiRequests}`);

		const second = await timed(create, rows);
		const writes = writesOf(second.stats);
		const requests = second.stats.apiRequests + second.stats.tokenRequests;
		// The pages of that listing as the node reads it (each page after the first repeats the record before it): the export's requests.
		const pages = exported.stats.apiRequests;
		const ratio = second.ms / exported.ms;
		const outcomes = count(second.items);
		console.log(`  second run (Skip):      ${seconds(second.ms)}, outcomes ${JSON.stringify(outcomes)}, writes ${writes}, API requests ${second.stats.apiRequests}, token requests ${second.stats.tokenRequests}`);
		console.log(`  routes of the second run: ${JSON.stringify(second.stats.requests)}`);
		const floor = await timed(create, rows, true);
		console.log(
			`  n8n's floor:            ${seconds(floor.ms)} for the same rows through the node's parameters with nothing read or sent (n8n's own work per item); ` +
				`the second run less that floor: ${seconds(second.ms - floor.ms)}, ${((second.ms - floor.ms) / exported.ms).toFixed(2)} times the export`,
		);
		const verdicts = [
			{ text: `first run registered ${stored} of ${size}`, ok: stored === size && first.items.length === size },
			{ text: `second run: every row existing (${outcomes.existing ?? 0} of ${size})`, ok: outcomes.existing === size },
			{ text: `second run writes ${writes} = ${TARGETS.writes}`, ok: writes === TARGETS.writes },
			{ text: `second run requests ${requests} <= ${pages} listing pages + ${TARGETS.tokens} token`, ok: requests <= pages + TARGETS.tokens },
			{ text: `second run time / export time ${ratio.toFixed(2)} <= ${TARGETS.maxTimeVsExport}`, ok: ratio <= TARGETS.maxTimeVsExport },
		];
		console.log('Targets:');
		for (const v of verdicts) console.log(`  ${(v.ok ? 'met' : 'MISSED').padEnd(6)}  ${v.text}`);
		console.log(`load average after: ${os.loadavg()[0].toFixed(2)}`);
		console.log(
			`rerun: rows=${size} writes=${writes} requests=${requests} time_vs_export=${ratio.toFixed(2)} ` +
				`time_less_floor_vs_export=${((second.ms - floor.ms) / exported.ms).toFixed(2)}`,
		);
		if (verdicts.some((v) => !v.ok)) process.exitCode = 1;
	} finally {
		await sandbox.close();
	}
}
