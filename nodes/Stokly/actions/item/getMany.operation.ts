/**
 * Item → Get Many: Stokly items, all (archived ones, status 1, and their variants left out) or by SKU (200 SKUs per
 * `||` filter). Simplified, each sellable item becomes one catalogue item in the shape Cloudshelf
 * Product → Create or Update reads (the shape commercetools Product → Get Many emits): variants of a
 * variable parent (`variantItems`) share the parent's SKU as product key and its name, simple items
 * are products of their own, prices are Stokly's net sale price plus the VAT to add. A variant
 * without SKU or price, or a SKU on two items, goes to the error output naming the item and is
 * never emitted. Off, items are returned as Stokly sends them.
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
import { VARIABLE_PARENT, isArchived, toCatalogueItems } from '../../model';
import {
	PATHS,
	itemsById,
	itemsBySku,
	parentsOf,
	unsafeValue,
	type StoklyItem,
} from '../../requests';
import type { StoklyClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { readSkus, skuSelectionProperties, unknownSkuError, unsafeSkuError } from '../skus';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['item'], operation: ['getMany'] } },
	[
		...skuSelectionProperties(
			'Only the items with these SKUs (a variable parent’s SKU: its variants)',
		),
		{
			displayName: 'VAT to Add (%)',
			name: 'vatPercent',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 20,
			description:
				'Stokly holds sale prices net of VAT; kiosks show gross prices. The rate added to every price, e.g. 20 for UK standard rate; 0 outputs the net prices.',
		},
		...returnAllProperties.map((property) => ({
			...property,
			displayOptions: { show: { ...property.displayOptions?.show, selection: ['all'] } },
		})),
		simplifyProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	// Every item asking for All reads the same listing: read it once.
	let everything: Promise<StoklyItem[]> | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const selection = this.getNodeParameter('selection', itemIndex, 'all') as string;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const vatPercent = Number(this.getNodeParameter('vatPercent', itemIndex, 20));
			if (!Number.isFinite(vatPercent) || vatPercent < 0) {
				throw new NodeOperationError(node, `VAT to Add must be 0 or more (got ${vatPercent})`, {
					itemIndex,
					description: 'Set VAT to Add (%) to the rate in percent, e.g. 20.',
				});
			}
			if (selection === 'bySku') {
				await bySku(this, results, client, itemIndex, simplify, vatPercent);
				continue;
			}
			const limit = this.getNodeParameter('returnAll', itemIndex, false)
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			// Archived items are read too (and left out below): a variant of an archived parent is
			// told from a simple item only by its parent's variantItems.
			everything ??= client.list<StoklyItem>(itemIndex, PATHS.items, {
				sortField: 'timeCreated',
				sortDirection: 'ASC',
			});
			const listed = await everything;
			if (!simplify) {
				const active = listed.filter((item) => !isArchived(item));
				results.succeed(itemIndex, active.slice(0, limit) as unknown as IDataObject[]);
				continue;
			}
			const catalogue = toCatalogueItems(listed, [], { vatPercent });
			results.succeed(itemIndex, catalogue.items.slice(0, limit) as unknown as IDataObject[]);
			for (const problem of catalogue.problems) {
				results.failOne(
					itemIndex,
					new NodeOperationError(node, problem.message, { itemIndex, description: problem.hint }),
				);
			}
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}

/** The items of the SKUs asked for (a parent's SKU: its variants), with their parents. */
async function bySku(
	context: IExecuteFunctions,
	results: ItemResults,
	client: StoklyClient,
	itemIndex: number,
	simplify: boolean,
	vatPercent: number,
): Promise<void> {
	const node = context.getNode();
	const asked = readSkus(context, itemIndex);
	// Archived items asked for are left out, as in All Items (toCatalogueItems skips them).
	const unsafe = asked.filter(unsafeValue);
	const skus = asked.filter((sku) => !unsafeValue(sku));
	const found = skus.length ? await itemsBySku(client, skus, itemIndex) : [];
	const wanted = new Set(skus);
	const matching = found.filter((item) => wanted.has(String(item.sku ?? '').trim()));
	// A parent asked for stands for its variants.
	const askedParents = matching.filter((item) => item.format === VARIABLE_PARENT);
	const variantIds = askedParents.flatMap((parent) => parent.variantItems ?? []);
	const variants = variantIds.length ? await itemsById(client, variantIds, itemIndex) : [];
	const simple = matching.filter((item) => item.format !== VARIABLE_PARENT);
	const parents = simple.length
		? await parentsOf(
				client,
				simple.map((item) => item.itemId),
				itemIndex,
			)
		: [];
	const wantedItems = [...simple, ...variants];
	if (!simplify) {
		results.succeed(itemIndex, [...matching, ...variants] as unknown as IDataObject[]);
	} else {
		const catalogue = toCatalogueItems(wantedItems, [...askedParents, ...parents], {
			vatPercent,
		});
		results.succeed(itemIndex, catalogue.items as unknown as IDataObject[]);
		for (const problem of catalogue.problems) {
			results.failOne(
				itemIndex,
				new NodeOperationError(node, problem.message, { itemIndex, description: problem.hint }),
			);
		}
	}
	const seen = new Set(found.map((item) => String(item.sku ?? '').trim()));
	for (const sku of skus) {
		if (seen.has(sku)) continue;
		results.failOne(itemIndex, unknownSkuError(node, sku, itemIndex));
	}
	for (const sku of unsafe) results.failOne(itemIndex, unsafeSkuError(node, sku, itemIndex));
}
