/**
 * `careerpro-fla-archive report`: one self-contained HTML file with the verdict on top, the records as data that
 * cannot become markup, nothing loaded from elsewhere; and the built command run as users run it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeReport } from '../../archive/report';
import { main } from '../../archive/cli';
import { writeArchive, writeProviderArchive } from '../support/archiveFolder';

const EN = '0202239951';
const W1 = '85073003328';
const SCRIPT_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';
const FORMULA_TITLE = '=HYPERLINK("x")';

let root: string;
let folder: string;
beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-fla-archive-report-'));
	folder = path.join(root, 'archive');
	writeArchive(folder, [
		{
			enterpriseNumber: EN,
			trainings: [
				{ trainingId: 'TR-1', ssin: W1, title: SCRIPT_TITLE, trainingType: 'formal', startDate: '2024-03-01', endDate: '2024-03-01', durationHours: 7.6, status: 'completed' },
				{ trainingId: 'TR-2', ssin: W1, title: FORMULA_TITLE, trainingType: 'informal', startDate: '2025-05-02', endDate: '2025-05-03', durationHours: 15.2 },
				{ trainingId: 'TR-3', ssin: W1, title: "O'Brien & \"Sons\" </script><!--", trainingType: 'formal', startDate: '2025-06-01', endDate: '2025-06-01', durationHours: 3 },
			],
			trainingRights: [{ trainingRightId: 'TRR-1', ssin: W1, year: 2024, rightType: 'individual', unit: 'days', amount: 5 }],
			trainingCredits: [{ ssin: W1, year: 2024, rightHours: 38, usedHours: 7.6, remainingHours: 30.4 }],
			optOuts: [{ year: 2024, scope: 'company', ssin: '' }],
		},
	]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The text of every `<script type="application/json">` block, by id. */
function dataBlocks(html: string): Map<string, string> {
	const blocks = new Map<string, string>();
	for (const m of html.matchAll(/<script type="application\/json" id="([^"]+)">([\s\S]*?)<\/script>/g)) blocks.set(m[1], m[2]);
	return blocks;
}

describe('report', () => {
	test('writes one HTML file with the verdict on top and the totals per year', async () => {
		const file = path.join(root, 'report.html');
		const result = await writeReport(folder, file);
		expect(result.verdict.verified).toBe(true);
		const html = fs.readFileSync(file, 'utf8');
		expect(html.indexOf('Archive verified: 1 employer, 5 files, every file identical to what was read from the FLA on 2026-12-04 10:00 UTC.')).toBeGreaterThan(0);
		expect(html.indexOf('id="verdict" class="ok"')).toBeLessThan(html.indexOf('id="totals"'));
		// 2024: 1 training of 7.6 hours = 1 day, a right of 5 days; 2025: 2 trainings, 18.2 hours = 2.39 days
		expect(html).toContain('<tr><th scope="row">2024</th><td>1</td><td>1</td><td>1</td><td>7.6</td><td>1</td><td>1</td><td>5</td><td>1</td><td>1 / 0</td></tr>');
		expect(html).toContain('<tr><th scope="row">2025</th><td>1</td><td>2</td><td>1</td><td>18.2</td><td>2.39</td>');
	});

	test('escapes a <script> title and a =HYPERLINK("x") title: they stay data, and read back unchanged', async () => {
		const file = path.join(root, 'escaped.html');
		await writeReport(folder, file);
		const html = fs.readFileSync(file, 'utf8');
		// Nothing of the titles appears as markup: no '<' of theirs, no quote that could end an attribute.
		expect(html).not.toContain('<script>window.__pwned');
		expect(html).not.toContain('<img');
		expect(html).not.toContain('onerror="');
		expect(html).not.toContain(FORMULA_TITLE);
		expect(html).not.toContain('</script><!--');
		// Exactly one executable script (the page's own), allowed by its digest; data blocks only otherwise.
		expect(html.match(/<script>/g)).toHaveLength(1);
		const blocks = dataBlocks(html);
		const titles = JSON.parse(blocks.get('titles')!).titles as string[];
		expect(titles).toEqual([SCRIPT_TITLE, FORMULA_TITLE, "O'Brien & \"Sons\" </script><!--"]);
		const chunk = JSON.parse(blocks.get('c0')!);
		expect(chunk.w).toEqual([W1]);
		expect(chunk.t.map((t: unknown[]) => t[2])).toEqual([0, 1, 2]);
	});

	test('loads nothing from elsewhere: a policy that forbids it, no external address', async () => {
		const file = path.join(root, 'offline.html');
		await writeReport(folder, file);
		const html = fs.readFileSync(file, 'utf8');
		expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+';/);
		// Outside the data blocks (which hold the titles as JSON text), no address of anything to load.
		const markup = html.replace(/<script type="application\/json" id="[^"]+">[\s\S]*?<\/script>/g, '');
		expect(markup).not.toMatch(/\b(src|href)\s*=/i);
		expect(markup).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
		expect(markup).not.toMatch(/@import|url\(/);
	});

	test('a damaged archive: the report says NOT verified at the top, lists the problem, and the command exits 1', async () => {
		const damaged = path.join(root, 'damaged');
		fs.cpSync(folder, damaged, { recursive: true });
		fs.rmSync(path.join(damaged, `${EN}-trainingCredits.csv`));
		const out = path.join(root, 'damaged.html');
		let said = '';
		const code = await main(['report', damaged, '--out', out], { out: (t) => (said += t), err: (t) => (said += t) });
		expect(code).toBe(1);
		expect(said).toContain(`- ${EN}-trainingCredits.csv: is missing.`);
		const html = fs.readFileSync(out, 'utf8');
		expect(html).toContain('<section id="verdict" class="bad" aria-live="polite">\n<h2>NOT verified: 1 problem</h2>');
		expect(html).toContain(`<li>${EN}-trainingCredits.csv: is missing. Take this file from another copy of the archive`);
	});

	test("a training provider's archive: its trainings by participant, grouped by the participant's employer", async () => {
		const provider = path.join(root, 'provider');
		writeProviderArchive(provider, [
			{ trainingId: 'PTR-1', title: 'VCA <b>', trainingType: 'formal', startDate: '2025-01-02', endDate: '2025-01-03', durationHours: 15.2, participants: [{ ssin: W1, employerEnterpriseNumber: EN }, { ssin: '88022999297' }] },
		]);
		const result = await writeReport(provider, path.join(root, 'provider.html'));
		expect(result.verdict.verified).toBe(true);
		const html = fs.readFileSync(path.join(root, 'provider.html'), 'utf8');
		expect(html).toContain("<h1>Training provider&#39;s FLA archive</h1>");
		expect(html).toContain("Archive verified: training provider&#39;s archive, 1 training, 2 participants, 3 files");
		const blocks = dataBlocks(html);
		expect(JSON.parse(blocks.get('employers')!)).toEqual(['', EN]);
		expect(JSON.parse(blocks.get('workers')!)).toEqual([[W1, 0], ['88022999297', 0]]);
	});

	test('the built command (archive/ compiled as npm run build compiles it) verifies and reports as a child process', () => {
		// Compiled here into a folder of its own, so that the test needs no earlier build and never runs a stale one.
		const outDir = path.join(root, 'built');
		const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.resolve(__dirname, '../../archive/tsconfig.json'), '--outDir', outDir], { encoding: 'utf8', timeout: 120_000 });
		expect(tsc.stdout + tsc.stderr).toBe('');
		const cli = path.join(outDir, 'cli.js');
		const verify = spawnSync(process.execPath, [cli, 'verify', folder], { encoding: 'utf8', timeout: 30_000 });
		expect(verify.status).toBe(0);
		expect(verify.stdout).toMatch(/^Archive verified: 1 employer, 5 files/);
		const out = path.join(root, 'cli-report.html');
		const report = spawnSync(process.execPath, [cli, 'report', folder, '--out', out], { encoding: 'utf8', timeout: 30_000 });
		expect(report.status).toBe(0);
		expect(report.stdout).toContain(`Report written to ${out}`);
		expect(fs.readFileSync(out, 'utf8')).toContain('Archive verified: 1 employer');
		fs.appendFileSync(path.join(folder, `${EN}-optOuts.csv`), 'x');
		const bad = spawnSync(process.execPath, [cli, 'verify', folder], { encoding: 'utf8', timeout: 30_000 });
		fs.writeFileSync(path.join(folder, `${EN}-optOuts.csv`), fs.readFileSync(path.join(folder, `${EN}-optOuts.csv`)).subarray(0, -1));
		expect(bad.status).toBe(1);
		expect(bad.stdout).toMatch(/^NOT verified: 3 problems\n- 0202239951-optOuts\.csv: differs from what was written/);
		const usage = spawnSync(process.execPath, [cli, 'verify'], { encoding: 'utf8', timeout: 30_000 });
		expect(usage.status).toBe(2);
	});
});
