/**
 * Adjust and Set share their input handling: canonical stock items (or fields set in the editor)
 * are validated, their locations resolved to warehouses through the Warehouse Mapping table, their
 * SKUs to product sizes in batches, and written per warehouse. Each input item gets its own
 * outcome: an unknown SKU, an unmapped location or a userError fails only the items it concerns.
 *
 * Adjust applies deltas with `changeStock`, per warehouse in input order: consecutive items of the
 * same direction form one batch (negative → outFromWarehouse, positive → intoWarehouse). An item's
 * Change Key is written into the batch's description as the line `n8n-retail-sync:<key>`, and
 * looked up first (`stockChanges`, whatever its age): a key already applied in that warehouse is
 * not applied again, so a replayed delta counts once — a refund's replayed sale months later too.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults, invalidItemError } from '../../../shared/items';
import { MappingTable, normaliseKey } from '../../../shared/mapping';
import {
	parseStockDelta,
	parseStockLevel,
	withoutUndefined,
	type StockLevel,
} from '../../../shared/model';
import { chunk } from '../../../shared/transport';
import {
	changeStockInput,
	groupByVariant,
	normaliseChangeKey,
	rowsAtPath,
	setStockInput,
	stockChangeDescription,
	type CentraProductSize,
	type CentraStockChange,
	type CentraWarehouse,
	type StockQuantityType,
	type VariantEntry,
} from '../../model';
import {
	CHANGE_STOCK,
	SET_STOCK,
	WarehouseDirectory,
	findAppliedChanges,
	lookupProductSizes,
} from '../../queries';
import { LIMITS, rowsHitBy, type CentraClient, type CentraUserError } from '../../transport';

export type WriteMode = 'set' | 'adjust';

interface WarehouseRow {
	location: string;
	warehouse: string;
}

/** Incoming location → Centra warehouse; unmapped: as is (a warehouse name or id), the default, or an error. */
export const warehouseMappingTable = new MappingTable<WarehouseRow>({
	name: 'warehouseMapping',
	displayName: 'Warehouse Mapping',
	description:
		'Which Centra warehouse each incoming location is, e.g. a Cloudshelf store or Linnworks location → its Centra warehouse',
	rowName: 'Location',
	subject: 'location',
	key: 'location',
	requiredColumns: ['warehouse'],
	columns: [
		{
			displayName: 'Incoming Location',
			name: 'location',
			type: 'string',
			default: '',
			placeholder: 'Oxford Street',
			description: 'The location field of incoming stock items',
		},
		{
			displayName: 'Warehouse Name or ID',
			name: 'warehouse',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getWarehouses' },
			default: '',
			description:
				'Centra warehouse of this location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	unmapped: {
		parameter: 'unmappedLocation',
		displayName: 'Unmapped Locations',
		default: 'passThrough',
		policies: {
			passThrough:
				'The location is used as a Centra warehouse name or ID (as Get Levels outputs it); one Centra does not have fails its item',
			default: 'Items from locations not in the table (or without one) go to the warehouse below',
			error: 'The item fails with the location named, so no stock moves in the wrong warehouse',
		},
		defaults: {
			warehouse: {
				description:
					'Warehouse of unmapped locations. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		},
	},
});

export function writeProperties(mode: WriteMode): INodeProperties[] {
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
					description: `Each item is a stock ${mode === 'set' ? 'level' : 'change'}: { sku, location, quantity }, as output by any Retail Sync node`,
				},
				{
					name: 'Define Below',
					value: 'fields',
					description: 'Set SKU, warehouse and quantity per item',
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
			displayName: mode === 'set' ? 'Stock Level' : 'Change',
			name: 'quantity',
			type: 'number',
			default: 0,
			required: true,
			displayOptions: { show: { inputMode: ['fields'] } },
			description:
				mode === 'set'
					? 'The new stock level (of the quantity type chosen below)'
					: 'How much to add (positive) or remove (negative)',
		},
		{
			displayName: 'Warehouse Name or ID',
			name: 'warehouse',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getWarehouses' },
			default: '',
			required: true,
			displayOptions: { show: { inputMode: ['fields'] } },
			description:
				'Centra warehouse whose stock is written. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...warehouseMappingTable
			.properties()
			.map((property) => ({ ...property, displayOptions: { show: { inputMode: ['canonical'] } } }))
			.map((property) =>
				property.name === 'defaultWarehouse'
					? {
							...property,
							displayOptions: {
								show: { inputMode: ['canonical'], unmappedLocation: ['default'] },
							},
						}
					: property,
			),
		...(mode === 'adjust'
			? ([
					{
						displayName: 'Change Key',
						name: 'changeKey',
						type: 'string',
						default: '',
						placeholder: '={{ $json.reference }}:sale',
						description:
							'Identifies the change an item belongs to, e.g. the sale it comes from. A key already applied in the warehouse is not applied again, so replaying a delta never counts it twice. Items sharing a key are one change. Empty: always applied.',
					},
				] satisfies INodeProperties[])
			: ([
					{
						displayName: 'Quantity Type',
						name: 'stockQuantityType',
						type: 'options',
						default: 'PHYSICAL',
						options: [
							{
								name: 'Physical',
								value: 'PHYSICAL',
								description:
									'What is on the shelf, including stock allocated to orders (Centra subtracts allocations)',
							},
							{
								name: 'Free to Allocate',
								value: 'FREE_TO_ALLOCATE',
								description: 'What can still be sold; Centra adds the allocated stock',
							},
						],
					},
				] satisfies INodeProperties[])),
	];
}

interface PendingRow {
	itemIndex: number;
	level: StockLevel;
	warehouse: CentraWarehouse;
	changeKey?: string;
	productSize?: CentraProductSize;
}

function fieldsItem(context: IExecuteFunctions, itemIndex: number, mode: WriteMode): StockLevel {
	const parse = mode === 'set' ? parseStockLevel : parseStockDelta;
	return parse({
		sku: context.getNodeParameter('sku', itemIndex),
		quantity: context.getNodeParameter('quantity', itemIndex),
		location: String(context.getNodeParameter('warehouse', itemIndex, '')),
	});
}

export async function executeWrite(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CentraClient,
	mode: WriteMode,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const directory = await WarehouseDirectory.load(client);
	// The table is read once: per-item expressions in mapping tables are not supported.
	const mapping = items.length ? warehouseMappingTable.read(this, 0) : undefined;
	const pending: PendingRow[] = [];

	/** The warehouse of an item, or the error that fails it. */
	const warehouseOf = (level: StockLevel, itemIndex: number, fromFields: boolean) => {
		const unknown = (reference: string) =>
			new NodeOperationError(node, `Centra has no warehouse "${reference}"`, {
				itemIndex,
				description: `Use one of ${directory.names()}, or map the location in the Warehouse Mapping table.`,
			});
		if (fromFields || !mapping) {
			return directory.find(level.location) ?? unknown(level.location ?? '');
		}
		const resolution = mapping.resolve(level.location);
		if (resolution.status === 'mapped' || resolution.status === 'default') {
			const reference = String(resolution.row.warehouse ?? '').trim();
			if (!reference && resolution.status === 'default') {
				return new NodeOperationError(
					node,
					`Location "${level.location ?? ''}" is not mapped and no Default Warehouse is set`,
					{ itemIndex, description: 'Set Default Warehouse, or map the location.' },
				);
			}
			return directory.find(reference) ?? unknown(reference);
		}
		if (!level.location) {
			return new NodeOperationError(node, `Stock item for SKU ${level.sku} has no location`, {
				itemIndex,
				description:
					'Give the item a location, or choose "Use Defaults Below" in "Unmapped Locations" and set Default Warehouse.',
			});
		}
		if (resolution.status === 'passThrough') {
			return directory.find(level.location) ?? unknown(level.location);
		}
		return mapping.unmappedError(node, itemIndex, [level.location]);
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const fromFields = this.getNodeParameter('inputMode', itemIndex) === 'fields';
		let level: StockLevel;
		try {
			level = fromFields
				? fieldsItem(this, itemIndex, mode)
				: (mode === 'set' ? parseStockLevel : parseStockDelta)(items[itemIndex].json);
		} catch (error) {
			results.fail(
				itemIndex,
				invalidItemError(
					this,
					error,
					itemIndex,
					'Each item needs sku, quantity and location (or use Define Below).',
				),
			);
			continue;
		}
		const warehouse = warehouseOf(level, itemIndex, fromFields);
		if (warehouse instanceof NodeOperationError) {
			results.fail(itemIndex, warehouse);
			continue;
		}
		const changeKey =
			mode === 'adjust'
				? normaliseChangeKey(this.getNodeParameter('changeKey', itemIndex, '')) || undefined
				: undefined;
		pending.push({ itemIndex, level, warehouse, changeKey });
	}

	const sizes = await lookupProductSizes(
		client,
		pending.map((row) => row.level.sku),
	);
	const known = pending.filter((row) => {
		row.productSize = sizes.get(normaliseKey(row.level.sku));
		if (row.productSize) return true;
		results.fail(
			row.itemIndex,
			new NodeOperationError(node, `SKU ${row.level.sku} has no Centra product size`, {
				itemIndex: row.itemIndex,
				description:
					'Check the SKU spelling (or the SKU Mapping upstream), or add the size in Centra.',
			}),
		);
		return false;
	});

	if (mode === 'set') {
		const type = (
			items.length ? this.getNodeParameter('stockQuantityType', 0, 'PHYSICAL') : 'PHYSICAL'
		) as StockQuantityType;
		await writeAbsolute.call(this, client, known, results, type);
	} else {
		await writeDeltas.call(this, client, known, results);
	}
	return results.toArray();
}

const output = (row: PendingRow, extra: IDataObject = {}): IDataObject =>
	withoutUndefined({
		sku: row.productSize?.SKU ?? row.level.sku,
		location: row.warehouse.name,
		quantity: row.level.quantity,
		warehouseId: row.warehouse.id,
		...extra,
	});

/** The rows' sizes grouped by variant for a mutation (deltas summed, levels: the last). */
const variantsOf = (rows: PendingRow[], combine: 'sum' | 'last') =>
	groupByVariant(
		rows.map((row) => ({ row, productSize: row.productSize!, quantity: row.level.quantity })),
		combine,
	);

/** Rows per warehouse, warehouses in order of first appearance, rows in input order. */
function byWarehouse(rows: PendingRow[]): PendingRow[][] {
	const groups = new Map<number, PendingRow[]>();
	for (const row of rows) {
		const group = groups.get(row.warehouse.id) ?? [];
		group.push(row);
		groups.set(row.warehouse.id, group);
	}
	return [...groups.values()];
}

interface MutationOutcome {
	/** Whether Centra applied the call (a stock change was made). */
	applied: boolean;
	stockChangeId?: number;
	userErrors: CentraUserError[];
}

/**
 * Sends one batch; rows named by userErrors fail. Centra applies nothing when it reports
 * userErrors without a stock change (the sandbox's behaviour, ASSUMED for Centra), so the other
 * rows are sent once more without them, and without rows sharing a failed row's change key (a
 * change is applied whole or not at all). Rows whose call failed outright fail with that error.
 */
async function sendBatch(
	this: IExecuteFunctions,
	batch: PendingRow[],
	results: ItemResults,
	send: (variants: Array<VariantEntry<PendingRow>>) => Promise<MutationOutcome>,
	group: (rows: PendingRow[]) => Array<VariantEntry<PendingRow>>,
	succeed: (row: PendingRow, outcome: MutationOutcome) => void,
	describe: (row: PendingRow, messages: string[]) => NodeOperationError,
): Promise<void> {
	let rows = batch;
	for (let attempt = 0; rows.length && attempt < 2; attempt++) {
		const variants = group(rows);
		let outcome: MutationOutcome;
		try {
			outcome = await send(variants);
		} catch (error) {
			for (const row of rows) results.fail(row.itemIndex, error);
			return;
		}
		if (!outcome.userErrors.length) {
			for (const row of rows) succeed(row, outcome);
			return;
		}
		const hit = rowsHitBy(outcome.userErrors, rows, (path) => rowsAtPath(variants, path));
		const failedKeys = new Set(
			[...hit.keys()].map((row) => row.changeKey).filter((key): key is string => Boolean(key)),
		);
		const rest: PendingRow[] = [];
		for (const row of rows) {
			const messages = hit.get(row);
			if (messages) results.fail(row.itemIndex, describe(row, messages));
			else if (row.changeKey && failedKeys.has(row.changeKey)) {
				results.fail(
					row.itemIndex,
					describe(row, [
						`not applied because another item of change key "${row.changeKey}" failed`,
					]),
				);
			} else if (outcome.applied) succeed(row, outcome);
			else rest.push(row);
		}
		rows = attempt === 0 ? rest : [];
		if (attempt === 1) {
			for (const row of rest) {
				results.fail(
					row.itemIndex,
					describe(row, ['Centra refused the batch twice; run the item again']),
				);
			}
		}
	}
}

async function writeAbsolute(
	this: IExecuteFunctions,
	client: CentraClient,
	rows: PendingRow[],
	results: ItemResults,
	type: StockQuantityType,
): Promise<void> {
	const node = this.getNode();
	for (const group of byWarehouse(rows)) {
		const warehouse = group[0].warehouse;
		for (const batch of chunk(group, LIMITS.stockRowsPerMutation)) {
			await sendBatch.call(
				this,
				batch,
				results,
				async (variants) => {
					const data = await client.request<{
						setStock: { stockChanges: Array<{ id: number }> | null; userErrors: CentraUserError[] };
					}>('SetStock', SET_STOCK, {
						input: setStockInput(warehouse.id, type, 'n8n Retail Sync: stock levels', variants),
					});
					const changes = data.setStock.stockChanges ?? [];
					return {
						applied: changes.length > 0,
						stockChangeId: changes[0]?.id,
						userErrors: data.setStock.userErrors ?? [],
					};
				},
				(batchRows) => variantsOf(batchRows, 'last'),
				(row, outcome) =>
					results.succeed(row.itemIndex, output(row, { stockChangeId: outcome.stockChangeId })),
				(row, messages) =>
					new NodeOperationError(
						node,
						`Stock level for SKU ${row.level.sku} in "${warehouse.name}" was not set: ${messages.join('; ')}`,
						{
							itemIndex: row.itemIndex,
							description: 'Fix what Centra reports, then run the item again.',
						},
					),
			);
		}
	}
}

async function writeDeltas(
	this: IExecuteFunctions,
	client: CentraClient,
	rows: PendingRow[],
	results: ItemResults,
): Promise<void> {
	const node = this.getNode();
	// Change keys applied already, by key → the warehouses they were applied in.
	const keys = rows.map((row) => row.changeKey).filter((key): key is string => Boolean(key));
	let applied = new Map<string, CentraStockChange[]>();
	if (keys.length) {
		try {
			applied = await findAppliedChanges(client, keys);
		} catch (error) {
			// Without the check nothing keyed may be applied: it could be a replay.
			for (const row of rows) if (row.changeKey) results.fail(row.itemIndex, error);
			rows = rows.filter((row) => !row.changeKey);
		}
	}
	const appliedIn = (row: PendingRow) =>
		row.changeKey
			? applied
					.get(row.changeKey)
					?.find((change) => !change.warehouse || change.warehouse.id === row.warehouse.id)
			: undefined;

	for (const group of byWarehouse(rows)) {
		const warehouse = group[0].warehouse;
		// Consecutive rows of one direction form a run: the warehouse sees them in input order.
		const runs: PendingRow[][] = [];
		let direction: 'into' | 'outFrom' | undefined;
		for (const row of group) {
			const previous = appliedIn(row);
			if (previous) {
				results.succeed(
					row.itemIndex,
					output(row, { applied: false, stockChangeId: previous.id, changeKey: row.changeKey }),
				);
				continue;
			}
			if (row.level.quantity === 0) {
				results.succeed(row.itemIndex, output(row, { applied: false, changeKey: row.changeKey }));
				continue;
			}
			const rowDirection = row.level.quantity > 0 ? 'into' : 'outFrom';
			if (rowDirection !== direction || !runs.length) runs.push([]);
			direction = rowDirection;
			runs[runs.length - 1].push(row);
		}
		for (const run of runs) {
			const runDirection = run[0].level.quantity > 0 ? 'into' : 'outFrom';
			for (const batch of chunk(run, LIMITS.stockRowsPerMutation)) {
				await sendBatch.call(
					this,
					batch,
					results,
					async (variants) => {
						const description = stockChangeDescription(
							'n8n Retail Sync: stock adjustment',
							variants.flatMap((variant) =>
								variant.sizes.flatMap((size) =>
									size.rows
										.map((row) => row.changeKey)
										.filter((key): key is string => Boolean(key)),
								),
							),
						);
						const data = await client.request<{
							changeStock: { stockChange: { id: number } | null; userErrors: CentraUserError[] };
						}>('ChangeStock', CHANGE_STOCK, {
							input: changeStockInput(warehouse.id, runDirection, description, variants),
						});
						return {
							applied: Boolean(data.changeStock.stockChange),
							stockChangeId: data.changeStock.stockChange?.id,
							userErrors: data.changeStock.userErrors ?? [],
						};
					},
					(batchRows) => variantsOf(batchRows, 'sum'),
					(row, outcome) =>
						results.succeed(
							row.itemIndex,
							output(row, {
								applied: true,
								stockChangeId: outcome.stockChangeId,
								changeKey: row.changeKey,
							}),
						),
					(row, messages) =>
						new NodeOperationError(
							node,
							`Stock of SKU ${row.level.sku} in "${warehouse.name}" was not changed by ${row.level.quantity}: ${messages.join('; ')}`,
							{
								itemIndex: row.itemIndex,
								description:
									'Fix what Centra reports, then run the item again (its change key keeps a replay from counting twice).',
							},
						),
				);
			}
		}
	}
}
