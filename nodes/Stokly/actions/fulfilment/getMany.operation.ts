/**
 * Fulfilment → Get Many: the dispatches made in a window, each as one canonical Fulfilment (courier
 * → carrier, tracking number and URL, dispatchedAt → shippedAt, lines by SKU, orderReference = the
 * sale order's sourceReferenceId). ASSUMED dispatch model (reference §2.6.4; the real API's is
 * UNKNOWN): sale orders with a line in status `dispatched` (`[itemStatuses]::{dispatched}`) updated
 * since the window opened (`timeUpdated`, which a dispatch moves) are listed, and their
 * `dispatches[]` are filtered by `dispatchedAt`.
 */
import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readWindow } from '../../../shared/dates';
import { ItemResults } from '../../../shared/items';
import type { StoklyClient } from '../../transport';
import type { StoklyDispatch, StoklySaleOrder, StoklySaleOrderLine } from '../saleOrder/convert';
import { linesOfSaleOrders, listSaleOrders } from '../saleOrder/lookup';
import { listingProperties, readTag } from '../saleOrder/listing';
import { dispatchesIn, toCanonicalFulfilment } from './convert';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['fulfilment'], operation: ['getMany'] } },
	[
		{
			displayName:
				"Stokly publishes no API reference for dispatches: the dispatch model read here (a sale order's dispatches, their courier and tracking fields, and timeUpdated on sale orders) is assumed, not verified against Stokly. Check the output against a real dispatch before relying on it.",
			name: 'dispatchNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Dispatched After',
			name: 'dispatchedAfter',
			type: 'dateTime',
			default: '',
			description: 'Only dispatches made at or after this moment; empty for no lower bound',
		},
		{
			displayName: 'Dispatched Before',
			name: 'dispatchedBefore',
			type: 'dateTime',
			default: '',
			description: 'Only dispatches made before this moment; empty for no upper bound',
		},
		...listingProperties,
	],
);

function rawDispatch(
	saleOrder: StoklySaleOrder,
	lines: StoklySaleOrderLine[],
	dispatch: StoklyDispatch,
): IDataObject {
	const byLine = new Map(lines.map((line) => [line.lineId, line]));
	return {
		...(dispatch as unknown as IDataObject),
		items: (dispatch.items ?? []).map((item) => ({
			...item,
			itemSku: byLine.get(item.lineId)?.itemSku,
			referenceId: byLine.get(item.lineId)?.referenceId,
		})),
		saleOrder: {
			saleOrderId: saleOrder.saleOrderId,
			niceId: saleOrder.niceId,
			sourceReferenceId: saleOrder.sourceReferenceId,
			sourceId: saleOrder.sourceId,
			channelName: saleOrder.channelName,
		},
	};
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const window = readWindow(this, itemIndex, [
				{ name: 'dispatchedAfter', displayName: 'Dispatched After' },
				{ name: 'dispatchedBefore', displayName: 'Dispatched Before' },
			]);
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const saleOrders = await listSaleOrders(
				client,
				{
					// A dispatch updates its sale order, so one made in the window is on an order updated since it opened.
					window: { from: window.from },
					windowField: 'timeUpdated',
					itemStatus: 'dispatched',
					tag: readTag(this, itemIndex),
				},
				itemIndex,
			);
			const dispatched = saleOrders
				.flatMap((saleOrder) =>
					dispatchesIn(saleOrder, window).map((dispatch) => ({ saleOrder, dispatch })),
				)
				.sort((a, b) => Date.parse(a.dispatch.dispatchedAt) - Date.parse(b.dispatch.dispatchedAt))
				.slice(0, limit);
			const orders = [...new Set(dispatched.map((entry) => entry.saleOrder))];
			const lines = await linesOfSaleOrders(client, orders, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results.succeed(
				itemIndex,
				dispatched.map(({ saleOrder, dispatch }) => {
					const orderLines = lines.get(saleOrder.saleOrderId) ?? [];
					return simplify
						? (toCanonicalFulfilment(saleOrder, orderLines, dispatch) as unknown as IDataObject)
						: rawDispatch(saleOrder, orderLines, dispatch);
				}),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
