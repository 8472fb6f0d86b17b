/**
 * What the sale-order events of the Stokly Trigger share: reading sale orders in a window on a time
 * field (optionally of some channels), the look-back that lets late writes through, and the
 * editor fields every time event has.
 */
import type { INodeProperties, IPollFunctions } from 'n8n-workflow';

import { and, anyOf, channelDirectory, listChannels } from '../requests';
import type { StoklyClient } from '../transport';
import type { StoklySaleOrder } from '../actions/saleOrder/convert';
import { SALE_ORDER_PATHS, saleOrderFilter } from '../actions/saleOrder/lookup';

export const SAMPLE_SIZE = 10;
/** A manual sample looks back this far. */
export const SAMPLE_LOOKBACK_MS = 30 * 86_400_000;
/** Sale Order Dispatched: dispatches are timed by Stokly and shown a little after (202). */
export const DEFAULT_LATE_MINUTES = 60;
/**
 * Sale Order Created: `createdAt` is what the creator sent — an offline kiosk's sale synced a day
 * late carries its sale time — so the window covers two days (ASSUMED: kiosks sync within that).
 */
export const DEFAULT_LATE_CREATED_MINUTES = 48 * 60;

const show = { show: { event: ['saleOrderCreated', 'saleOrderDispatched'] } };

/** Channels, Start From, Late Arrival Window, Max per Check and Simplify of both sale-order events. */
export const saleOrderEventProperties: INodeProperties[] = [
	{
		displayName: 'Channel Names or IDs',
		name: 'channels',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getChannels' },
		default: [],
		displayOptions: show,
		description:
			'Only sale orders of these Stokly channels; leave empty for every channel. An expression may give channel names too; a check fails on a name or ID Stokly does not have. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'dateTime',
		default: '',
		displayOptions: show,
		description:
			'On the first check, emit what happened since this moment. Empty starts from the moment the workflow is activated.',
	},
	{
		displayName: 'Late Arrival Window (Minutes)',
		name: 'lateArrivalMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_LATE_CREATED_MINUTES,
		displayOptions: { show: { event: ['saleOrderCreated'] } },
		description:
			"A sale order's created time is what its creator sent (an offline kiosk's sale synced late carries its sale time, also when Sale Order → Create posts it), and Stokly shows a sale order a little after accepting it (HTTP 202). Each check also looks this far back (default 48 hours) and emits what it has not emitted yet, once. A sale order whose created time is further back than this when Stokly first shows it is never emitted: widen the window if kiosks stay offline longer. Each check reads every sale order created within the window.",
	},
	{
		displayName: 'Late Arrival Window (Minutes)',
		name: 'lateArrivalMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_LATE_MINUTES,
		displayOptions: { show: { event: ['saleOrderDispatched'] } },
		description:
			'Stokly accepts writes (HTTP 202) before it shows them, so a dispatch can appear after later ones were emitted. Each check also looks this far back and emits what it has not emitted yet, once. A dispatch Stokly shows later than this after its dispatch time is never emitted.',
	},
	{
		displayName: 'Max per Check',
		name: 'maxPerPoll',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 500,
		displayOptions: show,
		description: 'Larger backlogs are emitted over the following checks, oldest first',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description:
			'Whether to emit canonical records (shared by all Retail Sync nodes) instead of the raw Stokly sale orders',
	},
];

/**
 * The channel IDs of the Channels parameter (IDs from the drop-down, or names: an expression, the
 * agency tool's configuration); empty for every channel. One that Stokly does not have fails the
 * check, naming the channels there are, rather than silently matching nothing.
 */
export async function chosenChannelIds(
	context: IPollFunctions,
	client: StoklyClient,
): Promise<string[]> {
	const wanted = (context.getNodeParameter('channels', []) as unknown[])
		.map((entry) => String(entry ?? '').trim())
		.filter(Boolean);
	if (!wanted.length) return [];
	// Deleted channels too: their sale orders are still real, and a saved ID may name one.
	return channelDirectory(await listChannels(client, undefined, true))
		.resolveAll(context.getNode(), wanted, { hint: 'Or leave Channels empty for every channel.' })
		.map((channel) => channel.channelId);
}

/**
 * Sale orders whose `field` is in [since, until], oldest first, of `channelIds` (all when empty):
 * one listing per batch of channels (`anyOf`).
 */
export async function readSaleOrdersIn(
	client: StoklyClient,
	{
		field,
		since,
		until,
		channelIds,
		limit,
	}: {
		field: 'createdAt' | 'timeUpdated';
		since?: Date;
		until: Date;
		channelIds: string[];
		limit?: number;
	},
): Promise<StoklySaleOrder[]> {
	// `until` included (the listing's upper bound is exclusive): a record written in the very
	// millisecond of the check is read now rather than next time.
	const window = saleOrderFilter({
		window: { from: since?.toISOString(), to: new Date(until.getTime() + 1).toISOString() },
		windowField: field,
	});
	const channelFilters = channelIds.length ? anyOf('sourceId', channelIds) : [undefined];
	const found = new Map<string, StoklySaleOrder>();
	for (const channels of channelFilters) {
		const rows = await client.list<StoklySaleOrder>(undefined, SALE_ORDER_PATHS.saleOrders, {
			filter: and(window, channels) || undefined,
			sortField: field,
			sortDirection: 'ASC',
			limit,
		});
		for (const row of rows) found.set(row.saleOrderId, row);
	}
	return [...found.values()];
}
