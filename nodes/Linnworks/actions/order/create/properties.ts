/** Editor parameters of Order → Create, with its two mapping tables. */
import type { INodeProperties } from 'n8n-workflow';

import { MappingTable, skuMappingTable } from '../../../../shared/mapping';
import { guestCustomerProperties, orderInputProperties } from '../../../../shared/orderInput';
import { simplifyProperty } from '../../common.descriptions';

export interface OrderLocationRow {
	orderLocation: string;
	source: string;
	subSource: string;
	fulfilmentLocation: string;
}

/** Store or kiosk → the Source/SubSource the order is filed under and the location that fulfils it. */
export const orderLocationTable = new MappingTable<OrderLocationRow>({
	name: 'locationMapping',
	displayName: 'Location Mapping',
	description:
		'Where orders from each store go in Linnworks: the Source and SubSource they are filed under (together with the order reference they identify the order) and the location that fulfils them',
	rowName: 'Location',
	subject: 'location',
	key: 'orderLocation',
	columns: [
		{
			displayName: 'Order Location',
			name: 'orderLocation',
			type: 'string',
			default: '',
			placeholder: 'London Oxford Street',
			description: 'The location field of incoming orders (the store or kiosk location)',
		},
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			default: '',
			placeholder: 'CLOUDSHELF',
		},
		{
			displayName: 'SubSource',
			name: 'subSource',
			type: 'string',
			default: '',
			placeholder: 'London Oxford Street',
		},
		{
			displayName: 'Fulfilment Location Name or ID',
			name: 'fulfilmentLocation',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getLocations' },
			default: '',
			description:
				'Linnworks location that fulfils these orders; empty means Default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	unmapped: {
		parameter: 'unmappedLocation',
		displayName: 'Unmapped Locations',
		default: 'error',
		policies: {
			error: 'The order fails with the location named, so nothing is filed under the wrong store',
			default: 'Orders from locations not in the table are filed under the defaults below',
		},
		defaults: {
			source: { default: 'N8N', description: 'Source of orders from unmapped locations' },
			subSource: { description: 'Empty uses the order location' },
			fulfilmentLocation: {
				description:
					'Empty means Default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		},
	},
});

export const skuTable = skuMappingTable('Linnworks');

export const properties: INodeProperties[] = [
	...orderInputProperties,
	...orderLocationTable.properties(),
	...skuTable.properties(),
	...guestCustomerProperties({
		name: 'Buyer name used for orders without a customer name or email (anonymous kiosk sales)',
		email: 'Email used for anonymous orders, e.g. the store mailbox',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dispatch Within (Days)',
				name: 'dispatchWithinDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description:
					'Sets the Linnworks "dispatch by" date this many days after the order was placed',
			},
			{
				displayName: 'Price Tolerance (%)',
				name: 'priceTolerance',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 1 },
				default: 5,
				description:
					'When set, an order with a line whose unit price differs from the Linnworks retail price by more than this percentage goes to the error output, e.g. a stale kiosk price',
			},
			{
				displayName: 'Reject Unknown SKUs',
				name: 'rejectUnknownSkus',
				type: 'boolean',
				default: true,
				description:
					'Whether an order with a SKU that has no Linnworks stock item goes to the error output instead of being created with an unlinked line',
			},
		],
	},
	simplifyProperty,
];
