import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults, invalidItemError } from '../../../shared/items';
import { normaliseKey } from '../../../shared/mapping';
import { parseFulfilment, type Fulfilment } from '../../../shared/model';
import type { CloudshelfOrder, KeyValue } from '../../model';
import { ORDER_QUERY, SkuResolver } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { ORDER_STATUS_OPTIONS } from '../common.descriptions';
import { upsertInBatches, type UpsertRow } from '../upsert';
import { UPSERT_ORDERS_CALL } from './upsertOrders';

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

/**
 * Writes tracking onto the order lines (all lines, or those whose SKU is in the fulfilment).
 * Idempotent: when every line already carries this tracking number nothing is written and the
 * output says `recorded: false`.
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
			const { skus } = resolver.skusOf(order);
			const wanted = new Set(fulfilment.lines.map((line) => normaliseKey(line.sku)));
			const lines = order.lines.filter(
				(_, index) => wanted.size === 0 || wanted.has(normaliseKey(skus[index])),
			);
			if (!lines.length) {
				throw new NodeOperationError(
					node,
					`Order ${id} has no line with SKU ${[...wanted].join(', ')}`,
					{
						itemIndex,
						description: 'The fulfilment lines must name SKUs of the Cloudshelf order.',
					},
				);
			}
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
	return results.toArray();
}
