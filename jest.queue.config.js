/**
 * The queue-mode suite (test/queue): PostgreSQL, Redis and three n8n processes. `npm test` runs it
 * after the other suites, alone, so that it never shares the machine's cores with the real-n8n
 * suite (both would run at once under the main config's two jest workers).
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testPathIgnorePatterns: ['/node_modules/'],
	roots: ['<rootDir>/test/queue'],
	maxWorkers: 1,
	// The closing "N passed, …" line counts the first run's tests too.
	reporters: [
		'default',
		['<rootDir>/test/harness/summary-reporter.js', { carryFrom: '.artifacts/jest-counts.json' }],
	],
};
