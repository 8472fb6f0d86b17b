/** Editor drop-downs: Stokly locations and channels by ID, labelled by name. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listChannels, listLocations } from '../requests';
import { StoklyClient } from '../transport';

export async function getLocations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const locations = await listLocations(new StoklyClient(this));
	return locations
		.map((location) => ({ name: location.name, value: location.locationId }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getChannels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const channels = await listChannels(new StoklyClient(this));
	return channels
		.map((channel) => ({ name: channel.name, value: channel.channelId }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
