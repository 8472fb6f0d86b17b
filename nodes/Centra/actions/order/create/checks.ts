/**
 * Checks of Order → Create that need Centra data, made for all orders at once before any is
 * created: every SKU must be a Centra product size (Centra would refuse the whole order with code
 * −1 without naming it), and a pricelist given by id must be in the order's currency (a GBP kiosk
 * sale must not land in a EUR pricelist).
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import type { ItemResults } from '../../../../shared/items';
import { normaliseKey } from '../../../../shared/mapping';
import { listPricelists, lookupProductSizes } from '../../../queries';
import type { CentraClient } from '../../../transport';
import type { PreparedOrder } from './prepare';

/** `read`'s answer; when it fails, every order fails with its error (none is created unchecked). */
async function failAllOnError<T>(
	orders: PreparedOrder[],
	results: ItemResults,
	read: () => Promise<T>,
): Promise<T | undefined> {
	try {
		return await read();
	} catch (error) {
		for (const entry of orders) results.fail(entry.itemIndex, error);
		return undefined;
	}
}

/** The orders that pass; the others are failed in `results`. */
export async function rejectUnknownSkus(
	node: INode,
	client: CentraClient,
	orders: PreparedOrder[],
	results: ItemResults,
): Promise<PreparedOrder[]> {
	if (!orders.length) return orders;
	const known = await failAllOnError(
		orders,
		results,
		async () =>
			await lookupProductSizes(
				client,
				orders.flatMap((entry) => entry.order.lines.map((line) => line.sku)),
			),
	);
	if (!known) return [];
	return orders.filter((entry) => {
		const unknown = entry.order.lines
			.map((line) => line.sku)
			.filter((sku) => !known.has(normaliseKey(sku)));
		if (!unknown.length) return true;
		results.fail(
			entry.itemIndex,
			new NodeOperationError(
				node,
				`Order ${entry.order.reference}: SKU ${[...new Set(unknown)].join(', ')} is not a Centra product size`,
				{
					itemIndex: entry.itemIndex,
					description:
						'Add the SKU to the SKU Mapping table, or create the product size in Centra, then run again.',
				},
			),
		);
		return false;
	});
}

/** The orders that pass; the others are failed in `results`. Pricelists given by name are not checked. */
export async function rejectCurrencyMismatch(
	node: INode,
	client: CentraClient,
	orders: PreparedOrder[],
	results: ItemResults,
): Promise<PreparedOrder[]> {
	if (!orders.some((entry) => /^\d+$/.test(entry.centra.pricelist))) return orders;
	// Pricelists are few: all of them in one listing.
	const listed = await failAllOnError(orders, results, async () => await listPricelists(client));
	if (!listed) return [];
	const pricelists = new Map(
		listed.map((pricelist) => [
			pricelist.id,
			{ name: pricelist.name, currency: pricelist.currency?.code ?? '' },
		]),
	);
	return orders.filter((entry) => {
		if (!/^\d+$/.test(entry.centra.pricelist)) return true;
		const pricelist = pricelists.get(Number(entry.centra.pricelist));
		const problem = !pricelist
			? `Centra has no pricelist ${entry.centra.pricelist}`
			: pricelist.currency.toUpperCase() !== entry.order.currency
				? `the order is in ${entry.order.currency} but pricelist "${pricelist.name}" is in ${pricelist.currency}`
				: undefined;
		if (!problem) return true;
		results.fail(
			entry.itemIndex,
			new NodeOperationError(node, `Order ${entry.order.reference}: ${problem}`, {
				itemIndex: entry.itemIndex,
				description:
					"Choose a pricelist in the order's currency for this location in the Location Mapping table.",
			}),
		);
		return false;
	});
}
