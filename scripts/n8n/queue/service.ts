/**
 * A server process of the queue-mode stack (PostgreSQL, Redis) started directly as a child of
 * this process: its output goes to a log, start() resolves when `ready()` says so, stop() sends
 * SIGTERM (SIGKILL after 15 s). The same shape as N8nInstance, so the supervisor treats all alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

import { hasExited, stopProcess } from '../instance';

export interface Supervisable {
	start(): Promise<void>;
	stop(): Promise<void>;
	onExit(listener: (reason: string) => void): void;
	lastLines(count: number): string;
	readonly pid: number | undefined;
}

export class ServerProcess implements Supervisable {
	private process?: ChildProcess;
	private readonly output: string[] = [];

	constructor(
		private readonly spec: {
			name: string;
			command: string;
			args: () => string[];
			env?: NodeJS.ProcessEnv;
			log: (line: string) => void;
			ready: () => Promise<boolean>;
			timeoutMs?: number;
		},
	) {}

	get pid(): number | undefined {
		return this.process && !hasExited(this.process) ? this.process.pid : undefined;
	}

	async start(): Promise<void> {
		const child = spawn(this.spec.command, this.spec.args(), {
			env: { ...process.env, ...this.spec.env },
			stdio: ['ignore', 'pipe', 'pipe'],
			// Its own process group: Ctrl-C in the terminal reaches only the launcher, which stops the
			// stack in order (n8n before the database it writes to).
			detached: true,
		});
		this.process = child;
		const keep = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				this.output.push(line);
				this.spec.log(line);
			}
			if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		child.once('error', (error) => keep(Buffer.from(`${this.spec.name}: ${error.message}`)));
		const deadline = Date.now() + (this.spec.timeoutMs ?? 60_000);
		while (Date.now() < deadline) {
			if (hasExited(child))
				throw new Error(
					`${this.spec.name} exited (${child.exitCode ?? child.signalCode}):\n${this.lastLines(20)}`,
				);
			if (await this.spec.ready().catch(() => false)) return;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`${this.spec.name} did not become ready:\n${this.lastLines(20)}`);
	}

	onExit(listener: (reason: string) => void): void {
		this.process?.once('exit', (code, signal) => listener(String(code ?? signal)));
	}

	lastLines(count: number): string {
		return this.output.slice(-count).join('\n');
	}

	async stop(): Promise<void> {
		await stopProcess(this.process);
	}
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export async function listening(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** A port nothing listens on now (the kernel's pick). */
export async function freePort(): Promise<number> {
	const { createServer } = await import('node:net');
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}
