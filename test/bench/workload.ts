/**
 * What both clients of the benchmark do, and what they tell the parent process: N trainings registered for one
 * employer (one POST each, at most `concurrency` at once), then the employer's trainings read back page by page.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { PAGING, PATHS } from '../../nodes/CareerProFla/shared/contract';
import { mappedTrainingCreate } from '../support/spreadsheet';

/**
 * node: the CareerPro FLA node in the n8n engine; plain: Node's fetch and nothing else; floor: the node's parameters
 * through n8n's RoutingNode, nothing sent (test/bench/floor.ts); helper: plain's requests on n8n's HTTP helper.
 */
export type ClientKind = 'node' | 'plain' | 'floor' | 'helper';

export const PAGE_SIZE = PAGING.maxPageSize;
export const TRAINING_DATE = '2026-02-01';

/** Sent by the parent to a child over IPC only: it holds the credential's secrets. */
export interface RunRequest {
	kind: ClientKind;
	size: number;
	concurrency: number;
	/** Run the child with the heap limit Node.js sets on a host with this much memory (GB); absent: this host's. */
	hostMemoryGb?: number;
	/**
	 * The node only: register the rows in node runs of this many items, one after the other, as n8n's Loop Over
	 * Items does, keeping every run's output items; absent: one run with all of them.
	 */
	batchSize?: number;
	/** The employer whose trainings are registered, and the workers they are spread over. */
	enterpriseNumber: string;
	workers: readonly string[];
	tokenUrl: string;
	apiUrl: string;
	clientId: string;
	pfx: string;
	pfxPassword: string;
}

/** The credential both clients use: a custom environment pointing at the sandbox, for the employer. */
/** A run against the sandbox with a client of its, for the standard employer and workers of the benchmarks. */
export function runRequest(
	run: Pick<RunRequest, 'kind' | 'size' | 'concurrency' | 'hostMemoryGb' | 'batchSize'>,
	sandbox: { tokenUrl: string; apiUrl: string },
	client: { clientId: string; pfx: string; pfxPassword: string },
	enterpriseNumber: string,
	workers: readonly string[],
): RunRequest {
	const { tokenUrl, apiUrl } = sandbox;
	const { clientId, pfx, pfxPassword } = client;
	return { ...run, enterpriseNumber, workers, tokenUrl, apiUrl, clientId, pfx, pfxPassword };
}

export function credentialData(request: RunRequest): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		tokenUrl: request.tokenUrl,
		apiUrl: request.apiUrl,
		quality: 'employer',
		clientId: request.clientId,
		scope: '',
		keyFormat: 'pkcs12',
		pfx: request.pfx,
		pfxPassword: request.pfxPassword,
	};
}

/** What a client did, timed. */
export interface Outcome {
	/** Trainings the client saw created (201 answers / items with a trainingId). */
	created: number;
	/** Records the export returned. */
	exported: number;
	/** Failed requests or items, and the first failure's message. */
	failures: number;
	firstFailure?: string;
	registerMs: number;
	exportMs: number;
}

export interface RunReport extends Outcome {
	kind: ClientKind;
	size: number;
	totalMs: number;
	pkcs12Parses: number;
	/** Resident set size after the modules were loaded, before the work began. */
	rssBeforeMb: number;
	/** Highest resident set size sampled every 20 ms during the work. */
	rssSampledPeakMb: number;
	/** The kernel's peak resident set size of the whole child process (getrusage maxrss). */
	maxRssMb: number;
	/** The V8 heap limit the child ran with (heap_size_limit): Node.js derives it from the host's memory. */
	heapLimitMb: number;
	cpuUserMs: number;
	cpuSystemMs: number;
}

/** The input rows: one training each, spread over the workers. */
export function trainingRows(size: number, workers: readonly string[]): Array<{ ssin: string; title: string }> {
	return Array.from({ length: size }, (_, i) => ({ ssin: workers[i % workers.length], title: `Bench training ${i + 1}` }));
}

/** The body the node sends for a row (the parent checks it against what the sandbox received from the node). */
export function trainingBody(row: { ssin: string; title: string }) {
	return {
		ssin: row.ssin,
		title: row.title,
		trainingType: 'formal',
		startDate: TRAINING_DATE,
		endDate: TRAINING_DATE,
		durationHours: 1,
	};
}

/** Training > Create as both benchmarks set it up: worker and title mapped from the row, the rest fixed. */
export const trainingCreate = (enterpriseNumber: string, extra: Record<string, unknown> = {}) =>
	mappedTrainingCreate({
		enterpriseNumber,
		trainingType: 'formal',
		startDate: TRAINING_DATE,
		endDate: TRAINING_DATE,
		durationHours: '1',
		...extra,
	});

export const trainingsPath = (enterpriseNumber: string) => PATHS.trainings(enterpriseNumber);

export const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
