/**
 * ESLint config for everything outside the published package (sandbox, test, scripts, bench,
 * tools). Each of those folders has an `eslint.config.mjs` that re-exports this file, and
 * `npm run lint` runs ESLint with per-directory config lookup (`v10_config_lookup_from_file`, the
 * default from ESLint 10), so the root `eslint.config.mjs` stays the @n8n/node-cli default that
 * strict mode requires and keeps applying n8n's community-node rules to `nodes/` and `credentials/`.
 *
 * Tooling keeps the same TypeScript and import rules as the package. The rules written for code
 * n8n loads (`@n8n/community-nodes/*`, `n8n-nodes-base/*`: no `process`, no `fs`, no timers, node
 * description conventions) are switched off here, since local servers and test tools need exactly
 * those, and so is `no-console` for command-line tools.
 */
import { config } from '@n8n/node-cli/eslint';

const PACKAGE_ONLY_RULES = /^(@n8n\/community-nodes|n8n-nodes-base)\//;

const packageOnlyRules = [
	...new Set(
		config
			.flatMap((block) => Object.keys(block.rules ?? {}))
			.filter((rule) => PACKAGE_ONLY_RULES.test(rule)),
	),
];

export default [
	...config,
	{
		files: ['**/*.ts'],
		rules: {
			...Object.fromEntries(packageOnlyRules.map((rule) => [rule, 'off'])),
			'no-console': 'off',
		},
	},
];
