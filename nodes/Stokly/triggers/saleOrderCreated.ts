/**
 * Stokly Trigger → Sale Order Created: sale orders by `createdAt` (a VERIFIED sort field,
 * reference §2.4.6), through the shared cursor with a look-back: Stokly answers creates with 202
 * and shows them later, and `createdAt` is what the creator sent (Sale Order → Create sends the
 * kiosk's sale time), so an order can appear behind the cursor — a day late for an offline kiosk.
 * The look-back is 48 hours by default (Late Arrival Window); an order older than that when Stokly
 * first shows it is not emitted. A cursor on `niceId` (Stokly's own sequence, VERIFIED as a sort
 * field) would not depend on the sender's time, but filtering on it and when Stokly assigns it (on
 * acceptance or when shown) are UNKNOWN, so the time cursor stays. Emitted as canonical orders.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { pollWithCursor } from '../../shared/cursor';
import { toCanonicalOrder, type StoklySaleOrder } from '../actions/saleOrder/convert';
import { linesOfSaleOrders } from '../actions/saleOrder/lookup';
import { listLocations } from '../requests';
import type { StoklyClient } from '../transport';
import {
	DEFAULT_LATE_CREATED_MINUTES,
	SAMPLE_LOOKBACK_MS,
	SAMPLE_SIZE,
	chosenChannelIds,
	readSaleOrdersIn,
} from './saleOrders';

/** Canonical orders of sale orders (their lines read a few orders at a time). */
export async function toOrderItems(
	client: StoklyClient,
	saleOrders: StoklySaleOrder[],
): Promise<IDataObject[]> {
	const [lines, locations] = await Promise.all([
		linesOfSaleOrders(client, saleOrders),
		listLocations(client),
	]);
	const names = new Map(locations.map((location) => [location.locationId, location.name]));
	return saleOrders.map(
		(saleOrder) =>
			toCanonicalOrder(saleOrder, lines.get(saleOrder.saleOrderId) ?? [], {
				locationName: (locationId) => names.get(locationId),
			}) as unknown as IDataObject,
	);
}

export async function poll(this: IPollFunctions, client: StoklyClient): Promise<IDataObject[]> {
	const channelIds = await chosenChannelIds(this, client);
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const lateMinutes = this.getNodeParameter(
		'lateArrivalMinutes',
		DEFAULT_LATE_CREATED_MINUTES,
	) as number;
	return await pollWithCursor<StoklySaleOrder>(this, {
		startFrom: this.getNodeParameter('startFrom', '') as string,
		maxPerPoll: this.getNodeParameter('maxPerPoll', 500) as number,
		sampleSize: SAMPLE_SIZE,
		sampleLookbackMs: SAMPLE_LOOKBACK_MS,
		lookbackMs: Math.max(0, lateMinutes) * 60_000,
		read: async ({ since, until, limit }) =>
			await readSaleOrdersIn(client, { field: 'createdAt', since, until, channelIds, limit }),
		idOf: (saleOrder) => saleOrder.saleOrderId,
		timeOf: (saleOrder) =>
			saleOrder.createdAt ?? saleOrder.timeUpdated ?? new Date(0).toISOString(),
		toItems: async (saleOrders) =>
			simplify ? await toOrderItems(client, saleOrders) : (saleOrders as unknown as IDataObject[]),
	});
}
