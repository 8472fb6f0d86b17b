// Packs a package directory as `npm publish` would, unpacks the tarball and runs on it the package
// analysis of n8n's own verification scanner (`analyzePackage` of @n8n/scan-community-package: the
// ESLint rules of the verification gate, inline disables ignored). Also holds the tarball to what
// n8n loads: compiled JavaScript, node and codex JSON, icons, package.json and the README; no
// declarations, source maps or build caches. The scanner's provenance and source-download steps
// need a version published on npm and are left to the release workflow.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

/** Files n8n loads from a community package, besides package.json and the README. */
const SHIPPED = /^dist\/.+\.(js|json|svg|png)$/;

function filesBelow(directory) {
	return readdirSync(directory).flatMap((name) => {
		const path = join(directory, name);
		return statSync(path).isDirectory() ? filesBelow(path) : [path];
	});
}

/**
 * Packs and scans `packageDir`; keeps the tarball in `keepIn` when given. Prints what it found and
 * returns whether the package passed.
 */
export async function packAndScan(packageDir, { keepIn } = {}) {
	const work = mkdtempSync(join(tmpdir(), 'retail-sync-scan-'));
	try {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
				cwd: packageDir,
				encoding: 'utf8',
			}),
		);
		const tarball = join(work, packed.filename);
		if (keepIn) copyFileSync(tarball, join(keepIn, packed.filename));
		execFileSync('tar', ['-xzf', tarball, '-C', work]);
		const unpacked = join(work, 'package');
		const files = filesBelow(unpacked).map((path) => relative(unpacked, path));
		const label = `${packed.name}@${packed.version}`;
		if (!files.some((file) => file.endsWith('.node.js'))) {
			console.error(`${label}: the tarball holds no compiled node: run npm run build first.`);
			return false;
		}
		const stray = files.filter(
			(file) => !SHIPPED.test(file) && !['package.json', 'README.md', 'LICENSE.md'].includes(file),
		);
		const result = await analyzePackage(unpacked);
		if (stray.length)
			console.error(
				`${label}: the tarball holds files n8n does not load (leave them out with "files" in package.json):\n  ${stray.join('\n  ')}`,
			);
		if (!result.passed) {
			console.error(`${label}: n8n's community package scanner: ${result.message}`);
			if (result.details) console.error(result.details);
		}
		if (stray.length || !result.passed) return false;
		console.log(
			`${label}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed; n8n's scanner (@n8n/scan-community-package 0.32.0) found no violation.`,
		);
		return true;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}
