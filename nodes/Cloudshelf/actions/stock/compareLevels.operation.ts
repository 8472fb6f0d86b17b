import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults, invalidItemError } from '../../../shared/items';
import { normaliseKey, skuMappingTable } from '../../../shared/mapping';
import { parseStockLevel } from '../../../shared/model';
import { keyOf } from '../../model';
import { STOCK_PAGE_SIZE, STOCK_QUERY, readConnection } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { stockBufferProperty } from '../common.descriptions';
import { LocationMapping, locationMappingTable } from '../locationMapping';

const skuMapping = skuMappingTable('Cloudshelf');

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['compareLevels'] } },
	[
		{
			displayName:
				'Cloudshelf shows only whether a variant is in stock at a location, not how many. This operation compares that with the incoming quantities and reports the differences.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		...locationMappingTable.properties(),
		stockBufferProperty,
		{
			displayName: 'Threshold',
			name: 'threshold',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3,
			description:
				'Report a location shown out of stock only when at least this many units are available there',
		},
		...skuMapping.properties().map((property) =>
			property.name === 'skuMapping'
				? {
						...property,
						description:
							"Translate the incoming levels' SKUs (the order system's) into Cloudshelf SKUs before comparing, when the two differ. Findings name both SKUs where they differ.",
					}
				: property,
		),
	],
);

interface VariantStock {
	platformProvidedId: string | null;
	sku: string | null;
	stockLevels: Array<{
		isInStock: boolean;
		location: { id: string; platformProvidedId: string | null };
	}>;
}

/**
 * Reconciliation: one output item per finding.
 * - missing_in_cloudshelf: an incoming SKU has no Cloudshelf variant
 * - missing_in_source: a Cloudshelf variant (created by this package) has no incoming level
 * - shown_in_stock_but_unavailable: Cloudshelf offers it, nothing is available (oversell risk)
 * - available_but_shown_out_of_stock: at least Threshold units available, Cloudshelf shows none
 * Incoming SKUs are translated through the SKU Mapping table first; `sku` is the Cloudshelf SKU
 * and, where it differs, `incomingSku` the order system's (as Centra's Stock → Adjust names them).
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const mapping = new LocationMapping(this, 0);
	const buffer = this.getNodeParameter('stockBuffer', 0, 0) as number;
	const threshold = this.getNodeParameter('threshold', 0, 3) as number;
	// Tables are read once: per-item expressions in mapping tables are not supported.
	const skus = skuMapping.read(this, 0);
	/** Both SKUs, for findings: `incomingSku` only where it differs from Cloudshelf's. */
	const skuFields = (sku: string, incomingSku: string | undefined): IDataObject =>
		incomingSku !== undefined && normaliseKey(incomingSku) !== normaliseKey(sku)
			? { sku, incomingSku }
			: { sku };
	const named = (sku: string, incomingSku: string | undefined) =>
		incomingSku !== undefined && normaliseKey(incomingSku) !== normaliseKey(sku)
			? `${sku} (incoming SKU ${incomingSku})`
			: sku;

	let products: Array<{ productVariants: VariantStock[] }>;
	try {
		products = await readConnection<{ productVariants: VariantStock[] }>(
			client,
			'ProductStock',
			STOCK_QUERY,
			'products',
			STOCK_PAGE_SIZE,
		);
	} catch (error) {
		// Nothing can be compared without Cloudshelf's stock. One error item (paired with the first
		// input) stands for the whole comparison: a report gets one "check failed" finding, not one per
		// stock level.
		if (items.length) results.fail(0, error);
		return results.toArray();
	}
	const shown = new Map<string, { sku: string; levels: Map<string, boolean> }>();
	for (const variant of products.flatMap((product) => product.productVariants)) {
		const sku = variant.sku ?? keyOf('variant', variant.platformProvidedId);
		if (!sku) continue;
		const levels = new Map(
			variant.stockLevels.map((level) => [
				level.location.platformProvidedId ?? level.location.id,
				level.isInStock,
			]),
		);
		shown.set(normaliseKey(sku), { sku, levels });
	}

	const seen = new Set<string>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let level;
		try {
			level = parseStockLevel(items[itemIndex].json);
		} catch (error) {
			results.fail(
				itemIndex,
				invalidItemError(this, error, itemIndex, 'Each item needs sku, quantity and location.'),
			);
			continue;
		}
		const sku = skus.translate(level.sku, 'targetSku');
		if (sku === undefined) {
			results.fail(itemIndex, skus.unmappedError(this.getNode(), itemIndex, [level.sku]));
			continue;
		}
		const key = normaliseKey(sku);
		const variant = shown.get(key);
		if (!variant) {
			if (!seen.has(key))
				results.succeed(itemIndex, {
					finding: 'missing_in_cloudshelf',
					...skuFields(sku, level.sku),
					detail: `SKU ${named(sku, level.sku)} has no Cloudshelf variant`,
				});
			seen.add(key);
			continue;
		}
		seen.add(key);
		const locationId = mapping.resolve(level.location);
		if (!locationId) continue; // Locations that supply no kiosk are not compared.
		const inStock = variant.levels.get(locationId) ?? false;
		const available = Math.max(0, level.quantity - buffer);
		const finding: IDataObject | undefined =
			inStock && available <= 0
				? {
						finding: 'shown_in_stock_but_unavailable',
						detail: `Cloudshelf shows ${named(sku, level.sku)} in stock at ${level.location}, but none is available`,
					}
				: !inStock && available >= threshold
					? {
							finding: 'available_but_shown_out_of_stock',
							detail: `${available} of ${named(sku, level.sku)} available at ${level.location}, but Cloudshelf shows it out of stock`,
						}
					: undefined;
		if (finding)
			results.succeed(itemIndex, {
				...finding,
				...skuFields(sku, level.sku),
				location: level.location ?? null,
				quantity: available,
				cloudshelfInStock: inStock,
			});
	}
	// The incoming SKU a Cloudshelf SKU is mapped from (first row wins), to name it when missing.
	const incomingOf = new Map<string, string>();
	for (const row of skus.rows) {
		const target = normaliseKey(row.targetSku);
		if (!incomingOf.has(target)) incomingOf.set(target, String(row.sourceSku).trim());
	}
	for (const [key, { sku }] of shown) {
		if (!seen.has(key) && items.length) {
			const incomingSku = incomingOf.get(key);
			results.succeed(0, {
				finding: 'missing_in_source',
				...skuFields(sku, incomingSku),
				detail: `Cloudshelf offers SKU ${named(sku, incomingSku)}, which has no incoming stock level`,
			});
		}
	}
	return results.toArray();
}
