/**
 * One client run of the benchmark, in a process of its own so that its memory is measured alone. The parent sends
 * a RunRequest over IPC; this process does the work, then sends back a RunReport and exits.
 */
import { getHeapStatistics } from 'node:v8';

import { pkcs12Parses } from '../../credentials/pki/signingKey';
import { mb, type Outcome, type RunReport, type RunRequest } from './workload';


async function perform(request: RunRequest): Promise<Outcome> {
	if (request.kind === 'node' || request.kind === 'floor') {
		const { runInEngine } = await import('./nodeClient');
		return await runInEngine(request);
	}
	if (request.kind === 'helper') {
		const { runHelper } = await import('./helperClient');
		return await runHelper(request);
	}
	const { runPlain } = await import('./plainClient');
	return await runPlain(request);
}

async function main(request: RunRequest): Promise<RunReport> {
	// Load the client's modules first, so that the "before" figure and the timings leave module loading out.
	if (request.kind === 'node' || request.kind === 'floor') await import('./nodeClient');
	else if (request.kind === 'helper') await import('./helperClient');
	else await import('./plainClient');
	const rssBefore = process.memoryUsage.rss();
	let peak = rssBefore;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 20);
	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const outcome = await perform(request);
	const totalMs = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage.rss());
	return {
		kind: request.kind,
		size: request.size,
		...outcome,
		totalMs,
		pkcs12Parses: pkcs12Parses(),
		rssBeforeMb: mb(rssBefore),
		rssSampledPeakMb: mb(peak),
		maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
		heapLimitMb: mb(getHeapStatistics().heap_size_limit),
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
	};
}

process.once('message', (message: RunRequest) => {
	main(message).then(
		(report) => process.send?.({ report }, () => process.exit(0)),
		(error: Error) => {
			console.error(error?.stack);
			process.send?.({ error: error?.message ?? String(error) }, () => process.exit(1));
		},
	);
});
