/**
 * Writes an archive folder in format 2 (/work ARCHIVE-FORMAT: the employer archive of `1-archive-before-erasure.json`
 * and the training provider's of `1-archive-training-provider.json`) from records, computing digests, sizes and
 * counts itself: the archives the tests of `careerpro-fla-archive` check, and the generator of the 20,000-employer
 * archive of the browser check. Written employer by employer, so memory stays small at any size. It shares no code
 * with archive/ (its CSV writer is its own), so that a fault in one is not copied into the other.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { enterpriseNumbers } from '../sandbox/archiveSeed';
import { ssinFrom, TRAINING_TITLES } from '../sandbox/seed';

type Rec = Record<string, unknown>;
export const ARCHIVE_RESOURCES = ['trainings', 'trainingRights', 'trainingCredits', 'optOuts'] as const;
export type ArchiveResource = (typeof ARCHIVE_RESOURCES)[number];

export interface ArchiveEmployer {
	enterpriseNumber: string;
	years?: number[];
	trainings?: Rec[];
	trainingRights?: Rec[];
	trainingCredits?: Rec[];
	optOuts?: Rec[];
	/** When the node finished reading it (default: options.readAt). */
	readAt?: string;
	/** Writes 'failed' rows with this error and no files. */
	failed?: string;
}

export interface ArchiveOptions {
	separator?: ';' | ',';
	readAt?: string;
	time?: string;
	years?: number[];
}

/** Columns of a CSV with no records (the header is always written). */
const EMPTY_COLUMNS: Record<ArchiveResource, string[]> = {
	trainings: ['trainingId', 'ssin', 'title', 'trainingType', 'startDate', 'endDate', 'durationHours', 'status'],
	trainingRights: ['trainingRightId', 'ssin', 'year', 'rightType', 'unit', 'amount'],
	trainingCredits: ['ssin', 'year', 'rightHours', 'usedHours', 'remainingHours'],
	optOuts: ['year', 'scope', 'ssin'],
};

const MANIFEST = [
	'enterpriseNumber', 'resource', 'years', 'status', 'records', 'announced', 'csvRows', 'jsonRecords', 'csvFile', 'csvSha256',
	'csvBytes', 'jsonFile', 'jsonSha256', 'jsonBytes', 'readAt', 'time', 'separator', 'error',
];
const PROVIDER_MANIFEST = ['file', 'records', 'announced', 'rows', 'sha256', 'bytes', 'readAt', 'time', 'separator', 'status', 'error'];

/** One CSV cell by the format's rules: neutralised text gets a leading ' and quotes; quotes doubled. */
export function csvCell(value: unknown, separator: string): string {
	if (value === undefined || value === null) return '';
	const isText = typeof value === 'string' || typeof value === 'object';
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	const neutralise = isText && /^[=+\-@\t\r]/.test(text);
	const body = neutralise ? `'${text}` : text;
	const quote = neutralise || body.includes(separator) || /["\r\n]/.test(body);
	return quote ? `"${body.replace(/"/g, '""')}"` : body;
}

export function csvText(records: Rec[], separator: string, emptyColumns: string[]): string {
	const columns: string[] = [];
	for (const record of records) for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
	const header = columns.length ? columns : emptyColumns;
	const lines = [header.map((c) => csvCell(c, separator)).join(separator)];
	for (const record of records) lines.push(columns.map((c) => csvCell(record[c], separator)).join(separator));
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** A manifest cell: quoted when it holds a comma, a quote or a line break (the manifest's values are not neutralised). */
const manifestCell = (value: unknown) => {
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Appends rows to manifest.csv and manifest.jsonl (header first). */
class ManifestWriter {
	private readonly csv: number;
	private readonly jsonl: number;
	constructor(folder: string, private readonly columns: string[]) {
		this.csv = fs.openSync(path.join(folder, 'manifest.csv'), 'w');
		this.jsonl = fs.openSync(path.join(folder, 'manifest.jsonl'), 'w');
		fs.writeSync(this.csv, columns.join(',') + '\r\n');
	}
	row(values: Rec) {
		fs.writeSync(this.csv, this.columns.map((c) => manifestCell(values[c] ?? '')).join(',') + '\r\n');
		fs.writeSync(this.jsonl, JSON.stringify(Object.fromEntries(this.columns.map((c) => [c, values[c] ?? '']))) + '\n');
	}
	close() {
		fs.closeSync(this.csv);
		fs.closeSync(this.jsonl);
	}
}

export interface WrittenArchive {
	folder: string;
	summary: Rec;
	employers: number;
	files: number;
}

/** Writes an employer archive into `folder` (created when missing). */
export function writeArchive(folder: string, employers: Iterable<ArchiveEmployer>, options: ArchiveOptions = {}): WrittenArchive {
	fs.mkdirSync(folder, { recursive: true });
	const separator = options.separator ?? ';';
	const readAt = options.readAt ?? '2026-12-04T10:00:00.000Z';
	const time = options.time ?? '2026-12-04T10:05:00.000Z';
	const manifest = new ManifestWriter(folder, MANIFEST);
	const records: Record<string, number> = { trainings: 0, trainingRights: 0, trainingCredits: 0, optOuts: 0 };
	let count = 0;
	let done = 0;
	let files = 0;
	let oldest: string | undefined;
	const failedEmployers: Rec[] = [];
	const yearsAsked = options.years ?? [2023, 2024, 2025, 2026];
	for (const employer of employers) {
		count += 1;
		const years = employer.years ?? yearsAsked;
		const base = { enterpriseNumber: employer.enterpriseNumber, years: years.join(' '), time, separator };
		if (employer.failed) {
			for (const resource of ARCHIVE_RESOURCES) manifest.row({ ...base, resource, status: 'failed', error: employer.failed });
			failedEmployers.push({ enterpriseNumber: employer.enterpriseNumber, errors: [employer.failed] });
			continue;
		}
		done += 1;
		const read = employer.readAt ?? readAt;
		if (!oldest || read < oldest) oldest = read;
		const content: Rec = { enterpriseNumber: employer.enterpriseNumber, years };
		for (const resource of ARCHIVE_RESOURCES) content[resource] = employer[resource] ?? [];
		const json = JSON.stringify(content, null, 1) + '\n';
		const jsonFile = `${employer.enterpriseNumber}.json`;
		fs.writeFileSync(path.join(folder, jsonFile), json);
		files += 1;
		for (const resource of ARCHIVE_RESOURCES) {
			const list = employer[resource] ?? [];
			const csv = csvText(list, separator, EMPTY_COLUMNS[resource]);
			const csvFile = `${employer.enterpriseNumber}-${resource}.csv`;
			fs.writeFileSync(path.join(folder, csvFile), csv);
			files += 1;
			records[resource] += list.length;
			const n = list.length;
			manifest.row({
				...base,
				resource,
				status: 'done',
				records: n,
				announced: n,
				csvRows: n,
				jsonRecords: n,
				csvFile,
				csvSha256: sha256(csv),
				csvBytes: Buffer.byteLength(csv),
				jsonFile,
				jsonSha256: sha256(json),
				jsonBytes: Buffer.byteLength(json),
				readAt: read,
			});
		}
	}
	manifest.close();
	const manifestBytes = fs.readFileSync(path.join(folder, 'manifest.csv'));
	const summary = {
		format: 2,
		verified: failedEmployers.length === 0,
		reasons: failedEmployers.length ? [`${failedEmployers.length} employer(s) failed`] : [],
		employers: count,
		done,
		failed: count - done,
		alreadyCompleteBeforeThisRun: 0,
		archivedInThisRun: done,
		yearsAsked,
		yearsHeld: yearsAsked,
		yearsLeftOut: [],
		oldestReading: oldest ?? readAt,
		readAgainBefore: '2026-12-01T10:00:00.000Z',
		records,
		filesChecked: files,
		filesMismatched: 0,
		failedEmployers,
		separator,
		manifest: 'manifest.csv',
		manifestSha256: sha256(manifestBytes),
		manifestBytes: manifestBytes.length,
		folder: '/home/node/.n8n-files/fla-archive',
	};
	fs.writeFileSync(path.join(folder, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
	return { folder, summary, employers: count, files };
}

/** Writes summary.json again with the digest and size of manifest.csv as it is now (after a test edited it). */
export function resealManifest(folder: string) {
	const summaryFile = path.join(folder, 'summary.json');
	const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Rec;
	const manifest = fs.readFileSync(path.join(folder, 'manifest.csv'));
	summary.manifestSha256 = sha256(manifest);
	summary.manifestBytes = manifest.length;
	fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 1) + '\n');
}

/** Writes a training provider's archive: providerTrainings.json and its two CSV files, manifest, summary. */
export function writeProviderArchive(folder: string, trainings: Rec[], options: ArchiveOptions = {}): WrittenArchive {
	fs.mkdirSync(folder, { recursive: true });
	const separator = options.separator ?? ';';
	const readAt = options.readAt ?? '2026-12-04T10:00:00.000Z';
	const time = options.time ?? '2026-12-04T10:05:00.000Z';
	const participants = trainings.flatMap((t) =>
		((t.participants as Rec[] | undefined) ?? []).map((p) => ({ trainingId: t.trainingId, title: t.title, startDate: t.startDate, ssin: p.ssin, employerEnterpriseNumber: p.employerEnterpriseNumber ?? '' })),
	);
	const files: Array<[string, string, number]> = [
		['providerTrainings.json', JSON.stringify(trainings, null, 1) + '\n', trainings.length],
		['providerTrainings.csv', csvText(trainings.map(({ participants: list, ...t }) => ({ ...t, participants: ((list as unknown[]) ?? []).length })), separator, EMPTY_COLUMNS.trainings), trainings.length],
		['providerTrainingParticipants.csv', csvText(participants, separator, ['trainingId', 'title', 'startDate', 'ssin', 'employerEnterpriseNumber']), participants.length],
	];
	const manifest = new ManifestWriter(folder, PROVIDER_MANIFEST);
	for (const [file, text, n] of files) {
		fs.writeFileSync(path.join(folder, file), text);
		manifest.row({ file, records: n, announced: n, rows: n, sha256: sha256(text), bytes: Buffer.byteLength(text), readAt, time, separator, status: 'done', error: '' });
	}
	manifest.close();
	const manifestBytes = fs.readFileSync(path.join(folder, 'manifest.csv'));
	const summary = {
		format: 2,
		kind: 'trainingProvider',
		verified: true,
		reasons: [],
		trainings: trainings.length,
		announced: trainings.length,
		participants: participants.length,
		oldestReading: readAt,
		manifestSha256: sha256(manifestBytes),
		manifestBytes: manifestBytes.length,
		separator,
	};
	fs.writeFileSync(path.join(folder, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
	return { folder, summary, employers: 0, files: files.length };
}

export interface GeneratedOptions {
	employers: number;
	/** Trainings per employer (default 6) among `workers` workers (default 3), over `years` (default 2023-2026). */
	trainings?: number;
	workers?: number;
	years?: number[];
}

/**
 * Realistic employers, deterministic: valid enterprise numbers, workers with NISS numbers valid by mod 97, several
 * trainings each (hours, dates), one individual training right per worker and year, the credits that follow, and an
 * opt-out in the first year. A generator: the employers are made one at a time.
 */
/** The NISS of worker `w` of employer `e`: a birth date and a sequence number, valid by mod 97. */
const workerOf = (e: number, w: number) =>
	ssinFrom(`${1960 + ((e + w * 7) % 45)}-${String(1 + ((e + w) % 12)).padStart(2, '0')}-${String(1 + ((e * 3 + w) % 28)).padStart(2, '0')}`, 1 + ((e * 13 + w * 101) % 997));

export function* generatedEmployers(options: GeneratedOptions): Generator<ArchiveEmployer> {
	const years = options.years ?? [2023, 2024, 2025, 2026];
	const perEmployer = options.trainings ?? 6;
	const workerCount = options.workers ?? 3;
	const numbers = enterpriseNumbers(options.employers);
	for (let e = 0; e < numbers.length; e++) {
		// Every 50th employer also employs the first worker of the employer before it (a worker who changed jobs).
		const workers = Array.from({ length: workerCount }, (_, w) => (w === workerCount - 1 && e % 50 === 49 ? workerOf(e - 1, 0) : workerOf(e, w)));
		const trainings: Rec[] = [];
		for (let t = 0; t < perEmployer; t++) {
			const year = years[(e + t) % years.length];
			const month = String(1 + ((e + t * 5) % 12)).padStart(2, '0');
			const day = String(1 + ((e * 7 + t) % 27)).padStart(2, '0');
			const hours = [3.8, 7.6, 4, 15.2, 8, 22.8][(e + t) % 6];
			trainings.push({
				trainingId: `TR-${String(e * perEmployer + t + 1).padStart(7, '0')}`,
				ssin: workers[t % workers.length],
				title: TRAINING_TITLES[(e * 3 + t) % TRAINING_TITLES.length],
				trainingType: t % 3 === 2 ? 'informal' : 'formal',
				startDate: `${year}-${month}-${day}`,
				endDate: `${year}-${month}-${day}`,
				durationHours: hours,
				status: 'completed',
				countsTowardsTrainingRight: true,
				createdAt: '2025-01-10T08:00:00.000Z',
				updatedAt: '2025-01-10T08:00:00.000Z',
			});
		}
		const trainingRights = workers.flatMap((ssin, w) =>
			years.map((year, y) => ({ trainingRightId: `TRR-${e}-${w}-${y}`, ssin, year, rightType: 'individual', unit: 'days', amount: year >= 2024 ? 5 : 4 })),
		);
		const trainingCredits = workers.flatMap((ssin) =>
			years.map((year) => {
				const right = (year >= 2024 ? 5 : 4) * 7.6;
				const used = trainings.filter((t) => t.ssin === ssin && String(t.startDate).startsWith(String(year))).reduce((n, t) => n + (t.durationHours as number), 0);
				return { ssin, year, rightHours: Math.round(right * 100) / 100, usedHours: Math.round(used * 100) / 100, remainingHours: Math.round((right - used) * 100) / 100 };
			}),
		);
		yield {
			enterpriseNumber: numbers[e],
			years,
			trainings,
			trainingRights,
			trainingCredits,
			optOuts: e % 10 === 0 ? [{ year: years[0], scope: 'company', ssin: '' }] : e % 10 === 1 ? [{ year: years[1], scope: 'worker', ssin: workers[0] }] : [],
		};
	}
}
