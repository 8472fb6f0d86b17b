/**
 * Adjust: signed deltas on quantity on stock. Retries never apply a change twice; a Change Key makes
 * re-running an execution safe too (without one, re-running the same execution applies it again).
 *
 * Each delta is a version-guarded `changeQuantity(q + delta)` on the version v just read, so a
 * concurrent write makes it fail (409) instead of being lost or doubled: the entry is read again and
 * the delta applied to what is there now. The client does not re-send it after a lost answer (5xx,
 * reset); the entry is read again instead: still at v → not applied, sent again; moved on → the
 * InventoryEntryQuantitySet message of resourceVersion v + 1 tells whether the write was ours
 * (old = q and new = q + delta, INFERRED as proof enough: a different writer doing exactly the same
 * change on that version is indistinguishable). Without the Messages API that cannot be known and
 * the item fails, saying to check before running again (with the query's own error when the Messages
 * API could not be read, e.g. 403 without view_messages).
 *
 * With a Change Key the change is recorded in a custom object (container
 * `n8n-retail-sync-stock-changes`, key from the change key, SKU and channel): "pending" with the
 * version it is applied on before the write, "applied" after. A replay finds it: applied →
 * `alreadyApplied: true`, nothing written; pending (the run stopped between) → the entry's history
 * decides as after a lost answer. Before a create the pending record says so (`creating`, version 0):
 * a replay that finds the entry at version 1 with exactly the delta on stock takes it as its own
 * create (INFERRED as proof enough, as above: another writer creating it with exactly that quantity
 * is indistinguishable) and writes nothing; otherwise the change is applied as usual. Items with the
 * same change key, SKU and channel are one change (their deltas summed).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { withoutUndefined } from '../../../shared/model';
import { forEachConcurrently } from '../../../shared/transport';
import { changeRecordKey } from '../../model';
import {
	customObjects,
	inventory,
	messages,
	type CustomObject,
	type InventoryEntry,
	type Message,
} from '../../requests';
import { LIMITS, isConcurrentModification, type CommercetoolsClient } from '../../transport';
import { MAX_VERSION_RETRIES, createEntry, entryKeyOf, readEntries } from './entries';
import { byEntry, prepareInput, writeProperties, type StockRow } from './input';

/** Custom-object container of applied change keys. */
export const CHANGE_CONTAINER = 'n8n-retail-sync-stock-changes';

export const UNCONFIRMED_DELTA =
	'commercetools did not confirm the stock change, and without the Messages API it cannot be told whether it was applied: check the inventory entry before re-running';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['inventory'], operation: ['adjust'] } },
	[
		...writeProperties('adjust'),
		{
			displayName: 'Change Key',
			name: 'changeKey',
			type: 'string',
			default: '',
			placeholder: '={{ $json.orderReference }}:sale',
			description:
				'Identifies the change an item belongs to, e.g. the sale it comes from. Retries never apply a change twice; set a Change Key to make re-running an execution safe too: a key already applied to a SKU in a channel is not applied again (recorded as custom objects in container n8n-retail-sync-stock-changes; the API client needs manage_key_value_documents). Empty: re-running the same execution applies the change again.',
		},
	],
);

interface ChangeRecord {
	status: 'pending' | 'applied';
	changeKey: string;
	sku: string;
	channel: string;
	delta: number;
	entryId?: string;
	/** Pending on a create (fromVersion 0): no entry existed when the change was recorded. */
	creating?: boolean;
	/** The entry's version and quantity on stock the delta is applied on. */
	fromVersion?: number;
	fromQuantity?: number;
	appliedVersion?: number;
}

/** One change: the rows of one entry with the same change key (or one unkeyed row). */
interface Change {
	rows: StockRow[];
	delta: number;
	changeKey?: string;
	recordKey?: string;
}

type ChangeOutcome = { entry?: InventoryEntry; alreadyApplied: boolean; created: boolean };

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const { results, rows } = await prepareInput(this, items, client, 'adjust');
	const node = this.getNode();
	const failedRead = new Set<StockRow>();
	const entries = await readEntries(client, rows, (failed, error) => {
		for (const row of failed) {
			failedRead.add(row);
			results.fail(row.itemIndex, error);
		}
	});

	const changeKeyOf = (row: StockRow) =>
		String(this.getNodeParameter('changeKey', row.itemIndex, '') ?? '').trim() || undefined;

	/** The entry now, by id (a lost answer, a 409, a pending record). */
	const reread = async (entry: InventoryEntry, itemIndex: number) =>
		await client.request<InventoryEntry>(inventory.get(entry.id), itemIndex);

	/**
	 * Whether the write of `delta` on (version, quantity) was ours, from the quantity message of
	 * version + 1; when that cannot be told, why (the description of the item's error): no message
	 * found (Messages API off), or the messages query failed (its own error, e.g. 403).
	 */
	const wasOurs = async (
		entryId: string,
		version: number,
		quantity: number,
		delta: number,
		itemIndex: number,
	): Promise<boolean | { unconfirmed: string }> => {
		const outcome = await client.tryRequest<{ results: Message[] }>(
			messages.ofResourceVersion(['InventoryEntryQuantitySet'], entryId, version + 1),
			itemIndex,
		);
		if (!outcome.ok) {
			// The client's worded error: operation, status and commercetools' codes, never a secret.
			const hint = outcome.error.description ? ` ${outcome.error.description}` : '';
			return {
				unconfirmed: `commercetools did not confirm the stock change, and its Messages API could not be read to tell whether it was applied (${outcome.error.message}): check the inventory entry before re-running.${hint}`,
			};
		}
		const message = outcome.value.results?.[0] as
			| { oldQuantityOnStock?: number; newQuantityOnStock?: number }
			| undefined;
		if (!message) return { unconfirmed: UNCONFIRMED_DELTA };
		return (
			message.oldQuantityOnStock === quantity && message.newQuantityOnStock === quantity + delta
		);
	};

	/**
	 * Writes the change record on the record's version (0: create). A re-sent write whose first
	 * answer was lost meets its own version bump (409): the record read back then shows it landed.
	 */
	const saveRecord = async (
		change: Change,
		value: ChangeRecord,
		record: CustomObject | undefined,
		itemIndex: number,
	): Promise<CustomObject> => {
		const outcome = await client.tryRequest<CustomObject>(
			customObjects.put({
				container: CHANGE_CONTAINER,
				key: change.recordKey!,
				value,
				version: record?.version ?? 0,
			}),
			itemIndex,
		);
		if (outcome.ok) return outcome.value;
		if (isConcurrentModification(outcome.cause)) {
			const current = await client.find<CustomObject>(
				customObjects.get(CHANGE_CONTAINER, change.recordKey!),
				itemIndex,
			);
			if (current && JSON.stringify(current.value) === JSON.stringify(value)) return current;
		}
		throw outcome.error;
	};

	const applyChange = async (change: Change): Promise<ChangeOutcome> => {
		const row = change.rows[0];
		const { itemIndex } = row;
		const entryKey = entryKeyOf(row.channel.id, row.sku);
		let record: CustomObject | undefined;
		const recordValue = (extra: Partial<ChangeRecord>): ChangeRecord => ({
			status: 'pending',
			changeKey: change.changeKey!,
			sku: row.sku,
			channel: row.channel.key,
			delta: change.delta,
			...extra,
		});
		let entry = entries.get(entryKey);

		if (change.recordKey) {
			record = await client.find<CustomObject>(
				customObjects.get(CHANGE_CONTAINER, change.recordKey),
				itemIndex,
			);
			const value = record?.value as ChangeRecord | undefined;
			if (value?.status === 'applied') {
				const current =
					entry ??
					(value.entryId
						? await client.find<InventoryEntry>(inventory.get(value.entryId), itemIndex)
						: undefined);
				return { entry: current, alreadyApplied: true, created: false };
			}
			if (value?.status === 'pending' && value.entryId && value.fromVersion !== undefined) {
				// The last run stopped between recording the change and confirming it.
				const current = await client.find<InventoryEntry>(inventory.get(value.entryId), itemIndex);
				if (current && current.version > value.fromVersion) {
					const ours = await wasOurs(
						value.entryId,
						value.fromVersion,
						value.fromQuantity ?? 0,
						change.delta,
						itemIndex,
					);
					if (typeof ours !== 'boolean') {
						throw new NodeOperationError(
							node,
							`Change ${change.changeKey} of SKU ${row.sku} in ${row.channel.key} may have been applied by an earlier run`,
							{ itemIndex, description: ours.unconfirmed },
						);
					}
					if (ours) {
						await saveRecord(change, { ...value, status: 'applied' }, record, itemIndex);
						return { entry: current, alreadyApplied: true, created: false };
					}
				}
				if (current) entry = current;
			}
			if (value?.status === 'pending' && value.creating) {
				// The last run stopped around its create: an entry at version 1 holding exactly the
				// delta is that create (nothing written since); anything else is applied as usual.
				if (entry && entry.version === 1 && entry.quantityOnStock === change.delta) {
					await saveRecord(
						change,
						{ ...value, status: 'applied', entryId: entry.id, appliedVersion: 1 },
						record,
						itemIndex,
					);
					return { entry, alreadyApplied: true, created: false };
				}
			}
		}

		if (!entry) {
			// No entry yet: the delta becomes its quantity on stock. A create whose answer was lost is
			// not re-sent; the entry read back tells (version 1 with exactly the delta: ours).
			if (change.recordKey)
				record = await saveRecord(
					change,
					recordValue({ fromVersion: 0, creating: true }),
					record,
					itemIndex,
				);
			const outcome = await createEntry(client, row, change.delta, { idempotent: false });
			if ('created' in outcome) {
				if (change.recordKey)
					await saveRecord(
						change,
						recordValue({
							status: 'applied',
							entryId: outcome.created.id,
							appliedVersion: outcome.created.version,
						}),
						record,
						itemIndex,
					);
				return { entry: outcome.created, alreadyApplied: false, created: true };
			}
			if ('failed' in outcome) {
				if (!outcome.failed.lost) throw outcome.failed.error;
				const found = await client.request<{ results: InventoryEntry[] }>(
					inventory.query([row.sku], row.channel.id, { limit: 1 }),
					itemIndex,
				);
				const made = found.results?.[0];
				if (!made) {
					const retried = await createEntry(client, row, change.delta, { idempotent: false });
					if ('created' in retried) {
						if (change.recordKey)
							await saveRecord(
								change,
								recordValue({ status: 'applied', entryId: retried.created.id }),
								record,
								itemIndex,
							);
						return { entry: retried.created, alreadyApplied: false, created: true };
					}
					if ('failed' in retried) throw retried.failed.error;
					entry = retried.existing;
				} else if (made.version === 1 && made.quantityOnStock === change.delta) {
					if (change.recordKey)
						await saveRecord(
							change,
							recordValue({ status: 'applied', entryId: made.id }),
							record,
							itemIndex,
						);
					return { entry: made, alreadyApplied: false, created: true };
				} else {
					entry = made;
				}
			} else {
				entry = outcome.existing;
			}
		}

		for (let attempt = 0; attempt <= MAX_VERSION_RETRIES; attempt++) {
			const from = { version: entry.version, quantity: entry.quantityOnStock };
			if (change.recordKey) {
				record = await saveRecord(
					change,
					recordValue({
						entryId: entry.id,
						fromVersion: from.version,
						fromQuantity: from.quantity,
					}),
					record,
					itemIndex,
				);
			}
			const outcome = await client.tryRequest<InventoryEntry>(
				inventory.update(
					entry.id,
					from.version,
					[{ action: 'changeQuantity', quantity: from.quantity + change.delta }],
					{ absolute: false },
				),
				itemIndex,
			);
			let applied: InventoryEntry | undefined;
			if (outcome.ok) {
				applied = outcome.value;
			} else if (isConcurrentModification(outcome.cause)) {
				entry = await reread(entry, itemIndex);
				continue;
			} else if (outcome.lost) {
				const current = await reread(entry, itemIndex);
				if (current.version === from.version) {
					entry = current;
					continue;
				}
				const ours = await wasOurs(entry.id, from.version, from.quantity, change.delta, itemIndex);
				if (typeof ours !== 'boolean') {
					throw new NodeOperationError(
						node,
						`The change of SKU ${row.sku} in ${row.channel.key} by ${change.delta} was not confirmed`,
						{ itemIndex, description: ours.unconfirmed },
					);
				}
				if (!ours) {
					entry = current;
					continue;
				}
				applied = current;
			} else {
				throw outcome.error;
			}
			if (change.recordKey) {
				await saveRecord(
					change,
					recordValue({
						status: 'applied',
						entryId: applied.id,
						fromVersion: from.version,
						fromQuantity: from.quantity,
						appliedVersion: from.version + 1,
					}),
					record,
					itemIndex,
				);
			}
			entries.set(entryKey, applied);
			return { entry: applied, alreadyApplied: false, created: false };
		}
		throw new NodeOperationError(
			node,
			`The inventory entry of SKU ${row.sku} in channel ${row.channel.key} kept changing while it was being adjusted`,
			{
				itemIndex,
				description: `${MAX_VERSION_RETRIES + 1} writes met a newer version (409); nothing of this change was applied. Run again when other writers are quieter.`,
			},
		);
	};

	// Changes per entry, in input order: keyed rows of the same key merged into one change.
	const perEntry = byEntry(rows.filter((row) => !failedRead.has(row))).map((group) => {
		const changes: Change[] = [];
		const keyed = new Map<string, Change>();
		for (const row of group) {
			// Read per row: an expression that fails on one item fails only that item.
			let changeKey: string | undefined;
			try {
				changeKey = changeKeyOf(row);
			} catch (error) {
				results.fail(row.itemIndex, error);
				continue;
			}
			if (!changeKey) {
				changes.push({ rows: [row], delta: row.level.quantity });
				continue;
			}
			const existing = keyed.get(changeKey);
			if (existing) {
				existing.rows.push(row);
				existing.delta += row.level.quantity;
				continue;
			}
			const change: Change = {
				rows: [row],
				delta: row.level.quantity,
				changeKey,
				recordKey: changeRecordKey(`${changeKey}|${row.sku}|${row.channel.key}`),
			};
			keyed.set(changeKey, change);
			changes.push(change);
		}
		return changes;
	});

	await forEachConcurrently(perEntry, LIMITS.concurrentCalls, async (changes) => {
		for (const change of changes) {
			try {
				const outcome = await applyChange(change);
				for (const row of change.rows) {
					results.succeed(
						row.itemIndex,
						withoutUndefined({
							sku: row.sku,
							incomingSku: row.level.sku === row.sku ? undefined : row.level.sku,
							location: row.channel.key,
							quantity: row.level.quantity,
							onStock: outcome.entry?.quantityOnStock,
							availableQuantity: outcome.entry?.availableQuantity,
							applied: !outcome.alreadyApplied,
							alreadyApplied: outcome.alreadyApplied,
							created: outcome.created || undefined,
							changeKey: change.changeKey,
							entryId: outcome.entry?.id,
						}) as IDataObject,
					);
				}
			} catch (error) {
				for (const row of change.rows) results.fail(row.itemIndex, error);
			}
		}
	});
	return results.toArray();
}
