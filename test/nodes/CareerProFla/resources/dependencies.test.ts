/**
 * A resource stands on its own: no file of a resource's folder imports another resource's folder. What two resources
 * share lives in `nodes/CareerProFla/shared/`. Only the list of resources (`resources/index.ts`) imports them all,
 * each by its index.
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
		const wrong = files.filter((file) => path.dirname(file) !== RESOURCES).flatMap((file) => {
			const own = path.relative(RESOURCES, file).split(path.sep)[0];
			return importsOf(file)
				.map((target) => path.relative(path.relative(ROOT, RESOURCES), target))
				.filter((target) => !target.startsWith('..') && target.split(path.sep)[0] !== own)
				.map((target) => `${path.relative(ROOT, file)} -> ${target}`);
		});
		expect(wrong).toEqual([]);
	});

	it('are listed by their index only', () => {
		const listed = importsOf(path.join(RESOURCES, 'index.ts')).map((target) => path.relative(path.relative(ROOT, RESOURCES), target));
		const ofResources = listed.filter((target) => !target.startsWith('..'));
		expect(ofResources.length).toBeGreaterThan(5);
		expect(ofResources.filter((target) => target.split(path.sep).length !== 1 && path.basename(target) !== 'index')).toEqual([]);
	});
});
