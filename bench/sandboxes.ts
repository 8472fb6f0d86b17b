/**
 * The benchmark's handle on the sandboxes running in a child process (./sandbox-process.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { SeedData as CentraSeed } from '../sandbox/centra/state';
import type { FaultSettings } from '../sandbox/common/http';
import type { SeedOrder } from '../sandbox/cloudshelf/state';
import type { PlatformName, SandboxAddresses } from '../sandbox/registry';

export const BENCH_LOCATIONS = ['London Warehouse', 'Oxford Street', 'Manchester Arndale'];

export function benchSku(index: number): string {
	return `BENCH-${String(index).padStart(6, '0')}`;
}

export type Command =
	| { name: 'start' }
	| { name: 'faults'; settings: Partial<FaultSettings> }
	| { name: 'catalogue'; skus: number }
	/** Linnworks levels at one location: [SKU index, level] pairs. */
	| { name: 'setLevels'; location: string; levels: Array<[number, number]> }
	| { name: 'dropLinnworksLocation'; location: string }
	| { name: 'seedOrders'; orders: SeedOrder[] }
	| { name: 'clearCalls' }
	| { name: 'calls' }
	| { name: 'linnworksOrderReferences' }
	/**
	 * Per operation, the calls a GraphQL sandbox (Cloudshelf, Centra) answered and the complexity it
	 * charged (Cloudshelf's credits), since the log was cleared.
	 */
	| { name: 'charges'; platform: 'cloudshelf' | 'centra' }
	| { name: 'seedCentra'; seed: CentraSeed }
	/** Centra's stock changes (description, warehouse, SKU deltas) and levels by warehouse and SKU. */
	| { name: 'centraStock' }
	/** What is left in each of Centra's six rate-limit buckets of the sandbox token, right now. */
	| { name: 'centraRateLimits' }
	| { name: 'cloudshelfStockRows' }
	/**
	 * commercetools: the bench catalogue (published products with `variantsPerProduct` EUR-priced
	 * variants each, plus the flawed ones the catalogue flow must report: a variant without SKU, a
	 * variant without a EUR price, unpublished products), on top of the bench's supply channels.
	 */
	| {
			name: 'commercetoolsCatalogue';
			products: number;
			variantsPerProduct: number;
			withoutSku: number;
			withoutPrice: number;
			unpublished: number;
	  }
	/** How the Cloudshelf catalogue compares with the commercetools one (see CatalogueCheck). */
	| { name: 'catalogueCheck' }
	/**
	 * commercetools inventory entries of `skus` SKUs in each store channel (stock 0, no messages),
	 * and their variants in Cloudshelf.
	 */
	| { name: 'commercetoolsInventory'; skus: number }
	/**
	 * `events` InventoryEntryQuantitySet messages, as `changeQuantity` writes make them, over the
	 * entries in order (so entries beyond the first round get a second, newer event), 1 ms apart.
	 */
	| { name: 'commercetoolsEvents'; events: number }
	/** Each entry's available quantity (less the buffer) against its Cloudshelf level. */
	| { name: 'stockEventsCheck'; buffer: number }
	/**
	 * Stokly: the bench's locations (one bin each) and a Cloudshelf channel, `skus` simple items
	 * with on-hand stock at each location (`stoklyLevel`), and their variants in Cloudshelf.
	 */
	| { name: 'stoklyCatalogue'; skus: number }
	/**
	 * Stokly adjustments (applied at once) at one bench location: [item index, delta] pairs, in
	 * adjustments of at most 500 items in the location's default bin.
	 */
	| { name: 'stoklyAdjust'; location: string; deltas: Array<[number, number]> }
	/** Each item × location's Stokly on hand (less the buffer) against its Cloudshelf level. */
	| { name: 'stoklyStockCheck'; buffer: number }
	/**
	 * Shopify: the client's shop (seedShopifyRetail) plus a variant per bench SKU stocked at the
	 * three locations with SHOPIFY_BENCH_LEVEL (never what Linnworks less the buffer gives, so every
	 * level is pushed), the cost bucket's size and restore rate, full. Answers the proxy and its CA.
	 */
	| {
			name: 'shopifyShop';
			skus: number;
			bucket: { maximumAvailable: number; restoreRate: number };
	  }
	/** Empties the Shopify GraphQL log and refills the bucket (a shop idle before the run). */
	| { name: 'shopifyReset' }
	/** Per root field, the GraphQL calls Shopify answered since the reset (see ShopifyCalls). */
	| { name: 'shopifyCalls' }
	/** Each Linnworks level at the three locations (less the buffer) against its Shopify level. */
	| { name: 'shopifyStockCheck'; buffer: number }
	| { name: 'rss' }
	| { name: 'close' };

/** A bench variant's Shopify level before the push. */
export const SHOPIFY_BENCH_LEVEL = 100;

/** Per GraphQL root field: calls, how they were answered and the points the bucket charged. */
export type ShopifyCalls = Record<
	string,
	{
		calls: number;
		ok: number;
		throttled: number;
		/** Requested cost of the executed calls (the simulator charges what is requested). */
		points: number;
		/** inventorySetQuantities: quantities in executed calls without user errors. */
		quantities: number;
		userErrors: number;
	}
>;

export interface CallSummary {
	total: number;
	/** Calls answered with anything but 200 (429s, injected faults). */
	notOk: number;
	/** Per platform operation: how many, and the times (ms since epoch) of the first and last. */
	operations: Record<string, { count: number; first: number; last: number }>;
}

export type PlatformCalls = Record<PlatformName, CallSummary>;

/** Per operation of a GraphQL sandbox: calls answered, complexity (credits) and mutations charged. */
export type Charges = Record<string, { answered: number; credits: number; mutations: number }>;

export interface CentraStockView {
	changes: Array<{
		description: string | null;
		warehouse: string;
		deltas: Array<{ sku: string; delta: number }>;
	}>;
	/** Physical quantity by `<warehouse name>|<SKU>`. */
	levels: Record<string, number>;
}

/** The stores whose supply channels hold the inventory of the events bench (keys = Cloudshelf's). */
export const EVENT_CHANNELS = ['oxford-street', 'manchester-arndale'];

export function eventSku(index: number): string {
	return `EVENT-${String(index).padStart(6, '0')}`;
}

export function stoklySku(index: number): string {
	return `STOKLY-${String(index).padStart(6, '0')}`;
}

/** On hand of bench Stokly item `index` at bench location `position`: 1 to 40, never 0. */
export function stoklyLevel(index: number, position: number): number {
	return 1 + ((index * (position + 3)) % 40);
}

export interface CatalogueSeedView {
	/** Published products (the bench's and the client's). */
	published: number;
	/** Variants that must reach Cloudshelf: published, with a SKU and a EUR price. */
	complete: number;
	/** Variants of published products that must be reported instead (no SKU, no EUR price). */
	flawed: number;
}

export interface CatalogueCheck {
	/** Complete variants found in Cloudshelf under their SKU, with their price. */
	present: number;
	missing: number;
	wrongPrice: number;
	/** Variants that must not be there (flawed or unpublished) but are. */
	pushedWrongly: number;
	cloudshelfProducts: number;
}

export interface StockEventsCheck {
	entries: number;
	/** Entries whose Cloudshelf level is their available quantity less the buffer. */
	right: number;
	wrong: number;
	missing: number;
}

/** One of Centra's rate-limit buckets as the `rateLimits` query reports it, scale applied. */
export interface CentraBucket {
	type: 'REQUEST_COUNT' | 'QUERY_COMPLEXITY' | 'MUTATION_COUNT';
	intervalSeconds: 'TEN_SECONDS' | 'ONE_HOUR';
	quota: number;
	remainingQuota: number;
}

/** Forks a TypeScript file of the benchmark with an IPC channel, through ts-node as `npm run bench` runs. */
export function forkTypeScript(file: string, args: string[]): ChildProcess {
	return fork(file, args, {
		execArgv: ['--require', 'ts-node/register/transpile-only'],
		env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.test.json') },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
}

export class SandboxProcess {
	private nextId = 0;
	private readonly pending = new Map<
		number,
		{ resolve: (value: unknown) => void; reject: (error: Error) => void }
	>();

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
			const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id!);
			if (message.error) waiting.reject(new Error(`sandbox process: ${message.error}`));
			else waiting.resolve(message.result);
		});
		child.on('exit', (code) => {
			for (const waiting of this.pending.values())
				waiting.reject(new Error(`sandbox process exited (${code})`));
			this.pending.clear();
		});
	}

	/** Forks the sandbox process (TypeScript through ts-node, as the benchmark itself runs). */
	static async start(): Promise<{ sandboxes: SandboxProcess; urls: SandboxAddresses }> {
		const child = forkTypeScript(join(__dirname, 'sandbox-process.ts'), []);
		await new Promise<void>((resolve, reject) => {
			child.once('message', () => resolve());
			child.once('exit', (code) =>
				reject(new Error(`sandbox process exited (${code}) before it was ready`)),
			);
		});
		const sandboxes = new SandboxProcess(child);
		const urls = (await sandboxes.send({ name: 'start' })) as SandboxAddresses;
		return { sandboxes, urls };
	}

	async send(command: Command): Promise<unknown> {
		const id = this.nextId++;
		return await new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.child.send({ id, command });
		});
	}

	/** Call summaries of every API simulator of the registry, by name. */
	async calls(): Promise<PlatformCalls> {
		return (await this.send({ name: 'calls' })) as PlatformCalls;
	}

	async close(): Promise<void> {
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		await this.send({ name: 'close' });
		await exited;
	}
}
