/**
 * Reading inventory entries in batches and writing one entry safely: the calls Set Levels and
 * Adjust share. An entry is one (SKU, supply channel) pair (VERIFIED: unique per pair).
 */
import { chunk } from '../../../shared/transport';
import { inventoryEntryKey } from '../../model';
import { inventory, queryAll, type InventoryEntry } from '../../requests';
import { LIMITS, duplicateFieldOf, type Attempt, type CommercetoolsClient } from '../../transport';
import type { StockRow } from './input';

/** Times a write is re-tried on a newer version after 409s before its item fails. */
export const MAX_VERSION_RETRIES = 10;

/** `channelId\0sku` → entry. */
export type EntryMap = Map<string, InventoryEntry>;

export const entryKeyOf = (channelId: string, sku: string) => `${channelId}\u0000${sku}`;

/**
 * The entries of the rows' SKUs in their channels: `sku in (…) and supplyChannel(id = "…")`, at
 * most `LIMITS.valuesPerPredicate` SKUs per query, id-cursor paged. A failed query fails the rows
 * it concerned only (`onFailure`).
 */
export async function readEntries(
	client: CommercetoolsClient,
	rows: StockRow[],
	onFailure: (rows: StockRow[], error: unknown) => void,
): Promise<EntryMap> {
	const entries: EntryMap = new Map();
	const perChannel = new Map<string, StockRow[]>();
	for (const row of rows)
		perChannel.set(row.channel.id, [...(perChannel.get(row.channel.id) ?? []), row]);
	for (const [channelId, channelRows] of perChannel) {
		const skus = [...new Set(channelRows.map((row) => row.sku))];
		for (const batch of chunk(skus, LIMITS.valuesPerPredicate)) {
			try {
				const found = await queryAll<InventoryEntry>(client, (afterId, limit) =>
					inventory.query(batch, channelId, { afterId, limit }),
				);
				for (const entry of found) entries.set(entryKeyOf(channelId, entry.sku), entry);
			} catch (error) {
				const inBatch = new Set(batch);
				onFailure(
					channelRows.filter((row) => inBatch.has(row.sku)),
					error,
				);
			}
		}
	}
	return entries;
}

/** The entry of (SKU, channel) as it is now, or undefined. */
export async function readEntry(
	client: CommercetoolsClient,
	sku: string,
	channelId: string,
	itemIndex: number,
): Promise<InventoryEntry | undefined> {
	const found = await client.request<{ results: InventoryEntry[] }>(
		inventory.query([sku], channelId, { limit: 1 }),
		itemIndex,
	);
	return found.results?.[0];
}

/**
 * Creates the entry of (SKU, channel) with `quantityOnStock`. When it exists already (400
 * DuplicateField: made meanwhile by someone else) the entry is read and returned as `existing` for
 * the caller to update. A key taken by another entry makes the create go without a key.
 */
export async function createEntry(
	client: CommercetoolsClient,
	row: StockRow,
	quantityOnStock: number,
	{ idempotent }: { idempotent: boolean },
): Promise<
	| { created: InventoryEntry }
	| { existing: InventoryEntry }
	| { failed: Extract<Attempt<InventoryEntry>, { ok: false }> }
> {
	let key: string | undefined = inventoryEntryKey(row.sku, row.channel.key);
	for (;;) {
		const request = inventory.create({
			sku: row.sku,
			supplyChannel: { typeId: 'channel', id: row.channel.id },
			quantityOnStock,
			key,
		});
		const outcome = await client.tryRequest<InventoryEntry>(
			{ ...request, idempotent },
			row.itemIndex,
		);
		if (outcome.ok) return { created: outcome.value };
		const duplicate = duplicateFieldOf(outcome.cause);
		if (!duplicate) return { failed: outcome };
		const existing = await readEntry(client, row.sku, row.channel.id, row.itemIndex);
		if (existing) return { existing };
		if (duplicate.field === 'key' && key !== undefined) {
			key = undefined;
			continue;
		}
		return { failed: outcome };
	}
}
