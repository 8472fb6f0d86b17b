/**
 * Stokly Trigger → Sale Order Dispatched: each dispatch (ASSUMED model, reference §2.6.4: the
 * real dispatch API is UNKNOWN) once, as a canonical Fulfilment. Sale orders are read by
 * `timeUpdated` (a dispatch updates its order), their dispatches kept by `dispatchedAt`, and the
 * cursor runs on the dispatch time with the dispatch id as the record's id; the look-back lets
 * dispatches through that Stokly shows after later ones.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { pollWithCursor } from '../../shared/cursor';
import { dispatchesIn, toCanonicalFulfilment } from '../actions/fulfilment/convert';
import type { StoklyDispatch, StoklySaleOrder } from '../actions/saleOrder/convert';
import { linesOfSaleOrders } from '../actions/saleOrder/lookup';
import type { StoklyClient } from '../transport';
import {
	DEFAULT_LATE_MINUTES,
	SAMPLE_LOOKBACK_MS,
	SAMPLE_SIZE,
	chosenChannelIds,
	readSaleOrdersIn,
} from './saleOrders';

interface DispatchRecord {
	saleOrder: StoklySaleOrder;
	dispatch: StoklyDispatch;
}

export async function poll(this: IPollFunctions, client: StoklyClient): Promise<IDataObject[]> {
	const channelIds = await chosenChannelIds(this, client);
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const lateMinutes = this.getNodeParameter('lateArrivalMinutes', DEFAULT_LATE_MINUTES) as number;
	return await pollWithCursor<DispatchRecord>(this, {
		startFrom: this.getNodeParameter('startFrom', '') as string,
		maxPerPoll: this.getNodeParameter('maxPerPoll', 500) as number,
		sampleSize: SAMPLE_SIZE,
		sampleLookbackMs: SAMPLE_LOOKBACK_MS,
		lookbackMs: Math.max(0, lateMinutes) * 60_000,
		read: async ({ since, until }) => {
			const saleOrders = await readSaleOrdersIn(client, {
				field: 'timeUpdated',
				since,
				until,
				channelIds,
			});
			return saleOrders.flatMap((saleOrder) =>
				dispatchesIn(saleOrder, { from: since?.toISOString() }).map((dispatch) => ({
					saleOrder,
					dispatch,
				})),
			);
		},
		idOf: (record) => record.dispatch.dispatchId,
		timeOf: (record) => record.dispatch.dispatchedAt,
		toItems: async (records) => {
			if (!simplify) return records as unknown as IDataObject[];
			const orders = [
				...new Map(
					records.map((record) => [record.saleOrder.saleOrderId, record.saleOrder]),
				).values(),
			];
			const lines = await linesOfSaleOrders(client, orders);
			return records.map(
				({ saleOrder, dispatch }) =>
					toCanonicalFulfilment(
						saleOrder,
						lines.get(saleOrder.saleOrderId) ?? [],
						dispatch,
					) as unknown as IDataObject,
			);
		},
	});
}
