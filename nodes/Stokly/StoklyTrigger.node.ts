import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { getChannels, getLocations } from './methods/loadOptions';
import { CREDENTIAL_TYPE, StoklyClient } from './transport';
import * as saleOrderCreated from './triggers/saleOrderCreated';
import * as saleOrderDispatched from './triggers/saleOrderDispatched';
import { saleOrderEventProperties } from './triggers/saleOrders';
import * as stockChanged from './triggers/stockChanged';

/** One file per event in `triggers/`: its parameters and its poll. */
const EVENTS: Record<
	string,
	(this: IPollFunctions, client: StoklyClient) => Promise<IDataObject[]>
> = {
	saleOrderCreated: saleOrderCreated.poll,
	saleOrderDispatched: saleOrderDispatched.poll,
	stockChanged: stockChanged.poll,
};

/**
 * Stokly Trigger: polls (Stokly's outbound webhooks are UNKNOWN, reference §2.5), the time events
 * through the shared cursor, stock through a snapshot.
 */
export class StoklyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stokly Trigger',
		name: 'stoklyTrigger',
		icon: { light: 'file:stokly.svg', dark: 'file:stokly.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {"saleOrderCreated": "Sale Order Created", "saleOrderDispatched": "Sale Order Dispatched", "stockChanged": "Stock Changed"}[$parameter["event"]] }}',
		description:
			'Starts the workflow when Stokly sale orders are created or dispatched, or stock changes',
		defaults: { name: 'Stokly Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'saleOrderCreated',
				options: [
					{
						name: 'Sale Order Created',
						value: 'saleOrderCreated',
						description: 'A sale order was created; emits it as a canonical order',
					},
					{
						name: 'Sale Order Dispatched',
						value: 'saleOrderDispatched',
						description:
							'Lines of a sale order were dispatched; emits each dispatch (tracking and lines) as a fulfilment',
					},
					{
						name: 'Stock Changed',
						value: 'stockChanged',
						description:
							'The quantity of an item at a location (summed over its bins) changed since the last check',
					},
				],
			},
			...saleOrderEventProperties,
			...stockChanged.properties,
		],
	};

	methods = { loadOptions: { getChannels, getLocations } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const pollEvent = EVENTS[event];
		if (!pollEvent)
			throw new NodeOperationError(this.getNode(), `The event "${event}" is not supported`);
		const items = await pollEvent.call(this, new StoklyClient(this));
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
