/**
 * The canonical retail model: every platform node reads into and writes from these shapes, so any
 * source composes with any target without a Code node. Validators collect every problem of an item
 * and name the field, so the error tells the user exactly what to fix.
 */

export interface StockLevel {
	sku: string;
	/** Location name (or id) in the system the level belongs to. Absent = the system's default. */
	location?: string;
	/** Available to sell: a whole number, never negative. */
	quantity: number;
}

export interface Customer {
	email?: string;
	name?: string;
	phone?: string;
}

export interface Address {
	name?: string;
	company?: string;
	line1?: string;
	line2?: string;
	line3?: string;
	city?: string;
	region?: string;
	postalCode?: string;
	/** ISO 3166-1 alpha-2 code, e.g. GB. */
	country?: string;
	phone?: string;
	email?: string;
}

export interface OrderLine {
	sku: string;
	name?: string;
	quantity: number;
	/** Price of one unit as charged to the customer, tax included. */
	unitPrice: number;
	/** Tax rate in percent, e.g. 20 for 20 %. */
	taxRate?: number;
}

export interface Payment {
	method: string;
	amount: number;
}

export interface OrderTotals {
	subtotal?: number;
	shipping?: number;
	tax?: number;
	total: number;
}

export const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'refunded', 'fulfilled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
	/** The id in the system that took the order. Never changes; the idempotency key everywhere. */
	reference: string;
	/** The system that took the order, e.g. "cloudshelf". */
	origin: string;
	/** ISO 8601 date-time. */
	placedAt: string;
	/** ISO 4217 code, e.g. GBP. */
	currency: string;
	status: OrderStatus;
	customer?: Customer;
	shippingAddress?: Address;
	billingAddress?: Address;
	shippingMethod?: string;
	/** Store or location that took the order, as named in the origin system. */
	location?: string;
	lines: OrderLine[];
	payments?: Payment[];
	totals?: OrderTotals;
	attributes?: Record<string, string>;
}

export interface FulfilmentLine {
	sku: string;
	quantity: number;
}

export interface Fulfilment {
	orderReference: string;
	carrier?: string;
	service?: string;
	trackingNumber?: string;
	trackingUrl?: string;
	/** ISO 8601 date-time. */
	shippedAt: string;
	lines: FulfilmentLine[];
	attributes?: Record<string, string>;
}

/** Thrown when an item is not a valid canonical record; `problems` lists every field to fix. */
export class InvalidRecordError extends Error {
	constructor(
		readonly kind: string,
		readonly problems: string[],
	) {
		super(`Not a valid ${kind}: ${problems.join('; ')}`);
		this.name = 'InvalidRecordError';
	}
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
	return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Reads fields of one object, recording a readable problem for each bad one. */
class FieldReader {
	constructor(
		private readonly source: Json,
		private readonly path: string,
		private readonly problems: string[],
	) {}

	private name(field: string): string {
		return this.path ? `${this.path}.${field}` : field;
	}

	private fail(field: string, expected: string): undefined {
		this.problems.push(`${this.name(field)} must be ${expected} (got ${show(this.source[field])})`);
		return undefined;
	}

	requiredString(field: string): string {
		const value = this.optionalString(field);
		if (value === undefined || value === '') {
			if (this.source[field] === undefined || this.source[field] === '') {
				this.problems.push(`${this.name(field)} is missing`);
			}
			return '';
		}
		return value;
	}

	optionalString(field: string): string | undefined {
		const value = this.source[field];
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value === 'number') return String(value);
		if (typeof value !== 'string') return this.fail(field, 'text');
		return value.trim();
	}

	number(field: string, { required = false, min }: { required?: boolean; min?: number } = {}) {
		const raw = this.source[field];
		if (raw === undefined || raw === null || raw === '') {
			if (required) this.problems.push(`${this.name(field)} is missing`);
			return undefined;
		}
		const value = typeof raw === 'string' ? Number(raw) : raw;
		if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(field, 'a number');
		if (min !== undefined && value < min) return this.fail(field, `a number of ${min} or more`);
		return value;
	}

	wholeNumber(field: string, min: number): number {
		const value = this.number(field, { required: true });
		if (value === undefined) return 0;
		if (!Number.isInteger(value) || value < min) {
			this.fail(field, `a whole number of ${min} or more`);
			return 0;
		}
		return value;
	}

	date(field: string): string {
		const value = this.requiredString(field);
		if (value && Number.isNaN(Date.parse(value))) {
			this.fail(field, 'an ISO 8601 date-time such as 2026-05-01T10:00:00Z');
			return '';
		}
		return value ? new Date(value).toISOString() : '';
	}

	object(field: string): FieldReader | undefined {
		const value = this.source[field];
		if (value === undefined || value === null) return undefined;
		if (!isObject(value)) return this.fail(field, 'an object');
		return new FieldReader(value, this.name(field), this.problems);
	}

	list(field: string, { required }: { required: boolean }): FieldReader[] {
		const value = this.source[field];
		if (value === undefined || value === null) {
			if (required) this.problems.push(`${this.name(field)} is missing`);
			return [];
		}
		if (!Array.isArray(value)) return this.fail(field, 'a list') ?? [];
		if (required && value.length === 0) this.problems.push(`${this.name(field)} is empty`);
		return value.map((entry, index) => {
			const entryPath = `${this.name(field)}[${index}]`;
			if (!isObject(entry)) {
				this.problems.push(`${entryPath} must be an object (got ${show(entry)})`);
				return new FieldReader({}, entryPath, []);
			}
			return new FieldReader(entry, entryPath, this.problems);
		});
	}

	stringMap(field: string): Record<string, string> | undefined {
		const value = this.source[field];
		if (value === undefined || value === null) return undefined;
		if (!isObject(value)) return this.fail(field, 'an object of text values');
		const result: Record<string, string> = {};
		for (const [key, entry] of Object.entries(value)) {
			if (entry !== undefined && entry !== null) result[key] = String(entry);
		}
		return result;
	}
}

/**
 * `value` without its undefined fields, at every depth, so outputs show only what a record has.
 * The one way every model mapping (shared and per platform) drops them.
 */
export function withoutUndefined<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry: unknown) => withoutUndefined(entry)) as T;
	if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
		return value;
	const result: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		if (entry !== undefined) result[key] = withoutUndefined(entry);
	}
	return result as T;
}

function begin(kind: string, input: unknown): { reader: FieldReader; problems: string[] } {
	const problems: string[] = [];
	if (!isObject(input))
		throw new InvalidRecordError(kind, [`expected an object, got ${show(input)}`]);
	return { reader: new FieldReader(input, '', problems), problems };
}

/**
 * Most a record may weigh (as JSON). No retail record comes near it; one that does carries a field
 * it should not (a pasted file, a runaway note), which every platform would refuse or choke on, so
 * it fails here, before anything is sent, naming the field instead of echoing it.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** A size for messages: "10.0 MB". */
export const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * The path of the field that makes `value` too large: descend into the largest child while it is
 * itself over the limit (a runaway note; the list of 100,000 lines when no one line is).
 */
function heaviestField(value: unknown, path: string, size: number): { path: string; size: number } {
	if (typeof value !== 'object' || value === null) return { path, size };
	let heaviest: { key: string; child: unknown; size: number } | undefined;
	for (const [key, child] of Object.entries(value)) {
		const childSize = JSON.stringify(child ?? null).length;
		if (!heaviest || childSize > heaviest.size) heaviest = { key, child, size: childSize };
	}
	if (!heaviest || heaviest.size <= MAX_RECORD_BYTES) return { path, size };
	const childPath = Array.isArray(value)
		? `${path}[${heaviest.key}]`
		: path
			? `${path}.${heaviest.key}`
			: heaviest.key;
	return heaviestField(heaviest.child, childPath, heaviest.size);
}

/**
 * What is wrong with a record over MAX_RECORD_BYTES (the field that makes it so, and its size), or
 * undefined for one within it. For records of the model and for rows built from node parameters.
 */
export function recordSizeProblem(kind: string, value: unknown): string | undefined {
	const size = JSON.stringify(value ?? null).length;
	if (size <= MAX_RECORD_BYTES) return undefined;
	const heaviest = heaviestField(value, '', size);
	const what = heaviest.path
		? `${heaviest.path} is ${megabytes(heaviest.size)}`
		: `it is ${megabytes(size)}`;
	return `${what}: a ${kind} may be at most ${megabytes(MAX_RECORD_BYTES)} in all; shorten that field or leave it out`;
}

function finish<T>(kind: string, problems: string[], value: T): T {
	if (problems.length) throw new InvalidRecordError(kind, problems);
	const tooLarge = recordSizeProblem(kind, value);
	if (tooLarge) throw new InvalidRecordError(kind, [tooLarge]);
	return value;
}

export function parseStockLevel(input: unknown): StockLevel {
	const { reader, problems } = begin('stock level', input);
	const level = withoutUndefined<StockLevel>({
		sku: reader.requiredString('sku'),
		location: reader.optionalString('location'),
		quantity: reader.wholeNumber('quantity', 0),
	});
	return finish('stock level', problems, level);
}

/** A stock change: like a stock level, but the quantity is a signed delta. */
export function parseStockDelta(input: unknown): StockLevel {
	const { reader, problems } = begin('stock adjustment', input);
	const quantity = reader.number('quantity', { required: true }) ?? 0;
	if (!Number.isInteger(quantity))
		problems.push(`quantity must be a whole number (got ${quantity})`);
	const delta = withoutUndefined<StockLevel>({
		sku: reader.requiredString('sku'),
		location: reader.optionalString('location'),
		quantity,
	});
	return finish('stock adjustment', problems, delta);
}

function readAddress(reader: FieldReader | undefined): Address | undefined {
	if (!reader) return undefined;
	const country = reader.optionalString('country');
	return {
		name: reader.optionalString('name'),
		company: reader.optionalString('company'),
		line1: reader.optionalString('line1'),
		line2: reader.optionalString('line2'),
		line3: reader.optionalString('line3'),
		city: reader.optionalString('city'),
		region: reader.optionalString('region'),
		postalCode: reader.optionalString('postalCode'),
		country: country?.toUpperCase(),
		phone: reader.optionalString('phone'),
		email: reader.optionalString('email'),
	};
}

export function parseOrder(input: unknown): Order {
	const { reader, problems } = begin('order', input);
	const status = reader.requiredString('status').toLowerCase();
	if (status && !(ORDER_STATUSES as readonly string[]).includes(status)) {
		problems.push(`status must be one of ${ORDER_STATUSES.join(', ')} (got ${show(status)})`);
	}
	const currency = reader.requiredString('currency').toUpperCase();
	if (currency && !/^[A-Z]{3}$/.test(currency)) {
		problems.push(
			`currency must be a three-letter ISO 4217 code such as GBP (got ${show(currency)})`,
		);
	}
	const customer = reader.object('customer');
	const totals = reader.object('totals');
	const order = withoutUndefined<Order>({
		reference: reader.requiredString('reference'),
		origin: reader.requiredString('origin'),
		placedAt: reader.date('placedAt'),
		currency,
		status: status as OrderStatus,
		customer: customer
			? {
					email: customer.optionalString('email'),
					name: customer.optionalString('name'),
					phone: customer.optionalString('phone'),
				}
			: undefined,
		shippingAddress: readAddress(reader.object('shippingAddress')),
		billingAddress: readAddress(reader.object('billingAddress')),
		shippingMethod: reader.optionalString('shippingMethod'),
		location: reader.optionalString('location'),
		lines: reader.list('lines', { required: true }).map((line) => ({
			sku: line.requiredString('sku'),
			name: line.optionalString('name'),
			quantity: line.wholeNumber('quantity', 1),
			unitPrice: line.number('unitPrice', { required: true, min: 0 }) ?? 0,
			taxRate: line.number('taxRate', { min: 0 }),
		})),
		payments: reader.list('payments', { required: false }).map((payment) => ({
			method: payment.requiredString('method'),
			amount: payment.number('amount', { required: true }) ?? 0,
		})),
		totals: totals
			? {
					subtotal: totals.number('subtotal'),
					shipping: totals.number('shipping', { min: 0 }),
					tax: totals.number('tax'),
					total: totals.number('total', { required: true }) ?? 0,
				}
			: undefined,
		attributes: reader.stringMap('attributes'),
	});
	if (order.payments?.length === 0) delete order.payments;
	return finish('order', problems, order);
}

export function parseFulfilment(input: unknown): Fulfilment {
	const { reader, problems } = begin('fulfilment', input);
	const fulfilment = withoutUndefined<Fulfilment>({
		orderReference: reader.requiredString('orderReference'),
		carrier: reader.optionalString('carrier'),
		service: reader.optionalString('service'),
		trackingNumber: reader.optionalString('trackingNumber'),
		trackingUrl: reader.optionalString('trackingUrl'),
		shippedAt: reader.date('shippedAt'),
		lines: reader.list('lines', { required: false }).map((line) => ({
			sku: line.requiredString('sku'),
			quantity: line.wholeNumber('quantity', 1),
		})),
		attributes: reader.stringMap('attributes'),
	});
	return finish('fulfilment', problems, fulfilment);
}
