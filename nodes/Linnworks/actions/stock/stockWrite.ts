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
import { LocationDirectory, lookupStockItemIds } from '../../queries';
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
		let response: LinnworksStockItemLevel[];
		try {
			response = await client.call('Stock/UpdateStockLevelsBySKU', {
				stockLevels: batch.map((row) => ({
					SKU: known.get(normaliseKey(row.level.sku))!.sku,
					LocationId: row.location.StockLocationId,
					Level: row.level.quantity,
				})),
				changeSource,
			});
		} catch (error) {
			for (const row of batch)
				results.fail(row.itemIndex, answerLost(error) ? lostChange(this, row, error) : error);
			continue;
		}
		const key = (sku: string | undefined, locationId: string) =>
			`${normaliseKey(sku)}\n${locationId}`;
		const newLevels = new Map(
			response.map((level) => [key(level.SKU, level.Location.StockLocationId), level]),
		);
		for (const row of batch) {
			const level = newLevels.get(key(row.level.sku, row.location.StockLocationId));
			results.succeed(
				row.itemIndex,
				level
					? { ...toStockLevel(level, row.level.sku), stockLevel: level.StockLevel }
					: output(row, row.level.quantity),
			);
		}
	}
}

/** The error of a row whose change's answer was lost: Linnworks may have applied it. */
function lostChange(
	context: IExecuteFunctions,
	row: PendingRow,
	cause: unknown,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Linnworks gave no answer to the stock change of SKU ${row.level.sku} at "${row.location.LocationName}", so it may have applied it`,
		{
			itemIndex: row.itemIndex,
			description: `${(cause as Error).message}. It is not sent again, so it cannot apply twice: check the level in Linnworks before re-running.`,
		},
	);
}
