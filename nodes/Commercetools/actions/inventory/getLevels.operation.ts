/**
 * Get Levels: available quantities per SKU and supply channel as canonical stock levels
 * (`quantity` = availableQuantity, `onStock` = quantityOnStock, `location` = channel key). One
 * listing serves every input item with the same channels and SKUs.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { chunk } from '../../../shared/transport';
import { toStockLevel } from '../../model';
import { ChannelDirectory, inventory, queryAll, type InventoryEntry } from '../../requests';
import { LIMITS, type CommercetoolsClient } from '../../transport';
import { readList, simplifyProperty, supplyChannelsProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['inventory'], operation: ['getLevels'] } },
	[
		supplyChannelsProperty,
		{
			displayName: 'SKUs',
			name: 'skus',
			type: 'string',
			default: '',
			placeholder: 'TSHIRT-RED-M, TSHIRT-RED-L',
			description:
				'Only these SKUs, separated by commas or new lines; leave empty for every entry of the channels',
		},
		simplifyProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	let directory: ChannelDirectory;
	try {
		directory = await ChannelDirectory.load(client);
	} catch (error) {
		// Every item needs the channels: each fails rather than the node (n8n's Continue would
		// otherwise pass the input items on as if they were levels).
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) results.fail(itemIndex, error);
		return results.toArray();
	}
	const listings = new Map<string, Promise<InventoryEntry[]>>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const keys = readList(this.getNodeParameter('channels', itemIndex, []));
			const skus = readList(this.getNodeParameter('skus', itemIndex, ''));
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const channels = keys.length
				? keys.map((key) => {
						const channel = directory.byKeyOrIdOf(key);
						if (!channel) {
							throw directory.unknownKey(
								node,
								key,
								itemIndex,
								'Choose supply channels from the list, or give their keys or IDs',
							);
						}
						return channel;
					})
				: directory.withRole('InventorySupply');
			if (!channels.length) {
				results.succeed(itemIndex, []);
				continue;
			}
			const ids = channels.map((channel) => channel.id).sort();
			const listingKey = `${ids.join(',')}|${skus.join('\u0000')}`;
			if (!listings.has(listingKey)) {
				listings.set(listingKey, readLevels(client, ids, skus, itemIndex));
			}
			const entries = await listings.get(listingKey)!;
			results.succeed(
				itemIndex,
				entries.map((entry) =>
					simplify
						? ({
								...toStockLevel(entry, directory.keyOfId(entry.supplyChannel?.id)),
							} as IDataObject)
						: (entry as unknown as IDataObject),
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}

/** Entries in the channels (and of the SKUs, in batches), id-cursor paged. */
async function readLevels(
	client: CommercetoolsClient,
	channelIds: string[],
	skus: string[],
	itemIndex: number,
): Promise<InventoryEntry[]> {
	const batches = skus.length ? chunk(skus, LIMITS.valuesPerPredicate) : [undefined];
	const found: InventoryEntry[] = [];
	for (const channelBatch of chunk(channelIds, LIMITS.valuesPerPredicate)) {
		for (const batch of batches) {
			found.push(
				...(await queryAll<InventoryEntry>(
					client,
					(afterId, limit) => inventory.inChannels(batch, channelBatch, { afterId, limit }),
					{ itemIndex },
				)),
			);
		}
	}
	return found;
}
