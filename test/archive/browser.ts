/**
 * `npm run test:report`: the report of a 20,000-employer archive, opened from disk (file://) in Debian's Chromium by
 * playwright-core, as a user opens it from a USB stick. It writes the archive in format 2 (test/support/
 * archiveFolder.ts: 6 trainings, 3 workers with valid NISS, rights, credits per employer; one employer whose titles
 * hold markup and a formula), runs the built command `node archive/dist/cli.js report`, and checks on the screen:
 * the verdict; a NISS typed with dots, dashes and spaces shows exactly that worker's trainings as the archive holds
 * them; a training name finds its trainings, with paging; the employers' pages turn; the markup titles show as
 * text and run nothing. It prints the figures (report time, HTML size, first paint, first contentful paint, search
 * time, JS heap) and `N passed, M failed`; it exits 1 when a check fails.
 *
 * Environment: CHROMIUM_PATH (default: the first of /usr/bin/chromium, chromium-browser, google-chrome found),
 * REPORT_EMPLOYERS (default 20000), REPORT_KEEP=1 (keep the archive folder and print where it is).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { enterpriseNumberFrom } from '../sandbox/seed';
import { generatedEmployers, writeArchive, type ArchiveEmployer } from '../support/archiveFolder';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** How long the page may take to show what a step waits for (a loaded CI machine). */
const WAIT_MS = 60_000;
const EMPLOYERS = Number(process.env.REPORT_EMPLOYERS ?? 20_000);

const say = (line: string) => console.log(`[report] ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function findChromium(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
	for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return candidate;
	throw new Error("Chromium was not found. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH.");
}

const INJECTION_EMPLOYER = enterpriseNumberFrom('09999999');
const SCRIPT_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const FORMULA_TITLE = '=HYPERLINK("http://example.invalid","click")';

/** What the archive holds, noted while it is written: where each NISS works, how often each title occurs. */
interface Facts {
	employersOf: Map<string, string[]>;
	titleCount: Map<string, number>;
}

function* employersNoted(facts: Facts): Generator<ArchiveEmployer> {
	const note = (employer: ArchiveEmployer) => {
		for (const t of employer.trainings ?? []) {
			const ssin = String(t.ssin);
			const list = facts.employersOf.get(ssin) ?? [];
			if (list[list.length - 1] !== employer.enterpriseNumber) list.push(employer.enterpriseNumber);
			facts.employersOf.set(ssin, list);
			facts.titleCount.set(String(t.title), (facts.titleCount.get(String(t.title)) ?? 0) + 1);
		}
		return employer;
	};
	for (const employer of generatedEmployers({ employers: EMPLOYERS - 1 })) yield note(employer);
	yield note({
		enterpriseNumber: INJECTION_EMPLOYER,
		trainings: [
			{ trainingId: 'TR-X1', ssin: '85073003328', title: SCRIPT_TITLE, trainingType: 'formal', startDate: '2025-02-03', endDate: '2025-02-03', durationHours: 7.6 },
			{ trainingId: 'TR-X2', ssin: '85073003328', title: FORMULA_TITLE, trainingType: 'formal', startDate: '2026-02-03', endDate: '2026-02-03', durationHours: 3.8 },
		],
	});
}

/** The titles of a worker's trainings as the archive's JSON files hold them, sorted. */
function titlesInArchive(folder: string, employers: string[], ssin: string): string[] {
	const titles: string[] = [];
	for (const en of employers) {
		const content = JSON.parse(fs.readFileSync(path.join(folder, `${en}.json`), 'utf8')) as { trainings: Array<Record<string, unknown>> };
		for (const t of content.trainings) if (t.ssin === ssin) titles.push(String(t.title));
	}
	return titles.sort();
}

const state = (page: Page, value: string) => page.waitForSelector(`#results[data-state="${value}"]`, { timeout: WAIT_MS });

/** Types a query, submits, and returns how long the page took to show the answer (to the next frame). */
async function search(page: Page, query: string, expectState: string): Promise<number> {
	await page.fill('#q', query);
	// In the page (a string: this program is type-checked without the DOM's types).
	const ms = (await page.evaluate(`new Promise((resolve) => {
		const started = performance.now();
		document.getElementById('search').requestSubmit();
		requestAnimationFrame(() => {
			const shown = document.getElementById('results').getAttribute('data-state');
			resolve(shown === ${JSON.stringify(expectState)} ? performance.now() - started : -1);
		});
	})`)) as number;
	await state(page, expectState);
	return ms;
}

/** The texts of a column of the table of trainings shown. */
const cellTexts = (page: Page, column: number) =>
	page.locator(`#results table.trainings tbody tr td:nth-child(${column})`).allTextContents();

async function main(): Promise<number> {
	const started = Date.now();
	const executablePath = findChromium();
	const cli = path.resolve(__dirname, '../../archive/dist/cli.js');
	if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first`);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-fla-report-'));
	const folder = path.join(root, 'fla-archive');
	const facts: Facts = { employersOf: new Map(), titleCount: new Map() };
	let t = Date.now();
	const written = writeArchive(folder, employersNoted(facts));
	say(`archive: ${written.employers} employers, ${written.files} files written in ${seconds(Date.now() - t)} (${folder})`);

	const figures: string[] = [];
	let passed = 0;
	let failed = 0;
	const check = async (name: string, step: () => Promise<void>) => {
		try {
			await step();
			passed += 1;
			say(`ok ${name}`);
		} catch (error) {
			failed += 1;
			say(`FAIL ${name}: ${(error as Error).message}`);
		}
	};

	const html = path.join(root, 'report.html');
	t = Date.now();
	const run = spawnSync(process.execPath, [cli, 'report', folder, '--out', html], { encoding: 'utf8', timeout: 600_000 });
	const reportMs = Date.now() - t;
	say(`report: exit ${run.status}, ${run.stdout.trim().split('\n').join(' | ')}${run.stderr ? ` stderr: ${run.stderr.trim()}` : ''}`);
	figures.push(`report generation ${seconds(reportMs)} (verify included)`, `HTML size ${mb(fs.statSync(html).size)}`);
	await check('the command reports a verified archive (exit 0)', async () => {
		if (run.status !== 0) throw new Error(`exit ${run.status}`);
	});

	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		const problems: string[] = [];
		page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console: ${message.text()}`);
		});
		page.on('request', (request) => {
			if (!request.url().startsWith('file:')) problems.push(`request to ${request.url()}`);
		});
		t = Date.now();
		await page.goto(`file://${html}`, { waitUntil: 'load', timeout: WAIT_MS });
		await state(page, 'employers:0');
		const openMs = Date.now() - t;
		const paint = (await page.evaluate(`(() => {
			const entries = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)]));
			const nav = performance.getEntriesByType('navigation')[0];
			const rows = performance.getEntriesByName('first-page-of-rows')[0];
			return { ...entries, firstRows: Math.round(rows ? rows.startTime : -1), domContentLoaded: Math.round(nav ? nav.domContentLoadedEventEnd : 0), load: Math.round(nav ? nav.loadEventEnd : 0) };
		})()`)) as Record<string, number>;
		figures.push(
			`first paint ${paint['first-paint']} ms, first contentful paint ${paint['first-contentful-paint']} ms, first page of rows rendered ${paint.firstRows} ms, DOMContentLoaded ${paint.domContentLoaded} ms, load ${paint.load} ms (Performance API, from navigation start); page ready for the test ${openMs} ms after goto`,
		);

		await check('the verdict is shown at the top', async () => {
			const text = (await page.textContent('#verdict h2')) ?? '';
			const expected = `Archive verified: ${EMPLOYERS.toLocaleString('en-US')} employers, ${(EMPLOYERS * 5).toLocaleString('en-US')} files, every file identical to what was read from the FLA`;
			if (!text.startsWith(expected)) throw new Error(`the verdict says "${text}"`);
		});

		// A worker at two employers when there is one, else any: typed as a user pastes it.
		const ssin = [...facts.employersOf.entries()].find(([, list]) => list.length > 1)?.[0] ?? [...facts.employersOf.keys()][1234];
		const employers = facts.employersOf.get(ssin)!;
		const typed = `${ssin.slice(0, 2)}.${ssin.slice(2, 4)}.${ssin.slice(4, 6)} - ${ssin.slice(6, 9)}.${ssin.slice(9)}`;
		let nissMs = 0;
		await check(`searching the NISS "${typed}" shows that worker's trainings, as the archive holds them (${employers.length} employer(s))`, async () => {
			nissMs = await search(page, typed, `worker:${ssin}`);
			const shown = (await cellTexts(page, 3)).sort();
			const expected = titlesInArchive(folder, employers, ssin);
			if (JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`shown ${JSON.stringify(shown)}, archive ${JSON.stringify(expected)}`);
			if (!(await page.$('#results svg rect'))) throw new Error('no chart');
		});

		const title = 'Soudure TIG';
		const expectedCount = [...facts.titleCount.entries()].filter(([k]) => k.toLowerCase().includes(title.toLowerCase())).reduce((n, [, c]) => n + c, 0);
		let titleMs = 0;
		await check(`searching the training name "${title}" finds its ${expectedCount.toLocaleString('en-US')} trainings, 50 a page, and pages through them`, async () => {
			titleMs = await search(page, title, 'titles:0');
			const heading = (await page.textContent('#results h3')) ?? '';
			if (!heading.startsWith(`${expectedCount.toLocaleString('en-US')} trainings whose name holds "${title}"`)) throw new Error(`the heading says "${heading}"`);
			const first = await cellTexts(page, 3);
			if (first.length !== 50 || !first.every((x) => x.includes(title))) throw new Error(`page 1 shows ${JSON.stringify(first.slice(0, 3))}…`);
			await page.click('#results .pager .next');
			await state(page, 'titles:1');
			const second = await cellTexts(page, 2);
			if (second.length !== 50) throw new Error(`page 2 shows ${second.length} rows`);
		});

		await check('the employers page through: next, last, and a page number', async () => {
			await page.click('#all');
			await state(page, 'employers:0');
			await page.click('#results .pager .next');
			await state(page, 'employers:1');
			const firstOnPage2 = (await page.textContent('#results tbody tr td button.employer')) ?? '';
			const sorted = [...new Set([...facts.employersOf.values()].flat()), INJECTION_EMPLOYER].sort();
			const expected = sorted[20];
			if (firstOnPage2.replace(/\D/g, '') !== expected) throw new Error(`page 2 starts with ${firstOnPage2}, expected ${expected}`);
			const pages = Math.ceil(EMPLOYERS / 20);
			await page.fill('#results .pager input', String(pages));
			await page.click('#results .pager button:has-text("Go")');
			await state(page, `employers:${pages - 1}`);
		});

		await check('an employer by its enterprise number; titles with markup and a formula show as text and run nothing', async () => {
			await search(page, `BE ${INJECTION_EMPLOYER.slice(0, 4)}.${INJECTION_EMPLOYER.slice(4, 7)}.${INJECTION_EMPLOYER.slice(7)}`, `employer:${INJECTION_EMPLOYER}`);
			const titles = await cellTexts(page, 3);
			if (JSON.stringify(titles) !== JSON.stringify([SCRIPT_TITLE, FORMULA_TITLE])) throw new Error(`titles shown: ${JSON.stringify(titles)}`);
			const pwned = await page.evaluate('window.__pwned');
			if (pwned !== undefined) throw new Error(`the title ran: window.__pwned = ${pwned}`);
			if (await page.$('#results img')) throw new Error('an <img> element was made from a title');
		});

		await check('no script error, no request outside the file', async () => {
			if (problems.length) throw new Error(problems.slice(0, 5).join('; '));
		});

		const heap = (await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number;
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Performance.enable');
		const { metrics } = await cdp.send('Performance.getMetrics');
		const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
		const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? 0;
		figures.push(
			`NISS search ${nissMs.toFixed(0)} ms, training-name search ${titleMs.toFixed(0)} ms (submit to the next frame, first search of each kind)`,
			`JS heap used ${mb(used)} (CDP JSHeapUsedSize; performance.memory ${mb(heap)}), ${nodes} DOM nodes`,
		);
	} finally {
		await browser?.close();
	}
	say(`figures for ${EMPLOYERS.toLocaleString('en-US')} employers:`);
	for (const f of figures) say(`  ${f}`);
	if (process.env.REPORT_KEEP === '1') say(`kept ${root}`);
	else fs.rmSync(root, { recursive: true, force: true });
	say(`done in ${seconds(Date.now() - started)}`);
	console.log(`${passed} passed, ${failed} failed`);
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`[report] ${error.stack ?? error.message}`);
		console.log('0 passed, 1 failed');
		process.exit(1);
	},
);
