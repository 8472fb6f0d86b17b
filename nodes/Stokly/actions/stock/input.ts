/**
 * Set and Adjust share their input: canonical stock items (or fields set in the editor) through the
 * kit's stock-write input, each location resolved to a Stokly location (Location Mapping table, or
 * a name or ID as is), each SKU to its Stokly item (200 SKUs per `||` filter), each item's bin to a
 * Stokly bin (empty: the location's default bin, `[default]=={1}`), and adjustments sent per
 * location + bin in batches of at most 500 items. An adjustment (POST /v1/adjustments) is never
 * sent twice: after a lost answer the caller records it as maybe applied and fails its items.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { skuMappingTable } from '../../../shared/mapping';
import type { StockLevel } from '../../../shared/model';
import { stockLocationTable, stockWriteInputs } from '../../../shared/stockWrite';
import { chunk } from '../../../shared/transport';
import { VARIABLE_PARENT } from '../../model';
import {
	PATHS,
	binDirectory,
	defaultBin,
	itemsBySku,
	listLocations,
	locationDirectory,
	unsafeValue,
	type StoklyBin,
	type StoklyItem,
	type StoklyLocation,
} from '../../requests';
import { LIMITS, type StoklyClient } from '../../transport';
import { unknownSkuError, unsafeSkuError } from '../skus';

export type WriteMode = 'set' | 'adjust';

/** Incoming location → Stokly location; unmapped: used as a Stokly name or ID, the default, or an error. */
export const locationMappingTable = stockLocationTable({
	name: 'locationMapping',
	displayName: 'Location Mapping',
	description:
		'Which Stokly location each incoming location is, e.g. a Cloudshelf store → its Stokly store',
	column: {
		displayName: 'Stokly Location Name or ID',
		name: 'stoklyLocation',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLocations' },
		default: '',
		description:
			'Stokly location of this incoming location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	noun: 'location',
	passThrough:
		'The location is used as a Stokly location name or ID (as Get Levels outputs it); one Stokly does not have fails its item',
	defaultDescription:
		'Stokly location of unmapped locations. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

export const stockSkuTable = skuMappingTable('Stokly');

const writeInputs = stockWriteInputs({
	level: {
		displayName: 'On Hand',
		description: 'The new on-hand quantity of the item in the bin',
	},
	target: {
		name: 'location',
		displayName: 'Location Name or ID',
		loadOptionsMethod: 'getLocations',
		description:
			'Stokly location whose stock is written. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		noun: 'location',
	},
	locationTable: {
		table: locationMappingTable,
		column: 'stoklyLocation',
		targetName: 'Stokly Location',
	},
	skuTable: stockSkuTable,
});

const writeInput = (mode: WriteMode) => writeInputs[mode === 'set' ? 'level' : 'delta'];

/** Bin and reason, after the stock-write input. */
export function writeProperties(mode: WriteMode): INodeProperties[] {
	return [
		...writeInput(mode).properties(),
		{
			displayName: 'Bin',
			name: 'bin',
			type: 'string',
			default: '',
			placeholder: 'Default',
			description:
				"Name or ID of the bin written at the location; empty: the location's default bin",
		},
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			default: 'n8n Retail Sync',
			description:
				'Recorded with each adjustment in Stokly (one per location and bin: the first item’s applies)',
		},
	];
}

/** One input item ready to write. */
export interface StockRow {
	itemIndex: number;
	/** As the item gave it: `level.sku` the incoming SKU, `quantity` the level or the delta. */
	level: StockLevel;
	/** The SKU in Stokly. */
	sku: string;
	location: StoklyLocation;
	bin: StoklyBin;
	item: StoklyItem;
}

export interface PreparedInput {
	results: ItemResults;
	rows: StockRow[];
}

/** Reads and checks every item; failures go to `results`, the rest come back as rows. */
export async function prepareInput(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
	mode: WriteMode,
): Promise<PreparedInput> {
	const results = new ItemResults(context);
	const node = context.getNode();
	const failAll = (indexes: number[], error: unknown) => {
		for (const itemIndex of indexes) results.fail(itemIndex, error);
	};
	let locations: StoklyLocation[];
	try {
		locations = await listLocations(client);
	} catch (error) {
		// Every item needs the locations: each fails (thrown for the node, n8n's Continue would pass
		// the input items on as if written).
		failAll(
			items.map((_, itemIndex) => itemIndex),
			error,
		);
		return { results, rows: [] };
	}
	const directory = locationDirectory(locations);
	const read = writeInput(mode).reader<StoklyLocation>(
		context,
		items,
		(reference, itemIndex) =>
			directory.find(reference) ??
			directory.unknown(node, reference, {
				itemIndex,
				hint: 'Or map the location in the Location Mapping table.',
			}),
	);
	const staged: Array<Omit<StockRow, 'bin' | 'item'>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const write = read(itemIndex);
		if (write instanceof NodeOperationError) {
			results.fail(itemIndex, write);
			continue;
		}
		if (unsafeValue(write.sku)) {
			results.fail(itemIndex, unsafeSkuError(node, write.sku, itemIndex, 'map it in SKU Mapping'));
			continue;
		}
		staged.push({ itemIndex, level: write.level, sku: write.sku, location: write.target });
	}

	// SKUs → items, 200 per filter.
	let found: StoklyItem[];
	try {
		found = staged.length
			? await itemsBySku(
					client,
					staged.map((row) => row.sku),
				)
			: [];
	} catch (error) {
		failAll(
			staged.map((row) => row.itemIndex),
			error,
		);
		return { results, rows: [] };
	}
	const bySku = new Map<string, StoklyItem[]>();
	for (const item of found) {
		const sku = String(item.sku ?? '').trim();
		bySku.set(sku, [...(bySku.get(sku) ?? []), item]);
	}

	// Bins, once per location and bin asked for.
	const bins = new Map<string, Promise<StoklyBin | NodeOperationError>>();
	const binOf = async (location: StoklyLocation, wanted: string, itemIndex: number) => {
		const key = `${location.locationId}\u0000${wanted}`;
		if (!bins.has(key)) bins.set(key, findBin(context, client, location, wanted, itemIndex));
		return await bins.get(key)!;
	};

	const rows: StockRow[] = [];
	for (const row of staged) {
		const holders = (bySku.get(row.sku) ?? []).filter((item) => item.format !== VARIABLE_PARENT);
		if (!holders.length) {
			const parent = (bySku.get(row.sku) ?? []).length > 0;
			results.fail(
				row.itemIndex,
				parent
					? new NodeOperationError(
							node,
							`SKU ${row.sku} is a variable parent in Stokly, which holds no stock`,
							{ itemIndex: row.itemIndex, description: 'Write stock of its variants instead.' },
						)
					: unknownSkuError(node, row.sku, row.itemIndex, 'translate it in SKU Mapping'),
			);
			continue;
		}
		if (holders.length > 1) {
			results.fail(
				row.itemIndex,
				new NodeOperationError(node, `SKU ${row.sku} is on ${holders.length} Stokly items`, {
					itemIndex: row.itemIndex,
					description:
						'A SKU must name one item: give each Stokly item its own SKU, then run again. Nothing was written for it.',
				}),
			);
			continue;
		}
		const wantedBin = String(context.getNodeParameter('bin', row.itemIndex, '') ?? '').trim();
		let bin: StoklyBin | NodeOperationError;
		try {
			bin = await binOf(row.location, wantedBin, row.itemIndex);
		} catch (error) {
			results.fail(row.itemIndex, error);
			continue;
		}
		if (bin instanceof NodeOperationError) {
			results.fail(
				row.itemIndex,
				new NodeOperationError(node, bin.message, {
					itemIndex: row.itemIndex,
					description: bin.description ?? undefined,
				}),
			);
			continue;
		}
		rows.push({ ...row, bin, item: holders[0] });
	}
	return { results, rows };
}

async function findBin(
	context: IExecuteFunctions,
	client: StoklyClient,
	location: StoklyLocation,
	wanted: string,
	itemIndex: number,
): Promise<StoklyBin | NodeOperationError> {
	const node = context.getNode();
	if (!wanted) {
		const bin = await defaultBin(client, location.locationId, itemIndex);
		return (
			bin ??
			new NodeOperationError(node, `Stokly location "${location.name}" has no default bin`, {
				itemIndex,
				description:
					'Set Bin to the name or ID of a bin of the location, or make one its default in Stokly.',
			})
		);
	}
	const bins = binDirectory(
		location,
		await client.list<StoklyBin>(itemIndex, PATHS.bins(location.locationId)),
	);
	return (
		bins.find(wanted) ??
		bins.unknown(node, wanted, { itemIndex, hint: 'Or leave Bin empty for the default bin.' })
	);
}

/** Rows per location + bin, each list in input order. */
export function byLocationBin<T extends StockRow>(rows: T[]): T[][] {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const key = `${row.location.locationId}\u0000${row.bin.binId}`;
		groups.set(key, [...(groups.get(key) ?? []), row]);
	}
	return [...groups.values()];
}

/** One line of an adjustment: an item's signed delta. */
export interface AdjustmentLine {
	itemId: string;
	quantity: number;
}

export type AdjustmentOutcome =
	| { ok: true; adjustmentId?: string; lines: AdjustmentLine[] }
	| { ok: false; lost: boolean; error: Error; lines: AdjustmentLine[] };

/**
 * Sends the lines (distinct items) of one location + bin, 500 per adjustment. Each batch's outcome
 * comes back: accepted (202, its id) or failed (`lost`: the answer was lost, it may be applied).
 */
export async function postAdjustments(
	client: StoklyClient,
	location: StoklyLocation,
	bin: StoklyBin,
	reason: string,
	lines: AdjustmentLine[],
	itemIndex: number,
): Promise<AdjustmentOutcome[]> {
	const outcomes: AdjustmentOutcome[] = [];
	for (const batch of chunk(lines, LIMITS.itemsPerAdjustment)) {
		const outcome = await client.tryCall<{ id?: string } | undefined>(itemIndex, {
			method: 'POST',
			path: PATHS.adjustments,
			body: { locationId: location.locationId, binId: bin.binId, reason, items: batch },
		});
		outcomes.push(
			outcome.ok
				? { ok: true, adjustmentId: outcome.value?.id, lines: batch }
				: { ok: false, lost: outcome.lost, error: outcome.error, lines: batch },
		);
	}
	return outcomes;
}

/** The output of a written (or skipped) row. */
export function rowOutput(row: StockRow, extra: IDataObject): IDataObject {
	return {
		sku: row.level.sku,
		location: row.location.name,
		quantity: row.level.quantity,
		locationId: row.location.locationId,
		bin: row.bin.name,
		binId: row.bin.binId,
		itemId: row.item.itemId,
		...extra,
	};
}

/** The error of a row whose adjustment's answer was lost: Stokly may have applied it. */
export function lostAnswerError(
	context: IExecuteFunctions,
	row: StockRow,
	cause: Error,
	recorded: string,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Stokly gave no answer to the stock adjustment of SKU ${row.level.sku} at "${row.location.name}", so it may have applied it`,
		{
			itemIndex: row.itemIndex,
			description: `${cause.message}. It is not sent again: ${recorded} Check the item's stock in Stokly before re-running.`,
		},
	);
}
