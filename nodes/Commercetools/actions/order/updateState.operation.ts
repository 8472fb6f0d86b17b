/**
 * Order → Update State: the order's orderState, shipmentState and/or paymentState
 * (`changeOrderState`, `changeShipmentState`, `changePaymentState`, VERIFIED A7), sent on the version
 * just read. These actions set a state whatever it was, so a lost answer is simply sent again (the
 * client does) and a 409 ConcurrentModification re-reads the order and tries again on its version.
 * States the order already has are not sent; an order already in every chosen state is returned
 * with `changed: []` and nothing is written.
 */
import type { Order as CtOrder, OrderUpdateAction } from '@commercetools/platform-sdk';
import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { orders } from '../../requests';
import { isConcurrentModification, type CommercetoolsClient } from '../../transport';
import { lookupOrder, orderNumberProperty, readOrderNumber } from './lookup';
import { orderOutput } from './output';
import { simplifyProperty } from '../common.descriptions';

const UNCHANGED = { name: "Don't Change", value: '' };

/** VERIFIED state values (types/order/*State.raml); note shipmentState's US spelling "Canceled". */
const STATES = {
	orderState: ['Open', 'Confirmed', 'Complete', 'Cancelled'],
	shipmentState: [
		'Pending',
		'Ready',
		'Shipped',
		'Delivered',
		'Delayed',
		'Partial',
		'Backorder',
		'Canceled',
	],
	paymentState: ['Pending', 'BalanceDue', 'Paid', 'CreditOwed', 'Failed'],
} as const;

type StateField = keyof typeof STATES;

const ACTIONS: Record<StateField, string> = {
	orderState: 'changeOrderState',
	shipmentState: 'changeShipmentState',
	paymentState: 'changePaymentState',
};

const optionsOf = (values: readonly string[]) => [
	UNCHANGED,
	...values.map((value) => ({ name: value.replace(/([a-z])([A-Z])/g, '$1 $2'), value })),
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['updateState'] } },
	[
		orderNumberProperty(),
		{
			displayName: 'Order State',
			name: 'orderState',
			type: 'options',
			default: '',
			options: optionsOf(STATES.orderState),
		},
		{
			displayName: 'Shipment State',
			name: 'shipmentState',
			type: 'options',
			default: '',
			options: optionsOf(STATES.shipmentState),
		},
		{
			displayName: 'Payment State',
			name: 'paymentState',
			type: 'options',
			default: '',
			options: optionsOf(STATES.paymentState),
		},
		simplifyProperty,
	],
);

/** Attempts after 409 ConcurrentModification (someone else changed the order in between). */
const MAX_ATTEMPTS = 5;

function wantedStates(
	context: IExecuteFunctions,
	itemIndex: number,
): Partial<Record<StateField, string>> {
	const wanted: Partial<Record<StateField, string>> = {};
	for (const field of Object.keys(STATES) as StateField[]) {
		const value = String(context.getNodeParameter(field, itemIndex, '') ?? '').trim();
		if (!value) continue;
		if (!(STATES[field] as readonly string[]).includes(value)) {
			throw new NodeOperationError(
				context.getNode(),
				`"${value}" is not a commercetools ${field}`,
				{
					itemIndex,
					description: `Choose one of ${STATES[field].join(', ')}.`,
				},
			);
		}
		wanted[field] = value;
	}
	if (!Object.keys(wanted).length) {
		throw new NodeOperationError(context.getNode(), 'No state to change was chosen', {
			itemIndex,
			description: 'Choose an Order State, Shipment State or Payment State.',
		});
	}
	return wanted;
}

/** The actions that bring `order` to the wanted states (none for states it has). */
export function stateActions(
	order: Pick<CtOrder, StateField>,
	wanted: Partial<Record<StateField, string>>,
): OrderUpdateAction[] {
	return (Object.entries(wanted) as Array<[StateField, string]>)
		.filter(([field, value]) => order[field] !== value)
		.map(
			([field, value]) =>
				({ action: ACTIONS[field], [field]: value }) as unknown as OrderUpdateAction,
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
			const wanted = wantedStates(this, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			let order = await lookupOrder(this, client, orderNumber, itemIndex);
			let changed: string[] = [];
			for (let attempt = 1; ; attempt++) {
				const actions = stateActions(order, wanted);
				if (!actions.length) break;
				const outcome = await client.tryRequest<CtOrder>(
					orders.updateByNumber(orderNumber, order.version, actions, { absolute: true }),
					itemIndex,
				);
				if (outcome.ok) {
					order = outcome.value;
					changed = actions.map((action) => action.action);
					break;
				}
				if (!isConcurrentModification(outcome.cause) || attempt >= MAX_ATTEMPTS)
					throw outcome.error;
				// Changed in between: read the new version and what it holds, then try again.
				order = await lookupOrder(this, client, orderNumber, itemIndex);
			}
			results.succeed(itemIndex, orderOutput(order, simplify, { changed }));
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
