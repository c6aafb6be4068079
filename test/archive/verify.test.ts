/**
 * `careerpro-fla-archive verify` on archives written in format 2 by test/support/archiveFolder.ts, then damaged the
 * way files get damaged: a changed byte, a deleted file, a cut-off file, a count that does not add up.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../archive/cli';
import { parseCsv } from '../../archive/csv';
import { verdictLines, verifyArchive } from '../../archive/verify';
import { generatedEmployers, resealManifest, writeArchive, writeProviderArchive, type ArchiveEmployer } from '../support/archiveFolder';

const EN = '0202239951';
const W1 = '85073003328';
const W2 = '88022999297';

let root: string;
beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-fla-archive-verify-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh archive of two employers, one with awkward values (separators, quotes, line breaks, formulas). */
function archive(extra: ArchiveEmployer[] = [], separator: ';' | ',' = ';'): string {
	const folder = path.join(root, `a${++n}`);
	writeArchive(
		folder,
		[
			{
				enterpriseNumber: EN,
				readAt: '2026-12-04T10:00:00.000Z',
				trainings: [
					{ trainingId: 'TR-1', ssin: W1, title: 'Excel; "advanced"\r\nsecond line', trainingType: 'formal', startDate: '2024-03-01', endDate: '2024-03-01', durationHours: 7.6, status: 'completed' },
					{ trainingId: 'TR-2', ssin: W2, title: '=HYPERLINK("x")', trainingType: 'informal', startDate: '2025-05-02', endDate: '2025-05-03', durationHours: 15.2 },
					{ trainingId: 'TR-3', ssin: W1, title: '-5, a, b', trainingType: 'formal', startDate: '2025-06-01', endDate: '2025-06-01', durationHours: 3 },
				],
				trainingRights: [{ trainingRightId: 'TRR-1', ssin: W1, year: 2024, rightType: 'individual', unit: 'days', amount: 5 }],
				trainingCredits: [{ ssin: W1, year: 2024, rightHours: 38, usedHours: 7.6, remainingHours: 30.4 }],
				optOuts: [{ year: 2024, scope: 'company', ssin: '' }],
			},
			{ enterpriseNumber: '0403199702', readAt: '2026-12-05T09:30:00.000Z', trainings: [], trainingRights: [], trainingCredits: [], optOuts: [] },
			...extra,
		],
		{ separator },
	);
	return folder;
}

function flipByte(file: string, at: (size: number) => number) {
	const bytes = fs.readFileSync(file);
	const i = at(bytes.length);
	bytes[i] = bytes[i] === 0x41 ? 0x42 : 0x41;
	fs.writeFileSync(file, bytes);
}

const problemsOf = async (folder: string) => {
	const verdict = await verifyArchive(folder);
	return { verdict, text: verdictLines(verdict, 100).join('\n') };
};

describe('a CSV reader', () => {
	test('reads quotes, doubled quotes, separators and line breaks inside quotes, and drops the byte-order mark', () => {
		expect(parseCsv('\uFEFFa;b\r\n"x;""y""\r\nz";2\r\n', ';')).toEqual([
			['a', 'b'],
			['x;"y"\r\nz', '2'],
		]);
		expect(parseCsv('a,b\n1,\n', ',')).toEqual([
			['a', 'b'],
			['1', ''],
		]);
		expect(() => parseCsv('a\r\n"cut', ',')).toThrow(/inside a quoted cell/);
	});
});

describe('verify', () => {
	test('passes a good archive and says how many employers and files, and when they were read', async () => {
		const { verdict, text } = await problemsOf(archive());
		expect(verdict.verified).toBe(true);
		expect(verdict.problemCount).toBe(0);
		expect(text).toBe(
			'Archive verified: 2 employers, 10 files, every file identical to what was read from the FLA between 2026-12-04 10:00 UTC and 2026-12-05 09:30 UTC.',
		);
		expect(verdict.records).toEqual({ trainings: 3, trainingRights: 1, trainingCredits: 1, optOuts: 1 });
	});

	test('passes a good archive written with commas', async () => {
		expect((await verifyArchive(archive([], ','))).verified).toBe(true);
	});

	test.each([
		['the employer JSON file', `${EN}.json`],
		['a CSV file', `${EN}-trainings.csv`],
		['a CSV file without records', '0403199702-optOuts.csv'],
	])('finds a changed byte in %s', async (_what, file) => {
		const folder = archive();
		flipByte(path.join(folder, file), (size) => size - 3);
		const { verdict, text } = await problemsOf(folder);
		expect(verdict.verified).toBe(false);
		expect(text).toMatch(new RegExp(`^NOT verified: \\d+ problems?\\n- ${file.replace('.', '\\.')}: differs from what was written \\(same size`));
		expect(text).toContain('Take this file from another copy of the archive');
	});

	test('finds a changed byte in manifest.csv (summary.json describes another manifest)', async () => {
		const folder = archive();
		flipByte(path.join(folder, 'manifest.csv'), (size) => size - 30);
		const { verdict, text } = await problemsOf(folder);
		expect(verdict.verified).toBe(false);
		expect(text).toContain('- manifest.csv: differs from the one summary.json describes');
	});

	test('finds a changed digest in manifest.csv even when summary.json was made to match it', async () => {
		const folder = archive();
		const file = path.join(folder, 'manifest.csv');
		const lines = fs.readFileSync(file, 'utf8').split('\r\n');
		lines[1] = lines[1].replace(/,([0-9a-f]{64}),/, (_m, hex: string) => `,${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'},`);
		fs.writeFileSync(file, lines.join('\r\n'));
		resealManifest(folder);
		const { text } = await problemsOf(folder);
		expect(text).toContain(`- ${EN}-trainings.csv: differs from what was written`);
		expect(text).toContain('- manifest.jsonl: differs from manifest.csv on 1 row (first: line 1)');
	});

	test('finds a changed byte in summary.json', async () => {
		const folder = archive();
		const file = path.join(folder, 'summary.json');
		fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"trainings": 3', '"trainings": 4'));
		const { verdict, text } = await problemsOf(folder);
		expect(verdict.verified).toBe(false);
		expect(text).toContain('- summary.json: counts 4 trainings; the manifest\'s employers hold 3.');
		fs.writeFileSync(file, '{"format": 2,');
		expect((await problemsOf(folder)).text).toContain('- summary.json: is not readable JSON');
	});

	test('says plainly that an archive of the earlier workflows (no format number) cannot be checked file by file', async () => {
		const folder = archive();
		const file = path.join(folder, 'summary.json');
		const summary = JSON.parse(fs.readFileSync(file, 'utf8'));
		delete summary.format;
		fs.writeFileSync(file, JSON.stringify(summary));
		expect((await problemsOf(folder)).text).toBe(
			'NOT verified: 1 problem\n- summary.json: has no format number: the archive was written by an earlier version of the workflows, which recorded no fingerprints (SHA-256) of its files, so they cannot be checked. Before 1 January 2027, run the archive again with the current workflows into a new folder. After that date, keep the folder as it is.',
		);
	});

	test('finds a deleted file', async () => {
		const folder = archive();
		fs.rmSync(path.join(folder, `${EN}-trainingRights.csv`));
		const { text } = await problemsOf(folder);
		expect(text).toBe(
			`NOT verified: 1 problem\n- ${EN}-trainingRights.csv: is missing. Take this file from another copy of the archive (keep at least two). Until 31 December 2026 you can also run the archive workflow again for this employer.`,
		);
	});

	test('finds a deleted summary.json and a deleted manifest.jsonl', async () => {
		const folder = archive();
		fs.rmSync(path.join(folder, 'summary.json'));
		fs.rmSync(path.join(folder, 'manifest.jsonl'));
		const { text } = await problemsOf(folder);
		expect(text).toContain('- summary.json: is missing');
		expect(text).toContain('- manifest.jsonl: is missing');
	});

	test('finds a truncated CSV (cut inside a quoted cell), naming the rows it holds', async () => {
		const folder = archive();
		const file = path.join(folder, `${EN}-trainings.csv`);
		const text = fs.readFileSync(file, 'utf8');
		fs.writeFileSync(file, text.slice(0, text.indexOf('second line')));
		const { verdict, text: words } = await problemsOf(folder);
		expect(verdict.verified).toBe(false);
		expect(words).toContain(`- ${EN}-trainings.csv: differs from what was written (`);
		expect(words).toContain(`- ${EN}-trainings.csv: ends inside a quoted cell: the file was cut off.`);
		expect(words).toContain(`- ${EN}-trainings.csv: has 1 data row; the manifest says 3.`);
	});

	test('finds a row count mismatch in the manifest (records read differ from the total announced)', async () => {
		const folder = archive();
		const file = path.join(folder, 'manifest.csv');
		const lines = fs.readFileSync(file, 'utf8').split('\r\n');
		// enterpriseNumber,resource,years,status,records,announced,...: the gateway announced 4 trainings, 3 were read
		lines[1] = lines[1].replace(/^(\d+,trainings,[^,]*,done,3),3,/, '$1,4,');
		expect(lines[1]).toContain(',done,3,4,3,3,');
		fs.writeFileSync(file, lines.join('\r\n'));
		fs.writeFileSync(
			path.join(folder, 'manifest.jsonl'),
			fs.readFileSync(path.join(folder, 'manifest.jsonl'), 'utf8').replace('"announced":3', '"announced":4'),
		);
		resealManifest(folder);
		const { text } = await problemsOf(folder);
		expect(text).toBe(
			`NOT verified: 1 problem\n- ${EN} trainings: counts differ in the manifest: 3 read, 4 announced by the gateway, 3 CSV rows, 3 in the JSON file. Run the archive workflow again before 1 January 2027: it reads again the employers that are not done. After that date, keep this list with the archive.`,
		);
	});

	test('finds a JSON file whose list of records differs from the manifest, with its digest made to match', async () => {
		const folder = archive();
		const jsonFile = path.join(folder, `${EN}.json`);
		const content = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
		content.trainings.pop();
		fs.writeFileSync(jsonFile, JSON.stringify(content, null, 1) + '\n');
		const { text } = await problemsOf(folder);
		expect(text).toContain(`- ${EN}.json: differs from what was written`);
		expect(text).toContain(`- ${EN}.json: holds 2 records of trainings; the manifest says 3.`);
	});

	test('reports an employer whose latest manifest rows failed, and takes only the latest row', async () => {
		const folder = archive([{ enterpriseNumber: '0404057702', failed: 'The gateway answered 503 three times' }]);
		const { verdict, text } = await problemsOf(folder);
		expect(verdict.verified).toBe(false);
		expect(text).toContain('- 0404057702 trainings: was not archived (status "failed": The gateway answered 503 three times).');
		expect(text).toContain('- summary.json: says the archive run did not verify everything: 1 employer(s) failed');
		// a later run archives it: its rows come after the failed ones and count
		const later = path.join(root, `later${n}`);
		writeArchive(later, [{ enterpriseNumber: '0404057702', trainings: [] }]);
		const tail = fs.readFileSync(path.join(later, 'manifest.csv'), 'utf8').split('\r\n').slice(1).join('\r\n');
		fs.appendFileSync(path.join(folder, 'manifest.csv'), tail);
		fs.appendFileSync(path.join(folder, 'manifest.jsonl'), fs.readFileSync(path.join(later, 'manifest.jsonl')));
		for (const f of fs.readdirSync(later)) if (f.startsWith('0404057702')) fs.copyFileSync(path.join(later, f), path.join(folder, f));
		const summary = JSON.parse(fs.readFileSync(path.join(folder, 'summary.json'), 'utf8'));
		Object.assign(summary, { verified: true, reasons: [], done: 3, failed: 0, failedEmployers: [] });
		fs.writeFileSync(path.join(folder, 'summary.json'), JSON.stringify(summary));
		resealManifest(folder);
		expect((await problemsOf(folder)).text).toMatch(/^Archive verified: 3 employers, 15 files/);
	});

	test('caps the list of problems and counts the rest', async () => {
		const folder = path.join(root, 'many');
		writeArchive(folder, generatedEmployers({ employers: 60, trainings: 2 }));
		for (const f of fs.readdirSync(folder)) if (f.endsWith('-trainings.csv')) fs.rmSync(path.join(folder, f));
		const verdict = await verifyArchive(folder);
		const lines = verdictLines(verdict);
		expect(lines[0]).toBe('NOT verified: 60 problems');
		expect(lines).toHaveLength(1 + 50 + 1);
		expect(lines[51]).toBe('… and 10 more problems (run "careerpro-fla-archive verify <folder> --all" to list every one).');
	});

	test("checks a training provider's archive", async () => {
		const folder = path.join(root, 'provider');
		writeProviderArchive(folder, [
			{ trainingId: 'PTR-1', title: 'VCA', trainingType: 'formal', startDate: '2025-01-02', endDate: '2025-01-03', durationHours: 16, participants: [{ ssin: W1, employerEnterpriseNumber: EN }, { ssin: W2 }] },
			{ trainingId: 'PTR-2', title: '@risk', trainingType: 'informal', startDate: '2026-02-02', endDate: '2026-02-02', durationHours: 4, participants: [{ ssin: W2 }] },
		]);
		const verdict = await verifyArchive(folder);
		expect(verdictLines(verdict)).toEqual([
			"Archive verified: training provider's archive, 2 trainings, 3 participants, 3 files, every file identical to what was read from the FLA on 2026-12-04 10:00 UTC.",
		]);
		const summaryFile = path.join(folder, 'summary.json');
		const summary = fs.readFileSync(summaryFile, 'utf8');
		fs.writeFileSync(summaryFile, summary.replace('"announced": 2', '"announced": 3'));
		expect(verdictLines(await verifyArchive(folder))).toEqual([
			'NOT verified: 1 problem',
			'- summary.json: says the gateway announced 3 trainings and 2 were read. Run the training provider archive workflow again before 1 January 2027, or take the file from another copy of the archive.',
		]);
		fs.writeFileSync(summaryFile, summary);
		flipByte(path.join(folder, 'providerTrainingParticipants.csv'), (size) => size - 2);
		const broken = verdictLines(await verifyArchive(folder)).join('\n');
		expect(broken).toMatch(/^NOT verified: 1 problem\n- providerTrainingParticipants\.csv: differs from what was written/);
	});
});

describe('the command', () => {
	const run = async (...args: string[]) => {
		let out = '';
		let err = '';
		const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
		return { code, out, err };
	};

	test('exit codes: 0 verified, 1 a difference, 2 a usage error or an unreadable folder', async () => {
		const folder = archive();
		expect((await run('verify', folder)).code).toBe(0);
		expect((await run('--help')).out).toContain('careerpro-fla-archive verify <folder>');
		expect((await run('verify')).code).toBe(2);
		expect((await run('check', folder)).code).toBe(2);
		const absent = await run('verify', path.join(root, 'no-such-folder'));
		expect(absent).toMatchObject({ code: 2, out: '' });
		expect(absent.err).toContain('cannot be read (ENOENT)');
		fs.rmSync(path.join(folder, `${EN}.json`));
		const bad = await run('verify', folder);
		expect(bad.code).toBe(1);
		expect(bad.out).toContain(`- ${EN}.json: is missing.`);
	});
});
