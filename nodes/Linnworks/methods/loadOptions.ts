import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { LocationDirectory } from '../queries';
import { LinnworksClient } from '../transport';

/** Linnworks stock locations by name (names are what mapping tables and canonical items carry). */
export async function getLocations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const directory = await LocationDirectory.load(new LinnworksClient(this));
	return directory.locations
		.map((location) => ({
			name: location.LocationName,
			value: location.LocationName,
			description: location.IsFulfillmentCenter ? 'Fulfilment centre' : undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
