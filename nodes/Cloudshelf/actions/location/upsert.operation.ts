import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { textParameter } from '../../../shared/parameters';
import { externalId } from '../../model';
import { UPSERT_LOCATIONS } from '../../queries';
import { LIMITS, type CloudshelfClient } from '../../transport';
import { upsertInBatches, type UpsertRow } from '../upsert';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['location'], operation: ['upsert'] } },
	[
		{
			displayName: 'Location Key',
			name: 'locationKey',
			type: 'string',
			default: '={{ $json.name }}',
			required: true,
			description:
				'Your stable identifier of the store or warehouse (e.g. its name in Linnworks); stored as external ID gid://external/RetailSyncLocation/&lt;key&gt;, so stock and mappings can refer to it',
		},
		{
			displayName: 'Display Name',
			name: 'displayName',
			type: 'string',
			default: '={{ $json.name }}',
			required: true,
		},
		{
			displayName: 'Address',
			name: 'address',
			type: 'string',
			default: '',
			placeholder: '1 High Street, London W1 1AA',
		},
		{
			displayName: 'Country Code',
			name: 'countryCode',
			type: 'string',
			default: 'GB',
			description: 'ISO 3166-1 alpha-2 code',
		},
		{
			displayName: 'Fulfils Online Orders',
			name: 'fulfillsOnlineOrders',
			type: 'boolean',
			default: false,
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const rows: UpsertRow[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const key = textParameter(this, 'locationKey', itemIndex);
		const displayName = textParameter(this, 'displayName', itemIndex);
		if (!key || !displayName) {
			results.fail(
				itemIndex,
				new NodeOperationError(
					this.getNode(),
					`Item ${itemIndex}: ${key ? 'Display Name' : 'Location Key'} is empty`,
					{
						itemIndex,
						description: 'Map Location Key and Display Name to fields of the input item.',
					},
				),
			);
			continue;
		}
		const id = externalId('location', key);
		rows.push({
			itemIndex,
			ids: [id],
			input: {
				id,
				displayName,
				address: textParameter(this, 'address', itemIndex),
				countryCode: (textParameter(this, 'countryCode', itemIndex) || 'GB').toUpperCase(),
				fulfillsOnlineOrders: this.getNodeParameter(
					'fulfillsOnlineOrders',
					itemIndex,
					false,
				) as boolean,
			},
		});
	}
	const accepted = await upsertInBatches.call(
		this,
		client,
		rows,
		{
			operation: 'UpsertLocations',
			query: UPSERT_LOCATIONS,
			field: 'upsertLocations',
			variables: (input) => ({ input }),
			batchSize: LIMITS.upsertRowsPerCall,
			hint: 'Check the location fields (country code, display name).',
		},
		results,
	);
	for (const row of accepted) {
		results.succeed(row.itemIndex, {
			locationId: row.input.id,
			key: textParameter(this, 'locationKey', row.itemIndex),
			displayName: row.input.displayName,
		});
	}
	return results.toArray();
}
