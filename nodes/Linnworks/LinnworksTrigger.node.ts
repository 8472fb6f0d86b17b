import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { getLocations } from './methods/loadOptions';
import { LinnworksClient } from './transport';
import * as orderDispatched from './triggers/orderDispatched';
import * as stockChanged from './triggers/stockChanged';

/** One file per event in `triggers/`: its parameters and its poll. */
const EVENTS: Record<
	string,
	(this: IPollFunctions, client: LinnworksClient) => Promise<IDataObject[]>
> = {
	orderDispatched: orderDispatched.poll,
	stockChanged: stockChanged.poll,
};

export class LinnworksTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linnworks Trigger',
		name: 'linnworksTrigger',
		icon: { light: 'file:linnworks.svg', dark: 'file:linnworks.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["event"] === "stockChanged" ? "Stock Changed" : "Order Dispatched" }}',
		description: 'Starts the workflow when Linnworks dispatches orders or stock levels change',
		defaults: { name: 'Linnworks Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'linnworksApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'orderDispatched',
				options: [
					{
						name: 'Order Dispatched',
						value: 'orderDispatched',
						description:
							'An order was processed (dispatched); emits its tracking and lines as a fulfilment',
					},
					{
						name: 'Stock Changed',
						value: 'stockChanged',
						description:
							'The available quantity of a SKU at a location changed since the last check',
					},
				],
			},
			...orderDispatched.properties,
			...stockChanged.properties,
		],
	};

	methods = { loadOptions: { getLocations } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const pollEvent = EVENTS[event];
		if (!pollEvent)
			throw new NodeOperationError(this.getNode(), `The event "${event}" is not supported`);
		const items = await pollEvent.call(this, new LinnworksClient(this));
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
