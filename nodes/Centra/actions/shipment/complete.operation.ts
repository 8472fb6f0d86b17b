/**
 * Shipment → Complete: marks a good-to-go, paid shipment as shipped, with carrier, service and
 * tracking (`completeShipment`); Centra completes the order when its last shipment is. Found by
 * shipment number ("<order>-<n>"), the order's shipments are read first, so completing one that is
 * shipped already succeeds with `alreadyCompleted: true`; by shipment ID it is completed directly.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CentraShipment } from '../../model';
import { ORDER_SHIPPING_FIELDS, SHIPMENT_FIELDS, readOrdersByNumber } from '../../queries';
import type { CentraClient, CentraUserError } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { isoOrUndefined } from '../../../shared/dates';
import { textParameter } from '../../../shared/parameters';
import { shipmentOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['shipment'], operation: ['complete'] } },
	[
		{
			displayName: 'Find By',
			name: 'shipmentBy',
			type: 'options',
			default: 'number',
			options: [
				{
					name: 'Shipment Number',
					value: 'number',
					description:
						'The shipment number shown in Centra, e.g. 1000001-1; completing it twice is not an error',
				},
				{
					name: 'Shipment ID',
					value: 'id',
					description: 'The shipment ID (centraShipmentId of Create and Get Many)',
				},
			],
		},
		{
			displayName: 'Shipment Number',
			name: 'shipmentNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1000001-1',
			displayOptions: { show: { shipmentBy: ['number'] } },
		},
		{
			displayName: 'Shipment ID',
			name: 'shipmentId',
			type: 'number',
			default: 0,
			required: true,
			displayOptions: { show: { shipmentBy: ['id'] } },
		},
		{ displayName: 'Carrier', name: 'carrier', type: 'string', default: '', placeholder: 'DHL' },
		{ displayName: 'Service', name: 'service', type: 'string', default: '', placeholder: 'Parcel' },
		{ displayName: 'Tracking Number', name: 'trackingNumber', type: 'string', default: '' },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Number of Packages',
					name: 'packagesNumber',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
				},
				{
					displayName: 'Return Tracking Number',
					name: 'returnTrackingNumber',
					type: 'string',
					default: '',
				},
				{
					displayName: 'Send Email',
					name: 'sendEmail',
					type: 'boolean',
					default: false,
					description: 'Whether Centra e-mails the customer that the shipment is on its way',
				},
				{
					displayName: 'Shipped At',
					name: 'shippedAt',
					type: 'dateTime',
					default: '',
					description: 'When the shipment left; empty for now (Centra refuses future times)',
				},
			],
		},
		simplifyProperty,
	],
);

const COMPLETE_SHIPMENT = `mutation CompleteShipment($id: Int!, $input: CompleteShipmentInput) {
	completeShipment(id: $id, input: $input) {
		shipment ${SHIPMENT_FIELDS}
		userErrors { message path }
	}
}`;

/** The order number in a shipment number "<order>-<n>", or undefined. */
function orderNumberOf(shipmentNumber: string): number | undefined {
	const match = /^(\d+)-\d+$/.exec(shipmentNumber.trim());
	return match ? Number(match[1]) : undefined;
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
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			let shipmentId: number;
			// How the user named the shipment, for messages: its number when given, else its ID.
			let shipmentName: string;
			if (this.getNodeParameter('shipmentBy', itemIndex, 'number') === 'number') {
				const shipmentNumber = String(
					this.getNodeParameter('shipmentNumber', itemIndex, ''),
				).trim();
				const orderNumber = orderNumberOf(shipmentNumber);
				if (orderNumber === undefined) {
					throw new NodeOperationError(
						node,
						`"${shipmentNumber}" is not a Centra shipment number`,
						{
							itemIndex,
							description:
								'A shipment number is the order number, a dash and a count, e.g. 1000001-1.',
						},
					);
				}
				const order = (
					await readOrdersByNumber(client, [orderNumber], {
						fields: ORDER_SHIPPING_FIELDS,
						itemIndex,
					})
				).get(orderNumber);
				const shipment = order?.shipments?.find((candidate) => candidate.number === shipmentNumber);
				if (!order || !shipment) {
					throw new NodeOperationError(node, `Centra has no shipment ${shipmentNumber}`, {
						itemIndex,
						description: 'Check the shipment number (Shipment → Get Many lists them).',
					});
				}
				// Completing twice is not an error: the shipment is already where the caller wants it.
				if (shipment.isShipped) {
					results.succeed(
						itemIndex,
						shipmentOutput(shipment, simplify, { completed: true, alreadyCompleted: true }, order),
					);
					continue;
				}
				shipmentId = shipment.id;
				shipmentName = `${shipmentNumber} (ID ${shipmentId})`;
			} else {
				shipmentId = Number(this.getNodeParameter('shipmentId', itemIndex, 0));
				if (!Number.isInteger(shipmentId) || shipmentId < 1) {
					throw new NodeOperationError(node, `Shipment ID "${shipmentId}" is not valid`, {
						itemIndex,
						description: 'Set Shipment ID to the centraShipmentId of Create or Get Many.',
					});
				}
				shipmentName = `ID ${shipmentId}`;
			}
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const shippedAt = isoOrUndefined(options.shippedAt);
			if (shippedAt === 'invalid') {
				throw new NodeOperationError(node, 'Shipped At is not a date', {
					itemIndex,
					description: 'Set Shipped At to a date and time, or leave it empty for now.',
				});
			}
			const text = (name: string) => textParameter(this, name, itemIndex) || undefined;
			const { completeShipment: answer } = await client.request<{
				completeShipment: { shipment: CentraShipment | null; userErrors: CentraUserError[] } | null;
			}>(
				'CompleteShipment',
				COMPLETE_SHIPMENT,
				{
					id: shipmentId,
					input: {
						// Centra refuses future times and takes "now" (VERIFIED, reference §2.10): n8n's
						// clock may run ahead of Centra's.
						shippedAt: shippedAt ?? 'now',
						sendEmail: options.sendEmail === true,
						shipmentInfo: {
							carrier: text('carrier'),
							service: text('service'),
							trackingNumber: text('trackingNumber'),
							packagesNumber:
								options.packagesNumber === undefined ? undefined : Number(options.packagesNumber),
							returnTrackingNumber: String(options.returnTrackingNumber ?? '').trim() || undefined,
						},
					},
				},
				itemIndex,
			);
			const problems = answer?.userErrors ?? [];
			// Completed already (e.g. a retry by shipment ID): Centra refuses, with the shipment shipped.
			if (problems.length && answer?.shipment?.isShipped) {
				results.succeed(
					itemIndex,
					shipmentOutput(answer.shipment, simplify, { completed: true, alreadyCompleted: true }),
				);
				continue;
			}
			if (problems.length || !answer?.shipment) {
				throw new NodeOperationError(
					node,
					`Centra did not complete shipment ${shipmentName}: ${problems.map((problem) => problem.message).join('; ') || 'no shipment in the answer'}`,
					{
						itemIndex,
						description:
							'A shipment must be good to go and paid to be completed (Shipment → Create sets both by default).',
					},
				);
			}
			results.succeed(
				itemIndex,
				shipmentOutput(answer.shipment, simplify, { completed: true, alreadyCompleted: false }),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
