/**
 * A local n8n (SQLite, its user folder inside the project) with this package installed the way
 * users install a community package: package.json + dist/ under
 * <user folder>/.n8n/nodes/node_modules/n8n-nodes-retail-sync, so node types are
 * `n8n-nodes-retail-sync.*` exactly as in the shipped templates. Everything listens on 127.0.0.1
 * and n8n's calls to its own cloud services are switched off.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { parse as parseFlatted } from 'flatted';

import type { TableDefinition } from '../../tools/sync-health/tables';
import { N8N_BIN, ROOT } from './install';

export interface InstanceOptions {
	userFolder: string;
	port: number;
	/** Port of n8n's task broker; it must differ between processes sharing a machine. */
	brokerPort: number;
	log?: (line: string) => void;
	/**
	 * Where n8n's HTTPS goes: the Shopify simulator, an HTTPS proxy for *.myshopify.com only (n8n's
	 * Shopify nodes hard-code https://<shop>.myshopify.com), and the file of its test CA, which n8n
	 * is told to trust. Calls to 127.0.0.1 (the other sandboxes) stay direct.
	 */
	httpsProxy?: { url: string; caFile: string };
	/**
	 * Which n8n process: `start` (the main: editor, REST API, triggers), `worker` (queue mode: runs
	 * executions taken from Redis; `port` is then its health-check port) or `webhook` (queue mode:
	 * receives production webhook calls and enqueues them). Default `start`.
	 */
	command?: 'start' | 'worker' | 'webhook';
	/** Extra command-line arguments after the command (e.g. `--concurrency=5`). */
	args?: string[];
	/** Environment set after (and over) the defaults: queue mode, PostgreSQL, Redis, shared key… */
	extraEnv?: NodeJS.ProcessEnv;
	/**
	 * Start n8n in a process group of its own, so that its task-runner children can be ended with it
	 * (a SIGKILLed n8n leaves its task runner alive otherwise). Ctrl-C then no longer reaches n8n
	 * directly: the caller must stop() it.
	 */
	processGroup?: boolean;
}

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/**
 * Every request to n8n on a connection of its own. `cli()` blocks this process (spawnSync) for
 * longer than n8n keeps an idle connection open; a kept-alive socket from before would then be
 * reused for the next request after n8n has closed it, which fails with "other side closed".
 */
const ONE_REQUEST_PER_CONNECTION = { Connection: 'close' };

/** Execution statuses that are not an end state. */
const UNFINISHED = ['new', 'running', 'waiting'];

export const DEMO_OWNER: Owner = {
	email: 'owner@retail-sync.local',
	password: 'RetailSync-demo-1',
	firstName: 'Retail',
	lastName: 'Sync',
};

export class N8nInstance {
	private process?: ChildProcess;
	private cookie = '';
	readonly baseUrl: string;
	readonly output: string[] = [];

	constructor(readonly options: InstanceOptions) {
		this.baseUrl = `http://127.0.0.1:${options.port}`;
	}

	get command(): 'start' | 'worker' | 'webhook' {
		return this.options.command ?? 'start';
	}

	/** Process id of the running n8n, if any. */
	get pid(): number | undefined {
		return this.process && !hasExited(this.process) ? this.process.pid : undefined;
	}

	env(brokerPort = this.options.brokerPort): NodeJS.ProcessEnv {
		return {
			...process.env,
			N8N_USER_FOLDER: this.options.userFolder,
			N8N_PORT: String(this.options.port),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			DB_TYPE: 'sqlite',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_PUBLIC_API_DISABLED: 'false',
			// Nothing may wait on the closed network: no telemetry, version checks, templates, banners,
			// MCP registry.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			// The MCP server registry module fetches https://api.n8n.io/api/mcp-servers as soon as n8n
			// starts (a system task that runs on takeover, then every 8 hours). Modules that use it check
			// that it is active first.
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_LOG_LEVEL: 'warn',
			NODE_ENV: 'production',
			...this.proxyEnv(),
			...(this.command === 'worker'
				? {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(this.options.port),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					}
				: {}),
			...this.options.extraEnv,
		};
	}

	/**
	 * n8n's request layer honours HTTPS_PROXY / NO_PROXY (proxy-from-env) for every call of the main
	 * process; Node reads NODE_EXTRA_CA_CERTS once at start. SSRF protection would resolve the shop's
	 * host itself and bypass the proxy, so it stays off (n8n's default) for the simulator.
	 */
	private proxyEnv(): NodeJS.ProcessEnv {
		const proxy = this.options.httpsProxy;
		if (!proxy) return {};
		return {
			HTTPS_PROXY: proxy.url,
			NO_PROXY: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: proxy.caFile,
			N8N_SSRF_PROTECTION_ENABLED: 'false',
		};
	}

	/** Copies the built package where n8n's community-package loader finds it. */
	installPackage(): void {
		if (!existsSync(join(ROOT, 'dist', 'package.json')))
			throw new Error('Build the package first (npm run build)');
		const target = join(
			this.options.userFolder,
			'.n8n',
			'nodes',
			'node_modules',
			'n8n-nodes-retail-sync',
		);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		cpSync(join(ROOT, 'package.json'), join(target, 'package.json'));
		cpSync(join(ROOT, 'dist'), join(target, 'dist'), { recursive: true });
		const nodesManifest = join(this.options.userFolder, '.n8n', 'nodes', 'package.json');
		if (!existsSync(nodesManifest)) {
			writeFileSync(
				nodesManifest,
				`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, '\t')}\n`,
			);
		}
	}

	/** Runs an n8n CLI command against the same database (on another broker port). */
	cli(args: string[]): { status: number; stdout: string; stderr: string } {
		const result = spawnSync(process.execPath, [N8N_BIN, ...args], {
			env: this.env(this.options.brokerPort + 1),
			encoding: 'utf8',
			timeout: 180_000,
		});
		return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
	}

	async start(timeoutMs = 120_000): Promise<void> {
		mkdirSync(this.options.userFolder, { recursive: true });
		// Readiness is polled over HTTP: another n8n already on the port would answer instead.
		await assertPortFree(this.options.port);
		const child = spawn(process.execPath, [N8N_BIN, this.command, ...(this.options.args ?? [])], {
			env: this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: this.options.processGroup ?? false,
		});
		this.process = child;
		// Whatever stopped n8n, what is left of its process group (its task runner) goes with it.
		if (this.options.processGroup) child.once('exit', () => killGroup(child));
		const keep = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				this.output.push(line);
				this.options.log?.(line);
			}
			if (this.output.length > 500) this.output.splice(0, this.output.length - 500);
		};
		this.process.stdout?.on('data', keep);
		this.process.stderr?.on('data', keep);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (hasExited(this.process))
				throw new Error(
					`n8n exited (${this.process.exitCode ?? this.process.signalCode}):\n${this.output.slice(-30).join('\n')}`,
				);
			try {
				if (await this.ready()) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(
			`n8n did not become ready in ${timeoutMs / 1000} s:\n${this.output.slice(-30).join('\n')}`,
		);
	}

	/**
	 * The main answers "n8n is starting up" (HTTP 200, text) until its REST routes are ready; workers
	 * (health-check server) and webhook processors answer 200 on /healthz/readiness once connected to
	 * the database and Redis.
	 */
	private async ready(): Promise<boolean> {
		const path = this.command === 'start' ? '/rest/settings' : '/healthz/readiness';
		const response = await fetch(`${this.baseUrl}${path}`, { headers: ONE_REQUEST_PER_CONNECTION });
		if (!response.ok || !this.process || hasExited(this.process)) return false;
		return this.command !== 'start' || (await response.text()).startsWith('{');
	}

	/** Calls `listener` with the exit code or signal when the started n8n process exits, whoever stopped it. */
	onExit(listener: (reason: string) => void): void {
		this.process?.once('exit', (code, signal) => listener(String(code ?? signal)));
	}

	lastLines(count: number): string {
		return this.output.slice(-count).join('\n');
	}

	async stop(): Promise<void> {
		await stopProcess(this.process);
	}

	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				...ONE_REQUEST_PER_CONNECTION,
				'Content-Type': 'application/json',
				...(this.cookie ? { Cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok)
			throw new Error(`${method} /rest${path} → ${response.status}: ${text.slice(0, 500)}`);
		let parsed: { data?: T } = {};
		try {
			parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		} catch {
			throw new Error(
				`${method} /rest${path} → ${response.status}, not JSON: ${text.slice(0, 300)}`,
			);
		}
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** Creates the owner on a new instance, or logs in on an existing one. */
	/** Names of every node type this n8n loaded (the editor's /types/nodes.json; needs a signed-in owner). */
	async nodeTypes(): Promise<string[]> {
		const response = await fetch(`${this.baseUrl}/types/nodes.json`, {
			headers: { ...ONE_REQUEST_PER_CONNECTION, Cookie: this.cookie },
		});
		if (!response.ok) throw new Error(`GET /types/nodes.json: HTTP ${response.status}`);
		return [
			...new Set(((await response.json()) as Array<{ name: string }>).map((type) => type.name)),
		];
	}

	async signIn(owner: Owner): Promise<void> {
		const settings = await this.rest<{ userManagement: { showSetupOnFirstLoad?: boolean } }>(
			'GET',
			'/settings',
		);
		if (settings.userManagement.showSetupOnFirstLoad) {
			await this.rest('POST', '/owner/setup', owner);
		} else {
			await this.rest('POST', '/login', {
				emailOrLdapLoginId: owner.email,
				password: owner.password,
			});
		}
	}

	/** Creates a credential unless one of that name and type exists; returns its id. */
	async ensureCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<string> {
		const existing = await this.rest<Array<{ id: string; name: string; type: string }>>(
			'GET',
			'/credentials',
		);
		const found = existing.find(
			(credential) => credential.name === name && credential.type === type,
		);
		if (found) return found.id;
		const created = await this.rest<{ id: string }>('POST', '/credentials', { name, type, data });
		return created.id;
	}

	/**
	 * Creates each Data Table of `tables` that the signed-in user's personal project lacks (n8n's
	 * internal API, as the editor's Data tables tab does); returns the names it created.
	 */
	async ensureDataTables(tables: TableDefinition[]): Promise<string[]> {
		const project = await this.rest<{ id: string }>('GET', '/projects/personal');
		const base = `/projects/${project.id}/data-tables`;
		const listed = await this.rest<{ data: Array<{ name: string }> }>('GET', `${base}?take=500`);
		const existing = new Set(listed.data.map((table) => table.name));
		const created: string[] = [];
		for (const { name, columns } of tables) {
			if (existing.has(name)) continue;
			await this.rest('POST', base, { name, columns });
			created.push(name);
		}
		return created;
	}

	/** A public-API key of the signed-in user with these scopes (default: workflows only). */
	async createApiKey(
		label: string,
		scopes = [
			'workflow:create',
			'workflow:read',
			'workflow:update',
			'workflow:delete',
			'workflow:list',
		],
	): Promise<string> {
		const key = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label,
			expiresAt: null,
			scopes,
		});
		return key.rawApiKey;
	}

	async workflows(): Promise<Array<{ id: string; name: string; active: boolean }>> {
		return await this.rest('GET', '/workflows');
	}

	async workflow(id: string): Promise<{
		id: string;
		name: string;
		versionId: string;
		nodes: Array<{ name: string; type: string }>;
	}> {
		return await this.rest('GET', `/workflows/${id}`);
	}

	/** Runs a workflow as the editor's "Execute workflow" does from one trigger, and waits for the end. */
	async runFrom(
		workflowId: string,
		trigger: string,
		timeoutMs = 120_000,
	): Promise<{ status: string; data: unknown }> {
		const started = await this.rest<{ executionId: string }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{ triggerToStartFrom: { name: trigger } },
		);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const execution = await this.rest<{ status: string; finished: boolean; data: unknown }>(
				'GET',
				`/executions/${started.executionId}`,
			);
			if (!UNFINISHED.includes(execution.status)) return execution;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`Execution ${started.executionId} did not finish in ${timeoutMs / 1000} s`);
	}

	async activate(workflowId: string): Promise<void> {
		const workflow = await this.workflow(workflowId);
		await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * Merges `parameters` into one node of a saved workflow (as an edit in the editor would) and
	 * returns that node's parameters from before, to put back.
	 */
	async setNodeParameters(
		workflowId: string,
		nodeName: string,
		parameters: Record<string, unknown>,
	): Promise<Record<string, unknown>> {
		const saved = await this.rest<{
			nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
			connections: Record<string, unknown>;
		}>('GET', `/workflows/${workflowId}`);
		const node = saved.nodes.find((candidate) => candidate.name === nodeName);
		if (!node) throw new Error(`Workflow ${workflowId} has no node "${nodeName}"`);
		await this.rest('PATCH', `/workflows/${workflowId}`, {
			nodes: saved.nodes.map((candidate) =>
				candidate === node
					? { ...candidate, parameters: { ...candidate.parameters, ...parameters } }
					: candidate,
			),
			connections: saved.connections,
		});
		return node.parameters;
	}

	/**
	 * Points every node of a saved workflow that uses a credential of `type` at this one, by id.
	 * n8n binds a reference by name alone to an arbitrary credential of the type when several exist
	 * (seen in 2.41.1), so a workflow that must use one of them names it by id.
	 */
	async bindCredential(
		workflowId: string,
		type: string,
		credential: { id: string; name: string },
	): Promise<void> {
		const saved = await this.rest<{
			nodes: Array<{ credentials?: Record<string, { id: string | null; name: string }> }>;
			connections: Record<string, unknown>;
		}>('GET', `/workflows/${workflowId}`);
		await this.rest('PATCH', `/workflows/${workflowId}`, {
			nodes: saved.nodes.map((node) =>
				node.credentials?.[type]
					? { ...node, credentials: { ...node.credentials, [type]: credential } }
					: node,
			),
			connections: saved.connections,
		});
	}

	/** The workflow's saved executions, newest first, at most 100 (the most the REST API gives in one page). */
	async executions(workflowId: string): Promise<Array<{ id: string; status: string }>> {
		const page = await this.rest<{ results: Array<{ id: string; status: string }> }>(
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`,
		);
		return page.results;
	}

	/** Waits (up to `timeoutMs`) until none of the workflow's executions is still running, then returns them. */
	async settledExecutions(
		workflowId: string,
		timeoutMs = 15_000,
	): Promise<Array<{ id: string; status: string }>> {
		const deadline = Date.now() + timeoutMs;
		let executions = await this.executions(workflowId);
		while (
			executions.some((execution) => UNFINISHED.includes(execution.status)) &&
			Date.now() < deadline
		) {
			await new Promise((resolve) => setTimeout(resolve, 250));
			executions = await this.executions(workflowId);
		}
		return executions;
	}
}

/** Fails when something already listens on 127.0.0.1:`port`. */
async function assertPortFree(port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const probe = createServer();
		probe.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${port} is in use (another n8n?): stop that process first.`
						: error.message,
				),
			),
		);
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
	});
}

/** SIGKILLs every process left in the process group that `child` led (its task runner). */
function killGroup(child: ChildProcess): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// the group is empty already
	}
}

/** SIGTERM, then SIGKILL after 15 s; resolves once the process has exited (n8n, PostgreSQL, Redis). */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
	if (!child || hasExited(child)) return;
	await new Promise<void>((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/** Exited or killed by a signal (a killed process has no exit code). */
export function hasExited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Why an execution read from `GET /rest/executions/:id` failed: the failing node and message
 * (n8n sends the run data flattened with `flatted`), or undefined when it did not.
 */
export function executionError(execution: { data: unknown }): string | undefined {
	const data = (
		typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data
	) as { resultData?: { error?: { message?: string }; lastNodeExecuted?: string } } | undefined;
	const error = data?.resultData?.error;
	return error ? `${data?.resultData?.lastNodeExecuted}: ${error.message}` : undefined;
}
