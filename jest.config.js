/** Jest runs the TypeScript sources directly (ts-jest), so tests exercise exactly what `n8n-node build` compiles. */
const ESM_ONLY = [
	'change-case',
	'htmlparser2',
	'domhandler',
	'domutils',
	'domelementtype',
	'dom-serializer',
	'entities',
];

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The queue-mode suite runs on its own after everything else (jest.queue.config.js).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/queue/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
		// ESM-only packages n8n-nodes-base's nodes load, compiled to CommonJS here: change-case 5 (the
		// Shopify node), htmlparser2 12 and its dom* / entities packages (sanitize-html, loaded by the
		// Wait node).
		[`^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
			'ts-jest',
			{ tsconfig: { allowJs: true, module: 'commonjs' }, diagnostics: false },
		],
	},
	// Nested copies too (sanitize-html/node_modules/htmlparser2).
	transformIgnorePatterns: [`^(?!.*/node_modules/(${ESM_ONLY.join('|')})/).*/node_modules/`],
	reporters: [
		'default',
		['<rootDir>/test/harness/summary-reporter.js', { carryTo: '.artifacts/jest-counts.json' }],
	],
	testTimeout: 60000,
	maxWorkers: 2,
};
