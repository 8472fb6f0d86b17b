/**
 * Set: absolute on-hand levels, read then adjusted (Stokly has no absolute write, §2.4.4): the bin's
 * inventory record is read (200 items per filter), the delta to the target sent as an adjustment
 * (one per location + bin, at most 500 items); a delta of 0 writes nothing.
 *
 * Stokly accepts adjustments with 202 and shows them later, so a delta just sent may not show in the
 * next read. Each delta accepted is remembered in the node's static data as `{delta, base}` per
 * location | bin | item (`PendingWrites`). Within the window (default 5 minutes), a read of `base`
 * means not visible yet (effective on hand = read + delta), so a second Set does not send it again;
 * a read of `base + delta` means shown, and the entry is dropped; any other read means stock moved
 * (a sale, a stock take) while the change may or may not be shown: the difference is not known, so
 * nothing is sent and the item fails saying so, the entry kept until the window passes. A new delta
 * while one is pending merges with it (its parts kept, so a read showing only the first ones is
 * recognised). An adjustment whose answer was lost is remembered the same way (it may be applied)
 * and its items fail: it is never sent twice. n8n saves static data after production executions,
 * not manual runs.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { PendingWrites } from '../../../shared/pendingWrites';
import { setDelta, stockKey, type PendingStockDelta } from '../../model';
import { anyOf, and, eq, inventoryRecords } from '../../requests';
import type { StoklyClient } from '../../transport';
import {
	byLocationBin,
	lostAnswerError,
	postAdjustments,
	prepareInput,
	rowOutput,
	writeProperties,
	type StockRow,
} from './input';

/** Static-data namespace of accepted deltas not yet visible. */
export const PENDING_SETS = 'stoklyStockSet';

/** Default Pending Window (minutes): how long a level that moved under a pending Set blocks it. */
const DEFAULT_WINDOW_MINUTES = 5;

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['set'] } },
	[
		...writeProperties('set'),
		{
			displayName: 'Pending Window (Minutes)',
			name: 'pendingWindowMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_WINDOW_MINUTES,
			description:
				'How long a change Stokly accepted may stay invisible in its stock reads. Within it, a level that still reads as before the change is taken as not updated yet, so the change is not sent twice; a level that moved otherwise fails its item, nothing sent. After it, the level read is taken as it is.',
		},
	],
);

interface Target {
	key: string;
	rows: StockRow[];
	/** The last item's level wins. */
	target: number;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const { results, rows } = await prepareInput(this, items, client, 'set');
	const parameter = items.length
		? Number(this.getNodeParameter('pendingWindowMinutes', 0, DEFAULT_WINDOW_MINUTES))
		: DEFAULT_WINDOW_MINUTES;
	const windowMinutes = Math.max(
		0,
		Number.isFinite(parameter) ? parameter : DEFAULT_WINDOW_MINUTES,
	);
	const pending = PendingWrites.of<PendingStockDelta>(this, PENDING_SETS, {
		windowMs: windowMinutes * 60_000,
	});

	for (const group of byLocationBin(rows)) {
		const { location, bin } = group[0];
		const targets = new Map<string, Target>();
		for (const row of group) {
			const key = stockKey(location.locationId, bin.binId, row.item.itemId);
			const target = targets.get(key) ?? { key, rows: [], target: 0 };
			target.rows.push(row);
			target.target = row.level.quantity;
			targets.set(key, target);
		}
		// On hand per item in this bin, as Stokly shows it now.
		const onHand = new Map<string, number>();
		try {
			const itemIds = [...new Set(group.map((row) => row.item.itemId))];
			for (const itemFilter of anyOf('itemId', itemIds)) {
				const filter = and(
					eq('locationId', location.locationId),
					eq('binId', bin.binId),
					itemFilter,
				);
				for (const record of await inventoryRecords(client, filter, group[0].itemIndex))
					onHand.set(
						record.itemId,
						(onHand.get(record.itemId) ?? 0) + (Number(record.onHand) || 0),
					);
			}
		} catch (error) {
			for (const row of group) results.fail(row.itemIndex, error);
			continue;
		}

		const toSend: Array<Target & { delta: number; previous: number; next?: PendingStockDelta }> =
			[];
		for (const target of targets.values()) {
			const read = onHand.get(target.rows[0].item.itemId) ?? 0;
			const entry = pending.get(target.key);
			const { delta, previous, next, moved } = setDelta(target.target, read, entry);
			if (moved && entry) {
				for (const row of target.rows)
					results.fail(row.itemIndex, movedError(this, row, read, entry, windowMinutes));
				continue;
			}
			if (delta !== 0) {
				toSend.push({ ...target, delta, previous, next });
				continue;
			}
			if (!next) pending.delete(target.key);
			else if (next !== entry) pending.put(target.key, next); // rebased: part of it shown
			for (const row of target.rows)
				results.succeed(
					row.itemIndex,
					rowOutput(row, {
						quantity: target.target,
						previous,
						change: 0,
						changed: false,
						pending: Boolean(next),
					}),
				);
		}
		if (!toSend.length) continue;
		const reason = String(this.getNodeParameter('reason', group[0].itemIndex, '') ?? '').trim();
		const outcomes = await postAdjustments(
			client,
			location,
			bin,
			reason || 'n8n Retail Sync',
			toSend.map((target) => ({ itemId: target.rows[0].item.itemId, quantity: target.delta })),
			group[0].itemIndex,
		);
		for (const outcome of outcomes) {
			const sent = new Set(outcome.lines.map((line) => line.itemId));
			for (const target of toSend) {
				if (!sent.has(target.rows[0].item.itemId)) continue;
				if (outcome.ok || outcome.lost) {
					if (target.next) pending.put(target.key, target.next);
				}
				for (const row of target.rows) {
					if (outcome.ok) {
						results.succeed(
							row.itemIndex,
							rowOutput(row, {
								quantity: target.target,
								previous: target.previous,
								change: target.delta,
								changed: true,
								pending: true,
								adjustmentId: outcome.adjustmentId,
							}),
						);
					} else {
						results.fail(
							row.itemIndex,
							outcome.lost
								? lostAnswerError(
										this,
										row,
										outcome.error,
										'it is remembered as pending, so a Set to the same level within the Pending Window does not send it again.',
									)
								: outcome.error,
						);
					}
				}
			}
		}
	}
	return results.toArray();
}

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/**
 * The error of a row whose level moved under a pending Set: the read is neither the level before
 * the earlier change nor the level with it, so whether Stokly has applied it is not known.
 */
function movedError(
	context: IExecuteFunctions,
	row: StockRow,
	read: number,
	entry: PendingStockDelta,
	windowMinutes: number,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Stokly's level of SKU ${row.level.sku} at "${row.location.name}" moved (now ${read}) while an earlier Set (${signed(entry.delta)} from ${entry.base}) is not shown yet`,
		{
			itemIndex: row.itemIndex,
			description: `Nothing was sent: ${read} may or may not include the earlier change, so the difference to ${row.level.quantity} is not known and sending one could apply the change twice (bin "${row.bin.name}"). Check the level in Stokly, then run again after the Pending Window (${windowMinutes} minutes from the earlier Set), when the level Stokly shows is taken as it is.`,
		},
	);
}
