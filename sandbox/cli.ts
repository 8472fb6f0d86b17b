/**
 * `npm run sandbox`: every simulator of the registry on its fixed loopback port, with demo data,
 * and how to point a credential at each. Stops on Ctrl-C.
 */
import { SANDBOX_PORTS, SIMULATOR_LIST, sandboxAddresses, startSandboxes } from './index';

async function main(): Promise<void> {
	const sandboxes = await startSandboxes({ ports: SANDBOX_PORTS, demoData: true });
	const addresses = sandboxAddresses(sandboxes);
	const width = Math.max(...SIMULATOR_LIST.map(([, simulator]) => simulator.label.length)) + 2;
	console.log('Sandboxes listening on 127.0.0.1:');
	for (const [name, simulator] of SIMULATOR_LIST) {
		console.log(`  ${simulator.label.padEnd(width)}${simulator.address(addresses[name])}`);
		for (const line of simulator.hint) console.log(`  ${' '.repeat(width)}  ${line}`);
	}
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
