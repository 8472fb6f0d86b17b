/**
 * Sale Order → Create: canonical orders (kiosk sales, endless-aisle orders) as Stokly sale orders
 * with their payments, exactly once. The source reference is the key (`sourceReferenceId`, looked
 * up first); a sale order Stokly accepted (202) but does not show yet is never sent again, nor one
 * whose answer was lost (create/submit.ts). `createdAt` is when the order was placed, so a sale an
 * offline kiosk syncs a day late counts in its own day. The steps live in `create/`: editor
 * parameters, input preparation, checks against Stokly data (channel and location, SKUs, stock),
 * and the API calls.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { PendingWrites } from '../../../shared/pendingWrites';
import { forEachConcurrently } from '../../../shared/transport';
import { LIMITS, type StoklyClient } from '../../transport';
import { checkBackorders, resolveItems, resolveRouting } from './create/checks';
import { prepareSaleOrder, type PreparedSaleOrder } from './create/prepare';
import { properties } from './create/properties';
import {
	SaleOrderSubmitter,
	isRefused,
	type PendingCustomer,
	type PendingSaleOrder,
} from './create/submit';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['saleOrder'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();

	// 1. Validate, route and map every order; failures go to the error output with the reason.
	const prepared: PreparedSaleOrder[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const entry = prepareSaleOrder(this, items[itemIndex], itemIndex);
		if (entry instanceof NodeOperationError) results.fail(itemIndex, entry);
		else prepared.push(entry);
	}
	if (!prepared.length) return results.toArray();

	// 2. Checks against Stokly data: channel and location, SKUs → itemIds, stock at the location.
	const routed = await resolveRouting(node, client, prepared, results);
	const resolved = await resolveItems(node, client, routed, results);

	// 3. Idempotency: what Stokly shows (or this node sent and Stokly does not show yet) is not sent.
	const windowMs = prepared[0].pendingWindowMs;
	const submitter = new SaleOrderSubmitter(
		node,
		client,
		results,
		PendingWrites.of<PendingSaleOrder>(this, 'saleOrders', { windowMs }),
		PendingWrites.of<PendingCustomer>(this, 'customers', { windowMs }),
	);
	const existing = await submitter.existing(resolved);
	if (!existing) return results.toArray();
	// Stock is checked for the orders that may be made: not shown, not sent before, first of their
	// reference, neither cancelled nor refunded (those are refused in submit, their units not counted).
	const toMake = new Map<string, (typeof resolved)[number]>();
	for (const entry of resolved) {
		const { reference } = entry.order;
		if (isRefused(entry)) continue;
		if (!existing.has(reference) && !submitter.wasSent(reference) && !toMake.has(reference))
			toMake.set(reference, entry);
	}
	const makeable = new Set(toMake.values());
	const checked = await checkBackorders(node, client, [...makeable], results);

	const passed = new Set(checked.map((entry) => entry.order.reference));
	const others = resolved.filter((entry) => {
		if (makeable.has(entry)) return false;
		const { reference } = entry.order;
		if (
			isRefused(entry) ||
			existing.has(reference) ||
			submitter.wasSent(reference) ||
			passed.has(reference)
		)
			return true;
		// A repeat of an order whose stock check failed: it is not made either.
		results.fail(
			entry.itemIndex,
			new NodeOperationError(
				node,
				`${entry.label}: not made, as item ${toMake.get(reference)?.itemIndex} with the same reference failed`,
				{ itemIndex: entry.itemIndex, description: 'See the error of that item.' },
			),
		);
		return false;
	});

	// Orders with the same reference go one after another, so a later one finds the first.
	const byReference = new Map<string, typeof checked>();
	for (const entry of [
		...others.map((entry) => ({ ...entry, backorderedLines: [] })),
		...checked,
	].sort((a, b) => a.itemIndex - b.itemIndex)) {
		byReference.set(entry.order.reference, [
			...(byReference.get(entry.order.reference) ?? []),
			entry,
		]);
	}
	await forEachConcurrently([...byReference.values()], LIMITS.concurrentCalls, async (group) => {
		for (const entry of group) {
			try {
				await submitter.submit(entry, existing.get(entry.order.reference));
			} catch (error) {
				results.fail(entry.itemIndex, error);
			}
		}
	});
	// 4. Sale orders overlapping executions made for the same references: the first kept, the others removed or reported.
	await submitter.settleRacingDuplicates();
	return results.toArray();
}
