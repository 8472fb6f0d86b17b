import tooling from '../eslint.tooling.mjs';

export default [
	...tooling,
	{
		// n8n loads node classes by path at run time; the harness does the same, through jest's require.
		files: ['harness/node-types.ts'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
];
