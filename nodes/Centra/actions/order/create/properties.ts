/** Editor parameters of Order → Create, with its three mapping tables. */
import type { INodeProperties } from 'n8n-workflow';

import { MappingTable, skuMappingTable } from '../../../../shared/mapping';
import { guestCustomerProperties, orderInputProperties } from '../../../../shared/orderInput';
import { DEFAULT_ORDER_NUMBER_BASE } from '../../../model';
import { simplifyProperty } from '../../common.descriptions';

export interface OrderLocationRow {
	orderLocation: string;
	market: string;
	pricelist: string;
	shippingOption: string;
	country: string;
}

/** Store or kiosk → the Centra market, pricelist and default shipping option of its orders. */
export const orderLocationTable = new MappingTable<OrderLocationRow>({
	name: 'locationMapping',
	displayName: 'Location Mapping',
	description:
		'Where orders from each store or kiosk go in Centra: the market and pricelist they are created in, the shipping option used when the order names none, and the country used when the order carries no address',
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
			description:
				'The location of incoming orders (or the attribute chosen in "Match Location By", e.g. the kiosk name)',
		},
		{
			displayName: 'Market Name or ID',
			name: 'market',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getMarkets' },
			default: '',
			description:
				'Centra market of these orders. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Pricelist Name or ID',
			name: 'pricelist',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getPricelists' },
			default: '',
			description:
				'Centra pricelist of these orders; its currency must be the orders\' currency. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Default Shipping Option Name or ID',
			name: 'shippingOption',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getShippingOptions' },
			default: '',
			description:
				'Shipping option of orders that name no shipping method; empty lets Centra choose its default for the products and country. The value is the option\'s URI (e.g. standard), which is what the Order API takes. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'GB',
			description:
				'ISO 3166-1 alpha-2 code of the store, used for orders without an address (Centra needs a country)',
		},
	],
	unmapped: {
		parameter: 'unmappedLocation',
		displayName: 'Unmapped Locations',
		default: 'error',
		policies: {
			error: 'The order fails with the location named, so nothing is created in the wrong market',
			default: 'Orders from locations not in the table are created with the defaults below',
		},
		defaults: {
			market: {
				description:
					'Market of orders from unmapped locations. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			pricelist: {
				description:
					'Pricelist of orders from unmapped locations. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			shippingOption: {
				description:
					'Empty lets Centra choose its default shipping option. The value is the option\'s URI (e.g. standard). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			country: { description: 'Country of unmapped orders without an address' },
		},
	},
});

export interface ShippingMethodRow {
	shippingMethod: string;
	shippingOption: string;
}

/** Canonical shipping method → Centra shipping option URI. */
export const shippingMethodTable = new MappingTable<ShippingMethodRow>({
	name: 'shippingMethodMapping',
	displayName: 'Shipping Method Mapping',
	description:
		"The Centra shipping option of each shipping method orders name. Orders that name none use their location's default shipping option.",
	rowName: 'Shipping Method',
	subject: 'shipping method',
	key: 'shippingMethod',
	requiredColumns: ['shippingOption'],
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
			displayName: 'Shipping Option Name or ID',
			name: 'shippingOption',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getShippingOptions' },
			default: '',
			description:
				'Centra shipping option; the value is the option\'s URI (e.g. standard), which is what the Order API takes. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	unmapped: {
		parameter: 'unmappedShippingMethod',
		displayName: 'Unmapped Shipping Methods',
		default: 'error',
		policies: {
			error: 'The order fails with the shipping method named, so it can be mapped and replayed',
			passThrough: "The order's shipping method is used as the Centra shipping option URI",
		},
	},
});

export const skuTable = skuMappingTable('Centra');

export const properties: INodeProperties[] = [
	...orderInputProperties,
	{
		displayName: 'Match Location By',
		name: 'locationKey',
		type: 'options',
		default: 'location',
		options: [
			{
				name: 'Location',
				value: 'location',
				description: 'The location field of the order (the store)',
			},
			{
				name: 'Attribute',
				value: 'attribute',
				description:
					'An attribute of the order, e.g. deviceName for a market and pricelist per Cloudshelf kiosk',
			},
		],
		description: 'Which value of the order is looked up in the Location Mapping table',
	},
	{
		displayName: 'Attribute Name',
		name: 'locationAttribute',
		type: 'string',
		default: 'deviceName',
		displayOptions: { show: { locationKey: ['attribute'] } },
		description: 'Name of the order attribute looked up in the Location Mapping table',
	},
	...orderLocationTable.properties(),
	...shippingMethodTable.properties(),
	...skuTable.properties(),
	...guestCustomerProperties({
		name: 'Customer name used for orders without an e-mail address (anonymous kiosk sales); they are never registered as customers',
		email:
			'E-mail used for orders without one, e.g. the store mailbox; Centra needs an e-mail on every order',
	}),
	{
		displayName: 'Order Number Base',
		name: 'orderNumberBase',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_ORDER_NUMBER_BASE,
		description:
			"Centra order numbers of created orders are derived from the order reference within [base, base + 1,000,000,000), so a replay finds the order it made. Choose it once, clear of the numbers the store's own orders use, and never change it after go-live: with another base every earlier order would be created again on replay and could no longer be found by reference.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Adjust Stock',
				name: 'adjustStock',
				type: 'boolean',
				default: true,
				description:
					"Whether Centra takes the items from stock of the market's warehouses, and refuses the order (error output) when there is not enough",
			},
			{
				displayName: 'Register Customer',
				name: 'registerCustomer',
				type: 'boolean',
				default: false,
				description:
					'Whether an order with its own e-mail is attached to the Centra customer registered with it (one is created when there is none), instead of a guest customer; anonymous orders stay guest orders',
			},
			{
				displayName: 'Send Email',
				name: 'sendEmail',
				type: 'boolean',
				default: false,
				description: 'Whether Centra sends its order confirmation e-mail to the customer',
			},
		],
	},
	simplifyProperty,
];
