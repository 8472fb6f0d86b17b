import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { keyOf } from '../../model';
import { PRODUCTS_PAGE_SIZE, PRODUCTS_QUERY, readConnection } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['getMany'] } },
	[...returnAllProperties, simplifyProperty],
);

interface CloudshelfProduct {
	id: string;
	platformProvidedId: string | null;
	displayName: string;
	productVariants: Array<{
		id: string;
		platformProvidedId: string | null;
		sku: string | null;
		barcode: string | null;
		displayName: string | null;
		currentPrice: number;
		originalPrice: number;
		isInStock: boolean;
		attributes: Array<{ key: string; value: string }>;
	}>;
}

/** Simplified: one item per variant, keyed by SKU, as stock and order flows need them. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const products = await readConnection<CloudshelfProduct>(
				client,
				'Products',
				PRODUCTS_QUERY,
				'products',
				PRODUCTS_PAGE_SIZE,
				{
					limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number),
				},
			);
			if (!this.getNodeParameter('simplify', itemIndex)) {
				results.succeed(itemIndex, products as unknown as IDataObject[]);
				continue;
			}
			results.succeed(
				itemIndex,
				products.flatMap((product) =>
					product.productVariants.map((variant) => ({
						sku: variant.sku ?? keyOf('variant', variant.platformProvidedId) ?? null,
						variantId: variant.platformProvidedId ?? variant.id,
						productId: product.platformProvidedId ?? product.id,
						productKey: keyOf('product', product.platformProvidedId) ?? null,
						productName: product.displayName,
						variantName: variant.displayName,
						price: variant.currentPrice,
						originalPrice: variant.originalPrice,
						barcode: variant.barcode,
						isInStock: variant.isInStock,
						attributes: Object.fromEntries(
							variant.attributes.map((attribute) => [attribute.key, attribute.value]),
						),
					})),
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
