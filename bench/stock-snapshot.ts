/**
 * Size of the "Stock Changed" trigger's snapshot in workflow static data, and the cost of one
 * check, for N SKUs across 3 locations. Run: npm run bench:snapshot -- 100000
 */
import {
	LINNWORKS_CREDENTIALS,
	LINNWORKS_TRIGGER,
	startLinnworks,
} from '../test/harness/linnworks';

async function main(): Promise<void> {
	const skus = Number(process.argv[2] ?? 10_000);
	const locations = ['Warehouse', 'Store A', 'Store B'];
	const fixture = await startLinnworks({});
	fixture.sandbox.state.seed({
		locations: locations.map((LocationName) => ({ LocationName })),
		items: Array.from({ length: skus }, (_, index) => ({
			SKU: `SKU-${String(index).padStart(7, '0')}`,
			levels: Object.fromEntries(
				locations.map((location, position) => [location, (index * (position + 3)) % 50]),
			),
		})),
	});
	const workflow = {
		nodes: [
			{
				id: 'trigger',
				name: 'Trigger',
				type: LINNWORKS_TRIGGER,
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: { event: 'stockChanged', locations },
				credentials: LINNWORKS_CREDENTIALS,
			},
		],
		connections: {},
	};
	const started = Date.now();
	const first = await fixture.runner.poll(workflow, 'Trigger');
	const seconds = (Date.now() - started) / 1000;
	const bytes = Buffer.byteLength(JSON.stringify(first.staticData));
	console.log(`SKUs: ${skus} × ${locations.length} locations`);
	console.log(
		`first check: ${seconds.toFixed(1)} s, ${fixture.sandbox.callsTo('Stock/GetStockItemsFull').length} GetStockItemsFull calls`,
	);
	console.log(
		`snapshot in static data: ${(bytes / 1024 / 1024).toFixed(2)} MiB (${(bytes / skus).toFixed(1)} bytes per SKU)`,
	);
	console.log(`peak RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
	await fixture.close();
}

void main();
