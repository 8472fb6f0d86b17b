import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults, invalidItemError } from '../../../shared/items';
import { normaliseKey, skuMappingTable } from '../../../shared/mapping';
import { parseFulfilment, type Fulfilment } from '../../../shared/model';
import type { CloudshelfOrder, KeyValue } from '../../model';
import { ORDER_QUERY, SkuResolver } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { ORDER_STATUS_OPTIONS } from '../common.descriptions';
import { upsertInBatches, type UpsertRow } from '../upsert';
import { UPSERT_ORDERS_CALL } from './upsertOrders';

/** Fulfilment SKUs (the order system's: Centra's, Linnworks') → Cloudshelf SKUs. */
const skuMapping = skuMappingTable('Cloudshelf');

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['recordFulfilment'] } },
	[
		{
			displayName:
				'Cloudshelf has no fulfilment or tracking object. This operation records the dispatch on the order lines as custom attributes (tracking_number, carrier, service, tracking_url, fulfilled_at), and can set the order status.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Order ID',
			name: 'orderId',
			type: 'string',
			default: '={{ $json.orderReference }}',
			required: true,
			description:
				'The Cloudshelf order ID; canonical fulfilments carry it as orderReference when the order came from Cloudshelf',
		},
		{
			displayName: 'Set Status',
			name: 'status',
			type: 'options',
			options: [{ name: 'Keep Current Status', value: 'keep' }, ...ORDER_STATUS_OPTIONS],
			default: 'keep',
		},
		...skuMapping.properties().map((property) =>
			property.name === 'skuMapping'
				? {
						...property,
						description:
							"Translate the fulfilment's SKUs (the order system's) into the SKUs of the Cloudshelf order lines, when the two differ. A fulfilment line whose SKU matches no line of the order sends the item to the error output.",
					}
				: property,
		),
	],
);

export const FULFILMENT_KEYS = [
	'tracking_number',
	'carrier',
	'service',
	'tracking_url',
	'fulfilled_at',
] as const;

function attributesOf(fulfilment: Fulfilment): KeyValue[] {
	const values: Record<(typeof FULFILMENT_KEYS)[number], string | undefined> = {
		tracking_number: fulfilment.trackingNumber,
		carrier: fulfilment.carrier,
		service: fulfilment.service,
		tracking_url: fulfilment.trackingUrl,
		fulfilled_at: fulfilment.shippedAt,
	};
	return FULFILMENT_KEYS.flatMap((key) => (values[key] ? [{ key, value: values[key]! }] : []));
}

/** An item whose fulfilment names SKUs no line of the Cloudshelf order has. */
interface Unmatched {
	itemIndex: number;
	orderId: string;
	skus: string[];
	/** Lines that did match and were (or already were) given the tracking. */
	matched: number;
	alreadyRecorded: boolean;
	trackingNumber?: string;
}

function unmatchedError(node: INode, problem: Unmatched): NodeOperationError {
	const { trackingNumber } = problem;
	const skus = problem.skus.map((sku) => `"${sku}"`).join(', ');
	const written = problem.alreadyRecorded ? 'was already on' : 'was written to';
	return new NodeOperationError(
		node,
		`Order ${problem.orderId}: fulfilment SKU ${skus} ${problem.skus.length > 1 ? 'match' : 'matches'} no line of the Cloudshelf order; the tracking${trackingNumber ? ` ${trackingNumber}` : ''} ${written} the ${problem.matched} line(s) that matched`,
		{
			itemIndex: problem.itemIndex,
			description:
				'Add the SKU to the SKU Mapping table (fulfilment SKU → Cloudshelf SKU) of Record Fulfilment, then run the item again: lines that already carry the tracking are not written twice.',
		},
	);
}

/**
 * Writes tracking onto the order lines (all lines, or those whose SKU, translated by the SKU
 * Mapping table, is in the fulfilment). Idempotent: when every such line already carries this
 * tracking number nothing is written and the output says `recorded: false`.
 *
 * A fulfilment line that matches no order line is never dropped silently. The lines that did match
 * are written (the parcel is on its way: withholding its tracking from the kiosk order helps no one,
 * and writing it again later is a no-op), and the item then goes to the error output naming the
 * SKUs, so the missing mapping is fixed and the item replayed. An ops user reading the error output
 * sees every fulfilment that is not fully on its order; one reading only the success output never
 * sees an order reported as recorded that is missing lines.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const resolver = new SkuResolver(client);
	const rows: UpsertRow[] = [];
	const unmatched: Unmatched[] = [];
	// Tables are read once: per-item expressions in mapping tables are not supported.
	const skus = skuMapping.read(this, 0);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let fulfilment: Fulfilment;
		try {
			fulfilment = parseFulfilment(items[itemIndex].json);
		} catch (error) {
			results.fail(
				itemIndex,
				invalidItemError(
					this,
					error,
					itemIndex,
					'A fulfilment needs orderReference, shippedAt and usually trackingNumber.',
				),
			);
			continue;
		}
		try {
			const id =
				String(this.getNodeParameter('orderId', itemIndex, '') ?? '').trim() ||
				fulfilment.orderReference;
			const data = await client.request<{ order: CloudshelfOrder | null }>(
				'Order',
				ORDER_QUERY,
				{ id },
				itemIndex,
			);
			const order = data.order;
			if (!order) {
				throw new NodeOperationError(node, `Cloudshelf has no order ${id}`, {
					itemIndex,
					description:
						'Only orders taken on Cloudshelf kiosks can record a fulfilment; check that the reference is a Cloudshelf order ID.',
				});
			}
			await resolver.prepare([order]);
			const lineSkus = resolver.skusOf(order).skus.map((sku) => normaliseKey(sku));
			const translated = fulfilment.lines.map((line) => ({
				sku: line.sku,
				cloudshelfSku: skus.translate(line.sku, 'targetSku'),
			}));
			const notInTable = translated.filter((line) => line.cloudshelfSku === undefined);
			if (notInTable.length) {
				throw skus.unmappedError(
					node,
					itemIndex,
					notInTable.map((line) => line.sku),
					`Order ${id}`,
				);
			}
			const wanted = new Set(translated.map((line) => normaliseKey(line.cloudshelfSku)));
			const lines = order.lines.filter(
				(_, index) => wanted.size === 0 || wanted.has(lineSkus[index]),
			);
			if (!lines.length) {
				throw new NodeOperationError(
					node,
					`Order ${id} has no line with SKU ${translated.map((line) => (normaliseKey(line.cloudshelfSku) === normaliseKey(line.sku) ? line.sku : `${line.cloudshelfSku} (fulfilment SKU ${line.sku})`)).join(', ')}`,
					{
						itemIndex,
						description:
							'The fulfilment lines must name SKUs of the Cloudshelf order; map differing SKUs in the SKU Mapping table (fulfilment SKU → Cloudshelf SKU).',
					},
				);
			}
			const missing = [
				...new Set(
					translated
						.filter((line) => !lineSkus.includes(normaliseKey(line.cloudshelfSku)))
						.map((line) => line.sku),
				),
			];
			const status = this.getNodeParameter('status', itemIndex, 'keep') as string;
			const summary: IDataObject = {
				orderId: order.id,
				trackingNumber: fulfilment.trackingNumber ?? null,
				lines: lines.length,
			};
			const alreadyRecorded =
				Boolean(fulfilment.trackingNumber) &&
				lines.every((line) =>
					line.customAttributes?.some(
						(attribute) =>
							attribute.key === 'tracking_number' && attribute.value === fulfilment.trackingNumber,
					),
				) &&
				(status === 'keep' || order.status === status);
			if (missing.length) {
				unmatched.push({
					itemIndex,
					orderId: order.id,
					skus: missing,
					matched: lines.length,
					alreadyRecorded,
					trackingNumber: fulfilment.trackingNumber,
				});
			}
			if (alreadyRecorded) {
				results.succeed(itemIndex, { ...summary, recorded: false, alreadyRecorded: true });
				continue;
			}
			const fresh = attributesOf(fulfilment);
			rows.push({
				itemIndex,
				ids: [order.id],
				input: {
					id: order.id,
					...(status === 'keep' ? {} : { status }),
					lines: lines.map((line) => ({
						id: line.id,
						customAttributes: [
							...(line.customAttributes ?? []).filter(
								(attribute) => !(FULFILMENT_KEYS as readonly string[]).includes(attribute.key),
							),
							...fresh,
						],
					})),
				},
			});
			results.succeed(itemIndex, { ...summary, recorded: true, alreadyRecorded: false });
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}

	// The success outputs above are replaced by failures for rows Cloudshelf refuses.
	await upsertInBatches.call(this, client, rows, UPSERT_ORDERS_CALL, results);
	for (const problem of unmatched) {
		// A refused write already failed the item (nothing was written); its replay names the SKUs.
		if (!results.hasFailed(problem.itemIndex))
			results.fail(problem.itemIndex, unmatchedError(node, problem));
	}
	return results.toArray();
}
