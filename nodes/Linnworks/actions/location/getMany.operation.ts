import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { toCanonicalLocation } from '../../model';
import { LocationDirectory } from '../../queries';
import type { LinnworksClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['location'], operation: ['getMany'] } },
	[simplifyProperty],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	// One listing serves every input item: locations do not depend on the item.
	const directory = await LocationDirectory.load(client);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		results.succeed(
			itemIndex,
			directory.locations.map((location) =>
				simplify ? { ...toCanonicalLocation(location) } : { ...location },
			),
		);
	}
	return results.toArray();
}
