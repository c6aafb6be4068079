/**
 * A resource stands on its own: no file of a resource's folder imports another resource's folder. What two resources
 * share lives in `nodes/CareerProFla/shared/`.
 */
import path from 'node:path';

import { importsOf, ROOT, sources } from '../../../support/imports';

const RESOURCES = path.join(ROOT, 'nodes', 'CareerProFla', 'resources');

describe('Resources', () => {
	const files = sources(RESOURCES);

	it('are found, each with an index and operation files', () => {
		expect(files.map((f) => path.relative(RESOURCES, f))).toEqual(
			expect.arrayContaining([path.join('training', 'index.ts'), path.join('training', 'create.ts'), path.join('optOut', 'index.ts')]),
		);
	});

	it('import nothing from a sibling resource', () => {
		const wrong = files.flatMap((file) => {
			const own = path.relative(RESOURCES, file).split(path.sep)[0];
			return importsOf(file)
				.map((target) => path.relative(path.relative(ROOT, RESOURCES), target))
				.filter((target) => !target.startsWith('..') && target.split(path.sep)[0] !== own)
				.map((target) => `${path.relative(ROOT, file)} -> ${target}`);
		});
		expect(wrong).toEqual([]);
	});
});
