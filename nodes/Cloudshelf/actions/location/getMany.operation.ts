import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { keyOf } from '../../model';
import { LOCATIONS_PAGE_SIZE, LOCATIONS_QUERY, readConnection } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['location'], operation: ['getMany'] } },
	[...returnAllProperties, simplifyProperty],
);

interface CloudshelfLocation {
	id: string;
	platformProvidedId: string | null;
	displayName: string;
	address: string;
	countryCode: string;
	fulfillsOnlineOrders: boolean;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const locations = await readConnection<CloudshelfLocation>(
				client,
				'Locations',
				LOCATIONS_QUERY,
				'locations',
				LOCATIONS_PAGE_SIZE,
				{
					limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number),
				},
			);
			const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
			results.succeed(
				itemIndex,
				locations.map(
					(location): IDataObject =>
						simplify
							? {
									locationId: location.platformProvidedId ?? location.id,
									key: keyOf('location', location.platformProvidedId) ?? null,
									displayName: location.displayName,
									address: location.address,
									countryCode: location.countryCode,
									fulfillsOnlineOrders: location.fulfillsOnlineOrders,
								}
							: { ...location },
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
