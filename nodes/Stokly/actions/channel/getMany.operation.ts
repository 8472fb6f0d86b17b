import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { toCanonicalChannel } from '../../model';
import { listChannels, type StoklyChannel } from '../../requests';
import type { StoklyClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['getMany'] } },
	[
		{
			displayName: 'Include Deleted',
			name: 'includeDeleted',
			type: 'boolean',
			default: false,
			description: 'Whether to list deleted channels too (Stokly status 2)',
		},
		simplifyProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	// One listing per choice of Include Deleted serves every input item.
	const listings = new Map<boolean, Promise<StoklyChannel[]>>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const includeDeleted = this.getNodeParameter('includeDeleted', itemIndex, false) as boolean;
			if (!listings.has(includeDeleted)) {
				listings.set(includeDeleted, listChannels(client, undefined, includeDeleted));
			}
			const channels = await listings.get(includeDeleted)!;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results.succeed(
				itemIndex,
				channels.map((channel) =>
					simplify
						? ({ ...toCanonicalChannel(channel) } as IDataObject)
						: ({ ...channel } as IDataObject),
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
