/** Dispatches an execution to `actions/<resource>/<operation>.operation.ts` (the nodes-base v2 pattern). */
import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { failedItem } from './items';

export type Operation<Client> = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: Client,
) => Promise<INodeExecutionData[]>;

/** `resources[resource][operation].execute` runs with this execution's items and platform client. */
export async function route<Client>(
	this: IExecuteFunctions,
	resources: Record<string, Record<string, unknown>>,
	client: Client,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation] as { execute?: Operation<Client> } | undefined;
	if (!handler?.execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	const items = this.getInputData();
	try {
		return [await handler.execute.call(this, items, client)];
	} catch (error) {
		// A failure of the whole run (the credential refused, a lookup every item needs): with
		// "continue" every item fails with it, so none is passed on as if written or dropped.
		if (!this.continueOnFail()) {
			// Both constructors hand back an error that is already theirs, unchanged.
			throw error instanceof NodeApiError
				? new NodeApiError(this.getNode(), error as unknown as JsonObject)
				: new NodeOperationError(this.getNode(), error as Error);
		}
		return [items.map((_, itemIndex) => failedItem(this, error, itemIndex))];
	}
}
