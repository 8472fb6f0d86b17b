/**
 * n8n's scale-out setup on 127.0.0.1, as one object: PostgreSQL, Redis, one n8n main, N workers
 * and (optionally) a webhook processor, every n8n process with this package installed in its own
 * user folder and supervised (restarted when it exits, each restart logged). The one place that
 * knows how queue mode is put together: `npm run start:queue` (fixed ports, .queue/), the
 * queue-mode test in `npm test` and `npm run bench:queue` (their own ports and state folders) all
 * start it here.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8nInstance } from '../instance';
import {
	DATABASE,
	DB_USER,
	ensureDatabase,
	ensurePostgres,
	initCluster,
	postgresServer,
	queryDatabase,
} from './postgres';
import { ensureRedis, redisServer } from './redis';
import { freePort, type ServerProcess } from './service';
import { Supervisor } from './supervisor';

export interface QueueStackOptions {
	/** Cluster, Redis data, user folders, logs and the shared secrets (state.json) live here. */
	stateDir: string;
	/**
	 * First of the n8n ports: main = base (task broker +1, its CLI +2), worker k (1-based) =
	 * base + 2k + 1 (health check) and + 2k + 2 (task broker), then the webhook processor.
	 */
	portBase: number;
	workers: number;
	webhookProcessor: boolean;
	/** The Shopify simulator's proxy and CA file, as N8nInstance takes them. */
	httpsProxy?: { url: string; caFile: string };
	/** Extra environment for every n8n process (over the queue-mode settings). */
	extraEnv?: NodeJS.ProcessEnv;
	/** Progress lines (installs, each server ready). */
	say: (line: string) => void;
	/** Where the supervisor's lines go besides its log file (default: the console). */
	supervisorEcho?: (line: string) => void;
}

interface State {
	encryptionKey: string;
	postgresPassword: string;
}

/** Secrets made on the first start and kept for the next (state.json, mode 600). */
function loadState(stateDir: string): State {
	const file = join(stateDir, 'state.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as State;
	const state: State = {
		encryptionKey: randomBytes(32).toString('hex'),
		postgresPassword: randomBytes(18).toString('base64url'),
	};
	mkdirSync(stateDir, { recursive: true });
	writeFileSync(file, `${JSON.stringify(state, null, '\t')}\n`, { mode: 0o600 });
	return state;
}

export class QueueStack {
	readonly logDir: string;
	readonly supervisor: Supervisor;
	readonly main: N8nInstance;
	readonly workers: N8nInstance[];
	readonly webhook?: N8nInstance;
	postgres?: ServerProcess;
	redis?: ServerProcess;
	postgresPort = 0;
	redisPort = 0;
	private readonly state: State;
	private readonly streams: Array<ReturnType<typeof createWriteStream>> = [];

	constructor(readonly options: QueueStackOptions) {
		this.logDir = join(options.stateDir, 'logs');
		mkdirSync(this.logDir, { recursive: true });
		this.state = loadState(options.stateDir);
		this.supervisor = new Supervisor(join(this.logDir, 'supervisor.log'), options.supervisorEcho);
		const base = options.portBase;
		const instance = (name: string, command: 'start' | 'worker' | 'webhook', port: number) =>
			new N8nInstance({
				userFolder: join(options.stateDir, name),
				port,
				brokerPort: port + 1,
				command,
				processGroup: true,
				log: this.logTo(name),
				httpsProxy: options.httpsProxy,
				// Filled in by start(), once the database and Redis ports are known.
				extraEnv: {},
			});
		this.main = instance('main', 'start', base);
		this.workers = Array.from({ length: options.workers }, (_, index) =>
			instance(`worker-${index + 1}`, 'worker', base + 2 * (index + 1) + 1),
		);
		if (options.webhookProcessor)
			this.webhook = instance('webhook', 'webhook', base + 2 * (options.workers + 1) + 1);
	}

	/** Every n8n process: the main, the workers, then the webhook processor. */
	get n8nProcesses(): Array<{ name: string; instance: N8nInstance }> {
		return [
			{ name: 'main', instance: this.main },
			...this.workers.map((instance, index) => ({ name: `worker-${index + 1}`, instance })),
			...(this.webhook ? [{ name: 'webhook', instance: this.webhook }] : []),
		];
	}

	/** Where production webhooks are called: the webhook processor if there is one, else the main. */
	get webhookUrl(): string {
		return (this.webhook ?? this.main).baseUrl;
	}

	logTo(name: string): (line: string) => void {
		const stream = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
		this.streams.push(stream);
		return (line) => stream.write(`${line}\n`);
	}

	/** Installs what is missing, then starts PostgreSQL, Redis and every n8n process, supervised. */
	async start(): Promise<void> {
		await this.startMain();
		await this.startOthers();
	}

	/**
	 * PostgreSQL, Redis and the n8n main (which runs the database migrations the other processes
	 * expect). The main can be provisioned while startOthers() brings up the rest.
	 */
	async startMain(): Promise<void> {
		const { say, stateDir } = this.options;
		// Last resort: servers run in process groups of their own, so they would outlive this
		// process (a failed test run, a restart brought up while stopping); on exit they go with it.
		process.once('exit', () => {
			for (const pid of this.pids) {
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					// gone already
				}
			}
		});
		const pgBin = ensurePostgres(say);
		const redisBin = ensureRedis(say);

		this.postgresPort = await freePort();
		initCluster(join(stateDir, 'postgres'), this.state.postgresPassword, say);
		this.postgres = postgresServer(
			join(stateDir, 'postgres'),
			this.postgresPort,
			this.state.postgresPassword,
			this.logTo('postgres'),
		);
		await this.postgres.start();
		await ensureDatabase(this.postgresPort, this.state.postgresPassword);
		this.supervisor.watch('postgres', this.postgres);
		say(`PostgreSQL (${pgBin}) on 127.0.0.1:${this.postgresPort}, database ${DATABASE}`);

		this.redisPort = await freePort();
		this.redis = redisServer(
			redisBin,
			join(stateDir, 'redis'),
			this.redisPort,
			this.logTo('redis'),
		);
		await this.redis.start();
		this.supervisor.watch('redis', this.redis);
		say(`Redis on 127.0.0.1:${this.redisPort}`);

		const queueEnv = this.queueEnv();
		for (const { instance } of this.n8nProcesses) {
			Object.assign(instance.options.extraEnv!, queueEnv, this.options.extraEnv, {
				// Workers log each job they take ("Worker started execution …").
				...(instance.command === 'worker' ? { N8N_LOG_LEVEL: 'info' } : {}),
			});
			// The same package in every user folder: a worker without it fails the execution with
			// "Unrecognized node type" while the main still lists the node.
			instance.installPackage();
		}
		await this.startSupervised('main', this.main);
		say(`n8n main ready on ${this.main.baseUrl} (pid ${this.main.pid})`);
	}

	/** The workers and the webhook processor, together. */
	async startOthers(): Promise<void> {
		await Promise.all(
			this.n8nProcesses
				.filter(({ instance }) => instance !== this.main)
				.map(async ({ name, instance }) => {
					await this.startSupervised(name, instance);
					this.options.say(`n8n ${name} ready on ${instance.baseUrl} (pid ${instance.pid})`);
				}),
		);
	}

	private async startSupervised(name: string, instance: N8nInstance): Promise<void> {
		await instance.start();
		this.supervisor.watch(name, instance);
	}

	private queueEnv(): NodeJS.ProcessEnv {
		return {
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_ENCRYPTION_KEY: this.state.encryptionKey,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgresPort),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: DB_USER,
			DB_POSTGRESDB_PASSWORD: this.state.postgresPassword,
			// n8n's default pool is 2 connections per process: under a burst of webhooks the webhook
			// processor waited for one, answered 503 ("timeout exceeded when trying to connect") and
			// lost the calls (npm run bench:queue). 10 per process stays well inside max_connections.
			DB_POSTGRESDB_POOL_SIZE: '10',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			// A worker killed mid-execution: its job is noticed as stalled after about 40 s, not 90.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			// Production webhooks go to the webhook processor; /webhook-test/ and the rest to main.
			...(this.webhook ? { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } : {}),
			N8N_EDITOR_BASE_URL: `${this.main.baseUrl}/`,
			WEBHOOK_URL: `${this.webhookUrl}/`,
		};
	}

	/** Rows of one SQL query on n8n's database (e.g. its execution_entity table). */
	async query(sql: string): Promise<Array<Record<string, unknown>>> {
		return await queryDatabase(this.postgresPort, this.state.postgresPassword, sql);
	}

	/** The worker (1-based) that logged "Worker started execution <id>", if any. */
	workerOf(executionId: string): number | undefined {
		const line = new RegExp(`Worker started execution ${executionId}\\b`);
		const index = this.workers.findIndex((worker) =>
			worker.output.some((entry) => line.test(entry)),
		);
		return index < 0 ? undefined : index + 1;
	}

	/**
	 * Stops n8n processes first, then Redis, then PostgreSQL. The supervisor is told first, so
	 * these exits are not restarted.
	 */
	async stop(): Promise<void> {
		this.supervisor.shutDown();
		await Promise.all(this.n8nProcesses.map(({ instance }) => instance.stop()));
		await this.redis?.stop();
		await this.postgres?.stop();
		for (const stream of this.streams.splice(0)) stream.end();
	}

	/** Process ids of every server of the stack still running (for a last-resort kill on exit). */
	get pids(): number[] {
		return [
			...this.n8nProcesses.map(({ instance }) => instance.pid),
			this.redis?.pid,
			this.postgres?.pid,
		].filter((pid): pid is number => pid !== undefined);
	}
}
