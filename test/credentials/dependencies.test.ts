/**
 * The credential also serves n8n's HTTP Request node, so it stands on its own: no file under `credentials/` imports
 * from `nodes/` (nodes import credentials, as in n8n's own packages).
 */
import path from 'node:path';

import { importsOf, ROOT, sources } from '../support/imports';

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
