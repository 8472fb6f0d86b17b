// Prints one closing line, "N passed, N failed, N skipped", that CI reads as the run's verdict.
// It is written when the process exits, so it comes after jest's own summary.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
		process.once('exit', () => process.stderr.write(`\n${line}\n`));
	}
}
module.exports = SummaryReporter;
