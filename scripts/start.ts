/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- the main job's command-line entry */
/**
 * `npm start`: the sandboxes with demo data, and a local n8n (pinned release, SQLite, user folder
 * .n8n/ in the project) with this package installed as a community package, the sandbox
 * credentials and every template imported. A second start reuses the same n8n state. Ctrl-C stops
 * everything it started.
 */
import { join } from 'node:path';

import { SANDBOX_PORTS, startSandboxes } from '../sandbox/index';
import { ROOT, ensureN8n } from './n8n/install';
import { DEMO_OWNER, N8nInstance } from './n8n/instance';
import { STOCK_CHECK_TOKEN, provision } from './n8n/provision';

const N8N_PORT = 5678;

async function main(): Promise<void> {
	ensureN8n((line) => console.log(line));
	const sandboxes = await startSandboxes({ ports: SANDBOX_PORTS, demoData: true });
	const n8n = new N8nInstance({ userFolder: join(ROOT, '.n8n'), port: N8N_PORT, brokerPort: N8N_PORT + 1 });
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandboxes…');
		await n8n.stop();
		await sandboxes.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		n8n.installPackage();
		console.log(`Starting n8n on ${n8n.baseUrl} …`);
		await n8n.start();
		await provision(
			n8n,
			{ linnworks: sandboxes.linnworks.baseUrl, cloudshelf: sandboxes.cloudshelf.baseUrl, alerts: sandboxes.alerts.baseUrl },
			{ workDirectory: join(ROOT, '.artifacts', 'start') },
		);
	} catch (error) {
		console.error((error as Error).message);
		await stop(1);
		return;
	}
	console.log(`
Ready.
  n8n editor       ${n8n.baseUrl}/   (login ${DEMO_OWNER.email} / ${DEMO_OWNER.password})
  Linnworks        ${sandboxes.linnworks.baseUrl}   (sandbox, demo data)
  Cloudshelf       ${sandboxes.cloudshelf.baseUrl}/graphql
  Alerts inbox     ${sandboxes.alerts.baseUrl}/__sandbox/state
  Live stock check ${n8n.baseUrl}/webhook/cloudshelf/live-stock?variant=gid://external/RetailSyncVariant/TEE-BLACK-M
                   (activate the workflow first; header "Authorization: Bearer ${STOCK_CHECK_TOKEN}")
The six template workflows are imported (inactive). Open one and press "Execute workflow".
Press Ctrl-C to stop.`);
}

void main();
