/**
 * Delivery → Add: a delivery on an order (`addDelivery`, VERIFIED A7) with a parcel carrying the
 * tracking data, and optionally the shipment state. Idempotent by the delivery key (unique within
 * the order, VERIFIED): the order is read first and a delivery with the key is returned with
 * `created: false`, nothing is sent. The SKUs are mapped to the order's line item ids (a delivery
 * item is a line item id, VERIFIED) and checked against what is left to deliver (commercetools
 * does not check, VERIFIED), so an unknown SKU or a quantity beyond the order is the item's error.
 * `addDelivery` is not re-sent blindly: after a lost answer or a 409 the order is read again and
 * the key decides whether the delivery was made (INFERRED recipe of reference A7).
 */
import type { Order as CtOrder, OrderUpdateAction, ParcelDraft } from '@commercetools/platform-sdk';
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { RequestedLines, type RequestedLine } from '../../../shared/fulfilmentLines';
import { withoutUndefined } from '../../../shared/model';
import { orders } from '../../requests';
import {
	duplicateFieldOf,
	isConcurrentModification,
	type CommercetoolsClient,
} from '../../transport';
import { lookupOrder, orderNumberProperty, readOrderNumber } from '../order/lookup';
import { deliveryOutput, deliveryWithKey, normaliseDeliveryKey, planDelivery } from './output';
import { simplifyProperty } from '../common.descriptions';

/** Lines of the delivery: the input item's (default), all not yet delivered, or a table. */
const requestedLines = new RequestedLines({
	verb: 'deliver',
	participle: 'Delivered',
	remaining: 'Every line item, with the quantity no delivery holds yet',
	default: 'input',
});

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['delivery'], operation: ['add'] } },
	[
		orderNumberProperty('={{ $json.orderReference }}'),
		{
			displayName: 'Delivery Key',
			name: 'deliveryKey',
			type: 'string',
			default:
				"={{ $json.orderReference ? [$json.orderReference, $json.trackingNumber || $json.shippedAt].filter(Boolean).join('-') : '' }}",
			required: true,
			description:
				'Identifies the delivery within the order, so a replay returns the delivery made instead of adding another (also after a lost answer). The default fits a canonical fulfilment: its order reference and tracking number (or shipped time). Characters other than letters, digits, _ and - become -.',
		},
		...requestedLines.properties(),
		{
			displayName: 'Tracking Number',
			name: 'trackingNumber',
			type: 'string',
			default: '={{ $json.trackingNumber }}',
			description:
				"The parcel's tracking ID; empty (and no carrier) adds the delivery without a parcel",
		},
		{
			displayName: 'Carrier',
			name: 'carrier',
			type: 'string',
			default: '={{ $json.carrier }}',
		},
		{
			displayName: 'Service',
			name: 'provider',
			type: 'string',
			default: '={{ $json.service }}',
			description: "The carrier's service, recorded as the parcel's provider",
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Shipment State',
					name: 'shipmentState',
					type: 'options',
					default: 'Shipped',
					options: [
						{ name: "Don't Change", value: '' },
						{ name: 'Shipped', value: 'Shipped' },
						{ name: 'Partial', value: 'Partial' },
						{ name: 'Delivered', value: 'Delivered' },
					],
					description: 'Shipment state set on the order with the delivery (default Shipped)',
				},
			],
		},
		simplifyProperty,
	],
);

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value as string).trim();

/** Attempts of addDelivery when answers are lost or the order changed in between. */
const MAX_ATTEMPTS = 4;

interface DeliveryRequest {
	orderNumber: string;
	key: string;
	requested?: RequestedLine[];
	tracking: { trackingId?: string; carrier?: string; provider?: string };
	shipmentState?: string;
	itemIndex: number;
}

/** The addDelivery (+ changeShipmentState) actions for the order as read. */
function deliveryActions(
	context: IExecuteFunctions,
	order: CtOrder,
	request: DeliveryRequest,
): OrderUpdateAction[] {
	const node = context.getNode();
	const { itemIndex, key } = request;
	const plan = planDelivery(order, request.requested);
	if (plan.unknownSkus.length) {
		throw new NodeOperationError(
			node,
			`commercetools order ${request.orderNumber} has no line item with SKU ${plan.unknownSkus.join(', ')}`,
			{ itemIndex, description: 'Deliver only SKUs the order holds (commercetools SKUs).' },
		);
	}
	if (plan.tooMany.length) {
		throw new NodeOperationError(
			node,
			`commercetools order ${request.orderNumber}: more than ordered is asked for, ${plan.tooMany
				.map(
					(line) =>
						`${line.sku} ${line.requested} (${line.left} of ${line.ordered} not yet delivered)`,
				)
				.join(', ')}`,
			{
				itemIndex,
				description:
					'The rest of those line items is already in deliveries; check the quantities sent. Nothing was added.',
			},
		);
	}
	if (!plan.items.length) {
		throw new NodeOperationError(
			node,
			`commercetools order ${request.orderNumber} has nothing left to deliver`,
			{ itemIndex, description: 'Every line item is already in a delivery.' },
		);
	}
	const hasTracking = Object.values(request.tracking).some(Boolean);
	const parcels: ParcelDraft[] = hasTracking
		? [
				{
					key: normaliseDeliveryKey(`${key.slice(0, 240)}-parcel-1`),
					trackingData: withoutUndefined({ ...request.tracking, isReturn: false }),
					items: plan.items,
				},
			]
		: [];
	const actions: OrderUpdateAction[] = [
		{ action: 'addDelivery', deliveryKey: key, items: plan.items, parcels },
	];
	if (request.shipmentState && order.shipmentState !== request.shipmentState) {
		actions.push({
			action: 'changeShipmentState',
			shipmentState: request.shipmentState as 'Shipped',
		});
	}
	return actions;
}

/**
 * Sends addDelivery on the version read; a lost answer, a 409 or a DuplicateField reads the order
 * again and the key decides: found → made (by this run when an earlier answer was lost), else sent
 * again on the new version.
 */
async function addDelivery(
	context: IExecuteFunctions,
	client: CommercetoolsClient,
	first: CtOrder,
	request: DeliveryRequest,
): Promise<{ order: CtOrder; created: boolean }> {
	const { orderNumber, key, itemIndex } = request;
	let order = first;
	let lostBefore = false;
	let failure: Error | undefined;
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		const actions = deliveryActions(context, order, request);
		const outcome = await client.tryRequest<CtOrder>(
			orders.updateByNumber(orderNumber, order.version, actions, { absolute: false }),
			itemIndex,
		);
		if (outcome.ok) return { order: outcome.value, created: true };
		const conflict = isConcurrentModification(outcome.cause) || duplicateFieldOf(outcome.cause);
		if (!conflict && !outcome.lost) throw outcome.error;
		failure = outcome.error;
		order = await lookupOrder(context, client, orderNumber, itemIndex);
		if (deliveryWithKey(order, key)) return { order, created: lostBefore || outcome.lost };
		lostBefore ||= outcome.lost;
	}
	throw new NodeOperationError(
		context.getNode(),
		`commercetools did not confirm the delivery "${key}" of order ${orderNumber} after ${MAX_ATTEMPTS} attempts, and the order has no delivery with that key`,
		{
			itemIndex,
			description: `Run again later: the key is checked first, so the delivery is not added twice. (${failure?.message ?? 'no answer'})`,
		},
	);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const orderNumber = readOrderNumber(this, itemIndex);
			const key = normaliseDeliveryKey(this.getNodeParameter('deliveryKey', itemIndex, ''));
			if (!key) {
				throw new NodeOperationError(this.getNode(), 'Delivery Key is empty', {
					itemIndex,
					description:
						'Set a key that identifies this delivery (e.g. the shipment or tracking number), so a replay does not add it twice.',
				});
			}
			const requested = requestedLines.read(this, items[itemIndex], itemIndex);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const request: DeliveryRequest = {
				orderNumber,
				key,
				requested,
				tracking: withoutUndefined({
					trackingId: text(this.getNodeParameter('trackingNumber', itemIndex, '')) || undefined,
					carrier: text(this.getNodeParameter('carrier', itemIndex, '')) || undefined,
					provider: text(this.getNodeParameter('provider', itemIndex, '')) || undefined,
				}),
				shipmentState:
					options.shipmentState === undefined ? 'Shipped' : text(options.shipmentState),
				itemIndex,
			};
			const order = await lookupOrder(this, client, orderNumber, itemIndex);
			const existing = deliveryWithKey(order, key);
			const outcome = existing
				? { order, created: false }
				: await addDelivery(this, client, order, request);
			const delivery = deliveryWithKey(outcome.order, key);
			if (!delivery) {
				throw new NodeOperationError(
					this.getNode(),
					`commercetools accepted the delivery "${key}" of order ${orderNumber}, but the order shows no delivery with that key`,
					{
						itemIndex,
						description: 'Check the order in commercetools; running again does not add it twice.',
					},
				);
			}
			results.succeed(
				itemIndex,
				deliveryOutput(outcome.order, delivery, simplify, {
					created: outcome.created,
					deliveryKey: key,
					commercetoolsDeliveryId: delivery.id,
				}),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
