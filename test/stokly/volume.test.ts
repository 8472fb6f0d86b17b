/**
 * Reference look-ups at a day's volume through n8n's engine against the Stokly sandbox: Cloudshelf
 * order references (`gid://cloudshelf/Order/<ULID>`) are long, and 200 of them in one `||` filter
 * make a URL the server refuses (HTTP 431), so every look-up batches by length as well as count.
 */
import type { IDataObject } from 'n8n-workflow';

import { startStokly, stoklyWorkflow, type StoklyFixture } from '../harness/stokly';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const ORDERS = 200;
const PAYMENT_METHODS = { paymentMethodMapping: { mapping: [{ tender: 'card', method: 4 }] } };

/** A Cloudshelf order id as the Cloudshelf node gives it (a ULID under a gid). */
const reference = (index: number) =>
	`gid://cloudshelf/Order/01JD${String(index).padStart(6, '0')}K7QX3M9V2R8T4W6Y`;

/** A paid kiosk sale of one cap on 1 May, as Cloudshelf's Order → Get Many emits it. */
const kioskOrder = (index: number): IDataObject => ({
	reference: reference(index),
	origin: 'cloudshelf',
	placedAt: new Date(Date.parse('2026-05-01T08:00:00.000Z') + index * 60_000).toISOString(),
	currency: 'GBP',
	status: 'paid',
	location: 'Oxford Street',
	lines: [{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 12.5 }],
	payments: [{ method: 'card', amount: 12.5 }],
	totals: { subtotal: 12.5, total: 12.5 },
	attributes: { deviceName: 'Kiosk 1' },
});

const orders = Array.from({ length: ORDERS }, (_, index) => kioskOrder(index));

const CREATE: IDataObject = {
	resource: 'saleOrder',
	operation: 'create',
	locationMapping: {
		mapping: [{ orderLocation: 'Oxford Street', channel: 'Cloudshelf', location: 'Oxford Street' }],
	},
	...PAYMENT_METHODS,
	fulfilmentType: 'none',
	backorderCheck: 'off',
};

const create = async (staticData?: IDataObject) =>
	await fixture.runner.run(stoklyWorkflow(CREATE, orders, ERROR_OUTPUT), {}, staticData);

/** Statuses of the sale-order listings Stokly answered (a refused URL never reaches them). */
const listingStatuses = () =>
	new Set(fixture.sandbox.callsTo('GET /v2/saleorders').map((call) => call.status));

describe('Stokly reference look-ups at volume', () => {
	it('posts 200 kiosk orders with Cloudshelf references in one run, and none again on the next', async () => {
		const first = await create();
		expect(first.json('Stokly', 1)).toEqual([]);
		expect(first.json('Stokly')).toHaveLength(ORDERS);
		expect(first.json('Stokly').every((output) => output.created === true)).toBe(true);
		expect(fixture.sandbox.state.saleOrders()).toHaveLength(ORDERS);

		const second = await create(first.staticData);
		expect(second.json('Stokly', 1)).toEqual([]);
		expect(second.json('Stokly').map((output) => output.created)).toEqual(
			Array(ORDERS).fill(false),
		);
		expect(fixture.sandbox.state.saleOrders()).toHaveLength(ORDERS);
		expect(fixture.sandbox.callsTo('POST /v2/saleorders')).toHaveLength(ORDERS);
		expect(listingStatuses()).toEqual(new Set([200]));
	});

	it('reconciles a day of 200 kiosk sales, reading their sale orders by reference', async () => {
		await create();
		const result = await fixture.runner.run(
			stoklyWorkflow(
				{
					resource: 'takings',
					operation: 'reconcile',
					period: 'day',
					day: '2026-05-01',
					timeZone: 'Europe/London',
					channels: ['Cloudshelf'],
					...PAYMENT_METHODS,
					output: 'all',
				},
				orders,
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Stokly', 1)).toEqual([]);
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({
				day: '2026-05-01',
				location: 'Oxford Street',
				paymentMethod: 'card',
				expected: 2500,
				recorded: 2500,
				orders: ORDERS,
				variance: false,
			}),
		]);
		expect(listingStatuses()).toEqual(new Set([200]));
	});
});
