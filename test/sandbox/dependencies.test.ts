/**
 * The sandbox is a second opinion on the node, so it keeps its own statement of the API (statement.ts) and its own
 * checks: nothing under test/sandbox/ imports from nodes/. A shared constant would make a mistake in the node's
 * contract (a path, a wire name, a natural key, a year) the sandbox's too, invisible to every test.
 */
import path from 'node:path';

import { importsOf, ROOT, sources } from '../support/imports';

describe('Dependencies of the sandbox', () => {
	const files = sources(path.join(ROOT, 'test', 'sandbox'));

	it('finds the sandbox files and their imports', () => {
		expect(files.length).toBeGreaterThan(10);
		expect(importsOf(path.join(ROOT, 'test', 'sandbox', 'api.ts'))).toContain(path.join('test', 'sandbox', 'statement'));
	});

	it('imports nothing from nodes/: its statement of the API is its own', () => {
		const wrong = files.flatMap((file) =>
			importsOf(file)
				.filter((target) => target.split(path.sep)[0] === 'nodes')
				.map((target) => `${path.relative(ROOT, file)} -> ${target}`),
		);
		expect(wrong).toEqual([]);
	});
});
