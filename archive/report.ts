/**
 * The report of an archive: one self-contained HTML file (no server, no network, nothing loaded from elsewhere).
 * The verdict of `verify` and the totals per year are plain HTML; the records travel as compact JSON in
 * `<script type="application/json">` blocks of EMPLOYERS_PER_CHUNK employers each, which the page's script
 * (archive/page.ts) parses only when a page of rows or a search needs them. The first block and the script come
 * before the others, so that the first page of rows shows while the browser still reads the rest. The data blocks are written to a
 * temporary file while the archive is read, employer by employer, so memory holds the indexes, not the records.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FIELDS, HOURS_PER_DAY, RIGHT_UNIT_HOURS } from './format';
import { PAGE_SCRIPT, PAGE_STYLE } from './page';
import { formatNumber, verdictLines, verifyArchive, type Verdict } from './verify';

export const EMPLOYERS_PER_CHUNK = 200;
export const EMPLOYERS_PER_PAGE = 20;

type Rec = Record<string, unknown>;

/** Text for the data blocks: JSON that cannot close its script element or open a comment. */
export function scriptJson(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
const num = (value: unknown): number | null => {
	if (value === undefined || value === null || value === '') return null;
	const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
	return Number.isFinite(n) ? n : null;
};
const yearOf = (value: unknown): number | null => {
	const m = /^(\d{4})/.exec(text(value));
	return m ? Number(m[1]) : num(value);
};
const list = (value: unknown): Rec[] => (Array.isArray(value) ? value.filter((v): v is Rec => !!v && typeof v === 'object') : []);
const round2 = (n: number) => Math.round(n * 100) / 100;

interface YearTotals {
	employers: number;
	trainings: number;
	hours: number;
	workersTrained: number;
	rights: number;
	rightDays: number;
	credits: number;
	companyOptOuts: number;
	workerOptOuts: number;
}

/** Collects the records into chunks (written to `out` as they fill up) and the indexes kept in memory. */
class ReportData {
	private chunk = this.emptyChunk();
	private chunkIndex = 0;
	readonly employers: string[] = [];
	private readonly workers = new Map<string, number[]>();
	private readonly titleIds = new Map<string, number>();
	readonly titles: string[] = [];
	private readonly titleChunks: Array<Map<number, number>> = [];
	readonly years = new Map<number, YearTotals>();

	constructor(private readonly out: number) {}

	private emptyChunk() {
		return { e: [] as unknown[], w: [] as string[], t: [] as unknown[], r: [] as unknown[], c: [] as unknown[], o: [] as unknown[] };
	}

	private yearTotals(year: number): YearTotals {
		let totals = this.years.get(year);
		if (!totals) {
			totals = { employers: 0, trainings: 0, hours: 0, workersTrained: 0, rights: 0, rightDays: 0, credits: 0, companyOptOuts: 0, workerOptOuts: 0 };
			this.years.set(year, totals);
		}
		return totals;
	}

	private local = new Map<string, number>();

	/** The worker's number in the chunk's list of NISS (`w`), which the rows hold; null for none. */
	private worker(ssin: string): number | null {
		if (!ssin) return null;
		let local = this.local.get(ssin);
		if (local === undefined) {
			local = this.chunk.w.length;
			this.chunk.w.push(ssin);
			this.local.set(ssin, local);
		}
		const key = ssin.replace(/\D/g, '');
		if (!key) return local;
		const chunks = this.workers.get(key);
		if (!chunks) this.workers.set(key, [this.chunkIndex]);
		else if (chunks[chunks.length - 1] !== this.chunkIndex) chunks.push(this.chunkIndex);
		return local;
	}

	private title(title: string): number {
		let id = this.titleIds.get(title);
		if (id === undefined) {
			id = this.titles.length;
			this.titleIds.set(title, id);
			this.titles.push(title);
			this.titleChunks.push(new Map());
		}
		const chunks = this.titleChunks[id];
		chunks.set(this.chunkIndex, (chunks.get(this.chunkIndex) ?? 0) + 1);
		return id;
	}

	addEmployer(enterpriseNumber: string, content: Rec | undefined) {
		const ei = this.chunk.e.length;
		const years = new Set<number>(Array.isArray(content?.years) ? (content!.years as unknown[]).map(Number).filter(Number.isFinite) : []);
		const trained = new Map<number, Set<string>>();
		const F = FIELDS;
		for (const t of list(content?.trainings)) {
			const ssin = text(t[F.training.ssin]);
			const hours = num(t[F.training.hours]);
			const year = yearOf(t[F.training.start]);
			this.chunk.t.push([ei, this.worker(ssin), this.title(text(t[F.training.title])), text(t[F.training.start]), text(t[F.training.end]), hours, text(t[F.training.type]), text(t[F.training.status])]);
			if (year === null) continue;
			years.add(year);
			const totals = this.yearTotals(year);
			totals.trainings += 1;
			totals.hours += hours ?? 0;
			let set = trained.get(year);
			if (!set) trained.set(year, (set = new Set()));
			set.add(ssin);
		}
		for (const r of list(content?.trainingRights)) {
			const ssin = text(r[F.trainingRight.ssin]);
			const year = num(r[F.trainingRight.year]);
			const amount = num(r[F.trainingRight.amount]);
			const unit = text(r[F.trainingRight.unit]);
			this.chunk.r.push([ei, this.worker(ssin), year, text(r[F.trainingRight.type]), unit, amount]);
			if (year === null) continue;
			years.add(year);
			const totals = this.yearTotals(year);
			totals.rights += 1;
			totals.rightDays += amount === null ? 0 : unit === RIGHT_UNIT_HOURS ? amount / HOURS_PER_DAY : amount;
		}
		for (const c of list(content?.trainingCredits)) {
			const ssin = text(c[F.trainingCredit.ssin]);
			const year = num(c[F.trainingCredit.year]);
			this.chunk.c.push([ei, this.worker(ssin), year, num(c[F.trainingCredit.rightHours]), num(c[F.trainingCredit.usedHours]), num(c[F.trainingCredit.remainingHours])]);
			if (year === null) continue;
			years.add(year);
			this.yearTotals(year).credits += 1;
		}
		for (const o of list(content?.optOuts)) {
			const year = num(o[F.optOut.year]);
			const ssin = text(o[F.optOut.ssin]);
			const scope = text(o[F.optOut.scope]) || (ssin ? 'worker' : 'company');
			this.chunk.o.push([ei, year, scope, this.worker(ssin)]);
			if (year === null) continue;
			years.add(year);
			const totals = this.yearTotals(year);
			if (scope === 'company') totals.companyOptOuts += 1;
			else totals.workerOptOuts += 1;
		}
		for (const year of years) {
			const totals = this.yearTotals(year);
			totals.employers += 1;
			totals.workersTrained += trained.get(year)?.size ?? 0;
		}
		this.chunk.e.push([enterpriseNumber, [...years].sort(), content === undefined ? 1 : 0]);
		this.employers.push(enterpriseNumber);
		if (this.chunk.e.length === EMPLOYERS_PER_CHUNK) this.flush();
	}

	/** The first block, written before the page's script so that the first page shows before the rest is read. */
	first = '';

	flush() {
		if (this.chunk.e.length === 0) return;
		const block = `<script type="application/json" id="c${this.chunkIndex}">${scriptJson(this.chunk)}</script>\n`;
		if (this.chunkIndex === 0) this.first = block;
		else fs.writeSync(this.out, block);
		this.chunk = this.emptyChunk();
		this.local = new Map();
		this.chunkIndex += 1;
	}

	get chunks() {
		return this.chunkIndex;
	}

	/** Workers sorted by NISS digits, each with the chunks that hold its records. */
	workerIndex(): Array<[string, number[] | number]> {
		return [...this.workers.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([ssin, chunks]) => [ssin, chunks.length === 1 ? chunks[0] : chunks]);
	}

	/** Per title, the chunks that hold it and how many times: `[chunk, count, chunk, count, ...]`. */
	titleIndex(): number[][] {
		return this.titleChunks.map((chunks) => [...chunks.entries()].flat());
	}
}

/** The provider's trainings as pseudo-employers: grouped by the participants' employer (empty when not given). */
function providerEmployers(trainings: unknown[] | undefined): Array<[string, Rec]> {
	const byEmployer = new Map<string, Rec[]>();
	for (const t of list(trainings)) {
		const participants = list(t[FIELDS.training.participants]);
		const rows = participants.length ? participants : [{}];
		for (const p of rows) {
			const employer = text(p[FIELDS.participant.employer]);
			let records = byEmployer.get(employer);
			if (!records) byEmployer.set(employer, (records = []));
			records.push({ ...t, [FIELDS.training.ssin]: text(p[FIELDS.participant.ssin]) });
		}
	}
	return [...byEmployer.keys()].sort().map((employer) => [employer, { enterpriseNumber: employer, trainings: byEmployer.get(employer)! }]);
}

const fmt = (n: number) => {
	const r = round2(n);
	return Number.isInteger(r) ? formatNumber(r) : `${formatNumber(Math.trunc(r))}.${String(r.toFixed(2)).split('.')[1].replace(/0+$/, '')}`;
};

function totalsTable(data: ReportData, provider: boolean): string {
	const years = [...data.years.keys()].sort();
	if (!years.length) return '<p>The archive holds no records.</p>';
	const head = provider
		? ['Year', 'Employers', 'Trainings (one per participant)', 'Participants', 'Training hours', 'Training days']
		: ['Year', 'Employers', 'Trainings', 'Workers trained', 'Training hours', 'Training days', 'Training rights', 'Right days', 'Training credits', 'Opt-outs (company / worker)'];
	const rows = years.map((year) => {
		const t = data.years.get(year)!;
		const cells = provider
			? [String(year), fmt(t.employers), fmt(t.trainings), fmt(t.workersTrained), fmt(t.hours), fmt(t.hours / HOURS_PER_DAY)]
			: [
					String(year),
					fmt(t.employers),
					fmt(t.trainings),
					fmt(t.workersTrained),
					fmt(t.hours),
					fmt(t.hours / HOURS_PER_DAY),
					fmt(t.rights),
					fmt(t.rightDays),
					fmt(t.credits),
					`${fmt(t.companyOptOuts)} / ${fmt(t.workerOptOuts)}`,
				];
		return `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`;
	});
	return `<table class="totals"><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const sha256Base64 = (source: string) => createHash('sha256').update(source, 'utf8').digest('base64');

export interface ReportResult {
	verdict: Verdict;
	bytes: number;
	file: string;
}

/** Verifies the archive and writes the report to `file`. */
export async function writeReport(folder: string, file: string): Promise<ReportResult> {
	const partFile = `${file}.part-${process.pid}`;
	const part = fs.openSync(partFile, 'w');
	const data = new ReportData(part);
	let verdict: Verdict;
	try {
		verdict = await verifyArchive(folder, {
			visit: {
				employer: (enterpriseNumber, content) => data.addEmployer(enterpriseNumber, content),
				provider: (trainings) => {
					for (const [employer, content] of providerEmployers(trainings)) data.addEmployer(employer, content);
				},
			},
		});
		data.flush();
	} finally {
		fs.closeSync(part);
	}
	const provider = verdict.kind === 'trainingProvider';
	const lines = verdictLines(verdict, 50);
	const meta = {
		kind: verdict.kind,
		chunks: data.chunks,
		perChunk: EMPLOYERS_PER_CHUNK,
		perPage: EMPLOYERS_PER_PAGE,
		employers: data.employers.length,
		hoursPerDay: HOURS_PER_DAY,
	};
	const title = provider ? "Training provider's FLA archive" : 'FLA archive';
	const head = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-${sha256Base64(PAGE_SCRIPT)}'; style-src 'sha256-${sha256Base64(PAGE_STYLE)}'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}: report</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="where">Folder: <code>${escapeHtml(folder)}</code>. Report made on ${escapeHtml(new Date().toISOString().slice(0, 16).replace('T', ' '))} UTC by careerpro-fla-archive. Training days count ${escapeHtml(String(HOURS_PER_DAY))} hours a day.</p>
</header>
<section id="verdict" class="${verdict.verified ? 'ok' : 'bad'}" aria-live="polite">
<h2>${escapeHtml(lines[0])}</h2>
${lines.length > 1 ? `<ul>${lines.slice(1).map((l) => `<li>${escapeHtml(l.replace(/^- /, ''))}</li>`).join('')}</ul>` : ''}
</section>
<section id="totals">
<h2>Totals per year</h2>
${totalsTable(data, provider)}
</section>
<section id="browse">
<h2>Find</h2>
<form id="search" role="search">
<label for="q">NISS of a worker, enterprise number of an employer, or part of a training's name</label>
<input id="q" name="q" type="search" autocomplete="off" spellcheck="false" placeholder="85.07.30-033.28, 0202.239.951 or Excel">
<button type="submit">Search</button>
<button type="button" id="all">All employers</button>
</form>
<div id="results" data-state="loading"><p>Loading… (the page needs JavaScript; the totals above need none)</p></div>
</section>
`;
	const out = fs.openSync(file, 'w');
	try {
		fs.writeSync(out, head);
		// The first page's data and the script come first: the browser shows the first page while it reads the rest.
		fs.writeSync(out, `<script type="application/json" id="meta">${scriptJson(meta)}</script>\n`);
		fs.writeSync(out, data.first);
		fs.writeSync(out, `<script>${PAGE_SCRIPT}</script>\n`);
		const buffer = Buffer.alloc(1 << 20);
		const input = fs.openSync(partFile, 'r');
		try {
			for (;;) {
				const n = fs.readSync(input, buffer, 0, buffer.length, null);
				if (n === 0) break;
				fs.writeSync(out, buffer, 0, n);
			}
		} finally {
			fs.closeSync(input);
		}
		fs.writeSync(out, `<script type="application/json" id="employers">${scriptJson(data.employers)}</script>\n`);
		fs.writeSync(out, `<script type="application/json" id="workers">${scriptJson(data.workerIndex())}</script>\n`);
		fs.writeSync(out, `<script type="application/json" id="titles">${scriptJson({ titles: data.titles, chunks: data.titleIndex() })}</script>\n`);
		fs.writeSync(out, '</body>\n</html>\n');
	} finally {
		fs.closeSync(out);
		fs.rmSync(partFile, { force: true });
	}
	return { verdict, bytes: fs.statSync(file).size, file: path.resolve(file) };
}
