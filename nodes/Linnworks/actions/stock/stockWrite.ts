/**
 * Set Levels and Adjust Levels share their input handling: canonical stock items (or fields set in
 * the editor) are validated, their locations resolved, and written in batches of the API maximum.
 * Each input item gets its own outcome; a bad item never blocks the others.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { answerLost } from '../../../shared/client';
import { ItemResults } from '../../../shared/items';
import { normaliseKey } from '../../../shared/mapping';
import type { StockLevel } from '../../../shared/model';
import { stockWriteInputs } from '../../../shared/stockWrite';
import { chunk } from '../../../shared/transport';
import { toStockLevel, type LinnworksLocation, type LinnworksStockItemLevel } from '../../model';
import { LocationDirectory, getStockLevelsByIds, lookupStockItemIds } from '../../queries';
import { LIMITS, type LinnworksClient } from '../../transport';

export type WriteMode = 'set' | 'adjust';

/** The input of Set Levels (levels) and Adjust Levels (deltas): the kit's stock-write input. */
const writeInputs = stockWriteInputs({
	level: {
		displayName: 'Stock Level',
		description:
			'The new stock level (physical quantity); Linnworks subtracts open orders to get Available',
	},
	target: {
		name: 'location',
		displayName: 'Location Name or ID',
		loadOptionsMethod: 'getLocations',
		description:
			'Leave empty for the Default location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		noun: 'location',
	},
	defaultLocation: {
		description:
			'Used for items without a location; leave empty for the Default location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
});

const writeInput = (mode: WriteMode) => writeInputs[mode === 'set' ? 'level' : 'delta'];

export function writeProperties(mode: WriteMode): INodeProperties[] {
	return [
		...writeInput(mode).properties(),
		...(mode === 'adjust'
			? [
					{
						displayName: 'Change Source',
						name: 'changeSource',
						type: 'string',
						default: 'n8n',
						description: 'Recorded in the Linnworks stock history next to each change',
					} satisfies INodeProperties,
				]
			: []),
	];
}

interface PendingRow {
	itemIndex: number;
	level: StockLevel;
	location: LinnworksLocation;
}

interface BulkRowResult {
	RowIndex: number;
	SKU?: string;
	StockLevel?: number;
	Errors?: string[];
}

export async function executeWrite(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
	mode: WriteMode,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const directory = await LocationDirectory.load(client);
	const read = writeInput(mode).reader<LinnworksLocation>(
		this,
		items,
		(reference, itemIndex) =>
			directory.find(reference) ??
			new NodeOperationError(this.getNode(), `Linnworks has no location "${reference}"`, {
				itemIndex,
				description: `Use one of ${directory.names()}, or leave location empty for the Default location.`,
			}),
	);
	const pending: PendingRow[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const write = read(itemIndex);
		if (write instanceof NodeOperationError) results.fail(itemIndex, write);
		else pending.push({ itemIndex, level: write.level, location: write.target });
	}

	if (mode === 'set') {
		await writeAbsolute.call(this, client, pending, results);
	} else {
		// One change source per call: the value of the first item applies to the whole execution.
		const changeSource = items.length
			? (this.getNodeParameter('changeSource', 0, 'n8n') as string)
			: 'n8n';
		await writeDelta.call(this, client, pending, results, changeSource);
	}
	return results.toArray();
}

function output(row: PendingRow, quantity: number): IDataObject {
	return { sku: row.level.sku, location: row.location.LocationName, quantity };
}

/**
 * Stock/UpdateStockLevelsBulk sets absolute levels and reports errors per row (by RowIndex), so an
 * unknown SKU fails only its own item.
 */
async function writeAbsolute(
	this: IExecuteFunctions,
	client: LinnworksClient,
	pending: PendingRow[],
	results: ItemResults,
): Promise<void> {
	for (const batch of chunk(pending, LIMITS.stockRowsPerWrite)) {
		let response: { Items: BulkRowResult[] };
		try {
			response = await client.call('Stock/UpdateStockLevelsBulk', {
				request: {
					Items: batch.map((row, rowIndex) => ({
						SKU: row.level.sku,
						StockLocationId: row.location.StockLocationId,
						StockLevel: row.level.quantity,
						RowIndex: rowIndex,
					})),
				},
			});
		} catch (error) {
			for (const row of batch) results.fail(row.itemIndex, error);
			continue;
		}
		const byRow = new Map(response.Items.map((entry) => [entry.RowIndex, entry]));
		batch.forEach((row, rowIndex) => {
			const answer = byRow.get(rowIndex);
			const errors = answer ? (answer.Errors ?? []) : ['Linnworks did not report on this row'];
			if (errors.length) {
				results.fail(
					row.itemIndex,
					new NodeOperationError(
						this.getNode(),
						`Stock level for SKU ${row.level.sku} at "${row.location.LocationName}" was not set: ${errors.join('; ')}`,
						{
							itemIndex: row.itemIndex,
							description:
								'Check that the SKU exists in Linnworks as a plain (not batched or composite) stock item.',
						},
					),
				);
				return;
			}
			results.succeed(row.itemIndex, output(row, answer?.StockLevel ?? row.level.quantity));
		});
	}
}

/**
 * Stock/UpdateStockLevelsBySKU applies deltas but fails a whole call on an unknown SKU, so SKUs
 * are checked first and only known ones are sent.
 */
async function writeDelta(
	this: IExecuteFunctions,
	client: LinnworksClient,
	pending: PendingRow[],
	results: ItemResults,
	changeSource: string,
): Promise<void> {
	const known = await lookupStockItemIds(
		client,
		pending.map((row) => row.level.sku),
	);
	const sendable = pending.filter((row) => {
		if (known.has(normaliseKey(row.level.sku))) return true;
		results.fail(
			row.itemIndex,
			new NodeOperationError(this.getNode(), `SKU ${row.level.sku} has no Linnworks stock item`, {
				itemIndex: row.itemIndex,
				description: 'Check the SKU spelling, or create the stock item in Linnworks.',
			}),
		);
		return false;
	});
	for (const batch of chunk(sendable, LIMITS.stockRowsPerWrite)) {
		await sendDeltaBatch.call(this, client, batch, known, results, changeSource);
	}
}

type KnownItems = Map<string, { sku: string; stockItemId: string }>;

/**
 * One delta batch, never applied twice. Linnworks offers no idempotency key for
 * UpdateStockLevelsBySKU, and the transport does not repeat it (NON_IDEMPOTENT_METHODS): when its
 * answer is lost (a 5xx, a timeout, a reset) it may have been processed, may still be, or may not
 * have been, and no read can tell which for sure (another writer may move the same stock). So it is
 * never sent again; the batch's levels, read before sending, are read again:
 * - every level moved by exactly its change: taken as applied, the items succeed;
 * - anything else: the items fail saying the change may have been applied (or may still be), and
 *   what the level did, so that someone checks the stock history before running them again.
 */
async function sendDeltaBatch(
	this: IExecuteFunctions,
	client: LinnworksClient,
	batch: PendingRow[],
	known: KnownItems,
	results: ItemResults,
	changeSource: string,
): Promise<void> {
	const node = this.getNode();
	const itemOf = (row: PendingRow) => known.get(normaliseKey(row.level.sku))!;
	const key = (stockItemId: string, locationId: string) =>
		`${normaliseKey(stockItemId)}\n${normaliseKey(locationId)}`;
	const rowKey = (row: PendingRow) => key(itemOf(row).stockItemId, row.location.StockLocationId);
	// Several items may change the same SKU at the same location: their changes add up.
	const expectedChange = new Map<string, number>();
	for (const row of batch) {
		expectedChange.set(rowKey(row), (expectedChange.get(rowKey(row)) ?? 0) + row.level.quantity);
	}
	const readLevels = async (): Promise<Map<string, LinnworksStockItemLevel>> => {
		const ids = [...new Set(batch.map((row) => itemOf(row).stockItemId))];
		const levels = new Map<string, LinnworksStockItemLevel>();
		for (const [stockItemId, itemLevels] of await getStockLevelsByIds(client, ids)) {
			for (const level of itemLevels) {
				levels.set(key(stockItemId, level.Location.StockLocationId), level);
			}
		}
		return levels;
	};
	const succeed = (row: PendingRow, level: LinnworksStockItemLevel | undefined) =>
		results.succeed(
			row.itemIndex,
			level
				? { ...toStockLevel(level, row.level.sku), stockLevel: level.StockLevel }
				: output(row, row.level.quantity),
		);
	const failAll = (error: (row: PendingRow) => unknown) => {
		for (const row of batch) results.fail(row.itemIndex, error(row));
	};

	let before: Map<string, LinnworksStockItemLevel>;
	try {
		before = await readLevels();
	} catch (error) {
		// Nothing was sent: the items can be run again safely.
		failAll(() => error);
		return;
	}
	let response: unknown;
	try {
		response = await client.call<unknown>('Stock/UpdateStockLevelsBySKU', {
			stockLevels: batch.map((row) => ({
				SKU: itemOf(row).sku,
				LocationId: row.location.StockLocationId,
				Level: row.level.quantity,
			})),
			changeSource,
		});
	} catch (error) {
		if (!answerLost(error)) {
			failAll(() => error);
			return;
		}
		const unconfirmed = (reason: string) =>
			failAll(
				(row) =>
					new NodeOperationError(
						node,
						`Linnworks did not confirm the stock change of SKU ${row.level.sku} at "${row.location.LocationName}" by ${row.level.quantity}, so it may have been applied`,
						{
							itemIndex: row.itemIndex,
							description: `${reason} It was not sent again. Check the item's stock history in Linnworks before running it again: a change run twice is applied twice. ${(error as Error).message}`,
						},
					),
			);
		let after: Map<string, LinnworksStockItemLevel>;
		try {
			after = await readLevels();
		} catch (readError) {
			unconfirmed(
				`Reading the stock level back to check failed too (${(readError as Error).message}).`,
			);
			return;
		}
		const moves = [...expectedChange].map(([changed, expected]) => {
			const was = before.get(changed)?.StockLevel;
			const now = after.get(changed)?.StockLevel;
			return { expected, moved: was === undefined || now === undefined ? NaN : now - was };
		});
		if (moves.every(({ expected, moved }) => moved === expected)) {
			// Applied: the levels read back stand for the answer that was lost.
			for (const row of batch) succeed(row, after.get(rowKey(row)));
			return;
		}
		unconfirmed(
			moves.every(({ moved }) => moved === 0)
				? 'Its answer was lost and the stock level has not moved (yet): most likely it was not applied, but Linnworks may still be applying it.'
				: 'Its answer was lost and the stock level moved, but not by this change (another change of the same stock came between).',
		);
		return;
	}
	// The answer lists the new levels; an empty or odd answer still means the change was made.
	const answered = Array.isArray(response) ? (response as LinnworksStockItemLevel[]) : [];
	// The answer names each level by SKU (the batch's own keys are stock item ids).
	const answerKey = (sku: string | undefined, locationId: string | undefined) =>
		`${normaliseKey(sku)}\n${normaliseKey(locationId)}`;
	const newLevels = new Map(
		answered.map((level) => [answerKey(level.SKU, level.Location?.StockLocationId), level]),
	);
	for (const row of batch) {
		succeed(row, newLevels.get(answerKey(row.level.sku, row.location.StockLocationId)));
	}
}
