import { linnworksDemoData } from './linnworks/demo';
import { LinnworksSandbox, type LinnworksSandboxOptions } from './linnworks/server';

export { LinnworksSandbox, SANDBOX_APP } from './linnworks/server';
export type { SandboxServer } from './common/http';

/** Fixed loopback ports used by `npm run sandbox` and the local n8n demo. Tests use free ports. */
export const SANDBOX_PORTS = { linnworks: 4010 } as const;

export interface Sandboxes {
	linnworks: LinnworksSandbox;
	close(): Promise<void>;
}

export async function startSandboxes(
	options: { ports?: Partial<typeof SANDBOX_PORTS>; demoData?: boolean; linnworks?: LinnworksSandboxOptions } = {},
): Promise<Sandboxes> {
	const linnworks = new LinnworksSandbox(options.linnworks);
	await linnworks.listen(options.ports?.linnworks ?? 0);
	if (options.demoData) linnworks.state.seed(linnworksDemoData());
	return {
		linnworks,
		close: async () => {
			await linnworks.close();
		},
	};
}
