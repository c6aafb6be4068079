/**
 * The release workflow's guard (.github/scripts/release-guard.js): it refuses to publish from the placeholder
 * address, from another or a private repository, with a tag that is not v<version>, or with a certificate command
 * package out of step. GitHub's API is a local HTTP server here (GITHUB_API_URL, as GitHub Actions sets it).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { problems } = require(join(ROOT, '.github/scripts/release-guard.js')) as {
	problems: (folder: string, env: Record<string, string | undefined>) => Promise<string[]>;
};

const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const command = JSON.parse(readFileSync(join(ROOT, 'certificate/package.json'), 'utf8'));
const archiveCommand = JSON.parse(readFileSync(join(ROOT, 'archive/package.json'), 'utf8'));

/** GitHub's answer per repository: public ones are listed, every other is 404, as for a private one without a token. */
const publicRepositories = new Set(['acme/n8n-nodes-careerpro-fla']);
let server: Server;
let api: string;
const asked: string[] = [];
let folder: string;

beforeAll(async () => {
	server = createServer((request, response) => {
		asked.push(request.url ?? '');
		const slug = (request.url ?? '').replace(/^\/repos\//, '');
		if (!publicRepositories.has(slug)) return void response.writeHead(404).end('{"message":"Not Found"}');
		response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ full_name: slug, private: false }));
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	folder = mkdtempSync(join(tmpdir(), 'careerpro-release-guard-'));
	mkdirSync(join(folder, 'certificate'));
	mkdirSync(join(folder, 'archive'));
});
afterAll(async () => {
	rmSync(folder, { recursive: true, force: true });
	await new Promise((done) => server.close(done));
});
beforeEach(() => (asked.length = 0));

/** A copy of the package as a maintainer would set it for github.com/<slug>, with some fields changed. */
function releasable(slug: string, changes: { version?: string; commandVersion?: string; archiveVersion?: string; email?: string } = {}) {
	writeFileSync(
		join(folder, 'package.json'),
		JSON.stringify({
			...root,
			version: changes.version ?? root.version,
			repository: { type: 'git', url: `git+https://github.com/${slug}.git` },
			bugs: { url: `https://github.com/${slug}/issues` },
			author: { ...root.author, email: changes.email ?? 'fla-maintainers@acme.be' },
		}),
	);
	writeFileSync(join(folder, 'certificate/package.json'), JSON.stringify({ ...command, version: changes.commandVersion ?? command.version }));
	writeFileSync(join(folder, 'archive/package.json'), JSON.stringify({ ...archiveCommand, version: changes.archiveVersion ?? archiveCommand.version }));
	return folder;
}

const actions = (slug: string, tag = `v${root.version}`) => ({ GITHUB_REPOSITORY: slug, GITHUB_REF_NAME: tag, GITHUB_API_URL: api });

describe('the release guard', () => {
	it("refuses the repository's placeholder address and author email, without asking GitHub", async () => {
		const found = await problems(ROOT, actions('acme/n8n-nodes-careerpro-fla'));
		expect(found).toEqual([
			expect.stringMatching(/^package.json "repository.url" is "git\+https:\/\/github.com\/PLACEHOLDER-OWNER\/n8n-nodes-careerpro-fla.git": set it/),
			expect.stringMatching(/^package.json "author.email" is "maintainers@PLACEHOLDER.invalid"/),
		]);
		expect(asked).toEqual([]);
	});

	it('lets a public repository that the workflow runs in publish, with the tag of its version', async () => {
		expect(await problems(releasable('acme/n8n-nodes-careerpro-fla'), actions('acme/n8n-nodes-careerpro-fla'))).toEqual([]);
		expect(asked).toEqual(['/repos/acme/n8n-nodes-careerpro-fla']);
	});

	it('refuses a private (or missing) repository', async () => {
		const found = await problems(releasable('acme/private-fla'), actions('acme/private-fla'));
		expect(found).toEqual(['github.com/acme/private-fla is not found or private: npm\'s provenance and n8n\'s scanner need a public repository.']);
	});

	it('refuses to publish from another repository than the one package.json names', async () => {
		const found = await problems(releasable('acme/n8n-nodes-careerpro-fla'), actions('someone/fork'));
		expect(found).toEqual([expect.stringMatching(/names the repository acme\/n8n-nodes-careerpro-fla, but this workflow runs in someone\/fork/)]);
	});

	it('refuses a tag that is not v<version>, and a certificate or archive package of another version', async () => {
		const found = await problems(releasable('acme/n8n-nodes-careerpro-fla', { commandVersion: '0.0.9', archiveVersion: '0.0.8' }), actions('acme/n8n-nodes-careerpro-fla', 'v9.9.9'));
		expect(found).toEqual([
			`The tag is "v9.9.9", the version in package.json ${root.version}: tag v${root.version}.`,
			`certificate/package.json has version 0.0.9, package.json ${root.version}: give both the same.`,
			`archive/package.json has version 0.0.8, package.json ${root.version}: give both the same.`,
		]);
	});
});
