/** Jest runs the TypeScript sources directly (ts-jest), so tests exercise exactly what `n8n-node build` compiles. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
		// change-case 5 (used by n8n-nodes-base's Shopify node) is ESM only: compiled to CommonJS here.
		'^.+/node_modules/change-case/.+\\.js$': [
			'ts-jest',
			{ tsconfig: { allowJs: true, module: 'commonjs' }, diagnostics: false },
		],
	},
	transformIgnorePatterns: ['/node_modules/(?!change-case/)'],
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
	testTimeout: 60000,
	maxWorkers: 2,
};
