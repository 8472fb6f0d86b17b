import type { INode } from 'n8n-workflow';

import {
	dispatchesIn,
	inWindow,
	toCanonicalFulfilment,
} from '../../nodes/Stokly/actions/fulfilment/convert';
import {
	paymentMethodTable,
	stoklyMethodOf,
	tenderOf,
	toStoklyPayments,
} from '../../nodes/Stokly/actions/paymentMethods';
import {
	linePrices,
	netAndTax,
	splitName,
	statusOfSaleOrder,
	toCanonicalOrder,
	toSaleOrderDraft,
	type SaleOrderTarget,
	type StoklySaleOrder,
	type StoklySaleOrderLine,
} from '../../nodes/Stokly/actions/saleOrder/convert';
import { saleOrderFilter } from '../../nodes/Stokly/actions/saleOrder/lookup';
import { MappingLookup, type UnmappedPolicy } from '../../nodes/shared/mapping';
import type { Order } from '../../nodes/shared/model';
import type { PaymentMethodRow } from '../../nodes/Stokly/actions/paymentMethods';

const node = {
	name: 'Stokly',
	type: 'stokly',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as unknown as INode;

const kioskOrder = (overrides: Partial<Order> = {}): Order => ({
	reference: 'gid://cloudshelf/Order/01JA',
	origin: 'cloudshelf',
	placedAt: '2026-11-20T10:15:00.000Z',
	currency: 'GBP',
	status: 'paid',
	location: 'Hereford Kiosk',
	lines: [
		{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99 },
		{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 15, taxRate: 0 },
	],
	payments: [{ method: 'card', amount: 54.98 }],
	...overrides,
});

const target = (overrides: Partial<SaleOrderTarget> = {}): SaleOrderTarget => ({
	channelId: 'CH-1',
	locationId: 'LOC-1',
	itemIds: new Map([
		['TEE-RED-M', 'ITEM-M'],
		['CAP-BLUE', 'ITEM-CAP'],
	]),
	payments: [{ method: 4, amount: 54.98 }],
	defaultTaxRate: 20,
	fulfilmentType: 'delivery',
	tags: ['cloudshelf', 'location:Hereford Kiosk'],
	...overrides,
});

function methods(
	rows: PaymentMethodRow[],
	policy: UnmappedPolicy = 'error',
	defaults?: Partial<PaymentMethodRow>,
) {
	return new MappingLookup<PaymentMethodRow>(paymentMethodTable.spec, rows, policy, defaults);
}

describe('Stokly prices: net and tax from gross', () => {
	it('splits a gross price at the VAT rate as ST-MAGEE does (gross / (1 + VAT))', () => {
		expect(netAndTax(59, 20)).toEqual({ net: 49.17, tax: 9.83 });
		expect(netAndTax(10, 0)).toEqual({ net: 10, tax: 0 });
	});

	it('line totals add up to the charged gross even where unit rounding would not', () => {
		const prices = linePrices(19.99, 3, 20);
		expect(prices).toMatchObject({
			displayPrice: 16.66,
			displayTax: 3.33,
			displayLineTotal: 59.97,
		});
		expect(prices.displayLinePrice + prices.displayLineTax).toBeCloseTo(59.97, 10);
	});
});

describe('Stokly sale order draft', () => {
	it('builds the POST /v2/saleorders body: source, reference, createdAt = placedAt, net prices, payments, tags', () => {
		const draft = toSaleOrderDraft(kioskOrder(), target());
		expect(draft).toEqual({
			stage: 'order',
			createdAt: '2026-11-20T10:15:00.000Z',
			sourceType: 'other',
			sourceId: 'CH-1',
			sourceReferenceId: 'gid://cloudshelf/Order/01JA',
			customerReference: 'gid://cloudshelf/Order/01JA',
			currency: 'GBP',
			tags: ['cloudshelf', 'location:Hereford Kiosk'],
			locationId: 'LOC-1',
			items: [
				{
					type: 'item',
					referenceId: 'ITEM-M',
					quantity: 2,
					displayPrice: 16.66,
					displayTax: 3.33,
					displayDiscount: 0,
					displayLinePrice: 33.32,
					displayLineTax: 6.66,
					displayLineDiscount: 0,
					displayLineTotal: 39.98,
					fulfilmentType: 'delivery',
				},
				{
					type: 'item',
					referenceId: 'ITEM-CAP',
					quantity: 1,
					displayPrice: 15,
					displayTax: 0,
					displayDiscount: 0,
					displayLinePrice: 15,
					displayLineTax: 0,
					displayLineDiscount: 0,
					displayLineTotal: 15,
					fulfilmentType: 'delivery',
				},
			],
			payments: [{ method: 4, amount: 54.98 }],
		});
	});

	it('adds shipping (name, address, option, net cost and tax) only for delivered orders, and the customer', () => {
		const draft = toSaleOrderDraft(
			kioskOrder({
				shippingAddress: {
					name: 'Jo Anne Bloggs',
					line1: '1 High St',
					line2: 'Flat 2',
					line3: 'Rear',
					city: 'Hereford',
					postalCode: 'HR1 1AA',
					country: 'GB',
				},
				shippingMethod: 'Standard',
				totals: { shipping: 6, total: 60.98 },
			}),
			target({ customerId: 'CUST-1', tags: ['cloudshelf', 'cloudshelf', ''] }),
		);
		expect(draft.shipping).toEqual({
			name: { forename: 'Jo Anne', surname: 'Bloggs' },
			address: {
				line1: '1 High St',
				line2: 'Flat 2, Rear',
				city: 'Hereford',
				country: 'GB',
				postcode: 'HR1 1AA',
			},
			option: 'Standard',
			cost: 5,
			tax: 1,
		});
		expect(draft.customer).toEqual({ customerId: 'CUST-1' });
		expect(draft.tags).toEqual(['cloudshelf']);
		expect(toSaleOrderDraft(kioskOrder(), target()).shipping).toBeUndefined();
	});

	it('refuses a SKU without itemId (the checks resolve them first)', () => {
		expect(() => toSaleOrderDraft(kioskOrder(), target({ itemIds: new Map() }))).toThrow(
			'SKU TEE-RED-M has no Stokly itemId',
		);
	});

	it('splits names into forename and surname', () => {
		expect(splitName('Cher')).toEqual({ forename: '', surname: 'Cher' });
		expect(splitName('  ')).toBeUndefined();
	});
});

describe('Stokly Payment Method Mapping', () => {
	const table = methods([
		{ tender: 'card', method: 4 },
		{ tender: 'Contactless', method: 4 },
		{ tender: 'cash', method: 1 },
	]);

	it('maps tenders case-insensitively to Stokly method numbers', () => {
		expect(stoklyMethodOf(table, ' CARD ')).toBe(4);
		expect(stoklyMethodOf(table, 'cash')).toBe(1);
		expect(stoklyMethodOf(table, 'voucher')).toBeUndefined();
	});

	it('names every unmapped tender and the table to fill', () => {
		const result = toStoklyPayments(
			node,
			3,
			table,
			[
				{ method: 'voucher', amount: 5 },
				{ method: 'card', amount: 5 },
				{ method: 'giftcard', amount: 1 },
			],
			'Order CS-1',
		);
		expect(result).toBeInstanceOf(Error);
		expect((result as Error).message).toBe(
			'Order CS-1: payment method "voucher", "giftcard" have no row in the Payment Method Mapping table',
		);
		expect((result as unknown as { description: string }).description).toBe(
			'Add the payment method to the Payment Method Mapping table (or choose "Use Defaults Below" in "Unmapped Payment Methods"), then run again.',
		);
	});

	it('records unmapped tenders under the default method when the policy says so; no payments is none', () => {
		const withDefault = methods([{ tender: 'card', method: 4 }], 'default', { method: 9 });
		expect(
			toStoklyPayments(node, 0, withDefault, [{ method: 'voucher', amount: 5 }], 'Order'),
		).toEqual([{ method: 9, amount: 5 }]);
		expect(toStoklyPayments(node, 0, table, undefined, 'Order')).toEqual([]);
	});

	it('reverses a method number to the first tender naming it, else the number as text', () => {
		expect(tenderOf(table, 4)).toBe('card');
		expect(tenderOf(table, 1)).toBe('cash');
		expect(tenderOf(table, 7)).toBe('7');
		expect(tenderOf(undefined, 4)).toBe('4');
	});
});

const saleOrder = (overrides: Partial<StoklySaleOrder> = {}): StoklySaleOrder => ({
	saleOrderId: 'SO-1',
	niceId: 1001,
	stage: 'order',
	itemStatuses: ['unprocessed'],
	sourceType: 'other',
	sourceId: 'CH-1',
	channelName: 'Cloudshelf',
	sourceReferenceId: 'gid://cloudshelf/Order/01JA',
	customerReference: 'gid://cloudshelf/Order/01JA',
	currency: 'gbp',
	createdAt: '2026-11-20T10:15:00Z',
	tags: ['cloudshelf', 'location:Hereford Kiosk'],
	locationId: 'LOC-1',
	payments: [{ method: 4, amount: 54.98 }],
	total: 54.98,
	...overrides,
});

const lines = (status = 'unprocessed'): StoklySaleOrderLine[] => [
	{
		lineId: 'L1',
		referenceId: 'ITEM-M',
		itemSku: 'TEE-RED-M',
		itemName: 'Tee red M',
		quantity: 2,
		status,
		displayPrice: 16.66,
		displayTax: 3.33,
		parentId: null,
	},
	{
		lineId: 'L2',
		referenceId: 'ITEM-CAP',
		itemSku: 'CAP-BLUE',
		itemName: 'Cap blue',
		quantity: 1,
		status,
		displayPrice: 15,
		displayTax: 0,
		parentId: null,
	},
	{
		lineId: 'L3',
		referenceId: 'ITEM-PART',
		itemSku: 'PART',
		quantity: 1,
		status: 'unprocessed',
		displayPrice: 0,
		displayTax: 0,
		parentId: 'L2',
	},
];

describe('Stokly sale order → canonical Order', () => {
	it('reads reference, placedAt, lines (gross unit price, tax rate), payments by tender, location by name, totals', () => {
		const order = toCanonicalOrder(saleOrder(), lines(), {
			tenderOf: (method) => tenderOf(methods([{ tender: 'card', method: 4 }]), method),
			locationName: (id) => (id === 'LOC-1' ? 'London Warehouse' : undefined),
		});
		expect(order).toEqual({
			reference: 'gid://cloudshelf/Order/01JA',
			origin: 'stokly',
			placedAt: '2026-11-20T10:15:00.000Z',
			currency: 'GBP',
			status: 'paid',
			location: 'London Warehouse',
			lines: [
				{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99, taxRate: 20 },
				{ sku: 'CAP-BLUE', name: 'Cap blue', quantity: 1, unitPrice: 15, taxRate: 0 },
			],
			payments: [{ method: 'card', amount: 54.98 }],
			totals: { subtotal: 54.98, tax: 6.66, total: 54.98 },
			attributes: {
				stoklySaleOrderId: 'SO-1',
				stoklyNiceId: '1001',
				stage: 'order',
				channelName: 'Cloudshelf',
				stoklyChannelId: 'CH-1',
				stoklyLocationId: 'LOC-1',
				customerReference: 'gid://cloudshelf/Order/01JA',
				tags: 'cloudshelf, location:Hereford Kiosk',
			},
		});
	});

	it('status: removed → cancelled, every line dispatched or collected → fulfilled, part paid → pending', () => {
		expect(statusOfSaleOrder(saleOrder({ stage: 'removed' }), lines(), 54.98)).toBe('cancelled');
		expect(statusOfSaleOrder(saleOrder(), lines('dispatched'), 54.98)).toBe('fulfilled');
		expect(
			statusOfSaleOrder(saleOrder({ payments: [{ method: 4, amount: 10 }] }), lines(), 54.98),
		).toBe('pending');
		expect(statusOfSaleOrder(saleOrder({ payments: [] }), lines(), 54.98)).toBe('pending');
	});

	it('without a source reference the saleOrderId is the reference; methods without a table are numbers; shipping read back', () => {
		const order = toCanonicalOrder(
			saleOrder({
				sourceReferenceId: undefined,
				total: undefined,
				shipping: {
					name: { forename: 'Jo', surname: 'Bloggs' },
					address: { line1: '1 High St', postcode: 'HR1 1AA', country: 'gb' },
					option: 'Standard',
					cost: 5,
					tax: 1,
				},
			}),
			lines(),
		);
		expect(order).toMatchObject({
			reference: 'SO-1',
			location: 'LOC-1',
			customer: { name: 'Jo Bloggs' },
			shippingAddress: {
				name: 'Jo Bloggs',
				line1: '1 High St',
				postalCode: 'HR1 1AA',
				country: 'GB',
			},
			shippingMethod: 'Standard',
			payments: [{ method: '4', amount: 54.98 }],
			totals: { subtotal: 54.98, shipping: 6, tax: 7.66, total: 60.98 },
		});
	});
});

describe('Stokly dispatches → canonical Fulfilment (ASSUMED dispatch model)', () => {
	const dispatched = saleOrder({
		itemStatuses: ['dispatched'],
		dispatches: [
			{
				dispatchId: 'D2',
				locationId: 'LOC-1',
				courier: 'DPD',
				trackingNumber: 'DPD1',
				dispatchedAt: '2026-11-22T09:00:00Z',
				items: [{ lineId: 'L2', quantity: 1 }],
			},
			{
				dispatchId: 'D1',
				locationId: 'LOC-1',
				courier: 'Royal Mail',
				trackingNumber: 'RM123456789GB',
				trackingUrl: 'https://track.example/RM123456789GB',
				dispatchedAt: '2026-11-21T16:00:00Z',
				items: [
					{ lineId: 'L1', quantity: 1 },
					{ lineId: 'L1', quantity: 1 },
					{ lineId: 'UNKNOWN', quantity: 1 },
				],
			},
		],
	});

	it('one fulfilment per dispatch: courier, tracking, shippedAt, lines by SKU summed, orderReference = sourceReferenceId', () => {
		const [first] = dispatchesIn(dispatched, {});
		expect(toCanonicalFulfilment(dispatched, lines('dispatched'), first)).toEqual({
			orderReference: 'gid://cloudshelf/Order/01JA',
			carrier: 'Royal Mail',
			trackingNumber: 'RM123456789GB',
			trackingUrl: 'https://track.example/RM123456789GB',
			shippedAt: '2026-11-21T16:00:00.000Z',
			lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			attributes: {
				stoklySaleOrderId: 'SO-1',
				stoklyNiceId: '1001',
				stoklyDispatchId: 'D1',
				stoklyLocationId: 'LOC-1',
			},
		});
	});

	it('dispatches in a window, oldest first; from inclusive, to exclusive', () => {
		expect(dispatchesIn(dispatched, {}).map((dispatch) => dispatch.dispatchId)).toEqual([
			'D1',
			'D2',
		]);
		expect(
			dispatchesIn(dispatched, { from: '2026-11-22T00:00:00Z' }).map((d) => d.dispatchId),
		).toEqual(['D2']);
		expect(
			dispatchesIn(dispatched, { to: '2026-11-22T09:00:00Z' }).map((d) => d.dispatchId),
		).toEqual(['D1']);
		expect(inWindow('not a date', {})).toBe(false);
	});
});

describe('Stokly sale order listing filter', () => {
	it('window on createdAt (>= and <<), stage, tag and line status, joined with &&', () => {
		expect(
			saleOrderFilter({
				window: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
				stage: 'order',
				tag: 'cloudshelf',
			}),
		).toBe(
			'[createdAt]>={2026-11-20T00:00:00.000Z}&&[createdAt]<<{2026-11-21T00:00:00.000Z}&&[stage]=={order}&&[tags]::{cloudshelf}',
		);
		expect(
			saleOrderFilter({
				window: { from: '2026-11-20T00:00:00.000Z' },
				windowField: 'timeUpdated',
				itemStatus: 'dispatched',
			}),
		).toBe('[timeUpdated]>={2026-11-20T00:00:00.000Z}&&[itemStatuses]::{dispatched}');
		expect(saleOrderFilter({})).toBeUndefined();
	});
});
