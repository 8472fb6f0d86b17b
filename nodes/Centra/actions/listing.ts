/**
 * Get Many of Centra's reference data (warehouses, markets, pricelists, shipping options): one
 * listing per execution, page by page, serving every input item; Return All or a limit per item;
 * Simplify gives the simple shape, off the record as Centra returns it.
 */
import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../shared/descriptions';
import { ItemResults } from '../../shared/items';
import { listAll, type ListDocument } from '../queries';
import type { CentraClient } from '../transport';
import { simplifyProperty } from './common.descriptions';

export interface ListingSpec<T> {
	resource: string;
	document: ListDocument;
	simplify: (record: T) => IDataObject;
}

export function listingOperation<T extends object>(spec: ListingSpec<T>) {
	const description: INodeProperties[] = updateDisplayOptions(
		{ show: { resource: [spec.resource], operation: ['getMany'] } },
		[...returnAllProperties, simplifyProperty],
	);

	async function execute(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		client: CentraClient,
	): Promise<INodeExecutionData[]> {
		const results = new ItemResults(this);
		const wanted = items.map((_, itemIndex) =>
			this.getNodeParameter('returnAll', itemIndex, false)
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number),
		);
		// The listing does not depend on the item: read once, as far as the largest wish.
		const records = await listAll<T>(client, spec.document, { limit: Math.max(0, ...wanted) });
		items.forEach((_, itemIndex) => {
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results.succeed(
				itemIndex,
				records
					.slice(0, wanted[itemIndex])
					.map((record) => (simplify ? spec.simplify(record) : { ...(record as IDataObject) })),
			);
		});
		return results.toArray();
	}

	return { description, execute };
}

/** A resource with Get Many as its only operation. */
export function listingResource(
	resource: string,
	plural: string,
	description: INodeProperties[],
): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: [
				{
					name: 'Get Many',
					value: 'getMany',
					description: `List the ${plural} of the Centra instance`,
					action: `Get many ${plural}`,
				},
			],
			default: 'getMany',
		},
		...description,
	];
}
