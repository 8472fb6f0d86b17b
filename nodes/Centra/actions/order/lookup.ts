/**
 * Finding one order by Centra order number or by the reference of the system that took it, shared
 * by Order → Get, Confirm, Cancel and Shipment → Create. By reference, the candidate numbers
 * Order → Create gives that reference (same Order Number Base) are read in one call, and the order
 * whose internal comment carries the reference is the one.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_ORDER_NUMBER_BASE,
	isOrderFor,
	orderNumberBaseProblem,
	orderNumberCandidates,
	type CentraOrder,
} from '../../model';
import { readOrdersByNumber } from '../../queries';
import type { CentraClient } from '../../transport';
import { textParameter } from '../../../shared/parameters';

export const lookupProperties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'lookupBy',
		type: 'options',
		default: 'reference',
		options: [
			{
				name: 'Reference',
				value: 'reference',
				description:
					'The reference of the system that took the order (e.g. the kiosk order ID), for orders made by Order → Create',
			},
			{
				name: 'Centra Order Number',
				value: 'number',
				description: 'The order number shown in Centra',
			},
		],
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { lookupBy: ['reference'] } },
	},
	{
		displayName: 'Order Number Base',
		name: 'orderNumberBase',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_ORDER_NUMBER_BASE,
		displayOptions: { show: { lookupBy: ['reference'] } },
		description: 'The Order Number Base of the Order → Create node that created the order',
	},
	{
		displayName: 'Order Number',
		name: 'orderNumber',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { lookupBy: ['number'] } },
	},
];

/** The order the item's Find By settings name, read with `fields` (queries.ts); fails when none. */
export async function lookupOrder(
	this: IExecuteFunctions,
	client: CentraClient,
	itemIndex: number,
	fields?: string,
): Promise<CentraOrder> {
	const node = this.getNode();
	if (this.getNodeParameter('lookupBy', itemIndex) === 'number') {
		const number = Number(this.getNodeParameter('orderNumber', itemIndex, 0));
		if (!Number.isInteger(number) || number < 1) {
			throw new NodeOperationError(node, `Order number "${number}" is not valid`, {
				itemIndex,
				description: 'Set Order Number to a Centra order number, or map it with an expression.',
			});
		}
		const order = (await readOrdersByNumber(client, [number], { fields, itemIndex })).get(number);
		if (!order) {
			throw new NodeOperationError(node, `Centra has no order number ${number}`, {
				itemIndex,
				description: 'Check the number; orders hidden from the Integration API cannot be found.',
			});
		}
		return order;
	}
	const reference = textParameter(this, 'reference', itemIndex);
	if (!reference) {
		throw new NodeOperationError(node, 'Reference is empty', {
			itemIndex,
			description: 'Set the field, or map it from the input item with an expression.',
		});
	}
	const base = Number(
		this.getNodeParameter('orderNumberBase', itemIndex, DEFAULT_ORDER_NUMBER_BASE),
	);
	const problem = orderNumberBaseProblem(base);
	if (problem) {
		throw new NodeOperationError(node, `Order Number Base ${base} ${problem}`, {
			itemIndex,
			description: 'Use the Order Number Base of the Order → Create node that created the order.',
		});
	}
	const candidates = orderNumberCandidates(reference, base);
	const found = await readOrdersByNumber(client, candidates, { fields, itemIndex });
	const order = candidates
		.map((number) => found.get(number))
		.find((candidate) => candidate !== undefined && isOrderFor(candidate, reference));
	if (!order) {
		throw new NodeOperationError(node, `No Centra order has reference ${reference}`, {
			itemIndex,
			description: /^\d+$/.test(reference)
				? 'Only orders made by Order → Create (with this Order Number Base) can be found by reference. If this is a Centra order number, set Find By to Centra Order Number.'
				: 'Only orders made by Order → Create (with this Order Number Base) can be found by reference; check the reference and the base.',
		});
	}
	return order;
}
