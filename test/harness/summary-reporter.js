// Prints one closing line, "N passed, N failed, N skipped", that CI reads as the run's verdict.
// It is written when the process exits, so it comes after jest's own summary.
//
// `npm test` runs jest twice (the queue-mode suite alone, last: jest.queue.config.js) with
// RETAIL_SYNC_CARRY_COUNTS=1 set for both. The first run, when green, leaves its counts in
// `carryTo`; the second adds those it finds in `carryFrom` (and removes the file), so the closing
// line counts both runs. Without the variable (a jest run of its own) nothing is carried.
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

class SummaryReporter {
	constructor(_globalConfig, options = {}) {
		const carry = process.env.RETAIL_SYNC_CARRY_COUNTS === '1';
		this.carryTo = carry && options.carryTo && resolve(__dirname, '../..', options.carryTo);
		this.carryFrom = carry && options.carryFrom && resolve(__dirname, '../..', options.carryFrom);
	}

	onRunStart() {
		if (this.carryTo) rmSync(this.carryTo, { force: true });
	}

	onRunComplete(_contexts, results) {
		const counts = {
			passed: results.numPassedTests,
			failed: results.numFailedTests,
			skipped: results.numPendingTests + results.numTodoTests,
		};
		if (this.carryFrom && existsSync(this.carryFrom)) {
			const earlier = JSON.parse(readFileSync(this.carryFrom, 'utf8'));
			rmSync(this.carryFrom, { force: true });
			for (const key of Object.keys(counts)) counts[key] += earlier[key];
		}
		if (this.carryTo && counts.failed === 0) {
			mkdirSync(dirname(this.carryTo), { recursive: true });
			writeFileSync(this.carryTo, JSON.stringify(counts));
		}
		const line = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
		process.once('exit', () => process.stderr.write(`\n${line}\n`));
	}
}
module.exports = SummaryReporter;
