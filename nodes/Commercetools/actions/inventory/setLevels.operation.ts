/**
 * Set Levels: absolute quantities on stock with `changeQuantity` on the version read. Entries are
 * read in batches per channel; an entry already at the level is not written; an absent entry is
 * created (and one created meanwhile — DuplicateField — is read and updated). A 409
 * ConcurrentModification means nothing was applied: the entry is read again and the same absolute
 * value sent on its new version. Re-sending an absolute value is harmless, so a lost answer is
 * retried by the client.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachConcurrently } from '../../../shared/transport';
import { withoutUndefined } from '../../../shared/model';
import { inventory, type InventoryEntry } from '../../requests';
import { LIMITS, isConcurrentModification, type CommercetoolsClient } from '../../transport';
import { MAX_VERSION_RETRIES, createEntry, entryKeyOf, readEntries, readEntry } from './entries';
import { byEntry, prepareInput, writeProperties, type StockRow } from './input';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['inventory'], operation: ['setLevels'] } },
	writeProperties('setLevels'),
);

export function output(row: StockRow, entry: InventoryEntry, extra: IDataObject): IDataObject {
	return withoutUndefined({
		sku: row.sku,
		incomingSku: row.level.sku === row.sku ? undefined : row.level.sku,
		location: row.channel.key,
		quantity: row.level.quantity,
		onStock: entry.quantityOnStock,
		availableQuantity: entry.availableQuantity,
		entryId: entry.id,
		version: entry.version,
		...extra,
	});
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const { results, rows } = await prepareInput(this, items, client, 'setLevels');
	const failedRead = new Set<StockRow>();
	const entries = await readEntries(client, rows, (failed, error) => {
		for (const row of failed) {
			failedRead.add(row);
			results.fail(row.itemIndex, error);
		}
	});
	const node = this.getNode();

	const setOne = async (row: StockRow) => {
		const target = row.level.quantity;
		let entry = entries.get(entryKeyOf(row.channel.id, row.sku));
		const created = false;
		if (!entry) {
			const outcome = await createEntry(client, row, target, { idempotent: true });
			if ('failed' in outcome) throw outcome.failed.error;
			if ('created' in outcome) {
				entries.set(entryKeyOf(row.channel.id, row.sku), outcome.created);
				return output(row, outcome.created, { created: true, changed: true });
			}
			entry = outcome.existing;
		}
		for (let attempt = 0; attempt <= MAX_VERSION_RETRIES; attempt++) {
			if (entry.quantityOnStock === target) {
				entries.set(entryKeyOf(row.channel.id, row.sku), entry);
				return output(row, entry, { created, changed: false });
			}
			const outcome = await client.tryRequest<InventoryEntry>(
				inventory.update(
					entry.id,
					entry.version,
					[{ action: 'changeQuantity', quantity: target }],
					{
						absolute: true,
					},
				),
				row.itemIndex,
			);
			if (outcome.ok) {
				entries.set(entryKeyOf(row.channel.id, row.sku), outcome.value);
				return output(row, outcome.value, { created, changed: true });
			}
			if (!isConcurrentModification(outcome.cause)) throw outcome.error;
			// Someone else wrote the entry: nothing of ours was applied. Read it and try again.
			const current = await readEntry(client, row.sku, row.channel.id, row.itemIndex);
			if (!current) {
				throw new NodeOperationError(
					node,
					`The inventory entry of SKU ${row.sku} in channel ${row.channel.key} was deleted while it was being written`,
					{ itemIndex: row.itemIndex, description: 'Run again to create it anew.' },
				);
			}
			entry = current;
		}
		throw new NodeOperationError(
			node,
			`The inventory entry of SKU ${row.sku} in channel ${row.channel.key} kept changing while it was being written`,
			{
				itemIndex: row.itemIndex,
				description: `${MAX_VERSION_RETRIES + 1} writes met a newer version (409). Run again when other writers are quieter.`,
			},
		);
	};

	const groups = byEntry(rows.filter((row) => !failedRead.has(row)));
	await forEachConcurrently(groups, LIMITS.concurrentCalls, async (group) => {
		for (const row of group) {
			try {
				results.succeed(row.itemIndex, await setOne(row));
			} catch (error) {
				results.fail(row.itemIndex, error);
			}
		}
	});
	return results.toArray();
}
