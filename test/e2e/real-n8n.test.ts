/**
 * The package in a real n8n: the pinned release installed locally, this package installed as a
 * community package, the templates imported with `n8n import:workflow` and through the public API,
 * run against the sandboxes, and the editor opened in headless Chromium (Debian's package).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { ROOT, ensureN8n } from '../../scripts/n8n/install';
import { N8nInstance } from '../../scripts/n8n/instance';
import { STOCK_CHECK_TOKEN, provision } from '../../scripts/n8n/provision';
import { SANDBOX_WEBHOOK_SECRET, signatureHeader } from '../../sandbox/centra/server';
import { centraEventDate } from '../../sandbox/centra/webhooks';
import { sandboxAddresses } from '../../sandbox/index';
import {
	CLIENT_CATALOGUE,
	SHOPIFY_LOCATION_IDS,
	SHOPIFY_ONLY_SKU,
	SHOPIFY_SKUS,
	loadTemplate,
	startRetail,
	templateFiles,
	type RetailFixture,
} from '../harness/templates';
import { commercetoolsWorkflow } from '../harness/commercetools';
import { minutesAgo, waitFor } from '../harness/time';
import { linnworksOrderByReference } from '../harness/workflows';
import { describeAgencyDeploy } from './agency-deploy';
import { SCREENSHOTS, withEditor } from './editor';
import { describeSyncHealth } from './sync-health';

const WORK = join(ROOT, '.artifacts', 'e2e');

jest.setTimeout(15 * 60_000);

let fixture: RetailFixture;
let n8n: N8nInstance;
const ids: Record<string, string> = {};

beforeAll(async () => {
	ensureN8n((line) => process.stdout.write(`${line}\n`));
	fixture = await startRetail();
	rmSync(WORK, { recursive: true, force: true });
	mkdirSync(WORK, { recursive: true });
	n8n = new N8nInstance({
		userFolder: join(WORK, 'n8n'),
		port: 5690,
		brokerPort: 5691,
		httpsProxy: {
			url: fixture.sandboxes.shopify.proxyUrl,
			caFile: fixture.sandboxes.shopify.writeCaFile(join(WORK, 'shopify-sandbox-ca.pem')),
		},
	});
	n8n.installPackage();
	await n8n.start();
	await provision(n8n, sandboxAddresses(fixture.sandboxes), { workDirectory: WORK });
	for (const workflow of await n8n.workflows())
		ids[workflow.name.replace(/ \(Sandbox Retailer\)$/, '')] = workflow.id;
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await fixture?.close();
});

const id = (prefix: string) => Object.entries(ids).find(([name]) => name.startsWith(prefix))![1];

describe('real n8n', () => {
	it('runs without the MCP registry module, which calls api.n8n.io at start (N8N_DISABLED_MODULES)', async () => {
		const settings = await n8n.rest<{ activeModules: string[] }>('GET', '/settings');
		// The list is n8n's own: modules that are on by default are in it.
		expect(settings.activeModules).toContain('community-packages');
		expect(settings.activeModules).not.toContain('mcp-registry');
	});

	it('imported every template with n8n import:workflow, node types as shipped and credentials bound by name', async () => {
		expect(Object.keys(ids).sort()).toEqual([
			'Catalogue: Stokly → Cloudshelf',
			'Catalogue: commercetools → Cloudshelf',
			'Daily sync report: what ran, what is behind, what is open',
			'Exceptions and sync health: the queue every Retail Sync workflow reports to',
			'Fulfilment writeback: Centra → Cloudshelf',
			'Fulfilment writeback: Linnworks → Cloudshelf',
			'Fulfilment writeback: Linnworks → Shopify',
			'Fulfilment writeback: Stokly → Cloudshelf',
			'Fulfilment writeback: commercetools → Cloudshelf',
			'Live stock check: Cloudshelf → Linnworks',
			'Order cancellation: Shopify → Linnworks',
			'Order injection: Cloudshelf → Centra',
			'Order injection: Cloudshelf → Linnworks',
			'Order injection: Cloudshelf → Stokly',
			'Order injection: Cloudshelf → commercetools',
			'Order injection: Shopify → Linnworks',
			'Reconciliation report: Cloudshelf ⇄ Centra',
			'Reconciliation report: Cloudshelf ⇄ Linnworks',
			'Reconciliation report: Cloudshelf ⇄ commercetools',
			'Reconciliation report: Shopify ⇄ Linnworks',
			'Stock push: Linnworks → Cloudshelf',
			'Stock push: Linnworks → Shopify',
			'Stock push: Stokly → Cloudshelf',
			'Stock push: commercetools → Cloudshelf',
			'Store sales: Cloudshelf → Centra stock',
			'Store sales: Cloudshelf → commercetools inventory',
			'Takings reconciliation: Cloudshelf ⇄ Stokly',
		]);
		// The community package is loaded: n8n knows every node type of ours, so none renders as unknown.
		const known = await n8n.nodeTypes();
		const ours = [
			'n8n-nodes-retail-sync.centra',
			'n8n-nodes-retail-sync.centraEventsTrigger',
			'n8n-nodes-retail-sync.centraTrigger',
			'n8n-nodes-retail-sync.cloudshelf',
			'n8n-nodes-retail-sync.cloudshelfTrigger',
			'n8n-nodes-retail-sync.commercetools',
			'n8n-nodes-retail-sync.commercetoolsTrigger',
			'n8n-nodes-retail-sync.linnworks',
			'n8n-nodes-retail-sync.linnworksTrigger',
			'n8n-nodes-retail-sync.stokly',
			'n8n-nodes-retail-sync.stoklyTrigger',
		];
		expect(ours.filter((type) => !known.includes(type))).toEqual([]);
		const shippedTypes = (name: string) =>
			loadTemplate(
				templateFiles()
					.find((file) => loadTemplate(file.replace(/\.json$/, '')).name === name)!
					.replace(/\.json$/, ''),
			).nodes.map((node) => node.type);
		for (const [name, workflowId] of Object.entries(ids)) {
			const workflow = (await n8n.workflow(workflowId)) as unknown as {
				nodes: Array<{ type: string; credentials?: Record<string, { id?: string }> }>;
			};
			expect(workflow.nodes.map((node) => node.type).sort()).toEqual(shippedTypes(name).sort());
			for (const node of workflow.nodes) {
				expect(known).toContain(node.type);
				for (const reference of Object.values(node.credentials ?? {}))
					expect(reference.id).toEqual(expect.any(String));
			}
		}
	});

	it('runs order injection, stock push, fulfilment writeback and reconciliation to the expected end state', async () => {
		const { linnworks, cloudshelf, alerts } = fixture.sandboxes;
		const kiosk = [
			cloudshelf.state.seedOrder({
				location: 'Oxford Street',
				createdAt: minutesAgo(20),
				lines: [{ variant: 'TEE-RED-M', quantity: 2, price: 19.99 }],
			}),
			cloudshelf.state.seedOrder({
				location: 'Manchester Arndale',
				status: 'PAID',
				createdAt: minutesAgo(10),
				lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
			}),
		];

		expect(
			(await n8n.runFrom(id('Order injection: Cloudshelf → Linnworks'), 'Every 5 Minutes')).status,
		).toBe('success');
		const orders = linnworks.state.snapshot().orders;
		expect(orders.map((order) => order.reference).sort()).toEqual(
			kiosk.map((order) => order.id).sort(),
		);
		for (const order of kiosk)
			expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toBeTruthy();
		// Running again changes nothing.
		expect(
			(await n8n.runFrom(id('Order injection: Cloudshelf → Linnworks'), 'Every 5 Minutes')).status,
		).toBe('success');
		expect(linnworks.state.snapshot().orders).toHaveLength(2);

		expect(
			(await n8n.runFrom(id('Stock push: Linnworks → Cloudshelf'), 'Nightly Full Push')).status,
		).toBe('success');
		for (const row of linnworks.state
			.snapshot()
			.stock.filter((entry) => entry.location !== 'Default')) {
			expect({
				[`${row.sku}@${row.location}`]: cloudshelf.state.quantityOf(row.sku, row.location!),
			}).toEqual({
				[`${row.sku}@${row.location}`]: Math.max(0, row.available - 1),
			});
		}

		const shipped = linnworksOrderByReference(linnworks.state, kiosk[0].id);
		linnworks.state.dispatch(shipped.OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD-E2E-1',
		});
		expect(
			(
				await n8n.runFrom(
					id('Fulfilment writeback: Linnworks → Cloudshelf'),
					'Linnworks Order Dispatched',
				)
			).status,
		).toBe('success');
		expect(cloudshelf.state.orders.get(kiosk[0].id)!.lines[0].customAttributes).toEqual(
			expect.arrayContaining([{ key: 'tracking_number', value: 'DPD-E2E-1' }]),
		);

		const alertsBefore = alerts.alerts.length;
		expect(
			(await n8n.runFrom(id('Reconciliation report: Cloudshelf ⇄ Linnworks'), 'Every Morning'))
				.status,
		).toBe('success');
		expect(alerts.alerts).toHaveLength(alertsBefore + 1);
		const report = alerts.alerts.at(-1)!.body as IDataObject;
		expect(report).toMatchObject({
			count: 0,
			text: expect.stringMatching(/everything matches\.$/),
		});
	});

	it('runs the Cloudshelf ⇄ Centra templates: store sales, order injection, then the fulfilment webhook on its production URL (401 when forged) and the reconciliation report', async () => {
		const { centra, cloudshelf, alerts } = fixture.sandboxes;
		const free = (warehouse: string, sku: string) =>
			centra.state.stockOf(warehouse, sku).freeToAllocate;
		const before = {
			tee: free('Oxford Street', 'TEE-RED-M'),
			cap: free('Oxford Street', 'CAP-BLUE'),
		};
		// Two in-store sales, the newest kiosk orders (a manual check emits the newest): one paid, one
		// refunded before it was seen (its sale and return net to zero).
		const paid = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			status: 'PAID',
			fulfilmentMethod: 'in_store',
			lines: [{ variant: 'TEE-RED-M', quantity: 2, price: 19.99 }],
		});
		const refunded = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			status: 'REFUNDED',
			fulfilmentMethod: 'in_store',
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		/** Change keys of Centra's stock changes that name one of the two sales. */
		const saleKeys = () =>
			centra.state.stockChanges
				.flatMap((change) => (change.description ?? '').split('\n'))
				.filter((line) => line.includes(paid.id) || line.includes(refunded.id))
				.sort();
		for (let run = 0; run < 2; run++) {
			expect(
				(await n8n.runFrom(id('Store sales: Cloudshelf → Centra'), 'Store Sales')).status,
			).toBe('success');
			expect({
				tee: free('Oxford Street', 'TEE-RED-M'),
				cap: free('Oxford Street', 'CAP-BLUE'),
			}).toEqual({ tee: before.tee - 2, cap: before.cap });
			// The refunded sale was not dropped: its sale and its return each reached Centra once.
			expect(saleKeys()).toEqual(
				[
					`n8n-retail-sync:${paid.id}:sale`,
					`n8n-retail-sync:${refunded.id}:return`,
					`n8n-retail-sync:${refunded.id}:sale`,
				].sort(),
			);
		}

		const kiosk = cloudshelf.state.seedOrder({
			location: 'Manchester Arndale',
			createdAt: minutesAgo(15),
			lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
		});
		// Shipped later while Centra's plugin is off: the forged delivery below carries its shipment.
		const second = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(14),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		for (let run = 0; run < 2; run++)
			expect(
				(await n8n.runFrom(id('Order injection: Cloudshelf → Centra'), 'Every 5 Minutes')).status,
			).toBe('success');
		const number = Number(cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId);
		const order = centra.state.orders.get(number)!;
		expect(order.internalComment).toContain(`External reference: ${kiosk.id}`);
		expect(centra.state.markets.get(order.marketId!)!.name).toBe('UK Retail');
		expect(centra.state.pricelists.get(order.pricelistId!)!.name).toBe('GBP Retail');
		expect(centra.state.shippingOptions.get(order.shippingOptionId!)!.uri).toBe('standard');
		expect(
			[...centra.state.orders.values()].filter((candidate) =>
				candidate.internalComment?.includes(kiosk.id),
			),
		).toHaveLength(1);

		// Activated, the Centra Trigger listens on its production URL; Centra's plugin posts there.
		const workflowId = id('Fulfilment writeback: Centra');
		await n8n.activate(workflowId);
		const trigger = loadTemplate('fulfilment-writeback-centra-to-cloudshelf').nodes.find(
			(node) => node.name === 'Centra Shipment Completed',
		) as unknown as { webhookId: string };
		const url = `${n8n.baseUrl}/webhook/${trigger.webhookId}/centra`;
		const empty = new URLSearchParams({ payload: JSON.stringify({ events: [] }) }).toString();
		const post = async (signature: string, body = empty) =>
			await fetch(url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					'X-Centra-Signature': signature,
				},
				body,
			});
		const now = () => Math.floor(Date.now() / 1000);
		// Activation registers the production webhook in the background: wait until it is live.
		let answer = await post(signatureHeader(SANDBOX_WEBHOOK_SECRET, now(), empty));
		for (let attempt = 0; answer.status === 404 && attempt < 30; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			answer = await post(signatureHeader(SANDBOX_WEBHOOK_SECRET, now(), empty));
		}
		expect(answer.status).toBe(200);
		// Centra's plugin delivers every call three times (a sender retrying after lost answers):
		// n8n keeps the trigger's memory of delivered events in the workflow's static data, so the
		// shipment starts one execution, not three.
		const executionsBefore = (await n8n.settledExecutions(workflowId)).length;
		centra.webhooks.configure({ url, delaysMs: [200, 500, 1000], duplicate: 3 });
		centra.ship({
			order: number,
			complete: { carrier: 'DHL', service: 'Express', trackingNumber: 'DHL-E2E-1' },
		});
		await centra.webhooks.idle();
		expect(centra.webhooks.deliveries.length).toBeGreaterThanOrEqual(3);
		expect(new Set(centra.webhooks.deliveries.map((delivery) => delivery.copy))).toEqual(
			new Set([1, 2, 3]),
		);
		expect(centra.webhooks.deliveries.map((delivery) => delivery.status)).toEqual(
			centra.webhooks.deliveries.map(() => 200),
		);
		// The execution runs after the answer: wait for the tracking to arrive.
		const trackingOf = (kioskId: string) =>
			cloudshelf.state.orders
				.get(kioskId)!
				.lines[0].customAttributes.find((attribute) => attribute.key === 'tracking_number')?.value;
		const waitForTracking = async (kioskId: string) => {
			for (let attempt = 0; !trackingOf(kioskId) && attempt < 40; attempt++)
				await new Promise((resolve) => setTimeout(resolve, 250));
		};
		await waitForTracking(kiosk.id);
		expect(trackingOf(kiosk.id)).toBe('DHL-E2E-1');
		const afterDuplicates = await n8n.settledExecutions(workflowId);
		expect(afterDuplicates.length - executionsBefore).toBe(1);
		expect(afterDuplicates.map((execution) => execution.status)).not.toContain('error');

		// The plugin is switched off; the second order ships with NEW tracking. A delivery of its
		// shipment with a forged signature, or with a malformed one, is refused: 401, no execution,
		// nothing written.
		centra.webhooks.configure({ url: null, duplicate: 1 });
		const secondNumber = Number(cloudshelf.state.orders.get(second.id)!.thirdPartyId);
		centra.ship({ order: secondNumber, complete: { carrier: 'DHL', trackingNumber: 'DHL-E2E-2' } });
		const secondShipment = [...centra.state.shipments.values()].find(
			(candidate) => candidate.orderNumber === secondNumber,
		)!;
		const shipmentBody = new URLSearchParams({
			payload: JSON.stringify({
				events: [
					{ type: 'shipment', action: 'complete', date: centraEventDate(), id: secondShipment.id },
				],
			}),
		}).toString();
		expect(
			(await post(signatureHeader('forged-secret', now(), shipmentBody), shipmentBody)).status,
		).toBe(401);
		expect((await post('t=1,v1=00', shipmentBody)).status).toBe(401);
		expect((await n8n.settledExecutions(workflowId)).length).toBe(afterDuplicates.length);
		expect(trackingOf(second.id)).toBeUndefined();
		// The same delivery signed with the plugin's secret is written: the refusal was the signature.
		expect(
			(await post(signatureHeader(SANDBOX_WEBHOOK_SECRET, now(), shipmentBody), shipmentBody))
				.status,
		).toBe(200);
		await waitForTracking(second.id);
		expect(trackingOf(second.id)).toBe('DHL-E2E-2');
		expect((await n8n.settledExecutions(workflowId)).length).toBe(afterDuplicates.length + 1);

		// Reconciliation: Cloudshelf shows Centra's stock (less the buffer of 1), and one kiosk order
		// never reached Centra: that is the one finding.
		for (const location of [...cloudshelf.state.locations.values()].filter((candidate) =>
			['London Warehouse', 'Oxford Street', 'Manchester Arndale'].includes(candidate.displayName),
		))
			for (const sku of CLIENT_CATALOGUE)
				cloudshelf.state.upsertStockLevel({
					locationId: location.id,
					productVariantId: `gid://external/RetailSyncVariant/${sku}`,
					quantity: Math.max(0, free(location.displayName, sku) - 1),
				});
		const stuck = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(90),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		const alertsBefore = alerts.alerts.length;
		expect(
			(await n8n.runFrom(id('Reconciliation report: Cloudshelf ⇄ Centra'), 'Every Morning')).status,
		).toBe('success');
		expect(alerts.alerts).toHaveLength(alertsBefore + 1);
		const report = alerts.alerts.at(-1)!.body as IDataObject;
		expect(report.text).toMatch(
			/^Reconciliation Cloudshelf ⇄ Centra \d{4}-\d{2}-\d{2}: 1 finding\(s\)\n/,
		);
		expect(report.count).toBe(1);
		expect(
			(report.findings as IDataObject[]).map((finding) => [finding.finding, finding.reference]),
		).toEqual([['kiosk_order_not_in_centra', stuck.id]]);
	});

	it('runs the Cloudshelf ⇄ commercetools templates: store sales, order injection, stock push, catalogue, fulfilment writeback and the reconciliation report', async () => {
		const { commercetools, cloudshelf, alerts } = fixture.sandboxes;
		const onStock = (sku: string, channel: string) =>
			commercetools.state.inventory(sku, channel)!.quantityOnStock;
		const alertsBefore = alerts.alerts.length;

		// An in-store sale (the newest kiosk order: a manual check emits the newest), applied twice:
		// taken out of the store's supply channel once.
		const hoodies = onStock('HOODIE-GREY-L', 'manchester-arndale');
		const sale = cloudshelf.state.seedOrder({
			location: 'Manchester Arndale',
			status: 'PAID',
			fulfilmentMethod: 'in_store',
			lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
		});
		for (let run = 0; run < 2; run++) {
			expect(
				(await n8n.runFrom(id('Store sales: Cloudshelf → commercetools'), 'Store Sales')).status,
			).toBe('success');
			expect(onStock('HOODIE-GREY-L', 'manchester-arndale')).toBe(hoodies - 1);
		}

		// An endless-aisle kiosk order, injected twice: one commercetools order, the kiosk order marked.
		const kiosk = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(15),
			lines: [
				{ variant: 'TEE-RED-L', quantity: 1, price: 19.99 },
				{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
			],
		});
		for (let run = 0; run < 2; run++)
			expect(
				(await n8n.runFrom(id('Order injection: Cloudshelf → commercetools'), 'Every 5 Minutes'))
					.status,
			).toBe('success');
		expect(commercetools.state.orders().filter((order) => order.orderNumber === kiosk.id)).toEqual([
			expect.objectContaining({ store: expect.objectContaining({ key: 'uk-stores' }) }),
		]);
		expect(cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId).toBe(kiosk.id);
		expect(cloudshelf.state.orders.get(sale.id)!.thirdPartyId).toBeNull();

		// Stock push: the nightly full push and a check of the trigger (its manual sample) show
		// commercetools' levels on the kiosks, less the buffer of 1.
		expect((await n8n.runFrom(id('Stock push: commercetools'), 'Nightly Full Push')).status).toBe(
			'success',
		);
		expect(
			(await n8n.runFrom(id('Stock push: commercetools'), 'commercetools Inventory Changes'))
				.status,
		).toBe('success');
		for (const channel of ['london-warehouse', 'oxford-street', 'manchester-arndale'])
			for (const sku of CLIENT_CATALOGUE)
				expect({
					[`${sku}@${channel}`]: cloudshelf.state.quantityOf(
						sku,
						`gid://external/RetailSyncLocation/${channel}`,
					),
				}).toEqual({
					[`${sku}@${channel}`]: Math.max(
						0,
						commercetools.state.inventory(sku, channel)!.availableQuantity! - 1,
					),
				});

		// Catalogue: the published products, grouped by product key, at their EUR prices.
		expect((await n8n.runFrom(id('Catalogue: commercetools'), 'Every Hour')).status).toBe(
			'success',
		);
		const tee = [...cloudshelf.state.variants.values()].find(
			(variant) => variant.sku === 'TEE-RED-L',
		)!;
		expect(cloudshelf.state.products.get(tee.productId)!.platformProvidedId).toBe(
			'gid://external/RetailSyncProduct/tee-red',
		);

		// The warehouse ships the kiosk order (a delivery with a tracked parcel): the writeback's
		// check records the tracking on the kiosk order's lines.
		const shipped = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'delivery', operation: 'add', linesMode: 'remaining' }, [
				{ orderReference: kiosk.id, carrier: 'DHL', trackingNumber: 'DHL-CT-E2E-1' },
			]),
		);
		expect(shipped.status).toBe('success');
		expect(
			(await n8n.runFrom(id('Fulfilment writeback: commercetools'), 'commercetools Delivery Added'))
				.status,
		).toBe('success');
		expect(
			cloudshelf.state.orders
				.get(kiosk.id)!
				.lines.map(
					(line) =>
						line.customAttributes.find((attribute) => attribute.key === 'tracking_number')?.value,
				),
		).toEqual(['DHL-CT-E2E-1', 'DHL-CT-E2E-1']);
		expect(alerts.alerts).toHaveLength(alertsBefore);

		// Reconciliation: stock and SKUs match; one kiosk order never reached commercetools.
		const stuck = cloudshelf.state.seedOrder({
			location: 'Manchester Arndale',
			createdAt: minutesAgo(90),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		expect(
			(await n8n.runFrom(id('Reconciliation report: Cloudshelf ⇄ commercetools'), 'Every Morning'))
				.status,
		).toBe('success');
		expect(alerts.alerts).toHaveLength(alertsBefore + 1);
		const report = alerts.alerts.at(-1)!.body as IDataObject;
		expect(report.text).toMatch(
			/^Reconciliation Cloudshelf ⇄ commercetools \d{4}-\d{2}-\d{2}: 1 finding\(s\)\n/,
		);
		expect(
			(report.findings as IDataObject[]).map((finding) => [finding.finding, finding.reference]),
		).toEqual([['kiosk_order_not_in_commercetools', stuck.id]]);
	});

	it('runs the Cloudshelf ⇄ Stokly templates: order injection with held writes, stock push, catalogue, fulfilment writeback and the takings reconciliation', async () => {
		const { stokly, cloudshelf, alerts } = fixture.sandboxes;
		const filed = (reference: string) =>
			stokly.state
				.saleOrders({ includeHeld: true })
				.filter((saleOrder) => saleOrder.sourceReferenceId === reference);

		// A kiosk order, injected by the ACTIVE workflow's own schedule while Stokly accepts writes
		// (202) without showing them yet. A manual run (runFrom, the REST "Execute workflow") keeps no
		// static data, so it cannot show the Pending Window: production executions of the schedule
		// (every 12 s here instead of 5 minutes; the template is otherwise as shipped) do, and n8n
		// saves static data after them. 12 s, not less: a run whose sale order Stokly does not show
		// yet lists it for up to 8 s (the racing-duplicates check), and an execution starting before
		// the last one ended cannot see what it remembered, so it would send the order again. While
		// held: one POST, the next executions send nothing (the sandbox's call log) and leave the
		// kiosk order un-marked; once Stokly shows the sale order the next execution marks it:
		// exactly one sale order, with the card payment as 4.
		const injection = id('Order injection: Cloudshelf → Stokly');
		const kiosk = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			status: 'PAID',
			paymentMethod: 'card',
			createdAt: minutesAgo(15),
			lines: [
				{ variant: 'TEE-RED-L', quantity: 1, price: 19.99 },
				{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
			],
		});
		const posts = () =>
			stokly.calls.filter((call) => call.operation === 'POST /v2/saleorders').length;
		const postsBefore = posts();
		const shippedSchedule = await n8n.setNodeParameters(injection, 'Every 5 Minutes', {
			rule: { interval: [{ field: 'seconds', secondsInterval: 12 }] },
		});
		const finished = async () =>
			(await n8n.executions(injection)).filter((execution) => execution.status === 'success')
				.length;
		const finishedBefore = await finished();
		stokly.state.holdWrites = true;
		await n8n.activate(injection);
		try {
			await waitFor(
				async () => (await finished()) >= finishedBefore + 1,
				'the first production run',
			);
			const postsAfterFirst = posts();
			expect(filed(kiosk.id)).toEqual([expect.objectContaining({ visible: false })]);
			await waitFor(
				async () => (await finished()) >= finishedBefore + 3,
				'two more production runs',
			);
			// Held all along: remembered as sent (static data), not sent again, not marked.
			expect(posts()).toBe(postsAfterFirst);
			expect(postsAfterFirst).toBeGreaterThan(postsBefore);
			expect(filed(kiosk.id)).toHaveLength(1);
			expect(cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId).toBeNull();
			stokly.state.holdWrites = false;
			stokly.state.settle();
			await waitFor(
				() => Boolean(cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId),
				'the kiosk order to be marked',
			);
			expect(posts()).toBe(postsAfterFirst);
		} finally {
			stokly.state.holdWrites = false;
			stokly.state.settle();
			await n8n.deactivate(injection);
			await n8n.setNodeParameters(injection, 'Every 5 Minutes', shippedSchedule);
		}
		expect(
			(await n8n.settledExecutions(injection)).map((execution) => execution.status),
		).not.toContain('error');
		const [saleOrder] = filed(kiosk.id);
		expect(filed(kiosk.id)).toEqual([
			expect.objectContaining({
				visible: true,
				channelName: 'Cloudshelf',
				payments: [{ method: 4, amount: 34.98 }],
			}),
		]);
		expect(cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId).toBe(saleOrder.saleOrderId);

		// Stock push: the nightly full push and a check of the trigger (its manual sample) show
		// Stokly's on-hand stock on the kiosks, less the buffer of 1.
		expect((await n8n.runFrom(id('Stock push: Stokly'), 'Nightly Full Push')).status).toBe(
			'success',
		);
		expect((await n8n.runFrom(id('Stock push: Stokly'), 'Stokly Stock Changed')).status).toBe(
			'success',
		);
		for (const [name, key] of [
			['London Warehouse', 'london-warehouse'],
			['Oxford Street', 'oxford-street'],
			['Manchester Arndale', 'manchester-arndale'],
		])
			for (const sku of CLIENT_CATALOGUE)
				expect({
					[`${sku}@${name}`]: cloudshelf.state.quantityOf(
						sku,
						`gid://external/RetailSyncLocation/${key}`,
					),
				}).toEqual({ [`${sku}@${name}`]: Math.max(0, stokly.state.onHand(sku, name) - 1) });

		// Catalogue: a new Stokly item lands on the kiosks under its SKU, at its net price + 20% VAT.
		stokly.state.seed({ items: [{ sku: 'SCARF-STOKLY', name: 'Scarf', salePrice: 20 }] });
		expect((await n8n.runFrom(id('Catalogue: Stokly'), 'Every Hour')).status).toBe('success');
		const scarf = [...cloudshelf.state.variants.values()].find(
			(variant) => variant.sku === 'SCARF-STOKLY',
		)!;
		expect(scarf.currentPrice).toBe(24);
		expect(cloudshelf.state.products.get(scarf.productId)!.platformProvidedId).toBe(
			'gid://external/RetailSyncProduct/SCARF-STOKLY',
		);

		// The warehouse dispatches the kiosk order: the writeback's check records the tracking on
		// the kiosk order's lines.
		stokly.state.dispatch(saleOrder.saleOrderId, {
			courier: 'DHL',
			trackingNumber: 'DHL-ST-E2E-1',
		});
		expect(
			(await n8n.runFrom(id('Fulfilment writeback: Stokly'), 'Stokly Sale Order Dispatched'))
				.status,
		).toBe('success');
		expect(
			cloudshelf.state.orders
				.get(kiosk.id)!
				.lines.map(
					(line) =>
						line.customAttributes.find((attribute) => attribute.key === 'tracking_number')?.value,
				),
		).toEqual(['DHL-ST-E2E-1', 'DHL-ST-E2E-1']);

		// Takings: yesterday's two sales at Manchester Arndale are filed; one is refunded at the kiosk
		// this morning but stays paid in Stokly: the report names that variance and its order.
		const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
		const [kept, refunded] = [0, 1].map((minute) =>
			cloudshelf.state.seedOrder({
				location: 'Manchester Arndale',
				status: 'PAID',
				paymentMethod: 'cash',
				fulfilmentMethod: 'in_store',
				createdAt: `${yesterday}T12:0${minute}:00.000Z`,
				lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
			}),
		);
		expect(
			(await n8n.runFrom(id('Order injection: Cloudshelf → Stokly'), 'Every 5 Minutes')).status,
		).toBe('success');
		expect(filed(kept.id)).toHaveLength(1);
		expect(filed(refunded.id)).toHaveLength(1);
		Object.assign(cloudshelf.state.orders.get(refunded.id)!, {
			status: 'REFUNDED',
			updatedAt: new Date().toISOString(),
		});
		const before = alerts.alerts.length;
		expect(
			(await n8n.runFrom(id('Takings reconciliation: Cloudshelf ⇄ Stokly'), 'Every Morning'))
				.status,
		).toBe('success');
		const reports = alerts.alerts
			.slice(before)
			.map((alert) => alert.body as IDataObject)
			.filter((body) => body.flow === 'takings-reconciliation');
		expect(reports).toHaveLength(1);
		const [report] = reports;
		expect(report.text).toMatch(
			new RegExp(
				`^Takings Cloudshelf ⇄ Stokly \\d{4}-\\d{2}-\\d{2} to ${yesterday}: 1 variance\\(s\\)\\n• ${yesterday} Manchester Arndale cash: kiosk 14.99 GBP, Stokly 29.98 GBP \\(difference 14.99\\)\\. Order ${refunded.id}: `,
			),
		);
		expect(
			(report.variances as IDataObject[]).map((variance) =>
				(variance.orders as IDataObject[]).map((order) => [order.reference, order.reason]),
			),
		).toEqual([[[refunded.id, 'refundedStillPaid']]]);
	});

	it('answers the live stock check on the production webhook once activated, and 401 without the token', async () => {
		await n8n.activate(id('Live stock check'));
		const url = `${n8n.baseUrl}/webhook/cloudshelf/live-stock?variant=${encodeURIComponent('gid://external/RetailSyncVariant/CAP-BLUE')}`;
		// Activation registers the production webhook in the background: wait until it is live.
		let answer = await fetch(url, { headers: { Authorization: `Bearer ${STOCK_CHECK_TOKEN}` } });
		for (let attempt = 0; answer.status === 404 && attempt < 30; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			answer = await fetch(url, { headers: { Authorization: `Bearer ${STOCK_CHECK_TOKEN}` } });
		}
		expect(answer.status).toBe(200);
		const body = (await answer.json()) as {
			dataType: string;
			response: {
				totalNumberAvailable: number;
				locations: Array<{ displayName: string; numberAvailable: number }>;
			};
		};
		const available: Record<string, number> = Object.fromEntries(
			fixture.sandboxes.linnworks.state
				.snapshot()
				.stock.filter((row) => row.sku === 'CAP-BLUE' && row.location !== 'Default')
				.map((row): [string, number] => [String(row.location), Math.max(0, row.available - 1)]),
		);
		expect(body.dataType).toBe('StockLevels');
		expect(
			Object.fromEntries(
				body.response.locations.map((location) => [location.displayName, location.numberAvailable]),
			),
		).toEqual(available);
		expect(body.response.totalNumberAvailable).toBe(
			Object.values(available).reduce((sum, quantity) => sum + quantity, 0),
		);
		const refused = await fetch(url, { headers: { Authorization: 'Bearer wrong' } });
		expect(refused.status).toBe(401);
	});

	it('accepts every template as shipped through the public REST API (X-N8N-API-KEY)', async () => {
		const apiKey = await n8n.createApiKey('agency tool');
		const files = readdirSync(join(ROOT, 'workflows'));
		for (const file of files) {
			const template = JSON.parse(
				readFileSync(join(ROOT, 'workflows', file), 'utf8'),
			) as IDataObject;
			// The public API takes only these fields; the rest are read-only there.
			const body = {
				name: `${template.name as string} (API)`,
				nodes: template.nodes,
				connections: template.connections,
				settings: template.settings,
			};
			const response = await fetch(`${n8n.baseUrl}/api/v1/workflows`, {
				method: 'POST',
				headers: { 'X-N8N-API-KEY': apiKey, 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
			expect({
				file,
				status: response.status,
				body: response.ok ? 'ok' : await response.text(),
			}).toEqual({ file, status: 200, body: 'ok' });
		}
		const list = await fetch(`${n8n.baseUrl}/api/v1/workflows?limit=250`, {
			headers: { 'X-N8N-API-KEY': apiKey },
		});
		const names = ((await list.json()) as { data: Array<{ name: string }> }).data.map(
			(workflow) => workflow.name,
		);
		expect(names.filter((name) => name.endsWith('(API)'))).toHaveLength(files.length);
	});

	it('renders every node of the order injection template in the editor, and the Order → Create location table', async () => {
		await withEditor(n8n, { width: 1600, height: 1000 }, async (page) => {
			const workflowId = id('Order injection: Cloudshelf → Linnworks');
			const shipped = (await n8n.workflow(workflowId)).nodes.filter(
				(node) => node.type !== 'n8n-nodes-base.stickyNote',
			);
			await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
			await page.waitForSelector('[data-test-id="canvas-node"]');
			await page.screenshot({ path: join(SCREENSHOTS, 'order-injection-canvas.png') });
			const rendered = await page.$$eval('[data-test-id="canvas-node"]', (elements) =>
				elements.map((element) => ({
					name: element.getAttribute('data-node-name'),
					type: element.getAttribute('data-node-type'),
					icon:
						element.querySelector('img')?.getAttribute('src') ??
						(element.querySelector('svg') ? 'svg' : null),
				})),
			);
			expect(rendered.map((node) => node.name).sort()).toEqual(
				shipped.map((node) => node.name).sort(),
			);
			const oursRendered = rendered.filter((entry) =>
				entry.type?.startsWith('n8n-nodes-retail-sync.'),
			);
			expect(oursRendered).toHaveLength(
				shipped.filter((node) => node.type.startsWith('n8n-nodes-retail-sync.')).length,
			);
			for (const node of oursRendered) {
				// Our own icon, not the "unknown node" placeholder.
				expect(node.icon).toMatch(
					/^\/icons\/n8n-nodes-retail-sync\/dist\/nodes\/(Linnworks|Cloudshelf)\/(linnworks|cloudshelf)\.svg$/,
				);
			}
			expect(await page.getByText('Install this node', { exact: false }).count()).toBe(0);

			await page.dblclick('[data-test-id="canvas-node"][data-node-name="Create Linnworks Order"]');
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor();
			await panel.getByText('Location Mapping', { exact: true }).first().waitFor();
			await panel.getByText('Guest Customer Name', { exact: true }).first().waitFor();
			for (const label of [
				'Order Location',
				'Source',
				'SubSource',
				'Fulfilment Location Name or ID',
				'SKU Mapping',
				'Guest Customer Name',
			]) {
				expect(await panel.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
			}
			// The template's location rows, as the agency tool configured them.
			for (const store of ['Oxford Street', 'Manchester Arndale'])
				expect(await panel.locator(`input[value="${store}"]`).count()).toBeGreaterThan(0);
			await page.screenshot({ path: join(SCREENSHOTS, 'linnworks-order-create-panel.png') });
		});
	});
});

describe('Shopify ⇄ Linnworks in real n8n, reaching the Shopify simulator as its HTTPS proxy', () => {
	/** Polls `check` (250 ms apart, up to 15 s) until it returns something truthy. */
	async function eventually<T>(check: () => T | undefined): Promise<T | undefined> {
		let value = check();
		for (let attempt = 0; !value && attempt < 60; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 250));
			value = check();
		}
		return value;
	}
	const linnworksOrdersOf = (reference: string) =>
		[...fixture.sandboxes.linnworks.state.orders.values()].filter(
			(order) => order.channel.ReferenceNumber === reference,
		);
	const registered = (topic: string) =>
		[...fixture.sandboxes.shopify.state.webhooks.values()]
			.filter((webhook) => webhook.topic === topic)
			.map((webhook) => webhook.address);
	const webhookAddress = (template: string) => {
		const trigger = loadTemplate(template).nodes.find(
			(node) => node.type === 'n8n-nodes-base.shopifyTrigger',
		) as unknown as { webhookId: string };
		return `${n8n.baseUrl}/webhook/${trigger.webhookId}/webhook`;
	};

	it('activated, the order injection registers its webhook with Shopify; a signed order becomes one Linnworks order (delivered twice, still one), a forged one runs nothing; cancelled in Shopify, it is cancelled in Linnworks', async () => {
		const { shopify } = fixture.sandboxes;
		const injection = id('Order injection: Shopify → Linnworks');
		const cancellation = id('Order cancellation: Shopify → Linnworks');
		await n8n.activate(injection);
		await n8n.activate(cancellation);
		// Activation registers the webhooks through the Shopify REST API (via the proxy, over TLS), in
		// the background.
		await eventually(
			() =>
				(registered('orders/create').length && registered('orders/cancelled').length) || undefined,
		);
		expect(registered('orders/create')).toEqual([
			webhookAddress('order-injection-shopify-to-linnworks'),
		]);
		expect(registered('orders/cancelled')).toEqual([
			webhookAddress('order-cancellation-shopify-to-linnworks'),
		]);
		// Only the shop is tunnelled; anything else n8n tries over HTTPS is refused (nothing leaves).
		const tunnelled = shopify.connects.filter((connect) => connect.allowed);
		expect(tunnelled.length).toBeGreaterThan(0);
		expect(new Set(tunnelled.map((connect) => connect.target))).toEqual(
			new Set(['retail-sync-sandbox.myshopify.com:443']),
		);

		const executionsBefore = (await n8n.settledExecutions(injection)).length;
		const order = shopify.state.createOrder({
			email: 'e2e-buyer@example.com',
			line_items: [
				{ sku: 'TEE-RED-M', quantity: 2 },
				{ sku: 'CAP-BLUE-OS', quantity: 1 },
			],
			shipping_lines: [{ title: 'Standard', price: '3.95' }],
		});
		await shopify.webhooksSettled();
		expect(await eventually(() => linnworksOrdersOf(String(order.id))[0])).toBeDefined();
		const [filed] = linnworksOrdersOf(String(order.id));
		expect(filed.channel).toMatchObject({ Source: 'SHOPIFY', SubSource: 'retail-sync-sandbox' });
		expect(filed.channel.OrderItems.map((line) => [line.ChannelSKU, line.Qty])).toEqual([
			['TEE-RED-M', 2],
			['CAP-BLUE', 1],
		]);

		// Shopify delivers the same order again (it retries when an answer is slow): still one order.
		const payload = shopify.state.orderView(order);
		expect((await shopify.deliver('orders/create', payload)).map((d) => d.status)).toEqual([200]);
		// A forged call (wrong HMAC) is answered 200 by n8n, as Shopify expects, and runs nothing.
		expect((await shopify.deliverForged('orders/create', payload)).map((d) => d.status)).toEqual([
			200,
		]);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const executions = await n8n.settledExecutions(injection);
		expect(executions.length - executionsBefore).toBe(2);
		expect(executions.map((execution) => execution.status)).not.toContain('error');
		expect(linnworksOrdersOf(String(order.id))).toHaveLength(1);

		// A variant Linnworks has no stock item for (and no SKU row maps): an exception alert naming it,
		// and no order.
		const alertsBefore = fixture.sandboxes.alerts.alerts.length;
		const unmapped = shopify.state.createOrder({
			email: 'e2e-mug@example.com',
			line_items: [{ sku: SHOPIFY_ONLY_SKU, quantity: 1 }],
		});
		await shopify.webhooksSettled();
		const alert = await eventually(() => fixture.sandboxes.alerts.alerts[alertsBefore]);
		expect(JSON.stringify(alert?.body)).toContain(SHOPIFY_ONLY_SKU);
		expect(linnworksOrdersOf(String(unmapped.id))).toEqual([]);

		shopify.state.cancelOrder(order.id, 'customer');
		await shopify.webhooksSettled();
		expect(
			await eventually(() => {
				const [current] = linnworksOrdersOf(String(order.id));
				return current?.processed && current.cancelled ? current : undefined;
			}),
		).toBeDefined();

		// Deactivated, the triggers delete their webhooks from the shop (n8n does it in the background).
		await n8n.deactivate(injection);
		await n8n.deactivate(cancellation);
		const stillRegistered = () => [
			...registered('orders/create'),
			...registered('orders/cancelled'),
		];
		await eventually(() => !stillRegistered().length || undefined);
		expect(stillRegistered()).toEqual([]);
	});

	it('pushes Linnworks stock to Shopify less the buffer, writes a Linnworks dispatch back as a Shopify fulfilment with tracking, and reports on both', async () => {
		const { shopify, linnworks } = fixture.sandboxes;
		// The app's other work spends the cost bucket just as the push writes: the write is THROTTLED,
		// waited out and sent again, never counted as done.
		shopify.throttleNext('inventorySetQuantities');
		const callsBefore = shopify.graphqlCalls.length;
		expect(
			(await n8n.runFrom(id('Stock push: Linnworks → Shopify'), 'Nightly Full Push')).status,
		).toBe('success');
		const writes = shopify.graphqlCalls
			.slice(callsBefore)
			.filter((call) => call.field === 'inventorySetQuantities');
		expect(writes.map((call) => call.outcome)).toEqual(['THROTTLED', 'ok']);
		expect(writes[1].variables).toEqual(writes[0].variables);
		const levels = linnworks.state
			.snapshot()
			.stock.filter((row) => row.location && row.location in SHOPIFY_LOCATION_IDS);
		expect(levels).toHaveLength(CLIENT_CATALOGUE.length * 3);
		for (const row of levels) {
			const variant = shopify.state.variantBySku(SHOPIFY_SKUS[row.sku] ?? row.sku)!;
			expect({
				[`${row.sku}@${row.location}`]: shopify.state.available(
					variant.inventory_item_id,
					SHOPIFY_LOCATION_IDS[row.location!],
				),
			}).toEqual({ [`${row.sku}@${row.location}`]: Math.max(0, row.available - 1) });
		}

		// A web order filed in Linnworks, then dispatched there.
		const order = shopify.state.createOrder({
			email: 'e2e-dispatch@example.com',
			line_items: [{ sku: 'HOODIE-GREY-L', quantity: 1 }],
		});
		linnworks.state.seed({
			orders: [
				{
					location: 'London Warehouse',
					order: {
						Source: 'SHOPIFY',
						SubSource: 'retail-sync-sandbox',
						ReferenceNumber: String(order.id),
						ChannelBuyerName: 'E2E Buyer',
						Currency: 'GBP',
						ReceivedDate: new Date().toISOString(),
						DispatchBy: new Date().toISOString(),
						PaymentStatus: 'Paid',
						OrderItems: [
							{
								ItemNumber: '1',
								ChannelSKU: 'HOODIE-GREY-L',
								ItemTitle: 'Hoodie',
								Qty: 1,
								PricePerUnit: 48.99,
								TaxRate: 20,
							},
						],
					},
				},
			],
		});
		const filed = linnworksOrdersOf(String(order.id))[0];
		linnworks.state.dispatch(filed.OrderId, {
			vendor: 'Royal Mail',
			service: 'Tracked 24',
			trackingNumber: 'RM-E2E-SHOPIFY-1',
		});
		expect(
			(
				await n8n.runFrom(
					id('Fulfilment writeback: Linnworks → Shopify'),
					'Linnworks Order Dispatched',
				)
			).status,
		).toBe('success');
		const fulfillments = shopify.state.fulfillments.filter((f) => f.order_id === order.id);
		expect(fulfillments).toHaveLength(1);
		expect(fulfillments[0]).toMatchObject({
			notify_customer: true,
			tracking: [expect.objectContaining({ company: 'Royal Mail', number: 'RM-E2E-SHOPIFY-1' })],
		});
		expect(shopify.state.orders.get(order.id)!.fulfillment_status).toBe('fulfilled');

		const alertsBefore = fixture.sandboxes.alerts.alerts.length;
		expect(
			(await n8n.runFrom(id('Reconciliation report: Shopify ⇄ Linnworks'), 'Every Morning')).status,
		).toBe('success');
		const reports = fixture.sandboxes.alerts.alerts.slice(alertsBefore);
		expect(reports).toHaveLength(1);
		const { text } = reports[0].body as IDataObject;
		// Every check ran; the hoodie Linnworks now holds for the dispatched order (after the push)
		// is the drift it finds.
		expect(String(text)).toMatch(/^Reconciliation Shopify ⇄ Linnworks /);
		expect(String(text)).not.toMatch(/check_failed|check_incomplete/);
		expect(String(text)).toContain('[stock_drift] HOODIE-GREY-L at London Warehouse');
	});
});

// Last: the deploy tool's clients into the same instance (their workflows deactivated after).
describeSyncHealth(() => ({ n8n, fixture, id }));
describeAgencyDeploy(() => ({ n8n, fixture }));
