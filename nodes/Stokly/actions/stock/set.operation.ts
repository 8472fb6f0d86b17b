/**
 * Set: absolute on-hand levels, read then adjusted (Stokly has no absolute write, §2.4.4): the bin's
 * inventory record is read (200 items per filter), the delta to the target sent as an adjustment
 * (one per location + bin, at most 500 items); a delta of 0 writes nothing.
 *
 * Stokly accepts adjustments with 202 and shows them later, so a delta just sent may not show in the
 * next read. Each delta accepted is remembered in the node's static data as `{delta, base}` per
 * location | bin | item (`PendingWrites`): while a read still shows `base` within the window, the
 * delta counts as not yet visible (effective on hand = read + delta), so a second Set does not send
 * it again; once the read differs, the entry is dropped and the read is the truth. A new delta while
 * one is pending merges with it. An adjustment whose answer was lost is remembered the same way (it
 * may be applied) and its items fail: it is never sent twice. n8n saves static data after
 * production executions, not manual runs.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

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

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['set'] } },
	[
		...writeProperties('set'),
		{
			displayName: 'Pending Window (Minutes)',
			name: 'pendingWindowMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 30,
			description:
				'How long a change Stokly accepted may stay invisible in its stock reads. Within it, a level that still reads as before the change is taken as not updated yet, so the change is not sent twice.',
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
	const windowMinutes = items.length
		? Number(this.getNodeParameter('pendingWindowMinutes', 0, 30))
		: 30;
	const pending = PendingWrites.of<PendingStockDelta>(this, PENDING_SETS, {
		windowMs: Math.max(0, Number.isFinite(windowMinutes) ? windowMinutes : 30) * 60_000,
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
			const { delta, previous, next } = setDelta(target.target, read, pending.get(target.key));
			if (delta !== 0) {
				toSend.push({ ...target, delta, previous, next });
				continue;
			}
			if (!next) pending.delete(target.key);
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
