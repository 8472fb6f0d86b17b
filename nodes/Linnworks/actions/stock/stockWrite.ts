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

import { ItemResults, invalidItemError } from '../../../shared/items';
import { normaliseKey } from '../../../shared/mapping';
import { parseStockDelta, parseStockLevel, type StockLevel } from '../../../shared/model';
import { chunk } from '../../../shared/transport';
import { toStockLevel, type LinnworksLocation, type LinnworksStockItemLevel } from '../../model';
import { LocationDirectory, lookupStockItemIds } from '../../queries';
import { LIMITS, type LinnworksClient } from '../../transport';

export type WriteMode = 'set' | 'adjust';

export function writeProperties(mode: WriteMode): INodeProperties[] {
	const quantityLabel = mode === 'set' ? 'Stock Level' : 'Change';
	return [
		{
			displayName: 'Input',
			name: 'inputMode',
			type: 'options',
			default: 'canonical',
			options: [
				{
					name: 'Use Input Items',
					value: 'canonical',
					description:
						'Each item is a stock level: { sku, location, quantity }, as output by any Retail Sync node',
				},
				{
					name: 'Define Below',
					value: 'fields',
					description: 'Set SKU, location and quantity per item',
				},
			],
		},
		{
			displayName: 'SKU',
			name: 'sku',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { inputMode: ['fields'] } },
		},
		{
			displayName: quantityLabel,
			name: 'quantity',
			type: 'number',
			default: 0,
			required: true,
			displayOptions: { show: { inputMode: ['fields'] } },
			description:
				mode === 'set'
					? 'The new stock level (physical quantity); Linnworks subtracts open orders to get Available'
					: 'How much to add (positive) or remove (negative)',
		},
		{
			displayName: 'Location Name or ID',
			name: 'location',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getLocations' },
			default: '',
			displayOptions: { show: { inputMode: ['fields'] } },
			description:
				'Leave empty for the Default location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Default Location Name or ID',
			name: 'defaultLocation',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getLocations' },
			default: '',
			displayOptions: { show: { inputMode: ['canonical'] } },
			description:
				'Used for items without a location; leave empty for the Default location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
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

function readItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	itemIndex: number,
	mode: WriteMode,
): StockLevel {
	const parse = mode === 'set' ? parseStockLevel : parseStockDelta;
	if (context.getNodeParameter('inputMode', itemIndex) === 'fields') {
		return parse({
			sku: context.getNodeParameter('sku', itemIndex),
			quantity: context.getNodeParameter('quantity', itemIndex),
			location: context.getNodeParameter('location', itemIndex, ''),
		});
	}
	const level = parse(items[itemIndex].json);
	const fallback = context.getNodeParameter('defaultLocation', itemIndex, '') as string;
	return level.location ? level : { ...level, location: fallback || undefined };
}

export async function executeWrite(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
	mode: WriteMode,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const directory = await LocationDirectory.load(client);
	const pending: PendingRow[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let level: StockLevel;
		try {
			level = readItem(this, items, itemIndex, mode);
		} catch (error) {
			results.fail(
				itemIndex,
				invalidItemError(
					this,
					error,
					itemIndex,
					'Each item needs sku, quantity and optionally location.',
				),
			);
			continue;
		}
		const location = directory.find(level.location);
		if (!location) {
			results.fail(
				itemIndex,
				new NodeOperationError(this.getNode(), `Linnworks has no location "${level.location}"`, {
					itemIndex,
					description: `Use one of ${directory.names()}, or leave location empty for the Default location.`,
				}),
			);
			continue;
		}
		pending.push({ itemIndex, level, location });
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
			for (const row of batch) results.fail(row.itemIndex, error);
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
