/**
 * Product → Get Many: published product projections (current), paged by id (`sort=id asc`,
 * `where=id > "…"`, `withTotal=false`, 500 a page), so any catalogue size is read without an offset
 * past 10,000. Simplified, each variant becomes one catalogue item in the shape Cloudshelf Product →
 * Create or Update reads. A variant without SKU, a SKU held by two variants, or a variant without a
 * price in the chosen currency/country/channel is reported on the error output, naming product and
 * variant, and never emitted (so nothing reaches a kiosk under an internal id). Off, each product
 * projection is returned as commercetools sends it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { chunk } from '../../../shared/transport';
import {
	productLabel,
	toCatalogueItems,
	type CatalogueItem,
	type CatalogueOptions,
	type VariantProblem,
} from '../../model';
import {
	ChannelDirectory,
	productProjections,
	type PagedResponse,
	type ProductProjection,
} from '../../requests';
import { LIMITS, type CommercetoolsClient } from '../../transport';
import { localeProperty, readList, simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['getMany'] } },
	[
		{
			displayName: 'Selection',
			name: 'selection',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'All Published Products', value: 'all' },
				{ name: 'By SKU', value: 'bySku', description: 'Only the variants with these SKUs' },
			],
		},
		{
			displayName: 'SKUs',
			name: 'skus',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'TSHIRT-RED-M, TSHIRT-RED-L',
			description: 'SKUs separated by commas or new lines',
			displayOptions: { show: { selection: ['bySku'] } },
		},
		{
			displayName: 'Price Currency',
			name: 'priceCurrency',
			type: 'string',
			default: 'EUR',
			description: 'ISO 4217 code of the price to output, e.g. EUR or GBP',
		},
		{
			displayName: 'Price Country',
			name: 'priceCountry',
			type: 'string',
			default: '',
			placeholder: 'DE',
			description:
				'ISO 3166-1 country code: prices for this country win over prices for every country. Empty: only prices without a country.',
		},
		{
			displayName: 'Price Channel Key',
			name: 'priceChannel',
			type: 'string',
			default: '',
			placeholder: 'retail-prices',
			description:
				'Key of a Product Distribution channel: its prices win over prices without a channel. Empty: only prices without a channel.',
		},
		localeProperty,
		...returnAllProperties.map((property) => ({
			...property,
			displayOptions: { show: { ...property.displayOptions?.show, selection: ['all'] } },
		})),
		simplifyProperty,
	],
);

interface Emitted {
	item: CatalogueItem;
	product: ProductProjection;
	variantId: number;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	let directory: ChannelDirectory | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const selection = this.getNodeParameter('selection', itemIndex, 'all') as string;
			const skus =
				selection === 'bySku' ? readList(this.getNodeParameter('skus', itemIndex, '')) : [];
			if (selection === 'bySku' && !skus.length) {
				throw new NodeOperationError(node, 'No SKUs given', {
					itemIndex,
					description: 'Enter the SKUs to read, or choose All Published Products.',
				});
			}
			const limit =
				selection === 'all' && !this.getNodeParameter('returnAll', itemIndex, false)
					? (this.getNodeParameter('limit', itemIndex, 50) as number)
					: Infinity;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const channelKey = String(this.getNodeParameter('priceChannel', itemIndex, '') ?? '').trim();
			let channelId: string | undefined;
			if (channelKey) {
				directory ??= await ChannelDirectory.load(client, itemIndex);
				channelId = directory.byKeyOrIdOf(channelKey)?.id;
				if (!channelId) {
					throw directory.unknownKey(
						node,
						channelKey,
						itemIndex,
						'Set Price Channel Key to the key of a Product Distribution channel, or leave it empty',
						'ProductDistribution',
					);
				}
			}
			const options: CatalogueOptions = {
				currency: String(this.getNodeParameter('priceCurrency', itemIndex, 'EUR'))
					.trim()
					.toUpperCase(),
				country:
					String(this.getNodeParameter('priceCountry', itemIndex, '') ?? '').trim() || undefined,
				channelId,
				locale: String(this.getNodeParameter('locale', itemIndex, 'en') || 'en'),
				now: new Date().toISOString(),
			};
			if (!simplify) {
				const products = await readProducts(client, skus, limit, itemIndex);
				results.succeed(
					itemIndex,
					products.map((product) => product as unknown as IDataObject),
				);
				continue;
			}
			catalogue(
				this,
				results,
				itemIndex,
				await readProducts(client, skus, Infinity, itemIndex, limit),
				skus,
				options,
				limit,
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}

/**
 * Product projections, id-cursor paged; by SKU in batches (deduplicated). With `wantedItems`, paging
 * stops once the products read hold that many variants (a limit on catalogue items).
 */
async function readProducts(
	client: CommercetoolsClient,
	skus: string[],
	limit: number,
	itemIndex: number,
	wantedItems = Infinity,
): Promise<ProductProjection[]> {
	const seen = new Map<string, ProductProjection>();
	let variants = 0;
	const batches = skus.length ? chunk(skus, LIMITS.valuesPerPredicate) : [undefined];
	for (const batch of batches) {
		let afterId: string | undefined;
		for (;;) {
			const pageSize = Math.min(
				LIMITS.pageSize,
				Number.isFinite(limit) ? Math.max(1, limit - seen.size) : LIMITS.pageSize,
			);
			const page = await client.request<PagedResponse<ProductProjection>>(
				productProjections.query(batch, { afterId, limit: pageSize }),
				itemIndex,
			);
			const found = page.results ?? [];
			for (const product of found) {
				if (seen.has(product.id)) continue;
				seen.set(product.id, product);
				variants += 1 + (product.variants?.length ?? 0);
			}
			if (found.length) afterId = found[found.length - 1].id;
			if (found.length < pageSize || seen.size >= limit || variants >= wantedItems) break;
		}
		if (seen.size >= limit) break;
	}
	return [...seen.values()];
}

/** Catalogue items of the products, checked across all of them; problems to the error output. */
function catalogue(
	context: IExecuteFunctions,
	results: ItemResults,
	itemIndex: number,
	products: ProductProjection[],
	skus: string[],
	options: CatalogueOptions,
	limit: number,
) {
	const node = context.getNode();
	const wanted = skus.length ? new Set(skus) : undefined;
	const emitted: Emitted[] = [];
	const problems: VariantProblem[] = [];
	for (const product of products) {
		const converted = toCatalogueItems(product, options);
		for (const { item, variantId } of converted.items) {
			if (wanted && !wanted.has(item.sku)) continue;
			emitted.push({ item, product, variantId });
		}
		// By SKU, a variant without SKU or price is reported only when its SKU was asked for.
		problems.push(
			...converted.problems.filter(
				(problem) => !wanted || (problem.sku !== undefined && wanted.has(problem.sku)),
			),
		);
	}
	const holders = new Map<string, Emitted[]>();
	for (const entry of emitted)
		holders.set(entry.item.sku, [...(holders.get(entry.item.sku) ?? []), entry]);
	const output: CatalogueItem[] = [];
	for (const entry of emitted) {
		const same = holders.get(entry.item.sku)!;
		if (same.length > 1) continue;
		output.push(entry.item);
	}
	for (const [sku, same] of holders) {
		if (same.length < 2) continue;
		const where = same
			.map((entry) => `${productLabel(entry.product)} variant ${entry.variantId}`)
			.join(', ');
		results.failOne(
			itemIndex,
			new NodeOperationError(node, `SKU ${sku} is on ${same.length} variants: ${where}`, {
				itemIndex,
				description:
					'A SKU must name one variant. Give each variant its own SKU in commercetools, then run again; none of them is pushed until then.',
			}),
		);
	}
	results.succeed(itemIndex, output.slice(0, limit) as unknown as IDataObject[]);
	for (const problem of problems) {
		results.failOne(
			itemIndex,
			new NodeOperationError(node, problem.message, { itemIndex, description: problem.hint }),
		);
	}
	if (wanted) {
		const found = new Set([
			...emitted.map((entry) => entry.item.sku),
			...problems.map((problem) => problem.sku),
		]);
		for (const sku of wanted) {
			if (found.has(sku)) continue;
			results.failOne(
				itemIndex,
				new NodeOperationError(node, `SKU ${sku} is on no published product`, {
					itemIndex,
					description: 'Check the SKU, and that its product is published in commercetools.',
				}),
			);
		}
	}
}
