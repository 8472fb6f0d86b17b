import {
	CENTRA_STATUS_TO_CANONICAL,
	DEFAULT_ORDER_NUMBER_BASE,
	chooseOrderNumber,
	externalReferenceOf,
	fnv1a32,
	internalCommentFor,
	isOrderFor,
	orderNumberBaseProblem,
	orderNumberCandidates,
	shipmentHolding,
	shipmentKeyMessage,
	shipmentKeyOf,
	shipmentLinesFor,
	shipmentWithKey,
	toCanonicalCentraOrder,
	toCanonicalFulfilment,
	toCentraOrderBody,
	unshippedQuantities,
	type CentraOrder,
	type CentraOrderSettings,
	type CentraShipment,
} from '../../nodes/Centra/model';
import type { Order } from '../../nodes/shared/model';

const kioskOrder = (overrides: Partial<Order> = {}): Order => ({
	reference: 'CS-1001',
	origin: 'cloudshelf',
	placedAt: '2026-11-20T10:15:00.000Z',
	currency: 'GBP',
	status: 'paid',
	location: 'Oxford Street',
	lines: [
		{ sku: 'TEE-RED-M', name: 'Tee', quantity: 2, unitPrice: 19.99 },
		{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99 },
	],
	payments: [{ method: 'Card', amount: 54.97 }],
	totals: { total: 54.97, shipping: 0 },
	attributes: { deviceName: 'Kiosk 3', sessionId: 'internal-session' },
	...overrides,
});

const settings = (overrides: Partial<CentraOrderSettings> = {}): CentraOrderSettings => ({
	orderNumber: 1_234_567_890,
	market: '1',
	pricelist: '19',
	shippingOption: 'store-pickup',
	country: 'GB',
	guest: { name: 'Oxford Street walk-in', email: 'oxford@shop.example' },
	registerCustomer: false,
	adjustStock: true,
	sendEmail: false,
	...overrides,
});

describe('Centra order numbers', () => {
	it('hashes with FNV-1a 32 over UTF-8 (published test vectors)', () => {
		expect(fnv1a32('')).toBe(0x811c9dc5);
		expect(fnv1a32('a')).toBe(0xe40c292c);
		expect(fnv1a32('foobar')).toBe(0xbf9cf968);
		// Multi-byte characters are hashed as their UTF-8 bytes (c3 a9; f0 9f 98 80).
		expect(fnv1a32('é')).toBe(0x1e9de8c1);
		expect(fnv1a32('😀')).toBe(0x33a29608);
	});

	it('derives five deterministic candidates inside [base, base + 10^9)', () => {
		const candidates = orderNumberCandidates('CS-1001');
		expect(candidates).toEqual(orderNumberCandidates('CS-1001'));
		expect(candidates).toHaveLength(5);
		const first = DEFAULT_ORDER_NUMBER_BASE + (fnv1a32('CS-1001') % 1_000_000_000);
		expect(candidates[0]).toBe(first);
		for (const [k, number] of candidates.entries()) {
			expect(number).toBeGreaterThanOrEqual(DEFAULT_ORDER_NUMBER_BASE);
			expect(number).toBeLessThan(DEFAULT_ORDER_NUMBER_BASE + 1_000_000_000);
			expect(number).toBeLessThanOrEqual(2_147_483_647);
			if (first + k < DEFAULT_ORDER_NUMBER_BASE + 1_000_000_000) expect(number).toBe(first + k);
		}
		expect(orderNumberCandidates('CS-1002')[0]).not.toBe(first);
		expect(orderNumberCandidates('CS-1001', 5_000)[0]).toBe(5_000 + (fnv1a32('CS-1001') % 1e9));
	});

	it('wraps the probe inside the range', () => {
		// Find a reference whose hash lands on the last number of the range is impractical; check the
		// arithmetic through a base where wrapping is visible instead.
		const hash = fnv1a32('X') % 1e9;
		const candidates = orderNumberCandidates('X', 1);
		expect(candidates).toEqual([0, 1, 2, 3, 4].map((k) => 1 + ((hash + k) % 1e9)));
	});

	it('refuses bases that would not fit a GraphQL Int', () => {
		expect(orderNumberBaseProblem(DEFAULT_ORDER_NUMBER_BASE)).toBeUndefined();
		expect(orderNumberBaseProblem(1_147_483_648)).toBeUndefined();
		expect(orderNumberBaseProblem(1_147_483_649)).toMatch(/at most 1147483648/);
		expect(orderNumberBaseProblem(0)).toMatch(/whole number/);
		expect(orderNumberBaseProblem(1.5)).toMatch(/whole number/);
	});
});

describe('Centra duplicate check', () => {
	const comment = (reference: string) => ({
		internalComment: `External reference: ${reference}\nOrigin: x`,
	});

	it('reads the external reference line back', () => {
		const text = internalCommentFor(kioskOrder());
		expect(externalReferenceOf(text)).toBe('CS-1001');
		expect(isOrderFor({ internalComment: text }, 'CS-1001')).toBe(true);
		expect(isOrderFor({ internalComment: text }, 'CS-100')).toBe(false);
		expect(isOrderFor({ internalComment: null }, 'CS-1001')).toBe(false);
		// A reference with a line break is stored (and compared) on one line.
		const odd = internalCommentFor(kioskOrder({ reference: 'A\nB' }));
		expect(isOrderFor({ internalComment: odd }, 'A\nB')).toBe(true);
	});

	it('returns the existing order wherever it sits among the candidates', () => {
		const taken = new Map([
			[10, comment('OTHER')],
			[12, comment('CS-1001')],
		]);
		expect(chooseOrderNumber('CS-1001', [10, 11, 12, 13, 14], taken)).toEqual({
			kind: 'existing',
			number: 12,
		});
	});

	it('moves past a number another reference holds (a collision)', () => {
		const taken = new Map([[10, comment('OTHER')]]);
		expect(chooseOrderNumber('CS-1001', [10, 11, 12], taken)).toEqual({ kind: 'free', number: 11 });
		expect(chooseOrderNumber('CS-1001', [10], taken)).toEqual({ kind: 'exhausted' });
		expect(chooseOrderNumber('CS-1001', [10, 11], new Map())).toEqual({ kind: 'free', number: 10 });
	});
});

describe('canonical order → Order API body', () => {
	it('files an anonymous kiosk sale under the guest, never registered, in the store country', () => {
		const body = toCentraOrderBody(kioskOrder(), settings({ registerCustomer: true }));
		expect(body).toEqual({
			orderNumber: 1_234_567_890,
			marketId: 1,
			pricelistId: 19,
			shippingList: 'store-pickup',
			shippingValue: 0,
			// The Order API's format, no zone: the organisation's time zone (UTC, ASSUMED).
			orderDate: '2026-11-20 10:15:00',
			customerRegister: false,
			address: {
				email: 'oxford@shop.example',
				firstName: 'Oxford',
				lastName: 'Street walk-in',
				country: 'GB',
			},
			products: [
				{ qty: 2, sku: 'TEE-RED-M', unitPrice: 19.99 },
				{ qty: 1, sku: 'CAP-BLUE', unitPrice: 14.99 },
			],
			sendEmail: false,
			adjustStock: true,
			internalComment: [
				'External reference: CS-1001',
				'Origin: cloudshelf',
				'Location: Oxford Street',
				'Placed at: 2026-11-20T10:15:00.000Z',
				'Device: Kiosk 3',
				'Payment: Card 54.97 GBP, taken by cloudshelf (not handled by Centra)',
			].join('\n'),
		});
	});

	it('registers a customer with an e-mail of their own when asked, with both addresses', () => {
		const order = kioskOrder({
			customer: { email: 'jane@example.com', name: 'Jane Smith', phone: '0700' },
			shippingAddress: {
				name: 'Jane Smith',
				line1: '1 Test St',
				line2: 'Flat 2',
				city: 'London',
				postalCode: 'E1 1AA',
				country: 'GB',
			},
			billingAddress: { name: 'Jane Smith', line1: '9 Bill Rd', city: 'Leeds', country: 'GB' },
		});
		const body = toCentraOrderBody(
			order,
			settings({ registerCustomer: true, market: 'UK Retail' }),
		);
		expect(body.customerRegister).toBe(true);
		expect(body.market).toBe('UK Retail');
		expect(body.marketId).toBeUndefined();
		expect(body.address).toBeUndefined();
		expect(body.deliveryAddress).toEqual({
			email: 'jane@example.com',
			firstName: 'Jane',
			lastName: 'Smith',
			tele: '0700',
			address: '1 Test St',
			coaddress: 'Flat 2',
			city: 'London',
			zipcode: 'E1 1AA',
			country: 'GB',
		});
		expect(body.invoiceAddress).toMatchObject({ address: '9 Bill Rd', city: 'Leeds' });
		expect(toCentraOrderBody(order, settings()).customerRegister).toBe(false);
	});

	it('leaves the shipping option to Centra when none is mapped', () => {
		expect(
			toCentraOrderBody(kioskOrder(), settings({ shippingOption: undefined })).shippingList,
		).toBeUndefined();
	});
});

const centraOrder = (overrides: Partial<CentraOrder> = {}): CentraOrder => ({
	id: 'a1b2c3',
	number: 1_234_567_890,
	status: 'CONFIRMED',
	isOnHold: false,
	createdAt: '2026-11-20T10:16:00Z',
	orderDate: '2026-11-20T10:15:00Z',
	internalComment: 'External reference: CS-1001\nOrigin: cloudshelf\nLocation: Oxford Street',
	grandTotal: { value: 54.97, currency: { code: 'GBP' } },
	totals: { shipping: { value: 0 }, taxAdded: { value: 0 }, taxIncluded: { value: 9.16 } },
	lines: [
		{
			id: 11,
			quantity: 2,
			cancelledQuantity: 0,
			unitPrice: { value: 19.99 },
			taxPercent: 20,
			productSize: { SKU: 'TEE-RED-M' },
			productName: 'Tee',
		},
		{
			id: 12,
			quantity: 1,
			cancelledQuantity: 0,
			unitPrice: { value: 14.99 },
			taxPercent: 20,
			productSize: { SKU: 'CAP-BLUE' },
		},
	],
	shippingAddress: {
		firstName: 'Oxford',
		lastName: 'Street walk-in',
		country: { code: 'GB' },
		email: 'oxford@shop.example',
	},
	market: { id: 1, name: 'UK Retail' },
	pricelist: { id: 19, name: 'GBP Retail' },
	shippingPriceGroup: { shippingOption: { id: 3, name: 'Store pickup', uri: 'store-pickup' } },
	shipments: [],
	customer: {
		id: 7,
		email: 'oxford@shop.example',
		firstName: 'Oxford',
		lastName: 'Street walk-in',
	},
	...overrides,
});

describe('Centra order → canonical order', () => {
	it('gives back the reference, origin and location it was created with', () => {
		expect(toCanonicalCentraOrder(centraOrder())).toEqual({
			reference: 'CS-1001',
			origin: 'cloudshelf',
			placedAt: '2026-11-20T10:15:00.000Z',
			currency: 'GBP',
			status: 'paid',
			customer: { email: 'oxford@shop.example', name: 'Oxford Street walk-in' },
			shippingAddress: {
				name: 'Oxford Street walk-in',
				country: 'GB',
				email: 'oxford@shop.example',
			},
			shippingMethod: 'store-pickup',
			location: 'Oxford Street',
			lines: [
				{ sku: 'TEE-RED-M', name: 'Tee', quantity: 2, unitPrice: 19.99, taxRate: 20 },
				{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99, taxRate: 20 },
			],
			totals: { shipping: 0, tax: 9.16, total: 54.97 },
			attributes: {
				centraOrderId: 'a1b2c3',
				centraOrderNumber: '1234567890',
				centraStatus: 'CONFIRMED',
				centraMarketId: '1',
				centraMarket: 'UK Retail',
				centraPricelistId: '19',
				centraPricelist: 'GBP Retail',
				centraShippingOption: 'Store pickup',
			},
		});
	});

	it('uses the Centra number for orders made elsewhere', () => {
		const order = toCanonicalCentraOrder(centraOrder({ internalComment: null, number: 42 }));
		expect(order.reference).toBe('42');
		expect(order.origin).toBe('centra');
		expect(order.location).toBeUndefined();
	});

	it('maps every Centra status', () => {
		expect(CENTRA_STATUS_TO_CANONICAL).toEqual({
			PENDING: 'pending',
			CONFIRMED: 'paid',
			PROCESSING: 'paid',
			SHIPPED: 'fulfilled',
			ARCHIVED: 'fulfilled',
			CANCELLED: 'cancelled',
		});
		expect(toCanonicalCentraOrder(centraOrder({ status: 'SHIPPED' })).status).toBe('fulfilled');
	});
});

const shipment = (overrides: Partial<CentraShipment> = {}): CentraShipment => ({
	id: 5,
	number: '1234567890-1',
	isGoodToGo: true,
	isShipped: true,
	isPaid: true,
	createdAt: '2026-11-21T09:00:00Z',
	shippedAt: '2026-11-21T15:00:00Z',
	trackingNumber: 'JD0002',
	carrierInformation: { carrierName: 'DHL', serviceName: 'Parcel' },
	lines: [{ id: 1, quantity: 2, orderLine: { id: 11, productSize: { SKU: 'TEE-RED-M' } } }],
	order: { id: 'a1b2c3', number: 1_234_567_890, internalComment: 'External reference: CS-1001' },
	...overrides,
});

describe('Centra shipment → canonical fulfilment', () => {
	it('names the kiosk order by its external reference', () => {
		expect(toCanonicalFulfilment(shipment())).toEqual({
			orderReference: 'CS-1001',
			carrier: 'DHL',
			service: 'Parcel',
			trackingNumber: 'JD0002',
			shippedAt: '2026-11-21T15:00:00.000Z',
			lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			attributes: {
				centraShipmentId: '5',
				centraShipmentNumber: '1234567890-1',
				centraOrderNumber: '1234567890',
				centraGoodToGo: 'true',
				centraShipped: 'true',
				centraPaid: 'true',
			},
		});
	});

	it('falls back to the Centra order number, and to the creation time while not shipped', () => {
		const fulfilment = toCanonicalFulfilment(
			shipment({
				order: { id: 'x', number: 77, internalComment: '' },
				shippedAt: null,
				isShipped: false,
			}),
		);
		expect(fulfilment.orderReference).toBe('77');
		expect(fulfilment.shippedAt).toBe('2026-11-21T09:00:00.000Z');
		expect(fulfilment.attributes?.centraShipped).toBe('false');
	});
});

describe('shipment lines (guard against a second shipment)', () => {
	const order = centraOrder({
		lines: [
			...centraOrder().lines,
			{
				id: 13,
				quantity: 3,
				cancelledQuantity: 1,
				unitPrice: { value: 5 },
				productSize: { SKU: 'SOCK' },
			},
		],
	});

	it('ships everything not yet shipped', () => {
		expect(shipmentLinesFor(order).lines).toEqual([
			{ orderLine: { id: 11 }, quantity: 2 },
			{ orderLine: { id: 12 }, quantity: 1 },
			{ orderLine: { id: 13 }, quantity: 2 },
		]);
	});

	it('ships nothing more once a shipment holds it (a retry)', () => {
		const shipped = {
			...order,
			shipments: [
				shipment({
					lines: [
						{ id: 1, quantity: 2, orderLine: { id: 11 } },
						{ id: 2, quantity: 1, orderLine: { id: 12 } },
					],
				}),
			],
		};
		expect(unshippedQuantities(shipped)).toEqual(
			new Map([
				[11, 0],
				[12, 0],
				[13, 2],
			]),
		);
		expect(shipmentLinesFor(shipped).lines).toEqual([{ orderLine: { id: 13 }, quantity: 2 }]);
		const again = shipmentLinesFor(shipped, [{ sku: 'tee-red-m', quantity: 2 }]);
		expect(again.lines).toEqual([]);
		expect(again.clipped).toEqual([{ sku: 'tee-red-m', requested: 2, shipped: 0 }]);
	});

	it('clips requested quantities to what is left and names unknown SKUs', () => {
		const result = shipmentLinesFor(order, [
			{ sku: 'TEE-RED-M', quantity: 1 },
			{ sku: 'SOCK', quantity: 5 },
			{ sku: 'NOPE', quantity: 1 },
		]);
		expect(result.lines).toEqual([
			{ orderLine: { id: 11 }, quantity: 1 },
			{ orderLine: { id: 13 }, quantity: 2 },
		]);
		expect(result.clipped).toEqual([{ sku: 'SOCK', requested: 5, shipped: 2 }]);
		expect(result.unknownSkus).toEqual(['NOPE']);
	});
});

describe('shipment keys (a replay returns the shipment made)', () => {
	it('writes the key on the additional message and finds the shipment by it', () => {
		expect(shipmentKeyMessage(' CS-1 JD0002\n')).toBe('n8n-retail-sync shipment: CS-1 JD0002');
		const keyed = shipment({ id: 7, additionalMessage: shipmentKeyMessage('CS-1 JD0002') });
		expect(shipmentKeyOf(keyed)).toBe('CS-1 JD0002');
		const order = { shipments: [shipment({ id: 6 }), keyed] };
		expect(shipmentWithKey(order, 'CS-1 JD0002')?.id).toBe(7);
		expect(shipmentWithKey(order, 'CS-1')).toBeUndefined();
	});

	it('names the shipment holding the requested SKUs, not just the newest', () => {
		const cap = shipment({
			id: 8,
			lines: [{ id: 3, quantity: 1, orderLine: { id: 12, productSize: { SKU: 'CAP-BLUE' } } }],
		});
		const tee = shipment({ id: 9 });
		const order = { shipments: [cap, tee] };
		expect(shipmentHolding(order, [{ sku: 'cap-blue' }])?.id).toBe(8);
		expect(shipmentHolding(order)?.id).toBe(9);
		expect(shipmentHolding(order, [{ sku: 'SOCK' }])).toBeUndefined();
	});
});
