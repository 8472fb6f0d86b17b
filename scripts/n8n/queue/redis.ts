/**
 * Redis for queue mode: Debian's redis-server, installed with apt-get when missing (as root or
 * through passwordless `sudo -n`, as scripts/ensure-browser.js installs Chromium; otherwise a
 * message says what to install). Started by this process on 127.0.0.1 only, data (RDB + AOF) in
 * .queue/redis. The package's own service is left alone: it is not what n8n here talks to.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';

import { ServerProcess } from './service';

const REDIS_SERVER = '/usr/bin/redis-server';
const PACKAGE = 'redis-server';

export function ensureRedis(log: (line: string) => void): string {
	if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
	const fail = (reason: string): never => {
		throw new Error(
			`${REDIS_SERVER} is missing and could not be installed: ${reason}.\n` +
				`Queue mode needs Debian's ${PACKAGE} package: sudo apt-get install ${PACKAGE} ` +
				`(or as root apt-get install ${PACKAGE}), then run npm run start:queue again.`,
		);
	};
	if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get'))
		fail('this machine has no apt-get');
	const isRoot = process.getuid?.() === 0;
	if (!isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0)
		fail('this user is neither root nor allowed passwordless sudo');
	const aptGet = (...args: string[]): boolean => {
		const [program, ...rest] = isRoot
			? ['apt-get', ...args]
			: ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
		log(`> ${[program, ...rest].join(' ')}`);
		const result = spawnSync(program, rest, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			maxBuffer: 64 * 1024 * 1024,
		});
		if (result.status === 0) return true;
		log(`${result.stdout}\n${result.stderr}`.split('\n').slice(-30).join('\n'));
		return false;
	};
	log(`${REDIS_SERVER} is missing: installing Debian's ${PACKAGE} package.`);
	if (!aptGet('install', '-y', '-qq', PACKAGE)) {
		if (!aptGet('update', '-qq')) fail('apt-get update failed (its errors are above)');
		if (!aptGet('install', '-y', '-qq', PACKAGE)) fail(`apt-get install ${PACKAGE} failed`);
	}
	if (!existsSync(REDIS_SERVER)) fail(`the package did not provide ${REDIS_SERVER}`);
	return REDIS_SERVER;
}

export function redisServer(
	binary: string,
	dataDir: string,
	port: number,
	log: (line: string) => void,
): ServerProcess {
	mkdirSync(dataDir, { recursive: true });
	return new ServerProcess({
		name: 'redis',
		command: binary,
		// A command-line configuration only: no file of Debian's is read.
		args: () => [
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--dir',
			dataDir,
			'--daemonize',
			'no',
			'--appendonly',
			'yes',
			'--save',
			'60 1',
			'--protected-mode',
			'yes',
		],
		log,
		ready: async () => await ping(port),
	});
}

async function ping(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let answer = '';
		socket.setTimeout(1000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			socket.destroy();
			resolve(answer.startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
	});
}
