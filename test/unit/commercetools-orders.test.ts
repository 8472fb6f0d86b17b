import type { Delivery, Order as CtOrder } from '@commercetools/platform-sdk';

import {
	deliveriesOf,
	deliveryWithKey,
	normaliseDeliveryKey,
	planDelivery,
	toCanonicalFulfilment,
} from '../../nodes/Commercetools/actions/delivery/output';
import {
	fromMoney,
	statesOf,
	statusOf,
	toCanonicalOrder,
	toMoney,
	toOrderImportDraft,
	type ImportTarget,
} from '../../nodes/Commercetools/actions/order/convert';
import { stateActions } from '../../nodes/Commercetools/actions/order/updateState.operation';
import { ORDER_STATUSES, type Order } from '../../nodes/shared/model';

const kioskOrder = (overrides: Partial<Order> = {}): Order => ({
	reference: 'CS-1001',
	origin: 'cloudshelf',
	placedAt: '2026-11-20T10:15:00.000Z',
	currency: 'EUR',
	status: 'paid',
	location: 'Oxford Street Kiosk',
	customer: { email: 'jane@example.com', name: 'Jane Doe' },
	shippingAddress: {
		name: 'Jane Doe',
		line1: 'Hauptstr. 1',
		city: 'Berlin',
		postalCode: '10115',
		country: 'de',
	},
	lines: [
		{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99, taxRate: 19 },
		{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99 },
	],
	totals: { shipping: 4.95, total: 59.92 },
	...overrides,
});

const target: ImportTarget = {
	orderNumber: 'KIOSK-CS-1001',
	locale: 'en',
	storeKey: 'uk-stores',
	supplyChannelKey: 'london-warehouse',
	shippingMethodName: 'Standard Delivery',
	inventoryMode: 'None',
	customerEmail: 'jane@example.com',
};

describe('commercetools money', () => {
	it('writes cent amounts in the currency’s minor units, without float drift', () => {
		expect(toMoney(19.99, 'eur')).toEqual({ currencyCode: 'EUR', centAmount: 1999 });
		expect(toMoney(1.005, 'EUR').centAmount).toBe(101);
		expect(toMoney(1200, 'JPY')).toEqual({ currencyCode: 'JPY', centAmount: 1200 });
		expect(toMoney(1.234, 'KWD').centAmount).toBe(1234);
	});

	it('reads responses by their fractionDigits, else the currency’s', () => {
		expect(fromMoney({ centAmount: 1999, currencyCode: 'EUR', fractionDigits: 2 })).toBe(19.99);
		expect(fromMoney({ centAmount: 1200, currencyCode: 'JPY' })).toBe(1200);
	});
});

describe('canonical Order → OrderImportDraft', () => {
	it('maps lines, supply channel, store, shipping info, addresses, states and totals', () => {
		const draft = toOrderImportDraft(kioskOrder(), target);
		expect(draft).toEqual({
			orderNumber: 'KIOSK-CS-1001',
			customerEmail: 'jane@example.com',
			store: { typeId: 'store', key: 'uk-stores' },
			country: 'DE',
			lineItems: [
				{
					name: { en: 'Tee red M' },
					variant: { sku: 'TEE-RED-M' },
					quantity: 2,
					price: { value: { currencyCode: 'EUR', centAmount: 1999 } },
					taxRate: {
						name: '19%',
						amount: 0.19,
						includedInPrice: true,
						country: 'DE',
						subRates: [],
					},
					supplyChannel: { typeId: 'channel', key: 'london-warehouse' },
				},
				{
					name: { en: 'CAP-BLUE' },
					variant: { sku: 'CAP-BLUE' },
					quantity: 1,
					price: { value: { currencyCode: 'EUR', centAmount: 1499 } },
					supplyChannel: { typeId: 'channel', key: 'london-warehouse' },
				},
			],
			totalPrice: { currencyCode: 'EUR', centAmount: 5992 },
			shippingInfo: {
				shippingMethodName: 'Standard Delivery',
				price: { currencyCode: 'EUR', centAmount: 495 },
				shippingRate: { price: { currencyCode: 'EUR', centAmount: 495 } },
			},
			shippingAddress: {
				country: 'DE',
				firstName: 'Jane',
				lastName: 'Doe',
				streetName: 'Hauptstr. 1',
				city: 'Berlin',
				postalCode: '10115',
				email: 'jane@example.com',
			},
			inventoryMode: 'None',
			orderState: 'Open',
			paymentState: 'Paid',
			shipmentState: 'Pending',
			completedAt: '2026-11-20T10:15:00.000Z',
		});
	});

	it('always carries shippingInfo (deliveries need it), computes a missing total and leaves out addresses without a country', () => {
		const draft = toOrderImportDraft(
			kioskOrder({ totals: undefined, shippingAddress: { name: 'Walk-in', city: 'London' } }),
			{ ...target, storeKey: undefined, supplyChannelKey: undefined },
		);
		expect(draft.shippingInfo).toEqual({
			shippingMethodName: 'Standard Delivery',
			price: { currencyCode: 'EUR', centAmount: 0 },
			shippingRate: { price: { currencyCode: 'EUR', centAmount: 0 } },
		});
		expect(draft.totalPrice).toEqual({ currencyCode: 'EUR', centAmount: 5497 });
		expect(draft.shippingAddress).toBeUndefined();
		expect(draft.store).toBeUndefined();
		expect(draft.lineItems?.[0]).not.toHaveProperty('supplyChannel');
		// A tax rate needs a country: none known, none sent.
		expect(draft.lineItems?.[0]).not.toHaveProperty('taxRate');
		const withCountry = toOrderImportDraft(kioskOrder({ shippingAddress: { city: 'London' } }), {
			...target,
			defaultCountry: 'GB',
		});
		expect(withCountry.shippingAddress).toMatchObject({ country: 'GB', lastName: 'Doe' });
	});

	it('round-trips every canonical status through the commercetools states', () => {
		for (const status of ORDER_STATUSES) expect(statusOf(statesOf(status))).toBe(status);
	});
});

function ctOrder(overrides: Partial<CtOrder> = {}): CtOrder {
	return {
		id: 'order-1',
		version: 3,
		orderNumber: 'CS-1001',
		createdAt: '2026-11-20T10:16:00.000Z',
		lastModifiedAt: '2026-11-20T10:16:00.000Z',
		completedAt: '2026-11-20T10:15:00.000Z',
		customerEmail: 'jane@example.com',
		orderState: 'Open',
		paymentState: 'Paid',
		shipmentState: 'Pending',
		store: { typeId: 'store', key: 'uk-stores' },
		totalPrice: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 5992, fractionDigits: 2 },
		shippingAddress: {
			country: 'DE',
			firstName: 'Jane',
			lastName: 'Doe',
			streetName: 'Hauptstr.',
			streetNumber: '1',
			city: 'Berlin',
		},
		shippingInfo: {
			shippingMethodName: 'Standard Delivery',
			price: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 495, fractionDigits: 2 },
			shippingRate: {
				price: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 495, fractionDigits: 2 },
				tiers: [],
			},
			shippingMethodState: 'MatchesCart',
			deliveries: [],
		},
		lineItems: [
			lineItem('li-1', 'TEE-RED-M', 2, 1999, { en: 'Tee red M' }),
			lineItem('li-2', 'CAP-BLUE', 1, 1499, { de: 'Mütze blau' }),
		],
		...overrides,
	} as unknown as CtOrder;
}

function lineItem(
	id: string,
	sku: string | undefined,
	quantity: number,
	cents: number,
	name: Record<string, string>,
) {
	const money = (centAmount: number) => ({
		type: 'centPrecision',
		currencyCode: 'EUR',
		centAmount,
		fractionDigits: 2,
	});
	return {
		id,
		name,
		variant: { id: 1, sku },
		quantity,
		price: { id: `price-${id}`, value: money(cents) },
		totalPrice: money(cents * quantity),
	};
}

describe('commercetools Order → canonical Order', () => {
	it('reads the reference from the order number and the lines by SKU', () => {
		expect(toCanonicalOrder(ctOrder())).toEqual({
			reference: 'CS-1001',
			origin: 'commercetools',
			placedAt: '2026-11-20T10:15:00.000Z',
			currency: 'EUR',
			status: 'paid',
			customer: { email: 'jane@example.com', name: 'Jane Doe' },
			shippingAddress: { name: 'Jane Doe', line1: 'Hauptstr. 1', city: 'Berlin', country: 'DE' },
			shippingMethod: 'Standard Delivery',
			location: 'uk-stores',
			lines: [
				{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99 },
				{ sku: 'CAP-BLUE', name: 'Mütze blau', quantity: 1, unitPrice: 14.99 },
			],
			totals: { subtotal: 54.97, shipping: 4.95, total: 59.92 },
			attributes: {
				commercetoolsOrderId: 'order-1',
				orderState: 'Open',
				paymentState: 'Paid',
				shipmentState: 'Pending',
				commercetoolsStore: 'uk-stores',
			},
		});
	});
});

const delivery = (overrides: Partial<Delivery> = {}): Delivery => ({
	id: 'd-1',
	key: 'CS-1001-RM1',
	createdAt: '2026-11-21T09:00:00.000Z',
	items: [{ id: 'li-1', quantity: 2 }],
	parcels: [
		{
			id: 'p-1',
			createdAt: '2026-11-21T09:00:00.000Z',
			trackingData: { trackingId: 'RM1', carrier: 'Royal Mail', provider: 'Tracked 48' },
		},
	],
	...overrides,
});

describe('commercetools deliveries', () => {
	it('read back as canonical fulfilments: tracking from the parcel, lines by SKU', () => {
		const order = ctOrder();
		expect(toCanonicalFulfilment(order, delivery())).toEqual({
			orderReference: 'CS-1001',
			carrier: 'Royal Mail',
			service: 'Tracked 48',
			trackingNumber: 'RM1',
			shippedAt: '2026-11-21T09:00:00.000Z',
			lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			attributes: {
				commercetoolsOrderId: 'order-1',
				commercetoolsDeliveryId: 'd-1',
				deliveryKey: 'CS-1001-RM1',
			},
		});
	});

	it('are found in both shipping modes, by key', () => {
		const single = ctOrder({
			shippingInfo: { ...ctOrder().shippingInfo!, deliveries: [delivery()] },
		});
		const multiple = ctOrder({
			shippingInfo: undefined,
			shipping: [
				{
					shippingKey: 's',
					shippingInfo: {
						...ctOrder().shippingInfo!,
						deliveries: [delivery({ id: 'd-2', key: 'K2' })],
					},
				},
			] as CtOrder['shipping'],
		});
		expect(deliveriesOf(single).map((entry) => entry.id)).toEqual(['d-1']);
		expect(deliveryWithKey(multiple, 'K2')?.id).toBe('d-2');
		expect(deliveryWithKey(single, 'K2')).toBeUndefined();
	});

	it('keys become commercetools keys, the same way every time', () => {
		expect(normaliseDeliveryKey(' CS-1001 2026-11-21T09:00:00.000Z ')).toBe(
			'CS-1001-2026-11-21T09-00-00-000Z',
		);
		expect(normaliseDeliveryKey('')).toBe('');
		expect(normaliseDeliveryKey('x')).toBe('x-');
		const long = normaliseDeliveryKey('A'.repeat(300));
		expect(long).toHaveLength(256);
		expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(normaliseDeliveryKey(`${'A'.repeat(299)}B`)).not.toBe(long);
	});

	it('plan SKUs onto line items and refuse unknown SKUs and more than is left to deliver', () => {
		const order = ctOrder({
			shippingInfo: {
				...ctOrder().shippingInfo!,
				deliveries: [delivery({ items: [{ id: 'li-1', quantity: 1 }] })],
			},
		});
		expect(planDelivery(order)).toEqual({
			items: [
				{ id: 'li-1', quantity: 1 },
				{ id: 'li-2', quantity: 1 },
			],
			unknownSkus: [],
			tooMany: [],
		});
		expect(planDelivery(order, [{ sku: 'TEE-RED-M', quantity: 1 }]).items).toEqual([
			{ id: 'li-1', quantity: 1 },
		]);
		expect(
			planDelivery(order, [
				{ sku: 'TEE-RED-M', quantity: 2 },
				{ sku: 'NOPE', quantity: 1 },
			]),
		).toEqual({
			items: [],
			unknownSkus: ['NOPE'],
			tooMany: [{ sku: 'TEE-RED-M', requested: 2, left: 1, ordered: 2 }],
		});
	});
});

describe('commercetools order states', () => {
	it('sends only the states the order does not have', () => {
		const order = { orderState: 'Open', shipmentState: 'Pending', paymentState: 'Paid' } as const;
		expect(stateActions(order, { shipmentState: 'Shipped', paymentState: 'Paid' })).toEqual([
			{ action: 'changeShipmentState', shipmentState: 'Shipped' },
		]);
		expect(stateActions(order, { orderState: 'Open' })).toEqual([]);
	});
});
