/** Editor parameters of Order → Import, with its mapping tables (supply channel, store, shipping method, SKU). */
import type { INodeProperties } from 'n8n-workflow';

import { MappingTable, skuMappingTable } from '../../../../shared/mapping';
import { guestCustomerProperties, orderInputProperties } from '../../../../shared/orderInput';
import { simplifyProperty } from '../../common.descriptions';

const EXPRESSION_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

export interface SupplyChannelRow {
	location: string;
	channel: string;
}

/** Order location → supply channel key of the order's line items. */
export const supplyChannelTable = new MappingTable<SupplyChannelRow>({
	name: 'supplyChannelMapping',
	displayName: 'Supply Channel Mapping',
	description:
		'The supply channel (role InventorySupply) the order\'s line items are supplied from, per order location (store or kiosk). Locations not listed are handled as set in "Unmapped Locations".',
	rowName: 'Location',
	subject: 'location',
	key: 'location',
	requiredColumns: ['channel'],
	columns: [
		{
			displayName: 'Order Location',
			name: 'location',
			type: 'string',
			default: '',
			placeholder: 'Oxford Street Kiosk',
			description: 'The location of incoming orders',
		},
		{
			displayName: 'Supply Channel Name or ID',
			name: 'channel',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSupplyChannels' },
			default: '',
			description:
				'The supply channel; the value is the channel key. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	unmapped: {
		parameter: 'unmappedSupplyChannel',
		displayName: 'Unmapped Locations',
		default: 'default',
		policies: {
			default: 'The channel set below is used (empty: line items without a supply channel)',
			passThrough: "The order's location is used as the supply channel key",
			error: 'The order fails with the location named, so it can be mapped and replayed',
		},
		defaults: {
			channel: {
				default: '',
				description: `Supply channel of orders from unmapped locations; empty for none. ${EXPRESSION_HINT}`,
			},
		},
	},
});

export interface StoreRow {
	location: string;
	store: string;
}

/** Order location → store key of the imported order. */
export const storeTable = new MappingTable<StoreRow>({
	name: 'storeMapping',
	displayName: 'Store Mapping',
	description:
		'The commercetools store the order is imported into, per order location. Locations not listed are handled as set in "Unmapped Store Locations".',
	rowName: 'Location',
	subject: 'location',
	key: 'location',
	requiredColumns: ['store'],
	columns: [
		{
			displayName: 'Order Location',
			name: 'location',
			type: 'string',
			default: '',
			placeholder: 'Oxford Street Kiosk',
			description: 'The location of incoming orders',
		},
		{
			displayName: 'Store Key',
			name: 'store',
			type: 'string',
			default: '',
			placeholder: 'uk-retail',
			description: 'Key of the commercetools store',
		},
	],
	unmapped: {
		parameter: 'unmappedStore',
		displayName: 'Unmapped Store Locations',
		default: 'default',
		policies: {
			default: 'The store set below is used (empty: the order belongs to no store)',
			passThrough: "The order's location is used as the store key",
			error: 'The order fails with the location named, so it can be mapped and replayed',
		},
		defaults: {
			store: {
				default: '',
				description: 'Store of orders from unmapped locations; empty for none',
			},
		},
	},
});

export interface ShippingMethodRow {
	shippingMethod: string;
	shippingMethodName: string;
}

/** Canonical shipping method → the shipping method name recorded on the order's shippingInfo. */
export const shippingMethodTable = new MappingTable<ShippingMethodRow>({
	name: 'shippingMethodMapping',
	displayName: 'Shipping Method Mapping',
	description:
		'The shipping method name recorded on the imported order, per shipping method of incoming orders',
	rowName: 'Shipping Method',
	subject: 'shipping method',
	key: 'shippingMethod',
	requiredColumns: ['shippingMethodName'],
	columns: [
		{
			displayName: 'Shipping Method',
			name: 'shippingMethod',
			type: 'string',
			default: '',
			placeholder: 'Home Delivery',
			description: 'The shippingMethod of incoming orders',
		},
		{
			displayName: 'Shipping Method Name',
			description: 'The shipping method name recorded on the commercetools order',
			name: 'shippingMethodName',
			type: 'string',
			default: '',
			placeholder: 'DHL Standard',
		},
	],
	unmapped: {
		parameter: 'unmappedShippingMethod',
		displayName: 'Unmapped Shipping Methods',
		default: 'passThrough',
		policies: {
			passThrough: "The order's shipping method is recorded as it is",
			error: 'The order fails with the shipping method named, so it can be mapped and replayed',
		},
	},
});

export const skuTable = skuMappingTable('commercetools');

export const properties: INodeProperties[] = [
	...orderInputProperties,
	{
		displayName: 'Order Number Prefix',
		name: 'orderNumberPrefix',
		type: 'string',
		default: '',
		placeholder: 'KIOSK-',
		description:
			"Put before the order's reference to make the commercetools order number (unique in the project, the key a replay finds the order by). Keep it the same for every run.",
	},
	...supplyChannelTable.properties(),
	...storeTable.properties(),
	...shippingMethodTable.properties(),
	{
		displayName: 'Shipping Method Name for Orders Without One',
		name: 'defaultShippingMethodName',
		type: 'string',
		default: 'Standard',
		description:
			'Every order is imported with shipping info (deliveries can only be added to an order that has it); orders that name no shipping method get this name',
	},
	...skuTable.properties(),
	...guestCustomerProperties({
		name: 'Name used on the addresses of orders without a customer name',
		email: 'E-mail recorded on orders without one, e.g. the store mailbox; empty leaves it unset',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'GB',
				description:
					'Country (ISO 3166-1 alpha-2) of addresses that name none and of line tax rates; an address needs a country in commercetools',
			},
			{
				displayName: 'Inventory Mode',
				name: 'inventoryMode',
				type: 'options',
				default: 'None',
				options: [
					{
						name: 'None',
						value: 'None',
						description: 'Stock is not changed (the source system already took it)',
					},
					{
						name: 'Track Only',
						value: 'TrackOnly',
						description: 'Stock of the supply channel is decremented, and may go negative',
					},
					{
						name: 'Reserve on Order',
						value: 'ReserveOnOrder',
						description:
							'Stock is reserved; an order without enough stock is refused (error output)',
					},
				],
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: 'en',
				description: 'Locale of the line item names written and read',
			},
		],
	},
	simplifyProperty,
];
