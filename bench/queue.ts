/**
 * `npm run bench:queue [-- --orders 5000 --arrival 180 --checks 400 --drain 600]`
 *
 * The package in n8n's queue mode under load and faults (issue #15): PostgreSQL, Redis, one main,
 * two workers and a webhook processor (scripts/n8n/queue/stack.ts, as `npm run start:queue`), every
 * template provisioned for the sandbox retailer and activated. Over `--arrival` seconds, `--orders`
 * orders arrive spread over the order injections of every pair: kiosk orders for Cloudshelf →
 * Linnworks, → Centra, → commercetools and → Stokly (each pair its own Cloudshelf sandbox, so every
 * kiosk order has one target), and Shopify web orders delivered to the Shopify Trigger by webhook.
 * At the same time: live stock checks called concurrently through the webhook processor, Linnworks
 * dispatches and Centra shipments written back by the fulfilment flows (Centra's by webhook),
 * Linnworks stock changes pushed by the stock flows, and every other poller active. The sandboxes
 * answer 10% of API calls with a 500, send bursts of 429s and expire sessions and tokens; one
 * worker is SIGKILLed and Redis is restarted once. Then faults stop and the flows catch up.
 *
 * Reported (bench/REPORT.md, between the queue-results markers): per target orders sent, injected,
 * duplicates, lost, exceptions; stock updates sent and landed; fulfilments written back; wall time,
 * executions per second and where the time went (n8n's own execution table); what the killed
 * worker's executions became and how long until the next run had done their work. Never in CI.
 */
import { execSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { ROOT, ensureN8n } from '../scripts/n8n/install';
import { DEMO_OWNER } from '../scripts/n8n/instance';
import {
	STOCK_CHECK_TOKEN,
	provision,
	sandboxClients,
	withLocalFields,
} from '../scripts/n8n/provision';
import { QueueStack } from '../scripts/n8n/queue/stack';
import { PLATFORM_NAMES, sandboxAddresses, startSandbox, startSandboxes } from '../sandbox/index';
import type { CloudshelfSandbox } from '../sandbox/cloudshelf/server';
import { sandboxCredentials } from '../sandbox/registry';
import { shopifyWebOrder } from '../test/harness/shopify';
import {
	cloudshelfStock,
	expectedCloudshelfStock,
	loadTemplate,
	paidKioskOrder,
	seedCentraRetail,
	seedCloudshelfRetail,
	seedCommercetoolsRetail,
	seedRetail,
	seedShopifyRetail,
	seedStoklyRetail,
} from '../test/harness/templates';
import type { ClientConfig } from '../tools/agency/client-config';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? Number(args[index + 1]) : fallback;
};
const ORDERS = option('orders', 5000);
const ARRIVAL_S = option('arrival', 180);
const LIVE_CHECKS = option('checks', 400);
const DRAIN_S = option('drain', 600);
/** Faults: share of API calls answered 500, a burst of 429s and a session/token expiry this often. */
const ERROR_RATE = 0.1;
const BURST_EVERY_S = 20;
const BURST_SIZE = 5;
const EXPIRY_EVERY_S = 45;
const KILL_AT_S = Math.round(ARRIVAL_S / 3);
const REDIS_RESTART_AT_S = Math.round((ARRIVAL_S * 2) / 3);
/** Order injection schedules in the run (shipped: every 5 minutes), and every poller's cadence. */
const INJECTION_EVERY_S = 15;
/**
 * Waits before Shopify's 8 retries of a webhook not answered 2xx within 5 s: Shopify spreads them
 * over 4 hours (INFERRED), compressed here to 9 minutes.
 */
const SHOPIFY_RETRY_DELAYS_S = [5, 10, 20, 40, 60, 90, 120, 180];
/** The Shopify order injection's catch-up read (shipped: every 15 minutes). */
const CATCH_UP_EVERY_S = 30;

const STATE = join(ROOT, '.artifacts', 'bench-queue');
const REPORT = join(ROOT, 'bench', 'REPORT.md');
const CS_TARGETS = ['linnworks', 'centra', 'commercetools', 'stokly'] as const;
type CsTarget = (typeof CS_TARGETS)[number];
type Target = CsTarget | 'shopify';
const TARGETS: Target[] = [...CS_TARGETS, 'shopify'];
const LABEL: Record<Target, string> = {
	linnworks: 'Cloudshelf → Linnworks',
	centra: 'Cloudshelf → Centra',
	commercetools: 'Cloudshelf → commercetools',
	stokly: 'Cloudshelf → Stokly',
	shopify: 'Shopify → Linnworks',
};

const began = Date.now();
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const say = (line: string) => console.log(`[${seconds(Date.now() - began)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const format = (value: number) => value.toLocaleString('en-GB');

async function main(): Promise<void> {
	ensureN8n(say);
	rmSync(STATE, { recursive: true, force: true });

	// ---- sandboxes: the retailer in every platform; Shopify retries unanswered webhooks ----
	const sandboxes = await startSandboxes({
		options: {
			shopify: { deliveryRetryDelaysMs: SHOPIFY_RETRY_DELAYS_S.map((delay) => delay * 1000) },
		},
	});
	seedRetail(sandboxes);
	// Thousands of orders must not run Centra out of stock (it refuses those with code −2).
	seedCentraRetail(sandboxes, 1_000_000);
	seedCommercetoolsRetail(sandboxes);
	seedStoklyRetail(sandboxes);
	seedShopifyRetail(sandboxes);
	const cloudshelfOf: Record<CsTarget, CloudshelfSandbox> = {
		linnworks: sandboxes.cloudshelf,
		centra: await startSandbox('cloudshelf'),
		commercetools: await startSandbox('cloudshelf'),
		stokly: await startSandbox('cloudshelf'),
	};
	for (const target of ['centra', 'commercetools', 'stokly'] as const)
		seedCloudshelfRetail({ cloudshelf: cloudshelfOf[target] });
	const apis = [
		...PLATFORM_NAMES.map((name) => sandboxes[name]),
		cloudshelfOf.centra,
		cloudshelfOf.commercetools,
		cloudshelfOf.stokly,
	];

	// ---- queue mode ----
	const stack = new QueueStack({
		stateDir: STATE,
		portBase: 5720,
		workers: 2,
		webhookProcessor: true,
		httpsProxy: {
			url: sandboxes.shopify.proxyUrl,
			caFile: sandboxes.shopify.writeCaFile(join(STATE, 'shopify-sandbox-ca.pem')),
		},
		say,
		supervisorEcho: say,
	});
	const cleanUp = async () => {
		await stack.stop();
		await Promise.all([
			sandboxes.close(),
			...Object.values(cloudshelfOf)
				.filter((sandbox) => sandbox !== sandboxes.cloudshelf)
				.map((sandbox) => sandbox.close()),
		]);
	};
	process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));
	try {
		await stack.start();
		const addresses = sandboxAddresses(sandboxes);
		// Each Cloudshelf ⇄ X pair reads its own Cloudshelf: a credential per extra sandbox.
		const configs = sandboxClients(addresses, 'Bench Retailer').map(
			(config: ClientConfig, index) => {
				const target = CS_TARGETS[index];
				if (!target || target === 'linnworks') return config;
				return {
					...config,
					cloudshelf: {
						...(config.cloudshelf as object),
						credential: `Cloudshelf (${target} pair)`,
					},
				};
			},
		);
		// The extra Cloudshelf credentials exist before the import binds the templates to them by name.
		await stack.main.signIn(DEMO_OWNER);
		const pairCredential: Partial<Record<CsTarget, { id: string; name: string }>> = {};
		for (const target of ['centra', 'commercetools', 'stokly'] as const) {
			const [credential] = sandboxCredentials({ cloudshelf: cloudshelfOf[target].baseUrl });
			const name = `Cloudshelf (${target} pair)`;
			pairCredential[target] = {
				name,
				id: await stack.main.ensureCredential(
					name,
					credential.type,
					withLocalFields(credential.type, credential.data),
				),
			};
		}
		await provision(stack.main, addresses, { workDirectory: join(STATE, 'provision'), configs });
		// n8n's import binds a credential named alone to any credential of its type: each pair's
		// workflows are pointed at their own Cloudshelf by id.
		const cloudshelfCredentials = await stack.main.rest<
			Array<{ id: string; name: string; type: string }>
		>('GET', '/credentials');
		pairCredential.linnworks = cloudshelfCredentials.find(
			(credential) => credential.type === 'cloudshelfApi' && !credential.name.includes(' pair)'),
		)!;
		for (const workflow of await stack.main.workflows()) {
			const target =
				CS_TARGETS.find(
					(candidate) =>
						candidate !== 'linnworks' && new RegExp(candidate, 'i').test(workflow.name),
				) ?? 'linnworks';
			if (/Shopify/.test(workflow.name) && target === 'linnworks') continue;
			await stack.main.bindCredential(workflow.id, 'cloudshelfApi', pairCredential[target]!);
		}
		const workflows = await stack.main.workflows();
		const workflowId = (prefix: string) =>
			workflows.find((workflow) => workflow.name.startsWith(prefix))!.id;

		// ---- cadences for a run of minutes, then everything active ----
		for (const target of CS_TARGETS)
			await stack.main.setNodeParameters(
				workflowId(`Order injection: ${LABEL[target]}`),
				'Every 5 Minutes',
				{ rule: { interval: [{ field: 'seconds', secondsInterval: INJECTION_EVERY_S }] } },
			);
		await stack.main.setNodeParameters(
			workflowId('Order injection: Shopify → Linnworks'),
			'Every 15 Minutes: Catch Up',
			{ rule: { interval: [{ field: 'seconds', secondsInterval: CATCH_UP_EVERY_S }] } },
		);
		const everyMinute = { pollTimes: { item: [{ mode: 'everyMinute' }] } };
		for (const [prefix, trigger] of [
			['Fulfilment writeback: Linnworks → Cloudshelf', 'Linnworks Order Dispatched'],
			['Fulfilment writeback: Linnworks → Shopify', 'Linnworks Order Dispatched'],
			['Stock push: Linnworks → Cloudshelf', 'Linnworks Stock Changes'],
			['Stock push: Linnworks → Shopify', 'Linnworks Stock Changes'],
		])
			await stack.main.setNodeParameters(workflowId(prefix), trigger, everyMinute);
		const activation: string[] = [];
		// The error workflow first: the others name it as theirs.
		for (const workflow of [...workflows].sort(
			(a, b) => Number(b.name.startsWith('Exceptions')) - Number(a.name.startsWith('Exceptions')),
		)) {
			try {
				await stack.main.activate(workflow.id);
			} catch (error) {
				activation.push(`${workflow.name}: ${(error as Error).message.slice(0, 200)}`);
			}
		}
		say(`${workflows.length - activation.length} of ${workflows.length} workflows active`);
		const centraTrigger = loadTemplate('fulfilment-writeback-centra-to-cloudshelf').nodes.find(
			(node) => node.name === 'Centra Shipment Completed',
		) as unknown as { webhookId: string };
		sandboxes.centra.webhooks.configure({
			url: `${stack.webhookUrl}/webhook/${centraTrigger.webhookId}/centra`,
		});
		// The Shopify Trigger registers its webhook with the simulator on activation.
		await waitUntil(() => sandboxes.shopify.state.webhooks.size > 0, 60_000);

		// The nightly full push has run once, as in any deployment: Cloudshelf holds every level, and
		// from here on the stock flows push what changes.
		for (const prefix of [
			'Stock push: Linnworks → Cloudshelf',
			'Stock push: Linnworks → Shopify',
		]) {
			const run = await stack.main.runFrom(workflowId(prefix), 'Nightly Full Push', 300_000);
			say(`${prefix}: the nightly full push ${run.status}`);
		}

		// ---- the run ----
		const runStart = Date.now();
		const runStartIso = new Date(runStart).toISOString();
		for (const api of apis) api.setFaults({ errorRate: ERROR_RATE });
		const sent: Record<Target, string[]> = {
			linnworks: [],
			centra: [],
			commercetools: [],
			stokly: [],
			shopify: [],
		};
		const timers: NodeJS.Timeout[] = [];
		const every = (ms: number, action: () => void) => timers.push(setInterval(action, ms));
		let burstTarget = 0;
		every(BURST_EVERY_S * 1000, () =>
			apis[burstTarget++ % apis.length].setFaults({ burst429: BURST_SIZE }),
		);
		let expiries = 0;
		every(EXPIRY_EVERY_S * 1000, () => {
			sandboxes.linnworks.expireSessions();
			sandboxes.stokly.state.expireTokens();
			sandboxes.commercetools.oauth.expireTokens();
			expiries++;
		});
		// Stock: a few Linnworks levels change every 15 s (sent), pushed by the stock flows (landed).
		let stockUpdates = 0;
		const skus = [...sandboxes.linnworks.state.items.values()].filter((item) => !item.components);
		const locations = sandboxes.linnworks.state.locations.filter(
			(location) => location.LocationName !== 'Default',
		);
		every(15_000, () => {
			for (let change = 0; change < 3; change++) {
				const item = skus[(stockUpdates + change) % skus.length];
				const location = locations[(stockUpdates * 7 + change) % locations.length];
				const level = sandboxes.linnworks.state.levelOf(item, location.StockLocationId);
				sandboxes.linnworks.state.setLevel(item, location.StockLocationId, level.StockLevel + 50);
			}
			stockUpdates += 3;
		});
		// Dispatch: every 10 s, a fifth of the injected, undispatched Linnworks and Centra orders.
		const dispatched = {
			cloudshelf: new Set<string>(),
			shopify: new Set<string>(),
			centra: new Set<number>(),
		};
		every(10_000, () => {
			const open = sandboxes.linnworks.state
				.snapshot()
				.orders.filter((order) => !order.processed && !order.cancelled);
			for (const order of open.filter((_, index) => index % 5 === 0)) {
				sandboxes.linnworks.state.dispatch(order.orderId, {
					vendor: 'Royal Mail',
					service: 'Tracked 48',
					trackingNumber: `RM-${order.numOrderId}`,
				});
				(order.source === 'SHOPIFY' ? dispatched.shopify : dispatched.cloudshelf).add(
					order.reference,
				);
			}
			const centraOrders = [...sandboxes.centra.state.orders.values()].filter(
				(order) => !dispatched.centra.has(order.number),
			);
			for (const order of centraOrders.filter((_, index) => index % 5 === 0)) {
				const result = sandboxes.centra.ship({
					order: order.number,
					complete: { carrier: 'DHL', service: 'Express', trackingNumber: `DHL-${order.number}` },
				});
				if (!result.userErrors.length) dispatched.centra.add(order.number);
			}
		});

		// Orders arrive: one tick a second, round-robin over the five injections.
		const arrivals = (async () => {
			const perTick = Math.ceil(ORDERS / ARRIVAL_S);
			let placed = 0;
			for (let tick = 0; placed < ORDERS; tick++) {
				const due = runStart + tick * 1000;
				if (due > Date.now()) await sleep(due - Date.now());
				for (let count = 0; count < perTick && placed < ORDERS; count++, placed++) {
					const target = TARGETS[placed % TARGETS.length];
					if (target === 'shopify') {
						const order = sandboxes.shopify.state.createOrder(
							shopifyWebOrder({ email: `bench-${placed}@example.com` }),
						);
						sent.shopify.push(String(order.id));
					} else {
						sent[target].push(cloudshelfOf[target].state.seedOrder(paidKioskOrder(placed)).id);
					}
				}
			}
		})();
		// Live stock checks: 8 callers at once through the webhook processor.
		const checks: Array<{ status: number | 'failed'; ms: number }> = [];
		const liveChecks = Promise.all(
			Array.from({ length: 8 }, async (_, lane) => {
				for (let index = lane; index < LIVE_CHECKS; index += 8) {
					const due = runStart + (index / LIVE_CHECKS) * ARRIVAL_S * 1000;
					if (due > Date.now()) await sleep(due - Date.now());
					// A caller that fell behind (slow answers) stops with the arrival window.
					else if (Date.now() > runStart + ARRIVAL_S * 1000) break;
					const started = Date.now();
					try {
						const response = await fetch(
							`${stack.webhookUrl}/webhook/cloudshelf/live-stock?variant=${encodeURIComponent('gid://external/RetailSyncVariant/TEE-RED-M')}`,
							{
								headers: { Authorization: `Bearer ${STOCK_CHECK_TOKEN}` },
								signal: AbortSignal.timeout(30_000),
							},
						);
						await response.arrayBuffer();
						checks.push({ status: response.status, ms: Date.now() - started });
					} catch {
						checks.push({ status: 'failed', ms: Date.now() - started });
					}
				}
			}),
		);
		// One worker SIGKILLed (the supervisor restarts it), then Redis restarted once.
		const chaos = (async () => {
			await sleep(runStart + KILL_AT_S * 1000 - Date.now());
			const worker = stack.workers[0];
			// Killed while it runs an order injection (else anything, up to 30 s later), so that an
			// execution holding orders is lost with it.
			const injections = new Set(
				workflows
					.filter((workflow) => workflow.name.startsWith('Order injection'))
					.map((workflow) => workflow.id),
			);
			let onWorker: Array<Record<string, unknown>> = [];
			for (let attempt = 0; attempt < 60; attempt++) {
				const running = await stack.query(
					`select id, "workflowId" from execution_entity where status = 'running'`,
				);
				onWorker = running.filter((row) => stack.workerOf(String(row.id)) === 1);
				if (onWorker.some((row) => injections.has(String(row.workflowId)))) break;
				if (onWorker.length && attempt >= 40) break;
				await sleep(500);
			}
			const killedAt = Date.now();
			process.kill(worker.pid!, 'SIGKILL');
			say(`SIGKILLed worker-1 with ${onWorker.length} execution(s) running on it`);
			await sleep(runStart + REDIS_RESTART_AT_S * 1000 - Date.now());
			const redisStoppedAt = Date.now();
			await stack.redis!.stop();
			say('Redis stopped; the supervisor restarts it');
			return {
				killedAt,
				killed: onWorker.map((row) => ({ id: String(row.id), workflowId: String(row.workflowId) })),
				redisStoppedAt,
			};
		})();
		const [, , chaosDone] = await Promise.all([arrivals, liveChecks, chaos]);
		const arrivedAt = Date.now();
		say(`all ${format(ORDERS)} orders placed; faults off, waiting for the flows to catch up`);
		for (const timer of timers) clearInterval(timer);
		for (const api of apis) api.clearFaults();

		// ---- drain: every order injected, every dispatch written back, stock in line ----
		const state = () => targetState(sent, sandboxes, cloudshelfOf);
		const fulfilments = () => fulfilmentState(dispatched, sandboxes, cloudshelfOf);
		const stockOff = () => stockMismatches(sandboxes);
		let lastProgress = 0;
		const caughtUpAfterS: Partial<Record<Target, number>> = {};
		const drained = await waitUntil(() => {
			const now = state();
			for (const target of TARGETS)
				if (now[target].lost === 0 && caughtUpAfterS[target] === undefined)
					caughtUpAfterS[target] = (Date.now() - arrivedAt) / 1000;
			const done =
				TARGETS.every((target) => now[target].lost === 0) &&
				fulfilments().missing === 0 &&
				stockOff().length === 0;
			if (!done && Date.now() - lastProgress > 20_000) {
				lastProgress = Date.now();
				say(
					`catching up: not yet injected ${TARGETS.map((target) => `${target} ${now[target].lost}`).join(', ')}; fulfilments missing ${fulfilments().missing}; stock levels off ${stockOff().length}`,
				);
			}
			return done;
		}, DRAIN_S * 1000);
		const drainedAt = Date.now();
		await sleep(5000);
		const finalState = state();
		const finalFulfilments = fulfilments();
		const finalStockOff = stockOff();

		// ---- what n8n did: its execution table ----
		const byWorkflow = await stack.query(`
			select w.name, count(*)::int as runs,
				count(*) filter (where e.status = 'success')::int as success,
				count(*) filter (where e.status = 'error')::int as error,
				count(*) filter (where e.status = 'crashed')::int as crashed,
				count(*) filter (where e.status not in ('success', 'error', 'crashed'))::int as other,
				round(avg(extract(epoch from e."stoppedAt" - e."startedAt"))::numeric, 2)::float as mean_s,
				round((percentile_cont(0.95) within group (order by extract(epoch from e."stoppedAt" - e."startedAt")))::numeric, 2)::float as p95_s,
				round(sum(extract(epoch from e."stoppedAt" - e."startedAt"))::numeric, 1)::float as total_s
			from execution_entity e join workflow_entity w on w.id = e."workflowId"
			where e."createdAt" >= '${runStartIso}'
			group by w.name order by total_s desc nulls last`);
		const killedRows = chaosDone.killed.length
			? await stack.query(
					`select id, status, "stoppedAt" from execution_entity where id in (${chaosDone.killed.map((row) => Number(row.id)).join(',')})`,
				)
			: [];
		const recovery = await Promise.all(
			chaosDone.killed.map(async ({ id, workflowId: killedWorkflow }) => {
				const [next] = await stack.query(
					`select id, "stoppedAt" from execution_entity where "workflowId" = '${killedWorkflow}'
					 and status = 'success' and "startedAt" > '${new Date(chaosDone.killedAt).toISOString()}'
					 order by "startedAt" limit 1`,
				);
				const row = killedRows.find((candidate) => String(candidate.id) === id);
				const name =
					workflows.find((workflow) => workflow.id === killedWorkflow)?.name ?? killedWorkflow;
				return {
					id,
					name,
					status: String(row?.status ?? 'unknown'),
					endedAfterS: row?.stoppedAt
						? (Date.parse(String(row.stoppedAt)) - chaosDone.killedAt) / 1000
						: undefined,
					nextSuccessAfterS: next
						? (Date.parse(String(next.stoppedAt)) - chaosDone.killedAt) / 1000
						: undefined,
				};
			}),
		);
		const rss = residentMemoryMiB(stack.pids);
		const result = {
			finalState,
			finalFulfilments,
			finalStockOff,
			stockUpdates,
			expiries,
			checks,
			byWorkflow,
			recovery,
			drained,
			caughtUpAfterS,
			runMs: arrivedAt - runStart,
			drainMs: drainedAt - arrivedAt,
			restarts: stack.supervisor.lines.filter((line) => line.includes('exited')),
			redisDownS: redisDowntime(stack.supervisor.lines, chaosDone.redisStoppedAt),
			alerts: sandboxes.alerts.alerts.length,
			exceptions: exceptionReasons(sandboxes.alerts.alerts.map((alert) => alert.body)),
			activation,
			rss,
			webhooks: webhookOutcomes(sandboxes.shopify.deliveries),
			calls: apis.map((api) => ({
				name: api.name,
				total: api.calls.length,
				faults: api.calls.filter((call) => call.status >= 500 || call.status === 429).length,
			})),
		};
		writeFileSync(join(STATE, 'result.json'), JSON.stringify(result, null, '\t'));
		writeReport(result);
		say(`report written to ${REPORT}`);
	} finally {
		await cleanUp();
	}
}

interface TargetCounts {
	sent: number;
	injected: number;
	duplicates: number;
	lost: number;
	/** Kiosk orders marked in Cloudshelf with their target's number (Cloudshelf pairs). */
	marked?: number;
	/** Orders made twice by overlapping runs and removed by the node (Stokly): not counted as duplicates. */
	removed?: number;
}

/** Per target: of the orders sent, how many are there once, more than once, or not at all. */
function targetState(
	sent: Record<Target, string[]>,
	sandboxes: Awaited<ReturnType<typeof startSandboxes>>,
	cloudshelfOf: Record<CsTarget, CloudshelfSandbox>,
): Record<Target, TargetCounts> {
	const countBy = (references: string[]) => {
		const counts = new Map<string, number>();
		for (const reference of references) counts.set(reference, (counts.get(reference) ?? 0) + 1);
		return counts;
	};
	const linnworksOrders = sandboxes.linnworks.state.snapshot().orders;
	const stoklyOrders = sandboxes.stokly.state.saleOrders({ includeHeld: true });
	const filed: Record<Target, Map<string, number>> = {
		linnworks: countBy(
			linnworksOrders
				.filter((order) => order.source === 'CLOUDSHELF')
				.map((order) => order.reference),
		),
		shopify: countBy(
			linnworksOrders.filter((order) => order.source === 'SHOPIFY').map((order) => order.reference),
		),
		centra: countBy(
			[...sandboxes.centra.state.orders.values()].flatMap(
				(order) => /External reference: (\S+)/.exec(order.internalComment ?? '')?.[1] ?? [],
			),
		),
		commercetools: countBy(
			sandboxes.commercetools.state.orders().map((order) => order.orderNumber ?? ''),
		),
		// Live sale orders: one an overlapping run made and the node removed again is not an order.
		stokly: countBy(
			stoklyOrders
				.filter((saleOrder) => saleOrder.stage !== 'removed')
				.map((saleOrder) => saleOrder.sourceReferenceId ?? ''),
		),
	};
	const sentToStokly = new Set(sent.stokly);
	return Object.fromEntries(
		TARGETS.map((target) => {
			const counts = filed[target];
			const references = sent[target];
			const injected = references.filter((reference) => counts.has(reference)).length;
			const duplicates = references.reduce(
				(sum, reference) => sum + Math.max(0, (counts.get(reference) ?? 0) - 1),
				0,
			);
			const marked =
				target === 'shopify'
					? undefined
					: references.filter(
							(reference) => cloudshelfOf[target].state.orders.get(reference)?.thirdPartyId,
						).length;
			return [
				target,
				{
					sent: references.length,
					injected,
					duplicates,
					lost: references.length - injected,
					marked,
					...(target === 'stokly'
						? {
								removed: stoklyOrders.filter(
									(saleOrder) =>
										saleOrder.stage === 'removed' &&
										sentToStokly.has(saleOrder.sourceReferenceId ?? ''),
								).length,
							}
						: {}),
				},
			];
		}),
	) as Record<Target, TargetCounts>;
}

/** Dispatches made and how many reached their channel (tracking on the kiosk order, a Shopify fulfillment). */
function fulfilmentState(
	dispatched: { cloudshelf: Set<string>; shopify: Set<string>; centra: Set<number> },
	sandboxes: Awaited<ReturnType<typeof startSandboxes>>,
	cloudshelfOf: Record<CsTarget, CloudshelfSandbox>,
) {
	/** The kiosk order carries the tracking number the dispatch was made with. */
	const tracked = (cloudshelf: CloudshelfSandbox, reference: string, tracking: string) =>
		cloudshelf.state.orders
			.get(reference)
			?.lines.some((line) =>
				line.customAttributes.some(
					(attribute) => attribute.key === 'tracking_number' && attribute.value === tracking,
				),
			) ?? false;
	// Dispatches were made with tracking RM-<Linnworks order number>, shipments DHL-<Centra number>.
	const cloudshelfWritten = [...dispatched.cloudshelf].filter((reference) =>
		tracked(
			cloudshelfOf.linnworks,
			reference,
			`RM-${cloudshelfOf.linnworks.state.orders.get(reference)?.thirdPartyId}`,
		),
	).length;
	const shopifyFulfilments = (reference: string) =>
		sandboxes.shopify.state.fulfillments.filter(
			(fulfilment) => String(fulfilment.order_id) === reference,
		).length;
	const shopifyWritten = [...dispatched.shopify].filter(
		(reference) => shopifyFulfilments(reference) > 0,
	).length;
	const shopifyDuplicates = [...dispatched.shopify].reduce(
		(sum, reference) => sum + Math.max(0, shopifyFulfilments(reference) - 1),
		0,
	);
	const centraReference = (number: number) =>
		/External reference: (\S+)/.exec(
			sandboxes.centra.state.orders.get(number)?.internalComment ?? '',
		)?.[1];
	const centraWritten = [...dispatched.centra].filter((number) => {
		const reference = centraReference(number);
		return reference !== undefined && tracked(cloudshelfOf.centra, reference, `DHL-${number}`);
	}).length;
	return {
		linnworksToCloudshelf: { dispatched: dispatched.cloudshelf.size, written: cloudshelfWritten },
		linnworksToShopify: {
			dispatched: dispatched.shopify.size,
			written: shopifyWritten,
			duplicates: shopifyDuplicates,
		},
		centraToCloudshelf: { dispatched: dispatched.centra.size, written: centraWritten },
		missing:
			dispatched.cloudshelf.size -
			cloudshelfWritten +
			dispatched.shopify.size -
			shopifyWritten +
			dispatched.centra.size -
			centraWritten,
	};
}

/** `SKU@location` where Cloudshelf (Linnworks pair) differs from Linnworks available less the buffer. */
function stockMismatches(sandboxes: Awaited<ReturnType<typeof startSandboxes>>): string[] {
	const expected = expectedCloudshelfStock(sandboxes);
	const actual = cloudshelfStock(sandboxes);
	return Object.entries(expected)
		.filter(([key, quantity]) => actual[key] !== quantity)
		.map(
			([key, quantity]) =>
				`${key}: Linnworks says ${quantity}, Cloudshelf shows ${actual[key] ?? 'nothing'}`,
		);
}

/** Shopify's webhook deliveries: answered 2xx (first try or a retry) or given up. */
function webhookOutcomes(
	deliveries: Array<{ webhookId: string; status: number | 'failed'; attempt: number }>,
) {
	const byWebhook = new Map<string, Array<number | 'failed'>>();
	for (const delivery of deliveries)
		byWebhook.set(delivery.webhookId, [
			...(byWebhook.get(delivery.webhookId) ?? []),
			delivery.status,
		]);
	const answered = (statuses: Array<number | 'failed'>) =>
		statuses.some((status) => typeof status === 'number' && status < 300);
	const all = [...byWebhook.values()];
	return {
		webhooks: all.length,
		firstTry: all.filter((statuses) => answered(statuses.slice(0, 1))).length,
		afterRetries: all.filter((statuses) => !answered(statuses.slice(0, 1)) && answered(statuses))
			.length,
		givenUp: all.filter((statuses) => !answered(statuses)).length,
		refusals: countValues(
			deliveries
				.filter((delivery) => !(typeof delivery.status === 'number' && delivery.status < 300))
				.map((delivery) => String(delivery.status)),
		),
	};
}

/** Seconds from Redis being stopped to the supervisor's "redis restarted" line. */
function redisDowntime(lines: string[], stoppedAt: number): number | undefined {
	const restarted = lines.find((line) => line.includes('redis restarted'));
	if (!restarted) return undefined;
	return (Date.parse(restarted.slice(0, 24)) - stoppedAt) / 1000;
}

function residentMemoryMiB(pids: number[]): number {
	// Each server leads its own process group: its task runner counts too.
	const output = execSync('ps -eo pgid=,rss=', { encoding: 'utf8' });
	let kib = 0;
	for (const line of output.trim().split('\n')) {
		const [pgid, rss] = line.trim().split(/\s+/).map(Number);
		if (pids.includes(pgid)) kib += rss;
	}
	return Math.round(kib / 1024);
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (done()) return true;
		await sleep(1000);
	}
	return done();
}

type Result = {
	finalState: Record<Target, TargetCounts>;
	finalFulfilments: ReturnType<typeof fulfilmentState>;
	finalStockOff: string[];
	stockUpdates: number;
	expiries: number;
	checks: Array<{ status: number | 'failed'; ms: number }>;
	byWorkflow: Array<Record<string, unknown>>;
	recovery: Array<{
		id: string;
		name: string;
		status: string;
		endedAfterS?: number;
		nextSuccessAfterS?: number;
	}>;
	drained: boolean;
	caughtUpAfterS: Partial<Record<Target, number>>;
	runMs: number;
	drainMs: number;
	restarts: string[];
	redisDownS?: number;
	alerts: number;
	exceptions: Record<string, number>;
	activation: string[];
	rss: number;
	webhooks: ReturnType<typeof webhookOutcomes>;
	calls: Array<{ name: string; total: number; faults: number }>;
};

function writeReport(result: Result): void {
	const rows = TARGETS.map((target) => {
		const counts = result.finalState[target];
		const after = result.caughtUpAfterS[target];
		return `| ${LABEL[target]} | ${format(counts.sent)} | ${format(counts.injected)} | **${counts.duplicates}** | **${counts.lost}** | ${counts.marked === undefined ? '–' : format(counts.marked)} | ${after === undefined ? 'not within the drain' : `${after.toFixed(0)} s`} |`;
	});
	const total = (field: 'sent' | 'injected' | 'duplicates' | 'lost') =>
		TARGETS.reduce((sum, target) => sum + result.finalState[target][field], 0);
	const executions = result.byWorkflow.reduce((sum, row) => sum + Number(row.runs), 0);
	const wallS = (result.runMs + result.drainMs) / 1000;
	const sortedMs = result.checks.map((check) => check.ms).sort((a, b) => a - b);
	const percentile = (p: number) =>
		sortedMs[Math.min(sortedMs.length - 1, Math.floor(p * sortedMs.length))] ?? 0;
	const checkStatuses = countValues(result.checks.map((check) => String(check.status)));
	const f = result.finalFulfilments;
	const lines = [
		'<!-- queue-results:start (written by npm run bench:queue) -->',
		`Command: \`npm run bench:queue -- --orders ${ORDERS} --arrival ${ARRIVAL_S} --checks ${LIVE_CHECKS} --drain ${DRAIN_S}\`. n8n 2.41.1 in queue mode: PostgreSQL 18.4, Redis, 1 main, 2 workers (concurrency 10 each, n8n's default), 1 webhook processor, all on this machine with the sandboxes.`,
		`Machine: ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(totalmem() / 2 ** 20)} MiB RAM, Node ${process.version}. Date: ${new Date().toISOString()}.`,
		`Faults while orders arrived: ${ERROR_RATE * 100}% of API calls answered 500 (every sandbox), a burst of ${BURST_SIZE} × 429 every ${BURST_EVERY_S} s (one sandbox in turn), Linnworks sessions and Stokly and commercetools tokens expired every ${EXPIRY_EVERY_S} s (${result.expiries} times), worker-1 SIGKILLed at ${KILL_AT_S} s, Redis stopped at ${REDIS_RESTART_AT_S} s (back after ${result.redisDownS?.toFixed(1) ?? '?'} s). Order injections every ${INJECTION_EVERY_S} s (shipped: 5 min), the Shopify catch-up every ${CATCH_UP_EVERY_S} s (shipped: 15 min), pollers every minute. Linnworks merges a second order under the same Source, SubSource and reference (VERIFIED; the sandbox does too), so its Duplicates column is 0 by Linnworks' own key; the other targets' are counted as they stand.`,
		'',
		'| Order injection | Orders sent | Injected | Duplicates | Lost | Marked in Cloudshelf | All in, after the last order arrived |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...rows,
		`| **All** | ${format(total('sent'))} | ${format(total('injected'))} | **${total('duplicates')}** | **${total('lost')}** | | |`,
		'',
		`- **Stokly**: ${result.finalState.stokly.removed ?? 0} sale order(s) made a second time by overlapping runs and removed again by the node (Remove Duplicates From Overlapping Runs: the first kept, the others set to stage removed and read back); the Duplicates column counts live sale orders.`,
		`- **Wall time** ${wallS.toFixed(1)} s: orders arrived over ${seconds(result.runMs)} s, every flow had caught up ${seconds(result.drainMs)} s after the last one${result.drained ? '' : ` (**not drained** within ${DRAIN_S} s)`}. ${format(executions)} executions, ${(executions / wallS).toFixed(1)} per second.`,
		`- **Exceptions**: ${Object.values(result.exceptions).reduce((sum, count) => sum + count, 0)} exception item(s) in ${result.alerts} alert(s)${
			Object.keys(result.exceptions).length
				? `: ${Object.entries(result.exceptions)
						.map(([reason, count]) => `${count} × ${reason}`)
						.join('; ')}`
				: ''
		}.`,
		`- **Stock**: ${result.stockUpdates} Linnworks level changes sent; at the end ${result.finalStockOff.length === 0 ? 'every' : `all but ${result.finalStockOff.length}`} Cloudshelf level equals Linnworks available less the buffer${result.finalStockOff.length ? ` (${result.finalStockOff.slice(0, 5).join('; ')})` : ''}.`,
		`- **Fulfilments written back**: Linnworks → Cloudshelf ${f.linnworksToCloudshelf.written} of ${f.linnworksToCloudshelf.dispatched} dispatches; Linnworks → Shopify ${f.linnworksToShopify.written} of ${f.linnworksToShopify.dispatched} (${f.linnworksToShopify.duplicates} duplicate fulfillments); Centra → Cloudshelf (webhook) ${f.centraToCloudshelf.written} of ${f.centraToCloudshelf.dispatched} shipments.`,
		`- **Shopify webhooks** (the simulator retries a delivery not answered 2xx within 5 s after ${SHOPIFY_RETRY_DELAYS_S.join(', ')} s): ${result.webhooks.webhooks} sent, ${result.webhooks.firstTry} answered at once, ${result.webhooks.afterRetries} after retries, ${result.webhooks.givenUp} given up${
			Object.keys(result.webhooks.refusals).length
				? ` (refused tries: ${Object.entries(result.webhooks.refusals)
						.map(([status, count]) => `${count} × ${status}`)
						.join(', ')})`
				: ''
		}.`,
		`- **Live stock checks** (8 callers at once, each waiting for its answer, through the webhook processor, while orders arrived): ${result.checks.length} of ${LIVE_CHECKS} calls made, ${Object.entries(
			checkStatuses,
		)
			.map(([status, count]) => `${count} × ${status}`)
			.join(', ')}; p50 ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms.`,
		`- **Killed worker**: ${result.recovery.length} execution(s) running on worker-1 when it was killed: ${result.recovery.map((row) => `#${row.id} ${row.name} → ${row.status}${row.endedAfterS !== undefined ? ` after ${row.endedAfterS.toFixed(1)} s` : ''}${row.name.startsWith('Live stock check') ? ' (a webhook call: its caller got an error or no answer, and asks again)' : `, and the next successful run of the same workflow ended ${row.nextSuccessAfterS !== undefined ? `${row.nextSuccessAfterS.toFixed(1)} s after the kill` : '(none)'}`}`).join('; ') || 'none'}.`,
		`- **Restarts** (supervisor): ${result.restarts.map((line) => line.replace(/^\S+ \[supervisor\] /, '')).join('; ') || 'none'}.`,
		`- **API calls** (with injected 5xx/429): ${result.calls.map((call) => `${call.name} ${format(call.total)} (${call.faults})`).join(', ')}.`,
		`- Resident memory of the n8n processes, task runners, PostgreSQL and Redis at the end: ${format(result.rss)} MiB.`,
		...(result.activation.length ? [`- Not activated: ${result.activation.join('; ')}.`] : []),
		'',
		"Where the time went (n8n's execution table, executions created during the run):",
		'',
		'| Workflow | Executions | success / error / crashed / other | Mean | p95 | Total |',
		'| --- | --- | --- | --- | --- | --- |',
		...result.byWorkflow.map(
			(row) =>
				`| ${String(row.name).replace(/ \(Bench Retailer\)$/, '')} | ${row.runs} | ${row.success} / ${row.error} / ${row.crashed} / ${row.other} | ${row.mean_s ?? '–'} s | ${row.p95_s ?? '–'} s | ${row.total_s ?? '–'} s |`,
		),
		'<!-- queue-results:end -->',
	];
	const report = readFileSync(REPORT, 'utf8');
	const block = lines.join('\n');
	const start = report.indexOf('<!-- queue-results:start');
	const end = report.indexOf('<!-- queue-results:end -->');
	writeFileSync(
		REPORT,
		start >= 0 && end > start
			? `${report.slice(0, start)}${block}${report.slice(end + '<!-- queue-results:end -->'.length)}`
			: `${report.trimEnd()}\n\n## Queue mode under load and faults (issue #15)\n\n${block}\n`,
	);
}

/** Exception items of every alert, by flow and reason (numbers and ids folded, so alike ones group). */
function exceptionReasons(bodies: unknown[]): Record<string, number> {
	const reasons = bodies.flatMap((body) => {
		const { exceptions = [], flow = '?' } = body as {
			exceptions?: Array<{ reason?: string; flow?: string }>;
			flow?: string;
		};
		return exceptions.map(
			(exception) =>
				`${exception.flow ?? flow}: ${String(exception.reason ?? '?')
					.replace(/gid:\/\/[^\s:]+/g, '<id>')
					.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/g, '<id>')
					.replace(/\d+/g, 'N')
					.slice(0, 240)}`,
		);
	});
	return countValues(reasons);
}

function countValues(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

void main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error.stack ?? error.message);
		process.exit(1);
	},
);
