/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tool: prints and writes a report */
/**
 * `npm run bench [-- --scale 20 --skus 10000,100000 --orders 1000 --checks 1000]`
 *
 * Drives the shipped templates through n8n's engine (in-process) against the sandboxes, which
 * enforce the published rate limits multiplied by --scale (the connector's own pacing is scaled
 * the same way), so a run finishes in minutes. The bound of each scenario is the least time those
 * same scaled limits and the APIs' maximum batch sizes allow. Writes bench/REPORT.md. Never run in
 * CI, never asserts times.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, INode } from 'n8n-workflow';

import { CALLS_PER_MINUTE, DEFAULT_CALLS_PER_MINUTE, LIMITS } from '../nodes/Linnworks/transport';
import { SANDBOX_API_KEY } from '../sandbox/cloudshelf/server';
import type { SandboxServer } from '../sandbox/common/http';
import { SANDBOX_APP } from '../sandbox/linnworks/server';
import { runPolled, runScheduled, startRetail, type RetailFixture } from '../test/harness/templates';
import type { WorkflowJson } from '../test/harness/run-workflow';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : fallback;
};
const SCALE = Number(option('scale', '2'));
const SKU_COUNTS = option('skus', '10000,100000').split(',').map(Number);
const ORDER_COUNT = Number(option('orders', '1000'));
const CHECK_COUNT = Number(option('checks', '1000'));
const SANDBOX_LATENCY_MS = Number(option('latency', '2'));
const LOCATIONS = ['London Warehouse', 'Oxford Street', 'Manchester Arndale'];
const CLOUDSHELF_KEYS: Record<string, string> = { 'London Warehouse': 'london-warehouse', 'Oxford Street': 'oxford-street', 'Manchester Arndale': 'manchester-arndale' };

// The connector paces itself at the published per-method limits; scale them with the sandbox.
for (const method of Object.keys(CALLS_PER_MINUTE)) CALLS_PER_MINUTE[method] *= SCALE;
const perMinute = (method: string) => (CALLS_PER_MINUTE[method] ?? DEFAULT_CALLS_PER_MINUTE * SCALE);

/** Peak resident memory of this process, sampled every 50 ms. */
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

function callsByOperation(sandbox: SandboxServer): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const call of sandbox.calls) counts[call.operation ?? call.path] = (counts[call.operation ?? call.path] ?? 0) + 1;
	return counts;
}

/**
 * Least time for `calls` calls under a sliding one-minute window of `limit` calls: call k may start
 * one minute after call k − limit, so the last one starts floor((calls − 1) / limit) minutes in.
 */
function leastTime(calls: number, limit: number): number {
	return Math.floor(Math.max(0, calls - 1) / limit) * 60_000;
}

function sku(index: number): string {
	return `BENCH-${String(index).padStart(6, '0')}`;
}

async function catalogue(skus: number): Promise<RetailFixture> {
	const fixture = await startRetail();
	fixture.sandboxes.linnworks.setFaults({ rateLimitScale: SCALE, latencyMs: SANDBOX_LATENCY_MS });
	fixture.sandboxes.cloudshelf.setFaults({ rateLimitScale: SCALE, latencyMs: SANDBOX_LATENCY_MS });
	fixture.sandboxes.linnworks.state.seed({
		items: Array.from({ length: skus }, (_, index) => ({
			SKU: sku(index),
			RetailPrice: 10,
			levels: Object.fromEntries(LOCATIONS.map((location, position) => [location, (index * (position + 3)) % 40])),
		})),
	});
	const variants = Array.from({ length: skus }, (_, index) => ({ id: `gid://external/RetailSyncVariant/${sku(index)}`, sku: sku(index), currentPrice: 10 }));
	for (let start = 0; start < variants.length; start += 1000) {
		fixture.sandboxes.cloudshelf.state.seed({
			products: [{ id: `gid://external/RetailSyncProduct/BENCH-${start}`, displayName: `Bench ${start}`, variants: variants.slice(start, start + 1000) }],
		});
	}
	for (const sandbox of [fixture.sandboxes.linnworks, fixture.sandboxes.cloudshelf]) sandbox.calls.length = 0;
	return fixture;
}

interface Row {
	scenario: string;
	wall: number;
	bound: number;
	calls: string;
	throughput: string;
	peakRss: number;
	/** RSS just before the run: the sandboxes' seeded state plus n8n's engine, already loaded. */
	baseRss?: number;
	notes: string;
}

async function stockPush(skus: number): Promise<Row[]> {
	const fixture = await catalogue(skus);
	const workflow = fixture.workflow('stock-push-linnworks-to-cloudshelf');
	try {
		const baseRss = process.memoryUsage().rss;
		const sampler = new RssSampler();
		const started = Date.now();
		const result = await runScheduled(fixture, workflow, 'Nightly Full Push');
		const wall = Date.now() - started;
		const peak = sampler.stop();
		if (result.status !== 'success') throw new Error(`stock push failed: ${result.error?.message}`);
		const rows = skus * LOCATIONS.length;
		const linnworks = callsByOperation(fixture.sandboxes.linnworks);
		const cloudshelf = callsByOperation(fixture.sandboxes.cloudshelf);
		// Bound: the reads Linnworks allows (200 items per page, paced per method) — Cloudshelf
		// publishes no call-rate limit, so its 1,000-row writes add no waiting to the bound.
		const pages = Math.ceil(skus / LIMITS.stockItemsPerPage) + (skus % LIMITS.stockItemsPerPage === 0 ? 1 : 0);
		const bound = leastTime(pages, perMinute('Stock/GetStockItemsFull'));
		const full: Row = {
			scenario: `Stock push, full: ${skus.toLocaleString('en')} SKUs × 3 locations`,
			wall,
			bound,
			calls: `Linnworks ${fixture.sandboxes.linnworks.calls.length} (GetStockItemsFull ${linnworks['Stock/GetStockItemsFull'] ?? 0}), Cloudshelf ${fixture.sandboxes.cloudshelf.calls.length} (UpsertStockLevels ${cloudshelf.UpsertStockLevels ?? 0})`,
			throughput: `${Math.round(rows / (wall / 1000)).toLocaleString('en')} rows/s`,
			peakRss: peak,
			baseRss,
			notes: `${rows.toLocaleString('en')} rows; ${Math.ceil(rows / 1000)} writes needed`,
		};

		// Delta: the trigger records a snapshot, 1% of SKUs change, the next check pushes only those.
		let check = await runPolled(fixture, workflow, 'Linnworks Stock Changes', {});
		const { state } = fixture.sandboxes.linnworks;
		const warehouse = state.findLocation('Oxford Street')!.StockLocationId;
		const changed = Math.max(1, Math.round(skus / 100));
		for (let index = 0; index < changed; index++) state.setLevel(state.findItem(sku(index * 100))!, warehouse, 1000 + index);
		fixture.sandboxes.linnworks.calls.length = 0;
		fixture.sandboxes.cloudshelf.calls.length = 0;
		const deltaSampler = new RssSampler();
		const deltaStarted = Date.now();
		check = await runPolled(fixture, workflow, 'Linnworks Stock Changes', check.staticData);
		const deltaWall = Date.now() - deltaStarted;
		const deltaPeak = deltaSampler.stop();
		if (check.items.length !== changed) throw new Error(`delta emitted ${check.items.length}, expected ${changed}`);
		const writes = callsByOperation(fixture.sandboxes.cloudshelf).UpsertStockLevels ?? 0;
		const delta: Row = {
			scenario: `Stock push, delta (1% = ${changed.toLocaleString('en')} changed) at ${skus.toLocaleString('en')} SKUs`,
			wall: deltaWall,
			bound,
			calls: `Cloudshelf writes ${writes} (target ≤ ${Math.ceil(changed / 1000)}); Linnworks reads ${fixture.sandboxes.linnworks.calls.length}`,
			throughput: `${Math.round(changed / (deltaWall / 1000)).toLocaleString('en')} changes/s`,
			peakRss: deltaPeak,
			notes: 'Linnworks has no "changed since" stock read: every check reads all levels',
		};
		return [full, delta];
	} finally {
		await fixture.close();
	}
}

async function orderInjection(orders: number): Promise<Row> {
	const fixture = await startRetail();
	fixture.sandboxes.linnworks.setFaults({ rateLimitScale: SCALE, latencyMs: SANDBOX_LATENCY_MS });
	fixture.sandboxes.cloudshelf.setFaults({ rateLimitScale: SCALE, latencyMs: SANDBOX_LATENCY_MS });
	const skus = ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE', 'HOODIE-GREY-L'];
	const prices: Record<string, number> = { 'TEE-RED-M': 19.99, 'TEE-RED-L': 19.99, 'CAP-BLUE': 14.99, 'HOODIE-GREY-L': 48.99 };
	for (let index = 0; index < orders; index++) {
		const line = skus[index % skus.length];
		fixture.sandboxes.cloudshelf.state.seedOrder({
			location: index % 2 ? 'Oxford Street' : 'Manchester Arndale',
			createdAt: new Date(Date.now() - (orders - index) * 1000).toISOString(),
			lines: [{ variant: line, quantity: 1, price: prices[line] }],
		});
	}
	try {
		const workflow = fixture.workflow('order-injection-cloudshelf-to-linnworks');
		const sampler = new RssSampler();
		const started = Date.now();
		const result = await runScheduled(fixture, workflow, 'Every 5 Minutes');
		const wall = Date.now() - started;
		const peak = sampler.stop();
		if (result.status !== 'success') throw new Error(`order injection failed: ${result.error?.message}`);
		const created = fixture.sandboxes.linnworks.state.snapshot().orders;
		const duplicates = created.length - new Set(created.map((order) => order.reference)).size;
		const linnworks = callsByOperation(fixture.sandboxes.linnworks);
		const creates = Math.ceil(orders / LIMITS.ordersPerCreate);
		const bound = leastTime(creates, perMinute('Orders/CreateOrders'));
		return {
			scenario: `Order injection: ${orders.toLocaleString('en')} kiosk orders`,
			wall,
			bound,
			calls: `Linnworks ${fixture.sandboxes.linnworks.calls.length} (CreateOrders ${linnworks['Orders/CreateOrders'] ?? 0}, lookups by reference ${linnworks['Orders/GetOrderDetailsByReferenceId'] ?? 0}), Cloudshelf ${fixture.sandboxes.cloudshelf.calls.length}`,
			throughput: `${Math.round(orders / (wall / 1000)).toLocaleString('en')} orders/s`,
			peakRss: peak,
			notes: `${created.length} created, **${duplicates} duplicates**; bound = CreateOrders calls only`,
		};
	} finally {
		await fixture.close();
	}
}

async function liveStockCheck(checks: number): Promise<Row> {
	const fixture = await startRetail();
	fixture.sandboxes.linnworks.setFaults({ rateLimitScale: 1000, latencyMs: SANDBOX_LATENCY_MS });
	try {
		const workflow = fixture.workflow('live-stock-check-cloudshelf-linnworks');
		const latencies: number[] = [];
		const sampler = new RssSampler();
		const started = Date.now();
		for (let index = 0; index < checks; index++) {
			const sku = ['TEE-RED-M', 'CAP-BLUE', 'UNKNOWN-SKU'][index % 3];
			const begin = performance.now();
			const result = await fixture.runner.run(workflow, {
				startNode: 'Cloudshelf Stock Request',
				startItems: [{ json: { headers: { authorization: 'Bearer live-stock-token-for-tests' }, query: { variant: `gid://external/RetailSyncVariant/${sku}` }, params: {}, body: {} } as IDataObject }],
				mode: 'webhook',
			});
			latencies.push(performance.now() - begin);
			if ((result.responses[0] as { statusCode?: number })?.statusCode !== 200) throw new Error('stock check did not answer 200');
		}
		const wall = Date.now() - started;
		const peak = sampler.stop();
		latencies.sort((a, b) => a - b);
		const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))].toFixed(1);
		return {
			scenario: `Live stock check: ${checks.toLocaleString('en')} callbacks`,
			wall,
			bound: 0,
			calls: `Linnworks ${fixture.sandboxes.linnworks.calls.length} (3 per callback, session reused)`,
			throughput: `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`,
			peakRss: peak,
			notes: `sandbox latency ${SANDBOX_LATENCY_MS} ms per call; unscaled limits lifted so pacing does not dominate`,
		};
	} finally {
		await fixture.close();
	}
}

/**
 * What a user builds without this package: core nodes only. Reads stock from Linnworks with the
 * HTTP Request node (its pagination option), then one HTTP Request per row to Cloudshelf
 * (its batching option: 50 items per batch, no interval).
 */
function perItemWorkflow(fixture: RetailFixture, token: string): WorkflowJson {
	const node = (name: string, type: string, typeVersion: number, parameters: IDataObject, x: number): INode =>
		({ id: name, name, type, typeVersion, position: [x, 0], parameters }) as INode;
	const linnworks = fixture.sandboxes.linnworks.baseUrl;
	const cloudshelf = `${fixture.sandboxes.cloudshelf.baseUrl}/graphql`;
	const locationIds = Object.fromEntries(fixture.sandboxes.linnworks.state.locations.map((location) => [location.StockLocationId, location.LocationName]));
	return {
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
			node('Linnworks Stock Pages', 'n8n-nodes-base.httpRequest', 4.2, {
				method: 'POST',
				url: `${linnworks}/eu-ext/api/Stock/GetStockItemsFull`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: token }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ keyword: "", entriesPerPage: 200, pageNumber: $pageCount + 1, dataRequirements: ["StockLevels"], searchTypes: ["SKU"] }) }}',
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: { parameters: [{ type: 'body', name: 'pageNumber', value: '={{ $pageCount + 1 }}' }] },
							paginationCompleteWhen: 'other',
							completeExpression: '={{ $response.statusCode === 400 || $response.body.length < 200 }}',
							limitPagesFetched: false,
							requestInterval: Math.ceil(60_000 / perMinute('Stock/GetStockItemsFull')),
						},
					},
					response: { response: { neverError: true } },
				},
			}, 200),
			node('Rows', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'StockLevels', include: 'selectedOtherFields', fieldsToInclude: 'ItemNumber', options: {} }, 400),
			node('Cloudshelf Per Row', 'n8n-nodes-base.httpRequest', 4.2, {
				method: 'POST',
				url: cloudshelf,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `token ${SANDBOX_API_KEY}` }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: `={{ JSON.stringify({ query: "mutation($input: [StockLevelInput!]!) { upsertStockLevels(input: $input) { userErrors { code message } } }", variables: { input: [{ locationId: "gid://external/RetailSyncLocation/" + (${JSON.stringify(CLOUDSHELF_KEYS)})[(${JSON.stringify(locationIds)})[$json.StockLevels.Location.StockLocationId]], productVariantId: "gid://external/RetailSyncVariant/" + $json.ItemNumber, quantity: Math.max(0, $json.StockLevels.Available - 1) }] } }) }}`,
				options: { batching: { batch: { batchSize: 50, batchInterval: 0 } } },
			}, 600),
		],
		connections: {
			Start: { main: [[{ node: 'Linnworks Stock Pages', type: 'main', index: 0 }]] },
			'Linnworks Stock Pages': { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Cloudshelf Per Row', type: 'main', index: 0 }]] },
		},
	};
}

async function perItemAlternative(skus: number): Promise<Row> {
	const fixture = await catalogue(skus);
	try {
		// Log in once by hand, as a user of the HTTP Request node would (header value pasted in).
		const session = (await (await fetch(`${fixture.sandboxes.linnworks.baseUrl}/api/Auth/AuthorizeByApplication`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ ApplicationId: SANDBOX_APP.applicationId, ApplicationSecret: SANDBOX_APP.applicationSecret, Token: SANDBOX_APP.installationToken }),
		})).json()) as { Token: string };
		fixture.sandboxes.linnworks.calls.length = 0;
		fixture.sandboxes.linnworks.state.locations = fixture.sandboxes.linnworks.state.locations.filter((location) => location.LocationName !== 'Default');
		const sampler = new RssSampler();
		const started = Date.now();
		const result = await fixture.runner.run(perItemWorkflow(fixture, session.Token));
		const wall = Date.now() - started;
		const peak = sampler.stop();
		if (result.status !== 'success') throw new Error(`per-item flow failed: ${result.error?.message}`);
		const written = fixture.sandboxes.cloudshelf.state.stock.size;
		return {
			scenario: `Per-item alternative (core nodes only): ${skus.toLocaleString('en')} SKUs × 3 locations`,
			wall,
			bound: 0,
			calls: `Linnworks ${fixture.sandboxes.linnworks.calls.length}, Cloudshelf ${fixture.sandboxes.cloudshelf.calls.length}`,
			throughput: `${Math.round(written / (wall / 1000)).toLocaleString('en')} rows/s`,
			peakRss: peak,
			notes: `${written.toLocaleString('en')} rows written; no retries, no error routing, session token pasted by hand`,
		};
	} finally {
		await fixture.close();
	}
}

async function main(): Promise<void> {
	const rows: Row[] = [];
	const log = (row: Row) => {
		rows.push(row);
		console.log(`${row.scenario}: ${seconds(row.wall)} (bound ${seconds(row.bound)}), ${row.calls}, ${row.throughput}, peak RSS ${mib(row.peakRss)}${row.baseRss ? ` (before ${mib(row.baseRss)})` : ''}`);
	};
	for (const count of SKU_COUNTS) for (const row of await stockPush(count)) log(row);
	const alternativeSkus = Math.min(...SKU_COUNTS);
	log(await perItemAlternative(alternativeSkus));
	log(await orderInjection(ORDER_COUNT));
	log(await liveStockCheck(CHECK_COUNT));

	const ours = rows.find((row) => row.scenario.startsWith(`Stock push, full: ${alternativeSkus.toLocaleString('en')}`))!;
	const alternative = rows.find((row) => row.scenario.startsWith('Per-item'))!;
	const count = (text: string) => [...text.matchAll(/(?:Linnworks|Cloudshelf) (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
	const table = rows
		.map((row) => `| ${row.scenario} | ${seconds(row.wall)} | ${row.bound ? seconds(row.bound) : '–'} | ${row.bound ? (row.wall / row.bound).toFixed(2) : '–'} | ${row.calls} | ${row.throughput} | ${mib(row.peakRss)}${row.baseRss ? ` (${mib(row.baseRss)} before the run)` : ''} | ${row.notes} |`)
		.join('\n');
	const report = `# Benchmarks

Command: \`npm run bench -- ${args.join(' ') || '(defaults)'}\` (scale ${SCALE}: every published rate limit × ${SCALE}, in the sandboxes and in the connector's pacing; sandbox latency ${SANDBOX_LATENCY_MS} ms per call).
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} RAM, Node ${process.version}. Date: ${new Date().toISOString()}.

| Scenario | Wall time | Rate-limit bound | Ratio | API calls | Throughput | Peak RSS | Notes |
| --- | --- | --- | --- | --- | --- | --- | --- |
${table}

Template vs the per-item alternative at ${alternativeSkus.toLocaleString('en')} SKUs: **${(count(alternative.calls) / Math.max(1, count(ours.calls))).toFixed(0)}× fewer API calls** (${count(ours.calls)} vs ${count(alternative.calls)}), wall time ${seconds(ours.wall)} vs ${seconds(alternative.wall)} (${(alternative.wall / ours.wall).toFixed(1)}×).
`;
	writeFileSync(join(__dirname, 'REPORT.md'), report);
	console.log('\nWrote bench/REPORT.md');
	process.exit(0);
}

void main().catch((error) => {
	console.error(error);
	process.exit(1);
});
