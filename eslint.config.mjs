// `npm run lint` is `n8n-node lint` (@n8n/node-cli): `eslint .` with n8n's rules for packages without n8n Cloud
// support, as the package ships two runtime libraries (jose, node-forge). n8n's lint and scanner may report only
// those two, listed with their reasons in .ci/n8n-checks.json; .ci/n8n-checks.mjs runs the scanner too.
import { readFileSync } from 'node:fs';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

const read = (file) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
const { runtimeLibraries } = read('./.ci/n8n-checks.json');
const { dependencies = {} } = read('./package.json');
const onlyAcceptedLibraries = Object.keys(dependencies).every((name) => runtimeLibraries.some((library) => library.name === name));

export default [
	globalIgnores(['**/dist', '**/node_modules', 'test', 'coverage', '.bench-build']),
	...configWithoutCloudSupport,
	// The rule flags any runtime dependency: it stays on when package.json has one not in .ci/n8n-checks.json.
	...(onlyAcceptedLibraries ? [{ files: ['package.json'], rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' } }] : []),
	{
		// The certificate command (its own npm package, careerpro-fla-certificate) runs in a terminal, never inside
		// n8n: there is no node to attach a NodeOperationError to, and its CliError carries the message it prints. So is the
		// archive command (its own npm package, careerpro-fla-archive), which checks and reads an archive folder offline.
		files: ['certificate/**/*.ts', 'archive/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
];
