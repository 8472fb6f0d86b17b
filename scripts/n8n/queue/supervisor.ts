/**
 * Restarts a process of the stack that exits by itself, as systemd or a container restart policy
 * would, and logs each restart (console and .queue/logs/supervisor.log). A process that fails to
 * come back is tried again after a growing delay (1 s, 2 s, 4 s … at most 30 s).
 */
import { appendFileSync } from 'node:fs';

import type { Supervisable } from './service';

export class Supervisor {
	private stopping = false;
	private readonly restarts = new Map<string, number>();

	/** `echo`: where each line goes besides the log file (the console unless told). */
	constructor(
		private readonly logFile: string,
		private readonly echo: (line: string) => void = (line) => console.log(line),
	) {}

	/** Every line logged so far in this process (tests and the benchmark read restarts here). */
	readonly lines: string[] = [];

	log(line: string): void {
		const stamped = `${new Date().toISOString()} [supervisor] ${line}`;
		this.lines.push(stamped);
		this.echo(stamped);
		appendFileSync(this.logFile, `${stamped}\n`);
	}

	/** Watches a started process. */
	watch(name: string, service: Supervisable): void {
		const startedAt = Date.now();
		const pid = service.pid;
		service.onExit((reason) => {
			if (this.stopping) return;
			const count = (this.restarts.get(name) ?? 0) + 1;
			this.restarts.set(name, count);
			this.log(
				`${name} (pid ${pid}) exited (${reason}) after ${Math.round((Date.now() - startedAt) / 1000)} s; restarting it (restart #${count})`,
			);
			void this.restart(name, service, 1000);
		});
	}

	private async restart(name: string, service: Supervisable, delayMs: number): Promise<void> {
		await new Promise((resolve) => setTimeout(resolve, delayMs));
		if (this.stopping) return;
		const started = Date.now();
		try {
			await service.start();
		} catch (error) {
			const next = Math.min(delayMs * 2, 30_000);
			this.log(
				`${name} did not come back (${(error as Error).message.split('\n')[0]}); next try in ${next / 1000} s`,
			);
			await service.stop().catch(() => undefined);
			void this.restart(name, service, next);
			return;
		}
		if (this.stopping) {
			await service.stop();
			return;
		}
		this.log(
			`${name} restarted (pid ${service.pid}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		this.watch(name, service);
	}

	/** From now on, exits are expected. */
	shutDown(): void {
		this.stopping = true;
	}
}
