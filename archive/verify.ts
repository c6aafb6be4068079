/**
 * Checks an archive folder offline, against its own manifest and summary: every file the manifest names is there,
 * byte for byte as written (SHA-256 and size), holds the rows and records the manifest counts, and the counts add up
 * to the summary. Reads one file at a time, in pieces: memory stays bounded for 20,000 employers.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { StringDecoder } from 'string_decoder';
import { CsvReader } from './csv';
import {
	FORMAT,
	MANIFEST_COLUMNS,
	MANIFEST_FILE,
	MANIFEST_JSONL_FILE,
	PROVIDER_FILES,
	PROVIDER_MANIFEST_COLUMNS,
	RESOURCES,
	SUMMARY_FILE,
	type ManifestRow,
	type ProviderManifestRow,
	type Resource,
} from './format';

/** One difference: the file it concerns, what differs, and what to do about it. */
export interface Problem {
	file: string;
	what: string;
	todo: string;
}

export interface Verdict {
	folder: string;
	kind: 'employers' | 'trainingProvider';
	verified: boolean;
	/** The first problems found (at most `maxProblems`); `problemCount` counts them all. */
	problems: Problem[];
	problemCount: number;
	employers: number;
	files: number;
	/** Records per resource (employers) or per file (training provider), from the manifest's latest rows. */
	records: Record<string, number>;
	oldestReading?: string;
	newestReading?: string;
}

/** Called with each employer's parsed JSON file (undefined when it is missing or unreadable), in enterprise-number order. */
export interface Visitor {
	employer?(enterpriseNumber: string, content: Record<string, unknown> | undefined): void;
	provider?(trainings: unknown[] | undefined): void;
}

export interface VerifyOptions {
	visit?: Visitor;
	/** How many problems to keep with their words (all are counted). Default 1000. */
	maxProblems?: number;
}

/** The folder cannot be read at all: a usage error, not a difference. */
export class UnreadableFolder extends Error {}

const CHUNK = 1 << 20;
/** One read buffer for every file (a fresh megabyte per file would cost more than reading 100,000 small files). */
const BUFFER = Buffer.alloc(CHUNK);

const TODO = {
	restore:
		'Take this file from another copy of the archive (keep at least two). Until 31 December 2026 you can also run the archive workflow again for this employer.',
	rerun: 'Run the archive workflow again before 1 January 2027: it reads again the employers that are not done. After that date, keep this list with the archive.',
	summary:
		'summary.json does not describe the files next to it: run the archive workflow again before 1 January 2027 (it writes summary.json last), or take both files from another copy.',
	providerRerun: 'Run the training provider archive workflow again before 1 January 2027, or take the file from another copy of the archive.',
};

class Problems {
	readonly list: Problem[] = [];
	count = 0;
	constructor(private readonly max: number) {}
	add(file: string, what: string, todo: string) {
		this.count += 1;
		if (this.list.length < this.max) this.list.push({ file, what, todo });
	}
}

interface FileFacts {
	exists: boolean;
	sha256: string;
	bytes: number;
	/** Data rows (without the header) of a CSV. */
	dataRows: number;
	/** The CSV has a header row. */
	header: boolean;
	/** Rows whose number of cells differs from the header's. */
	ragged: number;
	/** The CSV ends inside a quoted cell. */
	cutOff: boolean;
	malformed: number;
	/** The whole text (JSON files only). */
	text?: string;
	error?: string;
}

function missing(error?: string): FileFacts {
	return { exists: false, sha256: '', bytes: 0, dataRows: 0, header: false, ragged: 0, cutOff: false, malformed: 0, error };
}

/** Reads a file in pieces: its digest and size, and (for a CSV) its rows; keeps the text of a JSON file. */
function readFile(file: string, as: 'csv' | 'json' | 'bytes', separator = ';'): FileFacts {
	let fd: number;
	try {
		fd = fs.openSync(file, 'r');
	} catch (error) {
		return missing((error as NodeJS.ErrnoException).code);
	}
	const hash = createHash('sha256');
	const decoder = new StringDecoder('utf8');
	const facts: FileFacts = { exists: true, sha256: '', bytes: 0, dataRows: 0, header: false, ragged: 0, cutOff: false, malformed: 0 };
	let width = -1;
	const reader =
		as === 'csv'
			? new CsvReader(separator, (cells) => {
					if (width < 0) {
						width = cells.length;
						facts.header = true;
						return;
					}
					facts.dataRows += 1;
					if (cells.length !== width) facts.ragged += 1;
				})
			: undefined;
	const parts: string[] = [];
	const buffer = BUFFER;
	try {
		for (;;) {
			const n = fs.readSync(fd, buffer, 0, CHUNK, null);
			if (n === 0) break;
			const piece = buffer.subarray(0, n);
			hash.update(piece);
			facts.bytes += n;
			if (as === 'bytes') continue;
			const text = decoder.write(piece);
			if (reader) reader.write(text);
			else parts.push(text);
		}
	} catch (error) {
		return missing((error as NodeJS.ErrnoException).code ?? String(error));
	} finally {
		fs.closeSync(fd);
	}
	const rest = decoder.end();
	if (reader) {
		reader.write(rest);
		facts.cutOff = !reader.end();
		facts.malformed = reader.malformed;
	} else if (as === 'json') {
		parts.push(rest);
		facts.text = parts.join('');
	}
	facts.sha256 = hash.digest('hex');
	return facts;
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export function formatNumber(n: number): string {
	return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const isInteger = (text: string) => /^\d+$/.test(text);

/** A file name from the manifest, used only inside the folder. */
const safeName = (name: string) => name !== '' && !/[\\/]/.test(name) && name !== '.' && name !== '..';

/** Reads manifest.csv in pieces: its digest, size and rows (by header name). */
function readManifest<T extends string>(
	file: string,
	columns: readonly T[],
	problems: Problems,
	onRow: (row: Record<T, string>, line: number) => void,
): { sha256: string; bytes: number; fingerprints: string[] } | undefined {
	let header: string[] | undefined;
	let line = 0;
	const fingerprints: string[] = [];
	let fd: number;
	try {
		fd = fs.openSync(file, 'r');
	} catch {
		problems.add(MANIFEST_FILE, 'is missing: nothing in the folder says which files the archive holds.', TODO.summary);
		return undefined;
	}
	const hash = createHash('sha256');
	const decoder = new StringDecoder('utf8');
	let bytes = 0;
	let refused = false;
	const reader = new CsvReader(',', (cells) => {
		line += 1;
		if (refused) return;
		if (!header) {
			header = cells;
			const absent = columns.filter((c) => !cells.includes(c));
			if (absent.length) {
				refused = true;
				problems.add(MANIFEST_FILE, `lacks the column(s) ${absent.join(', ')} (its first line is "${cells.join(',').slice(0, 200)}").`, TODO.summary);
			}
			return;
		}
		fingerprints.push(fingerprint(cells));
		if (cells.length !== header.length) {
			problems.add(MANIFEST_FILE, `row ${line} has ${cells.length} cells, the header has ${header.length}.`, TODO.summary);
			return;
		}
		const row = {} as Record<T, string>;
		for (const c of columns) row[c] = cells[header.indexOf(c)];
		onRow(row, line);
	});
	const buffer = BUFFER;
	try {
		for (;;) {
			const n = fs.readSync(fd, buffer, 0, CHUNK, null);
			if (n === 0) break;
			hash.update(buffer.subarray(0, n));
			bytes += n;
			reader.write(decoder.write(buffer.subarray(0, n)));
		}
	} finally {
		fs.closeSync(fd);
	}
	reader.write(decoder.end());
	if (!reader.end()) problems.add(MANIFEST_FILE, 'ends inside a quoted cell: it was cut off.', TODO.summary);
	if (!header) problems.add(MANIFEST_FILE, 'is empty.', TODO.summary);
	return { sha256: hash.digest('hex'), bytes, fingerprints };
}

const fingerprint = (cells: string[]) => createHash('sha1').update(JSON.stringify(cells)).digest('base64').slice(0, 12);

/** manifest.jsonl holds the same rows as manifest.csv, one JSON object a line. */
async function checkJsonl(folder: string, columns: readonly string[], fingerprints: string[], problems: Problems) {
	const file = path.join(folder, MANIFEST_JSONL_FILE);
	if (!fs.existsSync(file)) {
		problems.add(MANIFEST_JSONL_FILE, 'is missing (it holds the same rows as manifest.csv).', TODO.summary);
		return;
	}
	const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
	let n = 0;
	let differing = 0;
	let first = 0;
	for await (const line of lines) {
		if (line.trim() === '') continue;
		n += 1;
		let cells: string[] | undefined;
		try {
			const row = JSON.parse(line) as Record<string, unknown>;
			cells = columns.map((c) => (row[c] === undefined || row[c] === null ? '' : String(row[c])));
		} catch {
			cells = undefined;
		}
		if (!cells || fingerprints[n - 1] !== fingerprint(cells)) {
			differing += 1;
			if (!first) first = n;
		}
	}
	if (n !== fingerprints.length) {
		problems.add(MANIFEST_JSONL_FILE, `has ${plural(n, 'row')}, manifest.csv ${plural(fingerprints.length, 'row')}.`, TODO.summary);
	} else if (differing) {
		problems.add(MANIFEST_JSONL_FILE, `differs from manifest.csv on ${plural(differing, 'row')} (first: line ${first}).`, TODO.summary);
	}
}

function readSummary(folder: string, problems: Problems): Record<string, unknown> | undefined {
	const file = path.join(folder, SUMMARY_FILE);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		problems.add(SUMMARY_FILE, 'is missing: the archive run did not finish, or the file was lost.', TODO.summary);
		return undefined;
	}
	try {
		const summary = JSON.parse(text) as Record<string, unknown>;
		if (!summary || typeof summary !== 'object' || Array.isArray(summary)) throw new Error('not an object');
		return summary;
	} catch {
		problems.add(SUMMARY_FILE, 'is not readable JSON: it was changed or damaged.', TODO.summary);
		return undefined;
	}
}

function checkSummaryManifest(summary: Record<string, unknown> | undefined, manifest: { sha256: string; bytes: number } | undefined, problems: Problems) {
	if (!summary || !manifest) return;
	// The size is a second witness where summary.json gives it; the workflows give the digest only (n8n's nodes do
	// not tell a file's exact size), which is the proof.
	const sizeDiffers = summary.manifestBytes !== undefined && summary.manifestBytes !== manifest.bytes;
	if (summary.manifestSha256 !== manifest.sha256 || sizeDiffers) {
		const described = summary.manifestBytes === undefined ? '' : `, ${String(summary.manifestBytes)} bytes`;
		problems.add(
			MANIFEST_FILE,
			`differs from the one summary.json describes (SHA-256 ${short(String(summary.manifestSha256))}${described}; found ${short(manifest.sha256)}, ${manifest.bytes} bytes): manifest.csv or summary.json was changed, or a run stopped before writing summary.json.`,
			TODO.summary,
		);
	}
	if (summary.verified !== true) {
		const reasons = Array.isArray(summary.reasons) ? summary.reasons.map(String).join('; ') : '';
		problems.add(SUMMARY_FILE, `says the archive run did not verify everything${reasons ? `: ${reasons}` : '.'}`, TODO.rerun);
	}
}

const short = (hex: string) => (hex.length > 12 ? `${hex.slice(0, 12)}…` : hex);

function compareDigest(file: string, facts: FileFacts, sha256: string, bytes: string, problems: Problems, todo = TODO.restore): boolean {
	if (!facts.exists) {
		problems.add(file, `is missing${facts.error && facts.error !== 'ENOENT' ? ` (${facts.error})` : ''}.`, todo);
		return false;
	}
	if (facts.sha256 !== sha256 || String(facts.bytes) !== bytes) {
		const size = String(facts.bytes) !== bytes ? `${formatNumber(facts.bytes)} bytes instead of ${bytes}` : `same size, ${bytes} bytes`;
		problems.add(file, `differs from what was written (${size}; SHA-256 ${short(facts.sha256)} instead of ${short(sha256)}): it was changed or damaged.`, todo);
		return false;
	}
	return true;
}

function checkCsvShape(file: string, facts: FileFacts, problems: Problems) {
	if (!facts.exists) return;
	if (facts.cutOff) problems.add(file, 'ends inside a quoted cell: the file was cut off.', TODO.restore);
	if (!facts.header) problems.add(file, 'has no header row: the file is empty or cut off.', TODO.restore);
	if (facts.ragged) problems.add(file, `has ${plural(facts.ragged, 'row')} whose number of cells differs from the header's.`, TODO.restore);
}

function widen(range: { oldest?: string; newest?: string }, time: string) {
	if (!time || Number.isNaN(Date.parse(time))) return;
	if (!range.oldest || time < range.oldest) range.oldest = time;
	if (!range.newest || time > range.newest) range.newest = time;
}

/** Checks the folder; throws UnreadableFolder when it is not a readable folder. */
export async function verifyArchive(folder: string, options: VerifyOptions = {}): Promise<Verdict> {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(folder);
		fs.accessSync(folder, fs.constants.R_OK);
	} catch (error) {
		throw new UnreadableFolder(`The folder ${folder} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
	}
	if (!stat.isDirectory()) throw new UnreadableFolder(`${folder} is not a folder: give the folder the archive was written to.`);
	const problems = new Problems(options.maxProblems ?? 1000);
	const summary = readSummary(folder, problems);
	if (summary && summary.format !== FORMAT) {
		// An archive of the first workflows (no format, no digests): nothing to check file by file.
		problems.add(
			SUMMARY_FILE,
			summary.format === undefined
				? 'has no format number: the archive was written by an earlier version of the workflows, which recorded no fingerprints (SHA-256) of its files, so they cannot be checked.'
				: `says format ${JSON.stringify(summary.format)}; this command reads format ${FORMAT}.`,
			'Before 1 January 2027, run the archive again with the current workflows into a new folder. After that date, keep the folder as it is.',
		);
		return { folder, kind: 'employers', verified: false, problems: problems.list, problemCount: problems.count, employers: 0, files: 0, records: {} };
	}
	if (summary?.kind === 'trainingProvider') return verifyProvider(folder, summary, problems, options);
	return verifyEmployers(folder, summary, problems, options);
}

async function verifyEmployers(folder: string, summary: Record<string, unknown> | undefined, problems: Problems, options: VerifyOptions): Promise<Verdict> {
	// The latest row of each employer and resource (the manifest is append-only).
	const latest = new Map<string, Partial<Record<Resource, ManifestRow>>>();
	const manifest = readManifest(path.join(folder, MANIFEST_FILE), MANIFEST_COLUMNS, problems, (row, line) => {
		if (!/^[01]\d{9}$/.test(row.enterpriseNumber) || !(RESOURCES as readonly string[]).includes(row.resource)) {
			problems.add(MANIFEST_FILE, `row ${line} names employer "${row.enterpriseNumber}" and resource "${row.resource}", which this archive format does not know.`, TODO.summary);
			return;
		}
		let rows = latest.get(row.enterpriseNumber);
		if (!rows) latest.set(row.enterpriseNumber, (rows = {}));
		rows[row.resource as Resource] = row;
	});
	checkSummaryManifest(summary, manifest, problems);
	if (manifest) await checkJsonl(folder, MANIFEST_COLUMNS, manifest.fingerprints, problems);

	const records: Record<string, number> = Object.fromEntries(RESOURCES.map((r) => [r, 0]));
	const range: { oldest?: string; newest?: string } = {};
	let done = 0;
	let files = 0;
	let employers = 0;
	for (const enterpriseNumber of [...latest.keys()].sort()) {
		const rows = latest.get(enterpriseNumber)!;
		latest.delete(enterpriseNumber);
		employers += 1;
		if (RESOURCES.every((r) => rows[r]?.status === 'done')) done += 1;
		let complete = true;
		const jsonRows: Array<[Resource, ManifestRow]> = [];
		for (const resource of RESOURCES) {
			const row = rows[resource];
			if (!row) {
				complete = false;
				problems.add(MANIFEST_FILE, `has no row for the ${resource} of employer ${enterpriseNumber}: they were never archived.`, TODO.rerun);
				continue;
			}
			if (row.status !== 'done') {
				complete = false;
				problems.add(
					`${enterpriseNumber} ${resource}`,
					`was not archived (status "${row.status}"${row.error ? `: ${row.error}` : ''}).`,
					TODO.rerun,
				);
				continue;
			}
			widen(range, row.readAt);
			const counts = [row.records, row.announced, row.csvRows, row.jsonRecords];
			if (!counts.every(isInteger) || new Set(counts).size !== 1) {
				complete = false;
				problems.add(
					`${enterpriseNumber} ${resource}`,
					`counts differ in the manifest: ${row.records} read, ${row.announced} announced by the gateway, ${row.csvRows} CSV rows, ${row.jsonRecords} in the JSON file.`,
					TODO.rerun,
				);
			}
			records[resource] += Number(row.records) || 0;
			if (!safeName(row.csvFile)) {
				complete = false;
				problems.add(MANIFEST_FILE, `names the file "${row.csvFile}" for the ${resource} of ${enterpriseNumber}: not a file of this folder.`, TODO.summary);
			} else {
				files += 1;
				const facts = readFile(path.join(folder, row.csvFile), 'csv', row.separator === ',' ? ',' : ';');
				if (!compareDigest(row.csvFile, facts, row.csvSha256, row.csvBytes, problems)) complete = false;
				checkCsvShape(row.csvFile, facts, problems);
				if (facts.exists && facts.header && String(facts.dataRows) !== row.csvRows) {
					complete = false;
					problems.add(row.csvFile, `has ${plural(facts.dataRows, 'data row')}; the manifest says ${row.csvRows}.`, TODO.restore);
				}
			}
			jsonRows.push([resource, row]);
		}
		// The employer's JSON file: read once, against each resource's row.
		let content: Record<string, unknown> | undefined;
		const jsonFile = jsonRows[0]?.[1].jsonFile;
		if (jsonFile !== undefined && !safeName(jsonFile)) {
			complete = false;
			problems.add(MANIFEST_FILE, `names the file "${jsonFile}" for employer ${enterpriseNumber}: not a file of this folder.`, TODO.summary);
		} else if (jsonFile !== undefined) {
			files += 1;
			const facts = readFile(path.join(folder, jsonFile), 'json');
			const expected = new Set(jsonRows.map(([, row]) => `${row.jsonFile} ${row.jsonSha256} ${row.jsonBytes}`));
			if (expected.size > 1) {
				complete = false;
				problems.add(jsonFile, `the manifest rows of employer ${enterpriseNumber} disagree on this file (name, digest or size).`, TODO.rerun);
			}
			const [, first] = jsonRows[0];
			if (!compareDigest(jsonFile, facts, first.jsonSha256, first.jsonBytes, problems)) complete = false;
			if (facts.text !== undefined) {
				try {
					const parsed = JSON.parse(facts.text) as unknown;
					if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
					content = parsed as Record<string, unknown>;
				} catch {
					complete = false;
					problems.add(jsonFile, 'is not readable JSON: it was changed or cut off.', TODO.restore);
				}
			}
			if (content) {
				if (content.enterpriseNumber !== enterpriseNumber) {
					complete = false;
					problems.add(jsonFile, `holds enterprise number ${JSON.stringify(content.enterpriseNumber)}, not ${enterpriseNumber}.`, TODO.restore);
				}
				for (const [resource, row] of jsonRows) {
					const list = content[resource];
					const length = Array.isArray(list) ? list.length : -1;
					if (String(length) !== row.jsonRecords) {
						complete = false;
						problems.add(
							jsonFile,
							length < 0 ? `has no list of ${resource}.` : `holds ${plural(length, resource === 'optOuts' ? 'opt-out' : 'record')} of ${resource}; the manifest says ${row.jsonRecords}.`,
							TODO.restore,
						);
					}
				}
			}
		}
		void complete;
		options.visit?.employer?.(enterpriseNumber, content);
	}
	if (summary) {
		const said = (summary.records ?? {}) as Record<string, unknown>;
		for (const resource of RESOURCES) {
			if (said[resource] !== records[resource]) {
				problems.add(SUMMARY_FILE, `counts ${String(said[resource])} ${resource}; the manifest's employers hold ${formatNumber(records[resource])}.`, TODO.summary);
			}
		}
		if (summary.employers !== employers) problems.add(SUMMARY_FILE, `counts ${String(summary.employers)} employers; the manifest names ${formatNumber(employers)}.`, TODO.summary);
		if (summary.done !== done) problems.add(SUMMARY_FILE, `counts ${String(summary.done)} employers done; the manifest has ${formatNumber(done)} done.`, TODO.summary);
		if (summary.failed !== undefined && summary.failed !== employers - done) {
			problems.add(SUMMARY_FILE, `counts ${String(summary.failed)} employers failed; the manifest has ${formatNumber(employers - done)} not done.`, TODO.summary);
		}
	}
	return {
		folder,
		kind: 'employers',
		verified: problems.count === 0,
		problems: problems.list,
		problemCount: problems.count,
		employers,
		files,
		records,
		oldestReading: range.oldest,
		newestReading: range.newest,
	};
}

async function verifyProvider(folder: string, summary: Record<string, unknown>, problems: Problems, options: VerifyOptions): Promise<Verdict> {
	const latest = new Map<string, ProviderManifestRow>();
	const known = Object.values(PROVIDER_FILES) as string[];
	const manifest = readManifest(path.join(folder, MANIFEST_FILE), PROVIDER_MANIFEST_COLUMNS, problems, (row, line) => {
		if (!known.includes(row.file)) {
			problems.add(MANIFEST_FILE, `row ${line} names the file "${row.file}", which a training provider's archive does not hold.`, TODO.summary);
			return;
		}
		latest.set(row.file, row);
	});
	checkSummaryManifest(summary, manifest, problems);
	if (manifest) await checkJsonl(folder, PROVIDER_MANIFEST_COLUMNS, manifest.fingerprints, problems);
	const range: { oldest?: string; newest?: string } = {};
	const records: Record<string, number> = {};
	let files = 0;
	let trainings: unknown[] | undefined;
	for (const file of known) {
		const row = latest.get(file);
		if (!row) {
			problems.add(MANIFEST_FILE, `has no row for ${file}: it was never archived.`, TODO.providerRerun);
			continue;
		}
		if (row.status !== 'done') {
			problems.add(file, `was not archived (status "${row.status}"${row.error ? `: ${row.error}` : ''}).`, TODO.providerRerun);
			continue;
		}
		widen(range, row.readAt);
		records[file] = Number(row.records) || 0;
		files += 1;
		// The gateway announces a total of trainings; participants have none of their own (an empty cell is fine).
		const counts = file === PROVIDER_FILES.participants && row.announced === '' ? [row.records, row.rows] : [row.records, row.announced, row.rows];
		if (!counts.every(isInteger) || new Set(counts).size !== 1) {
			problems.add(file, `counts differ in the manifest: ${row.records} read, ${row.announced} announced by the gateway, ${row.rows} rows.`, TODO.providerRerun);
		}
		const isJson = file === PROVIDER_FILES.json;
		const facts = readFile(path.join(folder, file), isJson ? 'json' : 'csv', row.separator === ',' ? ',' : ';');
		compareDigest(file, facts, row.sha256, row.bytes, problems, TODO.providerRerun);
		if (isJson) {
			if (facts.text === undefined) continue;
			try {
				const parsed = JSON.parse(facts.text) as unknown;
				const list = Array.isArray(parsed) ? parsed : (parsed as Record<string, unknown> | null)?.trainings;
				if (!Array.isArray(list)) throw new Error('no list');
				trainings = list;
				if (String(list.length) !== row.rows) problems.add(file, `holds ${plural(list.length, 'training')}; the manifest says ${row.rows}.`, TODO.providerRerun);
			} catch {
				problems.add(file, 'is not readable JSON with a list of trainings: it was changed or cut off.', TODO.providerRerun);
			}
		} else {
			checkCsvShape(file, facts, problems);
			if (facts.exists && facts.header && String(facts.dataRows) !== row.rows) {
				problems.add(file, `has ${plural(facts.dataRows, 'data row')}; the manifest says ${row.rows}.`, TODO.providerRerun);
			}
		}
	}
	const expect = (name: string, said: unknown, found: number | undefined) => {
		if (found !== undefined && said !== found) problems.add(SUMMARY_FILE, `counts ${String(said)} ${name}; the files hold ${formatNumber(found)}.`, TODO.summary);
	};
	expect('trainings', summary.trainings, records[PROVIDER_FILES.json]);
	expect('trainings', summary.trainings, records[PROVIDER_FILES.trainings]);
	expect('participants', summary.participants, records[PROVIDER_FILES.participants]);
	if (summary.announced !== summary.trainings) {
		problems.add(SUMMARY_FILE, `says the gateway announced ${String(summary.announced)} trainings and ${String(summary.trainings)} were read.`, TODO.providerRerun);
	}
	if (trainings) {
		const participants = trainings.reduce<number>((n, t) => n + (Array.isArray((t as Record<string, unknown>)?.participants) ? ((t as Record<string, unknown>).participants as unknown[]).length : 0), 0);
		expect('participants (in providerTrainings.json)', summary.participants, participants);
	}
	options.visit?.provider?.(trainings);
	return {
		folder,
		kind: 'trainingProvider',
		verified: problems.count === 0,
		problems: problems.list,
		problemCount: problems.count,
		employers: 0,
		files,
		records,
		oldestReading: range.oldest,
		newestReading: range.newest,
	};
}

const when = (iso?: string) => (iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : 'an unknown time');

/** The verdict in words: one headline, then one line per problem (at most `max`, default 50). */
export function verdictLines(verdict: Verdict, max = 50): string[] {
	const between =
		verdict.oldestReading === verdict.newestReading ? `on ${when(verdict.oldestReading)}` : `between ${when(verdict.oldestReading)} and ${when(verdict.newestReading)}`;
	if (verdict.verified) {
		const what =
			verdict.kind === 'trainingProvider'
				? `training provider's archive, ${plural(verdict.records[PROVIDER_FILES.json] ?? 0, 'training')}, ${plural(verdict.records[PROVIDER_FILES.participants] ?? 0, 'participant')}, ${plural(verdict.files, 'file')}`
				: `${plural(verdict.employers, 'employer')}, ${plural(verdict.files, 'file')}`;
		return [`Archive verified: ${what}, every file identical to what was read from the FLA ${between}.`];
	}
	const lines = [`NOT verified: ${plural(verdict.problemCount, 'problem')}`];
	const shown = verdict.problems.slice(0, max);
	for (const p of shown) lines.push(`- ${p.file}: ${p.what} ${p.todo}`);
	const left = verdict.problemCount - shown.length;
	if (left > 0) lines.push(`… and ${plural(left, 'more problem')} (run "careerpro-fla-archive verify <folder> --all" to list every one).`);
	return lines;
}
