import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { tableRows } from '../../../shared/mapping';
import { externalId } from '../../model';
import { UPSERT_PRODUCTS, UPSERT_VARIANTS } from '../../queries';
import { LIMITS, type CloudshelfClient } from '../../transport';
import { upsertInBatches, type UpsertRow } from '../upsert';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['upsert'] } },
	[
		{
			displayName: 'SKU',
			name: 'sku',
			type: 'string',
			default: '={{ $json.sku }}',
			required: true,
			description:
				'The variant is stored under external ID gid://external/RetailSyncVariant/&lt;SKU&gt;, so stock pushes and order lines map back to the SKU',
		},
		{
			displayName: 'Product Key',
			name: 'productKey',
			type: 'string',
			default: '={{ $json.productKey || $json.sku }}',
			required: true,
			description: 'Variants with the same key are one product, e.g. a style code or parent SKU',
		},
		{
			displayName: 'Product Name',
			name: 'productName',
			type: 'string',
			default: '={{ $json.productName || $json.name }}',
			required: true,
		},
		{
			displayName: 'Variant Name',
			name: 'variantName',
			type: 'string',
			default: '={{ $json.variantName || $json.name }}',
			description: 'For example Blue / M',
		},
		{
			displayName: 'Price',
			name: 'price',
			type: 'string',
			default: '={{ $json.price }}',
			required: true,
			description: "Current price in the organisation's currency, e.g. 19.99",
		},
		{
			displayName: 'Attributes',
			name: 'attributes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Attribute',
			default: {},
			description: 'Variant attributes shown on kiosks, e.g. Colour and Size',
			options: [
				{
					name: 'attribute',
					displayName: 'Attribute',
					values: [
						{ displayName: 'Name', name: 'key', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{ displayName: 'Barcode', name: 'barcode', type: 'string', default: '' },
				{ displayName: 'Image URL', name: 'imageUrl', type: 'string', default: '' },
				{
					displayName: 'Original Price',
					name: 'originalPrice',
					type: 'number',
					typeOptions: { numberPrecision: 2, minValue: 0 },
					default: 0,
					description: 'Price before a discount, shown struck through',
				},
				{ displayName: 'Vendor', name: 'vendor', type: 'string', default: '' },
			],
		},
	],
);

function priceProblems(raw: unknown): string[] {
	if (raw === undefined || raw === null || String(raw).trim() === '') return ['Price is empty'];
	const price = Number(raw);
	return Number.isFinite(price) && price >= 0
		? []
		: [`Price must be a number of 0 or more (got ${JSON.stringify(raw)})`];
}

interface VariantRow extends UpsertRow {
	productId: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const variants: VariantRow[] = [];
	const products = new Map<string, { input: IDataObject; items: number[] }>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const sku = String(this.getNodeParameter('sku', itemIndex, '') ?? '').trim();
		const productKey =
			String(this.getNodeParameter('productKey', itemIndex, '') ?? '').trim() || sku;
		const productName = String(this.getNodeParameter('productName', itemIndex, '') ?? '').trim();
		const price = Number(this.getNodeParameter('price', itemIndex, ''));
		const problems = [
			...(sku ? [] : ['SKU is empty']),
			...(productName ? [] : ['Product Name is empty']),
			...priceProblems(this.getNodeParameter('price', itemIndex, '')),
		];
		if (problems.length) {
			results.fail(
				itemIndex,
				new NodeOperationError(node, `Item ${itemIndex}: ${problems.join('; ')}`, {
					itemIndex,
					description: 'Map SKU, Product Name and Price to fields of the input item.',
				}),
			);
			continue;
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const productId = externalId('product', productKey);
		const product = products.get(productId) ?? {
			input: {
				id: productId,
				displayName: productName,
				...(options.vendor ? { vendor: options.vendor } : {}),
			},
			items: [],
		};
		product.items.push(itemIndex);
		products.set(productId, product);
		const variantId = externalId('variant', sku);
		const attributes = tableRows<{ key: string; value: string }>(
			this.getNodeParameter('attributes', itemIndex, {}),
			'attribute',
		)
			.filter((attribute) => attribute.key?.trim())
			.map((attribute) => ({ key: attribute.key.trim(), value: String(attribute.value ?? '') }));
		variants.push({
			itemIndex,
			productId,
			ids: [variantId, productId],
			input: {
				productId,
				id: variantId,
				sku,
				displayName:
					String(this.getNodeParameter('variantName', itemIndex, '') ?? '').trim() || sku,
				currentPrice: price,
				originalPrice: Number(options.originalPrice) > 0 ? Number(options.originalPrice) : price,
				attributes,
				...(options.barcode ? { barcode: options.barcode } : {}),
				...(options.imageUrl
					? { metaimages: [{ url: options.imageUrl, preferredImage: true }] }
					: {}),
			},
		});
	}

	// Products first (a variant needs its product), one row per distinct product.
	const productRows: UpsertRow[] = [...products.entries()].map(([id, product]) => ({
		itemIndex: product.items[0],
		ids: [id],
		input: product.input,
	}));
	const productResults = new ItemResults(this);
	const savedProducts = new Set(
		(
			await upsertInBatches.call(
				this,
				client,
				productRows,
				{
					operation: 'UpsertProducts',
					query: UPSERT_PRODUCTS,
					field: 'upsertProducts',
					variables: (input) => ({ input }),
					batchSize: LIMITS.upsertRowsPerCall,
					hint: 'Check the product name.',
				},
				productResults,
			)
		).map((row) => row.input.id as string),
	);
	const productErrors = new Map(
		productResults
			.toArray()
			.map((item) => [(item.pairedItem as { item: number }).item, String(item.json.error)]),
	);
	const pending = variants.filter((variant) => {
		if (savedProducts.has(variant.productId)) return true;
		const reason =
			productErrors.get(products.get(variant.productId)!.items[0]) ??
			'Cloudshelf did not save the product';
		results.fail(
			variant.itemIndex,
			new NodeOperationError(node, `SKU ${variant.input.sku} was not sent: ${reason}`, {
				itemIndex: variant.itemIndex,
				description: 'Check the product fields (Product Key, Product Name) of this item.',
			}),
		);
		return false;
	});

	const saved = await upsertInBatches.call(
		this,
		client,
		pending,
		{
			operation: 'UpsertProductVariants',
			query: UPSERT_VARIANTS,
			field: 'upsertProductVariants',
			variables: (inputs) => {
				const byProduct = new Map<string, IDataObject[]>();
				for (const input of inputs) {
					const { productId, ...variant } = input as IDataObject & { productId: string };
					byProduct.set(productId, [...(byProduct.get(productId) ?? []), variant]);
				}
				return {
					inputs: [...byProduct.entries()].map(([productId, list]) => ({
						productId,
						variants: list,
					})),
				};
			},
			batchSize: LIMITS.upsertRowsPerCall,
			hint: 'Check the variant fields (SKU, price).',
		},
		results,
	);
	for (const row of saved) {
		results.succeed(row.itemIndex, {
			sku: row.input.sku as string,
			variantId: row.input.id as string,
			productId: (row as VariantRow).productId,
		});
	}
	return results.toArray();
}
