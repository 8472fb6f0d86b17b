/**
 * What the registry (../registry.ts) knows of one simulator: everything `npm run sandbox`,
 * `npm start`, the tests, the benchmarks and the agency tool need, so none of them names a platform.
 */
import type { SandboxServer } from './http';

/** An API simulator ('platform': faults and call summaries apply) or the alerts inbox. */
export type SimulatorKind = 'platform' | 'inbox';

/** An n8n credential that reaches a sandbox (a platform may have several, e.g. Centra's two APIs). */
export interface SandboxCredential {
	/** Credential type, e.g. `linnworksApi`. */
	type: string;
	/** Name of the credential `npm start` creates and the sandbox client binds, e.g. "Linnworks sandbox". */
	name: string;
	/** The credential's fields for the sandbox at `baseUrl`: its public values and its address. */
	data(baseUrl: string): Record<string, string>;
}

export interface Simulator<
	Server extends SandboxServer = SandboxServer,
	Options = never,
	Kind extends SimulatorKind = SimulatorKind,
> {
	/** Shown by `npm run sandbox` and `npm start`. */
	label: string;
	kind: Kind;
	/** Fixed loopback port of `npm run sandbox` and `npm start`; tests take free ports. */
	port: number;
	create(options?: Options): Server;
	/** Seeds the demo data `npm run sandbox` and `npm start` run with. */
	seedDemo(sandbox: Server): void;
	/** The address clients point at (e.g. the GraphQL endpoint), for a sandbox at `baseUrl`. */
	address(baseUrl: string): string;
	/** How to point a credential or a template at that address, a line each, for the console. */
	hint: string[];
	/** The n8n credentials that reach this sandbox, one per credential type (none for the inbox). */
	credentials?: SandboxCredential[];
}

/** Declares a simulator; only infers its types (server, options, kind) for the typed registry. */
export function defineSimulator<
	Server extends SandboxServer,
	Options,
	const Kind extends SimulatorKind,
>(simulator: Simulator<Server, Options, Kind>): Simulator<Server, Options, Kind> {
	return simulator;
}
