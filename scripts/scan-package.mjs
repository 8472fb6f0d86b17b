// The check n8n's verification runs on a community package, on what `npm publish` would ship:
// packs the built package, unpacks the tarball and runs the package analysis of n8n's own scanner
// (`analyzePackage` of @n8n/scan-community-package, the ESLint rules of the verification gate with
// inline disables ignored) on it. Also holds the tarball to what n8n loads: compiled JavaScript,
// node and codex JSON, icons, package.json and the README; no declarations, source maps or build
// caches. The scanner's provenance and source-download steps need a published version on npm and
// are left to the release workflow. Run by `npm test` after the build; exits 1 on any violation.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'retail-sync-scan-'));

/** Files n8n loads from a community package, besides package.json and the README. */
const SHIPPED = /^dist\/.+\.(js|json|svg|png)$/;

function filesBelow(directory) {
	return readdirSync(directory).flatMap((name) => {
		const path = join(directory, name);
		return statSync(path).isDirectory() ? filesBelow(path) : [path];
	});
}

try {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);
	const unpacked = join(work, 'package');
	const files = filesBelow(unpacked).map((path) => relative(unpacked, path));
	const stray = files.filter(
		(file) => !SHIPPED.test(file) && !['package.json', 'README.md', 'LICENSE.md'].includes(file),
	);
	if (!files.some((file) => file.endsWith('.node.js')))
		throw new Error('The tarball holds no compiled node: run npm run build first.');
	const result = await analyzePackage(unpacked);
	if (stray.length) {
		console.error(`The tarball holds files n8n does not load:\n  ${stray.join('\n  ')}`);
		console.error('Leave them out with the "files" field of package.json.');
	}
	if (!result.passed) {
		console.error(`n8n's community package scanner: ${result.message}`);
		if (result.details) console.error(result.details);
	}
	if (stray.length || !result.passed) process.exitCode = 1;
	else
		console.log(
			`${packed.name}@${packed.version}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed; n8n's scanner (@n8n/scan-community-package 0.32.0) found no violation.`,
		);
} finally {
	rmSync(work, { recursive: true, force: true });
}
