import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { LinnworksClient } from '../transport';
import * as location from './location/Location.resource';
import * as order from './order/Order.resource';
import * as processedOrder from './processedOrder/ProcessedOrder.resource';
import * as stock from './stock/Stock.resource';

type Operation = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
) => Promise<INodeExecutionData[]>;

const resources: Record<string, Record<string, { execute: Operation } | unknown>> = {
	location,
	order,
	processedOrder,
	stock,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation] as { execute?: Operation } | undefined;
	if (!handler?.execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// One client per execution: its rate gate paces this execution's calls and dies with it.
	return [await handler.execute.call(this, items, new LinnworksClient(this))];
}
