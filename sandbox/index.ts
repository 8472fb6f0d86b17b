/**
 * Starting sandboxes: one by name, or every simulator of the registry at once (`npm run sandbox`,
 * `npm start`, the template tests, the benchmarks).
 */
import type { SandboxServer } from './common/http';
import {
	SANDBOX_NAMES,
	SIMULATOR_LIST,
	simulatorOf,
	type SandboxAddresses,
	type SandboxName,
	type SandboxOf,
	type SandboxOptionsOf,
} from './registry';

export * from './registry';
export type { SandboxServer } from './common/http';

/** One running sandbox per simulator, typed by name (`sandboxes.linnworks.state`, …). */
export type Sandboxes = { [Name in SandboxName]: SandboxOf<Name> } & { close(): Promise<void> };

export interface StartOptions {
	/** Ports by name; a sandbox without one takes a free port. */
	ports?: Partial<Record<SandboxName, number>>;
	/** Seed every sandbox with the demo data of `npm run sandbox`. */
	demoData?: boolean;
	/** Options of each simulator's constructor, by name. */
	options?: { [Name in SandboxName]?: SandboxOptionsOf<Name> };
}

/** One simulator of the registry, listening on `port` (a free one by default). */
export async function startSandbox<Name extends SandboxName>(
	name: Name,
	options?: SandboxOptionsOf<Name>,
	port = 0,
): Promise<SandboxOf<Name>> {
	const sandbox = simulatorOf(name).create(options) as SandboxOf<Name>;
	await sandbox.listen(port);
	return sandbox;
}

/** Every simulator of the registry; if one cannot listen, those already started are closed. */
export async function startSandboxes(options: StartOptions = {}): Promise<Sandboxes> {
	const started: Partial<Record<SandboxName, SandboxServer>> = {};
	const close = async () => {
		await Promise.all(Object.values(started).map((sandbox) => sandbox.close()));
	};
	try {
		for (const name of SANDBOX_NAMES) {
			started[name] = await startSandbox(name, options.options?.[name], options.ports?.[name]);
		}
	} catch (error) {
		await close();
		throw error;
	}
	const servers = started as Record<SandboxName, SandboxServer>;
	if (options.demoData) {
		for (const [name, simulator] of SIMULATOR_LIST) simulator.seedDemo(servers[name]);
	}
	return { ...(servers as { [Name in SandboxName]: SandboxOf<Name> }), close };
}

/** The running sandboxes, by name, for code that treats them alike. */
export function eachSandbox(sandboxes: Sandboxes): Array<[SandboxName, SandboxServer]> {
	return SANDBOX_NAMES.map((name) => [name, sandboxes[name]]);
}

/** Base URLs of the running sandboxes, by name. */
export function sandboxAddresses(sandboxes: Sandboxes): SandboxAddresses {
	return Object.fromEntries(
		eachSandbox(sandboxes).map(([name, sandbox]) => [name, sandbox.baseUrl]),
	) as SandboxAddresses;
}
