#!/usr/bin/env node
/**
 * `careerpro-fla-archive`: checks an FLA archive folder and writes a report of it, offline (no network, no n8n).
 * Exit codes: 0 verified, 1 any difference, 2 a usage error or a folder that cannot be read (or a report that
 * cannot be written).
 */
import * as path from 'path';
import { writeReport } from './report';
import { UnreadableFolder, verdictLines, verifyArchive } from './verify';

const HELP = `careerpro-fla-archive: check and read an archive of the CareerPro Federal Learning Account (FLA)

Usage:
  careerpro-fla-archive verify <folder> [--all]
      Checks that every file of the archive is there and identical, byte for byte, to what was written when it was
      read from the FLA (SHA-256 digests and sizes of manifest.csv), and that all counts add up to summary.json.
      --all lists every problem (by default the first 50).
  careerpro-fla-archive report <folder> [--out <file.html>]
      Checks the archive, then writes one HTML file to open in any browser, without a network: the verdict, the
      totals per employer and year, each worker's trainings and training days per year, search by NISS, enterprise
      number or training name. Default file: <folder>/report.html.
  careerpro-fla-archive --help

Exit codes: 0 the archive is verified, 1 something differs (the lines say what, and what to do),
            2 wrong usage, or a folder that cannot be read (or a report that cannot be written).
`;

export interface CliIo {
	out: (text: string) => void;
	err: (text: string) => void;
}

const defaultIo: CliIo = {
	out: (text) => process.stdout.write(text),
	err: (text) => process.stderr.write(text),
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
	const args = [...argv];
	if (args.length === 0 || args.some((a) => a === '--help' || a === '-h' || a === 'help')) {
		(args.length === 0 ? io.err : io.out)(HELP);
		return args.length === 0 ? 2 : 0;
	}
	const command = args.shift();
	let all = false;
	let out: string | undefined;
	const positional: string[] = [];
	while (args.length) {
		const arg = args.shift()!;
		if (arg === '--all' && command === 'verify') all = true;
		else if (arg === '--out' && command === 'report') {
			out = args.shift();
			if (!out) return usage(io, '--out needs a file name, as --out report.html');
		} else if (arg.startsWith('--out=') && command === 'report') out = arg.slice('--out='.length);
		else if (arg.startsWith('-')) return usage(io, `unknown option ${arg}`);
		else positional.push(arg);
	}
	if (command !== 'verify' && command !== 'report') return usage(io, `unknown command "${command}"`);
	if (positional.length !== 1) return usage(io, 'give exactly one folder: the folder the archive was written to');
	const folder = path.resolve(positional[0]);
	try {
		if (command === 'verify') {
			const verdict = await verifyArchive(folder, { maxProblems: all ? Number.MAX_SAFE_INTEGER : 1000 });
			io.out(verdictLines(verdict, all ? Number.MAX_SAFE_INTEGER : 50).join('\n') + '\n');
			return verdict.verified ? 0 : 1;
		}
		const file = path.resolve(out ?? path.join(folder, 'report.html'));
		const started = Date.now();
		const result = await writeReport(folder, file);
		io.out(verdictLines(result.verdict).join('\n') + '\n');
		io.out(`Report written to ${file} (${formatSize(result.bytes)}, ${((Date.now() - started) / 1000).toFixed(1)} s): open it in a browser.\n`);
		return result.verdict.verified ? 0 : 1;
	} catch (error) {
		if (error instanceof UnreadableFolder) {
			io.err(`${error.message}\n`);
			return 2;
		}
		if ((error as NodeJS.ErrnoException).syscall === 'open' || (error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EROFS') {
			io.err(`The report could not be written: ${(error as Error).message}. Give another file with --out, as --out ~/report.html.\n`);
			return 2;
		}
		throw error;
	}
}

function usage(io: CliIo, what: string): number {
	io.err(`careerpro-fla-archive: ${what}.\nRun "careerpro-fla-archive --help" to see how it is used.\n`);
	return 2;
}

const formatSize = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: Error) => {
			process.stderr.write(`careerpro-fla-archive failed: ${error.stack ?? error.message}\n`);
			process.exit(2);
		},
	);
}
