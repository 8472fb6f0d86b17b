/**
 * `npm start`: the sandboxes with demo data, and a local n8n (pinned release, SQLite, user folder
 * .n8n/ in the project) with this package installed as a community package, the sandbox
 * credentials and every template imported. A second start reuses the same n8n state. Ctrl-C stops
 * everything it started.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { SANDBOX_PORTS, SIMULATOR_LIST, sandboxAddresses, startSandboxes } from '../sandbox/index';
import { ROOT, ensureN8n } from './n8n/install';
import { DEMO_OWNER, N8nInstance } from './n8n/instance';
import { STOCK_CHECK_TOKEN, provision } from './n8n/provision';

const N8N_PORT = 5678;

async function main(): Promise<void> {
	ensureN8n((line) => console.log(line));
	// The n8n log goes to .n8n/n8n.log; the last lines are printed if n8n stops by itself.
	const sandboxes = await startSandboxes({ ports: SANDBOX_PORTS, demoData: true });
	const addresses = sandboxAddresses(sandboxes);
	const logFile = join(ROOT, '.n8n', 'n8n.log');
	mkdirSync(dirname(logFile), { recursive: true });
	const log = createWriteStream(logFile, { flags: 'a' });
	const n8n = new N8nInstance({
		userFolder: join(ROOT, '.n8n'),
		port: N8N_PORT,
		brokerPort: N8N_PORT + 1,
		log: (line) => log.write(`${line}\n`),
		httpsProxy: {
			url: sandboxes.shopify.proxyUrl,
			caFile: sandboxes.shopify.writeCaFile(join(ROOT, '.n8n', 'shopify-sandbox-ca.pem')),
		},
	});
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
		await provision(n8n, addresses, { workDirectory: join(ROOT, '.artifacts', 'start') });
	} catch (error) {
		console.error((error as Error).message);
		await stop(1);
		return;
	}
	n8n.onExit((reason) => {
		if (stopping) return;
		console.error(
			`\nn8n stopped by itself (${reason}); its last lines:\n${n8n.lastLines(20)}\nFull log: ${logFile}`,
		);
		void stop(1);
	});
	const sandboxLines = SIMULATOR_LIST.map(
		([name, simulator]) => `  ${simulator.label.padEnd(16)} ${simulator.address(addresses[name])}`,
	);
	console.log(`
Ready.
  n8n editor       ${n8n.baseUrl}/   (login ${DEMO_OWNER.email} / ${DEMO_OWNER.password})
${sandboxLines.join('\n')}
                   (sandboxes with demo data; each one's state at <base URL>/__sandbox/state)
  Live stock check ${n8n.baseUrl}/webhook/cloudshelf/live-stock?variant=gid://external/RetailSyncVariant/TEE-BLACK-M
                   (activate the workflow first; header "Authorization: Bearer ${STOCK_CHECK_TOKEN}")
Every template workflow is imported (inactive). Open one and press "Execute workflow".
n8n's log: ${logFile}
Press Ctrl-C to stop.`);
}

void main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
