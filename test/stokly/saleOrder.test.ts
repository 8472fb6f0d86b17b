import type { IDataObject } from 'n8n-workflow';

import { startStokly, stoklyWorkflow, type StoklyFixture } from '../harness/stokly';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const NODE = 'Stokly';
const DAY_MS = 86_400_000;

/** An anonymous kiosk sale paid by card, as the Cloudshelf node outputs it. */
function kioskOrder(reference: string, overrides: IDataObject = {}): IDataObject {
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00.000Z',
		currency: 'GBP',
		status: 'paid',
		location: 'Hereford Kiosk',
		lines: [{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99 }],
		payments: [{ method: 'card', amount: 39.98 }],
		totals: { total: 39.98 },
		attributes: { deviceName: 'Kiosk 1' },
		...overrides,
	};
}

const createParameters: IDataObject = {
	resource: 'saleOrder',
	operation: 'create',
	locationMapping: {
		mapping: [
			{ orderLocation: 'Hereford Kiosk', channel: 'Cloudshelf', location: 'London Warehouse' },
			{ orderLocation: 'Oxford Street Kiosk', channel: 'Cloudshelf', location: 'Oxford Street' },
		],
	},
	paymentMethodMapping: {
		mapping: [
			{ tender: 'card', method: 4 },
			{ tender: 'cash', method: 1 },
		],
	},
};

const create = async (
	input: IDataObject[],
	parameters: IDataObject = {},
	staticData?: IDataObject,
) =>
	await fixture.runner.run(
		stoklyWorkflow({ ...createParameters, ...parameters }, input, ERROR_OUTPUT),
		{},
		staticData,
	);

const ordersWith = (reference: string, includeHeld = false) =>
	fixture.sandbox.state
		.saleOrders({ includeHeld })
		.filter((order) => order.sourceReferenceId === reference);
const posts = () => fixture.sandbox.callsTo('POST /v2/saleorders').length;

describe('Stokly → Sale Order → Create', () => {
	it('creates the sale order with its payments mapped, net prices, createdAt = placedAt, channel, location and tags', async () => {
		const result = await create([kioskOrder('CS-1001')]);
		expect(result.json(NODE, 1)).toEqual([]);
		const [output] = result.json(NODE);
		const [stored] = ordersWith('CS-1001');
		expect(output).toEqual({
			reference: 'CS-1001',
			saleOrderId: stored.saleOrderId,
			niceId: stored.niceId,
			created: true,
			pending: false,
			stage: 'order',
			channel: 'Cloudshelf',
			location: 'London Warehouse',
			backorderedLines: [],
		});
		const state = fixture.sandbox.state;
		expect(stored).toMatchObject({
			sourceType: 'other',
			sourceId: state.channels.all().find((channel) => channel.name === 'Cloudshelf')!.channelId,
			channelName: 'Cloudshelf',
			customerReference: 'CS-1001',
			createdAt: '2026-11-20T10:15:00.000Z',
			currency: 'GBP',
			locationId: state.locationByName('London Warehouse')!.locationId,
			tags: ['cloudshelf', 'location:Hereford Kiosk', 'kiosk:Kiosk 1'],
			payments: [{ method: 4, amount: 39.98 }],
			total: 39.98,
		});
		expect(stored.items).toMatchObject([
			{
				itemSku: 'TEE-RED-M',
				referenceId: state.itemBySku('TEE-RED-M')!.itemId,
				quantity: 2,
				displayPrice: 16.66,
				displayTax: 3.33,
				fulfilmentType: 'delivery',
			},
		]);
		expect(posts()).toBe(1);
	});

	it('is idempotent: the same order run twice is one sale order, the replay says created: false', async () => {
		const first = await create([kioskOrder('CS-2001')]);
		const second = await create([kioskOrder('CS-2001')], {}, first.staticData);
		expect(first.json(NODE)[0].created).toBe(true);
		expect(second.json(NODE)[0]).toMatchObject({
			created: false,
			pending: false,
			saleOrderId: first.json(NODE)[0].saleOrderId,
			niceId: first.json(NODE)[0].niceId,
		});
		expect(ordersWith('CS-2001')).toHaveLength(1);
		expect(posts()).toBe(1);
	});

	it('keeps the first sale order that runs overlapping in time made for the same reference and removes the others', async () => {
		// Both runs look the reference up before either creates: Stokly refuses neither sale order.
		const runs = await Promise.all([
			create([kioskOrder('CS-RACE')]),
			create([kioskOrder('CS-RACE')]),
		]);
		const made = ordersWith('CS-RACE').sort((a, b) => a.niceId - b.niceId);
		expect(made.map((order) => order.stage)).toEqual(['order', 'removed']);
		const [standing, duplicate] = made;
		// Both items output the order that stands; one run made it, the other's was removed.
		const outputs = runs.flatMap((run) => run.json(NODE));
		expect(runs.flatMap((run) => run.json(NODE, 1))).toEqual([]);
		expect(outputs.map((output) => [output.saleOrderId, output.created]).sort()).toEqual(
			[
				[standing.saleOrderId, true],
				[standing.saleOrderId, false],
			].sort(),
		);
		expect(outputs.flatMap((output) => output.removedDuplicates ?? [])).toContain(
			`${duplicate.niceId} (${duplicate.saleOrderId})`,
		);
		expect(fixture.sandbox.callsTo('PATCH /v2/saleorders/{id}').map((call) => call.path)).toContain(
			`/v2/saleorders/${duplicate.saleOrderId}`,
		);
		// Either run's next execution finds the standing order.
		for (const run of runs) {
			const next = await create([kioskOrder('CS-RACE')], {}, run.staticData);
			expect(next.json(NODE)).toEqual([
				expect.objectContaining({ saleOrderId: standing.saleOrderId, created: false }),
			]);
		}
	});

	it('after a race, every item of the reference (repeats too, in either run) outputs the order that stands', async () => {
		const runs = await Promise.all([
			create([kioskOrder('CS-RACE-REPEAT'), kioskOrder('CS-RACE-REPEAT')]),
			create([kioskOrder('CS-RACE-REPEAT')]),
		]);
		const live = ordersWith('CS-RACE-REPEAT').filter((order) => order.stage !== 'removed');
		expect(live).toHaveLength(1);
		const outputs = runs.flatMap((run) => run.json(NODE));
		expect(runs.flatMap((run) => run.json(NODE, 1))).toEqual([]);
		expect(outputs).toHaveLength(3);
		for (const output of outputs) expect(output.saleOrderId).toBe(live[0].saleOrderId);
		expect(outputs.filter((output) => output.created === true)).toHaveLength(1);
	});

	it('removes nothing that is not a copy: racing orders of the same reference placed at different times are reported', async () => {
		const runs = await Promise.all([
			create([kioskOrder('CS-RACE-OTHER')]),
			create([kioskOrder('CS-RACE-OTHER', { placedAt: '2026-11-21T09:00:00.000Z' })]),
		]);
		const made = ordersWith('CS-RACE-OTHER');
		expect(made.map((order) => order.stage)).toEqual(['order', 'order']);
		expect(fixture.sandbox.callsTo('PATCH /v2/saleorders/{id}')).toEqual([]);
		expect(runs.flatMap((run) => run.json(NODE, 1))).toEqual([
			expect.objectContaining({
				error: expect.stringMatching(/^Order CS-RACE-OTHER was filed more than once in Stokly/),
			}),
		]);
	});

	it('reports a racing duplicate, naming the order that stands, when removing is off or Stokly does not confirm it', async () => {
		for (const [reference, parameters, refuse] of [
			['CS-RACE-OFF', { options: { removeRacingDuplicates: false } }, false],
			['CS-RACE-REFUSED', {}, true],
		] as const) {
			if (refuse)
				fixture.sandbox.setFaults({
					failNext: [{ operation: 'PATCH /v2/saleorders/{id}', status: 400, count: 10 }],
				});
			const runs = await Promise.all([
				create([kioskOrder(reference)], parameters),
				create([kioskOrder(reference)], parameters),
			]);
			const made = ordersWith(reference).sort((a, b) => a.niceId - b.niceId);
			expect(made.map((order) => order.stage)).toEqual(['order', 'order']);
			const [standing, duplicate] = made;
			expect(runs.flatMap((run) => run.json(NODE))).toEqual([
				expect.objectContaining({ saleOrderId: standing.saleOrderId, created: true }),
			]);
			expect(runs.flatMap((run) => run.json(NODE, 1))).toEqual([
				expect.objectContaining({
					error: `Order ${reference} was filed more than once in Stokly by executions running at once: sale order ${standing.niceId} (${standing.saleOrderId}) is the order, ${duplicate.niceId} (${duplicate.saleOrderId}) (made by this execution) is a duplicate`,
				}),
			]);
			fixture.sandbox.setFaults({ failNext: [] });
		}
	});

	it('creates two items with the same reference in one run once', async () => {
		const result = await create([kioskOrder('CS-2101'), kioskOrder('CS-2101')]);
		expect(result.json(NODE).map((item) => item.created)).toEqual([true, false]);
		expect(result.json(NODE)[1].saleOrderId).toBe(result.json(NODE)[0].saleOrderId);
		expect(ordersWith('CS-2101')).toHaveLength(1);
	});

	it('a create answered 202 and not visible yet is not sent again on the next run; after settle exactly one exists', async () => {
		fixture.sandbox.state.holdWrites = true;
		const first = await create([kioskOrder('CS-3001')]);
		const [accepted] = first.json(NODE);
		expect(accepted).toMatchObject({
			reference: 'CS-3001',
			saleOrderId: expect.any(String),
			created: true,
			pending: true,
		});
		expect(accepted.niceId).toBeUndefined();
		expect(ordersWith('CS-3001')).toHaveLength(0);

		const second = await create([kioskOrder('CS-3001')], {}, first.staticData);
		expect(second.json(NODE)).toEqual([
			expect.objectContaining({
				saleOrderId: accepted.saleOrderId,
				created: false,
				pending: true,
			}),
		]);
		expect(posts()).toBe(1);

		fixture.sandbox.state.settle();
		fixture.sandbox.state.holdWrites = false;
		const third = await create([kioskOrder('CS-3001')], {}, second.staticData);
		expect(third.json(NODE)[0]).toMatchObject({
			saleOrderId: accepted.saleOrderId,
			niceId: expect.any(Number),
			created: false,
			pending: false,
		});
		expect(ordersWith('CS-3001', true)).toHaveLength(1);
		expect(posts()).toBe(1);
	});

	it('after a lost answer the order is not sent again: found by its reference at once (created: true), the next run finds it', async () => {
		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'POST /v2/saleorders', count: 1 }],
		});
		const first = await create([kioskOrder('CS-4001')]);
		expect(first.json(NODE, 1)).toEqual([]);
		expect(first.json(NODE)[0]).toMatchObject({
			created: true,
			pending: false,
			saleOrderId: ordersWith('CS-4001')[0].saleOrderId,
		});
		const second = await create([kioskOrder('CS-4001')], {}, first.staticData);
		expect(second.json(NODE)[0]).toMatchObject({ created: false, pending: false });
		expect(ordersWith('CS-4001')).toHaveLength(1);
		expect(posts()).toBe(1);
	});

	it('a lost answer for an order not visible yet fails the item saying Stokly may have it, and is never re-sent', async () => {
		fixture.sandbox.state.holdWrites = true;
		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'POST /v2/saleorders', count: 1 }],
		});
		const first = await create([kioskOrder('CS-4101')]);
		expect(first.json(NODE)).toEqual([]);
		const [failed] = first.json(NODE, 1);
		expect(failed.error).toBe(
			'Order CS-4101: Stokly may have made the sale order, but its answer was lost',
		);
		expect(failed.details).toContain('it is not sent again');

		const second = await create([kioskOrder('CS-4101')], {}, first.staticData);
		expect(second.json(NODE, 1)[0].error).toBe(failed.error);
		expect(posts()).toBe(1);

		fixture.sandbox.state.settle();
		fixture.sandbox.state.holdWrites = false;
		const third = await create([kioskOrder('CS-4101')], {}, second.staticData);
		expect(third.json(NODE)[0]).toMatchObject({ created: false, pending: false });
		expect(ordersWith('CS-4101', true)).toHaveLength(1);
		expect(posts()).toBe(1);
	});

	it('a 5xx on the look-up is retried; a 5xx on the create is not re-sent within the window, and is sent once it has passed', async () => {
		fixture.sandbox.setFaults({
			failNext: [
				{ operation: 'GET /v2/saleorders', status: 503, count: 1 },
				{ operation: 'POST /v2/saleorders', status: 500, count: 1 },
			],
		});
		const first = await create([kioskOrder('CS-5001')]);
		expect(first.json(NODE, 1)[0].error).toBe(
			'Order CS-5001: Stokly may have made the sale order, but its answer was lost',
		);
		expect(posts()).toBe(1);
		expect(ordersWith('CS-5001')).toHaveLength(0);

		const again = await create([kioskOrder('CS-5001')], {}, first.staticData);
		expect(again.json(NODE, 1)).toHaveLength(1);
		expect(posts()).toBe(1);

		// The Pending Window (30 minutes) passes without Stokly ever showing the order: sent again.
		const aged = again.staticData;
		const pending = (aged['node:Stokly'] as IDataObject).saleOrders as Record<string, IDataObject>;
		pending['CS-5001'].at = Date.now() - 31 * 60_000;
		const later = await create([kioskOrder('CS-5001')], {}, aged);
		expect(later.json(NODE)[0]).toMatchObject({ created: true, pending: false });
		expect(ordersWith('CS-5001')).toHaveLength(1);
		expect(posts()).toBe(2);
	});

	it('sends an order with an unmapped payment method to the error output naming it and the table, before any create', async () => {
		const result = await create([
			kioskOrder('CS-6001', { payments: [{ method: 'voucher', amount: 39.98 }] }),
			kioskOrder('CS-6002'),
		]);
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({ reference: 'CS-6002', created: true }),
		]);
		const [failed] = result.json(NODE, 1);
		expect(failed.error).toBe(
			'Order CS-6001: payment method "voucher" has no row in the Payment Method Mapping table',
		);
		expect(failed.details).toBe(
			'Add the payment method to the Payment Method Mapping table (or choose "Use Defaults Below" in "Unmapped Payment Methods"), then run again.',
		);
		expect(ordersWith('CS-6001')).toHaveLength(0);
		expect(posts()).toBe(1);
	});

	it('sends a paid order that names no payment method to the error output; a pending one is filed unpaid', async () => {
		const result = await create([
			kioskOrder('CS-6051', { payments: [] }),
			kioskOrder('CS-6052', { payments: [], status: 'pending' }),
		]);
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({ reference: 'CS-6052', created: true }),
		]);
		const [failed] = result.json(NODE, 1);
		expect(failed.error).toBe('Order CS-6051 is paid but names no payment method');
		expect(ordersWith('CS-6051')).toHaveLength(0);
		expect(ordersWith('CS-6052')[0].payments).toEqual([]);
	});

	it('records unmapped payment methods under the default method when chosen', async () => {
		await create([kioskOrder('CS-6101', { payments: [{ method: 'voucher', amount: 39.98 }] })], {
			unmappedPaymentMethod: 'default',
			defaultMethod: 7,
		});
		expect(ordersWith('CS-6101')[0].payments).toEqual([{ method: 7, amount: 39.98 }]);
	});

	it('sends an order with an unknown SKU to the error output naming the SKU, and creates the others', async () => {
		const result = await create([
			kioskOrder('CS-7001', {
				lines: [
					{ sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 5 },
					{ sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99 },
				],
			}),
			kioskOrder('CS-7002'),
		]);
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({ reference: 'CS-7002', created: true }),
		]);
		expect(result.json(NODE, 1)[0]).toMatchObject({
			error: 'Order CS-7001: SKU NO-SUCH-SKU is not a Stokly item',
			details:
				'Add the SKU to the SKU Mapping table (incoming SKU → Stokly SKU), or create the item in Stokly, then run again.',
		});
		expect(ordersWith('CS-7001')).toHaveLength(0);
	});

	it('maps SKUs through the SKU Mapping table and locations to channel and location by ID', async () => {
		const state = fixture.sandbox.state;
		const websiteId = state.channels.all().find((channel) => channel.name === 'Website')!.channelId;
		const oxfordId = state.locationByName('Oxford Street')!.locationId;
		const result = await create(
			[kioskOrder('CS-7101', { lines: [{ sku: 'KIOSK-CAP', quantity: 1, unitPrice: 15 }] })],
			{
				locationMapping: {
					mapping: [{ orderLocation: 'Hereford Kiosk', channel: websiteId, location: oxfordId }],
				},
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-CAP', targetSku: 'CAP-BLUE' }] },
			},
		);
		expect(result.json(NODE)[0]).toMatchObject({ channel: 'Website', location: 'Oxford Street' });
		expect(ordersWith('CS-7101')[0]).toMatchObject({
			sourceId: websiteId,
			locationId: oxfordId,
			items: [{ itemSku: 'CAP-BLUE' }],
		});
	});

	it('fails orders from unmapped locations, and names a mapped channel Stokly does not have', async () => {
		const result = await create(
			[
				kioskOrder('CS-7201', { location: 'Elsewhere' }),
				kioskOrder('CS-7202', { location: 'Typo Kiosk' }),
			],
			{
				locationMapping: {
					mapping: [
						{ orderLocation: 'Typo Kiosk', channel: 'Cloudshelff', location: 'Oxford Street' },
					],
				},
			},
		);
		expect(result.json(NODE, 1).map((item) => item.error)).toEqual([
			'Order CS-7201: location "Elsewhere" has no row in the Location Mapping table',
			'Order CS-7202: Stokly has no channel "Cloudshelff"',
		]);
		expect(posts()).toBe(0);
	});

	it("an offline kiosk's 50 sales arriving a day late are each posted once, counted on their own day", async () => {
		const now = Date.now();
		const yesterday = new Date(now - DAY_MS);
		yesterday.setUTCHours(0, 0, 0, 0);
		const today = new Date(yesterday.getTime() + DAY_MS);
		const sales = Array.from({ length: 50 }, (_, index) =>
			kioskOrder(`CS-OFFLINE-${index + 1}`, {
				placedAt: new Date(yesterday.getTime() + 8 * 3_600_000 + index * 10 * 60_000).toISOString(),
				payments: [{ method: index % 2 ? 'cash' : 'card', amount: 39.98 }],
			}),
		);
		const synced = await create(sales, { backorderCheck: 'off' });
		expect(synced.json(NODE, 1)).toEqual([]);
		expect(synced.json(NODE).filter((item) => item.created)).toHaveLength(50);
		// The kiosk syncs the same cache again: nothing is posted twice.
		const again = await create(sales, { backorderCheck: 'off' }, synced.staticData);
		expect(again.json(NODE).filter((item) => item.created)).toHaveLength(0);
		expect(posts()).toBe(50);

		const getMany = async (after: Date, before: Date) =>
			await fixture.runner.run(
				stoklyWorkflow({
					resource: 'saleOrder',
					operation: 'getMany',
					createdAfter: after.toISOString(),
					createdBefore: before.toISOString(),
					returnAll: true,
					paymentMethodMapping: createParameters.paymentMethodMapping,
				}),
			);
		const day = (await getMany(yesterday, today)).json(NODE);
		expect(day).toHaveLength(50);
		expect(new Set(day.map((order) => order.reference)).size).toBe(50);
		for (const order of day) {
			expect(Date.parse(order.placedAt as string)).toBeGreaterThanOrEqual(yesterday.getTime());
			expect(Date.parse(order.placedAt as string)).toBeLessThan(today.getTime());
		}
		expect(
			day.filter((order) => (order.payments as IDataObject[])[0].method === 'cash'),
		).toHaveLength(25);
		expect((await getMany(today, new Date(today.getTime() + DAY_MS))).json(NODE)).toHaveLength(0);
	});

	it('flags lines the fulfilment location lacks stock for (tag backorder, backorderedLines); two orders cannot both take the last unit', async () => {
		const order = (reference: string, quantity: number) =>
			kioskOrder(reference, {
				location: 'Oxford Street Kiosk',
				lines: [
					{ sku: 'TEE-RED-M', quantity, unitPrice: 19.99 },
					{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 15 },
				],
				payments: [{ method: 'card', amount: 19.99 * quantity + 15 }],
			});
		// Oxford Street holds 3 TEE-RED-M and 7 CAP-BLUE.
		const result = await create([order('CS-8001', 2), order('CS-8002', 2)]);
		const [first, second] = result.json(NODE);
		expect(first).toMatchObject({ created: true, backorderedLines: [] });
		expect(second).toMatchObject({
			created: true,
			backorderedLines: [{ sku: 'TEE-RED-M', ordered: 2, available: 1, short: 1 }],
		});
		expect(ordersWith('CS-8001')[0].tags).not.toContain('backorder');
		expect(ordersWith('CS-8002')[0].tags).toContain('backorder');
	});

	it('sends a short order (and its repeat in the run) to the error output when the Backorder Check says so, naming the lines', async () => {
		const result = await create(
			[
				kioskOrder('CS-8101', { lines: [{ sku: 'TEE-RED-XL', quantity: 1, unitPrice: 19.99 }] }),
				kioskOrder('CS-8101', { lines: [{ sku: 'TEE-RED-XL', quantity: 1, unitPrice: 19.99 }] }),
			],
			{ backorderCheck: 'error' },
		);
		expect(result.json(NODE, 1).map((item) => item.error)).toEqual([
			'Order CS-8101: London Warehouse lacks stock for TEE-RED-XL (1 ordered, 0 in stock)',
			'Order CS-8101: not made, as item 0 with the same reference failed',
		]);
		expect(posts()).toBe(0);
	});

	it('makes no sale order for a cancelled order, but returns one made before it was cancelled', async () => {
		await create([kioskOrder('CS-8201')]);
		const result = await create([
			kioskOrder('CS-8201', { status: 'cancelled' }),
			kioskOrder('CS-8202', { status: 'refunded' }),
		]);
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({ reference: 'CS-8201', created: false }),
		]);
		expect(result.json(NODE, 1)[0].error).toBe(
			'Order CS-8202 is refunded: no sale order is made for it',
		);
		expect(ordersWith('CS-8202')).toHaveLength(0);
	});

	it('does not count the units of cancelled or refunded orders in the stock check of later orders', async () => {
		const order = (reference: string, quantity: number, status: string) =>
			kioskOrder(reference, {
				status,
				location: 'Oxford Street Kiosk',
				lines: [{ sku: 'TEE-RED-M', quantity, unitPrice: 19.99 }],
				payments: [{ method: 'card', amount: 19.99 * quantity }],
			});
		// Oxford Street holds 3 TEE-RED-M: the paid order takes all 3, the refused ones none.
		const result = await create([
			order('CS-8301', 2, 'cancelled'),
			order('CS-8302', 1, 'refunded'),
			order('CS-8303', 3, 'paid'),
		]);
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({ reference: 'CS-8303', created: true, backorderedLines: [] }),
		]);
		expect(result.json(NODE, 1).map((item) => item.error)).toEqual([
			'Order CS-8301 is cancelled: no sale order is made for it',
			'Order CS-8302 is refunded: no sale order is made for it',
		]);
		expect(ordersWith('CS-8303')[0].tags).not.toContain('backorder');
		expect(posts()).toBe(1);
	});

	it('finds or creates the customer by email, once per email', async () => {
		const customer = { email: 'jo@example.com', name: 'Jo Bloggs' };
		const result = await create(
			[kioskOrder('CS-9001', { customer }), kioskOrder('CS-9002', { customer })],
			{ customerMode: 'findOrCreate' },
		);
		expect(result.json(NODE).map((item) => item.created)).toEqual([true, true]);
		const customers = fixture.sandbox.state.customerList();
		expect(customers).toHaveLength(1);
		expect(customers[0]).toMatchObject({ email: 'jo@example.com', fullName: 'Jo Bloggs' });
		expect(ordersWith('CS-9001')[0].customerId).toBe(customers[0].customerId);
		expect(ordersWith('CS-9002')[0].customerId).toBe(customers[0].customerId);
		await create([kioskOrder('CS-9003', { customer })], { customerMode: 'findOrCreate' });
		expect(fixture.sandbox.state.customerList()).toHaveLength(1);
		expect(fixture.sandbox.callsTo('POST /v0/customers')).toHaveLength(1);
	});
});

describe('Stokly → Sale Order → Get and Get Many', () => {
	let saleOrderId: string;
	beforeEach(async () => {
		const result = await create([
			kioskOrder('CS-G1', {
				shippingAddress: {
					name: 'Jo Bloggs',
					line1: '1 High St',
					city: 'Hereford',
					postalCode: 'HR1 1AA',
					country: 'GB',
				},
				shippingMethod: 'Standard',
				totals: { shipping: 6, total: 45.98 },
				payments: [{ method: 'card', amount: 45.98 }],
			}),
			kioskOrder('CS-G2', {
				placedAt: '2026-11-21T09:00:00.000Z',
				payments: [{ method: 'cash', amount: 39.98 }],
			}),
		]);
		saleOrderId = result.json(NODE)[0].saleOrderId as string;
	});

	const run = async (parameters: IDataObject) =>
		await fixture.runner.run(
			stoklyWorkflow({ resource: 'saleOrder', ...parameters }, [{}], ERROR_OUTPUT),
		);

	it('gets a sale order by source reference as the canonical order, payment methods named by the table', async () => {
		const result = await run({
			operation: 'get',
			reference: 'CS-G1',
			paymentMethodMapping: createParameters.paymentMethodMapping,
		});
		expect(result.json(NODE)).toEqual([
			{
				saleOrderId,
				niceId: expect.any(Number),
				reference: 'CS-G1',
				origin: 'stokly',
				placedAt: '2026-11-20T10:15:00.000Z',
				currency: 'GBP',
				status: 'paid',
				customer: { name: 'Jo Bloggs' },
				shippingAddress: {
					name: 'Jo Bloggs',
					line1: '1 High St',
					city: 'Hereford',
					postalCode: 'HR1 1AA',
					country: 'GB',
				},
				shippingMethod: 'Standard',
				location: 'London Warehouse',
				lines: [
					{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99, taxRate: 20 },
				],
				payments: [{ method: 'card', amount: 45.98 }],
				totals: { subtotal: 39.98, shipping: 6, tax: 7.66, total: 45.98 },
				attributes: expect.objectContaining({
					stoklySaleOrderId: saleOrderId,
					channelName: 'Cloudshelf',
					stage: 'order',
					tags: 'cloudshelf, location:Hereford Kiosk, kiosk:Kiosk 1',
				}),
			},
		]);
	});

	it('gets a sale order by ID raw, with its lines; an unknown reference goes to the error output', async () => {
		const raw = await run({ operation: 'get', findBy: 'id', saleOrderId, simplify: false });
		expect(raw.json(NODE)[0]).toMatchObject({
			saleOrderId,
			sourceReferenceId: 'CS-G1',
			payments: [{ method: 4, amount: 45.98 }],
			items: [{ itemSku: 'TEE-RED-M', quantity: 2, status: 'unprocessed' }],
		});
		const missing = await run({ operation: 'get', reference: 'NOPE' });
		expect(missing.json(NODE, 1)[0].error).toBe(
			'Stokly has no sale order with source reference NOPE',
		);
	});

	it('gets many by createdAt window, oldest first, with a limit; numbers without a table stay numbers', async () => {
		const all = await run({ operation: 'getMany', returnAll: true });
		expect(all.json(NODE).map((order) => order.reference)).toEqual(['CS-G1', 'CS-G2']);
		expect((all.json(NODE)[1].payments as IDataObject[])[0].method).toBe('1');
		const window = await run({
			operation: 'getMany',
			createdAfter: '2026-11-21T00:00:00.000Z',
			createdBefore: '2026-11-22T00:00:00.000Z',
			returnAll: true,
		});
		expect(window.json(NODE).map((order) => order.reference)).toEqual(['CS-G2']);
		const limited = await run({ operation: 'getMany', limit: 1 });
		expect(limited.json(NODE).map((order) => order.reference)).toEqual(['CS-G1']);
		const bad = await run({
			operation: 'getMany',
			createdAfter: '2026-11-22',
			createdBefore: '2026-11-21',
		});
		expect(bad.json(NODE, 1)[0].error).toBe(
			'"Created After" and "Created Before" do not make a time window',
		);
	});

	it('gets many by stage: removed orders only when asked', async () => {
		await fixture.runner.run(
			stoklyWorkflow({ resource: 'saleOrder', operation: 'get', reference: 'CS-G2' }),
		);
		const order = ordersWith('CS-G2')[0];
		fixture.sandbox.state.patchSaleOrder(order.saleOrderId, { stage: 'removed' });
		fixture.sandbox.state.settle();
		const live = await run({ operation: 'getMany', returnAll: true });
		expect(live.json(NODE).map((entry) => entry.reference)).toEqual(['CS-G1']);
		const removed = await run({ operation: 'getMany', stage: 'removed', returnAll: true });
		expect(removed.json(NODE)).toEqual([
			expect.objectContaining({ reference: 'CS-G2', status: 'cancelled' }),
		]);
		const any = await run({ operation: 'getMany', stage: '', returnAll: true });
		expect(any.json(NODE)).toHaveLength(2);
	});
});
