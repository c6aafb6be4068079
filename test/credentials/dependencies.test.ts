/**
 * The credential also serves n8n's HTTP Request node, so it stands on its own: no file under `credentials/` imports
 * from `nodes/` (nodes import credentials, as in n8n's own packages).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sources(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Every module a file imports or requires, resolved against the repository. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)'([^']+)'/g)].map((m) => m[1]);
	return specifiers.filter((s) => s.startsWith('.')).map((s) => path.relative(ROOT, path.resolve(path.dirname(file), s)));
}

describe('Dependencies', () => {
	const files = sources(path.join(ROOT, 'credentials'));

	it('finds the credential files and their imports', () => {
		expect(files.length).toBeGreaterThan(10);
		expect(importsOf(path.join(ROOT, 'credentials', 'CareerProFlaApi.credentials.ts'))).toContain(path.join('credentials', 'gateway'));
	});

	it('run one way: nothing under credentials/ imports from nodes/', () => {
		const wrong = files.flatMap((file) =>
			importsOf(file)
				.filter((target) => target.split(path.sep)[0] !== 'credentials')
				.map((target) => `${path.relative(ROOT, file)} -> ${target}`),
		);
		expect(wrong).toEqual([]);
	});
});
