import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { toCanonicalChannel } from '../../model';
import { channels, queryAll, type Channel } from '../../requests';
import type { CommercetoolsClient } from '../../transport';
import { localeProperty, simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['channel'], operation: ['getMany'] } },
	[
		{
			displayName: 'Roles',
			name: 'roles',
			type: 'multiOptions',
			options: [
				{
					name: 'Inventory Supply',
					value: 'InventorySupply',
					description: 'Warehouses and stores holding inventory entries',
				},
				{ name: 'Order Export', value: 'OrderExport' },
				{ name: 'Order Import', value: 'OrderImport' },
				{ name: 'Primary', value: 'Primary' },
				{
					name: 'Product Distribution',
					value: 'ProductDistribution',
					description: 'Channels prices are selected by',
				},
			],
			default: ['InventorySupply'],
			description: 'Only channels with any of these roles; leave empty for every channel',
		},
		...returnAllProperties,
		localeProperty,
		simplifyProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	// Channels rarely depend on the item: one listing per distinct role set, as far as the largest wish.
	const listings = new Map<string, Promise<Channel[]>>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const roles = (this.getNodeParameter('roles', itemIndex, []) as string[]).slice().sort();
			const limit = this.getNodeParameter('returnAll', itemIndex, false)
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const listingKey = `${roles.join(',')}|${limit}`;
			if (!listings.has(listingKey)) {
				listings.set(
					listingKey,
					queryAll<Channel>(
						client,
						(afterId, pageSize) => channels.query(roles, { afterId, limit: pageSize }),
						{ limit, itemIndex },
					),
				);
			}
			const found = await listings.get(listingKey)!;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const locale = this.getNodeParameter('locale', itemIndex, 'en') as string;
			results.succeed(
				itemIndex,
				found.map((channel) =>
					simplify
						? ({ ...toCanonicalChannel(channel, locale) } as IDataObject)
						: (channel as unknown as IDataObject),
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
