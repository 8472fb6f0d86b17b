/**
 * Adjust: signed deltas (POST /v1/adjustments, VERIFIED signed quantities), one adjustment per
 * location + bin with at most 500 items; items with the same Stokly item in one location + bin are
 * one line (their deltas summed); a delta of 0 writes nothing. An adjustment is never sent twice:
 * the client does not re-send it after a lost answer, and its items fail saying Stokly may have it.
 *
 * With a Change Key, each change (change key + location + bin + item) is remembered in the node's
 * static data once Stokly accepted it: a replay is `alreadyApplied: true` and writes nothing. A
 * change whose answer was lost is remembered as unconfirmed: a replay fails, saying to check (a
 * new change key applies it anyway). Remembered 7 days (ASSUMED), 10,000 changes at most; n8n
 * saves static data after production executions only.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { PendingWrites } from '../../../shared/pendingWrites';
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

/** Static-data namespace of applied change keys. */
export const CHANGE_KEYS = 'stoklyAdjustChangeKeys';
const CHANGE_KEY_WINDOW_MS = 7 * 24 * 60 * 60_000;

interface ChangeRecord {
	[key: string]: string | number | undefined;
	status: 'applied' | 'unconfirmed';
	adjustmentId?: string;
	delta: number;
}

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['adjust'] } },
	[
		...writeProperties('adjust'),
		{
			displayName: 'Change Key',
			name: 'changeKey',
			type: 'string',
			default: '',
			placeholder: '={{ $json.orderReference }}:sale',
			description:
				'Identifies the change an item belongs to, e.g. the sale it comes from. Retries never apply a change twice; set a Change Key to make re-running an execution safe too: a key already applied to an item in a location and bin is not applied again (remembered for 7 days in the workflow, after production runs). Empty: re-running the same execution applies the change again.',
		},
	],
);

/** One line to send: the rows of one item in one location + bin with the same change key. */
interface Change {
	rows: StockRow[];
	delta: number;
	recordKey?: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const { results, rows } = await prepareInput(this, items, client, 'adjust');
	const node = this.getNode();
	const remembered = PendingWrites.of<ChangeRecord>(this, CHANGE_KEYS, {
		windowMs: CHANGE_KEY_WINDOW_MS,
	});
	const changeKeyOf = (row: StockRow) =>
		String(this.getNodeParameter('changeKey', row.itemIndex, '') ?? '').trim() || undefined;

	for (const group of byLocationBin(rows)) {
		const { location, bin } = group[0];
		const changes = new Map<string, Change>();
		for (const row of group) {
			const changeKey = changeKeyOf(row);
			const recordKey = changeKey
				? `${changeKey}|${location.locationId}|${bin.binId}|${row.item.itemId}`
				: undefined;
			const key = recordKey ?? `\u0000${row.item.itemId}`;
			const change = changes.get(key) ?? { rows: [], delta: 0, recordKey };
			change.rows.push(row);
			change.delta += row.level.quantity;
			changes.set(key, change);
		}
		const toSend: Change[] = [];
		for (const change of changes.values()) {
			const record = change.recordKey ? remembered.get(change.recordKey) : undefined;
			if (record?.status === 'applied') {
				for (const row of change.rows)
					results.succeed(
						row.itemIndex,
						rowOutput(row, {
							alreadyApplied: true,
							changed: false,
							adjustmentId: record.adjustmentId,
						}),
					);
				continue;
			}
			if (record?.status === 'unconfirmed') {
				for (const row of change.rows)
					results.fail(
						row.itemIndex,
						new NodeOperationError(
							node,
							`An earlier stock adjustment of SKU ${row.level.sku} at "${location.name}" with this Change Key got no answer from Stokly, so it may have been applied`,
							{
								itemIndex: row.itemIndex,
								description:
									"It is not sent again. Check the item's stock in Stokly; to apply the change anyway, give it a new Change Key.",
							},
						),
					);
				continue;
			}
			if (change.delta === 0) {
				for (const row of change.rows)
					results.succeed(row.itemIndex, rowOutput(row, { alreadyApplied: false, changed: false }));
				continue;
			}
			toSend.push(change);
		}
		if (!toSend.length) continue;
		// One line per item: changes of the same item under different keys are summed in one line.
		const lines = new Map<string, number>();
		for (const change of toSend)
			lines.set(
				change.rows[0].item.itemId,
				(lines.get(change.rows[0].item.itemId) ?? 0) + change.delta,
			);
		const reason = String(this.getNodeParameter('reason', group[0].itemIndex, '') ?? '').trim();
		const outcomes = await postAdjustments(
			client,
			location,
			bin,
			reason || 'n8n Retail Sync',
			[...lines].map(([itemId, quantity]) => ({ itemId, quantity })),
			group[0].itemIndex,
		);
		for (const outcome of outcomes) {
			const sent = new Set(outcome.lines.map((line) => line.itemId));
			for (const change of toSend) {
				if (!sent.has(change.rows[0].item.itemId)) continue;
				if (outcome.ok) {
					if (change.recordKey)
						remembered.put(change.recordKey, {
							status: 'applied',
							adjustmentId: outcome.adjustmentId,
							delta: change.delta,
						});
					for (const row of change.rows)
						results.succeed(
							row.itemIndex,
							rowOutput(row, {
								alreadyApplied: false,
								changed: true,
								adjustmentId: outcome.adjustmentId,
							}),
						);
					continue;
				}
				if (outcome.lost && change.recordKey)
					remembered.put(change.recordKey, { status: 'unconfirmed', delta: change.delta });
				for (const row of change.rows)
					results.fail(
						row.itemIndex,
						outcome.lost
							? lostAnswerError(
									this,
									row,
									outcome.error,
									change.recordKey
										? 'its Change Key is remembered as unconfirmed, so a replay does not apply it either.'
										: 'without a Change Key a re-run would apply it again.',
								)
							: outcome.error,
					);
			}
		}
	}
	return results.toArray();
}
