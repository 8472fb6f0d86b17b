/**
 * Checks of Order → Create that need Linnworks data: every SKU must be a Linnworks stock item (or
 * the order would arrive with unlinked lines), and, when a tolerance is set, prices must be close
 * to the Linnworks retail price (a kiosk selling at a stale price is an exception).
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import type { ItemResults } from '../../../../shared/items';
import { normaliseKey } from '../../../../shared/mapping';
import { getRetailPrices, lookupStockItemIds } from '../../../queries';
import type { LinnworksClient } from '../../../transport';
import type { PreparedOrder } from './prepare';

const skusOf = (orders: PreparedOrder[]) =>
	orders.flatMap((entry) => entry.order.lines.map((line) => line.sku));

/** The orders that pass; the others are failed in `results`. */
export async function rejectUnknownSkus(
	node: INode,
	client: LinnworksClient,
	orders: PreparedOrder[],
	results: ItemResults,
): Promise<PreparedOrder[]> {
	const checked = orders.filter((entry) => entry.settings.rejectUnknownSkus);
	if (!checked.length) return orders;
	const known = await lookupStockItemIds(client, skusOf(checked));
	return orders.filter((entry) => {
		const unknown = entry.order.lines
			.map((line) => line.sku)
			.filter((sku) => !known.has(normaliseKey(sku)));
		if (!entry.settings.rejectUnknownSkus || unknown.length === 0) return true;
		results.fail(
			entry.itemIndex,
			new NodeOperationError(
				node,
				`Order ${entry.order.reference}: SKU ${[...new Set(unknown)].join(', ')} has no Linnworks stock item`,
				{
					itemIndex: entry.itemIndex,
					description:
						'Add the SKU to the SKU Mapping table, or create the stock item in Linnworks, then run again.',
				},
			),
		);
		return false;
	});
}

/** The orders that pass; the others are failed in `results`. */
export async function rejectPricesOffTolerance(
	node: INode,
	client: LinnworksClient,
	orders: PreparedOrder[],
	results: ItemResults,
): Promise<PreparedOrder[]> {
	const checked = orders.filter((entry) => entry.settings.priceTolerance !== undefined);
	if (!checked.length) return orders;
	const prices = await getRetailPrices(client, skusOf(checked));
	return orders.filter((entry) => {
		const tolerance = entry.settings.priceTolerance;
		if (tolerance === undefined) return true;
		const problems = entry.order.lines.flatMap((line, index) => {
			const retail = prices.get(normaliseKey(line.sku));
			if (retail === undefined || retail <= 0) return [];
			const off = (Math.abs(line.unitPrice - retail) / retail) * 100;
			return off > tolerance
				? [
						`line ${index + 1} (${line.sku}) costs ${line.unitPrice.toFixed(2)} but the Linnworks price is ${retail.toFixed(2)} (${off.toFixed(1)}% off)`,
					]
				: [];
		});
		if (!problems.length) return true;
		results.fail(
			entry.itemIndex,
			new NodeOperationError(
				node,
				`Order ${entry.order.reference}: ${problems.join('; ')}, more than the ${tolerance}% tolerance`,
				{
					itemIndex: entry.itemIndex,
					description:
						'Check the price shown on the kiosk (or the Linnworks retail price), then run again; the order is kept and retried.',
				},
			),
		);
		return false;
	});
}
