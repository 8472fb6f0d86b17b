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
import type { ProductSeed } from '../sandbox/commercetools/state';
import type { FaultSettings, SandboxServer } from '../sandbox/common/http';
import type { SeedOrder } from '../sandbox/cloudshelf/state';
import { SHOPIFY_SKUS, seedRetail, seedShopifyRetail } from '../test/harness/templates';
import {
	BENCH_LOCATIONS,
	EVENT_CHANNELS,
	benchSku,
	eventSku,
	stoklyLevel,
	stoklySku,
	type CallSummary,
	type CatalogueCheck,
	type CatalogueSeedView,
	type CentraStockView,
	type Charges,
	type Command,
	type ShopifyCalls,
	type StockEventsCheck,
	SHOPIFY_BENCH_LEVEL,
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

const VARIANT_GID = 'gid://external/RetailSyncVariant/';
const LOCATION_GID = 'gid://external/RetailSyncLocation/';

/** The bench's locations in commercetools: a supply channel each (keyed as in Cloudshelf), a store. */
function ensureCommercetoolsLocations(): void {
	const { state } = sandboxes!.commercetools;
	const keys = BENCH_LOCATIONS.map((name) => name.toLowerCase().replace(/ /g, '-'));
	BENCH_LOCATIONS.forEach((name, index) => {
		if (!state.channel(keys[index])) state.addChannel({ key: keys[index], name });
	});
	if (!state.store('uk-stores')) state.addStore({ key: 'uk-stores', supplyChannels: keys });
}

/** The catalogue bench's variants by SKU: the EUR price each must reach Cloudshelf with, or none. */
const catalogue = new Map<string, number | undefined>();

/** SKU of variant `variant` of bench product `product`. */
const catalogueSku = (product: number, variant: number) =>
	`CAT-${String(product).padStart(6, '0')}-${variant + 1}`;

function seedCommercetoolsCatalogue(
	command: Extract<Command, { name: 'commercetoolsCatalogue' }>,
): CatalogueSeedView {
	ensureCommercetoolsLocations();
	const { products, variantsPerProduct, withoutSku, withoutPrice, unpublished } = command;
	const seeds: ProductSeed[] = [];
	const view: CatalogueSeedView = { published: 0, complete: 0, flawed: 0 };
	for (let product = 0; product < products; product++) {
		// The first products are the flawed ones: a last variant without SKU, or without a EUR price.
		const kind =
			product < withoutSku
				? 'noSku'
				: product < withoutSku + withoutPrice
					? 'noPrice'
					: product < withoutSku + withoutPrice + unpublished
						? 'unpublished'
						: 'complete';
		const centAmount = 1000 + (product % 9000);
		const variants = Array.from({ length: variantsPerProduct }, (_, variant) => {
			const last = variant === variantsPerProduct - 1;
			const sku = kind === 'noSku' && last ? undefined : catalogueSku(product, variant);
			const currency = kind === 'noPrice' && last ? 'USD' : 'EUR';
			const complete = kind === 'complete' || !last;
			if (sku) catalogue.set(sku, complete && kind !== 'unpublished' ? centAmount : undefined);
			if (kind !== 'unpublished') {
				if (complete) view.complete++;
				else view.flawed++;
			}
			return {
				sku,
				prices: [{ currency, centAmount }],
				images: [`https://images.example.com/${sku ?? `${product}-${variant}`}.jpg`],
			};
		});
		if (kind !== 'unpublished') view.published++;
		seeds.push({
			key: `CAT-${String(product).padStart(6, '0')}`,
			name: `Bench product ${product}`,
			published: kind !== 'unpublished',
			variants,
		});
	}
	sandboxes!.commercetools.state.addProducts(seeds);
	return view;
}

function catalogueCheck(): CatalogueCheck {
	const { cloudshelf } = sandboxes!;
	const bySku = new Map(
		[...cloudshelf.state.variants.values()].map((record) => [record.sku, record]),
	);
	const check: CatalogueCheck = {
		present: 0,
		missing: 0,
		wrongPrice: 0,
		pushedWrongly: 0,
		cloudshelfProducts: cloudshelf.state.products.size,
	};
	for (const [sku, centAmount] of catalogue) {
		const variant = bySku.get(sku);
		if (centAmount === undefined) {
			if (variant) check.pushedWrongly++;
		} else if (!variant) check.missing++;
		else if (Math.round(variant.currentPrice * 100) !== centAmount) check.wrongPrice++;
		else check.present++;
	}
	return check;
}

/** The events bench's inventory entries: [SKU, supply channel key]. */
const entries: Array<[string, string]> = [];

function seedCommercetoolsInventory(skus: number): null {
	ensureCommercetoolsLocations();
	const { state } = sandboxes!.commercetools;
	for (let index = 0; index < skus; index++) {
		for (const channel of EVENT_CHANNELS) {
			state.addInventory({ sku: eventSku(index), channel, quantityOnStock: 0 });
			entries.push([eventSku(index), channel]);
		}
	}
	for (let start = 0; start < skus; start += 1000) {
		const variants = [];
		for (let index = start; index < Math.min(skus, start + 1000); index++)
			variants.push({
				id: `${VARIANT_GID}${eventSku(index)}`,
				sku: eventSku(index),
				currentPrice: 10,
			});
		sandboxes!.cloudshelf.state.seed({
			products: [
				{
					id: `gid://external/RetailSyncProduct/EVENT-${start}`,
					displayName: `Event ${start}`,
					variants,
				},
			],
		});
	}
	return null;
}

/** Quantity-set messages over the entries in turn, 1 ms apart, the last one now. */
function seedCommercetoolsEvents(events: number): null {
	const { state } = sandboxes!.commercetools;
	const last = Date.now();
	for (let event = 0; event < events; event++) {
		const [sku, channel] = entries[event % entries.length];
		const quantity = 1 + ((event * 7) % 50);
		state.setQuantity(sku, channel, quantity, new Date(last - events + 1 + event).toISOString());
	}
	return null;
}

function stockEventsCheck(buffer: number): StockEventsCheck {
	const { commercetools, cloudshelf } = sandboxes!;
	const available = new Map(
		commercetools.state
			.inventoryEntries()
			.map((entry) => [`${entry.sku}|${entry.supplyChannel?.id}`, entry.availableQuantity]),
	);
	const check: StockEventsCheck = { entries: entries.length, right: 0, wrong: 0, missing: 0 };
	for (const [sku, channel] of entries) {
		const quantity = available.get(`${sku}|${commercetools.state.channel(channel)!.id}`) ?? 0;
		const location = cloudshelf.state.findLocation(`${LOCATION_GID}${channel}`);
		const variant = cloudshelf.state.findVariant(`${VARIANT_GID}${sku}`);
		const level = location && variant && cloudshelf.state.stock.get(`${location.id}|${variant.id}`);
		if (!level) check.missing++;
		else if (level.quantity === Math.max(0, quantity - buffer)) check.right++;
		else check.wrong++;
	}
	return check;
}

/** The Stokly bench's item count (seeded by `stoklyCatalogue`). */
let stoklySkus = 0;

function seedStoklyCatalogue(skus: number): null {
	const { stokly, cloudshelf } = sandboxes!;
	stoklySkus = skus;
	stokly.state.seed({
		locations: BENCH_LOCATIONS.map((name) => ({ name })),
		channels: [{ name: 'Cloudshelf' }],
		items: Array.from({ length: skus }, (_, index) => ({
			sku: stoklySku(index),
			name: `Bench item ${index}`,
			salePrice: 10,
			stock: Object.fromEntries(
				BENCH_LOCATIONS.map((location, position) => [location, stoklyLevel(index, position)]),
			),
		})),
	});
	for (let start = 0; start < skus; start += 1000) {
		const variants = [];
		for (let index = start; index < Math.min(skus, start + 1000); index++)
			variants.push({
				id: `${VARIANT_GID}${stoklySku(index)}`,
				sku: stoklySku(index),
				currentPrice: 12,
			});
		cloudshelf.state.seed({
			products: [
				{
					id: `gid://external/RetailSyncProduct/STOKLY-${start}`,
					displayName: `Stokly ${start}`,
					variants,
				},
			],
		});
	}
	return null;
}

function stoklyAdjust(location: string, deltas: Array<[number, number]>): null {
	const { state } = sandboxes!.stokly;
	const place = state.locationByName(location)!;
	const bin = place.bins.find((candidate) => candidate.default === 1) ?? place.bins[0];
	for (let start = 0; start < deltas.length; start += 500) {
		state.adjust({
			locationId: place.locationId,
			binId: bin.binId,
			reason: 'bench',
			items: deltas.slice(start, start + 500).map(([index, quantity]) => ({
				itemId: state.itemBySku(stoklySku(index))!.itemId,
				quantity,
			})),
		});
	}
	state.settle();
	return null;
}

function stoklyStockCheck(buffer: number): StockEventsCheck {
	const { stokly, cloudshelf } = sandboxes!;
	const check: StockEventsCheck = {
		entries: stoklySkus * BENCH_LOCATIONS.length,
		right: 0,
		wrong: 0,
		missing: 0,
	};
	const locations = BENCH_LOCATIONS.map((name) =>
		cloudshelf.state.findLocation(`${LOCATION_GID}${name.toLowerCase().replace(/ /g, '-')}`),
	);
	for (let index = 0; index < stoklySkus; index++) {
		const variant = cloudshelf.state.findVariant(`${VARIANT_GID}${stoklySku(index)}`);
		BENCH_LOCATIONS.forEach((name, position) => {
			const location = locations[position];
			// The sandbox's own on hand (visible, summed over bins), which the seed set to stoklyLevel.
			const level =
				location && variant && cloudshelf.state.stock.get(`${location.id}|${variant.id}`);
			const onHand = stokly.state.onHand(stoklySku(index), name);
			if (!level) check.missing++;
			else if (level.quantity === Math.max(0, onHand - buffer)) check.right++;
			else check.wrong++;
		});
	}
	return check;
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

/** The client's shop and a variant per bench SKU at the three locations; the bucket as asked. */
function seedShopifyShop(command: Extract<Command, { name: 'shopifyShop' }>) {
	const { shopify } = sandboxes!;
	seedShopifyRetail(sandboxes!);
	const locations = BENCH_LOCATIONS.map((name) => shopify.state.locationByName(name)!.id);
	// Straight into the state (the seed's levels look each SKU up among all variants).
	for (let start = 0; start < command.skus; start += 1000) {
		const skus = Array.from({ length: Math.min(command.skus, start + 1000) - start }, (_, offset) =>
			benchSku(start + offset),
		);
		const product = shopify.state.addProduct({
			title: `Bench ${start}`,
			variants: skus.map((sku) => ({ sku })),
		});
		for (const variant of product.variants)
			for (const location of locations)
				shopify.state.setAvailable(variant.inventory_item_id, location, SHOPIFY_BENCH_LEVEL);
	}
	shopify.setBucketLimits(command.bucket);
	shopify.setBucket(command.bucket.maximumAvailable);
	return { proxyUrl: shopify.proxyUrl, caPem: shopify.caPem };
}

function shopifyCalls(): ShopifyCalls {
	const calls: ShopifyCalls = {};
	for (const call of sandboxes!.shopify.graphqlCalls) {
		const entry = (calls[call.field] ??= {
			calls: 0,
			ok: 0,
			throttled: 0,
			points: 0,
			quantities: 0,
			userErrors: 0,
		});
		entry.calls++;
		if (call.outcome === 'THROTTLED') entry.throttled++;
		if (call.outcome !== 'ok') continue;
		entry.ok++;
		entry.points += call.requestedCost ?? 0;
		entry.userErrors += call.userErrors.length;
		const input = call.variables.input as { quantities?: unknown[] } | undefined;
		if (!call.userErrors.length) entry.quantities += input?.quantities?.length ?? 0;
	}
	return calls;
}

function shopifyStockCheck(buffer: number): StockEventsCheck {
	const { linnworks, shopify } = sandboxes!;
	const check: StockEventsCheck = { entries: 0, right: 0, wrong: 0, missing: 0 };
	const variants = new Map(shopify.state.variants().map((variant) => [variant.sku, variant]));
	for (const row of linnworks.state.snapshot().stock) {
		if (!row.location || !BENCH_LOCATIONS.includes(row.location)) continue;
		check.entries++;
		const variant = variants.get(SHOPIFY_SKUS[row.sku] ?? row.sku);
		const location = shopify.state.locationByName(row.location);
		const level =
			variant && location
				? shopify.state.available(variant.inventory_item_id, location.id)
				: undefined;
		if (level === undefined) check.missing++;
		else if (level === Math.max(0, row.available - buffer)) check.right++;
		else check.wrong++;
	}
	return check;
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
		case 'commercetoolsCatalogue':
			return seedCommercetoolsCatalogue(command);
		case 'catalogueCheck':
			return catalogueCheck();
		case 'commercetoolsInventory':
			return seedCommercetoolsInventory(command.skus);
		case 'commercetoolsEvents':
			return seedCommercetoolsEvents(command.events);
		case 'stockEventsCheck':
			return stockEventsCheck(command.buffer);
		case 'stoklyCatalogue':
			return seedStoklyCatalogue(command.skus);
		case 'stoklyAdjust':
			return stoklyAdjust(command.location, command.deltas);
		case 'stoklyStockCheck':
			return stoklyStockCheck(command.buffer);
		case 'shopifyShop':
			return seedShopifyShop(command);
		case 'shopifyReset': {
			const { shopify } = sandboxes!;
			shopify.graphqlCalls.length = 0;
			shopify.setBucket(shopify.bucket.maximumAvailable);
			return null;
		}
		case 'shopifyCalls':
			return shopifyCalls();
		case 'shopifyStockCheck':
			return shopifyStockCheck(command.buffer);
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
