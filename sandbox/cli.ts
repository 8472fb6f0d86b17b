/**
 * `npm run sandbox`: every platform simulator on its fixed loopback port, with demo data.
 * Stops on Ctrl-C.
 */
import { SANDBOX_API_KEY, SANDBOX_APP, SANDBOX_PORTS, startSandboxes } from './index';

async function main(): Promise<void> {
	const sandboxes = await startSandboxes({ ports: SANDBOX_PORTS, demoData: true });
	console.log('Sandboxes listening on 127.0.0.1:');
	console.log(
		`  Linnworks  ${sandboxes.linnworks.baseUrl}  (credential: Authentication URL = this address,`,
	);
	console.log(
		`             Application ID ${SANDBOX_APP.applicationId}, Secret ${SANDBOX_APP.applicationSecret},`,
	);
	console.log(`             Installation Token ${SANDBOX_APP.installationToken})`);
	console.log(
		`  Cloudshelf ${sandboxes.cloudshelf.baseUrl}/graphql  (credential: Endpoint = this address, API Key ${SANDBOX_API_KEY})`,
	);
	console.log(
		`  Alerts     ${sandboxes.alerts.baseUrl}/hooks/<name>  (where the templates' Send Alert nodes post)`,
	);
	console.log(
		'Admin API: GET /__sandbox/state, POST /__sandbox/seed, POST /__sandbox/faults, GET /__sandbox/calls',
	);
	const stop = async () => {
		await sandboxes.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main().catch((error) => {
	console.error(error);
	process.exit(1);
});
