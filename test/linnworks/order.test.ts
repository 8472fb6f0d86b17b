import type { IDataObject } from 'n8n-workflow';

import {
	STORES,
	linnworksWorkflow,
	startLinnworks,
	type LinnworksFixture,
} from '../harness/linnworks';
import { ERROR_OUTPUT, linnworksOrderByReference } from '../harness/workflows';

let fixture: LinnworksFixture;
beforeEach(async () => {
	fixture = await startLinnworks({}, STORES);
});
afterEach(async () => fixture.close());

function kioskOrder(reference: string, overrides: IDataObject = {}): IDataObject {
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00Z',
		currency: 'GBP',
		status: 'paid',
		location: 'Oxford Street Kiosk',
		customer: { email: 'jane@example.com', name: 'Jane Smith' },
		shippingAddress: {
			name: 'Jane Smith',
			line1: '1 Test St',
			city: 'London',
			postalCode: 'E1 1AA',
			country: 'gb',
		},
		shippingMethod: 'Tracked 48',
		lines: [
			{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99, taxRate: 20 },
			{ sku: 'CAP-BLUE', name: 'Cap blue', quantity: 1, unitPrice: 14.99, taxRate: 20 },
		],
		payments: [{ method: 'Card', amount: 54.97 }],
		totals: { subtotal: 54.97, shipping: 0, total: 54.97 },
		...overrides,
	};
}

const createParameters: IDataObject = {
	resource: 'order',
	operation: 'create',
	locationMapping: {
		mapping: [
			{
				orderLocation: 'Oxford Street Kiosk',
				source: 'CLOUDSHELF',
				subSource: 'Oxford Street',
				fulfilmentLocation: 'London Warehouse',
			},
		],
	},
	guestName: 'Oxford Street walk-in',
	guestEmail: 'oxford@shop.example',
};

const ordersIn = () => fixture.sandbox.state.snapshot().orders;

describe('Linnworks → Order → Create', () => {
	it('creates the order under the mapped Source/SubSource and fulfilment location', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(createParameters, [kioskOrder('CS-1001')]),
		);
		expect(result.status).toBe('success');
		const [created] = result.json('Linnworks');
		expect(created).toMatchObject({
			created: true,
			reference: 'CS-1001',
			source: 'CLOUDSHELF',
			subSource: 'Oxford Street',
			fulfilmentLocation: 'London Warehouse',
			numOrderId: 100001,
		});
		expect(created.order).toMatchObject({
			reference: 'CS-1001',
			origin: 'cloudshelf',
			status: 'paid',
			currency: 'GBP',
			customer: { name: 'Jane Smith', email: 'jane@example.com' },
			lines: [
				{ sku: 'TEE-RED-M', quantity: 2, unitPrice: 19.99, taxRate: 20 },
				{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99, taxRate: 20 },
			],
		});
		const [stored] = [...fixture.sandbox.state.orders.values()];
		expect(stored.channel).toMatchObject({
			Source: 'CLOUDSHELF',
			SubSource: 'Oxford Street',
			ReferenceNumber: 'CS-1001',
			PaymentStatus: 'Paid',
			DeliveryAddress: { FullName: 'Jane Smith', MatchCountryCode: 'GB', PostCode: 'E1 1AA' },
		});
		// The order holds stock at the fulfilment location.
		const held = fixture.sandbox.state
			.snapshot()
			.stock.find((row) => row.sku === 'TEE-RED-M' && row.location === 'London Warehouse');
		expect(held).toMatchObject({ stockLevel: 10, inOrders: 2, available: 8 });
	});

	it('is idempotent: the same orders sent twice make one Linnworks order each', async () => {
		const input = [kioskOrder('CS-2001'), kioskOrder('CS-2002')];
		const first = await fixture.runner.run(linnworksWorkflow(createParameters, input));
		const second = await fixture.runner.run(linnworksWorkflow(createParameters, input));
		expect(first.json('Linnworks').map((item) => item.created)).toEqual([true, true]);
		expect(second.json('Linnworks').map((item) => item.created)).toEqual([false, false]);
		expect(second.json('Linnworks').map((item) => item.orderId)).toEqual(
			first.json('Linnworks').map((item) => item.orderId),
		);
		expect(ordersIn()).toHaveLength(2);
		expect(fixture.sandbox.callsTo('Orders/CreateOrders')).toHaveLength(1);
		// Two orders are fewer than the listings' four calls (open orders at each of the three
		// locations, processed orders once): each is looked up by reference instead.
		expect(fixture.sandbox.callsTo('Orders/GetOpenOrders')).toHaveLength(0);
		expect(fixture.sandbox.callsTo('Orders/GetOrderDetailsByReferenceId')).toHaveLength(4);
	});

	it('sends 45 orders in batches of at most 20', async () => {
		const input = Array.from({ length: 45 }, (_, index) => kioskOrder(`CS-B${index}`));
		const result = await fixture.runner.run(linnworksWorkflow(createParameters, input));
		expect(result.json('Linnworks')).toHaveLength(45);
		expect(fixture.sandbox.callsTo('Orders/CreateOrders')).toHaveLength(3);
		expect(ordersIn()).toHaveLength(45);
	});

	it('files an anonymous kiosk sale under the in-store guest customer', async () => {
		const anonymous = kioskOrder('CS-3001', { customer: undefined, shippingAddress: undefined });
		await fixture.runner.run(linnworksWorkflow(createParameters, [anonymous]));
		const [stored] = [...fixture.sandbox.state.orders.values()];
		expect(stored.channel.ChannelBuyerName).toBe('Oxford Street walk-in');
		expect(stored.channel.DeliveryAddress).toMatchObject({
			FullName: 'Oxford Street walk-in',
			EmailAddress: 'oxford@shop.example',
		});
	});

	it('routes unknown locations, unmapped and unknown SKUs and invalid orders to the error output with the reason', async () => {
		const parameters = {
			...createParameters,
			skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
		};
		const result = await fixture.runner.run(
			linnworksWorkflow(
				parameters,
				[
					kioskOrder('CS-4001', { lines: [{ sku: 'KIOSK-TEE-M', quantity: 1, unitPrice: 19.99 }] }),
					kioskOrder('CS-4002', { location: 'Brighton Pop-up' }),
					kioskOrder('CS-4003', {
						lines: [{ sku: 'NOT-IN-LINNWORKS', quantity: 1, unitPrice: 5 }],
					}),
					kioskOrder('CS-4004', { currency: 'pounds', lines: [] }),
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks')).toEqual([
			expect.objectContaining({ reference: 'CS-4001', created: true }),
		]);
		const failures = result.json('Linnworks', 1);
		expect(failures.map((item) => [item.reference, item.error])).toEqual([
			[
				'CS-4002',
				'Order CS-4002: location "Brighton Pop-up" has no row in the Location Mapping table',
			],
			['CS-4003', 'Order CS-4003: SKU NOT-IN-LINNWORKS has no Linnworks stock item'],
			[
				'CS-4004',
				'Item 3: Not a valid order: currency must be a three-letter ISO 4217 code such as GBP (got "POUNDS"); lines is empty',
			],
		]);
		expect(failures[0].details).toContain('Location Mapping');
		const [stored] = [...fixture.sandbox.state.orders.values()];
		expect(stored.channel.OrderItems[0].ChannelSKU).toBe('TEE-RED-M');
		expect(ordersIn()).toHaveLength(1);
	});

	it('fails only the item whose own settings cannot be read (an expression failing for it)', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{
					...createParameters,
					guestName: "={{ $json.kiosk ? $json.kiosk.staff : $('No Such Node').item.json.name }}",
				},
				[kioskOrder('CS-7001', { kiosk: { staff: ' Jo ' } }), kioskOrder('CS-7002')],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks').map((item) => [item.reference, item.created])).toEqual([
			['CS-7001', true],
		]);
		const failures = result.json('Linnworks', 1);
		expect(failures.map((item) => item.reference)).toEqual(['CS-7002']);
		expect(failures[0].error).toEqual(expect.any(String));
		expect(
			[...fixture.sandbox.state.orders.values()].map((order) => order.channel.ReferenceNumber),
		).toEqual(['CS-7001']);
	});

	it('fails an unmapped SKU when unmapped SKUs are errors, naming the SKU', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{ ...createParameters, unmappedSku: 'error' },
				[kioskOrder('CS-5001')],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks', 1)[0].error).toBe(
			'Order CS-5001: SKU "TEE-RED-M", "CAP-BLUE" have no row in the SKU Mapping table',
		);
		expect(ordersIn()).toHaveLength(0);
	});

	it('uses the default routing for unmapped locations when asked to', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{
					...createParameters,
					unmappedLocation: 'default',
					defaultSource: 'KIOSK',
					defaultFulfilmentLocation: 'Oxford Street',
				},
				[kioskOrder('CS-6001', { location: 'Brighton Pop-up' })],
			),
		);
		expect(result.json('Linnworks')[0]).toMatchObject({
			source: 'KIOSK',
			subSource: 'Brighton Pop-up',
			fulfilmentLocation: 'Oxford Street',
		});
	});

	it('renews an expired session mid-run without failing', async () => {
		await fixture.runner.run(linnworksWorkflow(createParameters, [kioskOrder('CS-7001')]));
		expect(fixture.runner.credentials.preAuthentications.linnworksApi).toBe(1);
		fixture.sandbox.expireSessions();
		const result = await fixture.runner.run(
			linnworksWorkflow(createParameters, [kioskOrder('CS-7002')]),
		);
		expect(result.status).toBe('success');
		expect(result.json('Linnworks')[0]).toMatchObject({ created: true });
		// The stored session was refused once (401), renewed, and the call repeated.
		expect(fixture.runner.credentials.preAuthentications.linnworksApi).toBe(2);
		expect(fixture.sandbox.calls.filter((call) => call.status === 401)).toHaveLength(1);
		expect(ordersIn()).toHaveLength(2);
	});

	it('retries CreateOrders after a 500 and still creates each order once', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'Orders/CreateOrders', status: 500, count: 2 }],
		});
		const result = await fixture.runner.run(
			linnworksWorkflow(createParameters, [kioskOrder('CS-8001'), kioskOrder('CS-8002')]),
		);
		expect(result.status).toBe('success');
		expect(fixture.sandbox.callsTo('Orders/CreateOrders').map((call) => call.status)).toEqual([
			500, 500, 200,
		]);
		expect(ordersIn()).toHaveLength(2);
	});

	it('sends an order priced away from the Linnworks retail price to the error output, when a tolerance is set', async () => {
		const parameters = { ...createParameters, options: { priceTolerance: 5 } };
		const result = await fixture.runner.run(
			linnworksWorkflow(
				parameters,
				[
					kioskOrder('CS-P1'),
					kioskOrder('CS-P2', {
						lines: [
							{ sku: 'TEE-RED-M', quantity: 1, unitPrice: 15 },
							{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.5 },
						],
					}),
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks').map((item) => item.reference)).toEqual(['CS-P1']);
		expect(result.json('Linnworks', 1)[0].error).toBe(
			'Order CS-P2: line 1 (TEE-RED-M) costs 15.00 but the Linnworks price is 19.99 (25.0% off), more than the 5% tolerance',
		);
		expect(ordersIn().map((order) => order.reference)).toEqual(['CS-P1']);
	});

	it('takes the order from a JSON parameter when asked to', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow({
				...createParameters,
				inputMode: 'json',
				orderJson: JSON.stringify(kioskOrder('CS-9001')),
			}),
		);
		expect(result.json('Linnworks')[0]).toMatchObject({ reference: 'CS-9001', created: true });
	});
});

describe('Linnworks → Order → Create: the duplicate check', () => {
	const created = (result: { json: (node: string) => IDataObject[] }) =>
		result.json('Linnworks').map((item) => [item.reference, item.created]);
	const byReference = (reference: string) =>
		fixture.sandbox.state.findByKey('CLOUDSHELF', 'Oxford Street', reference)!;
	// Unpaid (kiosk "placed") orders: CreateOrders would update one it already holds and report it
	// saved, so only the duplicate check can return these with created: false.
	const unpaid = (reference: string, overrides: IDataObject = {}) =>
		kioskOrder(reference, { status: 'pending', ...overrides });
	const lookups = () => fixture.sandbox.callsTo('Orders/GetOrderDetailsByReferenceId');
	const heldAt = (reference: string) =>
		fixture.sandbox.state.locations.find(
			(location) => location.StockLocationId === byReference(reference).fulfilmentLocationId,
		)?.LocationName;

	it('returns orders that exist as open, processed or cancelled with created: false, and never creates them', async () => {
		const existing = [unpaid('CS-OPEN'), unpaid('CS-DISPATCHED'), unpaid('CS-CANCELLED')];
		await fixture.runner.run(linnworksWorkflow(createParameters, existing));
		fixture.sandbox.state.dispatch(byReference('CS-DISPATCHED').OrderId, {
			processedOn: '2026-11-21T09:00:00Z',
			vendor: 'Royal Mail',
			service: 'Tracked 48',
			trackingNumber: 'RM-1',
		});
		expect(fixture.sandbox.state.cancel(byReference('CS-CANCELLED').OrderId)).toBeNull();
		fixture.sandbox.calls.length = 0;

		const result = await fixture.runner.run(
			linnworksWorkflow(createParameters, [...existing, kioskOrder('CS-NEW')]),
		);
		expect(created(result)).toEqual([
			['CS-OPEN', false],
			['CS-DISPATCHED', false],
			['CS-CANCELLED', false],
			['CS-NEW', true],
		]);
		// Found by the listings (open orders at each of the three locations, processed ones once).
		expect(lookups()).toHaveLength(0);
		expect(fixture.sandbox.callsTo('Orders/GetOpenOrders')).toHaveLength(3);
		expect(fixture.sandbox.callsTo('ProcessedOrders/SearchProcessedOrders')).toHaveLength(1);
		expect(ordersIn().map((order) => [order.reference, order.processed])).toEqual([
			['CS-OPEN', false],
			['CS-DISPATCHED', true],
			['CS-CANCELLED', true],
			['CS-NEW', false],
		]);
		expect(result.json('Linnworks')[1]).toMatchObject({
			orderId: byReference('CS-DISPATCHED').OrderId,
			numOrderId: byReference('CS-DISPATCHED').NumOrderId,
		});
	});

	it('makes one order each when the same batch runs twice, the second run answered by the listings', async () => {
		const batch = Array.from({ length: 6 }, (_, index) => unpaid(`CS-T${index}`));
		const first = await fixture.runner.run(linnworksWorkflow(createParameters, batch));
		fixture.sandbox.calls.length = 0;
		const second = await fixture.runner.run(linnworksWorkflow(createParameters, batch));
		expect(first.json('Linnworks').map((item) => item.created)).toEqual(Array(6).fill(true));
		expect(second.json('Linnworks').map((item) => item.created)).toEqual(Array(6).fill(false));
		expect(second.json('Linnworks').map((item) => item.orderId)).toEqual(
			first.json('Linnworks').map((item) => item.orderId),
		);
		expect(fixture.sandbox.callsTo('Orders/CreateOrders')).toHaveLength(0);
		expect(lookups()).toHaveLength(0);
		expect(ordersIn()).toHaveLength(6);
	});

	it('creates 45 new orders of 50 in 3 CreateOrders calls, checking all 50 with one listing each', async () => {
		const orders = Array.from({ length: 50 }, (_, index) => unpaid(`CS-M${index}`));
		await fixture.runner.run(linnworksWorkflow(createParameters, orders.slice(0, 5)));
		const firstIds = ordersIn().map((order) => order.orderId);
		fixture.sandbox.calls.length = 0;

		const result = await fixture.runner.run(linnworksWorkflow(createParameters, orders));
		expect(created(result)).toEqual(orders.map((order, index) => [order.reference, index >= 5]));
		expect(fixture.sandbox.callsTo('Orders/CreateOrders')).toHaveLength(3);
		expect(fixture.sandbox.callsTo('Orders/GetOpenOrders')).toHaveLength(3);
		expect(fixture.sandbox.callsTo('ProcessedOrders/SearchProcessedOrders')).toHaveLength(1);
		expect(lookups()).toHaveLength(0);
		// The 5 found read in one call, the 45 created read back in one (50 per call).
		expect(fixture.sandbox.callsTo('Orders/GetOrdersById')).toHaveLength(2);
		expect(ordersIn()).toHaveLength(50);
		expect(
			ordersIn()
				.slice(0, 5)
				.map((order) => order.orderId),
		).toEqual(firstIds);
	});

	it('retries a check call that fails with 500, and creates nothing twice', async () => {
		await fixture.runner.run(
			linnworksWorkflow(createParameters, [unpaid('CS-R1'), unpaid('CS-R2'), unpaid('CS-R3')]),
		);
		fixture.sandbox.calls.length = 0;
		fixture.sandbox.setFaults({
			failNext: [
				{ operation: 'Orders/GetOpenOrders', status: 500, count: 2 },
				{ operation: 'ProcessedOrders/SearchProcessedOrders', status: 500, count: 1 },
			],
		});
		const result = await fixture.runner.run(
			linnworksWorkflow(createParameters, [
				unpaid('CS-R1'),
				unpaid('CS-R2'),
				unpaid('CS-R3'),
				unpaid('CS-R4'),
			]),
		);
		expect(result.status).toBe('success');
		expect(fixture.sandbox.callsTo('Orders/GetOpenOrders').map((call) => call.status)).toEqual([
			500, 500, 200, 200, 200,
		]);
		expect(
			fixture.sandbox.callsTo('ProcessedOrders/SearchProcessedOrders').map((call) => call.status),
		).toEqual([500, 200]);
		expect(created(result)).toEqual([
			['CS-R1', false],
			['CS-R2', false],
			['CS-R3', false],
			['CS-R4', true],
		]);
		expect(lookups()).toHaveLength(0);
		expect(ordersIn()).toHaveLength(4);
	});

	it('sends the orders to the error output, creating none, when the check is refused', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'Orders/GetOpenOrders', status: 400, count: 1 }],
		});
		const result = await fixture.runner.run(
			linnworksWorkflow(
				createParameters,
				[kioskOrder('CS-X1'), kioskOrder('CS-X2'), kioskOrder('CS-X3'), kioskOrder('CS-X4')],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks')).toHaveLength(0);
		const errors = result.json('Linnworks', 1);
		expect(errors.map((item) => item.reference)).toEqual(['CS-X1', 'CS-X2', 'CS-X3', 'CS-X4']);
		expect(String(errors[0].error)).toContain('Orders/GetOpenOrders');
		expect(fixture.sandbox.callsTo('Orders/CreateOrders')).toHaveLength(0);
		expect(ordersIn()).toHaveLength(0);
	});

	it('finds an unpaid order held at a location its mapping no longer names, or filed with another received date', async () => {
		await fixture.runner.run(linnworksWorkflow(createParameters, [unpaid('CS-MOVED')]));
		// Filed by another tool under the same key, received ten days before the kiosk order.
		fixture.sandbox.state.seed({
			orders: [
				{
					order: {
						...byReference('CS-MOVED').channel,
						ReferenceNumber: 'CS-ELSEWHEN',
						ReceivedDate: '2026-11-10T10:15:00Z',
					},
					location: 'London Warehouse',
				},
			],
		});
		const remapped = {
			...createParameters,
			locationMapping: {
				mapping: [
					{
						orderLocation: 'Oxford Street Kiosk',
						source: 'CLOUDSHELF',
						subSource: 'Oxford Street',
						fulfilmentLocation: 'Oxford Street',
					},
				],
			},
		};
		fixture.sandbox.calls.length = 0;
		const result = await fixture.runner.run(
			linnworksWorkflow(remapped, [
				unpaid('CS-MOVED'),
				unpaid('CS-ELSEWHEN'),
				unpaid('CS-N1'),
				unpaid('CS-N2'),
			]),
		);
		expect(created(result)).toEqual([
			['CS-MOVED', false],
			['CS-ELSEWHEN', false],
			['CS-N1', true],
			['CS-N2', true],
		]);
		expect(lookups()).toHaveLength(0);
		// Left where they were, not updated and moved by a second CreateOrders.
		expect(['CS-MOVED', 'CS-ELSEWHEN', 'CS-N1'].map(heldAt)).toEqual([
			'London Warehouse',
			'London Warehouse',
			'Oxford Street',
		]);
	});

	it('lists once per Source for orders of several SubSources', async () => {
		const twoStores = {
			...createParameters,
			locationMapping: {
				mapping: [
					...(createParameters.locationMapping as { mapping: IDataObject[] }).mapping,
					{
						orderLocation: 'Soho Kiosk',
						source: 'CLOUDSHELF',
						subSource: 'Soho',
						fulfilmentLocation: 'London Warehouse',
					},
				],
			},
		};
		const orders = [
			unpaid('CS-S1'),
			unpaid('CS-S2', { location: 'Soho Kiosk' }),
			unpaid('CS-S3'),
			unpaid('CS-S4', { location: 'Soho Kiosk' }),
			unpaid('CS-S5'),
		];
		await fixture.runner.run(linnworksWorkflow(twoStores, orders.slice(0, 4)));
		fixture.sandbox.calls.length = 0;
		const result = await fixture.runner.run(linnworksWorkflow(twoStores, orders));
		expect(created(result)).toEqual([
			['CS-S1', false],
			['CS-S2', false],
			['CS-S3', false],
			['CS-S4', false],
			['CS-S5', true],
		]);
		expect(fixture.sandbox.callsTo('Orders/GetOpenOrders')).toHaveLength(3);
		expect(fixture.sandbox.callsTo('ProcessedOrders/SearchProcessedOrders')).toHaveLength(1);
		expect(lookups()).toHaveLength(0);
	});

	it('looks orders up by reference when listing would take more calls than that', async () => {
		// 201 open orders of the Source at London Warehouse: two pages there, one at each other
		// location and the processed search make 5 calls, more than the 4 lookups they replace. The
		// listing stops as soon as London's first page says so.
		fixture.sandbox.state.seed({
			orders: Array.from({ length: 201 }, (_, index) => ({
				order: {
					Source: 'CLOUDSHELF',
					SubSource: 'Oxford Street',
					ReferenceNumber: `CS-OLDER-${index}`,
					ReceivedDate: '2026-11-01T10:00:00Z',
					DispatchBy: '2026-11-02T10:00:00Z',
					PaymentStatus: 'Paid' as const,
					Currency: 'GBP',
					OrderItems: [],
				},
				location: 'London Warehouse',
			})),
		});
		fixture.sandbox.calls.length = 0;
		const result = await fixture.runner.run(
			linnworksWorkflow(createParameters, [
				unpaid('CS-L1'),
				unpaid('CS-L2'),
				unpaid('CS-L3'),
				unpaid('CS-OLDER-7'),
			]),
		);
		expect(created(result)).toEqual([
			['CS-L1', true],
			['CS-L2', true],
			['CS-L3', true],
			['CS-OLDER-7', false],
		]);
		expect(lookups()).toHaveLength(4);
		// Default's page, then London's first page (of two): over budget, so no more listing.
		expect(fixture.sandbox.callsTo('Orders/GetOpenOrders')).toHaveLength(2);
		expect(fixture.sandbox.callsTo('ProcessedOrders/SearchProcessedOrders')).toHaveLength(0);
	});

	it('looks up by reference only the orders placed before the listing window', async () => {
		const old = (reference: string) => unpaid(reference, { placedAt: '2026-01-10T10:00:00Z' });
		await fixture.runner.run(linnworksWorkflow(createParameters, [old('CS-OLD-1')]));
		fixture.sandbox.calls.length = 0;

		const result = await fixture.runner.run(
			linnworksWorkflow(createParameters, [
				old('CS-OLD-1'),
				old('CS-OLD-2'),
				unpaid('CS-RECENT-1'),
				unpaid('CS-RECENT-2'),
				unpaid('CS-RECENT-3'),
				unpaid('CS-RECENT-4'),
			]),
		);
		expect(created(result)).toEqual([
			['CS-OLD-1', false],
			['CS-OLD-2', true],
			['CS-RECENT-1', true],
			['CS-RECENT-2', true],
			['CS-RECENT-3', true],
			['CS-RECENT-4', true],
		]);
		// The window is the newest orders' (2026-11-20): the January ones are outside it.
		expect(lookups()).toHaveLength(2);
		expect(fixture.sandbox.callsTo('Orders/GetOpenOrders')).toHaveLength(3);
		expect(ordersIn()).toHaveLength(6);
	});
});

describe('Linnworks → Order → Get and Cancel', () => {
	beforeEach(async () => {
		await fixture.runner.run(
			linnworksWorkflow(createParameters, [kioskOrder('CS-G1'), kioskOrder('CS-G2')]),
		);
	});

	it('gets an order by reference and by Linnworks id', async () => {
		const byReference = await fixture.runner.run(
			linnworksWorkflow({
				resource: 'order',
				operation: 'get',
				lookupBy: 'reference',
				reference: 'CS-G1',
			}),
		);
		const [order] = byReference.json('Linnworks');
		expect(order).toMatchObject({
			reference: 'CS-G1',
			status: 'paid',
			attributes: { source: 'CLOUDSHELF' },
		});
		const byId = await fixture.runner.run(
			linnworksWorkflow(
				{
					resource: 'order',
					operation: 'get',
					lookupBy: 'id',
					orderId: '={{ $json.id }}',
					simplify: false,
				},
				[{ id: (order.attributes as IDataObject).linnworksOrderId }],
			),
		);
		expect(byId.json('Linnworks')[0]).toMatchObject({
			NumOrderId: 100001,
			GeneralInfo: { ReferenceNum: 'CS-G1' },
		});
	});

	it('reports a missing order as an item error', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{ resource: 'order', operation: 'get', lookupBy: 'reference', reference: 'NOPE' },
				[{}],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks', 1)[0].error).toBe('No Linnworks order has reference NOPE');
	});

	it('cancels an open order, releases its stock, and treats a second cancel as done', async () => {
		const parameters = {
			resource: 'order',
			operation: 'cancel',
			lookupBy: 'reference',
			reference: 'CS-G1',
		};
		const first = await fixture.runner.run(linnworksWorkflow(parameters));
		expect(first.json('Linnworks')[0]).toMatchObject({
			reference: 'CS-G1',
			cancelled: true,
			alreadyCancelled: false,
		});
		const second = await fixture.runner.run(linnworksWorkflow(parameters));
		expect(second.json('Linnworks')[0]).toMatchObject({ cancelled: true, alreadyCancelled: true });
		expect(ordersIn().find((order) => order.reference === 'CS-G1')).toMatchObject({
			cancelled: true,
		});
		const held = fixture.sandbox.state
			.snapshot()
			.stock.find((row) => row.sku === 'TEE-RED-M' && row.location === 'London Warehouse');
		expect(held?.inOrders).toBe(2); // only CS-G2 still holds stock
	});

	it('refuses to cancel a dispatched order', async () => {
		const order = linnworksOrderByReference(fixture.sandbox.state, 'CS-G2');
		fixture.sandbox.state.dispatch(order.OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD1',
		});
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{ resource: 'order', operation: 'cancel', lookupBy: 'reference', reference: 'CS-G2' },
				[{}],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks', 1)[0].error).toBe(
			'Order CS-G2 has already been dispatched and cannot be cancelled',
		);
	});
});
