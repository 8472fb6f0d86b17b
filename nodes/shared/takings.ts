/**
 * Takings reconciliation (pure, platform-neutral): the money a till or kiosk system says it took
 * ("expected", e.g. Cloudshelf kiosk orders) against what the system of record holds ("recorded",
 * e.g. Stokly sale orders and their payments), per day (in a time zone), location, payment method
 * and currency.
 *
 * Choices (ASSUMED, documented in the README):
 * - A refunded or cancelled order counts as 0 taken on the day it was placed (net takings). The
 *   origin's orders carry no refund date, so a separate refund entry on another day cannot be
 *   placed; an order still paid in the record system is reported as "refunded in X, still paid in Y".
 *   Every other status (paid, fulfilled, pending with a tender) counts its payments as taken.
 * - An order found on both sides is counted on the expected side's day and location (the moment the
 *   customer paid), so a sale synced a day late is counted on its own day. An order only in the
 *   record system is counted on its own day and location.
 * - A removed (cancelled) record counts as 0 recorded.
 * - `difference` is recorded − expected: positive means the record system holds more money.
 * - Amounts are compared in hundredths (two-decimal currencies such as GBP and EUR).
 */
import type { Payment } from './model';

/** An order as the till/kiosk system took it. */
export interface ExpectedTakings {
	reference: string;
	/** ISO 8601 date-time the order was placed. */
	placedAt: string;
	location: string;
	currency: string;
	/** Canonical order status; refunded and cancelled count as 0 taken. */
	status: string;
	/** Methods already named as the groups name them (see the caller's payment-method table). */
	payments: Payment[];
	/** The input item the order came from, for pairing outputs. */
	itemIndex: number;
}

/** An order as the record system holds it. */
export interface RecordedTakings {
	/** The expected order's reference it was created from; empty when it has none. */
	reference?: string;
	/** The record system's id. */
	id: string;
	/** What people call it there (e.g. a sequential number), shown in sentences; defaults to `id`. */
	label?: string;
	/** ISO 8601 date-time, used for its day when it has no expected order. */
	createdAt: string;
	location: string;
	currency: string;
	payments: Payment[];
	/** Cancelled or removed in the record system: counts as 0 recorded. */
	removed?: boolean;
}

export const TAKINGS_REASONS = [
	'notRecorded',
	'recordedOnly',
	'refundedStillPaid',
	'removedStillTaken',
	'recordedTwice',
	'currencyDiffers',
	'methodDiffers',
	'amountDiffers',
] as const;
export type TakingsReason = (typeof TAKINGS_REASONS)[number];

/** One order behind a group's difference. */
export interface TakingsVariance {
	reference: string;
	reason: TakingsReason;
	/** The reason in words, e.g. "not in Stokly", "refunded in Cloudshelf, still paid in Stokly". */
	reasonText: string;
	/** This order's share of the group on each side. */
	expected: number;
	recorded: number;
	difference: number;
	/** The record system's orders for it (ids), none when it is missing there. */
	recordedIds: string[];
	/** Their labels (e.g. niceId), in the same order. */
	recordedLabels: string[];
	/** The input item of the expected order, when there is one. */
	itemIndex?: number;
}

export interface TakingsGroup {
	/** YYYY-MM-DD in the time zone compared in. */
	day: string;
	location: string;
	method: string;
	currency: string;
	expected: number;
	recorded: number;
	/** recorded − expected. */
	difference: number;
	/** Orders (references) with money or a variance in this group, on either side. */
	orders: number;
	/** The orders behind any difference, with the reason; empty when the group matches. */
	variances: TakingsVariance[];
	/** Input items of the expected orders in the group (ascending). */
	itemIndexes: number[];
	/** A sentence a person can read: the totals and each order behind a difference. */
	summary: string;
}

export interface TakingsOptions {
	/** IANA time zone the days are taken in, e.g. Europe/London. */
	timeZone: string;
	/** Only these days (YYYY-MM-DD); all days when absent. */
	days?: readonly string[];
	/** Names of the two systems, in the reasons and sentences, e.g. "Cloudshelf" and "Stokly". */
	expectedIn: string;
	recordedIn: string;
}

const VOID_STATUSES = new Set(['refunded', 'cancelled']);

const key = (value: string | undefined) => (value ?? '').trim().toLowerCase();
const cents = (amount: number) => Math.round(amount * 100);
const units = (value: number) => value / 100;
const money = (value: number) => units(value).toFixed(2);
const signed = (value: number) => (value > 0 ? `+${money(value)}` : money(value));

// ---------------------------------------------------------------------------------------------
// Days in a time zone (Intl only)

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, format);
	}
	return format;
}

/** Whether `timeZone` is an IANA time zone this runtime knows (e.g. Europe/London). */
export function isTimeZone(timeZone: string): boolean {
	if (!timeZone) return false;
	try {
		formatter(timeZone);
		return true;
	} catch {
		return false;
	}
}

function wallClock(instant: number, timeZone: string) {
	const parts: Record<string, number> = {};
	for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** The calendar day (YYYY-MM-DD) of an ISO date-time in `timeZone`. */
export function dayOf(time: string, timeZone: string): string {
	const { year, month, day } = wallClock(Date.parse(time), timeZone);
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Milliseconds the wall clock of `timeZone` is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
	const clock = wallClock(instant, timeZone);
	const asUtc = Date.UTC(
		clock.year,
		clock.month - 1,
		clock.day,
		clock.hour,
		clock.minute,
		clock.second,
	);
	return asUtc - Math.floor(instant / 1000) * 1000;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `day` is a real calendar date written YYYY-MM-DD. */
export function isDay(day: string): boolean {
	const match = DAY_PATTERN.exec(day);
	if (!match) return false;
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return date.toISOString().slice(0, 10) === day;
}

/** The instant `day` (YYYY-MM-DD) begins in `timeZone` (its local midnight, DST included). */
export function startOfDay(day: string, timeZone: string): Date {
	const [year, month, date] = day.split('-').map(Number);
	const midnightUtc = Date.UTC(year, month - 1, date);
	let instant = midnightUtc - offsetAt(midnightUtc, timeZone);
	// The offset at the guess can differ from the one at UTC midnight across a DST change.
	instant = midnightUtc - offsetAt(instant, timeZone);
	return new Date(instant);
}

/** The day after `day` (calendar arithmetic, no time zone involved). */
export function nextDay(day: string): string {
	const [year, month, date] = day.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** Every day from `first` to `last`, both included; empty when `last` is before `first`. */
export function daysFrom(first: string, last: string, max = 366): string[] {
	const days: string[] = [];
	for (let day = first; day <= last && days.length < max; day = nextDay(day)) days.push(day);
	return days;
}

/** The instants the days span in `timeZone`: from the first's midnight to the midnight after the last. */
export function windowOfDays(days: readonly string[], timeZone: string): { from: Date; to: Date } {
	const sorted = [...days].sort();
	return {
		from: startOfDay(sorted[0], timeZone),
		to: startOfDay(nextDay(sorted[sorted.length - 1]), timeZone),
	};
}

// ---------------------------------------------------------------------------------------------
// The comparison

interface Cell {
	day: string;
	location: string;
	method: string;
	currency: string;
	expected: number;
	recorded: number;
	references: Set<string>;
	variances: TakingsVariance[];
	itemIndexes: Set<number>;
}

/** Amount per method key (hundredths), with the first spelling of each method. */
function byMethod(payments: Payment[], names: Map<string, string>): Map<string, number> {
	const amounts = new Map<string, number>();
	for (const payment of payments) {
		const method = key(payment.method);
		if (!names.has(method)) names.set(method, payment.method.trim());
		amounts.set(method, (amounts.get(method) ?? 0) + cents(payment.amount));
	}
	return amounts;
}

function reasonText(reason: TakingsReason, options: TakingsOptions, detail: string): string {
	const { expectedIn, recordedIn } = options;
	switch (reason) {
		case 'notRecorded':
			return `not in ${recordedIn}`;
		case 'recordedOnly':
			return `in ${recordedIn} only`;
		case 'refundedStillPaid':
			return `${detail} in ${expectedIn}, still paid in ${recordedIn}`;
		case 'removedStillTaken':
			return `removed in ${recordedIn}, paid in ${expectedIn}`;
		case 'recordedTwice':
			return `in ${recordedIn} ${detail} times`;
		case 'currencyDiffers':
			return `currency differs (${detail})`;
		case 'methodDiffers':
			return 'method differs';
		case 'amountDiffers':
			return 'amount differs';
	}
}

/**
 * Compares expected with recorded takings. Orders are matched on their reference (case- and
 * whitespace-insensitive); the first expected order of a reference counts (later ones only add
 * their input items). Groups come sorted by day, location, method and currency.
 */
export function compareTakings(
	expected: readonly ExpectedTakings[],
	recorded: readonly RecordedTakings[],
	options: TakingsOptions,
): TakingsGroup[] {
	const days = options.days ? new Set(options.days) : undefined;
	const locations = new Map<string, string>();
	const methods = new Map<string, string>();
	const spell = (names: Map<string, string>, value: string) => {
		const normal = key(value);
		if (!names.has(normal)) names.set(normal, value.trim());
		return normal;
	};

	const expectedBy = new Map<string, { order: ExpectedTakings; itemIndexes: number[] }>();
	for (const order of expected) {
		const reference = key(order.reference);
		const known = expectedBy.get(reference);
		if (known) known.itemIndexes.push(order.itemIndex);
		else expectedBy.set(reference, { order, itemIndexes: [order.itemIndex] });
	}
	const recordedBy = new Map<string, RecordedTakings[]>();
	for (const order of recorded) {
		// A record without a reference is its own entry, keyed by its id.
		const reference = key(order.reference) || `\u0000${order.id}`;
		recordedBy.set(reference, [...(recordedBy.get(reference) ?? []), order]);
	}

	const cells = new Map<string, Cell>();
	const cellOf = (day: string, location: string, method: string, currency: string): Cell => {
		const id = JSON.stringify([day, key(location), method, currency]);
		let cell = cells.get(id);
		if (!cell) {
			cell = {
				day,
				location: locations.get(key(location)) ?? location,
				method: methods.get(method) ?? method,
				currency,
				expected: 0,
				recorded: 0,
				references: new Set(),
				variances: [],
				itemIndexes: new Set(),
			};
			cells.set(id, cell);
		}
		return cell;
	};

	for (const reference of new Set([...expectedBy.keys(), ...recordedBy.keys()])) {
		const entry = expectedBy.get(reference);
		const order = entry?.order;
		const records = recordedBy.get(reference) ?? [];
		const anchor = order
			? { time: order.placedAt, location: order.location }
			: { time: records[0].createdAt, location: records[0].location };
		const day = dayOf(anchor.time, options.timeZone);
		if (days && !days.has(day)) continue;
		spell(locations, anchor.location);

		const status = key(order?.status);
		const voided = VOID_STATUSES.has(status);
		const expectedAmounts = order && !voided ? byMethod(order.payments, methods) : new Map();
		const live = records.filter((record) => !record.removed);
		const recordedAmounts = new Map<string, Map<string, number>>();
		for (const record of live) {
			const currency = record.currency.toUpperCase();
			const amounts = recordedAmounts.get(currency) ?? new Map<string, number>();
			for (const [method, amount] of byMethod(record.payments, methods))
				amounts.set(method, (amounts.get(method) ?? 0) + amount);
			recordedAmounts.set(currency, amounts);
		}
		const expectedCurrency = (order?.currency ?? records[0]?.currency ?? '').toUpperCase();
		const recordedTotal = [...recordedAmounts.values()]
			.flatMap((amounts) => [...amounts.values()])
			.reduce((sum, amount) => sum + amount, 0);
		const expectedTotal = [...expectedAmounts.values()].reduce((sum, amount) => sum + amount, 0);

		// Each (method, currency) the order touches, with its share on each side.
		const shares = new Map<string, { method: string; currency: string; e: number; r: number }>();
		const shareOf = (method: string, currency: string) => {
			const id = `${method}\u0000${currency}`;
			let found = shares.get(id);
			if (!found) {
				found = { method, currency, e: 0, r: 0 };
				shares.set(id, found);
			}
			return found;
		};
		for (const [method, amount] of expectedAmounts) shareOf(method, expectedCurrency).e += amount;
		for (const [currency, amounts] of recordedAmounts)
			for (const [method, amount] of amounts) shareOf(method, currency).r += amount;
		if (!shares.size) {
			// No money on either side (e.g. refunded and never recorded): the order is still counted
			// in its day, location and tender.
			const method = order?.payments[0]?.method ?? records[0]?.payments[0]?.method;
			if (method) shareOf(spell(methods, method), expectedCurrency);
		}

		const differs = [...shares.values()].some((entry) => entry.e !== entry.r);
		let reason: TakingsReason | undefined;
		let detail = '';
		if (!order) reason = 'recordedOnly';
		else if (!records.length) reason = expectedTotal !== 0 ? 'notRecorded' : undefined;
		else if (voided && recordedTotal !== 0) {
			reason = 'refundedStillPaid';
			detail = status;
		} else if (!live.length && expectedTotal !== 0) reason = 'removedStillTaken';
		else if (live.length > 1) {
			reason = 'recordedTwice';
			detail = String(live.length);
		} else if (differs) {
			const recordedCurrencies = [...recordedAmounts.keys()];
			const methodsOf = (side: 'e' | 'r') =>
				[...shares.values()]
					.filter((entry) => entry[side] !== 0)
					.map((entry) => entry.method)
					.sort()
					.join('\u0000');
			if (recordedCurrencies.some((currency) => currency !== expectedCurrency)) {
				reason = 'currencyDiffers';
				detail = `${expectedCurrency} in ${options.expectedIn}, ${recordedCurrencies.join(', ')} in ${options.recordedIn}`;
			} else if (methodsOf('e') !== methodsOf('r')) reason = 'methodDiffers';
			else reason = 'amountDiffers';
		}
		if (!reason && differs) reason = 'amountDiffers';

		// A record only the recorded side has is named by the reference it carries (e.g. the kiosk
		// order it was made from), else by its label.
		const label =
			order?.reference.trim() ??
			(records[0].reference?.trim() || records[0].label || records[0].id);
		for (const share of shares.values()) {
			const cell = cellOf(day, anchor.location, share.method, share.currency);
			cell.expected += share.e;
			cell.recorded += share.r;
			cell.references.add(reference);
			for (const itemIndex of entry?.itemIndexes ?? []) cell.itemIndexes.add(itemIndex);
			if (reason && share.e !== share.r) {
				cell.variances.push({
					reference: label,
					reason,
					reasonText: reasonText(reason, options, detail),
					expected: units(share.e),
					recorded: units(share.r),
					difference: units(share.r - share.e),
					recordedIds: records.map((record) => record.id),
					recordedLabels: records.map((record) => record.label ?? record.id),
					...(order ? { itemIndex: order.itemIndex } : {}),
				});
			}
		}
	}

	return [...cells.values()]
		.map((cell) => toGroup(cell, options))
		.sort(
			(a, b) =>
				a.day.localeCompare(b.day) ||
				a.location.localeCompare(b.location) ||
				a.method.localeCompare(b.method) ||
				a.currency.localeCompare(b.currency),
		);
}

function toGroup(cell: Cell, options: TakingsOptions): TakingsGroup {
	const difference = cell.recorded - cell.expected;
	const group: Omit<TakingsGroup, 'summary'> = {
		day: cell.day,
		location: cell.location,
		method: cell.method,
		currency: cell.currency,
		expected: units(cell.expected),
		recorded: units(cell.recorded),
		difference: units(difference),
		orders: cell.references.size,
		variances: cell.variances,
		itemIndexes: [...cell.itemIndexes].sort((a, b) => a - b),
	};
	return { ...group, summary: summaryOf(cell, options) };
}

/** Whether the group needs looking at: its totals differ, or orders behind it do (and cancel out). */
export function hasVariance(group: TakingsGroup): boolean {
	return group.difference !== 0 || group.variances.length > 0;
}

/**
 * E.g. "2026-05-01, Hereford, card (GBP): 59.00 taken in Cloudshelf, 118.00 recorded in Stokly,
 * +59.00. CS-1: refunded in Cloudshelf, still paid in Stokly (Stokly SO-1001: 59.00)."
 */
function summaryOf(cell: Cell, { expectedIn, recordedIn }: TakingsOptions): string {
	const head = `${cell.day}, ${cell.location}, ${cell.method} (${cell.currency})`;
	if (cell.expected === cell.recorded && !cell.variances.length)
		return `${head}: ${money(cell.expected)} taken in ${expectedIn} and recorded in ${recordedIn}.`;
	const totals = `${head}: ${money(cell.expected)} taken in ${expectedIn}, ${money(cell.recorded)} recorded in ${recordedIn}, ${signed(cell.recorded - cell.expected)}.`;
	const orders = cell.variances.map((variance) => {
		const labels = variance.recordedLabels.length ? ` ${variance.recordedLabels.join(', ')}` : '';
		return `${variance.reference}: ${variance.reasonText} (${expectedIn} ${variance.expected.toFixed(2)}, ${recordedIn}${labels} ${variance.recorded.toFixed(2)}).`;
	});
	return [totals, ...orders].join(' ');
}
