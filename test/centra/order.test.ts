import type { IDataObject } from 'n8n-workflow';

import { orderNumberCandidates } from '../../nodes/Centra/model';
import { ALL_PERMISSIONS } from '../../sandbox/centra/server';
import { CENTRA_STORES, centraWorkflow, startCentra, type CentraFixture } from '../harness/centra';
import { WorkflowRunner } from '../harness/run-workflow';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: CentraFixture;
beforeEach(async () => {
	fixture = await startCentra({}, CENTRA_STORES);
	// Room for several orders of two tees in the store's warehouse (the seed has 3 free).
	const { state } = fixture.sandbox;
	state.level(
		state.findWarehouse('Oxford Street')!.id,
		state.findSizeBySku('TEE-RED-M')!.id,
	).physical = 50;
});
afterEach(async () => fixture.close());

/** An anonymous endless-aisle kiosk order, as the Cloudshelf node outputs it. */
function kioskOrder(reference: string, overrides: IDataObject = {}): IDataObject {
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00Z',
		currency: 'GBP',
		status: 'paid',
		location: 'Oxford Street Kiosk',
		lines: [
			{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99 },
			{ sku: 'CAP-BLUE', name: 'Cap blue', quantity: 1, unitPrice: 14.99 },
		],
		payments: [{ method: 'Card', amount: 54.97 }],
		totals: { total: 54.97 },
		attributes: { deviceName: 'Kiosk 3' },
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
				market: '1',
				pricelist: '1',
				shippingOption: 'store-pickup',
				country: 'GB',
			},
		],
	},
	shippingMethodMapping: {
		mapping: [{ shippingMethod: 'Home Delivery', shippingOption: 'standard' }],
	},
	guestName: 'Oxford Street walk-in',
	guestEmail: 'oxford@shop.example',
};

const create = async (input: IDataObject[], parameters: IDataObject = {}) =>
	await fixture.runner.run(
		centraWorkflow({ ...createParameters, ...parameters }, input, ERROR_OUTPUT),
	);

const ordersIn = () => fixture.sandbox.state.snapshot().orders;
const orderCalls = () => fixture.sandbox.callsTo('POST order');

/** A runner whose Integration API token has every permission but `without`. */
const runnerWithout = (without: string[]) =>
	WorkflowRunner.forSandboxes(
		{ centra: fixture.sandbox.baseUrl },
		{
			centraIntegrationApi: {
				token: fixture.sandbox.mintToken(
					ALL_PERMISSIONS.filter((permission) => !without.includes(permission)),
				).token,
			},
		},
	);

describe('Centra → Order → Create', () => {
	it('creates the order once, in the mapped market, pricelist and shipping option', async () => {
		const result = await create([kioskOrder('CS-1001')]);
		expect(result.status).toBe('success');
		const [number] = orderNumberCandidates('CS-1001');
		const [created] = result.json('Centra');
		expect(created).toMatchObject({
			created: true,
			centraOrderNumber: number,
			reference: 'CS-1001',
			origin: 'cloudshelf',
			location: 'Oxford Street Kiosk',
			currency: 'GBP',
			status: 'pending',
			shippingMethod: 'store-pickup',
			customer: { email: 'oxford@shop.example', name: 'Oxford Street walk-in' },
			lines: [
				{ sku: 'TEE-RED-M', quantity: 2, unitPrice: 19.99 },
				{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99 },
			],
			attributes: {
				centraOrderNumber: String(number),
				centraMarket: 'Retail UK',
				centraPricelist: 'GBP Retail',
				centraShippingOption: 'Store Pickup',
			},
		});
		const [stored] = ordersIn();
		expect(stored).toMatchObject({
			number,
			marketId: 1,
			pricelistId: 1,
			shippingOptionId: 1,
			status: 'PENDING',
			orderDate: '2026-11-20T10:15:00.000Z',
		});
		expect(stored.internalComment?.split('\n')).toEqual([
			'External reference: CS-1001',
			'Origin: cloudshelf',
			'Location: Oxford Street Kiosk',
			'Placed at: 2026-11-20T10:15:00.000Z',
			'Device: Kiosk 3',
			'Payment: Card 54.97 GBP, taken by cloudshelf (not handled by Centra)',
		]);
		// Adjust Stock (default on): the lines are allocated in the market's warehouse.
		expect(fixture.sandbox.state.stockOf('Oxford Street', 'TEE-RED-M')).toMatchObject({
			physical: 50,
			allocated: 4,
		});
	});

	it('needs Order.internalComment:read (the reference lives there): without it, nothing is created', async () => {
		await create([kioskOrder('CS-1000')]);
		const result = await runnerWithout(['Order.internalComment:read']).run(
			centraWorkflow(createParameters, [kioskOrder('CS-1002')], ERROR_OUTPUT),
		);
		expect(result.json('Centra', 1)[0].error).toMatch(/lacks the Order\.internalComment:read/);
		expect(ordersIn().map((order) => order.number)).toEqual([orderNumberCandidates('CS-1000')[0]]);
		expect(orderCalls()).toHaveLength(1);
	});

	it('fails the item, naming both numbers, when Centra does not use the order number sent', async () => {
		fixture.sandbox.quirks.orderApiAssignsNumbers = true;
		const [number] = orderNumberCandidates('CS-1003');
		const result = await create([kioskOrder('CS-1003')]);
		const [stored] = ordersIn();
		expect(stored.number).not.toBe(number);
		expect(result.json('Centra')).toEqual([]);
		expect(result.json('Centra', 1)[0].error).toBe(
			`Order CS-1003: Centra created order number ${stored.number} instead of the order number ${number} sent`,
		);
	});

	it('is idempotent: a replay returns the order with created: false and creates nothing', async () => {
		const input = [kioskOrder('CS-2001'), kioskOrder('CS-2002')];
		const first = await create(input);
		const second = await create(input);
		expect(first.json('Centra').map((item) => item.created)).toEqual([true, true]);
		expect(second.json('Centra').map((item) => item.created)).toEqual([false, false]);
		expect(second.json('Centra').map((item) => item.centraOrderNumber)).toEqual(
			first.json('Centra').map((item) => item.centraOrderNumber),
		);
		expect(ordersIn()).toHaveLength(2);
		expect(orderCalls()).toHaveLength(2);
		// The replay read the candidates (one call for both orders) and the outputs: no creation,
		// and no checks (SKUs and pricelists are looked up only for orders to create).
		expect(fixture.sandbox.callsTo('OrdersByNumber')).toHaveLength(4);
		expect(fixture.sandbox.callsTo('ProductSizesBySku')).toHaveLength(1);
		expect(fixture.sandbox.callsTo('Pricelists')).toHaveLength(1);
	});

	it('takes the next candidate when another order holds the first number (a collision)', async () => {
		const [first, second] = orderNumberCandidates('CS-3001');
		fixture.sandbox.state.seed({
			orders: [
				{
					number: first,
					market: 'Retail UK',
					internalComment: 'External reference: SOMEONE-ELSE',
					lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
				},
			],
		});
		const result = await create([kioskOrder('CS-3001')]);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({ created: true, centraOrderNumber: second, reference: 'CS-3001' }),
		]);
		const replay = await create([kioskOrder('CS-3001')]);
		expect(replay.json('Centra')).toEqual([
			expect.objectContaining({ created: false, centraOrderNumber: second }),
		]);
		expect(
			ordersIn()
				.map((order) => order.number)
				.sort(),
		).toEqual([first, second].sort());
	});

	it('answers Centra\'s "order number exists" by reading the order back (same reference twice in a run)', async () => {
		const result = await create([kioskOrder('CS-4001'), kioskOrder('CS-4001')]);
		const outputs = result.json('Centra');
		expect(outputs.map((item) => item.created).sort()).toEqual([false, true]);
		expect(new Set(outputs.map((item) => item.centraOrderNumber)).size).toBe(1);
		expect(ordersIn()).toHaveLength(1);
		// Both were sent; Centra refused the second with −5, and it was matched by its reference.
		expect(orderCalls()).toHaveLength(2);
	});

	it('sends an unmapped location or shipping method to the error output, naming it', async () => {
		const result = await create([
			kioskOrder('CS-5001', { location: 'Soho Kiosk' }),
			kioskOrder('CS-5002', { shippingMethod: 'Drone' }),
			kioskOrder('CS-5003', { shippingMethod: 'Home Delivery' }),
		]);
		expect(result.json('Centra', 1)).toEqual([
			expect.objectContaining({
				error: 'Order CS-5001: location "Soho Kiosk" has no row in the Location Mapping table',
			}),
			expect.objectContaining({
				error:
					'Order CS-5002: shipping method "Drone" has no row in the Shipping Method Mapping table',
			}),
		]);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({ reference: 'CS-5003', created: true, shippingMethod: 'standard' }),
		]);
		expect(ordersIn()).toHaveLength(1);
	});

	it('uses the defaults below the table for unmapped locations when asked', async () => {
		const result = await create([kioskOrder('CS-5101', { location: 'Pop-up' })], {
			unmappedLocation: 'default',
			defaultMarket: '1',
			defaultPricelist: '1',
			defaultCountry: 'GB',
		});
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({ created: true, reference: 'CS-5101', location: 'Pop-up' }),
		]);
	});

	it('routes by a kiosk attribute (deviceName) when Match Location By is Attribute', async () => {
		const result = await create([kioskOrder('CS-5201', { location: 'anything' })], {
			locationKey: 'attribute',
			locationAttribute: 'deviceName',
			locationMapping: {
				mapping: [{ orderLocation: 'kiosk 3', market: '1', pricelist: '1', country: 'GB' }],
			},
		});
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({
				created: true,
				attributes: expect.objectContaining({ centraMarket: 'Retail UK' }),
			}),
		]);
	});

	it('sends an unknown SKU, or one Centra cannot sell (code −1), to the error output', async () => {
		fixture.sandbox.state.seed({
			products: [
				{
					name: 'Old',
					variants: [{ name: 'Old', sizes: [{ size: 'M', SKU: 'OLD-M', active: false }] }],
				},
			],
		});
		const result = await create([
			kioskOrder('CS-6001', { lines: [{ sku: 'NOPE-1', quantity: 1, unitPrice: 5 }] }),
			kioskOrder('CS-6002', {
				lines: [
					{ sku: 'OLD-M', quantity: 1, unitPrice: 5 },
					{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99 },
				],
			}),
		]);
		const errors = result.json('Centra', 1);
		expect(errors[0].error).toBe('Order CS-6001: SKU NOPE-1 is not a Centra product size');
		expect(errors[1].error).toMatch(/^Order CS-6002: Centra cannot sell SKU OLD-M in market 1/);
		expect(errors[1].error).toMatch(/code -1/);
		expect(ordersIn()).toHaveLength(0);
		// The unknown SKU was caught before sending; the inactive one by Centra.
		expect(orderCalls()).toHaveLength(1);
	});

	it('refuses a pricelist in another currency', async () => {
		const result = await create([kioskOrder('CS-6101')], {
			locationMapping: {
				mapping: [
					{ orderLocation: 'Oxford Street Kiosk', market: '1', pricelist: '2', country: 'GB' },
				],
			},
		});
		expect(result.json('Centra', 1)[0].error).toBe(
			'Order CS-6101: the order is in GBP but pricelist "EUR Web" is in EUR',
		);
		expect(orderCalls()).toHaveLength(0);
	});

	it('files anonymous orders under the guest, and registers customers with their own e-mail when asked', async () => {
		const named = (reference: string) =>
			kioskOrder(reference, {
				customer: { email: 'jane@example.com', name: 'Jane Smith' },
				shippingAddress: { name: 'Jane Smith', line1: '1 Test St', city: 'London', country: 'GB' },
			});
		const guest = await create([kioskOrder('CS-7001'), named('CS-7002')]);
		expect(guest.status).toBe('success');
		const registered = await create([kioskOrder('CS-7003'), named('CS-7004')], {
			options: { registerCustomer: true },
		});
		expect(registered.json('Centra')[1]).toMatchObject({
			customer: { email: 'jane@example.com', name: 'Jane Smith' },
			shippingAddress: { line1: '1 Test St', city: 'London', country: 'GB' },
		});
		const { customers, orders } = fixture.sandbox.state.snapshot();
		const customerOf = (reference: string) => {
			const order = orders.find((candidate) =>
				candidate.internalComment?.startsWith(`External reference: ${reference}\n`),
			);
			return customers.find((customer) => customer.id === order?.customerId);
		};
		expect(customerOf('CS-7001')).toMatchObject({
			email: 'oxford@shop.example',
			registered: false,
		});
		expect(customerOf('CS-7002')).toMatchObject({ email: 'jane@example.com', registered: false });
		// Anonymous orders stay guest orders even with Register Customer on.
		expect(customerOf('CS-7003')).toMatchObject({
			email: 'oxford@shop.example',
			registered: false,
		});
		expect(customerOf('CS-7004')).toMatchObject({ email: 'jane@example.com', registered: true });
	});

	it('needs a guest e-mail for anonymous orders', async () => {
		const result = await create([kioskOrder('CS-7101')], { guestEmail: '' });
		expect(result.json('Centra', 1)[0]).toMatchObject({
			error: 'Order CS-7101: the order has no customer e-mail and "Guest Customer Email" is empty',
		});
	});

	it("returns Centra's payload with Simplify off", async () => {
		const result = await create([kioskOrder('CS-7201')], { simplify: false });
		expect(result.json('Centra')[0]).toMatchObject({
			created: true,
			number: orderNumberCandidates('CS-7201')[0],
			status: 'PENDING',
			market: { id: 1, name: 'Retail UK' },
			internalComment: expect.stringContaining('External reference: CS-7201'),
		});
	});
});

describe('Centra → Order → Get, Get Many, Confirm, Cancel', () => {
	const run = async (parameters: IDataObject, input: IDataObject[] = [{}]) =>
		await fixture.runner.run(
			centraWorkflow({ resource: 'order', ...parameters }, input, ERROR_OUTPUT),
		);

	beforeEach(async () => {
		await create([kioskOrder('CS-8001'), kioskOrder('CS-8002')]);
	});

	it('gets an order by reference (its candidate numbers) or by Centra number', async () => {
		const byReference = await run({
			operation: 'get',
			lookupBy: 'reference',
			reference: 'CS-8002',
		});
		expect(byReference.json('Centra')).toEqual([
			expect.objectContaining({ reference: 'CS-8002', origin: 'cloudshelf' }),
		]);
		// All five candidates in one read.
		expect(fixture.sandbox.calls.slice(-1)[0]?.operation).toBe('OrdersByNumber');
		const number = orderNumberCandidates('CS-8001')[0];
		const byNumber = await run({ operation: 'get', lookupBy: 'number', orderNumber: number });
		expect(byNumber.json('Centra')[0]).toMatchObject({ reference: 'CS-8001' });
		const missing = await run({ operation: 'get', lookupBy: 'reference', reference: 'CS-NONE' });
		expect(missing.json('Centra', 1)[0].error).toBe('No Centra order has reference CS-NONE');
		// A Centra order number typed as a reference is pointed to the right Find By.
		const digits = await run({ operation: 'get', lookupBy: 'reference', reference: '1000123' });
		expect(digits.json('Centra', 1)[0].details).toContain('set Find By to Centra Order Number');
	});

	it('gets many orders in a creation window and by status, page by page', async () => {
		fixture.sandbox.state.seed({
			orders: Array.from({ length: 3 }, (_, index) => ({
				market: 'Retail UK',
				createdAt: `2026-01-0${index + 1}T12:00:00Z`,
				lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
			})),
		});
		const all = await run({ operation: 'getMany', returnAll: true });
		expect(all.json('Centra')).toHaveLength(5);
		const january = await run({
			operation: 'getMany',
			createdAfter: '2026-01-01T00:00:00Z',
			createdBefore: '2026-01-02T23:59:59Z',
			returnAll: true,
		});
		expect(
			january
				.json('Centra')
				.map((order) => order.placedAt)
				.sort(),
		).toEqual(['2026-01-01T12:00:00.000Z', '2026-01-02T12:00:00.000Z']);
		const limited = await run({ operation: 'getMany', returnAll: false, limit: 2 });
		expect(limited.json('Centra')).toHaveLength(2);
		fixture.sandbox.state.seed({
			orders: Array.from({ length: 200 }, () => ({
				market: 'Retail UK',
				lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
			})),
		});
		const before = fixture.sandbox.callsTo('Orders').length;
		const paged = await run({ operation: 'getMany', returnAll: true });
		// 205 orders at 200 a page: two pages, newest first.
		expect(paged.json('Centra')).toHaveLength(205);
		expect(fixture.sandbox.callsTo('Orders').length - before).toBe(2);
		const numbers = paged.json('Centra').map((order) => Number(order.reference));
		expect(numbers.slice(0, 3)).toEqual([...numbers.slice(0, 3)].sort((a, b) => b - a));
		const cancelled = await run({ operation: 'getMany', statuses: ['CANCELLED'], returnAll: true });
		expect(cancelled.json('Centra')).toHaveLength(0);
		const bad = await run({ operation: 'getMany', createdAfter: 'soon', returnAll: true });
		expect(bad.json('Centra', 1)[0].error).toBe(
			'"Created After" and "Created Before" do not make a time window',
		);
	});

	it('confirms a pending order; confirming again is not an error', async () => {
		const confirm = { operation: 'confirm', lookupBy: 'reference', reference: 'CS-8001' };
		const first = await run(confirm);
		expect(first.json('Centra')[0]).toMatchObject({
			alreadyConfirmed: false,
			status: 'paid',
			attributes: expect.objectContaining({ centraStatus: 'CONFIRMED' }),
		});
		const again = await run(confirm);
		expect(again.json('Centra')[0]).toMatchObject({ alreadyConfirmed: true });
		expect(fixture.sandbox.callsTo('ConfirmOrder')).toHaveLength(1);
	});

	it('cancels an order; cancelling again succeeds with alreadyCancelled', async () => {
		const cancel = { operation: 'cancel', lookupBy: 'reference', reference: 'CS-8002' };
		const first = await run(cancel);
		expect(first.json('Centra')[0]).toMatchObject({
			cancelled: true,
			alreadyCancelled: false,
			status: 'cancelled',
		});
		const again = await run(cancel);
		expect(again.json('Centra')[0]).toMatchObject({ cancelled: true, alreadyCancelled: true });
		expect(fixture.sandbox.callsTo('CancelOrder')).toHaveLength(1);
		// The allocation went back to the warehouse: only the other order still holds stock.
		expect(fixture.sandbox.state.stockOf('Oxford Street', 'TEE-RED-M')).toMatchObject({
			allocated: 4,
		});
	});

	it('confirms and cancels with a token that may not read addresses or customers', async () => {
		const lean = runnerWithout([
			'Order.shippingAddress:read',
			'Order.billingAddress:read',
			'Purchaser:read',
		]);
		const confirmed = await lean.run(
			centraWorkflow(
				{ resource: 'order', operation: 'confirm', lookupBy: 'reference', reference: 'CS-8001' },
				[{}],
				ERROR_OUTPUT,
			),
		);
		expect(confirmed.json('Centra')[0]).toMatchObject({
			alreadyConfirmed: false,
			reference: 'CS-8001',
			attributes: expect.objectContaining({ centraStatus: 'CONFIRMED' }),
		});
		const cancelled = await lean.run(
			centraWorkflow(
				{ resource: 'order', operation: 'cancel', lookupBy: 'reference', reference: 'CS-8002' },
				[{}],
				ERROR_OUTPUT,
			),
		);
		expect(cancelled.json('Centra')[0]).toMatchObject({ cancelled: true, status: 'cancelled' });
	});

	it("sends Centra's refusal of a cancel to the error output", async () => {
		const number = orderNumberCandidates('CS-8001')[0];
		fixture.sandbox.ship({ order: number, complete: true });
		const result = await run({ operation: 'cancel', lookupBy: 'number', orderNumber: number });
		expect(result.json('Centra', 1)[0].error).toMatch(
			new RegExp(`^Centra did not cancel order ${number}: `),
		);
	});
});
