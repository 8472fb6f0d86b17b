/**
 * Shipment → Create: a shipment of an order (found by reference or Centra order number), of every
 * line not yet shipped or of the SKUs and quantities given. Centra publishes no idempotency for
 * createShipment, so the node makes its own: the Shipment Key (default: the input fulfilment's
 * order reference, tracking number and shipped time) is written on the shipment's
 * `additionalMessage` (VERIFIED input and Shipment field, C-DTC), and the order's shipments are
 * read first: a shipment with the key is returned with `created: false`, nothing is sent. When
 * Centra's answer is lost (5xx, network), the shipments are read again: the key found means the
 * shipment was made; otherwise it is sent again (at most 3 attempts). Without a key, only what is
 * left unshipped is shipped (quantities are capped), which does not tell a replay from a second
 * partial shipment, and a lost answer is an item error to check in Centra.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { answerLost } from '../../../shared/client';
import { ItemResults } from '../../../shared/items';
import { RequestedLines } from '../../../shared/fulfilmentLines';
import {
	normaliseShipmentKey,
	shipmentHolding,
	shipmentKeyMessage,
	shipmentLinesFor,
	shipmentWithKey,
	type CentraOrder,
	type CentraShipment,
	type ShipmentLineInput,
} from '../../model';
import { ORDER_SHIPPING_FIELDS, SHIPMENT_FIELDS, readOrdersByNumber } from '../../queries';
import type { CentraClient, CentraUserError } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { lookupOrder, lookupProperties } from '../order/lookup';
import { shipmentOutput } from './output';

/** Lines of the shipment: all not yet shipped (default), the input item's, or a table. */
const requestedLines = new RequestedLines({
	verb: 'ship',
	participle: 'Shipped',
	remaining: 'Every order line, with the quantity no shipment holds yet',
	default: 'remaining',
});

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['shipment'], operation: ['create'] } },
	[
		...lookupProperties,
		{
			displayName: 'Shipment Key',
			name: 'shipmentKey',
			type: 'string',
			default:
				"={{ $json.orderReference && ($json.trackingNumber || $json.shippedAt) ? [$json.orderReference, $json.trackingNumber, $json.shippedAt].filter(Boolean).join(' ') : '' }}",
			description:
				"Identifies this shipment, so a replay returns the shipment made instead of shipping again (also after a lost answer). Written on the shipment's additional message. The default fits a canonical fulfilment: its order reference, tracking number and shipped time. Empty: no key, then only what is not yet shipped is shipped, and a second partial shipment cannot be told from a replay.",
		},
		...requestedLines.properties(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Good to Go',
					name: 'isGoodToGo',
					type: 'boolean',
					default: true,
					description: 'Whether the shipment is ready to be shipped (Complete needs it)',
				},
				{
					displayName: 'Paid',
					name: 'isPaid',
					type: 'boolean',
					default: true,
					description:
						'Whether the shipment is marked as paid; orders created through the Order API are paid outside Centra, and Complete needs it',
				},
				{
					displayName: 'Send Email',
					name: 'sendEmail',
					type: 'boolean',
					default: false,
					description: 'Whether Centra e-mails the customer about the shipment',
				},
			],
		},
		simplifyProperty,
	],
);

const CREATE_SHIPMENT = `mutation CreateShipment($input: CreateShipmentInput!) {
	createShipment(input: $input) {
		shipment ${SHIPMENT_FIELDS}
		userErrors { message path }
	}
}`;

/** Attempts of one keyed createShipment when answers are lost (each after checking for the key). */
const MAX_ATTEMPTS = 3;

interface ShipmentRequest {
	order: CentraOrder;
	lines: ShipmentLineInput[];
	key: string;
	options: IDataObject;
	itemIndex: number;
}

/**
 * Sends createShipment; when its answer is lost, reads the order's shipments for the key: found →
 * that shipment (it was made), else sends again (MAX_ATTEMPTS in all). Unkeyed: a lost answer is an
 * error, since nothing tells whether Centra made the shipment.
 */
async function sendShipment(
	context: IExecuteFunctions,
	client: CentraClient,
	{ order, lines, key, options, itemIndex }: ShipmentRequest,
): Promise<CentraShipment> {
	const node = context.getNode();
	for (let attempt = 1; ; attempt++) {
		let answer:
			| { shipment: CentraShipment | null; userErrors: CentraUserError[] }
			| null
			| undefined;
		let failure: unknown;
		try {
			({ createShipment: answer } = await client.request<{
				createShipment: { shipment: CentraShipment | null; userErrors: CentraUserError[] } | null;
			}>(
				'CreateShipment',
				CREATE_SHIPMENT,
				{
					input: {
						order: { number: order.number },
						lines,
						isGoodToGo: options.isGoodToGo !== false,
						isPaid: options.isPaid !== false,
						sendEmail: options.sendEmail === true,
						...(key ? { additionalMessage: shipmentKeyMessage(key) } : {}),
					},
				},
				itemIndex,
			));
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			// Refused, or failed before Centra could act: the client's error says what to fix.
			if (!answerLost(failure)) throw failure;
			if (!key) {
				throw new NodeOperationError(
					node,
					`Centra did not confirm the shipment of order ${order.number}: it may or may not have been created`,
					{
						itemIndex,
						description: `Check the shipments of order ${order.number} in Centra before running again (running again may ship twice). Set "Shipment Key" so a run can check by itself.`,
					},
				);
			}
			const reread = (
				await readOrdersByNumber(client, [order.number], {
					fields: ORDER_SHIPPING_FIELDS,
					itemIndex,
				})
			).get(order.number);
			const made = reread && shipmentWithKey(reread, key);
			if (made) return made;
			if (attempt < MAX_ATTEMPTS) continue;
			throw new NodeOperationError(
				node,
				`Centra did not confirm the shipment of order ${order.number} after ${MAX_ATTEMPTS} attempts, and has no shipment with key "${key}"`,
				{
					itemIndex,
					description: `Run again later: the key is checked first, so the shipment is not made twice. (${(failure as Error).message ?? String(failure)})`,
				},
			);
		}
		const problems = answer?.userErrors ?? [];
		if (problems.length || !answer?.shipment) {
			throw new NodeOperationError(
				node,
				`Centra did not create a shipment for order ${order.number}: ${problems.map((problem) => problem.message).join('; ') || 'no shipment in the answer'}`,
				{ itemIndex, description: 'Fix what Centra names on the order, then run again.' },
			);
		}
		return answer.shipment;
	}
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CentraClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const requested = requestedLines.read(this, items[itemIndex], itemIndex);
			const key = normaliseShipmentKey(this.getNodeParameter('shipmentKey', itemIndex, ''));
			const order = await lookupOrder.call(this, client, itemIndex, ORDER_SHIPPING_FIELDS);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			// A shipment made for this key already: this very request, run again.
			const existing = key ? shipmentWithKey(order, key) : undefined;
			if (existing) {
				results.succeed(
					itemIndex,
					shipmentOutput(
						existing,
						simplify,
						{ created: false, centraShipmentId: existing.id, shipmentKey: key },
						order,
					),
				);
				continue;
			}
			const { lines, unknownSkus, clipped } = shipmentLinesFor(order, requested);
			if (unknownSkus.length) {
				throw new NodeOperationError(
					node,
					`Centra order ${order.number} has no line with SKU ${unknownSkus.join(', ')}`,
					{ itemIndex, description: 'Ship only SKUs the order holds (Centra SKUs).' },
				);
			}
			const notShipped = clipped.length
				? {
						notShipped: clipped.map((line) => ({
							sku: line.sku,
							quantity: line.requested - line.shipped,
						})),
					}
				: {};
			const keyed = key ? { shipmentKey: key } : {};
			if (!lines.length) {
				// Everything asked for is in a shipment already: return the one holding it.
				const holder = shipmentHolding(order, requested);
				if (!holder) {
					throw new NodeOperationError(node, `Centra order ${order.number} has nothing to ship`, {
						itemIndex,
						description: 'Its lines are cancelled; there is nothing to ship.',
					});
				}
				results.succeed(
					itemIndex,
					shipmentOutput(
						holder,
						simplify,
						{ created: false, centraShipmentId: holder.id, ...keyed, ...notShipped },
						order,
					),
				);
				continue;
			}
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const shipment = await sendShipment(this, client, {
				order,
				lines,
				key,
				options,
				itemIndex,
			});
			results.succeed(
				itemIndex,
				shipmentOutput(
					shipment,
					simplify,
					{ created: true, centraShipmentId: shipment.id, ...keyed, ...notShipped },
					order,
				),
			);
			if (clipped.length) {
				// The shipment is made with what was left; the shortfall also goes to the error output,
				// so a quantity the order no longer holds is seen, not only written in a field.
				results.failOne(
					itemIndex,
					new NodeOperationError(
						node,
						`Centra order ${order.number}: shipped less than asked, ${clipped
							.map((line) => `${line.sku} ${line.shipped} of ${line.requested}`)
							.join(', ')}`,
						{
							itemIndex,
							description:
								'The rest of those lines is already shipped or cancelled in Centra; check the quantities sent.',
						},
					),
				);
			}
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
