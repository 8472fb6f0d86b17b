/**
 * Shipment → Create: a shipment of an order (found by reference or Centra order number), of every
 * line not yet shipped or of the SKUs and quantities given. Centra publishes no idempotency for
 * createShipment, so the order's existing shipments are read first and only what is left unshipped
 * is shipped (ASSUMED guard, reference §2.14): a retry after a lost answer ships nothing more and
 * returns the shipment made, with `created: false`.
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
import { tableRows } from '../../../shared/mapping';
import { shipmentLinesFor, type CentraShipment } from '../../model';
import { SHIPMENT_FIELDS } from '../../queries';
import type { CentraClient, CentraUserError } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { lookupOrder, lookupProperties } from '../order/lookup';
import { shipmentOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['shipment'], operation: ['create'] } },
	[
		...lookupProperties,
		{
			displayName: 'Lines',
			name: 'linesMode',
			type: 'options',
			default: 'remaining',
			options: [
				{
					name: 'All Not Yet Shipped',
					value: 'remaining',
					description: 'Every order line, with the quantity no shipment holds yet',
				},
				{
					name: 'From Input Item',
					value: 'input',
					description:
						'The lines (SKU and quantity) of the input item, e.g. a canonical fulfilment',
				},
				{
					name: 'Define Below',
					value: 'below',
					description: 'SKUs and quantities set in the table below',
				},
			],
		},
		{
			displayName: 'Lines to Ship',
			name: 'lines',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line',
			default: {},
			displayOptions: { show: { linesMode: ['below'] } },
			options: [
				{
					name: 'line',
					displayName: 'Line',
					values: [
						{ displayName: 'SKU', name: 'sku', type: 'string', default: '' },
						{
							displayName: 'Quantity',
							name: 'quantity',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: 1,
						},
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

/** The requested lines of the item, or undefined for "everything not yet shipped". */
function requestedLines(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): Array<{ sku: string; quantity: number }> | undefined {
	const mode = context.getNodeParameter('linesMode', itemIndex, 'remaining');
	if (mode === 'remaining') return undefined;
	const rows =
		mode === 'input'
			? Array.isArray(item.json.lines)
				? (item.json.lines as IDataObject[])
				: []
			: tableRows<IDataObject>(context.getNodeParameter('lines', itemIndex, {}), 'line');
	const lines = rows.map((row) => ({
		sku: String(row.sku ?? '').trim(),
		quantity: Number(row.quantity),
	}));
	const bad = lines.filter(
		(line) => !line.sku || !Number.isInteger(line.quantity) || line.quantity < 1,
	);
	if (!lines.length || bad.length) {
		throw new NodeOperationError(
			context.getNode(),
			lines.length
				? `Line ${lines.indexOf(bad[0]) + 1} to ship needs a SKU and a whole quantity of 1 or more`
				: 'No lines to ship were given',
			{
				itemIndex,
				description:
					mode === 'input'
						? 'The input item needs lines: [{ sku, quantity }], as a canonical fulfilment has.'
						: 'Fill in SKU and Quantity of every line in "Lines to Ship".',
			},
		);
	}
	return lines;
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
			const requested = requestedLines(this, items[itemIndex], itemIndex);
			const order = await lookupOrder.call(this, client, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
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
			if (!lines.length) {
				// Everything asked for is in a shipment already: most likely this very request, run again.
				const latest = [...(order.shipments ?? [])].sort((a, b) => b.id - a.id)[0];
				if (!latest) {
					throw new NodeOperationError(node, `Centra order ${order.number} has nothing to ship`, {
						itemIndex,
						description: 'Its lines are cancelled; there is nothing to ship.',
					});
				}
				results.succeed(
					itemIndex,
					shipmentOutput(
						latest,
						simplify,
						{ created: false, centraShipmentId: latest.id, ...notShipped },
						order,
					),
				);
				continue;
			}
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const { createShipment: answer } = await client.request<{
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
					},
				},
				itemIndex,
			);
			const problems = answer?.userErrors ?? [];
			if (problems.length || !answer?.shipment) {
				throw new NodeOperationError(
					node,
					`Centra did not create a shipment for order ${order.number}: ${problems.map((problem) => problem.message).join('; ') || 'no shipment in the answer'}`,
					{ itemIndex, description: 'Fix what Centra names on the order, then run again.' },
				);
			}
			results.succeed(
				itemIndex,
				shipmentOutput(
					answer.shipment,
					simplify,
					{ created: true, centraShipmentId: answer.shipment.id, ...notShipped },
					order,
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
