/**
 * Runs the shipped template files (workflows/*.json) against all sandboxes, configured for a test
 * client by the agency tool exactly as an agency would configure them for a real one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { sandboxAddresses, startSandboxes, type Sandboxes } from '../../sandbox/index';
import {
	applyClientConfig,
	templateIsFor,
	type ClientConfig,
	type Template,
} from '../../tools/agency/client-config';
import type { SandboxAddresses } from '../../sandbox/registry';
import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import type { SandboxOrder } from '../../sandbox/linnworks/state';
import { SANDBOX_SHOP } from '../../sandbox/shopify/server';
import type { OrderRecord as ShopifyOrderRecord } from '../../sandbox/shopify/state';
import {
	sandboxCentraClient,
	sandboxClient,
	sandboxCommercetoolsClient,
	sandboxShopifyClient,
	sandboxStoklyClient,
} from '../../tools/agency/sandbox-client';
import { EXCEPTIONS_WORKFLOW_ID } from '../../tools/sync-health/tables';
import { ROOT } from './node-types';
import { routeHttpsToShopify } from './shopify';
import { WorkflowRunner, type RunResult, type WorkflowJson } from './run-workflow';

export const WORKFLOWS_DIR = join(ROOT, 'workflows');

export function templateFiles(): string[] {
	return readdirSync(WORKFLOWS_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

export function loadTemplate(name: string): Template {
	return JSON.parse(readFileSync(join(WORKFLOWS_DIR, `${name}.json`), 'utf8')) as Template;
}

export const CLIENT_CATALOGUE = ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE', 'HOODIE-GREY-L'];
const PRICES: Record<string, number> = {
	'TEE-RED-M': 19.99,
	'TEE-RED-L': 19.99,
	'CAP-BLUE': 14.99,
	'HOODIE-GREY-L': 48.99,
};

export interface RetailFixture {
	sandboxes: Sandboxes;
	runner: WorkflowRunner;
	/** The test client as a Cloudshelf ⇄ Linnworks client. */
	config: ClientConfig;
	/** The same client as a Cloudshelf ⇄ Centra client. */
	centraConfig: ClientConfig;
	/** The same client as a Cloudshelf ⇄ commercetools client. */
	commercetoolsConfig: ClientConfig;
	/** The same client as a Cloudshelf ⇄ Stokly client. */
	stoklyConfig: ClientConfig;
	/** The same client as a Shopify ⇄ Linnworks client. */
	shopifyConfig: ClientConfig;
	/** The template configured for the test client (by the client file of its platforms). */
	workflow(name: string, config?: ClientConfig): WorkflowJson;
	/** Alerts posted by Send Alert / Send Report. */
	alerts(): IDataObject[];
	close(): Promise<void>;
}

/** Linnworks, Cloudshelf and Centra holding the same small catalogue at the same three locations. */
export async function startRetail(): Promise<RetailFixture> {
	const sandboxes = await startSandboxes();
	seedRetail(sandboxes);
	seedCentraRetail(sandboxes);
	seedCommercetoolsRetail(sandboxes);
	seedStoklyRetail(sandboxes);
	seedShopifyRetail(sandboxes);
	// n8n's Shopify nodes call https://<shop>.myshopify.com: routed to the simulator until close.
	const unroute = routeHttpsToShopify(sandboxes.shopify);
	const { runner, config, centraConfig, commercetoolsConfig, stoklyConfig, shopifyConfig } =
		retailClient(sandboxAddresses(sandboxes));
	/** The client file of the template's pair (the first whose platforms it is for). */
	const configFor = (template: Template) =>
		[config, centraConfig, commercetoolsConfig, stoklyConfig, shopifyConfig].find((candidate) =>
			templateIsFor(template, candidate),
		) ?? config;
	// Every template's Record Sync Health node calls the exceptions workflow by id, as in n8n.
	runner.registerWorkflow(
		EXCEPTIONS_WORKFLOW_ID,
		configuredTemplate('exceptions-error-workflow', config),
	);
	return {
		sandboxes,
		runner,
		config,
		centraConfig,
		commercetoolsConfig,
		stoklyConfig,
		shopifyConfig,
		workflow: (name, override) =>
			configuredTemplate(name, override ?? configFor(loadTemplate(name))),
		alerts: () => sandboxes.alerts.alerts.map((alert) => alert.body as IDataObject),
		close: async () => {
			unroute();
			await sandboxes.close();
			if (runner.subWorkflowFailures.length)
				throw new Error(
					`The exceptions workflow failed in ${runner.subWorkflowFailures.length} call(s): ${runner.subWorkflowFailures.join('; ')}`,
				);
		},
	};
}

/** The test client's three locations and small catalogue, in both platforms. */
export function seedRetail({
	linnworks,
	cloudshelf,
}: Pick<Sandboxes, 'linnworks' | 'cloudshelf'>): void {
	linnworks.state.seed({
		locations: [
			{ LocationName: 'London Warehouse', IsFulfillmentCenter: true },
			{ LocationName: 'Oxford Street' },
			{ LocationName: 'Manchester Arndale' },
		],
		items: CLIENT_CATALOGUE.map((sku, index) => ({
			SKU: sku,
			RetailPrice: PRICES[sku],
			levels: { 'London Warehouse': 10 + index, 'Oxford Street': index, 'Manchester Arndale': 2 },
		})),
	});
	seedCloudshelfRetail({ cloudshelf });
}

/** The test client's kiosk estate in Cloudshelf: the three locations and the catalogue. */
export function seedCloudshelfRetail({ cloudshelf }: Pick<Sandboxes, 'cloudshelf'>): void {
	cloudshelf.state.seed({
		locations: [
			{
				id: 'gid://external/RetailSyncLocation/london-warehouse',
				displayName: 'London Warehouse',
				fulfillsOnlineOrders: true,
			},
			{ id: 'gid://external/RetailSyncLocation/oxford-street', displayName: 'Oxford Street' },
			{
				id: 'gid://external/RetailSyncLocation/manchester-arndale',
				displayName: 'Manchester Arndale',
			},
		],
		products: CLIENT_CATALOGUE.map((sku) => ({
			id: `gid://external/RetailSyncProduct/${sku}`,
			displayName: sku,
			variants: [{ id: `gid://external/RetailSyncVariant/${sku}`, sku, currentPrice: PRICES[sku] }],
		})),
	});
}

/**
 * What the Linnworks → Cloudshelf stock push must leave in Cloudshelf: Linnworks available less
 * the client's buffer of 1 (never below 0) at every mapped location, by `SKU@location`.
 */
export function expectedCloudshelfStock({
	linnworks,
}: Pick<Sandboxes, 'linnworks'>): Record<string, number> {
	const expected: Record<string, number> = {};
	for (const row of linnworks.state.snapshot().stock) {
		if (row.location === 'Default') continue;
		expected[`${row.sku}@${row.location}`] = Math.max(0, row.available - 1);
	}
	return expected;
}

/** Cloudshelf's stock levels by `SKU@location`. */
export function cloudshelfStock({
	cloudshelf,
}: Pick<Sandboxes, 'cloudshelf'>): Record<string, number> {
	const actual: Record<string, number> = {};
	const { state } = cloudshelf;
	for (const record of state.stock.values()) {
		const sku = state.variants.get(record.variantId)!.sku;
		const location = state.locations.get(record.locationId)!.displayName;
		actual[`${sku}@${location}`] = record.quantity;
	}
	return actual;
}

/**
 * The `index`th of a stream of paid kiosk orders, alternating between the two stores (the
 * queue-mode test and benchmark place hundreds): a tee and one or two caps, placed a minute ago.
 */
export function paidKioskOrder(index: number): SeedOrder {
	return {
		status: 'PAID',
		location: index % 2 ? 'Oxford Street' : 'Manchester Arndale',
		device: `Kiosk ${(index % 3) + 1}`,
		paymentMethod: 'card',
		createdAt: new Date(Date.now() - 60_000).toISOString(),
		lines: [
			{ variant: 'TEE-RED-M', quantity: 1, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 1 + (index % 2), price: 14.99 },
		],
	};
}

/** Stock of the client catalogue in Centra's store warehouses (named as the stores). */
export const CENTRA_STORE_STOCK = 6;

/**
 * The client in Centra: the web warehouse and one warehouse per store, named as the Cloudshelf
 * stores, the catalogue in one size each, two markets and pricelists (one per store, as the
 * Cloudshelf ⇄ Centra order injection template maps them) and three shipping options.
 */
export function seedCentraRetail(
	{ centra }: Pick<Sandboxes, 'centra'>,
	/** Units of every size in every warehouse instead of the defaults (the queue benchmark's 1,000s of orders). */
	stock?: number,
): void {
	const product = (name: string, variant: string, sizes: Array<[string, string]>) => ({
		name,
		variants: [
			{
				name: variant,
				sizes: sizes.map(([size, sku]) => ({
					size,
					SKU: sku,
					price: PRICES[sku],
					stock: {
						'London Warehouse': stock ?? 10 + CLIENT_CATALOGUE.indexOf(sku),
						'Oxford Street': stock ?? CENTRA_STORE_STOCK,
						'Manchester Arndale': stock ?? CENTRA_STORE_STOCK,
					},
				})),
			},
		],
	});
	centra.state.seed({
		warehouses: [
			{ name: 'London Warehouse' },
			{ name: 'Oxford Street' },
			{ name: 'Manchester Arndale' },
		],
		products: [
			product('Tee', 'Red', [
				['M', 'TEE-RED-M'],
				['L', 'TEE-RED-L'],
			]),
			product('Cap', 'Blue', [['One Size', 'CAP-BLUE']]),
			product('Hoodie', 'Grey', [['L', 'HOODIE-GREY-L']]),
		],
		markets: [
			{ name: 'UK Retail', countries: ['GB'], warehouse: 'London Warehouse' },
			{ name: 'UK Outlet', countries: ['GB'], warehouse: 'London Warehouse' },
		],
		pricelists: [
			{ name: 'GBP Retail', currency: 'GBP', countries: ['GB'] },
			{ name: 'GBP Outlet', currency: 'GBP', countries: ['GB'] },
		],
		shippingOptions: [
			{ name: 'Standard Delivery', uri: 'standard' },
			{ name: 'Next Day', uri: 'next-day' },
			{ name: 'Store Pickup', uri: 'store-pickup' },
		],
	});
}

/** Stock of the client catalogue in commercetools' store supply channels. */
export const COMMERCETOOLS_STORE_STOCK = 6;

/** The client catalogue in commercetools: product key, name and SKUs of each product. */
export const COMMERCETOOLS_PRODUCTS: Array<{ key: string; name: string; skus: string[] }> = [
	{ key: 'tee-red', name: 'Tee', skus: ['TEE-RED-M', 'TEE-RED-L'] },
	{ key: 'cap-blue', name: 'Cap', skus: ['CAP-BLUE'] },
	{ key: 'hoodie-grey', name: 'Hoodie', skus: ['HOODIE-GREY-L'] },
];

/**
 * The client in commercetools, keyed as the sandbox client file names it: one supply channel per
 * location (keyed as the Cloudshelf locations), store `uk-stores` supplied by all three, the
 * catalogue published with EUR prices (the price the catalogue template selects), inventory in
 * every channel (the warehouse as in the other platforms, the stores COMMERCETOOLS_STORE_STOCK).
 */
export function seedCommercetoolsRetail({ commercetools }: Pick<Sandboxes, 'commercetools'>): void {
	const channels = [
		{ key: 'london-warehouse', name: 'London Warehouse' },
		{ key: 'oxford-street', name: 'Oxford Street' },
		{ key: 'manchester-arndale', name: 'Manchester Arndale' },
	];
	commercetools.state.seed({
		channels,
		stores: [
			{ key: 'uk-stores', name: 'UK stores', supplyChannels: channels.map(({ key }) => key) },
		],
		products: COMMERCETOOLS_PRODUCTS.map(({ key, name, skus }) => ({
			key,
			name,
			variants: skus.map((sku) => ({
				sku,
				prices: [{ currency: 'EUR', centAmount: Math.round(PRICES[sku] * 100) }],
			})),
		})),
		inventory: CLIENT_CATALOGUE.flatMap((sku, index) =>
			channels.map(({ key }) => ({
				sku,
				channel: key,
				quantityOnStock: key === 'london-warehouse' ? 10 + index : COMMERCETOOLS_STORE_STOCK,
			})),
		),
	});
}

/** Stock of the client catalogue in the Stokly stores (the warehouse holds 10 + its index). */
export const STOKLY_STORE_STOCK = 6;

/**
 * The client in Stokly, named as the sandbox client file names it: the three locations (one bin
 * each), the Cloudshelf channel kiosk orders are filed under, the catalogue as simple items at their
 * net prices (the kiosk price less 20% VAT, which the catalogue template adds back), and stock.
 */
export function seedStoklyRetail({ stokly }: Pick<Sandboxes, 'stokly'>): void {
	stokly.state.seed({
		locations: [
			{ name: 'London Warehouse' },
			{ name: 'Oxford Street' },
			{ name: 'Manchester Arndale' },
		],
		channels: [{ name: 'Cloudshelf' }, { name: 'Website' }],
		items: CLIENT_CATALOGUE.map((sku, index) => ({
			sku,
			name: sku,
			salePrice: { amount: PRICES[sku] / 1.2, currency: 'GBP' },
			stock: {
				'London Warehouse': 10 + index,
				'Oxford Street': STOKLY_STORE_STOCK,
				'Manchester Arndale': STOKLY_STORE_STOCK,
			},
		})),
	});
}

/** Shopify location IDs of the test client's locations (the simulator's first ids, seeded first). */
export const SHOPIFY_LOCATION_IDS: Record<string, number> = {
	'London Warehouse': 1001,
	'Oxford Street': 1002,
	'Manchester Arndale': 1003,
};
/** Stock of the client catalogue at each Shopify location, before any push. */
export const SHOPIFY_STOCK = 5;
/** The client's SKUs as Shopify's variants carry them (the cap is sold under another SKU there). */
export const SHOPIFY_SKUS: Record<string, string> = { 'CAP-BLUE': 'CAP-BLUE-OS' };
/** A Shopify product Linnworks does not stock (no SKU row maps it). */
export const SHOPIFY_ONLY_SKU = 'SHOP-ONLY-MUG';

/**
 * The client's Shopify shop: the three locations (ids 1001–1003, named as in Linnworks), the
 * catalogue at its Shopify SKUs and prices plus a Shopify-only mug, SHOPIFY_STOCK of each at every
 * location.
 */
export function seedShopifyRetail({ shopify }: Pick<Sandboxes, 'shopify'>): void {
	const skus = [...CLIENT_CATALOGUE.map((sku) => SHOPIFY_SKUS[sku] ?? sku), SHOPIFY_ONLY_SKU];
	const price = (sku: string) =>
		(
			PRICES[CLIENT_CATALOGUE.find((own) => (SHOPIFY_SKUS[own] ?? own) === sku) ?? ''] ?? 9.99
		).toFixed(2);
	shopify.state.seed({
		locations: Object.keys(SHOPIFY_LOCATION_IDS).map((name) => ({ name })),
		products: skus.map((sku) => ({ title: sku, variants: [{ sku, price: price(sku) }] })),
		levels: Object.fromEntries(
			skus.map((sku) => [
				sku,
				Object.fromEntries(Object.keys(SHOPIFY_LOCATION_IDS).map((name) => [name, SHOPIFY_STOCK])),
			]),
		),
	});
	for (const [name, id] of Object.entries(SHOPIFY_LOCATION_IDS)) {
		if (shopify.state.locationByName(name)?.id !== id)
			throw new Error(`Shopify seed: ${name} should be location ${id}; seed locations first`);
	}
}

/**
 * A Shopify order as the order injection files it in Linnworks: Source SHOPIFY, SubSource the shop,
 * the Shopify order id as reference, its lines at their Linnworks SKUs, fulfilled from London
 * Warehouse (a web order). Returns the Linnworks order.
 */
export function shopifyOrderInLinnworks(
	{ linnworks }: Pick<Sandboxes, 'linnworks'>,
	order: Pick<ShopifyOrderRecord, 'id' | 'created_at' | 'line_items'>,
): SandboxOrder {
	const linnworksSku = (sku: string) =>
		CLIENT_CATALOGUE.find((own) => (SHOPIFY_SKUS[own] ?? own) === sku) ?? sku;
	const reference = String(order.id);
	linnworks.state.seed({
		orders: [
			{
				location: 'London Warehouse',
				order: {
					Source: 'SHOPIFY',
					SubSource: SANDBOX_SHOP,
					ReferenceNumber: reference,
					ReceivedDate: order.created_at,
					DispatchBy: new Date(Date.parse(order.created_at) + 86_400_000).toISOString(),
					PaymentStatus: 'Paid',
					OrderItems: order.line_items.map((line, index) => ({
						ItemNumber: String(index + 1),
						ChannelSKU: linnworksSku(line.sku ?? ''),
						Qty: line.quantity,
						PricePerUnit: Number(line.price),
					})),
				},
			},
		],
	});
	return [...linnworks.state.orders.values()].find(
		(candidate) => candidate.channel.ReferenceNumber === reference,
	)!;
}

/**
 * The n8n side of the test client: a workflow runner with sandbox credentials and the client's
 * agency configuration, for sandboxes at these base URLs (in this process or another one).
 */
export function retailClient(urls: SandboxAddresses): {
	runner: WorkflowRunner;
	config: ClientConfig;
	centraConfig: ClientConfig;
	commercetoolsConfig: ClientConfig;
	stoklyConfig: ClientConfig;
	shopifyConfig: ClientConfig;
} {
	// The Live stock check template's webhook secret is the test n8n's, not a sandbox value.
	const runner = WorkflowRunner.forSandboxes(urls, {
		cloudshelfApi: { stockCheckToken: 'live-stock-token-for-tests' },
	});
	const config = sandboxClient(urls, 'Test Retailer');
	const centraConfig = sandboxCentraClient(urls, 'Test Retailer');
	const commercetoolsConfig = sandboxCommercetoolsClient(urls, 'Test Retailer');
	const stoklyConfig = sandboxStoklyClient(urls, 'Test Retailer');
	const shopifyConfig = sandboxShopifyClient(urls, 'Test Retailer');
	return { runner, config, centraConfig, commercetoolsConfig, stoklyConfig, shopifyConfig };
}

/** A shipped template configured for a client by the agency tool. */
export function configuredTemplate(name: string, config: ClientConfig): WorkflowJson {
	return applyClientConfig(loadTemplate(name), config) as unknown as WorkflowJson;
}

/** One scheduled run: the workflow from its Schedule Trigger, as n8n runs it on the timer. */
export async function runScheduled(
	fixture: Pick<RetailFixture, 'runner'>,
	workflow: WorkflowJson,
	trigger: string,
): Promise<RunResult> {
	return await fixture.runner.run(workflow, { startNode: trigger, mode: 'trigger' });
}

/** One check of a polling trigger and, when it emits, the execution n8n starts with its items. */
export async function runPolled(
	fixture: Pick<RetailFixture, 'runner'>,
	workflow: WorkflowJson,
	trigger: string,
	staticData: IDataObject,
): Promise<{ result?: RunResult; items: INodeExecutionData[]; staticData: IDataObject }> {
	const poll = await fixture.runner.poll(workflow, trigger, staticData);
	if (!poll.items.length) return { items: [], staticData: poll.staticData };
	const result = await fixture.runner.run(
		workflow,
		{ startNode: trigger, startItems: poll.items, mode: 'trigger' },
		poll.staticData,
	);
	return { result, items: poll.items, staticData: poll.staticData };
}

/**
 * The exception queue the exceptions workflow keeps (Data Table retail_sync_exceptions): its rows
 * for the workflows whose configured name starts with `workflow` (all rows when omitted), in the
 * order they were added.
 */
export function queueRows(
	fixture: Pick<RetailFixture, 'runner'>,
	workflow = '',
): Array<Record<string, string | number | boolean | null>> {
	return fixture.runner.dataTables
		.rows('retail_sync_exceptions')
		.filter((row) => String(row.workflow).startsWith(workflow));
}
