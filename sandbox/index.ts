import { AlertsInbox } from './alerts/server';
import { cloudshelfDemoData } from './cloudshelf/demo';
import { CloudshelfSandbox, type CloudshelfSandboxOptions } from './cloudshelf/server';
import { linnworksDemoData } from './linnworks/demo';
import { LinnworksSandbox, type LinnworksSandboxOptions } from './linnworks/server';

export { AlertsInbox } from './alerts/server';
export { CloudshelfSandbox, SANDBOX_API_KEY } from './cloudshelf/server';
export { LinnworksSandbox, SANDBOX_APP } from './linnworks/server';
export type { SandboxServer } from './common/http';

/** Fixed loopback ports used by `npm run sandbox` and the local n8n demo. Tests use free ports. */
export const SANDBOX_PORTS = { linnworks: 4010, cloudshelf: 4020, alerts: 4030 } as const;

export interface Sandboxes {
	linnworks: LinnworksSandbox;
	cloudshelf: CloudshelfSandbox;
	alerts: AlertsInbox;
	close(): Promise<void>;
}

export async function startSandboxes(
	options: {
		ports?: Partial<typeof SANDBOX_PORTS>;
		demoData?: boolean;
		linnworks?: LinnworksSandboxOptions;
		cloudshelf?: CloudshelfSandboxOptions;
	} = {},
): Promise<Sandboxes> {
	const linnworks = new LinnworksSandbox(options.linnworks);
	const cloudshelf = new CloudshelfSandbox(options.cloudshelf);
	const alerts = new AlertsInbox();
	await linnworks.listen(options.ports?.linnworks ?? 0);
	await cloudshelf.listen(options.ports?.cloudshelf ?? 0);
	await alerts.listen(options.ports?.alerts ?? 0);
	if (options.demoData) {
		linnworks.state.seed(linnworksDemoData());
		cloudshelf.state.seed(cloudshelfDemoData());
	}
	return {
		linnworks,
		cloudshelf,
		alerts,
		close: async () => {
			await Promise.all([linnworks.close(), cloudshelf.close(), alerts.close()]);
		},
	};
}
