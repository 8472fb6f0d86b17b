/** Jest runs the TypeScript sources directly (ts-jest), so tests exercise exactly what `n8n-node build` compiles. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
	testTimeout: 60000,
	maxWorkers: 2,
};
