import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_WEBHOOK_SECRET, signatureHeader } from '../../sandbox/centra/server';
import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';
import { WebhookReceiver } from '../harness/webhook-receiver';

const TEMPLATE = 'fulfilment-writeback-centra-to-cloudshelf';
const TRIGGER = 'Centra Shipment Completed';
let fixture: RetailFixture;
let receiver: WebhookReceiver;
beforeEach(async () => {
	fixture = await startRetail();
	// Centra's webhook plugin posts to the activated trigger (n8n's webhook server in between).
	receiver = await WebhookReceiver.start(fixture.runner, fixture.workflow(TEMPLATE), TRIGGER);
	fixture.sandboxes.centra.webhooks.configure({ url: receiver.url, delaysMs: [1, 1, 1] });
});
afterEach(async () => {
	await receiver.close();
	await fixture.close();
});

/** Kiosk orders injected into Centra by the order-injection template; their Centra numbers. */
async function injectedKioskOrder(location = 'Oxford Street') {
	const kiosk = fixture.sandboxes.cloudshelf.state.seedOrder({
		location,
		createdAt: minutesAgo(30),
		lines: [
			{ variant: 'TEE-RED-M', quantity: 1, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 2, price: 14.99 },
		],
	});
	await runScheduled(
		fixture,
		fixture.workflow('order-injection-cloudshelf-to-centra'),
		'Every 5 Minutes',
	);
	const number = Number(fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId);
	expect(fixture.sandboxes.centra.state.orders.get(number)).toBeDefined();
	return { kiosk, number };
}

const trackingOf = (kioskId: string) =>
	fixture.sandboxes.cloudshelf.state.orders
		.get(kioskId)!
		.lines.map((line) =>
			Object.fromEntries(
				line.customAttributes.map((attribute) => [attribute.key, attribute.value]),
			),
		);

/** Executions the deliveries started, and what Record Fulfilment did in them. */
const recorded = () =>
	receiver.deliveries
		.filter((delivery) => delivery.result?.ran('Record Fulfilment In Cloudshelf'))
		.flatMap((delivery) => delivery.result!.json('Record Fulfilment In Cloudshelf'));

describe('template: fulfilment writeback Centra → Cloudshelf', () => {
	it('writes the carrier, service and tracking of a completed shipment to its kiosk order, once, and leaves web orders alone', async () => {
		const { kiosk, number } = await injectedKioskOrder();
		const { centra } = fixture.sandboxes;
		// A web order shipped by Centra too: not the kiosk's business.
		const web = centra.state.insertOrder({
			market: [...centra.state.markets.values()][0],
			pricelist: [...centra.state.pricelists.values()][0],
			shippingAddress: null,
			billingAddress: null,
			internalComment: null,
			otherComment: null,
			shippingValue: 0,
			adjustStock: false,
			lines: [
				{ size: centra.state.findSizeBySku('HOODIE-GREY-L')!, quantity: 1, unitPrice: 48.99 },
			],
		});
		await centra.webhooks.idle();
		// The order events were delivered (the injected order's and the web order's) ...
		expect(receiver.deliveries.length).toBeGreaterThan(0);
		expect(receiver.deliveries.map((delivery) => delivery.answer.statusCode)).toEqual(
			receiver.deliveries.map(() => 200),
		);
		expect(receiver.emitted).toEqual([]); // ... acknowledged, not emitted

		centra.ship({
			order: number,
			complete: { carrier: 'DHL', service: 'Express', trackingNumber: 'DHL-7731' },
		});
		centra.ship({ order: web.number, complete: { trackingNumber: 'WEB-1' } });
		await centra.webhooks.idle();

		expect(
			centra.webhooks.deliveries.filter((delivery) =>
				delivery.events.some((event) => event.type === 'shipment'),
			).length,
		).toBeGreaterThan(0);
		expect(centra.webhooks.deliveries.map((delivery) => delivery.ok)).toEqual(
			centra.webhooks.deliveries.map(() => true),
		);
		// Only the completions are emitted (create / good-to-go are acknowledged); the web order's is filtered out.
		expect(receiver.emitted.map((item) => item.orderReference)).toEqual([
			kiosk.id,
			String(web.number),
		]);
		expect(recorded()).toEqual([expect.objectContaining({ recorded: true })]);
		const shippedAt = [...centra.state.shipments.values()].find(
			(shipment) => shipment.orderNumber === number,
		)!.shippedAt;
		const written = {
			tracking_number: 'DHL-7731',
			carrier: 'DHL',
			service: 'Express',
			fulfilled_at: new Date(shippedAt!).toISOString(),
		};
		expect(trackingOf(kiosk.id)).toEqual([written, written]);
		expect(fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.status).toBe('PLACED');

		// Centra delivers the same calls again (its retry after a lost answer): nothing more is written.
		const writes = fixture.sandboxes.cloudshelf.callsTo('UpsertOrders').length;
		const handled = receiver.deliveries.length;
		for (const delivery of [...centra.webhooks.deliveries]) centra.webhooks.send(delivery.events);
		await centra.webhooks.idle();
		const again = receiver.deliveries.slice(handled);
		expect(again.length).toBeGreaterThan(0);
		expect(again.map((entry) => [entry.answer.statusCode, entry.items.length])).toEqual(
			again.map(() => [200, 0]),
		);
		expect(fixture.sandboxes.cloudshelf.callsTo('UpsertOrders')).toHaveLength(writes);
		expect(fixture.alerts()).toEqual([]);
	});

	it('refuses a forged or unsigned delivery with 401 and writes nothing', async () => {
		const { kiosk, number } = await injectedKioskOrder();
		const { centra } = fixture.sandboxes;
		centra.webhooks.configure({ url: 'http://127.0.0.1:9/nowhere', retries: 0 });
		centra.ship({ order: number, complete: { trackingNumber: 'DHL-1' } });
		const shipment = [...centra.state.shipments.values()][0];
		const body = new URLSearchParams({
			payload: JSON.stringify({
				events: [
					{ type: 'shipment', action: 'complete', date: '2026-05-01 09:00:00', id: shipment.id },
				],
			}),
		}).toString();
		const workflow = fixture.workflow(TEMPLATE);
		const t = Math.floor(Date.now() / 1000);
		for (const signature of [signatureHeader('not-the-secret', t, body), undefined]) {
			const answer = await fixture.runner.webhook(workflow, TRIGGER, {
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					...(signature ? { 'X-Centra-Signature': signature } : {}),
				},
				body,
			});
			expect(answer.answer.statusCode).toBe(401);
			expect(answer.items).toEqual([]);
		}
		expect(trackingOf(kiosk.id)[0]).toEqual({});
		// Signed with the plugin's secret, the same delivery is written.
		const signed = await fixture.runner.webhook(workflow, TRIGGER, {
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				'X-Centra-Signature': signatureHeader(SANDBOX_WEBHOOK_SECRET, t, body),
			},
			body,
		});
		expect(signed.answer.statusCode).toBe(200);
		expect(signed.result?.status).toBe('success');
		expect(trackingOf(kiosk.id)[0]).toMatchObject({ tracking_number: 'DHL-1' });
	});

	it('sends a shipment whose kiosk order Cloudshelf does not have to exceptions, with the reason', async () => {
		const { kiosk, number } = await injectedKioskOrder();
		fixture.sandboxes.cloudshelf.state.orders.delete(kiosk.id);
		fixture.sandboxes.centra.ship({ order: number, complete: { trackingNumber: 'DHL-2' } });
		await fixture.sandboxes.centra.webhooks.idle();
		const exceptions = fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);
		expect(exceptions).toEqual([
			expect.objectContaining({
				flow: 'fulfilment-writeback',
				reason: expect.stringContaining(kiosk.id),
				record: expect.objectContaining({ orderReference: kiosk.id, trackingNumber: 'DHL-2' }),
			}),
		]);
	});

	it("matches a shipment to the kiosk order's lines through the SKU Mapping: a line it cannot match is an exception naming the SKU, and the reconciliation records it once the SKU is mapped", async () => {
		const { centra, cloudshelf } = fixture.sandboxes;
		// The kiosk sells the tee as KIOSK-TEE-M; Centra knows it as TEE-RED-M.
		cloudshelf.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/KIOSK-TEE',
					displayName: 'Kiosk tee',
					variants: [{ id: 'gid://external/RetailSyncVariant/KIOSK-TEE-M', sku: 'KIOSK-TEE-M' }],
				},
			],
		});
		const client = {
			...fixture.centraConfig,
			skuMapping: [{ cloudshelf: 'KIOSK-TEE-M', centra: 'TEE-RED-M' }],
		};
		const kiosk = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(30),
			lines: [
				{ variant: 'KIOSK-TEE-M', quantity: 1, price: 19.99 },
				{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
			],
		});
		await runScheduled(
			fixture,
			fixture.workflow('order-injection-cloudshelf-to-centra', client),
			'Every 5 Minutes',
		);
		const number = Number(cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId);
		expect(
			centra.state.orders
				.get(number)!
				.lines.map((line) => centra.state.productSizes.get(line.productSizeId!)!.SKU),
		).toEqual(['TEE-RED-M', 'CAP-BLUE']);

		// The writeback as shipped, SKU Mapping empty: the cap's line is written, the tee's is an
		// exception naming Centra's SKU, and Record Fulfilment does not report the shipment recorded.
		centra.ship({ order: number, complete: { carrier: 'DHL', trackingNumber: 'DHL-MAP' } });
		await centra.webhooks.idle();
		expect(recorded()).toEqual([]);
		expect(trackingOf(kiosk.id).map((line) => line.tracking_number)).toEqual([
			undefined,
			'DHL-MAP',
		]);
		const exceptions = fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);
		expect(exceptions).toEqual([
			expect.objectContaining({
				flow: 'fulfilment-writeback',
				reason: `Order ${kiosk.id}: fulfilment SKU "TEE-RED-M" matches no line of the Cloudshelf order; the tracking DHL-MAP was written to the 1 line(s) that matched`,
				howToFix: expect.stringContaining('SKU Mapping'),
			}),
		]);

		// The SKU mapped (Centra SKU → Cloudshelf SKU) on the reconciliation's Record Missing Tracking:
		// the next report records the tee's line and reports nothing about the shipment.
		const reconciliation = fixture.workflow('reconciliation-cloudshelf-centra', client);
		reconciliation.nodes.find(
			(node) => node.name === 'Record Missing Tracking',
		)!.parameters.skuMapping = { mapping: [{ sourceSku: 'TEE-RED-M', targetSku: 'KIOSK-TEE-M' }] };
		const report = await runScheduled(fixture, reconciliation, 'Every Morning');
		expect(report.json('Record Missing Tracking')).toEqual([
			expect.objectContaining({ orderId: kiosk.id, recorded: true, lines: 2 }),
		]);
		expect(trackingOf(kiosk.id).map((line) => line.tracking_number)).toEqual([
			'DHL-MAP',
			'DHL-MAP',
		]);
		expect(
			report
				.json('Findings Only')
				.filter((finding) => finding.finding === 'shipped_not_fulfilled_in_cloudshelf'),
		).toEqual([]);
	});
});
