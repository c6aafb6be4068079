/**
 * The archive benchmark's plain client, in a process of its own (forked by archive.ts, which sends the request over
 * IPC): what the archive workflows do, with Node's fetch and fs and nothing else. One token obtained as the
 * credential obtains it; then, `concurrency` employers at a time, each employer's trainings and training rights
 * (every page), training credits and opt-outs of each year, written as the workflows write them (one JSON file per
 * employer with every resource, one CSV file per resource: byte-order mark, semicolons, formulas neutralised) and
 * read back to check that each file has the SHA-256 of what was meant to be written; the manifest rows of each batch
 * of employers (with each file's digest) appended to manifest.csv. Reports counts, time and peak memory.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { MEDIA_TYPES } from '../../credentials/gateway';
import { PAGING, PATHS, QUERY } from '../../nodes/CareerProFla/shared/contract';
import { tokenFor } from './plainClient';

export interface PlainArchiveRequest {
	employers: string[];
	years: number[];
	folder: string;
	concurrency: number;
	batchSize: number;
	credential: Record<string, string>;
}

export interface PlainArchiveReport {
	ms: number;
	maxRssMb: number;
	done: number;
	failed: number;
	records: Record<string, number>;
	firstFailure?: string;
}

const cell = (value: unknown) => {
	if (value === undefined || value === null) return '';
	let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	const formula = typeof value === 'string' && /^[=+\-@\t\r]/.test(text);
	if (formula) text = `'${text}`;
	return formula || /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
function toCsv(records: Array<Record<string, unknown>>): string {
	const columns: string[] = [];
	for (const record of records) for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
	return '\uFEFF' + [columns.join(';'), ...records.map((r) => columns.map((c) => cell(r[c])).join(';'))].join('\r\n') + '\r\n';
}
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export async function runPlainArchive(request: PlainArchiveRequest): Promise<PlainArchiveReport> {
	const started = performance.now();
	const apiUrl = request.credential.apiUrl;
	const headers = { Authorization: `Bearer ${await tokenFor(request.credential)}`, Accept: MEDIA_TYPES.json };
	const get = async (url: string) => {
		const response = await fetch(url, { headers });
		const body = (await response.json()) as Record<string, unknown>;
		if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${String(body.detail ?? body.title ?? '')}`);
		return body;
	};
	const list = async (url: string) => {
		const records: Array<Record<string, unknown>> = [];
		let total = 0;
		for (;;) {
			const query = `${url.includes('?') ? '&' : '?'}${PAGING.offsetParameter}=${records.length}&${PAGING.limitParameter}=${PAGING.maxPageSize}`;
			const page = await get(url + query);
			const items = (page[PAGING.itemsProperty] ?? []) as Array<Record<string, unknown>>;
			total = Number(page[PAGING.totalProperty] ?? 0);
			records.push(...items);
			if (items.length === 0 || !page[PAGING.nextProperty]) break;
		}
		if (records.length !== total) throw new Error(`${url}: ${records.length} records read, ${total} announced`);
		return { records, total };
	};

	const records: Record<string, number> = { trainings: 0, trainingRights: 0, trainingCredits: 0, optOuts: 0 };
	let done = 0;
	let failed = 0;
	let firstFailure: string | undefined;
	const manifestFile = path.join(request.folder, 'manifest.csv');
	fs.writeFileSync(manifestFile, 'enterpriseNumber,resource,years,status,records,announced,csvSha256,jsonSha256,time,error\r\n');

	for (let from = 0; from < request.employers.length; from += request.batchSize) {
		const batch = request.employers.slice(from, from + request.batchSize);
		const rows: string[] = [];
		let next = 0;
		const worker = async () => {
			while (next < batch.length) {
				const en = batch[next++];
				const time = new Date().toISOString();
				try {
					const trainings = await list(apiUrl + PATHS.trainings(en));
					const rights = await list(apiUrl + PATHS.trainingRights(en));
					const credits = { records: [] as Array<Record<string, unknown>>, total: 0 };
					for (const year of request.years) {
						const one = await list(`${apiUrl}${PATHS.trainingCredits(en)}?${QUERY.trainingCredits.year}=${year}`);
						credits.records.push(...one.records);
						credits.total += one.total;
					}
					const optOutRecords: Array<Record<string, unknown>> = [];
					for (const year of request.years) {
						const state = (await get(apiUrl + PATHS.optOut(en, year))) as { year: number; companyWide: boolean; workers: string[] };
						if (state.companyWide) optOutRecords.push({ year: state.year, scope: 'company', ssin: '' });
						for (const ssin of state.workers) optOutRecords.push({ year: state.year, scope: 'worker', ssin });
					}
					const resources = { trainings, trainingRights: rights, trainingCredits: credits, optOuts: { records: optOutRecords, total: optOutRecords.length } };
					const stem = path.join(request.folder, en);
					const content: Record<string, unknown> = { enterpriseNumber: en, years: request.years };
					for (const [resource, { records: list }] of Object.entries(resources)) content[resource] = list;
					const files = [[`${stem}.json`, JSON.stringify(content, null, 1) + '\n'], ...Object.entries(resources).map(([resource, { records: list }]) => [`${stem}-${resource}.csv`, toCsv(list)])];
					const digests: string[] = [];
					for (const [file, text] of files) {
						await fs.promises.writeFile(file, text);
						digests.push(sha256(text));
					}
					// Read back, as the workflow checks its files: each file's digest against what was meant to be written.
					for (const [i, [file]] of files.entries()) {
						if (sha256(await fs.promises.readFile(file)) !== digests[i]) throw new Error(`${file} on disk differs from what was written`);
					}
					for (const [i, [resource, { records: list, total }]] of Object.entries(resources).entries()) {
						if (total !== list.length) throw new Error(`${en} ${resource}: ${list.length} read, ${total} announced`);
						records[resource] += list.length;
						rows.push([en, resource, request.years.join(' '), 'done', list.length, total, digests[i + 1], digests[0], time, ''].map(cell).join(','));
					}
					done++;
				} catch (error) {
					failed++;
					firstFailure ??= (error as Error).message;
					rows.push([en, 'all', request.years.join(' '), 'failed', '', '', '', '', time, (error as Error).message].map(cell).join(','));
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(request.concurrency, batch.length) }, worker));
		await fs.promises.appendFile(manifestFile, rows.join('\r\n') + '\r\n');
	}
	return {
		ms: performance.now() - started,
		maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / (1024 * 1024)),
		done,
		failed,
		records,
		...(firstFailure ? { firstFailure } : {}),
	};
}

if (require.main === module) {
	process.once('message', (request: PlainArchiveRequest) => {
		runPlainArchive(request).then(
			(report) => process.send?.({ report }, () => process.exit(0)),
			(error: Error) => process.send?.({ error: error?.message ?? String(error) }, () => process.exit(1)),
		);
	});
}
