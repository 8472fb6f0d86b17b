/**
 * Centra's REST Order API ("API plugin") at `<base>/api/order-api`, header `API-Authorization:
 * <plugin key>`: `POST /order` with the body fields of pages/05.api-references/06.order-api/
 * 02.api-reference/101.create-order (e5926eb), validated with zod, and `GET /orders` with the
 * parameters and answer fields of 104.get-orders.
 *
 * Answers, VERIFIED: success `{"status":"ok","orders":[<number>]}` (or `{"status":"ok","order":n}`
 * with createOnly); refusals `{"status":"no","code":-N,"msg":…}`, −1 products not possible to add,
 * −2 stock, −3 empty order, −4 required fields missing, −5 order number exists, −6 customer
 * registration failed, −7 general.
 *
 * ASSUMED: the doc gives no HTTP status for a refusal, so it is 400; a wrong or missing key is 401
 * `{"status":"no","msg":"…"}`; wrong types also answer −4 (naming the field); the checks run in
 * the order validation (−4), empty (−3), address (−4), order number (−5), market / pricelist /
 * shipping option (−7 naming the one that does not exist), products (−1), stock (−2), customer
 * (−6); B2C orders need an address; `products` is an array; numbers are JSON numbers (no numeric
 * strings); a market and pricelist not given are those assigned to the delivery country, else the
 * first; no shippingList means the first shipping option; `customerRegister: true` attaches to the
 * registered customer with that e-mail or creates a minimal one, otherwise the order gets an
 * auto-created guest customer per e-mail; `customerId` must exist (−6 otherwise); stock is
 * allocated in the market's warehouse; `orderDate` takes "YYYY-mm-dd HH:MM:SS" as UTC; `GET
 * /orders` lists oldest first and `orderStatus` is Centra's status number as a string ("1" pending
 * … "6" cancelled).
 */
import { z } from 'zod';

import type { SandboxRequest, SandboxResponse } from '../common/http';
import type { CentraQuirks } from './server';
import {
	parseDateTime,
	type Address,
	type CentraState,
	type OrderRecord,
	type OrderStatus,
	type ProductSizeRecord,
} from './state';

export const ORDER_API_PREFIX = '/api/order-api';
export const SANDBOX_ORDER_API_KEY = 'centra-sandbox-plugin-key';

const text = z.string();
const int = z.number().int();
const decimal = z.number();

const addressSchema = z.object({
	email: text,
	firstName: text.optional(),
	lastName: text.optional(),
	tele: text.optional(),
	cell: text.optional(),
	attn: text.optional(),
	address: text.optional(),
	coaddress: text.optional(),
	city: text.optional(),
	zipcode: text.optional(),
	state: text.optional(),
	country: text.regex(/^[A-Za-z]{2}$/, 'ISO-Alpha-2 country code expected'),
});

const paymentStepSchema = z.object({
	response: text.optional(),
	status: int,
	transaction: text.optional(),
	method: text.optional(),
	amount: decimal,
	external_url: text.optional(),
});

const productSchema = z.object({
	qty: int,
	id: int.optional(),
	ean: text.optional(),
	sku: text.optional(),
	unitPrice: decimal.optional(),
	originalPrice: decimal.optional(),
	comment: text.optional(),
	itemText: z
		.object({
			sku: text.optional(),
			brand: text.optional(),
			product: text.optional(),
			variant: text.optional(),
			size: text.optional(),
			localizedProdSize: z
				.object({ localizedSize: text.optional(), localizationDefinitionName: text.optional() })
				.optional(),
		})
		.optional(),
	localizedProdSize: z
		.object({ localizedSize: text.optional(), localizationDefinitionName: text.optional() })
		.optional(),
});

const dateTime = text.refine((value) => {
	try {
		parseDateTime(value);
		return true;
	} catch {
		return false;
	}
}, 'date or date-time expected');

/** The documented body of POST /order. Unknown fields are ignored (stripped). */
export const createOrderSchema = z.object({
	invoiceAddress: addressSchema.optional(),
	deliveryAddress: addressSchema.partial({ email: true }).optional(),
	address: addressSchema.optional(),
	pricelistId: int.optional(),
	pricelist: text.optional(),
	marketId: int.optional(),
	market: text.optional(),
	customerRegister: z.boolean().optional(),
	customerId: int.optional(),
	customerSetNewPassword: z.boolean().optional(),
	createdFromOrigin: z.object({ type: z.enum(['return', 'order', 'plugin']), id: int }).optional(),
	extraAttributes: z.record(z.unknown()).optional(),
	accountId: int.optional(),
	buyerId: int.optional(),
	buyerName: text.optional(),
	deliveryWindow: text.optional(),
	products: z.array(productSchema),
	shippingList: text.optional(),
	shippingValue: decimal.optional(),
	voucherValue: decimal.nonnegative().optional(),
	orderNumber: int.positive().optional(),
	sendEmail: z.boolean().optional(),
	adjustStock: z.boolean().optional(),
	forceCreate: z.boolean().optional(),
	comment: text.optional(),
	internalComment: text.optional(),
	poNumber: text.optional(),
	orderDate: dateTime.optional(),
	deliveryDate: dateTime.optional(),
	cancelDate: dateTime.optional(),
	warehouseGroup: text.optional(),
	createOnly: z.boolean().optional(),
	internalOrder: z.boolean().optional(),
	payment: z
		.object({
			id: int.optional(),
			auth: paymentStepSchema.optional(),
			capture: paymentStepSchema.optional(),
		})
		.optional(),
	applyVouchers: z.boolean().optional(),
	voucherCodes: z.array(text).optional(),
});

export type CreateOrderBody = z.infer<typeof createOrderSchema>;

/** The REST shape of every answer that is not a success. */
export function restError(status: number, msg: string, code?: number): SandboxResponse {
	return { status, body: code === undefined ? { status: 'no', msg } : { status: 'no', code, msg } };
}

const refuse = (code: number, msg: string) => restError(400, msg, code);

function toAddress(address: Partial<z.infer<typeof addressSchema>> | undefined): Address | null {
	if (!address) return null;
	return {
		firstName: address.firstName ?? null,
		lastName: address.lastName ?? null,
		address1: address.address ?? null,
		address2: address.coaddress ?? null,
		city: address.city ?? null,
		zipCode: address.zipcode ?? null,
		stateOrProvince: address.state ?? null,
		country: address.country?.toUpperCase() ?? null,
		email: address.email ?? null,
		phoneNumber: address.tele ?? address.cell ?? null,
	};
}

export function createOrder(
	state: CentraState,
	raw: unknown,
	quirks: CentraQuirks = {},
): SandboxResponse {
	const parsed = createOrderSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue.path.join('.') || 'body';
		const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
		return refuse(
			-4,
			missing ? `Missing required field ${field}` : `Invalid field ${field}: ${issue.message}`,
		);
	}
	const body = parsed.data;
	if (!body.products.length) return refuse(-3, 'Order is empty');
	const invoice = body.invoiceAddress ?? body.address;
	if (!invoice) return refuse(-4, 'Missing required field address (or invoiceAddress)');
	const delivery = body.deliveryAddress ?? body.address ?? body.invoiceAddress;
	const withoutReference = body.products.findIndex(
		(product) => product.id === undefined && product.ean === undefined && product.sku === undefined,
	);
	if (withoutReference >= 0)
		return refuse(-4, `Missing required field products.${withoutReference}: id, ean or sku`);
	if (body.products.some((product) => product.qty < 1))
		return refuse(-4, 'Invalid field products.qty: a quantity of at least 1 is required');
	if (
		body.orderNumber !== undefined &&
		!quirks.orderApiAssignsNumbers &&
		state.orders.has(body.orderNumber)
	)
		return refuse(
			-5,
			`An order with the provided order number already exists: ${body.orderNumber}`,
		);

	const country = (delivery?.country ?? invoice.country).toUpperCase();
	const markets = [...state.markets.values()];
	const market =
		body.marketId !== undefined
			? state.markets.get(body.marketId)
			: body.market !== undefined
				? markets.find((candidate) => candidate.name === body.market)
				: (markets.find((candidate) => candidate.countries.includes(country)) ?? markets[0]);
	if (!market)
		return refuse(-7, `Market ${body.marketId ?? body.market ?? ''} does not exist`.trim());
	const pricelists = [...state.pricelists.values()];
	const pricelist =
		body.pricelistId !== undefined
			? state.pricelists.get(body.pricelistId)
			: body.pricelist !== undefined
				? pricelists.find((candidate) => candidate.name === body.pricelist)
				: (pricelists.find((candidate) => candidate.countries.includes(country)) ?? pricelists[0]);
	if (!pricelist)
		return refuse(
			-7,
			`Pricelist ${body.pricelistId ?? body.pricelist ?? ''} does not exist`.trim(),
		);
	const options = [...state.shippingOptions.values()];
	const shippingOption =
		body.shippingList !== undefined
			? options.find((option) => option.uri === body.shippingList)
			: options[0];
	if (body.shippingList !== undefined && !shippingOption)
		return refuse(-7, `Shipping option ${body.shippingList} does not exist`);

	const unsellable: string[] = [];
	const lines: Array<{
		size: ProductSizeRecord | null;
		productName?: string;
		quantity: number;
		unitPrice: number;
	}> = [];
	for (const product of body.products) {
		const size =
			product.id !== undefined
				? state.productSizes.get(product.id)
				: product.sku !== undefined
					? state.findSizeBySku(product.sku)
					: state.findSizeByGtin(product.ean!);
		const label = product.sku ?? product.ean ?? String(product.id);
		if (!size || !size.active) {
			if (!body.forceCreate) {
				unsellable.push(label);
				continue;
			}
			lines.push({
				size: null,
				productName: product.itemText?.product ?? label,
				quantity: product.qty,
				unitPrice: product.unitPrice ?? 0,
			});
			continue;
		}
		lines.push({ size, quantity: product.qty, unitPrice: product.unitPrice ?? size.price });
	}
	if (unsellable.length)
		return refuse(
			-1,
			`Some of the provided products are not possible to add to the order: ${unsellable.join(', ')}`,
		);

	const adjustStock = body.adjustStock ?? true;
	if (adjustStock) {
		const wanted = new Map<number, { size: ProductSizeRecord; quantity: number }>();
		for (const line of lines)
			if (line.size) {
				const entry = wanted.get(line.size.id) ?? { size: line.size, quantity: 0 };
				entry.quantity += line.quantity;
				wanted.set(line.size.id, entry);
			}
		const short = [...wanted.values()].filter(({ size, quantity }) => {
			const level = state.level(market.warehouseId, size.id);
			return level.physical - level.allocated < quantity;
		});
		if (short.length)
			return refuse(
				-2,
				`Stock error, one or more products are missing stock: ${short.map(({ size }) => size.SKU).join(', ')}`,
			);
	}

	let customer;
	if (body.customerId !== undefined) {
		customer = state.customers.get(body.customerId);
		if (!customer) return refuse(-6, `Customer ${body.customerId} does not exist`);
	} else {
		if (!invoice.email.includes('@'))
			return refuse(-6, `Customer registration failed: invalid e-mail ${invoice.email}`);
		customer = state.customerFor(invoice.email, body.customerRegister ?? false, {
			firstName: invoice.firstName,
			lastName: invoice.lastName,
		});
	}

	const order = state.insertOrder({
		number: quirks.orderApiAssignsNumbers ? undefined : body.orderNumber,
		market,
		pricelist,
		shippingOption,
		customer,
		shippingAddress: toAddress(delivery),
		billingAddress: toAddress(invoice),
		internalComment: body.internalComment ?? null,
		otherComment: body.comment ?? null,
		orderDate: body.orderDate ? parseDateTime(body.orderDate) : undefined,
		shippingValue: body.shippingValue ?? 0,
		adjustStock,
		lines,
	});
	return {
		status: 200,
		body: body.createOnly
			? { status: 'ok', order: order.number }
			: { status: 'ok', orders: [order.number] },
	};
}

const STATUS_NUMBERS: Record<OrderStatus, string> = {
	PENDING: '1',
	CONFIRMED: '2',
	PROCESSING: '3',
	SHIPPED: '4',
	ARCHIVED: '5',
	CANCELLED: '6',
};

/** Centra's REST date format, "YYYY-mm-dd HH:MM:SS" (UTC here). */
function restDate(iso: string | null): string {
	return iso ? iso.slice(0, 19).replace('T', ' ') : '0000-00-00 00:00:00';
}

function orderView(state: CentraState, order: OrderRecord) {
	const totals = state.orderTotals(order);
	const name = (address: Address | null) =>
		[address?.firstName, address?.lastName].filter(Boolean).join(' ');
	const delivery = order.shippingAddress;
	const billing = order.billingAddress;
	return {
		orderId: String(order.number),
		selectionId: order.id,
		orderDate: restDate(order.orderDate),
		orderStatus: STATUS_NUMBERS[order.status],
		orderStore: 'retail',
		orderCurrency: order.currency,
		customerId: order.customerId === null ? '' : String(order.customerId),
		deliveryName: name(delivery),
		deliveryEmail: delivery?.email ?? '',
		deliveryTele: delivery?.phoneNumber ?? '',
		deliveryAddress: delivery?.address1 ?? '',
		deliveryCoaddress: delivery?.address2 ?? '',
		deliveryZipcode: delivery?.zipCode ?? '',
		deliveryCity: delivery?.city ?? '',
		deliveryState: delivery?.stateOrProvince ?? '',
		deliveryCountry: delivery?.country ?? '',
		billingName: name(billing),
		billingEmail: billing?.email ?? '',
		billingTele: billing?.phoneNumber ?? '',
		billingAddress: billing?.address1 ?? '',
		billingCoaddress: billing?.address2 ?? '',
		billingZipcode: billing?.zipCode ?? '',
		billingCity: billing?.city ?? '',
		billingState: billing?.stateOrProvince ?? '',
		billingCountry: billing?.country ?? '',
		shippingList: order.shippingOptionId
			? (state.shippingOptions.get(order.shippingOptionId)?.uri ?? '')
			: '',
		hold: order.isOnHold ? 1 : 0,
		shippingValue: order.shippingValue,
		grandTotalValue: totals.grandTotal,
		grandTotalTaxValue: totals.taxIncluded,
		internalComment: order.internalComment ?? '',
		otherComment: order.otherComment ?? '',
		marketId: order.marketId,
		pricelistId: order.pricelistId,
		shipments: state.shipmentsOf(order.number).map((shipment) => ({
			shipmentId: shipment.number,
			shippedDate: restDate(shipment.shippedAt),
			carrier: shipment.carrierName ?? '',
			service: shipment.serviceName ?? '',
			trackingId: shipment.trackingNumber ?? '',
			returnSlipTracking: shipment.returnTrackingNumber ?? '',
		})),
		products: order.lines.map((line) => {
			const size =
				line.productSizeId === null ? undefined : state.productSizes.get(line.productSizeId);
			const variant = size && state.variants.get(size.variantId);
			const quantity = line.quantity - line.cancelledQuantity;
			return {
				lineId: String(line.id),
				sku: size?.SKU ?? '',
				ean: size?.GTIN ?? '',
				name: line.productName ?? '',
				variant: variant?.name ?? '',
				size: size ? (state.sizes.get(size.sizeId)?.name ?? '') : '',
				qty: quantity,
				price: line.unitPrice,
				taxPercent: line.taxPercent,
				totalPrice: Math.round(quantity * line.unitPrice * 100) / 100,
			};
		}),
	};
}

const ordersQuerySchema = z.object({
	limit: z.coerce.number().int().min(1).default(20),
	offset: z.coerce.number().int().min(0).default(0),
	order: z.coerce.number().int().optional(),
	customer_id: z.coerce.number().int().optional(),
	newer_than: dateTime.optional(),
	older_than: dateTime.optional(),
});

export function getOrders(state: CentraState, request: SandboxRequest): SandboxResponse {
	const parsed = ordersQuerySchema.safeParse(Object.fromEntries(request.query));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return restError(400, `Invalid parameter ${issue.path.join('.')}: ${issue.message}`);
	}
	const query = parsed.data;
	const newer = query.newer_than ? Date.parse(parseDateTime(query.newer_than)) : undefined;
	const older = query.older_than ? Date.parse(parseDateTime(query.older_than)) : undefined;
	const orders = [...state.orders.values()]
		.filter((order) => query.order === undefined || order.number === query.order)
		.filter((order) => query.customer_id === undefined || order.customerId === query.customer_id)
		.filter((order) => newer === undefined || Date.parse(order.orderDate) > newer)
		.filter((order) => older === undefined || Date.parse(order.orderDate) < older)
		.sort((a, b) => a.number - b.number)
		.slice(query.offset, query.offset + query.limit);
	return {
		status: 200,
		body: { status: 'ok', orders: orders.map((order) => orderView(state, order)) },
	};
}
