/**
 * End-to-end checks of the archive workflows (test/fixtures/workflows/1-archive-before-erasure.json and the
 * sub-workflow 1-archive-batch.json) in the real n8n CLI, called by run.ts:
 * - the example as a user imports it: a mandatary archives its two client employers of the demo data;
 * - the resume test: 300 employers (30 trainings, 5 rights, credits and opt-outs of 2 years each), the n8n process
 *   killed (SIGKILL) in the middle of the run, then run again. The second run must read every employer the first
 *   did not complete exactly once and no other, end complete and verified, and its files and manifest must hold
 *   the sandbox's data. One employer without a mandate and one whose reads all answer 503 fail in the first run and
 *   are done after the second (the mandate is given and the outage ends in between).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { YEARS_HELD } from '../../nodes/CareerProFla/shared/contract';

import { archiveData, expectedCounts } from '../sandbox/archiveSeed';
import type { Sandbox } from '../sandbox/server';
import {
	ARCHIVE_FILE,
	BATCH_FILE,
	RESOURCES,
	importArchive,
	manifestRowCount,
	parseCsv,
	prepareArchiveWorkflows,
	readManifest,
	runArchive,
	type ArchiveRun,
} from './archive';
import { ENTERPRISES, Missing, REPO_DIR, seconds, type N8nSession, type SandboxWorld } from './n8n';

type Check = (name: string, fn: () => Promise<string | string[] | void>) => Promise<boolean>;

/** The fixtures these checks run: run.ts leaves them out of its loop over the example workflows. */
export const ARCHIVE_FIXTURES = [ARCHIVE_FILE, BATCH_FILE].map((file) => path.basename(file, '.json'));

/** Requests a full archive of one employer sends: one page each of trainings and rights, credits and opt-outs per year. */
const REQUESTS_PER_EMPLOYER = (years: number) => 2 + 2 * years;

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

function failure(run: ArchiveRun): string {
	const error = run.json?.data.resultData.error;
	if (error) return `node "${error.node?.name ?? '?'}": ${error.message ?? ''} ${error.description ?? ''}`;
	return `exit code ${run.exitCode}:\n${(run.stdout + run.stderr).trim().split('\n').slice(-15).join('\n')}`;
}

/** What the archive's Summary node gives (and summary.json holds). */
interface Summary {
	verified: boolean;
	reasons: string[];
	employers: number;
	done: number;
	failed: number;
	alreadyCompleteBeforeThisRun: number;
	checkedFromEarlierRuns: number;
	readAgainBecauseOld: number;
	yearsAsked: number[];
	yearsLeftOut: number[];
	oldestReading: string;
	records: Record<string, number>;
	filesChecked: number;
	filesMismatched: number;
	failedEmployers: Array<{ enterpriseNumber: string; errors: string[] }>;
	manifestSha256: string;
}

/** `careerpro-fla-archive verify <folder>`, the package's offline check (built by `npm run build`). */
function verifyOffline(folder: string): { status: number | null; output: string } {
	const result = spawnSync(process.execPath, [path.join(REPO_DIR, 'archive', 'dist', 'cli.js'), 'verify', folder], { encoding: 'utf8', timeout: 120_000 });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * Every file of the employers against manifest.csv's latest rows (SHA-256 and size), the CSV files as spreadsheets
 * want them (byte-order mark, semicolons), and summary.json's digest of manifest.csv against the file.
 */
function checkDigests(folder: string, employers: string[], summary: Summary): string {
	const manifest = readManifest(folder);
	const files = new Set<string>();
	for (const e of employers) {
		for (const r of RESOURCES) {
			const row = manifest.get(`${e} ${r}`);
			assert(row?.status === 'done', `manifest row ${e} ${r} is ${JSON.stringify(row)}`);
			for (const [name, digest, bytes] of [[row.csvFile, row.csvSha256, row.csvBytes], [row.jsonFile, row.jsonSha256, row.jsonBytes]]) {
				const file = path.join(folder, name);
				assert(fs.existsSync(file), `${name}, named by the manifest, is not in the folder`);
				assert(sha256(file) === digest && fs.statSync(file).size === Number(bytes), `${name}: SHA-256 ${sha256(file)} and ${fs.statSync(file).size} bytes on disk, ${digest} and ${bytes} in the manifest`);
				files.add(name);
			}
			const csv = fs.readFileSync(path.join(folder, row.csvFile), 'utf8');
			assert(csv.startsWith('\uFEFF') && csv.split('\r\n', 1)[0].includes(';'), `${row.csvFile} does not start with a byte-order mark and a header separated by semicolons: ${JSON.stringify(csv.slice(0, 60))}`);
		}
	}
	const written = JSON.parse(fs.readFileSync(path.join(folder, 'summary.json'), 'utf8')) as Summary;
	assert(written.manifestSha256 === sha256(path.join(folder, 'manifest.csv')) && written.manifestSha256 === summary.manifestSha256, `summary.json's manifestSha256 ${written.manifestSha256}, manifest.csv's ${sha256(path.join(folder, 'manifest.csv'))}`);
	return `${files.size} files' digests and sizes equal manifest.csv's (each CSV with a byte-order mark and semicolons); summary.json's manifestSha256 equals manifest.csv's`;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
const csvDataRows = (file: string) => parseCsv(fs.readFileSync(file, 'utf8')).length - 1;

/**
 * Compares an employer's files (`<number>.json` with every resource, `<number>-<resource>.csv` for each) with the
 * sandbox's own data; returns the record counts it found.
 */
function checkFiles(folder: string, sandbox: Sandbox, enterpriseNumber: string, years: number[]) {
	const data = sandbox.data();
	const counts = expectedCounts({ ...data, years }, enterpriseNumber);
	const jsonFile = path.join(folder, `${enterpriseNumber}.json`);
	const csvFile = (resource: string) => path.join(folder, `${enterpriseNumber}-${resource}.csv`);
	assert(fs.existsSync(jsonFile), `${enterpriseNumber}: ${path.basename(jsonFile)} was not written`);
	const written = readJson(jsonFile);
	assert(written.enterpriseNumber === enterpriseNumber, `${path.basename(jsonFile)} is about ${String(written.enterpriseNumber)}`);
	const recordsOf = (resource: string) => (written[resource] ?? []) as Array<Record<string, unknown>>;
	for (const resource of RESOURCES) {
		assert(fs.existsSync(csvFile(resource)), `${enterpriseNumber}: ${path.basename(csvFile(resource))} was not written`);
		const json = recordsOf(resource);
		assert(json.length === counts[resource], `${enterpriseNumber}.json holds ${json.length} ${resource}, the sandbox ${counts[resource]}`);
		const rows = counts[resource] === 0 ? 0 : csvDataRows(csvFile(resource));
		assert(rows === counts[resource], `${enterpriseNumber}-${resource}.csv holds ${rows} rows, the sandbox ${counts[resource]}`);
	}
	// The records themselves: every training and right of the employer, field for field.
	const byId = <T extends Record<string, unknown>>(records: T[], id: string) => new Map(records.map((r) => [String(r[id]), r]));
	const trainings = byId(recordsOf('trainings'), 'trainingId');
	for (const stored of data.trainings.filter((t) => t.enterpriseNumber === enterpriseNumber)) {
		const record = trainings.get(stored.trainingId);
		assert(record, `${enterpriseNumber}: training ${stored.trainingId} is missing from its file`);
		for (const [key, value] of Object.entries(stored)) {
			if (key === 'enterpriseNumber') continue;
			assert(JSON.stringify(record[key]) === JSON.stringify(value), `${enterpriseNumber}: training ${stored.trainingId} has ${key} ${JSON.stringify(record[key])} in its file, ${JSON.stringify(value)} in the sandbox`);
		}
	}
	const rights = byId(recordsOf('trainingRights'), 'trainingRightId');
	for (const stored of data.trainingRights.filter((r) => r.enterpriseNumber === enterpriseNumber)) {
		assert(rights.get(stored.trainingRightId)?.amount === stored.amount, `${enterpriseNumber}: training right ${stored.trainingRightId} differs from the sandbox's`);
	}
	const optOuts = recordsOf('optOuts').map((o) => `${String(o.year)} ${String(o.ssin || '')}`).sort();
	const storedOptOuts = data.optOuts.filter((o) => o.enterpriseNumber === enterpriseNumber && years.includes(o.year)).map((o) => `${o.year} ${o.ssin ?? ''}`).sort();
	assert(JSON.stringify(optOuts) === JSON.stringify(storedOptOuts), `${enterpriseNumber}: opt-outs ${JSON.stringify(optOuts)} in its file, ${JSON.stringify(storedOptOuts)} in the sandbox`);
	return counts;
}

export async function archiveChecks(check: Check, session: N8nSession | undefined, world: SandboxWorld | undefined, workDir: string, ready: boolean): Promise<void> {
	const needs = () => {
		if (!ready || !session || !world) throw new Missing('the package, the sandbox or the credentials are not ready');
		return { s: session, sandbox: world.sandbox as unknown as Sandbox };
	};

	await check(`example workflow ${ARCHIVE_FILE} (batches sent to ${BATCH_FILE}): a mandatary archives its two client employers`, async () => {
		const { s, sandbox } = needs();
		const folder = path.join(s.filesDir, 'fla-archive');
		fs.mkdirSync(folder, { recursive: true });
		// The Settings as shipped, but for the employers and the folder: the years are every year the FLA holds.
		const employers = [ENTERPRISES.clientA, ENTERPRISES.clientB];
		const id = await importArchive(s, workDir, prepareArchiveWorkflows('provider', { employers: employers.join(', '), folder }));
		const run = await runArchive(s, id, { folder });
		assert(run.exitCode === 0 && run.summary, failure(run));
		const summary = run.summary as unknown as Summary;
		assert(JSON.stringify(summary.yearsAsked) === JSON.stringify(YEARS_HELD), `the example as shipped reads the years ${JSON.stringify(summary.yearsAsked)}, the FLA holds ${JSON.stringify(YEARS_HELD)}`);
		assert(summary.employers === 2 && summary.done === 2 && summary.failed === 0 && summary.verified, `Summary: ${JSON.stringify(summary).slice(0, 600)}`);
		const lines = [`n8n execute ${seconds(run.ms)}, n8n peak RSS ${run.peakRssMb} MB; Summary: ${JSON.stringify({ done: summary.done, records: summary.records, verified: summary.verified, oldestReading: summary.oldestReading })}`];
		for (const employer of employers) lines.push(`${employer}: files equal the sandbox's data ${JSON.stringify(checkFiles(folder, sandbox, employer, [...YEARS_HELD]))}`);
		for (const name of ['manifest.csv', 'manifest.jsonl', 'summary.json']) assert(fs.existsSync(path.join(folder, name)), `${name} was not written`);
		lines.push(checkDigests(folder, employers, summary));
		return lines;
	});

	await check('archive of 300 employers: n8n killed in the middle, run again: complete, each employer read once after the kill, files and manifest equal to the sandbox', async () => {
		const { s, sandbox } = needs();
		const years = [...YEARS_HELD];
		const data = archiveData({ employers: 300, years });
		sandbox.seed(data);
		const [, noMandate, unavailable] = data.employers;
		const provider = sandbox.clients().find((c) => c.quality === 'provider');
		assert(provider, 'the sandbox has no mandatary');
		const mandates = provider.mandates ?? [];
		sandbox.addClient({ ...provider, mandates: [...mandates, ...data.employers.filter((e) => e !== noMandate)] });
		sandbox.setKnobs({ unavailableEnterprises: [unavailable], retryAfterSeconds: 0 });

		const folder = path.join(s.filesDir, 'fla-archive-300');
		fs.mkdirSync(folder, { recursive: true });
		// The employers come from a CSV file as a user exports it: semicolons, another column, BE-prefixed numbers.
		const employersFile = path.join(s.filesDir, 'clients.csv');
		fs.writeFileSync(employersFile, 'name;enterpriseNumber\r\n' + data.employers.map((e, i) => `Client ${i + 1};BE ${e.slice(0, 4)}.${e.slice(4, 7)}.${e.slice(7)}`).join('\r\n') + '\r\n');
		const batchSize = 25;
		const id = await importArchive(s, workDir, prepareArchiveWorkflows('provider', { employers: '', employersFile, folder, batchSize }));
		const requests = () => ({ ...sandbox.stats().requestsByEnterprise });

		// Run 1, killed once a third of the manifest is written.
		const killAt = Math.round((data.employers.length * RESOURCES.length) / 3);
		const first = await runArchive(s, id, { folder, killAfterRows: killAt });
		assert(first.killed, `the first run ended (exit ${first.exitCode}) before manifest.csv held ${killAt} rows: ${failure(first)}`);
		const afterKill = requests();
		const rowsAfterKill = manifestRowCount(folder);
		const manifest1 = readManifest(folder);
		const complete1 = data.employers.filter((e) => RESOURCES.every((r) => manifest1.get(`${e} ${r}`)?.status === 'done'));
		for (const e of [noMandate, unavailable]) {
			for (const r of RESOURCES) assert(manifest1.get(`${e} ${r}`)?.status === 'failed', `after the first run, ${e} ${r} is ${JSON.stringify(manifest1.get(`${e} ${r}`))}, expected failed`);
		}
		const noMandateError = manifest1.get(`${noMandate} trainings`)?.error ?? '';
		const unavailableError = manifest1.get(`${unavailable} trainings`)?.error ?? '';
		assert(/mandate/i.test(noMandateError), `the manifest's error for ${noMandate} does not say the mandate is missing: ${noMandateError}`);
		assert(/unavailable/i.test(unavailableError), `the manifest's error for ${unavailable} does not say the gateway was unavailable: ${unavailableError}`);
		assert(complete1.length > 0 && complete1.length < data.employers.length - 2, `the kill came at a bad time: ${complete1.length} employers complete`);

		// The mandate is given and the outage ends; run 2.
		sandbox.addClient({ ...provider, mandates: [...mandates, ...data.employers] });
		sandbox.setKnobs({ unavailableEnterprises: [] });
		const second = await runArchive(s, id, { folder });
		assert(second.exitCode === 0 && second.summary, failure(second));
		const summary = second.summary as unknown as Summary;
		assert(summary.employers === 300 && summary.done === 300 && summary.failed === 0 && summary.verified && summary.filesMismatched === 0, `Summary after the second run: ${JSON.stringify(summary).slice(0, 800)}`);
		assert(summary.alreadyCompleteBeforeThisRun === complete1.length, `the second run skipped ${summary.alreadyCompleteBeforeThisRun} employers, the first manifest shows ${complete1.length} complete`);
		// The employers complete before the kill were not read again, but their files were checked against the manifest.
		assert(summary.checkedFromEarlierRuns === complete1.length && summary.filesChecked === 300 * 5, `the second run checked ${summary.checkedFromEarlierRuns} earlier employers and ${summary.filesChecked} files (expected ${complete1.length} and 1500)`);

		// Requests of the second run, per employer: none for those complete before, one full archive for the others.
		const afterSecond = requests();
		const perEmployer = REQUESTS_PER_EMPLOYER(years.length);
		const complete = new Set(complete1);
		const wrong: string[] = [];
		for (const e of data.employers) {
			const sent = (afterSecond[e] ?? 0) - (afterKill[e] ?? 0);
			const expected = complete.has(e) ? 0 : perEmployer;
			if (sent !== expected) wrong.push(`${e}: ${sent} requests (expected ${expected})`);
		}
		assert(wrong.length === 0, `the second run did not read each unfinished employer exactly once:\n${wrong.slice(0, 10).join('\n')}`);

		// Files and the final manifest against the sandbox's data.
		const manifest = readManifest(folder);
		const totals: Record<string, number> = {};
		for (const e of data.employers) {
			const counts = checkFiles(folder, sandbox, e, years);
			for (const r of RESOURCES) {
				const row = manifest.get(`${e} ${r}`);
				assert(row?.status === 'done' && Number(row.records) === counts[r] && Number(row.announced) === counts[r], `manifest row ${e} ${r} is ${JSON.stringify(row)}, the sandbox holds ${counts[r]}`);
				totals[r] = (totals[r] ?? 0) + counts[r];
			}
		}
		assert(JSON.stringify(summary.records) === JSON.stringify(totals), `Summary records ${JSON.stringify(summary.records)}, the sandbox ${JSON.stringify(totals)}`);
		// manifest.jsonl holds the same rows as manifest.csv, one JSON object a line; its latest rows are all done.
		const jsonl = new Map<string, { status: string; records: number }>();
		for (const line of fs.readFileSync(path.join(folder, 'manifest.jsonl'), 'utf8').split('\n').filter(Boolean)) {
			const row = JSON.parse(line) as { enterpriseNumber: string; resource: string; status: string; records: number };
			jsonl.set(`${row.enterpriseNumber} ${row.resource}`, row);
		}
		assert(jsonl.size === data.employers.length * RESOURCES.length, `manifest.jsonl holds ${jsonl.size} employer-resource rows`);
		for (const [key, row] of jsonl) assert(row.status === 'done' && row.records === Number(manifest.get(key)?.records), `manifest.jsonl's ${key} is ${JSON.stringify(row)}, manifest.csv's ${JSON.stringify(manifest.get(key))}`);
		const reread = data.employers.length - complete1.length;
		return [
			`run 1 killed after ${seconds(first.ms)} with ${complete1.length} employers complete in manifest.csv (${rowsAfterKill} rows; peak RSS ${first.peakRssMb} MB); ${noMandate} (no mandate) and ${unavailable} (503) failed: "${noMandateError.slice(0, 80)}…", "${unavailableError.slice(0, 60)}…"`,
			`run 2: ${seconds(second.ms)}, peak RSS ${second.peakRssMb} MB; read ${reread} employers once each (${perEmployer} requests each), ${complete1.length} not at all`,
			`Summary: employers ${summary.employers}, done ${summary.done}, failed ${summary.failed}, records ${JSON.stringify(summary.records)}, files checked ${summary.filesChecked}, mismatched ${summary.filesMismatched}`,
			`every employer's 5 files and its 4 manifest rows equal the sandbox's data`,
			checkDigests(folder, data.employers, summary),
			(() => {
				const offline = verifyOffline(folder);
				assert(offline.status === 0, `careerpro-fla-archive verify: exit ${offline.status}\n${offline.output.slice(0, 800)}`);
				return `careerpro-fla-archive verify: exit 0, "${offline.output.split('\n')[0]}"`;
			})(),
		];
	});

	await check('the archive says verified only when it proves it: empty run, years left out, a failed write, a changed, cut or deleted file, an old reading; a formula opens as text', async () => {
		const { s, sandbox } = needs();
		const data = archiveData({ employers: 3, years: [...YEARS_HELD], trainingsPerEmployer: 4, firstNumber: 5_000_000 });
		// Data registered through other channels comes back as it is: a title a spreadsheet would run as a formula.
		const formula = '=HYPERLINK("http://example.com/x","click")';
		const [first, second, third] = data.employers;
		const titled = data.trainings.find((t) => t.enterpriseNumber === first);
		assert(titled, 'the seed has no training');
		titled.title = formula;
		sandbox.seed(data);
		const provider = sandbox.clients().find((c) => c.quality === 'provider');
		assert(provider, 'the sandbox has no mandatary');
		sandbox.addClient({ ...provider, mandates: [...(provider.mandates ?? []), ...data.employers] });
		const folder = path.join(s.filesDir, 'fla-archive-proof');
		fs.mkdirSync(folder, { recursive: true });
		const lines: string[] = [];
		const run = async (settings: { employers?: string; years?: string; readAgainBefore?: string }, label: string) => {
			const id = await importArchive(s, workDir, prepareArchiveWorkflows('provider', { employers: data.employers.join(', '), folder, ...settings }));
			const result = await runArchive(s, id, { folder });
			assert(result.exitCode === 0 && result.summary, `${label}: ${failure(result)}`);
			const summary = result.summary as unknown as Summary;
			lines.push(`${label}: verified ${summary.verified}${summary.reasons.length ? `, "${summary.reasons.join(' ').slice(0, 160)}"` : ''} (${seconds(result.ms)})`);
			return summary;
		};
		const requests = () => data.employers.reduce((n, e) => n + (sandbox.stats().requestsByEnterprise[e] ?? 0), 0);

		// An empty run proves nothing.
		const empty = await run({ employers: '' }, 'no employer asked');
		assert(!empty.verified && empty.employers === 0 && /No employer/.test(empty.reasons.join(' ')), `an empty run: ${JSON.stringify(empty).slice(0, 400)}`);

		// Years left out: the training credits and opt-outs of 2023 and 2024 would be lost.
		const partial = await run({ years: '2025, 2026' }, 'years 2025, 2026 only');
		assert(!partial.verified && JSON.stringify(partial.yearsLeftOut) === '[2023,2024]' && /2023, 2024/.test(partial.reasons.join(' ')), `years left out: ${JSON.stringify(partial).slice(0, 400)}`);

		// A file that cannot be written (here a folder stands where the file goes): its employer fails.
		const blocked = path.join(folder, `${second}-trainings.csv`);
		fs.rmSync(blocked, { recursive: true, force: true });
		fs.mkdirSync(blocked);
		const failedWrite = await run({}, `${second}-trainings.csv cannot be written`);
		const secondErrors = failedWrite.failedEmployers.find((f) => f.enterpriseNumber === second)?.errors.join(' ') ?? '';
		assert(!failedWrite.verified && failedWrite.failed === 1 && /could not be written/.test(secondErrors), `a failed write: ${JSON.stringify(failedWrite).slice(0, 600)}`);
		fs.rmSync(blocked, { recursive: true });
		const good = await run({}, 'the same run again, the folder removed');
		assert(good.verified && good.done === 3 && good.checkedFromEarlierRuns === 2 && good.oldestReading, `the run after the failed write: ${JSON.stringify(good).slice(0, 600)}`);
		checkDigests(folder, data.employers, good);

		// The formula is text in the CSV (a leading apostrophe, quoted) and unchanged in the JSON file.
		const csv = fs.readFileSync(path.join(folder, `${first}-trainings.csv`), 'utf8');
		assert(csv.includes(`"'${formula.replace(/"/g, '""')}"`), `${first}-trainings.csv does not neutralise ${formula}: ${csv.slice(0, 400)}`);
		const json = readJson(path.join(folder, `${first}.json`)) as { trainings: Array<{ title: string }> };
		assert(json.trainings.some((t) => t.title === formula), `${first}.json does not keep the title ${formula} as it is`);
		lines.push(`${first}-trainings.csv holds the cell "'${formula.replace(/"/g, '""')}"; ${first}.json keeps the title unchanged`);

		// Files changed after they were written: a byte, a CSV cut inside its last row, a deleted file.
		const changed = path.join(folder, `${first}.json`);
		const bytes = fs.readFileSync(changed);
		bytes[bytes.length - 3] ^= 1;
		fs.writeFileSync(changed, bytes);
		const cut = path.join(folder, `${second}-trainings.csv`);
		fs.truncateSync(cut, fs.statSync(cut).size - 5);
		fs.rmSync(path.join(folder, `${third}-optOuts.csv`));
		const before = requests();
		const tampered = await run({}, 'a byte changed, a CSV cut, a file deleted');
		const errors = tampered.failedEmployers.map((f) => f.errors.join(' ')).join(' ');
		assert(!tampered.verified && tampered.failed === 3 && requests() === before, `changed files: ${JSON.stringify(tampered).slice(0, 800)}`);
		for (const expected of [`${first}.json has changed`, `${second}-trainings.csv has changed`, `${third}-optOuts.csv is missing`]) assert(errors.includes(expected), `the summary does not say "${expected}": ${errors.slice(0, 600)}`);
		// The package's own command, offline, sees the same three files.
		const offline = verifyOffline(folder);
		assert(offline.status === 1 && [`${first}.json`, `${second}-trainings.csv`, `${third}-optOuts.csv`].every((name) => offline.output.includes(name)), `careerpro-fla-archive verify on the changed folder: exit ${offline.status}\n${offline.output.slice(0, 800)}`);
		lines.push(`careerpro-fla-archive verify on the changed folder: exit 1, "${offline.output.split('\n')[0]}"`);
		const repaired = await run({}, 'run again: the three employers read again');
		assert(repaired.verified && repaired.done === 3 && repaired.checkedFromEarlierRuns === 0, `the run after the changes: ${JSON.stringify(repaired).slice(0, 600)}`);
		checkDigests(folder, data.employers, repaired);

		// A reading older than 'readAgainBefore' (a trial run in June) is read again, not trusted. Both manifests are
		// changed alike, as if the rows had been written in June.
		const manifestFile = path.join(folder, 'manifest.csv');
		const jsonlFile = path.join(folder, 'manifest.jsonl');
		const june = '2026-06-01T09:00:00.000Z';
		fs.writeFileSync(manifestFile, fs.readFileSync(manifestFile, 'utf8').replace(/,2026-\d\d-\d\dT[0-9:.]+Z,(2026-\d\d-\d\dT[0-9:.]+Z),/g, `,${june},$1,`));
		fs.writeFileSync(jsonlFile, fs.readFileSync(jsonlFile, 'utf8').replace(/"readAt":"2026-\d\d-\d\dT[0-9:.]+Z"/g, `"readAt":"${june}"`));
		const beforeStale = requests();
		const fresh = await run({}, 'readings of June, readAgainBefore as shipped');
		const reread = requests() - beforeStale;
		assert(fresh.verified && fresh.readAgainBecauseOld === 3 && reread === 3 * REQUESTS_PER_EMPLOYER(YEARS_HELD.length) && fresh.oldestReading > '2026-06-02', `the run after June's readings: ${reread} requests, ${JSON.stringify(fresh).slice(0, 600)}`);
		checkDigests(folder, data.employers, fresh);
		const verified = verifyOffline(folder);
		assert(verified.status === 0, `careerpro-fla-archive verify on the final archive: exit ${verified.status}\n${verified.output.slice(0, 800)}`);
		lines.push(`careerpro-fla-archive verify on the final archive: exit 0, "${verified.output.split('\n')[0]}"`);
		return lines;
	});
}
