import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { toCanonicalStore } from '../../model';
import { ChannelDirectory, queryAll, stores, type Store } from '../../requests';
import type { CommercetoolsClient } from '../../transport';
import { localeProperty, simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['getMany'] } },
	[...returnAllProperties, localeProperty, simplifyProperty],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	let wanted: number[];
	let found: Store[];
	let keys: Map<string, string>;
	try {
		wanted = items.map((_, itemIndex) =>
			this.getNodeParameter('returnAll', itemIndex, false)
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number),
		);
		// The listing does not depend on the item: read once, as far as the largest wish.
		found = await queryAll<Store>(client, (afterId, limit) => stores.query({ afterId, limit }), {
			limit: Math.max(0, ...wanted),
		});
		const simplified = items.some((_, itemIndex) =>
			this.getNodeParameter('simplify', itemIndex, true),
		);
		// Stores reference their channels by id; the simple shape names them by key.
		const directory = simplified && found.length ? await ChannelDirectory.load(client) : undefined;
		keys = directory?.keysById() ?? new Map<string, string>();
	} catch (error) {
		// The one listing serves every item: each fails (a throw for the node would let n8n's
		// Continue pass the input items on as if they were stores).
		items.forEach((_, itemIndex) => results.fail(itemIndex, error));
		return results.toArray();
	}
	items.forEach((_, itemIndex) => {
		try {
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const locale = this.getNodeParameter('locale', itemIndex, 'en') as string;
			results.succeed(
				itemIndex,
				found
					.slice(0, wanted[itemIndex])
					.map((store) =>
						simplify
							? ({ ...toCanonicalStore(store, keys, locale) } as IDataObject)
							: (store as unknown as IDataObject),
					),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	});
	return results.toArray();
}
