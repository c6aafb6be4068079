// Lint with n8n's community-node rules. The package ships runtime dependencies (jose, node-forge) and so cannot
// be verified for n8n Cloud: it uses the self-hosted ("without n8n Cloud support") rule set.
import { configs } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';
import * as jsonParser from 'jsonc-eslint-parser';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'coverage/**', '.bench-build/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{ files: ['package.json'], languageOptions: { parser: jsonParser } },
	configs.recommendedWithoutN8nCloudSupport,
	{
		rules: {
			// Runtime dependencies are chosen on purpose: jose signs the client assertion, node-forge reads PKCS#12.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The certificate tool is a command run in a terminal, never inside n8n: there is no node to attach a
		// NodeOperationError to, and its own CliError carries the message it prints.
		// So is the archive tool (archive/): it checks and reads an archive folder offline, without n8n.
		files: ['credentials/certificate/**/*.ts', 'archive/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
