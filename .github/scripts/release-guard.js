#!/usr/bin/env node
/**
 * Run by the release workflow before anything is installed: refuses to publish unless
 * - package.json's repository.url is the address of a public GitHub repository, the one the workflow runs in
 *   (npm's provenance statement names that repository, npm refuses a package whose repository.url differs (E422),
 *   and n8n's scanner downloads the source from it); a placeholder is refused;
 * - bugs.url is that repository's issues page, and the author's email is not a placeholder;
 * - the tag is v<version>, the certificate command's package (certificate/) has the same version and the same
 *   libraries, and the archive command's package (archive/) the same version.
 * Reads GITHUB_REPOSITORY, GITHUB_REF_NAME and GITHUB_API_URL (set by GitHub Actions) and package.json in the
 * current folder. Prints what is wrong and exits with status 1, or prints what will be published.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const PLACEHOLDER = /placeholder|\.invalid$/i;
const GITHUB_URL = /^(?:git\+)?https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?$/;
/** The longest wait for GitHub's answer about the repository. */
const API_TIMEOUT_MS = 15_000;

async function problems(folder, env) {
	const read = (file) => JSON.parse(readFileSync(join(folder, file), 'utf8'));
	const pkg = read('package.json');
	const found = [];
	const url = pkg.repository?.url ?? '';
	const match = GITHUB_URL.exec(url);
	if (PLACEHOLDER.test(url) || !match) {
		found.push(
			`package.json "repository.url" is ${JSON.stringify(url)}: set it to the address of the public GitHub repository ` +
				'this workflow runs in, as git+https://github.com/OWNER/REPO.git (README, section Development).',
		);
	} else {
		const [, owner, repo] = match;
		const slug = `${owner}/${repo}`;
		if ((env.GITHUB_REPOSITORY ?? '').toLowerCase() !== slug.toLowerCase()) {
			found.push(`package.json names the repository ${slug}, but this workflow runs in ${env.GITHUB_REPOSITORY || '(no GITHUB_REPOSITORY)'}: npm refuses provenance for another repository.`);
		}
		const issues = `https://github.com/${owner}/${repo}/issues`;
		if (pkg.bugs?.url !== issues) found.push(`package.json "bugs.url" is ${JSON.stringify(pkg.bugs?.url)}: set it to ${issues}.`);
		const visibility = await repositoryVisibility(env.GITHUB_API_URL || 'https://api.github.com', slug);
		if (visibility !== 'public') found.push(`github.com/${slug} is ${visibility}: npm's provenance and n8n's scanner need a public repository.`);
	}
	const email = pkg.author?.email ?? '';
	if (!email || PLACEHOLDER.test(email)) found.push(`package.json "author.email" is ${JSON.stringify(email)}: set the maintainers' address.`);
	const tag = env.GITHUB_REF_NAME ?? '';
	if (tag !== `v${pkg.version}`) found.push(`The tag is ${JSON.stringify(tag)}, the version in package.json ${pkg.version}: tag v${pkg.version}.`);
	const command = read('certificate/package.json');
	if (command.version !== pkg.version) found.push(`certificate/package.json has version ${command.version}, package.json ${pkg.version}: give both the same.`);
	if (JSON.stringify(command.dependencies) !== JSON.stringify(pkg.dependencies)) {
		found.push('certificate/package.json "dependencies" differ from package.json\'s: the command runs the same credential modules, give it the same.');
	}
	const archive = read('archive/package.json');
	if (archive.version !== pkg.version) found.push(`archive/package.json has version ${archive.version}, package.json ${pkg.version}: give both the same.`);
	return found;
}

/** 'public', 'private', or why it is not known, from GitHub's API (no token: a private repository is not found). */
async function repositoryVisibility(api, slug) {
	try {
		const response = await fetch(`${api}/repos/${slug}`, {
			headers: { accept: 'application/vnd.github+json' },
			signal: AbortSignal.timeout(API_TIMEOUT_MS),
		});
		if (response.status === 404) return 'not found or private';
		if (!response.ok) return `unknown (GitHub answered ${response.status})`;
		const body = await response.json();
		return body.private === false ? 'public' : 'private';
	} catch (error) {
		return `unknown (GitHub did not answer: ${error.message})`;
	}
}

module.exports = { problems };

if (require.main === module) {
	problems(process.cwd(), process.env).then((found) => {
		if (found.length > 0) {
			console.error(`Not published:\n${found.map((problem) => `- ${problem}`).join('\n')}`);
			process.exit(1);
		}
		const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
		console.log(`Publishing ${name}@${version}, careerpro-fla-certificate@${version} and careerpro-fla-archive@${version} from github.com/${process.env.GITHUB_REPOSITORY}.`);
	});
}
