/**
 * `npm run bench [-- --scale 2 --skus 10000,100000 --orders 1000 --checks 1000 --sales 1000 --products 10000 --events 5000 --stokly-skus 100000 --shopify-skus 10000 --shopify-rate 1000 --latency 2 --only push,alternative,orders,checks,sales,catalogue,events,stokly,shopify]`
 *
 * Drives the shipped templates through n8n's engine (in-process) against the sandboxes, which
 * enforce the published rate limits multiplied by --scale (the connector's own pacing is scaled
 * the same way), so a run finishes in minutes. The bound of each scenario is the least time those
 * same scaled limits and the APIs' maximum batch sizes allow. Each scenario runs in a child process
 * of its own (this file with --scenario), the sandboxes in another (./sandbox-process.ts), so each
 * peak RSS is that scenario's. Rewrites the results block of bench/REPORT.md. Never run in CI,
 * never asserts times.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { sleep, type IDataObject, type INode } from 'n8n-workflow';

import { changeKeysIn } from '../nodes/Centra/model';
import { LIMITS as CENTRA_LIMITS } from '../nodes/Centra/transport';
import { LIMITS as CLOUDSHELF_LIMITS } from '../nodes/Cloudshelf/transport';
import { LIMITS as COMMERCETOOLS_LIMITS } from '../nodes/Commercetools/transport';
import { DEFAULT_MAX_PER_POLL } from '../nodes/Commercetools/triggers/messages';
import { CALLS_PER_MINUTE, DEFAULT_CALLS_PER_MINUTE, LIMITS } from '../nodes/Linnworks/transport';
import { ORDER_READS } from '../nodes/Cloudshelf/queries';
import { CLOUDSHELF_SDL } from '../sandbox/cloudshelf/schema';
import {
	CREDIT_CAPACITY as CLOUDSHELF_CREDIT_CAPACITY,
	complexityOf,
	CREDITS_PER_SECOND as CLOUDSHELF_CREDITS_PER_SECOND,
	SANDBOX_API_KEY,
} from '../sandbox/cloudshelf/server';
import { RATE_LIMIT as COMMERCETOOLS_RATE_LIMIT } from '../sandbox/commercetools/server';
import { RATE_LIMIT as STOKLY_RATE_LIMIT } from '../sandbox/stokly/server';
import { LIMITS as STOKLY_LIMITS } from '../nodes/Stokly/transport';
import { SANDBOX_APP } from '../sandbox/linnworks/server';
import type { SeedOrder } from '../sandbox/cloudshelf/state';
import type { ShopifySandbox } from '../sandbox/shopify/server';
import type { WorkflowRunner, WorkflowJson } from '../test/harness/run-workflow';
import { routeHttpsToShopify } from '../test/harness/shopify';
import {
	CLIENT_CATALOGUE,
	configuredTemplate,
	retailClient,
	runPolled,
	runScheduled,
} from '../test/harness/templates';
import type { ClientConfig } from '../tools/agency/client-config';
import {
	sandboxCentraClient,
	sandboxCommercetoolsClient,
	sandboxStoklyClient,
	type SandboxAddresses,
} from '../tools/agency/sandbox-client';
import {
	BENCH_LOCATIONS,
	EVENT_CHANNELS,
	SandboxProcess,
	forkTypeScript,
	type CallSummary,
	type CatalogueCheck,
	type CatalogueSeedView,
	type CentraBucket,
	type CentraStockView,
	type Charges,
	type PlatformCalls,
	type ShopifyCalls,
	type StockEventsCheck,
} from './sandboxes';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : fallback;
};
const SCALE = Number(option('scale', '2'));
const SKU_COUNTS = option('skus', '10000,100000').split(',').map(Number);
const ORDER_COUNT = Number(option('orders', '1000'));
const CHECK_COUNT = Number(option('checks', '1000'));
const SALE_COUNT = Number(option('sales', '1000'));
const PRODUCT_COUNT = Number(option('products', '10000'));
const EVENT_COUNT = Number(option('events', '5000'));
const STOKLY_SKUS = Number(option('stokly-skus', '100000'));
const SANDBOX_LATENCY_MS = Number(option('latency', '2'));
const SHOPIFY_BENCH_SKUS = Number(option('shopify-skus', '10000'));
/** Shopify's restore rate for the bench: Plus's 1,000 points/s (standard plans: 100). */
const SHOPIFY_RATE = Number(option('shopify-rate', '1000'));
const ONLY = option(
	'only',
	'push,alternative,orders,checks,sales,catalogue,events,stokly,shopify',
).split(',');
const CLOUDSHELF_KEYS: Record<string, string> = {
	'London Warehouse': 'london-warehouse',
	'Oxford Street': 'oxford-street',
	'Manchester Arndale': 'manchester-arndale',
};

// The connector paces itself at the published per-method limits times the credential's call budget,
// which each Bench sets to the sandbox's scale (see Bench.start).
const perMinute = (method: string) =>
	(CALLS_PER_MINUTE[method] ?? DEFAULT_CALLS_PER_MINUTE) * SCALE;

/** Peak resident memory of this process (n8n's engine and our nodes; not the sandboxes), every 50 ms. */
class RssSampler {
	peak = 0;
	private timer = setInterval(() => this.sample(), 50);
	sample(): void {
		this.peak = Math.max(this.peak, process.memoryUsage().rss);
	}
	stop(): number {
		clearInterval(this.timer);
		this.sample();
		return this.peak;
	}
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const number = (value: number) => value.toLocaleString('en');

/**
 * Least time for `calls` calls under a sliding one-minute window of `limit` calls: call k may start
 * one minute after call k − limit, so the last one starts floor((calls − 1) / limit) minutes in.
 */
function leastTime(calls: number, limit: number): number {
	return Math.floor(Math.max(0, calls - 1) / limit) * 60_000;
}

const count = (summary: CallSummary, operation: string) =>
	summary.operations[operation]?.count ?? 0;

/** When each operation's calls started and ended, relative to the run's start: what the time went on. */
function timeline(calls: Record<string, CallSummary>, started: number): string {
	return Object.entries(calls)
		.flatMap(([platform, summary]) =>
			Object.entries(summary.operations).map(
				([operation, { count, first, last }]) =>
					`${platform} ${operation} ×${count} ${seconds(first - started)}–${seconds(last - started)}`,
			),
		)
		.join(', ');
}

/** A fresh sandbox process, seeded with the test client's locations, and the n8n side for it. */
class Bench {
	private constructor(
		readonly sandboxes: SandboxProcess,
		readonly urls: SandboxAddresses,
		readonly runner: WorkflowRunner,
		readonly config: ClientConfig,
	) {}

	static async start(faults: { rateLimitScale: number }): Promise<Bench> {
		const { sandboxes, urls } = await SandboxProcess.start();
		await sandboxes.send({
			name: 'faults',
			settings: { ...faults, latencyMs: SANDBOX_LATENCY_MS },
		});
		const { runner, config } = retailClient(urls);
		// The connector's own pacing: the published limits times the credential's call budget.
		runner.credentials.store.linnworksApi.callBudgetPercent = SCALE * 100;
		runner.credentials.store.centraIntegrationApi.callBudgetPercent = SCALE * 100;
		return new Bench(sandboxes, urls, runner, config);
	}

	workflow(name: string): WorkflowJson {
		return configuredTemplate(name, this.config);
	}

	/** Runs `body` between a cleared call log and the call summary, sampling this process's RSS. */
	async measure<T>(body: () => Promise<T>): Promise<{
		value: T;
		wall: number;
		started: number;
		peakRss: number;
		baseRss: number;
		calls: PlatformCalls;
		/** Per Cloudshelf operation, the calls answered and the credits charged. */
		credits: Charges;
		/** Per Centra operation, the calls answered, the complexity and the mutations charged. */
		centraCharges: Charges;
	}> {
		await this.sandboxes.send({ name: 'clearCalls' });
		const baseRss = process.memoryUsage().rss;
		const sampler = new RssSampler();
		const started = Date.now();
		const value = await body();
		const wall = Date.now() - started;
		const peakRss = sampler.stop();
		const calls = await this.sandboxes.calls();
		const credits = (await this.sandboxes.send({
			name: 'charges',
			platform: 'cloudshelf',
		})) as Charges;
		const centraCharges = (await this.sandboxes.send({
			name: 'charges',
			platform: 'centra',
		})) as Charges;
		return { value, wall, started, peakRss, baseRss, calls, credits, centraCharges };
	}
}

interface Row {
	scenario: string;
	wall: number;
	bound: number;
	calls: string;
	/** API calls in total, for the per-item comparison. */
	callCount: number;
	throughput: string;
	peakRss: number;
	/** RSS just before the run: n8n's engine and nodes loaded, nothing executing. */
	baseRss: number;
	notes: string;
}

async function stockPush(skus: number): Promise<Row[]> {
	const bench = await Bench.start({ rateLimitScale: SCALE });
	try {
		await bench.sandboxes.send({ name: 'catalogue', skus });
		const workflow = bench.workflow('stock-push-linnworks-to-cloudshelf');
		const run = await bench.measure(
			async () => await runScheduled(bench, workflow, 'Nightly Full Push'),
		);
		if (run.value.status !== 'success')
			throw new Error(`stock push failed: ${run.value.error?.message}`);
		// The client's own few SKUs are in both platforms too.
		const rows = (skus + CLIENT_CATALOGUE.length) * BENCH_LOCATIONS.length;
		const { linnworks, cloudshelf } = run.calls;
		// Bound: the reads Linnworks allows (200 items per page, paced per method) — Cloudshelf
		// publishes no call-rate limit, so its 1,000-row writes add no waiting to the bound.
		const items = skus + CLIENT_CATALOGUE.length;
		const pages =
			Math.ceil(items / LIMITS.stockItemsPerPage) +
			(items % LIMITS.stockItemsPerPage === 0 ? 1 : 0);
		const bound = leastTime(pages, perMinute('Stock/GetStockItemsFull'));
		const reads = linnworks.operations['Stock/GetStockItemsFull'];
		const writes = cloudshelf.operations.UpsertStockLevels;
		const full: Row = {
			scenario: `Stock push, full: ${number(skus)} SKUs × 3 locations`,
			wall: run.wall,
			bound,
			calls: `Linnworks ${linnworks.total} (GetStockItemsFull ${count(linnworks, 'Stock/GetStockItemsFull')}), Cloudshelf ${cloudshelf.total} (UpsertStockLevels ${count(cloudshelf, 'UpsertStockLevels')})`,
			callCount: linnworks.total + cloudshelf.total,
			throughput: `${number(Math.round(rows / (run.wall / 1000)))} rows/s`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes:
				`${number(rows)} rows, ${Math.ceil(rows / 1000)} writes needed; last read at ${seconds(reads.last - run.started)}, ` +
				`writes ${seconds(writes.first - run.started)}–${seconds(writes.last - run.started)}; ${linnworks.notOk + cloudshelf.notOk} calls answered 429/5xx`,
		};

		// Delta: the trigger records a snapshot, 1% of SKUs change, the next check pushes only those.
		const first = await runPolled(bench, workflow, 'Linnworks Stock Changes', {});
		// Checks are 5 minutes apart: let Linnworks' one-minute window empty, as it would between them.
		await sleep(60_000);
		const changed = Math.max(1, Math.round(skus / 100));
		await bench.sandboxes.send({
			name: 'setLevels',
			location: 'Oxford Street',
			levels: Array.from({ length: changed }, (_, index) => [index * 100, 1000 + index]),
		});
		const delta = await bench.measure(
			async () => await runPolled(bench, workflow, 'Linnworks Stock Changes', first.staticData),
		);
		if (delta.value.items.length !== changed)
			throw new Error(`delta emitted ${delta.value.items.length}, expected ${changed}`);
		const deltaWrites = count(delta.calls.cloudshelf, 'UpsertStockLevels');
		return [
			full,
			{
				scenario: `Stock push, delta (1% = ${number(changed)} changed) at ${number(skus)} SKUs`,
				wall: delta.wall,
				bound,
				calls: `Cloudshelf writes ${deltaWrites} (target ≤ ${Math.ceil(changed / 1000)}); Linnworks ${delta.calls.linnworks.total} (GetStockItemsFull ${count(delta.calls.linnworks, 'Stock/GetStockItemsFull')})`,
				callCount: delta.calls.linnworks.total + delta.calls.cloudshelf.total,
				throughput: `${number(Math.round(changed / (delta.wall / 1000)))} changes/s`,
				peakRss: delta.peakRss,
				baseRss: delta.baseRss,
				notes:
					'Linnworks has no "changed since" stock read: every check reads all levels (same bound as the full push)',
			},
		];
	} finally {
		await bench.sandboxes.close();
	}
}

async function orderInjection(orders: number): Promise<Row> {
	const bench = await Bench.start({ rateLimitScale: SCALE });
	try {
		const skus = ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE', 'HOODIE-GREY-L'];
		const prices: Record<string, number> = {
			'TEE-RED-M': 19.99,
			'TEE-RED-L': 19.99,
			'CAP-BLUE': 14.99,
			'HOODIE-GREY-L': 48.99,
		};
		// n8n runs this every 5 minutes in a warm process: run it once with no kiosk orders, so the
		// measured run does not include loading n8n's and our modules (about 1 s in a fresh process),
		// then let Cloudshelf's credit bucket fill again.
		const workflow = bench.workflow('order-injection-cloudshelf-to-linnworks');
		const warmUp = await runScheduled(bench, workflow, 'Every 5 Minutes');
		if (warmUp.status !== 'success')
			throw new Error(`order injection warm-up failed: ${warmUp.error?.message}`);
		await sleep((CLOUDSHELF_CREDIT_CAPACITY / CLOUDSHELF_CREDITS_PER_SECOND) * 1000);
		const now = Date.now();
		await bench.sandboxes.send({
			name: 'seedOrders',
			orders: Array.from({ length: orders }, (_, index) => ({
				location: index % 2 ? 'Oxford Street' : 'Manchester Arndale',
				createdAt: new Date(now - (orders - index) * 1000).toISOString(),
				lines: [
					{
						variant: skus[index % skus.length],
						quantity: 1,
						price: prices[skus[index % skus.length]],
					},
				],
			})),
		});
		const run = await bench.measure(
			async () => await runScheduled(bench, workflow, 'Every 5 Minutes'),
		);
		if (run.value.status !== 'success')
			throw new Error(`order injection failed: ${run.value.error?.message}`);
		// Run again on the same orders: idempotency, not speed.
		const again = await runScheduled(bench, workflow, 'Every 5 Minutes');
		if (again.status !== 'success')
			throw new Error(`second order injection failed: ${again.error?.message}`);
		const references = (await bench.sandboxes.send({
			name: 'linnworksOrderReferences',
		})) as string[];
		const duplicates = references.length - new Set(references).size;
		const { linnworks, cloudshelf } = run.calls;
		// The bound of the calls the run needs (from the orders, not from the calls it made, so a
		// wasteful run cannot raise its own bound). Reading the orders comes first, paid from the
		// Cloudshelf sandbox's credit bucket (capacity and refill ASSUMED, both × scale): the credits
		// of the pages needed at the template's page size, less what the full bucket holds, at the
		// refill rate. Then Linnworks: CreateOrders (20 per call) and the read-backs (50 per call),
		// each under its own one-minute window, plus one listing page per location and the processed
		// search; the slowest method sets the time.
		const read = ORDER_READS.orderInjection;
		const pagesNeeded = Math.ceil(orders / read.pageSize);
		const readCredits =
			pagesNeeded * complexityOf(buildSchema(CLOUDSHELF_SDL), read.query, { first: read.pageSize });
		const readBound =
			(Math.max(0, readCredits - CLOUDSHELF_CREDIT_CAPACITY * SCALE) /
				(CLOUDSHELF_CREDITS_PER_SECOND * SCALE)) *
			1000;
		const linnworksBound = Math.max(
			leastTime(Math.ceil(orders / LIMITS.ordersPerCreate), perMinute('Orders/CreateOrders')),
			leastTime(Math.ceil(orders / LIMITS.ordersPerGet), perMinute('Orders/GetOrdersById')),
			// One open-orders page per location: the bench's and Linnworks' own Default.
			leastTime(BENCH_LOCATIONS.length + 1, perMinute('Orders/GetOpenOrders')),
		);
		const pagesAnswered = run.credits.Orders?.answered ?? 0;
		const pages = count(cloudshelf, 'Orders');
		const checks =
			count(linnworks, 'Orders/GetOpenOrders') +
			count(linnworks, 'ProcessedOrders/SearchProcessedOrders');
		return {
			scenario: `Order injection: ${number(orders)} kiosk orders`,
			wall: run.wall,
			bound: readBound + linnworksBound,
			calls:
				`Linnworks ${linnworks.total} (CreateOrders ${count(linnworks, 'Orders/CreateOrders')}, duplicate-check listings ${checks}, ` +
				`lookups by reference ${count(linnworks, 'Orders/GetOrderDetailsByReferenceId')}, read-backs ${count(linnworks, 'Orders/GetOrdersById')}), ` +
				`Cloudshelf ${cloudshelf.total} (order pages ${pagesAnswered} answered, ${pages - pagesAnswered} throttled and retried)`,
			callCount: linnworks.total + cloudshelf.total,
			throughput: `${number(Math.round(orders / (run.wall / 1000)))} orders/s`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes:
				`${references.length} created, **${duplicates} duplicates** after a second run; ${timeline(run.calls, run.started)}; ` +
				`${Math.round(orders / Math.max(1, pagesAnswered))} orders per page; bound: reading ${pagesNeeded} pages of ${read.pageSize} orders (${number(readCredits)} credits) ${seconds(readBound)}, then Linnworks ${seconds(linnworksBound)}`,
		};
	} finally {
		await bench.sandboxes.close();
	}
}

async function liveStockCheck(checks: number): Promise<Row> {
	// Limits lifted: this measures the answer's latency, not pacing.
	const bench = await Bench.start({ rateLimitScale: 1000 });
	try {
		const workflow = bench.workflow('live-stock-check-cloudshelf-linnworks');
		const latencies: number[] = [];
		const run = await bench.measure(async () => {
			for (let index = 0; index < checks; index++) {
				const sku = ['TEE-RED-M', 'CAP-BLUE', 'UNKNOWN-SKU'][index % 3];
				const begin = performance.now();
				const result = await bench.runner.run(workflow, {
					startNode: 'Webhook',
					startItems: [
						{
							json: {
								headers: { authorization: 'Bearer live-stock-token-for-tests' },
								query: { variant: `gid://external/RetailSyncVariant/${sku}` },
								params: {},
								body: {},
							} as IDataObject,
						},
					],
					mode: 'webhook',
				});
				latencies.push(performance.now() - begin);
				if ((result.responses[0] as { statusCode?: number })?.statusCode !== 200)
					throw new Error('stock check did not answer 200');
			}
		});
		latencies.sort((a, b) => a - b);
		const at = (share: number) =>
			latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))].toFixed(1);
		const { linnworks } = run.calls;
		return {
			scenario: `Live stock check: ${number(checks)} callbacks`,
			wall: run.wall,
			bound: 0,
			calls: `Linnworks ${linnworks.total} (${(linnworks.total / checks).toFixed(1)} per callback: ${Object.entries(
				linnworks.operations,
			)
				.map(([name, { count }]) => `${name} ${count}`)
				.join(', ')})`,
			callCount: linnworks.total,
			throughput: `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes: `sandbox latency ${SANDBOX_LATENCY_MS} ms per call; one execution per callback, as n8n runs a webhook`,
		};
	} finally {
		await bench.sandboxes.close();
	}
}

/** The stores whose kiosk sales the bench sends (Centra warehouses of the same names). */
const SALE_STORES = ['Oxford Street', 'Manchester Arndale'];
/** Units each store warehouse holds of every SKU before the sales: more than they can sell. */
const STORE_STOCK = 100_000;
const STORE_SALES = 'stock-sales-cloudshelf-to-centra';
const STORE_SALES_TRIGGER = 'Store Sales';
const STORE_SALES_ADJUST = 'Adjust Centra Stock';

/** `count` paid in-store kiosk sales over the stores, 1–3 lines each (distinct SKUs, 1–2 units). */
function storeSales(count: number): SeedOrder[] {
	return Array.from({ length: count }, (_, index) => ({
		location: SALE_STORES[index % SALE_STORES.length],
		status: 'PAID',
		fulfilmentMethod: 'in_store',
		lines: Array.from({ length: 1 + (index % 3) }, (__, line) => {
			const sku = CLIENT_CATALOGUE[(index + line) % CLIENT_CATALOGUE.length];
			return { variant: sku, quantity: 1 + ((index * 7 + line) % 2), price: 10 };
		}),
	}));
}

/** Per change key, how many of Centra's stock changes carry it. */
function changesPerKey(view: CentraStockView): Map<string, number> {
	const counts = new Map<string, number>();
	for (const change of view.changes)
		for (const key of changeKeysIn(change.description)) counts.set(key, (counts.get(key) ?? 0) + 1);
	return counts;
}

const BUCKET_SECONDS = { TEN_SECONDS: 10, ONE_HOUR: 3600 } as const;

const operations = (summary: CallSummary) =>
	Object.entries(summary.operations)
		.map(([name, { count: calls }]) => `${name} ${calls}`)
		.join(', ');

/**
 * 1,000 in-store kiosk sales → Centra stock (issue #11), through the store-sales template: the
 * Cloudshelf trigger emits the paid sales, and each sale's lines become one keyed changeStock on
 * its store's Centra warehouse. Centra meters each token with six token buckets (requests,
 * complexity and mutations, per 10 s and per hour; × scale here and in the connector's pacing).
 */
async function storeSalesToCentra(count: number): Promise<Row> {
	const bench = await Bench.start({ rateLimitScale: SCALE });
	try {
		await bench.sandboxes.send({
			name: 'seedCentra',
			seed: {
				warehouses: ['London Warehouse', ...SALE_STORES].map((name) => ({ name })),
				products: CLIENT_CATALOGUE.map((sku) => ({
					name: sku,
					variants: [
						{
							name: sku,
							sizes: [
								{
									size: 'One Size',
									SKU: sku,
									stock: Object.fromEntries(SALE_STORES.map((store) => [store, STORE_STOCK])),
								},
							],
						},
					],
				})),
			},
		});
		const workflow = configuredTemplate(STORE_SALES, sandboxCentraClient(bench.urls, 'Bench'));
		// One check emits the whole backlog (the trigger's Max Orders per Check, 200 by default), so
		// the 1,000 events go through the Centra path in one execution.
		const trigger = workflow.nodes.find((node) => node.name === STORE_SALES_TRIGGER)!;
		trigger.parameters = { ...trigger.parameters, maxPerPoll: count };
		// Activation: the trigger's first check sets its cursor. Then one sale end to end, as a warm
		// n8n process would have run, so the measured run does not include loading modules.
		let { staticData } = await runPolled(bench, workflow, STORE_SALES_TRIGGER, {});
		await bench.sandboxes.send({ name: 'seedOrders', orders: storeSales(1) });
		const warmUp = await runPolled(bench, workflow, STORE_SALES_TRIGGER, staticData);
		if (warmUp.result?.status !== 'success')
			throw new Error(`store sales warm-up failed: ${warmUp.result?.error?.message}`);
		staticData = warmUp.staticData;

		await bench.sandboxes.send({ name: 'seedOrders', orders: storeSales(count) });
		// The trigger's check reads the sales from Cloudshelf (its credit bucket): timed on its own.
		await sleep((CLOUDSHELF_CREDIT_CAPACITY / CLOUDSHELF_CREDITS_PER_SECOND) * 1000);
		const check = await bench.measure(
			async () => await bench.runner.poll(workflow, STORE_SALES_TRIGGER, staticData),
		);
		const events = check.value.items;
		if (events.length !== count)
			throw new Error(`the trigger emitted ${events.length} sales, expected ${count}`);
		// Centra's 10-second buckets full again, as after a quiet minute between checks.
		await sleep(10_000);
		const before = (await bench.sandboxes.send({ name: 'centraStock' })) as CentraStockView;
		const buckets = (await bench.sandboxes.send({ name: 'centraRateLimits' })) as CentraBucket[];

		const execute = async () =>
			await bench.runner.run(
				workflow,
				{ startNode: STORE_SALES_TRIGGER, startItems: events, mode: 'trigger' },
				check.value.staticData,
			);
		const run = await bench.measure(execute);
		if (run.value.status !== 'success')
			throw new Error(`store sales failed: ${run.value.error?.message}`);
		const output = run.value.json(STORE_SALES_ADJUST);
		const failed = run.value.json(STORE_SALES_ADJUST, 1).length;
		const applied = output.filter((item) => item.applied === true).length;
		const after = (await bench.sandboxes.send({ name: 'centraStock' })) as CentraStockView;

		// The same 1,000 events again, as a re-run of the execution or a re-emitting check brings them.
		const replay = await bench.measure(execute);
		if (replay.value.status !== 'success')
			throw new Error(`store sales replay failed: ${replay.value.error?.message}`);
		const replayApplied = replay.value
			.json(STORE_SALES_ADJUST)
			.filter((item) => item.applied !== false).length;
		const end = (await bench.sandboxes.send({ name: 'centraStock' })) as CentraStockView;

		// Exactly once: each sale's key on one stock change, levels = before − what was sold.
		const saleKeys = new Set(output.map((item) => String(item.changeKey)));
		const perKey = changesPerKey(end);
		const doubled = [...saleKeys].filter((key) => (perKey.get(key) ?? 0) > 1).length;
		const missing = [...saleKeys].filter((key) => !perKey.get(key)).length;
		const sold = new Map<string, number>();
		for (const sale of storeSales(count))
			for (const line of sale.lines) {
				const key = `${sale.location}|${line.variant}`;
				sold.set(key, (sold.get(key) ?? 0) + line.quantity);
			}
		const wrongLevels = [...sold].filter(
			([key, units]) => end.levels[key] !== before.levels[key] - units,
		);
		const units = [...sold.values()].reduce((sum, quantity) => sum + quantity, 0);
		const lines = storeSales(count).reduce((sum, sale) => sum + sale.lines.length, 0);

		// Bound: the calls the run must make (from the sales, not from the calls made) — one warehouse
		// listing, the SKUs' sizes (200 per lookup), the change keys (50 per lookup), one changeStock
		// per keyed sale — against what each bucket held when the run started and its refill rate.
		const needed: Record<string, number> = {
			Warehouses: 1,
			ProductSizesBySku: Math.ceil(CLIENT_CATALOGUE.length / CENTRA_LIMITS.skusPerLookup),
			AppliedStockChanges: Math.ceil(count / CENTRA_LIMITS.changeKeysPerLookup),
			ChangeStock: count,
		};
		const requests = Object.values(needed).reduce((sum, calls) => sum + calls, 0);
		// Complexity is the sandbox's (ASSUMED rule): what each operation was charged per call.
		const complexity = Object.entries(needed).reduce((sum, [operation, calls]) => {
			const charged = run.centraCharges[operation];
			return sum + (charged ? (charged.credits / charged.answered) * calls : 0);
		}, 0);
		const need = { REQUEST_COUNT: requests, MUTATION_COUNT: count, QUERY_COMPLEXITY: complexity };
		const waits = buckets.map((bucket) => ({
			bucket,
			ms:
				(Math.max(0, need[bucket.type] - bucket.remainingQuota) /
					(bucket.quota / BUCKET_SECONDS[bucket.intervalSeconds])) *
				1000,
		}));
		const binding = waits.reduce((worst, wait) => (wait.ms > worst.ms ? wait : worst));
		const bucketName = (bucket: CentraBucket) =>
			`${{ REQUEST_COUNT: 'requests', MUTATION_COUNT: 'mutations', QUERY_COMPLEXITY: 'complexity' }[bucket.type]} ${number(bucket.quota)}/${bucket.intervalSeconds === 'TEN_SECONDS' ? '10 s' : 'h'}`;
		const { centra } = run.calls;
		return {
			scenario: `Store sales → Centra stock: ${number(count)} in-store kiosk sales (${number(lines)} lines, 1–3 per sale, 2 stores)`,
			wall: run.wall,
			bound: binding.ms,
			calls: `Centra ${centra.total} (${operations(centra)}); ${centra.notOk} answered 429/5xx`,
			callCount: centra.total,
			throughput: `${(count / (run.wall / 1000)).toFixed(1)} sales/s`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes:
				`${applied} of ${output.length} lines applied, ${failed} to exceptions, ${number(units)} units; **${doubled} double-applied deltas**, ${missing} sales without a stock change, ${wrongLevels.length} of ${sold.size} warehouse × SKU levels off the expected totals; ` +
				`replay of the same ${number(count)} events: **${end.changes.length - after.changes.length} stock changes**, ${replayApplied} lines applied, ${seconds(replay.wall)}, Centra ${replay.calls.centra.total} (${operations(replay.calls.centra)}); ` +
				`the trigger's check before it (Max Orders per Check ${number(count)}; not in the wall time): ${seconds(check.wall)}, Cloudshelf ${check.calls.cloudshelf.total} calls; ` +
				`bound: ${number(requests)} requests, ${number(count)} mutations, ${number(Math.round(complexity))} complexity against ${waits.map(({ bucket, ms }) => `${bucketName(bucket)} (${number(Math.floor(bucket.remainingQuota))} left) ${seconds(ms)}`).join(', ')}: ${bucketName(binding.bucket)} binds; ${timeline({ centra }, run.started)}`,
		};
	} finally {
		await bench.sandboxes.close();
	}
}

/** Least time for `calls` calls when at most `limit` may start in any `windowMs` (the sandboxes' windows). */
function leastTimeIn(calls: number, limit: number, windowMs: number): number {
	return Math.floor(Math.max(0, calls - 1) / limit) * windowMs;
}

/**
 * How long Cloudshelf's credit bucket (the sandbox's, ASSUMED capacity and refill, × scale) makes
 * `credits` wait when it starts full.
 */
const creditWait = (credits: number) =>
	(Math.max(0, credits - CLOUDSHELF_CREDIT_CAPACITY * SCALE) /
		(CLOUDSHELF_CREDITS_PER_SECOND * SCALE)) *
	1000;

/** Credits Cloudshelf charged per call of an operation in a run (its complexity is fixed per query). */
const creditsPerCall = (charges: Charges, operation: string) => {
	const charged = charges[operation];
	return charged && charged.answered ? charged.credits / charged.answered : 0;
};

const CATALOGUE = 'catalogue-commercetools-to-cloudshelf';
const CATALOGUE_TRIGGER = 'Every Hour';
const CATALOGUE_READ = 'Published Products';
const CATALOGUE_WRITE = 'Create or Update In Cloudshelf';
const VARIANTS_PER_PRODUCT = 3;
/** Flawed products of the bench catalogue, of each kind (see the `commercetoolsCatalogue` command). */
const FLAWED_PER_KIND = 10;

/**
 * The catalogue template (issue #12): published commercetools products → Cloudshelf products and
 * variants, through Product → Get Many (product projections, 500 per page by id cursor) and
 * Cloudshelf's Product → Create or Update (150 products, then 150 variants per call). commercetools
 * publishes no request-rate limit; its sandbox applies an ASSUMED one (40 at once, 200 per second,
 * × scale), Cloudshelf its credit bucket (ASSUMED, × scale).
 */
async function catalogueToCloudshelf(products: number): Promise<Row> {
	const bench = await Bench.start({ rateLimitScale: SCALE });
	try {
		const workflow = configuredTemplate(CATALOGUE, sandboxCommercetoolsClient(bench.urls, 'Bench'));
		// The hourly run of a warm n8n process: once on an empty catalogue first (loading modules).
		const warmUp = await runScheduled(bench, workflow, CATALOGUE_TRIGGER);
		if (warmUp.status !== 'success')
			throw new Error(`catalogue warm-up failed: ${warmUp.error?.message}`);
		const seeded = (await bench.sandboxes.send({
			name: 'commercetoolsCatalogue',
			products,
			variantsPerProduct: VARIANTS_PER_PRODUCT,
			withoutSku: FLAWED_PER_KIND,
			withoutPrice: FLAWED_PER_KIND,
			unpublished: FLAWED_PER_KIND,
		})) as CatalogueSeedView;
		await sleep((CLOUDSHELF_CREDIT_CAPACITY / CLOUDSHELF_CREDITS_PER_SECOND) * 1000);
		const run = await bench.measure(
			async () => await runScheduled(bench, workflow, CATALOGUE_TRIGGER),
		);
		if (run.value.status !== 'success')
			throw new Error(`catalogue failed: ${run.value.error?.message}`);
		const read = run.value.json(CATALOGUE_READ).length;
		const reported = run.value.json(CATALOGUE_READ, 1).length;
		const written = run.value.json(CATALOGUE_WRITE).length;
		const refused = run.value.json(CATALOGUE_WRITE, 1).length;
		const check = (await bench.sandboxes.send({ name: 'catalogueCheck' })) as CatalogueCheck;
		const { commercetools, cloudshelf } = run.calls;

		// Bound: the calls the catalogue needs (from the seed, not from the calls made). commercetools:
		// one page per 500 published products (the id cursor ends on a short page, so a full last page
		// costs one more; the token is the credential's, from the warm-up run); Cloudshelf: one Create
		// or Update call per 150 products and per 150 complete variants, at the credits each such call
		// was charged.
		const pageSize = COMMERCETOOLS_LIMITS.pageSize;
		const pages = Math.floor(seeded.published / pageSize) + 1;
		const commercetoolsCalls = pages;
		const commercetoolsBound = leastTimeIn(
			commercetoolsCalls,
			COMMERCETOOLS_RATE_LIMIT.perSecond * SCALE,
			1000,
		);
		const productCalls = Math.ceil(seeded.published / CLOUDSHELF_LIMITS.upsertRowsPerCall);
		const variantCalls = Math.ceil(seeded.complete / CLOUDSHELF_LIMITS.upsertRowsPerCall);
		const credits =
			productCalls * creditsPerCall(run.credits, 'UpsertProducts') +
			variantCalls * creditsPerCall(run.credits, 'UpsertProductVariants');
		const cloudshelfBound = creditWait(credits);
		return {
			scenario: `Catalogue commercetools → Cloudshelf: ${number(products)} products × ${VARIANTS_PER_PRODUCT} variants`,
			wall: run.wall,
			bound: commercetoolsBound + cloudshelfBound,
			calls: `commercetools ${commercetools.total} (${operations(commercetools)}), Cloudshelf ${cloudshelf.total} (${operations(cloudshelf)}); ${commercetools.notOk + cloudshelf.notOk} answered 429/5xx`,
			callCount: commercetools.total + cloudshelf.total,
			throughput: `${number(Math.round(written / (run.wall / 1000)))} variants/s`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes:
				`${number(seeded.published)} published products (${FLAWED_PER_KIND} more unpublished); ${number(read)} catalogue items read, ${number(written)} variants written, ${refused} refused by Cloudshelf; ` +
				`in Cloudshelf ${number(check.present)} of ${number(seeded.complete)} complete variants with their EUR price (${check.missing} missing, ${check.wrongPrice} wrong price), ${number(check.cloudshelfProducts)} products; ` +
				`${reported} of ${seeded.flawed} flawed variants (no SKU, no EUR price) reported on the error output, **${check.pushedWrongly} flawed or unpublished variants pushed**; ` +
				`calls needed: commercetools ${commercetoolsCalls} (pages of ${pageSize}, by id), Cloudshelf ${productCalls + variantCalls} (${productCalls} product + ${variantCalls} variant upserts, ${number(Math.round(credits))} credits); ` +
				`bound: commercetools ${seconds(commercetoolsBound)} (${COMMERCETOOLS_RATE_LIMIT.perSecond * SCALE}/s, sandbox ASSUMED), Cloudshelf ${seconds(cloudshelfBound)} (bucket ${number(CLOUDSHELF_CREDIT_CAPACITY * SCALE)} credits); ${timeline(run.calls, run.started)}`,
		};
	} finally {
		await bench.sandboxes.close();
	}
}

const STOCK_EVENTS = 'stock-push-commercetools-to-cloudshelf';
const STOCK_EVENTS_TRIGGER = 'commercetools Inventory Changes';
const STOCK_EVENTS_PUSH = 'Push to Cloudshelf';

/**
 * A burst of inventory events (issue #12) through the stock-push template: `events`
 * InventoryEntryQuantitySet messages over 80% as many entries (so a fifth of them change twice, the
 * newer level winning) in the two store channels, read by the commercetools Trigger check after
 * check (the template's Max Events per Check) and pushed to Cloudshelf (Stock → Set Levels, 1,000
 * rows per call). Nothing may be lost and no call refused for rate.
 */
async function inventoryEventsToCloudshelf(events: number): Promise<Row> {
	const bench = await Bench.start({ rateLimitScale: SCALE });
	try {
		const skus = Math.ceil((events * 0.8) / EVENT_CHANNELS.length);
		await bench.sandboxes.send({ name: 'commercetoolsInventory', skus });
		const config = sandboxCommercetoolsClient(bench.urls, 'Bench');
		const workflow = configuredTemplate(STOCK_EVENTS, config);
		const trigger = workflow.nodes.find((node) => node.name === STOCK_EVENTS_TRIGGER)!;
		const maxPerPoll = Number(trigger.parameters.maxPerPoll ?? DEFAULT_MAX_PER_POLL);
		// Activation sets the cursor; then one event end to end, as a warm n8n process would have run.
		let { staticData } = await runPolled(bench, workflow, STOCK_EVENTS_TRIGGER, {});
		await bench.sandboxes.send({ name: 'commercetoolsEvents', events: 1 });
		const warmUp = await runPolled(bench, workflow, STOCK_EVENTS_TRIGGER, staticData);
		if (warmUp.result?.status !== 'success')
			throw new Error(`stock events warm-up failed: ${warmUp.result?.error?.message}`);
		staticData = warmUp.staticData;
		// The burst's messages are 1 ms apart and end now: all of them after the warm-up's.
		await sleep(events + 100);
		await bench.sandboxes.send({ name: 'commercetoolsEvents', events });
		await sleep((CLOUDSHELF_CREDIT_CAPACITY / CLOUDSHELF_CREDITS_PER_SECOND) * 1000);

		// Check after check until one finds nothing, each followed by its execution.
		const checks: Array<{ items: number; failed: number }> = [];
		const run = await bench.measure(async () => {
			for (;;) {
				const check = await runPolled(bench, workflow, STOCK_EVENTS_TRIGGER, staticData);
				staticData = check.staticData;
				if (!check.items.length) return;
				if (check.result?.status !== 'success')
					throw new Error(`stock events execution failed: ${check.result?.error?.message}`);
				checks.push({
					items: check.items.length,
					failed: check.result.json(STOCK_EVENTS_PUSH, 1).length,
				});
			}
		});
		const emitted = checks.reduce((sum, check) => sum + check.items, 0);
		const failed = checks.reduce((sum, check) => sum + check.failed, 0);
		const buffer = Number((config.cloudshelf as { stockBuffer?: number }).stockBuffer ?? 0);
		const levels = (await bench.sandboxes.send({
			name: 'stockEventsCheck',
			buffer,
		})) as StockEventsCheck;
		const { commercetools, cloudshelf } = run.calls;

		// Bound: the calls the burst needs. commercetools: per check, its events and the one message
		// the cursor remembers at its boundary, in pages of 500 (at most Max Events per Check + 1 are
		// read; a short page ends the read), and one channel listing (ids → keys); the last check
		// reads one page (the remembered message only). Cloudshelf: per check, one Set Levels call per
		// 1,000 rows.
		const perCheck = Array.from({ length: Math.ceil(events / maxPerPoll) }, (_, index) =>
			Math.min(maxPerPoll, events - index * maxPerPoll),
		);
		const pageSize = COMMERCETOOLS_LIMITS.pageSize;
		const pagesOf = (count: number) =>
			count + 1 >= maxPerPoll + 1
				? Math.ceil((maxPerPoll + 1) / pageSize)
				: Math.floor((count + 1) / pageSize) + 1;
		const messagePages = perCheck.reduce((sum, count) => sum + pagesOf(count), 0) + 1;
		const commercetoolsCalls = messagePages + perCheck.length;
		const commercetoolsBound = leastTimeIn(
			commercetoolsCalls,
			COMMERCETOOLS_RATE_LIMIT.perSecond * SCALE,
			1000,
		);
		const writes = perCheck.reduce(
			(sum, count) => sum + Math.ceil(count / CLOUDSHELF_LIMITS.stockRowsPerCall),
			0,
		);
		const credits = writes * creditsPerCall(run.credits, 'UpsertStockLevels');
		const cloudshelfBound = creditWait(credits);
		return {
			scenario: `Inventory events commercetools → Cloudshelf: a burst of ${number(events)} InventoryEntryQuantitySet messages (${number(skus * EVENT_CHANNELS.length)} entries, 2 store channels)`,
			wall: run.wall,
			bound: commercetoolsBound + cloudshelfBound,
			calls: `commercetools ${commercetools.total} (${operations(commercetools)}), Cloudshelf ${cloudshelf.total} (${operations(cloudshelf)}); **${commercetools.notOk} commercetools calls refused** (429/5xx), Cloudshelf ${cloudshelf.notOk}`,
			callCount: commercetools.total + cloudshelf.total,
			throughput: `${number(Math.round(events / (run.wall / 1000)))} events/s`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes:
				`${checks.length} checks of at most ${number(maxPerPoll)} events (the template's Max Events per Check) emitted ${number(emitted)} stock levels (${checks.map((check) => check.items).join(' + ')}), ${failed} to exceptions; ` +
				`end state: **${number(levels.right)} of ${number(levels.entries)} Cloudshelf levels = commercetools available − buffer ${buffer}**, ${levels.wrong} wrong, ${levels.missing} missing; ` +
				`the template paces itself: ${number(maxPerPoll)} events per check at its Every Minute poll, so the burst reaches Cloudshelf over ${checks.length} checks (${checks.length - 1} min after the first, plus the time measured here; the bench runs the checks back to back); ` +
				`calls needed: commercetools ${commercetoolsCalls} (${messagePages} message pages, ${perCheck.length} channel listings), Cloudshelf ${writes} Set Levels calls (${number(Math.round(credits))} credits); ` +
				`bound: commercetools ${seconds(commercetoolsBound)} (${COMMERCETOOLS_RATE_LIMIT.perSecond * SCALE}/s, sandbox ASSUMED), Cloudshelf ${seconds(cloudshelfBound)}; ${timeline(run.calls, run.started)}`,
		};
	} finally {
		await bench.sandboxes.close();
	}
}

const STOKLY_PUSH = 'stock-push-stokly-to-cloudshelf';
const STOKLY_PUSH_TRIGGER = 'Nightly Full Push';
const STOKLY_PUSH_READ = 'All Stokly Stock';
const STOKLY_PUSH_WRITE = 'Push to Cloudshelf';
const STOKLY_PUSH_CHANGES = 'Stokly Stock Changed';

/**
 * The stock-push template's nightly full push (issue #13), configured by the agency tool's
 * Cloudshelf ⇄ Stokly sandbox client: Stock → Get Levels (every item, the client's three locations,
 * GET /v1/inventory-records `[binId]!={UNASSIGNED}` pages of 1,000, summed over bins) into
 * Cloudshelf's Stock → Set Levels (1,000 rows per call). Stokly publishes no rate limit; its sandbox
 * applies an ASSUMED 600 requests per rolling 60 s per account (× scale), and the node pauses
 * when `x-ratelimit-remaining` runs low.
 */
async function stoklyStockPush(skus: number): Promise<Row[]> {
	const bench = await Bench.start({ rateLimitScale: SCALE });
	try {
		const seedStarted = Date.now();
		await bench.sandboxes.send({ name: 'stoklyCatalogue', skus });
		const seeding = Date.now() - seedStarted;
		const config = sandboxStoklyClient(bench.urls, 'Bench');
		const workflow = configuredTemplate(STOKLY_PUSH, config);
		const run = await bench.measure(
			async () => await runScheduled(bench, workflow, STOKLY_PUSH_TRIGGER),
		);
		if (run.value.status !== 'success')
			throw new Error(`Stokly stock push failed: ${run.value.error?.message}`);
		const levels = run.value.json(STOKLY_PUSH_READ).length;
		const readFailures = run.value.json(STOKLY_PUSH_READ, 1).length;
		const writeFailures = run.value.json(STOKLY_PUSH_WRITE, 1).length;
		const buffer = Number((config.cloudshelf as { stockBuffer?: number }).stockBuffer ?? 0);
		const check = (await bench.sandboxes.send({
			name: 'stoklyStockCheck',
			buffer,
		})) as StockEventsCheck;
		const { stokly, cloudshelf } = run.calls;

		// Bound: the calls the push needs (from the seed, not from the calls made). Stokly: one grant,
		// the location listing (names → ids) and one page per 1,000 inventory records of the three
		// locations (one bin each; the aggregate UNASSIGNED rows are filtered out server-side; the
		// count in each answer tells the last page); under the sliding window of 600 per 60 s
		// (× scale). Cloudshelf: one Set Levels call per 1,000 rows, at the credits each was charged.
		const records = skus * BENCH_LOCATIONS.length;
		const pages = Math.max(1, Math.ceil(records / STOKLY_LIMITS.pageSize));
		const stoklyCalls = 1 + 1 + pages;
		const limit = STOKLY_RATE_LIMIT * SCALE;
		const stoklyBound = leastTime(stoklyCalls, limit);
		const writes = Math.ceil(records / CLOUDSHELF_LIMITS.stockRowsPerCall);
		const credits = writes * creditsPerCall(run.credits, 'UpsertStockLevels');
		const cloudshelfBound = creditWait(credits);
		// The same at the real (ASSUMED) limit: where paging, not the rate, would stop binding.
		const atScale1 = leastTime(stoklyCalls, STOKLY_RATE_LIMIT);
		const firstBinds = STOKLY_RATE_LIMIT * SCALE * STOKLY_LIMITS.pageSize;
		const reads = stokly.operations['GET /v1/inventory-records'];
		const pushes = cloudshelf.operations.UpsertStockLevels;

		// Delta: the trigger's first check records its snapshot, 1% of the SKUs change at one store
		// (adjustments Stokly has applied), the next check emits and pushes only those.
		const first = await runPolled(bench, workflow, STOKLY_PUSH_CHANGES, {});
		const changed = Math.max(1, Math.round(skus / 100));
		await bench.sandboxes.send({
			name: 'stoklyAdjust',
			location: 'Oxford Street',
			deltas: Array.from({ length: changed }, (_, index) => [index * 100, 1000 + index]),
		});
		const delta = await bench.measure(
			async () => await runPolled(bench, workflow, STOKLY_PUSH_CHANGES, first.staticData),
		);
		if (delta.value.items.length !== changed)
			throw new Error(`Stokly delta emitted ${delta.value.items.length}, expected ${changed}`);
		if (delta.value.result?.status !== 'success')
			throw new Error(`Stokly delta push failed: ${delta.value.result?.error?.message}`);
		const after = (await bench.sandboxes.send({
			name: 'stoklyStockCheck',
			buffer,
		})) as StockEventsCheck;
		const deltaWrites = count(delta.calls.cloudshelf, 'UpsertStockLevels');
		const checkCalls = delta.calls.stokly.total;
		const full: Row = {
			scenario: `Stock push Stokly → Cloudshelf, full: ${number(skus)} SKUs × 3 locations`,
			wall: run.wall,
			bound: stoklyBound + cloudshelfBound,
			calls: `Stokly ${stokly.total} (${operations(stokly)}), Cloudshelf ${cloudshelf.total} (${operations(cloudshelf)}); ${stokly.notOk + cloudshelf.notOk} answered 429/5xx`,
			callCount: stokly.total + cloudshelf.total,
			throughput: `${number(Math.round(records / (run.wall / 1000)))} rows/s`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes:
				`${number(levels)} levels read (${readFailures} to exceptions), ${writeFailures} rows refused; ` +
				`end state: **${number(check.right)} of ${number(check.entries)} Cloudshelf levels = Stokly on hand − buffer ${buffer}**, ${check.wrong} wrong, ${check.missing} missing; ` +
				`calls needed: Stokly ${stoklyCalls} (grant, location listing, ${pages} pages of ${STOKLY_LIMITS.pageSize} of ${number(records)} inventory records), Cloudshelf ${writes} Set Levels calls (${number(Math.round(credits))} credits); ` +
				`bound: Stokly ${seconds(stoklyBound)} (${stoklyCalls} calls within one window of ${number(limit)} per 60 s, sandbox ASSUMED ${STOKLY_RATE_LIMIT} × ${SCALE}; ${seconds(atScale1)} at ${STOKLY_RATE_LIMIT}/60 s; the limit binds from ${number(firstBinds)} records, i.e. ${number(firstBinds / BENCH_LOCATIONS.length)} SKUs × 3), Cloudshelf ${seconds(cloudshelfBound)}; ` +
				(reads
					? `Stokly pages ${seconds(reads.first - run.started)}–${seconds(reads.last - run.started)} (${((reads.last - reads.first) / Math.max(1, reads.count - 1)).toFixed(0)} ms per page, one after another), `
					: '') +
				(pushes
					? `writes ${seconds(pushes.first - run.started)}–${seconds(pushes.last - run.started)}; `
					: '') +
				`seeding ${number(skus)} items in the sandboxes ${seconds(seeding)} (not in the wall time); ${timeline(run.calls, run.started)}`,
		};
		return [
			full,
			{
				scenario: `Stock push Stokly → Cloudshelf, delta (1% = ${number(changed)} changed) at ${number(skus)} SKUs`,
				wall: delta.wall,
				bound: leastTime(checkCalls, limit),
				calls: `Cloudshelf writes ${deltaWrites} (target ≤ ${Math.ceil(changed / CLOUDSHELF_LIMITS.stockRowsPerCall)}); Stokly ${checkCalls} (${operations(delta.calls.stokly)}); ${delta.calls.stokly.notOk + delta.calls.cloudshelf.notOk} answered 429/5xx`,
				callCount: checkCalls + delta.calls.cloudshelf.total,
				throughput: `${number(Math.round(changed / (delta.wall / 1000)))} changes/s`,
				peakRss: delta.peakRss,
				baseRss: delta.baseRss,
				notes:
					`the Stock Changed trigger's check (every inventory record again, compared with its snapshot of ${number(records)} levels) emitted ${number(delta.value.items.length)} levels; ` +
					`end state **${number(after.right)} of ${number(after.entries)} Cloudshelf levels right**, ${after.wrong} wrong, ${after.missing} missing; ` +
					`Stokly has no "stock changed since" read known to work, so each check costs what a full read does: ${checkCalls} calls, i.e. ${Math.round((checkCalls / STOKLY_RATE_LIMIT) * 100)}% of the ASSUMED ${STOKLY_RATE_LIMIT} per minute at the template's one check a minute (${Math.round((checkCalls / limit) * 100)}% of the scaled ${number(limit)}); ${timeline(delta.calls, delta.started)}`,
			},
		];
	} finally {
		await bench.sandboxes.close();
	}
}

/**
 * What a user builds without this package: core nodes only. Reads stock from Linnworks with the
 * HTTP Request node (its pagination option, paced at the limit), drops the locations Cloudshelf
 * does not have with a Filter node, then one HTTP Request per row to Cloudshelf (its batching
 * option: 50 items per batch, every `batchInterval` ms).
 */
function perItemWorkflow(
	urls: SandboxAddresses,
	server: string,
	token: string,
	batchInterval: number,
): WorkflowJson {
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		parameters: IDataObject,
		x: number,
	): INode => ({ id: name, name, type, typeVersion, position: [x, 0], parameters }) as INode;
	return {
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
			node(
				'Linnworks Stock Pages',
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					method: 'POST',
					url: `${server}/api/Stock/GetStockItemsFull`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Authorization', value: token }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ keyword: "", entriesPerPage: 200, pageNumber: $pageCount + 1, dataRequirements: ["StockLevels"], searchTypes: ["SKU"] }) }}',
					options: {
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								parameters: {
									parameters: [
										{ type: 'body', name: 'pageNumber', value: '={{ $pageCount + 1 }}' },
									],
								},
								paginationCompleteWhen: 'other',
								completeExpression:
									'={{ $response.statusCode === 400 || $response.body.length < 200 }}',
								limitPagesFetched: false,
								requestInterval: Math.ceil(60_000 / perMinute('Stock/GetStockItemsFull')),
							},
						},
						response: { response: { neverError: true } },
					},
				},
				200,
			),
			node(
				'Rows',
				'n8n-nodes-base.splitOut',
				1,
				{
					fieldToSplitOut: 'StockLevels',
					include: 'selectedOtherFields',
					fieldsToInclude: 'ItemNumber',
					options: {},
				},
				400,
			),
			node(
				'Mapped Locations',
				'n8n-nodes-base.filter',
				2.2,
				{
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							{
								id: 'mapped',
								leftValue: `={{ ${JSON.stringify(Object.keys(CLOUDSHELF_KEYS))}.includes($json.StockLevels.Location.LocationName) }}`,
								rightValue: '',
								operator: { type: 'boolean', operation: 'true', singleValue: true },
							},
						],
						combinator: 'and',
					},
					options: {},
				},
				600,
			),
			node(
				'Cloudshelf Per Row',
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					method: 'POST',
					url: `${urls.cloudshelf}/graphql`,
					sendHeaders: true,
					headerParameters: {
						parameters: [{ name: 'Authorization', value: `token ${SANDBOX_API_KEY}` }],
					},
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ query: "mutation($input: [StockLevelInput!]!) { upsertStockLevels(input: $input) { userErrors { code message } } }", variables: { input: [{ locationId: "gid://external/RetailSyncLocation/" + (${JSON.stringify(CLOUDSHELF_KEYS)})[$json.StockLevels.Location.LocationName], productVariantId: "gid://external/RetailSyncVariant/" + $json.ItemNumber, quantity: Math.max(0, $json.StockLevels.Available - 1) }] } }) }}`,
					options: { batching: { batch: { batchSize: PER_ITEM_BATCH, batchInterval } } },
				},
				800,
			),
		],
		connections: {
			Start: { main: [[{ node: 'Linnworks Stock Pages', type: 'main', index: 0 }]] },
			'Linnworks Stock Pages': { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Mapped Locations', type: 'main', index: 0 }]] },
			'Mapped Locations': { main: [[{ node: 'Cloudshelf Per Row', type: 'main', index: 0 }]] },
		},
	};
}

const PER_ITEM_BATCH = 50;
/** Credits the sandbox charges for the per-row mutation (its reported complexity). */
const PER_ROW_MUTATION_COST = 4;

/**
 * `paced`: the batch interval keeps within Cloudshelf's credit refill (the sandbox's assumed rate);
 * otherwise 1 ms, the fastest real batching (with 0 the node does not batch at all and opens every
 * request at once: 30,000 sockets ran this process out of file descriptors). Throttled calls answer
 * HTTP 200 with a GraphQL error, which the HTTP Request node counts as success.
 */
async function perItemAlternative(skus: number, paced: boolean): Promise<Row> {
	const bench = await Bench.start({ rateLimitScale: SCALE });
	try {
		await bench.sandboxes.send({ name: 'catalogue', skus });
		// Log in once by hand, as a user of the HTTP Request node would (session token pasted in).
		const session = (await (
			await fetch(`${bench.urls.linnworks}/api/Auth/AuthorizeByApplication`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					ApplicationId: SANDBOX_APP.applicationId,
					ApplicationSecret: SANDBOX_APP.applicationSecret,
					Token: SANDBOX_APP.installationToken,
				}),
			})
		).json()) as { Token: string; Server: string };
		const interval = paced
			? Math.ceil(
					(PER_ITEM_BATCH * PER_ROW_MUTATION_COST * 1000) / (CLOUDSHELF_CREDITS_PER_SECOND * SCALE),
				)
			: 1;
		const run = await bench.measure(
			async () =>
				await bench.runner.run(
					perItemWorkflow(bench.urls, session.Server, session.Token, interval),
				),
		);
		if (run.value.status !== 'success')
			throw new Error(`per-item flow failed: ${run.value.error?.message}`);
		const answers = run.value.json('Cloudshelf Per Row');
		const refused = answers.filter((answer) => answer.errors).length;
		const written = (await bench.sandboxes.send({ name: 'cloudshelfStockRows' })) as number;
		const expected = (skus + CLIENT_CATALOGUE.length) * BENCH_LOCATIONS.length;
		const { linnworks, cloudshelf } = run.calls;
		return {
			scenario: `Per-item alternative (core nodes only, ${PER_ITEM_BATCH} calls every ${interval} ms${paced ? ': paced to the credits' : ''}): ${number(skus)} SKUs × 3 locations`,
			wall: run.wall,
			bound: 0,
			calls: `Linnworks ${linnworks.total}, Cloudshelf ${number(cloudshelf.total)}`,
			callCount: linnworks.total + cloudshelf.total,
			throughput: `${number(Math.round(written / (run.wall / 1000)))} rows/s`,
			peakRss: run.peakRss,
			baseRss: run.baseRss,
			notes:
				`**${number(written)} of ${number(expected)} rows written**; ${number(refused)} calls throttled (HTTP 200 + TEMPORARY_RESTRICTION) and counted as success by the node` +
				'; no retries, no error routing, session token pasted by hand',
		};
	} finally {
		await bench.sandboxes.close();
	}
}

const SHOPIFY_PUSH = 'stock-push-linnworks-to-shopify';
/** ASSUMED bucket size: 20 × the restore rate, the simulator's ratio (2,000 at 100/s). */
const shopifyBucket = () => ({ maximumAvailable: SHOPIFY_RATE * 20, restoreRate: SHOPIFY_RATE });

/**
 * The same push with one HTTP Request per level: the template with one level per
 * inventorySetQuantities call (New Batch's perCall) and one SKU per loop (a read per SKU, so that
 * the execution does not carry a 124-SKU batch through 30,000 single-level writes).
 */
function perLevelVariant(workflow: WorkflowJson): WorkflowJson {
	const variant = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const node = (name: string) => variant.nodes.find((candidate) => candidate.name === name)!;
	const batch = (
		node('New Batch').parameters.assignments as { assignments: Array<{ value: string }> }
	).assignments[0];
	if (!batch.value.includes('perCall: 250')) throw new Error('New Batch has no perCall: 250');
	batch.value = batch.value.replace('perCall: 250', 'perCall: 1');
	node('Loop Over Items').parameters.batchSize = 1;
	return variant;
}

/**
 * Stock push Linnworks → Shopify: `skus` bench SKUs (plus the client's 4) × 3 locations, every
 * level different in Shopify, against the simulator's cost bucket at SHOPIFY_RATE (Linnworks at
 * its published limits). Bound: the points Shopify charged / the restore rate.
 */
async function shopifyStockPush(skus: number, perLevel: boolean): Promise<Row> {
	const { sandboxes, urls } = await SandboxProcess.start();
	let unroute = () => {};
	try {
		await sandboxes.send({
			name: 'faults',
			settings: { rateLimitScale: 1, latencyMs: SANDBOX_LATENCY_MS },
		});
		await sandboxes.send({ name: 'catalogue', skus });
		const bucket = shopifyBucket();
		const shop = (await sandboxes.send({ name: 'shopifyShop', skus, bucket })) as Pick<
			ShopifySandbox,
			'proxyUrl' | 'caPem'
		>;
		unroute = routeHttpsToShopify(shop as ShopifySandbox);
		const { runner, shopifyConfig } = retailClient(urls);
		const template = configuredTemplate(SHOPIFY_PUSH, shopifyConfig);
		const workflow = perLevel ? perLevelVariant(template) : template;
		await sandboxes.send({ name: 'clearCalls' });
		await sandboxes.send({ name: 'shopifyReset' });
		const baseRss = process.memoryUsage().rss;
		const sampler = new RssSampler();
		const started = Date.now();
		const result = await runScheduled({ runner }, workflow, 'Nightly Full Push');
		const wall = Date.now() - started;
		const peakRss = sampler.stop();
		if (result.status !== 'success')
			throw new Error(`Shopify stock push failed: ${result.error?.message}`);
		const shopify = (await sandboxes.send({ name: 'shopifyCalls' })) as ShopifyCalls;
		const check = (await sandboxes.send({
			name: 'shopifyStockCheck',
			buffer: 1,
		})) as StockEventsCheck;
		const platformCalls = await sandboxes.calls();
		const graphql = platformCalls.shopify.operations;
		const reads = shopify.inventoryItems ?? { calls: 0, ok: 0, throttled: 0, points: 0 };
		const writes = shopify.inventorySetQuantities ?? {
			calls: 0,
			ok: 0,
			throttled: 0,
			points: 0,
			quantities: 0,
			userErrors: 0,
		};
		const points = reads.points + writes.points;
		const requests = reads.calls + writes.calls;
		const summary = result.json('Push Summary')[0] ?? {};
		const firstRead = graphql['graphql:inventoryItems']?.first;
		return {
			scenario: `Shopify stock push${perLevel ? ', one HTTP Request per level' : ''}: ${number(skus)} variants × 3 locations (bucket ${number(bucket.maximumAvailable)} points, ${number(bucket.restoreRate)}/s)`,
			wall,
			bound: (points / bucket.restoreRate) * 1000,
			calls: `Shopify ${number(requests)} (reads ${number(reads.calls)}, inventorySetQuantities ${number(writes.calls)}; ${reads.throttled + writes.throttled} THROTTLED), ${number(points)} points; Linnworks ${platformCalls.linnworks.total}`,
			callCount: requests + platformCalls.linnworks.total,
			throughput: `${number(Math.round(writes.quantities / (wall / 1000)))} levels/s`,
			peakRss,
			baseRss,
			notes:
				`**${number(check.right)} of ${number(check.entries)} levels right** (${check.wrong} wrong, ${check.missing} missing); ${number(writes.quantities)} quantities set, summary pushed ${summary.pushed}, throttled ${summary.throttled}, exceptions ${(summary.exceptions as unknown[] | undefined)?.length ?? '?'}; ` +
				`read points ${number(reads.points)}, write points ${number(writes.points)}; bound from a full bucket: ${seconds(Math.max(0, ((points - bucket.maximumAvailable) / bucket.restoreRate) * 1000))}; ` +
				`first Shopify read at ${firstRead ? seconds(firstRead - started) : '–'} (the Linnworks read before it)`,
		};
	} finally {
		unroute();
		await sandboxes.close();
	}
}

type Scenario =
	| { name: 'shopify'; skus: number; perLevel: boolean }
	| { name: 'push'; skus: number }
	| { name: 'alternative'; skus: number; paced: boolean }
	| { name: 'orders'; orders: number }
	| { name: 'checks'; checks: number }
	| { name: 'sales'; sales: number }
	| { name: 'catalogue'; products: number }
	| { name: 'events'; events: number }
	| { name: 'stokly'; skus: number };

async function runScenario(scenario: Scenario): Promise<Row[]> {
	switch (scenario.name) {
		case 'shopify':
			return [await shopifyStockPush(scenario.skus, scenario.perLevel)];
		case 'push':
			return await stockPush(scenario.skus);
		case 'alternative':
			return [await perItemAlternative(scenario.skus, scenario.paced)];
		case 'orders':
			return [await orderInjection(scenario.orders)];
		case 'checks':
			return [await liveStockCheck(scenario.checks)];
		case 'sales':
			return [await storeSalesToCentra(scenario.sales)];
		case 'catalogue':
			return [await catalogueToCloudshelf(scenario.products)];
		case 'events':
			return [await inventoryEventsToCloudshelf(scenario.events)];
		case 'stokly':
			return await stoklyStockPush(scenario.skus);
	}
}

/** Each scenario in a process of its own, so that its peak RSS is its own. */
async function inChildProcess(scenario: Scenario): Promise<Row[]> {
	const child = forkTypeScript(__filename, [...args, '--scenario', JSON.stringify(scenario)]);
	return await new Promise<Row[]>((resolve, reject) => {
		let rows: Row[] | undefined;
		child.on('message', (message: Row[]) => (rows = message));
		child.on('exit', (code) =>
			rows && code === 0
				? resolve(rows)
				: reject(new Error(`scenario ${JSON.stringify(scenario)} failed (exit ${code})`)),
		);
	});
}

async function main(): Promise<void> {
	const alternativeSkus = Math.min(...SKU_COUNTS);
	const scenarios: Scenario[] = [
		...(ONLY.includes('push') ? SKU_COUNTS.map((skus): Scenario => ({ name: 'push', skus })) : []),
		...(ONLY.includes('alternative')
			? [false, true].map(
					(paced): Scenario => ({ name: 'alternative', skus: alternativeSkus, paced }),
				)
			: []),
		...(ONLY.includes('orders') ? [{ name: 'orders', orders: ORDER_COUNT } as const] : []),
		...(ONLY.includes('checks') ? [{ name: 'checks', checks: CHECK_COUNT } as const] : []),
		...(ONLY.includes('sales') ? [{ name: 'sales', sales: SALE_COUNT } as const] : []),
		...(ONLY.includes('catalogue')
			? [{ name: 'catalogue', products: PRODUCT_COUNT } as const]
			: []),
		...(ONLY.includes('events') ? [{ name: 'events', events: EVENT_COUNT } as const] : []),
		...(ONLY.includes('stokly') ? [{ name: 'stokly', skus: STOKLY_SKUS } as const] : []),
		...(ONLY.includes('shopify')
			? [false, true].map(
					(perLevel): Scenario => ({ name: 'shopify', skus: SHOPIFY_BENCH_SKUS, perLevel }),
				)
			: []),
	];
	const rows: Row[] = [];
	for (const scenario of scenarios) {
		for (const row of await inChildProcess(scenario)) {
			rows.push(row);
			console.log(
				`${row.scenario}: ${seconds(row.wall)} (bound ${seconds(row.bound)}), ${row.calls}, ${row.throughput}, peak RSS ${mib(row.peakRss)} (before ${mib(row.baseRss)}); ${row.notes}`,
			);
		}
	}

	const shopifyRows = rows.filter((row) => row.scenario.startsWith('Shopify'));
	if (shopifyRows.length) writeShopifyReport(shopifyRows);
	const otherRows = rows.filter((row) => !shopifyRows.includes(row));
	if (!otherRows.length) return;
	const table = otherRows
		.map(
			(row) =>
				`| ${row.scenario} | ${seconds(row.wall)} | ${row.bound ? seconds(row.bound) : '–'} | ${row.bound ? (row.wall / row.bound).toFixed(2) : '–'} | ${row.calls} | ${row.throughput} | ${mib(row.peakRss)} (${mib(row.baseRss)} before) | ${row.notes} |`,
		)
		.join('\n');
	const ours = rows.find((row) =>
		row.scenario.startsWith(`Stock push, full: ${number(alternativeSkus)}`),
	);
	const alternative = rows.find(
		(row) => row.scenario.startsWith('Per-item') && row.scenario.includes('paced'),
	);
	const comparison =
		ours && alternative
			? `Template vs the per-item alternative (paced, so that it writes every row) at ${number(alternativeSkus)} SKUs: **${(alternative.callCount / ours.callCount).toFixed(0)}× fewer API calls** (${ours.callCount} vs ${number(alternative.callCount)}), wall time ${seconds(ours.wall)} vs ${seconds(alternative.wall)} (**${(alternative.wall / ours.wall).toFixed(1)}× faster**).`
			: 'Per-item comparison not run.';
	const report = `Command: \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\` (scale ${SCALE}: every published rate limit × ${SCALE}, in the sandboxes and in the connector's pacing; sandbox latency ${SANDBOX_LATENCY_MS} ms per call).
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} RAM, Node ${process.version}. Date: ${new Date().toISOString()}.
Each scenario runs in a fresh process with the sandboxes in another one: peak RSS is n8n's engine, our nodes and the execution's data only.

| Scenario | Wall time | Rate-limit bound | Ratio | API calls | Throughput | Peak RSS | Notes |
| --- | --- | --- | --- | --- | --- | --- | --- |
${table}

${comparison}
`;
	writeReport(report);
	console.log('\nWrote the results into bench/REPORT.md');
}

const tableRow = (row: Row) =>
	`| ${row.scenario} | ${seconds(row.wall)} | ${row.bound ? seconds(row.bound) : '–'} | ${row.bound ? (row.wall / row.bound).toFixed(2) : '–'} | ${row.calls} | ${row.throughput} | ${mib(row.peakRss)} (${mib(row.baseRss)} before) | ${row.notes} |`;

/** The Shopify rows in a block of their own, so that `--only shopify` leaves the other results be. */
function writeShopifyReport(rows: Row[]): void {
	const [template, perLevel] = [
		rows.find((row) => !row.scenario.includes('per level')),
		rows.find((row) => row.scenario.includes('per level')),
	];
	const comparison =
		template && perLevel
			? `One HTTP Request per level against the template: ${(perLevel.callCount / template.callCount).toFixed(0)}× the API calls (${number(perLevel.callCount)} vs ${number(template.callCount)}), ${(perLevel.bound / template.bound).toFixed(1)}× the points, wall time ${seconds(perLevel.wall)} vs ${seconds(template.wall)}.`
			: '';
	const results = `### Shopify stock push (issue #14)

Command: \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\` (Shopify's bucket at ${number(SHOPIFY_RATE)} points/s${SHOPIFY_RATE === 1000 ? ", Shopify Plus's rate: the standard 100/s would take over 10 minutes for the template alone" : ''}, ${number(SHOPIFY_RATE * 20)} points ASSUMED; Linnworks at its published limits; sandbox latency ${SANDBOX_LATENCY_MS} ms per call).
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} RAM, Node ${process.version}. Date: ${new Date().toISOString()}.
Bound: the points Shopify charged (requested cost of every executed query) / the restore rate.

| Scenario | Wall time | Cost-bucket bound | Ratio | API calls | Throughput | Peak RSS | Notes |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.map(tableRow).join('\n')}

${comparison}
`;
	writeReport(results, [
		'<!-- shopify:start (written by npm run bench -- --only shopify) -->',
		'<!-- shopify:end -->',
	]);
}

/**
 * Replaces the generated part of bench/REPORT.md (between the markers; a block not there yet is
 * appended) and keeps the analysis written around it.
 */
function writeReport(
	results: string,
	[start, end] = ['<!-- results:start (written by npm run bench) -->', '<!-- results:end -->'],
): void {
	const file = join(__dirname, 'REPORT.md');
	let current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	if (!current.includes(start)) current = `${current.trimEnd()}\n\n${start}\n${end}\n`;
	const before = current.indexOf(start);
	const after = current.indexOf(end);
	if (before < 0 || after < before)
		throw new Error(`bench/REPORT.md lacks the markers ${start} … ${end}`);
	writeFileSync(
		file,
		`${current.slice(0, before + start.length)}\n${results}${current.slice(after)}`,
	);
}

const scenarioArgument = option('scenario', '');
if (scenarioArgument) {
	void runScenario(JSON.parse(scenarioArgument) as Scenario).then(
		(rows) => process.send!(rows, undefined, {}, () => process.exit(0)),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
} else {
	void main().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
