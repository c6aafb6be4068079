#!/usr/bin/env node
// n8n's checks of a community package, run here before publishing:
// - the two legs of @n8n/scan-community-package (its ESLint configuration, as its analyzePackage runs it): the
//   source (package.json, nodes/, credentials/) and the packed tarball (its .js files and package.json). The
//   scanner itself downloads the published package and its source from npm and GitHub; here they are local.
// - `n8n-node lint` (@n8n/node-cli): `eslint .` with eslint.config.mjs, n8n's rules for self-hosted packages.
// Findings CI accepts are listed, with their reasons, in .ci/n8n-checks.json; anything else fails.
//   node .ci/n8n-checks.mjs            run the three checks (the tarball leg packs dist/: build first)
//   node .ci/n8n-checks.mjs --all      print every finding, accepted ones too (for a before/after record)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHOW_ALL = process.argv.includes('--all');
const accepted = JSON.parse(readFileSync(join(ROOT, '.ci/n8n-checks.json'), 'utf8'));
const libraries = accepted.runtimeLibraries.map((library) => library.name);

// The scanner makes a temporary folder when it is loaded: keep it inside ours, removed at the end.
const work = mkdtempSync(join(tmpdir(), 'careerpro-fla-n8n-checks-'));
process.env.TMPDIR = work;
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const scannerPath = requireFromRoot.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scanner = await import(pathToFileURL(scannerPath).href);
const { ESLint } = createRequire(scannerPath)('eslint');
const glob = createRequire(scannerPath)('fast-glob');

/** Why a finding is accepted, or undefined. */
function acceptance(file, message) {
	const rule = message.ruleId ?? '';
	if (rule.endsWith('/no-runtime-dependencies') && file === 'package.json') {
		const { dependencies = {} } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		const extra = Object.keys(dependencies).filter((name) => !libraries.includes(name));
		return extra.length === 0 ? `runtime libraries ${Object.keys(dependencies).join(', ')}` : undefined;
	}
	if (rule.endsWith('/no-restricted-imports')) {
		const module = /of '([^']+)'/.exec(message.message)?.[1] ?? '';
		const library = libraries.find((name) => module === name || module.startsWith(`${name}/`));
		return library && `runtime library ${library}`;
	}
	return undefined;
}

/** Lints as the scanner's analyzePackage does (same options, configuration and file patterns). */
async function scannerLeg(directory, patterns) {
	const eslint = new ESLint({
		cwd: directory,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: directory, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	return { directory, results: await eslint.lintFiles(files) };
}

/** `n8n-node lint` runs the package's own `eslint .` with its eslint.config.mjs: the same, with results to read. */
async function lintLeg() {
	const eslint = new (requireFromRoot('eslint').ESLint)({ cwd: ROOT });
	return { directory: ROOT, results: await eslint.lintFiles(['.']) };
}

function packTarball() {
	const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
	if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
	const [{ filename }] = JSON.parse(pack.stdout);
	const directory = join(work, 'package');
	mkdirSync(directory);
	const untar = spawnSync('tar', ['-xzf', join(work, filename), '-C', directory, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	return directory;
}

function report(name, { directory, results }) {
	const findings = results.flatMap((result) =>
		result.messages
			.filter((message) => message.severity === 2)
			.map((message) => {
				const file = relative(directory, result.filePath);
				return { file, message, accepted: acceptance(file, message) };
			}),
	);
	const refused = findings.filter((finding) => !finding.accepted);
	const rules = [...new Set(findings.map(({ message }) => message.ruleId ?? '(parse error)'))].sort();
	console.log(`\n${name}: ${findings.length} errors (${findings.length - refused.length} accepted, ${refused.length} not), rules: ${rules.join(' ') || 'none'}`);
	for (const { file, message, accepted: why } of SHOW_ALL ? findings : refused) {
		console.log(`  ${file}:${message.line}:${message.column}  ${message.ruleId ?? ''}  ${message.message}${why ? `  [accepted: ${why}]` : ''}`);
	}
	return refused.length;
}

let refused = 0;
try {
	refused += report('scanner, source leg (package.json, nodes/, credentials/)', await scannerLeg(ROOT, scanner.SOURCE_FILE_PATTERNS));
	refused += report('scanner, tarball leg (npm pack: **/*.js, package.json)', await scannerLeg(packTarball(), ['**/*.js', 'package.json']));
	refused += report('n8n-node lint (eslint.config.mjs)', await lintLeg());
} finally {
	rmSync(work, { recursive: true, force: true });
}
if (refused > 0) {
	console.error(`\n${refused} finding(s) of n8n's checks are not accepted in .ci/n8n-checks.json: fix them.`);
	process.exit(1);
}
console.log('\nn8n checks: nothing but the accepted runtime libraries.');
