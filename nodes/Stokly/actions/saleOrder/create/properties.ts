/** Editor parameters of Sale Order → Create, with its mapping tables (location, payment method, SKU). */
import type { INodeProperties } from 'n8n-workflow';

import { MappingTable, skuMappingTable } from '../../../../shared/mapping';
import { guestCustomerProperties, orderInputProperties } from '../../../../shared/orderInput';
import { EXPRESSION_HINT } from '../../common.descriptions';
import { paymentMethodTable } from '../../paymentMethods';

export interface OrderLocationRow {
	orderLocation: string;
	channel: string;
	location: string;
}

/** Store or kiosk → the Stokly channel the sale order is filed under and the location that fulfils it. */
export const orderLocationTable = new MappingTable<OrderLocationRow>({
	name: 'locationMapping',
	displayName: 'Location Mapping',
	description:
		'Where orders from each store or kiosk go in Stokly: the sales channel the sale order is filed under (its source) and the Stokly location that fulfils it',
	rowName: 'Location',
	subject: 'location',
	key: 'orderLocation',
	requiredColumns: ['channel', 'location'],
	columns: [
		{
			displayName: 'Order Location',
			name: 'orderLocation',
			type: 'string',
			default: '',
			placeholder: 'Hereford Kiosk',
			description: 'The location field of incoming orders (the store or kiosk)',
		},
		{
			displayName: 'Channel Name or ID',
			name: 'channel',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getChannels' },
			default: '',
			description:
				'The Stokly sales channel of the sale order (its source), e.g. a channel made for Cloudshelf. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Fulfilment Location Name or ID',
			name: 'location',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getLocations' },
			default: '',
			description:
				'The Stokly location the lines of the order are fulfilled from. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	unmapped: {
		parameter: 'unmappedLocation',
		displayName: 'Unmapped Locations',
		default: 'error',
		policies: {
			error: 'The order fails with the location named, so nothing is filed under the wrong store',
			default: 'Orders from locations not in the table go to the channel and location below',
		},
		defaults: {
			channel: { description: `Channel of orders from unmapped locations. ${EXPRESSION_HINT}` },
			location: {
				description: `Fulfilment location of orders from unmapped locations. ${EXPRESSION_HINT}`,
			},
		},
	},
});

export const skuTable = skuMappingTable('Stokly');

export const properties: INodeProperties[] = [
	...orderInputProperties,
	...orderLocationTable.properties(),
	...paymentMethodTable.properties(),
	...skuTable.properties(),
	{
		displayName: 'Fulfilment',
		name: 'fulfilmentType',
		type: 'options',
		default: 'delivery',
		description: 'How the lines reach the customer',
		options: [
			{
				name: 'Ship From the Fulfilment Location',
				value: 'delivery',
				description:
					'Endless aisle: the lines are delivered from the mapped fulfilment location (fulfilment type delivery)',
			},
			{
				name: 'Taken in Store',
				value: 'none',
				description: 'A till sale the customer took with them (fulfilment type none)',
			},
			{
				name: 'Collect in Store',
				value: 'collection',
				description:
					'Collected at the fulfilment location later (fulfilment type collection, not seen in Stokly client code)',
			},
		],
	},
	{
		displayName: 'Backorder Check',
		name: 'backorderCheck',
		type: 'options',
		default: 'flag',
		description:
			'Whether the stock of the fulfilment location is checked before the sale order is made (one stock read per 200 SKUs per location)',
		options: [
			{
				name: 'Flag Short Lines',
				value: 'flag',
				description:
					'Lines the location has too little stock for are listed in backorderedLines and the sale order is tagged backorder',
			},
			{
				name: 'Send to Error Output',
				value: 'error',
				description:
					'An order with a line the location cannot fill is not made; it goes to the error output with the lines named',
			},
			{
				name: 'Off',
				value: 'off',
				description: 'Stock is not read',
			},
		],
	},
	{
		displayName: 'Customer',
		name: 'customerMode',
		type: 'options',
		default: 'none',
		options: [
			{
				name: 'None (Guest Sale)',
				value: 'none',
				description:
					'The sale order names no Stokly customer; delivered orders carry the customer (or guest) name on their shipping',
			},
			{
				name: 'Find or Create by Email',
				value: 'findOrCreate',
				description:
					"The Stokly customer with the order's email (or the guest email) is used, or made when there is none",
			},
		],
	},
	...guestCustomerProperties({
		name: 'Shipping name of delivered orders without a customer name (anonymous kiosk sales)',
		email:
			'With Customer "Find or Create by Email": the email whose Stokly customer anonymous orders are filed under, e.g. the store mailbox; empty leaves them without a customer',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Extra Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'endless-aisle, black-friday',
				description:
					"Tags added to every sale order, separated by commas (the order's origin and location are always tagged)",
			},
			{
				displayName: 'Pending Window (Minutes)',
				name: 'pendingWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'How long a sale order Stokly accepted but does not show yet is waited for (output with pending: true, never sent again); after that a still missing order is sent again. Remembered in the workflow between production executions (n8n does not save it after manual runs).',
			},
			{
				displayName: 'Remove Duplicates From Overlapping Runs',
				name: 'removeRacingDuplicates',
				type: 'boolean',
				default: true,
				description:
					'Whether, when executions running at once (a schedule firing while the last run works) each made a sale order for the same reference, the first one (lowest number) is kept and the others are removed (stage removed, confirmed by reading them back). Off, or when Stokly does not confirm the removal, the item goes to the error output naming both orders.',
			},
			{
				displayName: 'VAT Rate for Lines Without One (%)',
				name: 'defaultTaxRate',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 20,
				description:
					'Kiosk prices include VAT; Stokly records net prices and tax. Lines that give no tax rate (and shipping) are split at this rate.',
			},
		],
	},
];
