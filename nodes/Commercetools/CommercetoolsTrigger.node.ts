import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { CommercetoolsClient, CREDENTIAL_TYPE } from './transport';
import { deliveryAdded } from './triggers/deliveryAdded';
import { inventoryQuantitySet } from './triggers/inventoryQuantitySet';
import { commonProperties, pollMessages, type MessageEvent } from './triggers/messages';
import { orderCreated } from './triggers/orderCreated';

/** One file per event in `triggers/`: the message types it reads and the items it makes. */
const EVENTS: Record<string, (client: CommercetoolsClient) => MessageEvent<never>> = {
	orderCreated: orderCreated as (client: CommercetoolsClient) => MessageEvent<never>,
	deliveryAdded: deliveryAdded as (client: CommercetoolsClient) => MessageEvent<never>,
	inventoryQuantitySet: inventoryQuantitySet as (
		client: CommercetoolsClient,
	) => MessageEvent<never>,
};

/**
 * commercetools Trigger: polls the Messages Query API (Subscriptions cannot call HTTP, VERIFIED
 * A8, so a poll is the way that needs no cloud queue), with the shared cursor.
 */
export class CommercetoolsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'commercetools Trigger',
		name: 'commercetoolsTrigger',
		icon: { light: 'file:commercetools.svg', dark: 'file:commercetools.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {"orderCreated": "Order Created", "deliveryAdded": "Delivery Added", "inventoryQuantitySet": "Inventory Quantity Set"}[$parameter["event"]] }}',
		description:
			'Starts the workflow when orders are created or imported, deliveries are added, or inventory quantities are set in commercetools',
		defaults: { name: 'commercetools Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'orderCreated',
				options: [
					{
						name: 'Order Created',
						value: 'orderCreated',
						description:
							'An order was created from a cart or imported (OrderCreated, OrderImported); emits the order',
					},
					{
						name: 'Delivery Added',
						value: 'deliveryAdded',
						description:
							'A delivery, a parcel or its tracking was added to an order (DeliveryAdded, ParcelAddedToDelivery, ParcelTrackingDataUpdated); emits the delivery as a fulfilment',
					},
					{
						name: 'Inventory Quantity Set',
						value: 'inventoryQuantitySet',
						description:
							'The stock of a SKU in a supply channel changed (InventoryEntryQuantitySet); emits the newest level of each SKU and channel',
					},
				],
			},
			...commonProperties,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const make = EVENTS[event];
		if (!make)
			throw new NodeOperationError(this.getNode(), `The event "${event}" is not supported`);
		const client = new CommercetoolsClient(this);
		const items: IDataObject[] = await pollMessages(this, client, make(client));
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
