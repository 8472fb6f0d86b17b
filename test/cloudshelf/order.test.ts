import type { IDataObject } from 'n8n-workflow';

import { ORDER_READS } from '../../nodes/Cloudshelf/queries';
import { MAX_COMPLEXITY, complexityOf } from '../../sandbox/cloudshelf/server';
import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import {
	KIOSK_CATALOGUE,
	cloudshelfWorkflow,
	startCloudshelf,
	type CloudshelfFixture,
} from '../harness/cloudshelf';
import { minutesAgo } from '../harness/time';
import { CLOUDSHELF_TRIGGER_NODE, ERROR_OUTPUT, triggerWorkflow } from '../harness/workflows';

let fixture: CloudshelfFixture;
beforeEach(async () => {
	fixture = await startCloudshelf(KIOSK_CATALOGUE);
});
afterEach(async () => fixture.close());

function kioskOrder(overrides: Partial<SeedOrder> = {}): SeedOrder {
	return {
		location: 'Oxford Street',
		device: 'Kiosk 2',
		salesAssistant: 'Jo',
		paymentMethod: 'card',
		createdAt: minutesAgo(10),
		lines: [
			{ variant: 'TEE-RED-M', quantity: 2, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
		],
		...overrides,
	};
}

describe('Cloudshelf → Order → Get Many / Get', () => {
	it("reads kiosk orders as canonical orders with each line's SKU, filtered by status", async () => {
		const placed = fixture.sandbox.state.seedOrder(kioskOrder());
		fixture.sandbox.state.seedOrder(kioskOrder({ status: 'DRAFT_BASKET' }));
		const result = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'order', operation: 'getMany', returnAll: true }),
		);
		expect(result.json('Cloudshelf')).toEqual([
			{
				reference: placed.id,
				origin: 'cloudshelf',
				placedAt: expect.any(String),
				currency: 'GBP',
				status: 'pending',
				location: 'Oxford Street',
				lines: [
					{ sku: 'TEE-RED-M', name: 'Tee red – TEE-RED-M', quantity: 2, unitPrice: 19.99 },
					{ sku: 'CAP-BLUE', name: 'Cap blue – CAP-BLUE', quantity: 1, unitPrice: 14.99 },
				],
				payments: [{ method: 'card', amount: 54.97 }],
				totals: { subtotal: 54.97, total: 54.97 },
				attributes: expect.objectContaining({
					cloudshelfStatus: 'PLACED',
					deviceName: 'Kiosk 2',
					salesAssistant: 'Jo',
				}),
			},
		]);
		// SKUs came from the external ids: no variant lookups.
		expect(fixture.sandbox.callsTo('ProductVariants')).toHaveLength(0);
	});

	it('skips orders already handed over (with an order system reference) when asked to', async () => {
		const waiting = fixture.sandbox.state.seedOrder(kioskOrder());
		const handedOver = fixture.sandbox.state.seedOrder(kioskOrder());
		fixture.sandbox.state.orders.get(handedOver.id)!.thirdPartyId = '100077';
		const read = async (skipHandedOver: boolean) =>
			(
				await fixture.runner.run(
					cloudshelfWorkflow({
						resource: 'order',
						operation: 'getMany',
						returnAll: true,
						skipHandedOver,
					}),
				)
			).json('Cloudshelf');
		expect((await read(true)).map((order) => order.reference)).toEqual([waiting.id]);
		expect(await read(false)).toHaveLength(2);
	});

	it('fails the item with the choices when Fields is set to an unknown value', async () => {
		fixture.sandbox.state.seedOrder(kioskOrder());
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'order',
					operation: 'getMany',
					returnAll: true,
					fields: '={{ "constructor" }}',
				},
				[{}],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toHaveLength(0);
		expect(result.json('Cloudshelf', 1)[0]).toMatchObject({
			error: 'Unknown Fields value "constructor"',
			details: 'Set Fields to one of: all, orderInjection.',
		});
		expect(fixture.sandbox.callsTo('Orders')).toHaveLength(0);
	});

	it('looks up SKUs of variants created outside this package, and fails orders with unknown variants', async () => {
		// A variant Cloudshelf knows under its own id (e.g. created by another connector).
		fixture.sandbox.state.seed({
			products: [
				{
					id: 'gid://cloudshelf/Product/OTHER',
					displayName: 'Scarf',
					variants: [{ id: 'gid://cloudshelf/ProductVariant/OTHER-1', sku: 'SCARF-1' }],
				},
			],
		});
		const foreign = fixture.sandbox.state.seedOrder(
			kioskOrder({
				lines: [{ variant: 'gid://cloudshelf/ProductVariant/OTHER-1', quantity: 1, price: 25 }],
			}),
		);
		const unknown = fixture.sandbox.state.seedOrder(
			kioskOrder({
				lines: [{ variant: 'gid://cloudshelf/ProductVariant/DELETED', quantity: 1, price: 5 }],
			}),
		);
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'order', operation: 'getMany', returnAll: true },
				[{}],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toEqual([
			expect.objectContaining({
				reference: foreign.id,
				lines: [expect.objectContaining({ sku: 'SCARF-1' })],
			}),
		]);
		expect(result.json('Cloudshelf', 1)[0].error).toBe(
			`Cloudshelf order ${unknown.id}: line 1 (Deleted product) refers to variant gid://cloudshelf/ProductVariant/DELETED, which Cloudshelf does not know`,
		);
		expect(fixture.sandbox.callsTo('ProductVariants')).toHaveLength(1);
	});

	it('pages through many orders, each query within the complexity limit, stopping at Updated Since', async () => {
		// Orders 200 … 161 minutes old; the cut-off sits half a minute off any of them, so the clock moving between seeding and querying cannot change the answer (5).
		for (let index = 0; index < 40; index++)
			fixture.sandbox.state.seedOrder(kioskOrder({ createdAt: minutesAgo(200 - index) }));
		const recent = await fixture.runner.run(
			cloudshelfWorkflow({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				updatedSince: minutesAgo(165.5),
			}),
		);
		expect(recent.json('Cloudshelf')).toHaveLength(5);
		const all = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'order', operation: 'getMany', returnAll: true }),
		);
		expect(all.json('Cloudshelf')).toHaveLength(40);
		expect(fixture.sandbox.callsTo('Orders').length).toBeGreaterThan(2);
		expect(fixture.sandbox.calls.every((call) => call.status === 200)).toBe(true);
		expect(
			Math.max(...fixture.sandbox.charges.map((charge) => charge.complexity)),
		).toBeLessThanOrEqual(500);
	});

	it('reads orders for injection with Fields: For Order Injection, in larger pages within the complexity limit, for fewer credits than All', async () => {
		const lean = ORDER_READS.orderInjection;
		const all = ORDER_READS.all;
		expect(lean.pageSize).toBeGreaterThan(all.pageSize);
		// The page is as large as the limit allows, and no larger.
		const { schema } = fixture.sandbox;
		const leanPageCost = complexityOf(schema, lean.query, { first: lean.pageSize });
		expect(leanPageCost).toBeLessThanOrEqual(MAX_COMPLEXITY);
		expect(complexityOf(schema, lean.query, { first: lean.pageSize + 1 })).toBeGreaterThan(
			MAX_COMPLEXITY,
		);
		const seeded = Array.from({ length: 40 }, (_, index) =>
			fixture.sandbox.state.seedOrder(
				kioskOrder({ createdAt: minutesAgo(200 - index), status: index % 2 ? 'PAID' : 'PLACED' }),
			),
		);
		// One already injected: the template's filter reads attributes.thirdPartyId.
		fixture.sandbox.state.orders.get(seeded[39].id)!.thirdPartyId = '1001';
		const getMany = (fields: string) =>
			cloudshelfWorkflow({ resource: 'order', operation: 'getMany', returnAll: true, fields });
		const ordersCharged = () =>
			fixture.sandbox.charges.filter((charge) => charge.operation === 'Orders');

		const injection = await fixture.runner.run(getMany('orderInjection'));
		const leanCharges = ordersCharged();
		expect(leanCharges).toHaveLength(Math.ceil(40 / lean.pageSize));
		expect(leanCharges.every((charge) => charge.complexity === leanPageCost)).toBe(true);
		const orders = injection.json('Cloudshelf');
		expect(orders).toHaveLength(40);
		// Newest first: what Linnworks → Order → Create and the exception record use.
		expect(orders[0]).toEqual({
			reference: seeded[39].id,
			origin: 'cloudshelf',
			placedAt: seeded[39].createdAt,
			currency: 'GBP',
			status: 'paid',
			location: 'Oxford Street',
			lines: [
				{ sku: 'TEE-RED-M', name: 'Tee red – TEE-RED-M', quantity: 2, unitPrice: 19.99 },
				{ sku: 'CAP-BLUE', name: 'Cap blue – CAP-BLUE', quantity: 1, unitPrice: 14.99 },
			],
			payments: [{ method: 'card', amount: 54.97 }],
			totals: { subtotal: 54.97, total: 54.97 },
			attributes: {
				cloudshelfStatus: 'PAID',
				cloudshelfOrderId: seeded[39].id,
				thirdPartyId: '1001',
				deviceName: 'Kiosk 2',
				salesAssistant: 'Jo',
				fulfilmentMethod: 'delivery',
			},
		});
		expect(orders[1]).toMatchObject({
			status: 'pending',
			attributes: { cloudshelfStatus: 'PLACED' },
		});
		expect(orders[1].attributes).not.toHaveProperty('thirdPartyId');

		const everything = await fixture.runner.run(getMany('all'));
		const allCharges = ordersCharged().slice(leanCharges.length);
		expect(allCharges).toHaveLength(Math.ceil(40 / all.pageSize));
		expect(
			Math.max(...fixture.sandbox.charges.map((charge) => charge.complexity)),
		).toBeLessThanOrEqual(MAX_COMPLEXITY);
		const credits = (charges: Array<{ complexity: number }>) =>
			charges.reduce((sum, charge) => sum + charge.complexity, 0);
		expect(credits(leanCharges)).toBeLessThan(credits(allCharges));
		// The same orders; only Cloudshelf's internal ids are missing from the attributes.
		expect(orders).toEqual(
			everything.json('Cloudshelf').map((order) => {
				const { sessionId, deviceId, locationId, ...readable } = order.attributes as IDataObject;
				expect([sessionId, deviceId, locationId]).toEqual([
					expect.any(String),
					expect.any(String),
					expect.any(String),
				]);
				return { ...order, attributes: readable };
			}),
		);
		expect(fixture.sandbox.callsTo('ProductVariants')).toHaveLength(0);
	});

	it('stops the lean read at Updated Since, and reads every field when Simplify is off', async () => {
		// 40 orders 200 … 161 minutes old; 30 are newer than the cut-off (half a minute off any of them).
		for (let index = 0; index < 40; index++)
			fixture.sandbox.state.seedOrder(kioskOrder({ createdAt: minutesAgo(200 - index) }));
		const recent = await fixture.runner.run(
			cloudshelfWorkflow({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				updatedSince: minutesAgo(190.5),
				fields: 'orderInjection',
			}),
		);
		expect(recent.json('Cloudshelf')).toHaveLength(30);
		// Two pages of 19 reach past the cut-off, so no third is read (All's pages of 13 would need three).
		expect(fixture.sandbox.callsTo('Orders')).toHaveLength(2);

		const raw = await fixture.runner.run(
			cloudshelfWorkflow({
				resource: 'order',
				operation: 'getMany',
				returnAll: false,
				limit: 1,
				simplify: false,
				fields: 'orderInjection',
			}),
		);
		const [order] = raw.json('Cloudshelf');
		expect(order.session).toMatchObject({
			id: expect.any(String),
			deviceId: expect.any(String),
			locationId: expect.any(String),
			basketValue: 54.97,
		});
		expect((order.lines as IDataObject[])[0]).toMatchObject({
			id: expect.any(String),
			customAttributes: [],
		});
	});

	it('gets one order by id, and reports a missing one as an item error', async () => {
		const order = fixture.sandbox.state.seedOrder(kioskOrder());
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'order', operation: 'get', orderId: '={{ $json.id }}' },
				[{ id: order.id }, { id: 'gid://cloudshelf/Order/NOPE' }],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')[0]).toMatchObject({
			reference: order.id,
			location: 'Oxford Street',
		});
		expect(result.json('Cloudshelf', 1)[0].error).toBe(
			'Cloudshelf has no order gid://cloudshelf/Order/NOPE',
		);
	});
});

describe('Cloudshelf → Order → Update Status and Record Fulfilment', () => {
	it('sets the status and records the order system reference; an unknown order is an item error', async () => {
		const order = fixture.sandbox.state.seedOrder(kioskOrder());
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'order',
					operation: 'updateStatus',
					orderId: '={{ $json.reference }}',
					status: 'PAID',
					thirdPartyId: '={{ $json.numOrderId }}',
				},
				[
					{ reference: order.id, numOrderId: 100042 },
					{ reference: 'gid://cloudshelf/Order/MISSING', numOrderId: 1 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toEqual([
			{ orderId: order.id, status: 'PAID', thirdPartyId: '100042' },
		]);
		expect(result.json('Cloudshelf', 1)[0].error).toBe(
			'Cloudshelf refused UpsertOrders: ENTITY_NOT_FOUND: Order gid://cloudshelf/Order/MISSING not found',
		);
		expect(fixture.sandbox.state.orders.get(order.id)).toMatchObject({
			status: 'PAID',
			thirdPartyId: '100042',
		});
	});

	it('records only the order system reference when the status is left unchanged', async () => {
		const placed = fixture.sandbox.state.seedOrder(kioskOrder({ status: 'PLACED' }));
		const paid = fixture.sandbox.state.seedOrder(kioskOrder({ status: 'PAID' }));
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'order',
					operation: 'updateStatus',
					orderId: '={{ $json.reference }}',
					status: 'unchanged',
					thirdPartyId: '={{ $json.numOrderId }}',
				},
				[
					{ reference: placed.id, numOrderId: 100051 },
					{ reference: paid.id, numOrderId: 100052 },
					{ reference: paid.id, numOrderId: '' },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toEqual([
			{ orderId: placed.id, status: null, thirdPartyId: '100051' },
			{ orderId: paid.id, status: null, thirdPartyId: '100052' },
		]);
		// Neither a status nor a reference: nothing to send, and the item says so.
		expect(result.json('Cloudshelf', 1)[0].error).toBe(`Nothing to update on order ${paid.id}`);
		expect(fixture.sandbox.state.orders.get(placed.id)).toMatchObject({
			status: 'PLACED',
			thirdPartyId: '100051',
		});
		expect(fixture.sandbox.state.orders.get(paid.id)).toMatchObject({
			status: 'PAID',
			thirdPartyId: '100052',
		});
	});

	it('writes tracking onto the dispatched lines once, and treats the same tracking again as already recorded', async () => {
		const order = fixture.sandbox.state.seedOrder(kioskOrder({ status: 'PAID' }));
		const fulfilment = {
			orderReference: order.id,
			carrier: 'Royal Mail',
			service: 'Tracked 48',
			trackingNumber: 'RM123GB',
			shippedAt: '2026-11-21T09:00:00Z',
			lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
		};
		const first = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'order', operation: 'recordFulfilment' }, [fulfilment]),
		);
		expect(first.json('Cloudshelf')).toEqual([
			{
				orderId: order.id,
				trackingNumber: 'RM123GB',
				lines: 1,
				recorded: true,
				alreadyRecorded: false,
			},
		]);
		const stored = fixture.sandbox.state.orders.get(order.id)!;
		expect(stored.lines[0].customAttributes).toEqual([
			{ key: 'tracking_number', value: 'RM123GB' },
			{ key: 'carrier', value: 'Royal Mail' },
			{ key: 'service', value: 'Tracked 48' },
			{ key: 'fulfilled_at', value: '2026-11-21T09:00:00.000Z' },
		]);
		expect(stored.lines[1].customAttributes).toEqual([]);
		const writes = fixture.sandbox.callsTo('UpsertOrders').length;
		const again = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'order', operation: 'recordFulfilment' }, [fulfilment]),
		);
		expect(again.json('Cloudshelf')[0]).toMatchObject({ recorded: false, alreadyRecorded: true });
		expect(fixture.sandbox.callsTo('UpsertOrders')).toHaveLength(writes);
	});

	it("translates the fulfilment's SKUs with the SKU Mapping table before matching the order lines", async () => {
		const order = fixture.sandbox.state.seedOrder(kioskOrder({ status: 'PAID' }));
		// Centra (or Linnworks) names the tee differently from the kiosk.
		const fulfilment = {
			orderReference: order.id,
			trackingNumber: 'DHL-1',
			shippedAt: '2026-11-21T09:00:00Z',
			lines: [
				{ sku: 'centra-tee-red-m ', quantity: 2 },
				{ sku: 'CAP-BLUE', quantity: 1 },
			],
		};
		const parameters = {
			resource: 'order',
			operation: 'recordFulfilment',
			skuMapping: { mapping: [{ sourceSku: 'CENTRA-TEE-RED-M', targetSku: 'TEE-RED-M' }] },
		};
		const result = await fixture.runner.run(
			cloudshelfWorkflow(parameters, [fulfilment], ERROR_OUTPUT),
		);
		expect(result.json('Cloudshelf', 1)).toEqual([]);
		expect(result.json('Cloudshelf')).toEqual([
			{
				orderId: order.id,
				trackingNumber: 'DHL-1',
				lines: 2,
				recorded: true,
				alreadyRecorded: false,
			},
		]);
		const stored = fixture.sandbox.state.orders.get(order.id)!;
		expect(stored.lines.map((line) => line.customAttributes[0])).toEqual([
			{ key: 'tracking_number', value: 'DHL-1' },
			{ key: 'tracking_number', value: 'DHL-1' },
		]);
		// "Send to Error Output" for SKUs with no row: nothing is written.
		const other = fixture.sandbox.state.seedOrder(kioskOrder({ status: 'PAID' }));
		const refused = await fixture.runner.run(
			cloudshelfWorkflow(
				{ ...parameters, unmappedSku: 'error' },
				[{ ...fulfilment, orderReference: other.id }],
				ERROR_OUTPUT,
			),
		);
		expect(refused.json('Cloudshelf')).toEqual([]);
		expect(refused.json('Cloudshelf', 1)[0].error).toBe(
			`Order ${other.id}: SKU "CAP-BLUE" has no row in the SKU Mapping table`,
		);
		expect(
			fixture.sandbox.state.orders.get(other.id)!.lines.map((line) => line.customAttributes),
		).toEqual([[], []]);
	});

	it('never reports a fulfilment as recorded when one of its SKUs matches no order line: the matched lines are written, the item goes to the error output naming the SKU', async () => {
		const order = fixture.sandbox.state.seedOrder(kioskOrder({ status: 'PAID' }));
		const fulfilment = {
			orderReference: order.id,
			trackingNumber: 'DHL-2',
			shippedAt: '2026-11-21T09:00:00Z',
			lines: [
				{ sku: 'CENTRA-TEE-RED-M', quantity: 2 },
				{ sku: 'CAP-BLUE', quantity: 1 },
			],
		};
		const first = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'order', operation: 'recordFulfilment' },
				[fulfilment],
				ERROR_OUTPUT,
			),
		);
		expect(first.json('Cloudshelf')).toEqual([]);
		expect(first.json('Cloudshelf', 1)).toEqual([
			expect.objectContaining({
				orderReference: order.id,
				error: `Order ${order.id}: fulfilment SKU "CENTRA-TEE-RED-M" matches no line of the Cloudshelf order; the tracking DHL-2 was written to the 1 line(s) that matched`,
				details: expect.stringContaining('SKU Mapping'),
			}),
		]);
		const tracking = () =>
			fixture.sandbox.state.orders
				.get(order.id)!
				.lines.map(
					(line) =>
						line.customAttributes.find((attribute) => attribute.key === 'tracking_number')?.value,
				);
		expect(tracking()).toEqual([undefined, 'DHL-2']);
		// Replayed unchanged: still an error (not "already recorded"), and nothing written again.
		const writes = fixture.sandbox.callsTo('UpsertOrders').length;
		const replay = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'order', operation: 'recordFulfilment' },
				[fulfilment],
				ERROR_OUTPUT,
			),
		);
		expect(replay.json('Cloudshelf')).toEqual([]);
		expect(replay.json('Cloudshelf', 1)[0].error).toContain('was already on the 1 line(s)');
		expect(fixture.sandbox.callsTo('UpsertOrders')).toHaveLength(writes);
		// With the SKU mapped, the replay completes the order.
		const fixed = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'order',
					operation: 'recordFulfilment',
					skuMapping: { mapping: [{ sourceSku: 'CENTRA-TEE-RED-M', targetSku: 'TEE-RED-M' }] },
				},
				[fulfilment],
				ERROR_OUTPUT,
			),
		);
		expect(fixed.json('Cloudshelf')).toEqual([
			expect.objectContaining({ recorded: true, lines: 2 }),
		]);
		expect(tracking()).toEqual(['DHL-2', 'DHL-2']);
		// Without an error output the node stops, naming the SKU.
		const stopped = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'order', operation: 'recordFulfilment' }, [
				{ ...fulfilment, lines: [...fulfilment.lines, { sku: 'SOCK', quantity: 1 }] },
			]),
		);
		expect(stopped.status).toBe('error');
		expect(stopped.nodeError('Cloudshelf')?.message).toBe(
			`Order ${order.id}: fulfilment SKU "CENTRA-TEE-RED-M", "SOCK" match no line of the Cloudshelf order; the tracking DHL-2 was already on the 1 line(s) that matched`,
		);
	});

	it('sends a fulfilment for an order Cloudshelf does not have to the error output', async () => {
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'order', operation: 'recordFulfilment' },
				[{ orderReference: 'LW-ONLY-1', shippedAt: '2026-11-21T09:00:00Z', trackingNumber: 'X' }],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf', 1)[0]).toMatchObject({
			orderReference: 'LW-ONLY-1',
			error: 'Cloudshelf has no order LW-ONLY-1',
		});
	});
});

describe('Cloudshelf Trigger → New Order', () => {
	it('emits each new PLACED or PAID order once across checks, advancing only past what it emitted', async () => {
		fixture.sandbox.state.seedOrder(kioskOrder({ createdAt: minutesAgo(60) })); // before activation
		let poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE),
			'Cloudshelf Trigger',
		);
		expect(poll.items).toEqual([]);

		const draft = fixture.sandbox.state.seedOrder(
			kioskOrder({ status: 'DRAFT_BASKET', createdAt: new Date().toISOString() }),
		);
		const placed = fixture.sandbox.state.seedOrder(
			kioskOrder({ createdAt: new Date().toISOString() }),
		);
		poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE),
			'Cloudshelf Trigger',
			poll.staticData,
		);
		expect(poll.items.map((item) => item.json.reference)).toEqual([placed.id]);
		expect(poll.items[0].json).toMatchObject({
			lines: [
				expect.objectContaining({ sku: 'TEE-RED-M' }),
				expect.objectContaining({ sku: 'CAP-BLUE' }),
			],
		});

		// PLACED → PAID does not emit it again; the basket becoming PLACED does emit it.
		fixture.sandbox.state.upsertOrder({ id: placed.id, status: 'PAID' });
		fixture.sandbox.state.upsertOrder({ id: draft.id, status: 'PLACED' });
		poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE),
			'Cloudshelf Trigger',
			poll.staticData,
		);
		expect(poll.items.map((item) => item.json.reference)).toEqual([draft.id]);

		poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE),
			'Cloudshelf Trigger',
			poll.staticData,
		);
		expect(poll.items).toEqual([]);
	});

	it('with Order Status Changed, emits an order again when it reaches another chosen status (a sale, then its refund)', async () => {
		const parameters = {
			event: 'orderStatusChanged',
			statuses: ['PAID', 'REFUNDED'],
			startFrom: minutesAgo(30),
		};
		const sale = fixture.sandbox.state.seedOrder(kioskOrder({ status: 'PAID' }));
		let poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE, parameters),
			'Cloudshelf Trigger',
		);
		expect(poll.items.map((item) => [item.json.reference, item.json.status])).toEqual([
			[sale.id, 'paid'],
		]);

		poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE, parameters),
			'Cloudshelf Trigger',
			poll.staticData,
		);
		expect(poll.items).toEqual([]);

		fixture.sandbox.state.upsertOrder({ id: sale.id, status: 'REFUNDED' });
		poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE, parameters),
			'Cloudshelf Trigger',
			poll.staticData,
		);
		expect(poll.items.map((item) => [item.json.reference, item.json.status])).toEqual([
			[sale.id, 'refunded'],
		]);
	});

	it('keeps an order whose variant is unknown, with the reason, rather than dropping it', async () => {
		const order = fixture.sandbox.state.seedOrder(
			kioskOrder({
				lines: [{ variant: 'gid://cloudshelf/ProductVariant/GONE', quantity: 1, price: 3 }],
			}),
		);
		const poll = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE, { startFrom: minutesAgo(30) }),
			'Cloudshelf Trigger',
		);
		expect(poll.items.map((item) => item.json.reference)).toEqual([order.id]);
		expect(poll.items[0].json).toMatchObject({
			lines: [expect.objectContaining({ sku: '' })],
			attributes: expect.objectContaining({
				unresolvedLines: expect.stringContaining('gid://cloudshelf/ProductVariant/GONE'),
			}),
		});
	});

	it('samples the newest orders in a manual run, not the oldest', async () => {
		const orders = Array.from({ length: 7 }, (_, index) =>
			fixture.sandbox.state.seedOrder(
				kioskOrder({
					createdAt: minutesAgo(70 - index * 10),
					updatedAt: minutesAgo(70 - index * 10),
				}),
			),
		);
		const manual = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE),
			'Cloudshelf Trigger',
			{},
			'manual',
		);
		expect(manual.items.map((item) => item.json.reference)).toEqual(
			orders.slice(2).map((order) => order.id),
		);
	});

	it('returns a sample in a manual run without touching the cursor', async () => {
		const order = fixture.sandbox.state.seedOrder(kioskOrder());
		const manual = await fixture.runner.poll(
			triggerWorkflow(CLOUDSHELF_TRIGGER_NODE),
			'Cloudshelf Trigger',
			{},
			'manual',
		);
		expect(manual.items.map((item) => item.json.reference)).toEqual([order.id]);
		expect(manual.staticData['node:Cloudshelf Trigger'] ?? {}).toEqual({});
	});
});
