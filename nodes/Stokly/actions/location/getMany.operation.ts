import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { toCanonicalLocation } from '../../model';
import { listLocations, type StoklyLocation } from '../../requests';
import type { StoklyClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['location'], operation: ['getMany'] } },
	[simplifyProperty],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	// One listing serves every input item: locations do not depend on the item.
	let locations: StoklyLocation[];
	try {
		locations = await listLocations(client);
	} catch (error) {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) results.fail(itemIndex, error);
		return results.toArray();
	}
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		results.succeed(
			itemIndex,
			locations.map((location) =>
				simplify
					? ({ ...toCanonicalLocation(location) } as IDataObject)
					: ({ ...location } as IDataObject),
			),
		);
	}
	return results.toArray();
}
