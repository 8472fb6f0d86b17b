import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { normaliseKey } from '../../../shared/mapping';
import {
	emptyStockLevel,
	toStockLevel,
	type CentraProductSize,
	type CentraStock,
	type CentraWarehouse,
} from '../../model';
import {
	WarehouseDirectory,
	lookupProductSizes,
	readWarehouseStock,
	type StockFields,
} from '../../queries';
import type { CentraClient } from '../../transport';
import { simplifyProperty, warehousesProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Stock Items',
		name: 'scope',
		type: 'options',
		default: 'all',
		options: [
			{
				name: 'All',
				value: 'all',
				description:
					'Every size with stock in the chosen warehouses (or, when none are chosen, in every ACTIVE warehouse), read page by page',
			},
			{ name: 'By SKU', value: 'skus', description: 'Only the SKUs listed below' },
		],
	},
	{
		displayName: 'SKUs',
		name: 'skus',
		type: 'string',
		default: '={{ $json.sku }}',
		required: true,
		displayOptions: { show: { scope: ['skus'] } },
		description: 'SKUs to read, separated by commas or new lines, or a list from an expression',
	},
	{
		...warehousesProperty,
		description:
			'Only return levels in these warehouses; leave empty for every ACTIVE warehouse (inactive ones are read only when chosen here). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		...simplifyProperty,
		description:
			"Whether to return canonical stock levels ({ sku, location: warehouse name, quantity: free to allocate }) instead of Centra's Stock rows with all their quantities",
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['getLevels'] } },
	properties,
);

function parseSkus(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(/[\n,]/);
	return list.map((sku) => String(sku).trim()).filter(Boolean);
}

const rawRow = (stock: CentraStock, warehouse: CentraWarehouse): IDataObject => ({
	...(stock as unknown as IDataObject),
	warehouse: { id: warehouse.id, name: warehouse.name },
});

/**
 * Stock per warehouse: every size with a Stock row (All), or the sizes of the SKUs asked for (By
 * SKU, resolved in batches; a size without a row in a warehouse has 0 there). Each warehouse is
 * read once per execution however many items ask for it.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CentraClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const directory = await WarehouseDirectory.load(client);

	/**
	 * The warehouses an item reads: the chosen ones, or every ACTIVE one when none are chosen (an
	 * inactive warehouse holds no stock that sells); an unknown one fails the item.
	 */
	const warehousesOf = (itemIndex: number): CentraWarehouse[] => {
		const chosen = this.getNodeParameter('warehouses', itemIndex, []) as Array<string | number>;
		if (!chosen.length) {
			return directory.warehouses.filter(
				(warehouse) => (warehouse.status ?? 'ACTIVE') === 'ACTIVE',
			);
		}
		return chosen.map((reference) => {
			const warehouse = directory.find(reference);
			if (!warehouse) {
				throw new NodeOperationError(this.getNode(), `Centra has no warehouse "${reference}"`, {
					itemIndex,
					description: `Choose one of: ${directory.names()}.`,
				});
			}
			return warehouse;
		});
	};

	// All: each warehouse's rows, read once per execution (lean with Simplify, full without).
	const listings = new Map<string, Promise<CentraStock[]>>();
	const listing = (warehouse: CentraWarehouse, fields: StockFields) => {
		const key = `${warehouse.id}:${fields}`;
		let rows = listings.get(key);
		if (!rows) {
			rows = readWarehouseStock(client, warehouse, { fields });
			listings.set(key, rows);
		}
		return rows;
	};

	const bySku: Array<{ itemIndex: number; skus: string[]; warehouses: CentraWarehouse[] }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const warehouses = warehousesOf(itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			if (this.getNodeParameter('scope', itemIndex) === 'skus') {
				const skus = parseSkus(this.getNodeParameter('skus', itemIndex));
				if (!skus.length) {
					throw new NodeOperationError(this.getNode(), 'No SKU to read', {
						itemIndex,
						description:
							'The SKUs field is empty for this item; map it to the SKU field of the input.',
					});
				}
				bySku.push({ itemIndex, skus, warehouses });
				continue;
			}
			const rows: IDataObject[] = [];
			for (const warehouse of warehouses) {
				const stock = await listing(warehouse, simplify ? 'lean' : 'full');
				rows.push(
					...stock.map((row) =>
						simplify ? { ...toStockLevel(row, warehouse) } : rawRow(row, warehouse),
					),
				);
			}
			results.succeed(itemIndex, rows);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	if (!bySku.length) return results.toArray();

	// By SKU: every SKU of every item resolved together, then each warehouse read once for them. A
	// lookup call that fails fails the items of its SKUs only.
	const lookupFailures = new Map<string, unknown>();
	const sizes = await lookupProductSizes(
		client,
		bySku.flatMap((entry) => entry.skus),
		(skus, error) => {
			for (const sku of skus) lookupFailures.set(normaliseKey(sku), error);
		},
	);
	const wanted = new Map<number, { warehouse: CentraWarehouse; sizeIds: Set<number> }>();
	const known: typeof bySku = [];
	for (const entry of bySku) {
		const unresolved = entry.skus.find((sku) => lookupFailures.has(normaliseKey(sku)));
		if (unresolved !== undefined) {
			results.fail(entry.itemIndex, lookupFailures.get(normaliseKey(unresolved)));
			continue;
		}
		const missing = entry.skus.filter((sku) => !sizes.has(normaliseKey(sku)));
		if (missing.length) {
			results.fail(
				entry.itemIndex,
				new NodeOperationError(
					this.getNode(),
					`SKU ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no Centra product size`,
					{
						itemIndex: entry.itemIndex,
						description: 'Check the SKU spelling, or add the size with this SKU in Centra.',
					},
				),
			);
			continue;
		}
		known.push(entry);
		for (const warehouse of entry.warehouses) {
			const slot = wanted.get(warehouse.id) ?? { warehouse, sizeIds: new Set<number>() };
			for (const sku of entry.skus) slot.sizeIds.add(sizes.get(normaliseKey(sku))!.id);
			wanted.set(warehouse.id, slot);
		}
	}
	const stockBy = new Map<string, CentraStock>();
	const full = known.some(
		(entry) => !(this.getNodeParameter('simplify', entry.itemIndex, true) as boolean),
	);
	try {
		for (const { warehouse, sizeIds } of wanted.values()) {
			const rows = await readWarehouseStock(client, warehouse, {
				fields: full ? 'full' : 'lean',
				productSizeIds: [...sizeIds],
			});
			for (const row of rows) stockBy.set(`${warehouse.id}:${row.productSize.id}`, row);
		}
	} catch (error) {
		for (const entry of known) results.fail(entry.itemIndex, error);
		return results.toArray();
	}
	for (const entry of known) {
		const simplify = this.getNodeParameter('simplify', entry.itemIndex, true) as boolean;
		const rows: IDataObject[] = [];
		for (const sku of entry.skus) {
			const size: CentraProductSize = sizes.get(normaliseKey(sku))!;
			for (const warehouse of entry.warehouses) {
				const stock = stockBy.get(`${warehouse.id}:${size.id}`);
				if (simplify) {
					rows.push({
						...(stock ? toStockLevel(stock, warehouse) : emptyStockLevel(size.SKU, warehouse)),
					});
				} else if (stock) rows.push(rawRow(stock, warehouse));
			}
		}
		results.succeed(entry.itemIndex, rows);
	}
	return results.toArray();
}
