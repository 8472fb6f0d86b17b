/**
 * The sandboxes of a benchmark, in a process of their own, so that the benchmark process's
 * resident memory and CPU are n8n's engine and our nodes only (a seeded 100,000-SKU catalogue alone
 * takes hundreds of MiB in the simulators). Driven over IPC by `SandboxProcess` in ./sandboxes.ts.
 */
import {
	PLATFORM_NAMES,
	sandboxAddresses,
	startSandboxes,
	type PlatformName,
	type Sandboxes,
} from '../sandbox/index';
import { SANDBOX_TOKEN } from '../sandbox/centra/server';
import type { FaultSettings, SandboxServer } from '../sandbox/common/http';
import type { SeedOrder } from '../sandbox/cloudshelf/state';
import { seedRetail } from '../test/harness/templates';
import {
	BENCH_LOCATIONS,
	benchSku,
	type CallSummary,
	type CentraStockView,
	type Charges,
	type Command,
} from './sandboxes';

let sandboxes: Sandboxes | undefined;

/** The API simulators of the registry (faults and call summaries are theirs, not the alerts inbox's). */
function platforms(): Array<[PlatformName, SandboxServer]> {
	if (!sandboxes) throw new Error('sandboxes not started');
	const started = sandboxes;
	return PLATFORM_NAMES.map((name) => [name, started[name]]);
}

function summarise(sandbox: SandboxServer): CallSummary {
	const summary: CallSummary = { total: sandbox.calls.length, notOk: 0, operations: {} };
	for (const call of sandbox.calls) {
		const name = call.operation ?? call.path;
		const operation = (summary.operations[name] ??= { count: 0, first: call.at, last: call.at });
		operation.count++;
		operation.last = call.at;
		if (call.status !== 200) summary.notOk++;
	}
	return summary;
}

/** Both platforms hold the same `skus` SKUs; Linnworks has a level for each at the three locations. */
function seedCatalogue(skus: number): void {
	const { linnworks, cloudshelf } = sandboxes!;
	linnworks.state.seed({
		items: Array.from({ length: skus }, (_, index) => ({
			SKU: benchSku(index),
			RetailPrice: 10,
			levels: Object.fromEntries(
				BENCH_LOCATIONS.map((location, position) => [location, (index * (position + 3)) % 40]),
			),
		})),
	});
	for (let start = 0; start < skus; start += 1000) {
		const variants = [];
		for (let index = start; index < Math.min(skus, start + 1000); index++) {
			variants.push({
				id: `gid://external/RetailSyncVariant/${benchSku(index)}`,
				sku: benchSku(index),
				currentPrice: 10,
			});
		}
		cloudshelf.state.seed({
			products: [
				{
					id: `gid://external/RetailSyncProduct/BENCH-${start}`,
					displayName: `Bench ${start}`,
					variants,
				},
			],
		});
	}
}

function centraStock(): CentraStockView {
	const { state } = sandboxes!.centra;
	const snapshot = state.snapshot();
	const warehouse = new Map(snapshot.warehouses.map((record) => [record.id, record.name]));
	const sku = new Map(snapshot.productSizes.map((record) => [record.id, record.SKU]));
	return {
		changes: snapshot.stockChanges.map((change) => ({
			description: change.description,
			warehouse: warehouse.get(change.warehouseId) ?? String(change.warehouseId),
			deltas: change.deltas.map((delta) => ({
				sku: sku.get(delta.productSizeId) ?? String(delta.productSizeId),
				delta: delta.physicalDelta,
			})),
		})),
		levels: Object.fromEntries(
			snapshot.stock.map((level) => [
				`${warehouse.get(level.warehouseId)}|${sku.get(level.productSizeId)}`,
				level.physical,
			]),
		),
	};
}

async function handle(command: Command): Promise<unknown> {
	switch (command.name) {
		case 'start': {
			sandboxes = await startSandboxes();
			seedRetail(sandboxes);
			return sandboxAddresses(sandboxes);
		}
		case 'faults':
			for (const [, sandbox] of platforms())
				sandbox.setFaults(command.settings as Partial<FaultSettings>);
			return null;
		case 'catalogue':
			seedCatalogue(command.skus);
			return null;
		case 'setLevels': {
			const { state } = sandboxes!.linnworks;
			const location = state.findLocation(command.location)!.StockLocationId;
			for (const [index, level] of command.levels)
				state.setLevel(state.findItem(benchSku(index))!, location, level);
			return null;
		}
		case 'dropLinnworksLocation':
			sandboxes!.linnworks.state.locations = sandboxes!.linnworks.state.locations.filter(
				(location) => location.LocationName !== command.location,
			);
			return null;
		case 'seedOrders':
			for (const order of command.orders as SeedOrder[])
				sandboxes!.cloudshelf.state.seedOrder(order);
			return null;
		case 'clearCalls':
			for (const [, sandbox] of platforms()) sandbox.calls.length = 0;
			sandboxes!.cloudshelf.charges.length = 0;
			sandboxes!.centra.charges.length = 0;
			return null;
		case 'calls':
			return Object.fromEntries(platforms().map(([name, sandbox]) => [name, summarise(sandbox)]));
		case 'charges': {
			const charges: Charges = {};
			const log: Array<{ operation?: string; complexity: number; mutations?: number }> =
				sandboxes![command.platform].charges;
			for (const { operation = '(unnamed)', complexity, mutations = 0 } of log) {
				const entry = (charges[operation] ??= { answered: 0, credits: 0, mutations: 0 });
				entry.answered++;
				entry.credits += complexity;
				entry.mutations += mutations;
			}
			return charges;
		}
		case 'seedCentra':
			sandboxes!.centra.state.seed(command.seed);
			return null;
		case 'centraStock':
			return centraStock();
		case 'centraRateLimits':
			return sandboxes!.centra.rateLimitsOf(SANDBOX_TOKEN);
		case 'linnworksOrderReferences':
			return sandboxes!.linnworks.state.snapshot().orders.map((order) => order.reference);
		case 'cloudshelfStockRows':
			return sandboxes!.cloudshelf.state.stock.size;
		case 'rss':
			return process.memoryUsage().rss;
		case 'close':
			await sandboxes?.close();
			setImmediate(() => process.exit(0));
			return null;
	}
}

process.on('message', (message: { id: number; command: Command }) => {
	handle(message.command).then(
		(result) => process.send!({ id: message.id, result }),
		(error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
	);
});
process.send!({ ready: true });
