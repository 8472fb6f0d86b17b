/**
 * The API side of Sale Order → Create, idempotent on `sourceReferenceId` = the order's reference.
 * Stokly has no idempotency header; its own clients look the reference up first (VERIFIED
 * practice, reference §2.4.5). Writes answer 202 and become visible later, so a look-up alone
 * cannot tell "not made" from "made, not visible yet": what this node sent is remembered in the
 * node's static data (nodes/shared/pendingWrites.ts) for the Pending Window:
 * 1. the orders of the run are looked up by reference (200 per filter): found → `created: false`;
 * 2. not found, but sent within the window with its id → `GET /v2/saleorders/{id}`: shown →
 *    `created: false`; still 404 → `created: false, pending: true`, and NOT sent again;
 * 3. not found, sent within the window but its answer was lost → the item fails saying Stokly may
 *    have it; it is not sent again until the window has passed (a lost answer is never re-sent);
 * 4. otherwise `POST /v2/saleorders` (never re-sent by the client but after a 429): 202 → the id is
 *    remembered and the order read back for its niceId (`pending: true` while it is not shown); a
 *    lost answer is remembered without id, the order looked up once more, and the item fails when
 *    it is not there.
 * Customers (Customer "Find or Create by Email") follow the same rule: looked up by email, made
 * once, remembered while not visible.
 */
import { NodeOperationError, sleep, type IDataObject, type INode } from 'n8n-workflow';

import type { ItemResults } from '../../../../shared/items';
import { normaliseKey } from '../../../../shared/mapping';
import type { PendingWrites } from '../../../../shared/pendingWrites';
import { eq } from '../../../requests';
import { forEachConcurrently } from '../../../../shared/transport';
import { LIMITS, type StoklyClient } from '../../../transport';
import { splitName, toSaleOrderDraft, type StoklySaleOrder } from '../convert';
import {
	allSaleOrdersByReference,
	findSaleOrder,
	SALE_ORDER_PATHS,
	saleOrdersByReference,
} from '../lookup';
import type { CheckedSaleOrder, ResolvedSaleOrder } from './checks';

export interface PendingSaleOrder extends IDataObject {
	/** The saleOrderId Stokly answered; absent when its answer was lost. */
	id?: string;
}

export interface PendingCustomer extends IDataObject {
	id?: string;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/** Cancelled and refunded orders become no sale order (`submit` refuses them, naming the status). */
export function isRefused(entry: ResolvedSaleOrder): boolean {
	return entry.order.status === 'cancelled' || entry.order.status === 'refunded';
}

/** Longest wait for a customer just made to be shown (ASSUMED; ST-AMSCAN waits about 5 s). */
const CUSTOMER_WAIT_MS = 8_000;

/** Longest wait for sale orders just made (or removed) to be shown so (ASSUMED, as CUSTOMER_WAIT_MS). */
const RACE_WAIT_MS = 8_000;

/**
 * Asks `check` until it holds, waiting 0.5 s, 1 s, 2 s, … between asks for at most `maxMs` in all
 * (Stokly shows a write some time after accepting it); whether it held.
 */
async function eventually(check: () => Promise<boolean>, maxMs: number): Promise<boolean> {
	for (let waited = 0, step = 500; ; waited += step, step *= 2) {
		if (await check()) return true;
		if (waited + step > maxMs) return false;
		await sleep(step);
	}
}

/** A sale order as people know it: its running number and id. */
const label = (saleOrder: StoklySaleOrder) =>
	saleOrder.niceId !== undefined
		? `${saleOrder.niceId} (${saleOrder.saleOrderId})`
		: saleOrder.saleOrderId;

function summary(
	entry: CheckedSaleOrder,
	saleOrderId: string,
	saleOrder: StoklySaleOrder | undefined,
	flags: { created: boolean; pending: boolean },
): IDataObject {
	return {
		reference: entry.order.reference,
		saleOrderId,
		...(saleOrder?.niceId !== undefined ? { niceId: saleOrder.niceId } : {}),
		created: flags.created,
		pending: flags.pending,
		...(saleOrder?.stage ? { stage: saleOrder.stage } : {}),
		channel: entry.channelName,
		location: entry.locationName,
		backorderedLines: entry.backorderedLines as unknown as IDataObject[],
	};
}

export class SaleOrderSubmitter {
	/** One find-or-create per email per execution, shared by the orders naming it. */
	private readonly customers = new Map<string, Promise<string>>();
	/** The sale orders this execution made (Stokly answered their id), for `settleRacingDuplicates`. */
	private readonly made: Array<{ entry: CheckedSaleOrder; saleOrderId: string }> = [];
	/** The items submitted, by reference (a repeat of a reference outputs the same sale order). */
	private readonly submitted = new Map<string, CheckedSaleOrder[]>();

	constructor(
		private readonly node: INode,
		private readonly client: StoklyClient,
		private readonly results: ItemResults,
		private readonly pending: PendingWrites<PendingSaleOrder>,
		private readonly pendingCustomers: PendingWrites<PendingCustomer>,
	) {}

	/** The sale orders Stokly shows for the orders' references; undefined when the look-up failed (items failed). */
	async existing(orders: ResolvedSaleOrder[]): Promise<Map<string, StoklySaleOrder> | undefined> {
		try {
			return await saleOrdersByReference(
				this.client,
				orders.map((entry) => entry.order.reference),
			);
		} catch (error) {
			for (const entry of orders) this.results.fail(entry.itemIndex, error);
			return undefined;
		}
	}

	/** Whether the order was sent within the Pending Window (and so is not sent again). */
	wasSent(reference: string): boolean {
		return this.pending.get(reference) !== undefined;
	}

	/** One order: returned when Stokly has it (or it is pending), else made. */
	async submit(entry: CheckedSaleOrder, existing: StoklySaleOrder | undefined): Promise<void> {
		const { reference } = entry.order;
		this.submitted.set(reference, [...(this.submitted.get(reference) ?? []), entry]);
		if (existing) {
			this.pending.delete(reference);
			this.results.succeed(
				entry.itemIndex,
				summary(entry, existing.saleOrderId, existing, { created: false, pending: false }),
			);
			return;
		}
		const sent = this.pending.get(reference);
		if (sent?.id) {
			const shown = await findSaleOrder(this.client, sent.id, entry.itemIndex);
			this.results.succeed(
				entry.itemIndex,
				summary(entry, sent.id, shown, { created: false, pending: !shown }),
			);
			return;
		}
		if (sent) throw this.mayHaveIt(entry, new Date(sent.at), entry.pendingWindowMs);
		if (isRefused(entry)) {
			throw new NodeOperationError(
				this.node,
				`${entry.label} is ${entry.order.status}: no sale order is made for it`,
				{
					itemIndex: entry.itemIndex,
					description:
						'Only pending, paid and fulfilled orders become sale orders (one made before the order was cancelled is returned as it is). Filter such orders out before this node, or route this output to your exceptions.',
				},
			);
		}
		await this.create(entry);
	}

	private async create(entry: CheckedSaleOrder): Promise<void> {
		const { itemIndex, order } = entry;
		const customerId = entry.customerEmail ? await this.customerId(entry) : undefined;
		const draft = toSaleOrderDraft(order, {
			channelId: entry.channelId,
			locationId: entry.locationId,
			itemIds: entry.itemIds,
			payments: entry.payments,
			defaultTaxRate: entry.defaultTaxRate,
			fulfilmentType: entry.fulfilmentType,
			tags: [...entry.tags, ...(entry.backorderedLines.length ? ['backorder'] : [])],
			customerId,
			guestName: entry.guestName,
		});
		const outcome = await this.client.tryCall<{ id?: string }>(itemIndex, {
			method: 'POST',
			path: SALE_ORDER_PATHS.saleOrders,
			body: draft,
		});
		if (outcome.ok && outcome.value?.id) {
			const id = outcome.value.id;
			this.pending.put(order.reference, { id });
			this.made.push({ entry, saleOrderId: id });
			const shown = await findSaleOrder(this.client, id, itemIndex).catch(() => undefined);
			this.results.succeed(
				itemIndex,
				summary(entry, id, shown, { created: true, pending: !shown }),
			);
			return;
		}
		if (outcome.ok || outcome.lost) {
			// Stokly may have made it: never sent again within the window; one more look.
			this.pending.put(order.reference, {});
			const found = (await saleOrdersByReference(this.client, [order.reference], itemIndex)).get(
				order.reference,
			);
			if (found) {
				this.pending.put(order.reference, { id: found.saleOrderId });
				this.results.succeed(
					itemIndex,
					summary(entry, found.saleOrderId, found, { created: true, pending: false }),
				);
				return;
			}
			throw this.mayHaveIt(
				entry,
				new Date(),
				entry.pendingWindowMs,
				outcome.ok ? undefined : outcome.error,
			);
		}
		throw outcome.error;
	}

	/**
	 * Overlapping executions (a schedule firing while the last run is still going, two queue-mode
	 * workers) can each find no sale order for a reference and each make one: Stokly has no
	 * idempotency key that would refuse the second, so the look-up-then-create of `submit` cannot
	 * close that race. After making its orders, the execution lists their references again (a few
	 * listings for the whole run) until Stokly shows every order it made (writes answer 202; at most
	 * RACE_WAIT_MS), so that of racing executions at least the one whose order became visible last
	 * sees them all. Where Stokly shows more than one live sale order for a reference, the first
	 * made (`allSaleOrdersByReference`: lowest number) is the order:
	 * - With Remove Duplicates From Overlapping Runs (on by default) the later ones are removed when
	 *   each is a copy of this execution's own (same channel and placing time, stage `order`, no line
	 *   worked on yet), all in one pass for the run, and confirmed by one more listing. Every item of
	 *   the reference then outputs the first order (created: false unless this execution made it)
	 *   with `removedDuplicates`.
	 * - Otherwise (option off, an order that is not a copy, a removal Stokly does not confirm, or
	 *   orders without running numbers so that which was first is not known), an execution whose own
	 *   order is not the first fails its items, naming the orders, so the duplicate reaches the
	 *   exceptions instead of standing unnoticed.
	 * An execution whose own order another one removed outputs the first order, created: false.
	 * ASSUMED: Stokly removes a sale order on PATCH `{ stage: "removed" }` (stage `removed` is
	 * VERIFIED in its listings and filters, setting it through the API is not documented), which is
	 * why every removal is confirmed by listing it again.
	 */
	async settleRacingDuplicates(): Promise<void> {
		if (!this.made.length) return;
		const references = [...new Set(this.made.map(({ entry }) => entry.order.reference))];
		const ours = this.made.map(({ saleOrderId }) => saleOrderId);
		let shown = new Map<string, StoklySaleOrder[]>();
		try {
			await eventually(async () => {
				shown = await allSaleOrdersByReference(this.client, references);
				const visible = new Set(
					[...shown.values()].flat().map((saleOrder) => saleOrder.saleOrderId),
				);
				return ours.every((id) => visible.has(id));
			}, RACE_WAIT_MS);
		} catch {
			// The orders were made; the check is a safety net, and its failure is no order's failure.
			return;
		}
		const races: Array<{
			entry: CheckedSaleOrder;
			own: StoklySaleOrder;
			first: StoklySaleOrder;
			later: StoklySaleOrder[];
			removable: boolean;
		}> = [];
		for (const { entry, saleOrderId } of this.made) {
			const all = shown.get(entry.order.reference) ?? [];
			const own = all.find((saleOrder) => saleOrder.saleOrderId === saleOrderId);
			// Not shown within the wait: nothing is decided from a view without it.
			if (!own) continue;
			const live = all.filter((saleOrder) => saleOrder.stage !== 'removed');
			const [first, ...later] = live;
			if (own.stage === 'removed') {
				// Another execution kept the first and removed this one's.
				if (first) this.standsInstead(entry, first, false, [own]);
				continue;
			}
			if (!later.length) continue;
			const numbered = live.every((saleOrder) => saleOrder.niceId !== undefined);
			const copy = (saleOrder: StoklySaleOrder) =>
				saleOrder.sourceId === own.sourceId &&
				saleOrder.createdAt === own.createdAt &&
				saleOrder.stage === 'order' &&
				(saleOrder.itemStatuses ?? []).every((status) => status === 'unprocessed');
			races.push({
				entry,
				own,
				first,
				later,
				removable:
					numbered &&
					entry.removeRacingDuplicates &&
					first.sourceId === own.sourceId &&
					first.createdAt === own.createdAt &&
					later.every(copy),
			});
		}
		const removed = await this.removeAll(
			races.filter((race) => race.removable).flatMap((race) => race.later),
		);
		for (const { entry, own, first, later, removable } of races) {
			if (removable && later.every((saleOrder) => removed.has(saleOrder.saleOrderId))) {
				this.standsInstead(entry, first, own === first, later);
				continue;
			}
			if (own === first) continue;
			this.pending.put(entry.order.reference, { id: first.saleOrderId });
			const known = later.every((saleOrder) => saleOrder.niceId !== undefined);
			const failure = new NodeOperationError(
				this.node,
				known && first.niceId !== undefined
					? `${entry.label} was filed more than once in Stokly by executions running at once: sale order ${label(first)} is the order, ${label(own)} (made by this execution) is a duplicate`
					: `${entry.label} was filed more than once in Stokly by executions running at once: sale orders ${[first, ...later].map(label).join(', ')} (${label(own)} made by this execution), and which came first is not known yet`,
				{
					itemIndex: entry.itemIndex,
					description: `Keep one of them and remove the others in Stokly${removable ? ' (this node removed them, and Stokly did not confirm it)' : ''}. Stokly has no key that refuses a second sale order for a reference, so executions of this workflow that overlap can each make one; let a run finish before the next starts (e.g. a longer schedule interval). The next run finds the first sale order and outputs it with created: false.`,
				},
			);
			for (const item of this.itemsOf(entry)) this.results.fail(item.itemIndex, failure);
		}
	}

	/** Every item of the run with this entry's reference (a repeat outputs the same sale order). */
	private itemsOf(entry: CheckedSaleOrder): CheckedSaleOrder[] {
		return this.submitted.get(entry.order.reference) ?? [entry];
	}

	/** The items of the reference output `first` as the order, and the duplicates removed. */
	private standsInstead(
		entry: CheckedSaleOrder,
		first: StoklySaleOrder,
		created: boolean,
		removed: StoklySaleOrder[],
	): void {
		this.pending.put(entry.order.reference, { id: first.saleOrderId });
		for (const item of this.itemsOf(entry))
			this.results.succeedInstead(item.itemIndex, {
				...summary(item, first.saleOrderId, first, {
					created: created && item === entry,
					pending: false,
				}),
				removedDuplicates: removed.map(label),
			});
	}

	/**
	 * Removes these sale orders (a few at a time; after a refusal the rest are not tried) and lists
	 * their references until Stokly shows them removed (or not at all), at most RACE_WAIT_MS: the
	 * ids it shows removed.
	 */
	private async removeAll(saleOrders: StoklySaleOrder[]): Promise<Set<string>> {
		const removed = new Set<string>();
		if (!saleOrders.length) return removed;
		let refused = false;
		const accepted: StoklySaleOrder[] = [];
		await forEachConcurrently(saleOrders, LIMITS.concurrentCalls, async (saleOrder) => {
			if (refused) return;
			try {
				await this.client.send({
					method: 'PATCH',
					path: SALE_ORDER_PATHS.saleOrder(saleOrder.saleOrderId),
					body: { stage: 'removed' },
				});
				accepted.push(saleOrder);
			} catch {
				refused = true;
			}
		});
		if (!accepted.length) return removed;
		const references = [
			...new Set(accepted.flatMap((saleOrder) => saleOrder.sourceReferenceId ?? [])),
		];
		try {
			await eventually(async () => {
				const listed = [
					...(await allSaleOrdersByReference(this.client, references)).values(),
				].flat();
				for (const saleOrder of accepted) {
					const now = listed.find((candidate) => candidate.saleOrderId === saleOrder.saleOrderId);
					if (!now || now.stage === 'removed') removed.add(saleOrder.saleOrderId);
				}
				return removed.size === accepted.length;
			}, RACE_WAIT_MS);
		} catch {
			// Not confirmed: those not shown removed are reported.
		}
		return removed;
	}

	private mayHaveIt(
		entry: CheckedSaleOrder,
		since: Date,
		windowMs: number,
		cause?: Error,
	): NodeOperationError {
		return new NodeOperationError(
			this.node,
			`${entry.label}: Stokly may have made the sale order, but its answer was lost`,
			{
				itemIndex: entry.itemIndex,
				description: `The order was sent at ${since.toISOString()} and is not shown by its source reference yet, so it is not sent again (that could make it twice). Run again later: once Stokly shows it, it is output with created: false; if it never appears, it is sent again ${minutes(windowMs)} minutes after it was sent.${cause ? ` (${cause.message})` : ''}`,
			},
		);
	}

	/** The Stokly customer of the order's email: found, remembered, or made once. */
	private async customerId(entry: CheckedSaleOrder): Promise<string> {
		const email = entry.customerEmail!;
		const key = normaliseKey(email);
		let found = this.customers.get(key);
		if (!found) {
			found = this.findOrCreateCustomer(entry, email, key);
			this.customers.set(key, found);
			// A failure is the item's; a later order with the email tries again.
			found.catch(() => this.customers.delete(key));
		}
		return await found;
	}

	private async findOrCreateCustomer(
		entry: CheckedSaleOrder,
		email: string,
		key: string,
	): Promise<string> {
		const { itemIndex } = entry;
		// ASSUMED: customers filterable by `[email]`; the VERIFIED practice looks them up by
		// `[barcode]` (an external customer code, §2.4.5), which a kiosk order does not carry.
		const [customer] = await this.client.list<{ customerId: string }>(
			itemIndex,
			SALE_ORDER_PATHS.customers,
			{ filter: eq('email', email), pageSize: 10, limit: 1 },
		);
		if (customer) {
			this.pendingCustomers.delete(key);
			return customer.customerId;
		}
		const sent = this.pendingCustomers.get(key);
		if (sent?.id) return await this.shown(entry, email, sent.id);
		if (sent) {
			throw new NodeOperationError(
				this.node,
				`${entry.label}: Stokly may have made the customer ${email}, but its answer was lost`,
				{
					itemIndex,
					description: `It is not made again (that could make it twice); run again once Stokly shows the customer, or after ${minutes(entry.pendingWindowMs)} minutes.`,
				},
			);
		}
		const name = entry.customerName ?? entry.guestName;
		const outcome = await this.client.tryCall<{ id?: string }>(itemIndex, {
			method: 'POST',
			path: SALE_ORDER_PATHS.customers,
			// VERIFIED shape (ST-AMSCAN, ST-MAGEE); type 1 as they send it (meaning UNKNOWN).
			body: { type: 1, name: splitName(name) ?? {}, fullName: name, email },
		});
		if (outcome.ok && outcome.value?.id) {
			this.pendingCustomers.put(key, { id: outcome.value.id });
			return await this.shown(entry, email, outcome.value.id);
		}
		if (outcome.ok || outcome.lost) this.pendingCustomers.put(key, {});
		throw outcome.ok
			? new NodeOperationError(this.node, `Stokly made customer ${email} without naming its id`, {
					itemIndex,
					description: 'Run again: the customer is then found by its email.',
				})
			: outcome.error;
	}

	/**
	 * The customer id once Stokly shows the customer: a sale order naming a customer Stokly does not
	 * show yet may be refused (ST-AMSCAN waits about 5 s after making one), so this waits up to
	 * CUSTOMER_WAIT_MS; still not shown, the order fails and is not sent (the next run finds the
	 * customer).
	 */
	private async shown(entry: CheckedSaleOrder, email: string, id: string): Promise<string> {
		const visible = await eventually(
			async () =>
				(await this.client.find<{ customerId: string }>(entry.itemIndex, {
					method: 'GET',
					path: SALE_ORDER_PATHS.customer(id),
				})) !== undefined,
			CUSTOMER_WAIT_MS,
		);
		if (visible) return id;
		throw new NodeOperationError(
			this.node,
			`${entry.label}: Stokly made the customer ${email} but does not show it yet`,
			{
				itemIndex: entry.itemIndex,
				description:
					'The sale order is not sent until Stokly shows its customer; run again shortly (the customer is not made twice).',
			},
		);
	}
}
