/**
 * Adjust and Set share their input handling: canonical stock items (or fields set in the editor)
 * are validated, their locations resolved to warehouses through the Warehouse Mapping table, their
 * SKUs translated to Centra SKUs through the SKU Mapping table (canonical items only, before the
 * lookup) and resolved to product sizes in batches, and written per warehouse. The output carries
 * the Centra SKU as `sku` and the item's own as `incomingSku`. Each input item gets its own
 * outcome: an unknown SKU, an unmapped location or a userError fails only the items it concerns
 * (and, for Adjust, the other items of its change key: a key is applied whole or not at all).
 *
 * Adjust applies deltas with `changeStock` (negative → outFromWarehouse, positive → intoWarehouse),
 * exactly once per change key (the 04:58 decision in the brief):
 * - the items sharing a Change Key form exactly ONE mutation, whose description is the single line
 *   `n8n-retail-sync:<key>`: one warehouse, one direction, at most `LIMITS.stockRowsPerMutation`
 *   sizes, never split; a key breaking one of these fails all its items before anything is sent;
 * - the keys are looked up first (`stockChanges` whose description equals that line, whatever its
 *   age): a key already applied outputs `applied: false, alreadyApplied: true` and is not sent;
 * - a keyed mutation whose answer was lost (5xx, reset: the kit does not repeat changeStock, see
 *   `NON_IDEMPOTENT_OPERATIONS`) is looked up again: found → applied; not found → sent again, at
 *   most `KEYED_ATTEMPTS` times in all. An unkeyed delta whose answer was lost fails its items: it
 *   may or may not have been applied, and nothing in Centra tells;
 * - items without a key are batched per warehouse and direction (consecutive items of a warehouse);
 * - mutations go out in input order (of each one's first item); a keyed mutation in a warehouse
 *   ends that warehouse's unkeyed batch, so each warehouse sees its changes in input order.
 * Centra's default mutation quota (1 000 per hour, 100 per 10 s per token) thus bounds keyed
 * deltas to about 1 000 changes (e.g. sales) per hour per token.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { answerLost } from '../../../shared/client';
import { ItemResults, invalidItemError } from '../../../shared/items';
import { normaliseKey, skuMappingTable } from '../../../shared/mapping';
import { withoutUndefined, type StockLevel } from '../../../shared/model';
import { stockLocationTable, stockWriteInputs } from '../../../shared/stockWrite';
import { chunk } from '../../../shared/transport';
import {
	changeKeyMarker,
	changeStockInput,
	groupByVariant,
	normaliseChangeKey,
	rowsAtPath,
	setStockInput,
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

/** Incoming location → Centra warehouse; unmapped: as is (a warehouse name or id), the default, or an error. */
export const warehouseMappingTable = stockLocationTable({
	name: 'warehouseMapping',
	displayName: 'Warehouse Mapping',
	description:
		'Which Centra warehouse each incoming location is, e.g. a Cloudshelf store or Linnworks location → its Centra warehouse',
	column: {
		displayName: 'Warehouse Name or ID',
		name: 'warehouse',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWarehouses' },
		default: '',
		description:
			'Centra warehouse of this location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	noun: 'warehouse',
	passThrough:
		'The location is used as a Centra warehouse name or ID (as Get Levels outputs it); one Centra does not have fails its item',
	defaultDescription:
		'Warehouse of unmapped locations. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

/**
 * Incoming SKU → Centra SKU, the same table (parameters skuMapping / unmappedSku, unmapped SKUs used
 * as is by default) as Order → Create's, applied before the size lookup.
 */
export const stockSkuTable = skuMappingTable('Centra');

/** The input of Set (levels) and Adjust (deltas): the kit's stock-write input. */
const writeInputs = stockWriteInputs({
	level: {
		displayName: 'Stock Level',
		description: 'The new stock level (of the quantity type chosen below)',
	},
	target: {
		name: 'warehouse',
		displayName: 'Warehouse Name or ID',
		loadOptionsMethod: 'getWarehouses',
		description:
			'Centra warehouse whose stock is written. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		noun: 'warehouse',
	},
	locationTable: { table: warehouseMappingTable, column: 'warehouse', targetName: 'Warehouse' },
	skuTable: stockSkuTable,
});

const writeInput = (mode: WriteMode) => writeInputs[mode === 'set' ? 'level' : 'delta'];

export function writeProperties(mode: WriteMode): INodeProperties[] {
	return [
		...writeInput(mode).properties(),
		...(mode === 'adjust'
			? ([
					{
						displayName: 'Change Key',
						name: 'changeKey',
						type: 'string',
						default: '',
						placeholder: 'e.g. order reference + ":sale"',
						description:
							"Identifies the change an item belongs to, e.g. the sale it comes from. Items sharing a key are one Centra stock change, applied whole or not at all: one warehouse, one direction (sales and returns need different keys), at most 200 sizes. A key already applied is not applied again, so replaying a delta never counts it twice. Each key costs one mutation of the token's quota (Centra default: 1 000 per hour, 100 per 10 seconds), so about 1 000 keyed changes per hour. Empty: always applied, batched with other unkeyed items.",
					},
				] satisfies INodeProperties[])
			: ([
					{
						displayName: 'Quantity Type',
						name: 'stockQuantityType',
						type: 'options',
						default: 'PHYSICAL',
						description:
							"What the quantities are. Canonical stock levels from Retail Sync nodes are what can be sold (Centra's Get Levels gives free to allocate): set Free to Allocate for those, or Centra would count stock allocated to orders as gone.",
						options: [
							{
								name: 'Physical',
								value: 'PHYSICAL',
								description:
									'What is on the shelf, including stock allocated to orders (Centra subtracts allocations)',
							},
							{
								// The value's name is ASSUMED (the brief): Centra documents PHYSICAL only.
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
	/** The item as it came; `level.sku` is the incoming SKU. */
	level: StockLevel;
	/** The SKU in Centra: the SKU Mapping table's translation of the incoming one. */
	centraSku: string;
	warehouse: CentraWarehouse;
	changeKey?: string;
	productSize?: CentraProductSize;
}

/** Sends of one keyed changeStock whose answer was lost before the item fails (its key checked between). */
export const KEYED_ATTEMPTS = 3;

/** What an unkeyed delta whose answer was lost says (it may or may not have been applied). */
export const UNCONFIRMED_DELTA =
	'Centra did not confirm the stock change, so it may or may not have been applied: check the stock in Centra before running again, or set a Change Key so a replay is recognised';

export async function executeWrite(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CentraClient,
	mode: WriteMode,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const directory = await WarehouseDirectory.load(client);
	const input = writeInput(mode);
	const read = input.reader<CentraWarehouse>(
		this,
		items,
		(reference, itemIndex) =>
			directory.find(reference) ??
			new NodeOperationError(node, `Centra has no warehouse "${reference ?? ''}"`, {
				itemIndex,
				description: `Use one of ${directory.names()}, or map the location in the Warehouse Mapping table.`,
			}),
	);
	const pending: PendingRow[] = [];
	/** Change keys with an item that failed before sending → that item: the key is not applied. */
	const brokenKeys = new Map<string, number>();
	const fail = (itemIndex: number, changeKey: string | undefined, error: unknown) => {
		if (changeKey && !brokenKeys.has(changeKey)) brokenKeys.set(changeKey, itemIndex);
		results.fail(itemIndex, error);
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let changeKey: string | undefined;
		try {
			changeKey =
				mode === 'adjust'
					? normaliseChangeKey(this.getNodeParameter('changeKey', itemIndex, '')) || undefined
					: undefined;
		} catch (error) {
			fail(itemIndex, undefined, invalidItemError(this, error, itemIndex, input.invalidHint));
			continue;
		}
		const write = read(itemIndex);
		if (write instanceof NodeOperationError) {
			fail(itemIndex, changeKey, write);
			continue;
		}
		pending.push({
			itemIndex,
			level: write.level,
			warehouse: write.target,
			changeKey,
			centraSku: write.sku,
		});
	}

	// A lookup call that fails fails the items of its SKUs only.
	const lookupFailures = new Map<string, unknown>();
	const sizes = await lookupProductSizes(
		client,
		pending.map((row) => row.centraSku),
		(skus, error) => {
			for (const sku of skus) lookupFailures.set(normaliseKey(sku), error);
		},
	);
	const known = pending.filter((row) => {
		const sku = normaliseKey(row.centraSku);
		row.productSize = sizes.get(sku);
		if (row.productSize) return true;
		fail(
			row.itemIndex,
			row.changeKey,
			lookupFailures.has(sku)
				? lookupFailures.get(sku)
				: new NodeOperationError(node, `SKU ${skuLabel(row)} has no Centra product size`, {
						itemIndex: row.itemIndex,
						description:
							'Check the SKU spelling (or add it to the SKU Mapping table), or add the size in Centra.',
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
		await writeDeltas.call(this, client, known, results, brokenKeys);
	}
	return results.toArray();
}

/** The Centra SKU, and the incoming one when the SKU Mapping table translated it. */
const skuLabel = (row: PendingRow) =>
	row.centraSku === row.level.sku ? row.centraSku : `${row.centraSku} (incoming ${row.level.sku})`;

const output = (row: PendingRow, extra: IDataObject = {}): IDataObject =>
	withoutUndefined({
		sku: row.productSize?.SKU ?? row.centraSku,
		incomingSku: row.level.sku,
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

const sizeCount = (variants: Array<VariantEntry<PendingRow>>) =>
	variants.reduce((count, variant) => count + variant.sizes.length, 0);

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

interface BatchHandlers {
	send: (variants: Array<VariantEntry<PendingRow>>) => Promise<MutationOutcome>;
	group: (rows: PendingRow[]) => Array<VariantEntry<PendingRow>>;
	succeed: (row: PendingRow, outcome: MutationOutcome) => void;
	describe: (row: PendingRow, messages: string[]) => NodeOperationError;
	/** The error of a row whose call's answer was lost; without it the call's error is used. */
	lost?: (row: PendingRow, error: unknown) => NodeOperationError;
}

/**
 * Sends one batch of rows without change keys; rows named by userErrors fail. Centra applies
 * nothing when it reports userErrors without a stock change (the sandbox's behaviour, ASSUMED for
 * Centra), so the other rows are sent once more without them. Rows whose call failed outright fail
 * with that error (or `lost`'s when the answer was lost).
 */
async function sendBatch(
	batch: PendingRow[],
	results: ItemResults,
	{ send, group, succeed, describe, lost }: BatchHandlers,
): Promise<void> {
	let rows = batch;
	for (let attempt = 0; rows.length && attempt < 2; attempt++) {
		const variants = group(rows);
		let outcome: MutationOutcome;
		try {
			outcome = await send(variants);
		} catch (error) {
			for (const row of rows) {
				results.fail(row.itemIndex, lost && answerLost(error) ? lost(row, error) : error);
			}
			return;
		}
		if (!outcome.userErrors.length) {
			for (const row of rows) succeed(row, outcome);
			return;
		}
		const hit = rowsHitBy(outcome.userErrors, rows, (path) => rowsAtPath(variants, path));
		const rest: PendingRow[] = [];
		for (const row of rows) {
			const messages = hit.get(row);
			if (messages) results.fail(row.itemIndex, describe(row, messages));
			else if (outcome.applied) succeed(row, outcome);
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
			await sendBatch(batch, results, {
				send: async (variants) => {
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
				group: (batchRows) => variantsOf(batchRows, 'last'),
				succeed: (row, outcome) =>
					results.succeed(row.itemIndex, output(row, { stockChangeId: outcome.stockChangeId })),
				describe: (row, messages) =>
					new NodeOperationError(
						node,
						`Stock level for SKU ${skuLabel(row)} in "${warehouse.name}" was not set: ${messages.join('; ')}`,
						{
							itemIndex: row.itemIndex,
							description: 'Fix what Centra reports, then run the item again.',
						},
					),
			});
		}
	}
}

type Direction = 'into' | 'outFrom';
const directionOf = (row: PendingRow): Direction => (row.level.quantity > 0 ? 'into' : 'outFrom');

/** One changeStock to send: a change key's items, or a batch of items without a key. */
interface DeltaMutation {
	warehouse: CentraWarehouse;
	direction: Direction;
	/** Every item the mutation stands for; zero deltas of a key ride along without a size row. */
	rows: PendingRow[];
	changeKey?: string;
}

async function writeDeltas(
	this: IExecuteFunctions,
	client: CentraClient,
	rows: PendingRow[],
	results: ItemResults,
	brokenKeys: Map<string, number>,
): Promise<void> {
	const node = this.getNode();
	const keyError = (row: PendingRow, message: string, description: string) =>
		new NodeOperationError(node, message, { itemIndex: row.itemIndex, description });

	// The items of each change key, keys in order of first appearance.
	const byKey = new Map<string, PendingRow[]>();
	for (const row of rows) {
		if (!row.changeKey) continue;
		byKey.set(row.changeKey, [...(byKey.get(row.changeKey) ?? []), row]);
	}

	// A key that cannot be one stock change fails all its items, before anything is sent.
	const sendable = new Map<string, PendingRow[]>();
	for (const [key, keyRows] of byKey) {
		const failAll = (message: string, description: string) => {
			for (const row of keyRows) results.fail(row.itemIndex, keyError(row, message, description));
		};
		const broken = brokenKeys.get(key);
		const warehouses = [...new Set(keyRows.map((row) => row.warehouse.name))];
		const moving = keyRows.filter((row) => row.level.quantity !== 0);
		const directions = new Set(moving.map(directionOf));
		const sizes = sizeCount(variantsOf(moving, 'sum'));
		if (broken !== undefined) {
			failAll(
				`Not applied: item ${broken} of change key "${key}" failed, and a change key is applied whole or not at all`,
				`Fix item ${broken} (see its error), then run all items of the key again.`,
			);
		} else if (warehouses.length > 1) {
			failAll(
				`Change key "${key}" has items in several warehouses (${warehouses.map((name) => `"${name}"`).join(', ')}): a change key is one Centra stock change, in one warehouse`,
				'Give the items of each warehouse a key of their own, e.g. add the location to the key.',
			);
		} else if (directions.size > 1) {
			failAll(
				`Change key "${key}" both adds and removes stock: a change key is one Centra stock change, in one direction`,
				'Give additions and removals keys of their own, e.g. "<order reference>:sale" and "<order reference>:return".',
			);
		} else if (sizes > LIMITS.stockRowsPerMutation) {
			failAll(
				`Change key "${key}" changes ${sizes} sizes, more than the ${LIMITS.stockRowsPerMutation} one Centra stock change takes`,
				'Split the change into several keys, e.g. add a part number to the key.',
			);
		} else sendable.set(key, keyRows);
	}

	// Keys applied already (by an earlier run, however long ago) are not applied again.
	let applied = new Map<string, CentraStockChange[]>();
	if (sendable.size) {
		try {
			applied = await findAppliedChanges(client, sendable.keys());
		} catch (error) {
			// Without the check nothing keyed may be applied: it could be a replay.
			for (const keyRows of sendable.values()) {
				for (const row of keyRows) results.fail(row.itemIndex, error);
			}
			sendable.clear();
		}
	}
	for (const [key, keyRows] of sendable) {
		const previous = applied.get(key)?.[0];
		if (!previous) continue;
		for (const row of keyRows) {
			results.succeed(
				row.itemIndex,
				output(row, {
					applied: false,
					alreadyApplied: true,
					stockChangeId: previous.id,
					changeKey: key,
				}),
			);
		}
		sendable.delete(key);
	}

	// The mutations, in input order. A warehouse's unkeyed batch grows while its items keep one
	// direction and no keyed change of that warehouse comes between.
	const mutations: DeltaMutation[] = [];
	const openBatch = new Map<number, DeltaMutation>();
	for (const row of rows) {
		if (row.changeKey) {
			const keyRows = sendable.get(row.changeKey);
			if (!keyRows || keyRows[0] !== row) continue;
			const moving = keyRows.filter((entry) => entry.level.quantity !== 0);
			if (!moving.length) {
				for (const entry of keyRows) {
					results.succeed(
						entry.itemIndex,
						output(entry, { applied: false, changeKey: row.changeKey }),
					);
				}
				continue;
			}
			mutations.push({
				warehouse: row.warehouse,
				direction: directionOf(moving[0]),
				rows: keyRows,
				changeKey: row.changeKey,
			});
			openBatch.delete(row.warehouse.id);
			continue;
		}
		if (row.level.quantity === 0) {
			results.succeed(row.itemIndex, output(row, { applied: false }));
			continue;
		}
		const batch = openBatch.get(row.warehouse.id);
		if (
			batch &&
			batch.direction === directionOf(row) &&
			batch.rows.length < LIMITS.stockRowsPerMutation
		) {
			batch.rows.push(row);
			continue;
		}
		const started: DeltaMutation = {
			warehouse: row.warehouse,
			direction: directionOf(row),
			rows: [row],
		};
		mutations.push(started);
		openBatch.set(row.warehouse.id, started);
	}

	const changeStock = async (
		mutation: DeltaMutation,
		variants: Array<VariantEntry<PendingRow>>,
	): Promise<MutationOutcome> => {
		const description = mutation.changeKey
			? changeKeyMarker(mutation.changeKey)
			: 'n8n Retail Sync: stock adjustment';
		const data = await client.request<{
			changeStock: { stockChange: { id: number } | null; userErrors: CentraUserError[] };
		}>('ChangeStock', CHANGE_STOCK, {
			input: changeStockInput(mutation.warehouse.id, mutation.direction, description, variants),
		});
		return {
			applied: Boolean(data.changeStock.stockChange),
			stockChangeId: data.changeStock.stockChange?.id,
			userErrors: data.changeStock.userErrors ?? [],
		};
	};
	const succeed = (row: PendingRow, stockChangeId: number | undefined) =>
		results.succeed(
			row.itemIndex,
			output(row, { applied: true, stockChangeId, changeKey: row.changeKey }),
		);
	const notChanged = (row: PendingRow, messages: string[], description?: string) =>
		new NodeOperationError(
			node,
			`Stock of SKU ${skuLabel(row)} in "${row.warehouse.name}" was not changed by ${row.level.quantity}: ${messages.join('; ')}`,
			{
				itemIndex: row.itemIndex,
				description:
					description ??
					(row.changeKey
						? 'Fix what Centra reports, then run all items of the change key again (the key keeps a replay from counting twice).'
						: 'Fix what Centra reports, then run the item again.'),
			},
		);

	/**
	 * One change key's mutation. A lost answer is checked against Centra (the key's stock change
	 * exists → applied) before the mutation is sent again; userErrors fail the items they name and,
	 * as the key is one change, the key's other items.
	 */
	const sendKeyed = async (mutation: DeltaMutation): Promise<void> => {
		const key = mutation.changeKey!;
		const moving = mutation.rows.filter((row) => row.level.quantity !== 0);
		const variants = variantsOf(moving, 'sum');
		const failAll = (error: (row: PendingRow) => unknown) => {
			for (const row of mutation.rows) results.fail(row.itemIndex, error(row));
		};
		let outcome: MutationOutcome | undefined;
		for (let attempt = 1; !outcome; attempt++) {
			try {
				outcome = await changeStock(mutation, variants);
			} catch (error) {
				if (!answerLost(error)) {
					failAll(() => error);
					return;
				}
				let found: CentraStockChange | undefined;
				try {
					found = (await findAppliedChanges(client, [key])).get(key)?.[0];
				} catch (lookupError) {
					failAll((row) =>
						keyError(
							row,
							`Centra did not confirm the stock change of change key "${key}", and checking whether it was applied failed too`,
							`Run all items of the key again: the key keeps a replay from counting twice. ${(lookupError as Error).message}`,
						),
					);
					return;
				}
				if (found) {
					for (const row of mutation.rows) succeed(row, found.id);
					return;
				}
				if (attempt >= KEYED_ATTEMPTS) {
					failAll((row) =>
						keyError(
							row,
							`Centra did not confirm the stock change of change key "${key}" in ${KEYED_ATTEMPTS} attempts, and it was not applied`,
							`Run all items of the key again later: the key keeps a replay from counting twice. ${(error as Error).message}`,
						),
					);
					return;
				}
			}
		}
		if (outcome.applied && !outcome.userErrors.length) {
			for (const row of mutation.rows) succeed(row, outcome.stockChangeId);
			return;
		}
		const hit = outcome.userErrors.length
			? rowsHitBy(outcome.userErrors, moving, (path) => rowsAtPath(variants, path))
			: new Map(moving.map((row) => [row, ['Centra made no stock change and gave no reason']]));
		const failed = [...hit.keys()].map((row) => row.itemIndex);
		for (const row of mutation.rows) {
			const messages = hit.get(row);
			if (outcome.applied) {
				// Centra applied the change without these rows: the key is taken, so a replay of
				// them under it would change nothing.
				if (messages) {
					results.fail(
						row.itemIndex,
						notChanged(
							row,
							messages,
							`The other items of change key "${key}" were applied (stock change ${outcome.stockChangeId}), so running this item again with the same key changes nothing: fix what Centra reports and apply it with another change key.`,
						),
					);
				} else succeed(row, outcome.stockChangeId);
			} else if (messages) results.fail(row.itemIndex, notChanged(row, messages));
			else {
				results.fail(
					row.itemIndex,
					notChanged(row, [
						`not applied because item ${failed.join(', ')} of change key "${key}" failed, and a change key is applied whole or not at all`,
					]),
				);
			}
		}
	};

	for (const mutation of mutations) {
		if (mutation.changeKey) {
			await sendKeyed(mutation);
			continue;
		}
		await sendBatch(mutation.rows, results, {
			send: async (variants) => await changeStock(mutation, variants),
			group: (batchRows) => variantsOf(batchRows, 'sum'),
			succeed: (row, outcome) => succeed(row, outcome.stockChangeId),
			describe: (row, messages) => notChanged(row, messages),
			lost: (row, error) =>
				new NodeOperationError(node, UNCONFIRMED_DELTA, {
					itemIndex: row.itemIndex,
					description: `SKU ${skuLabel(row)}, change ${row.level.quantity} in "${row.warehouse.name}". ${(error as Error).message}`,
				}),
		});
	}
}
