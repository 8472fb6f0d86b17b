/**
 * How every Order → Create takes its orders: canonical orders from the input items, or one built in
 * a JSON field; and the guest customer of anonymous orders. One place, so every platform's Create
 * reads and words them alike.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeOperationError,
} from 'n8n-workflow';

import { invalidItemError } from './items';
import { parseOrder, type Order } from './model';

export const orderInputProperties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		default: 'canonical',
		options: [
			{
				name: 'Use Input Items',
				value: 'canonical',
				description:
					'Each item is an order in the canonical shape, as output by any Retail Sync node',
			},
			{
				name: 'Define Below as JSON',
				value: 'json',
				description: 'Build the canonical order in a JSON field',
			},
		],
	},
	{
		displayName: 'Order (JSON)',
		name: 'orderJson',
		type: 'json',
		default:
			'{\n  "reference": "",\n  "origin": "",\n  "placedAt": "",\n  "currency": "GBP",\n  "status": "paid",\n  "location": "",\n  "lines": [{ "sku": "", "quantity": 1, "unitPrice": 0 }]\n}',
		required: true,
		displayOptions: { show: { inputMode: ['json'] } },
	},
];

/** The canonical order of one item, or the error that sends the item to the error output. */
export function readCanonicalOrder(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): Order | NodeOperationError {
	try {
		const source =
			context.getNodeParameter('inputMode', itemIndex) === 'json'
				? context.getNodeParameter('orderJson', itemIndex)
				: item.json;
		return parseOrder(typeof source === 'string' ? JSON.parse(source) : source);
	} catch (error) {
		return invalidItemError(
			context,
			error,
			itemIndex,
			'An order needs reference, origin, placedAt, currency, status and at least one line with sku, quantity and unitPrice.',
		);
	}
}

export const DEFAULT_GUEST_NAME = 'In-store Customer';

/** Guest Customer Name and Email, described in the platform's terms. */
export function guestCustomerProperties(descriptions: {
	name: string;
	email: string;
}): INodeProperties[] {
	return [
		{
			displayName: 'Guest Customer Name',
			name: 'guestName',
			type: 'string',
			default: DEFAULT_GUEST_NAME,
			description: descriptions.name,
		},
		{
			displayName: 'Guest Customer Email',
			name: 'guestEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: descriptions.email,
		},
	];
}

/** The guest customer parameters of one item (empty name: the default name). */
export function readGuestCustomer(
	context: IExecuteFunctions,
	itemIndex: number,
): { name: string; email?: string } {
	const text = (name: string) => String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	return { name: text('guestName') || DEFAULT_GUEST_NAME, email: text('guestEmail') || undefined };
}
