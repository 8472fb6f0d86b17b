/** Editor drop-downs: supply channels by key (what mapping tables, items and drafts carry). */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { channelLabel } from '../model';
import { ChannelDirectory } from '../requests';
import { CommercetoolsClient } from '../transport';

/** Channels with role InventorySupply: value = channel key, label "name (key)". */
export async function getSupplyChannels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const directory = await ChannelDirectory.load(new CommercetoolsClient(this));
	return directory
		.withRole('InventorySupply')
		.map((channel) => ({ name: channelLabel(channel), value: channel.key }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
