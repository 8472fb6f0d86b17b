import type { INodeProperties } from 'n8n-workflow';

import { simplifyProperty as sharedSimplifyProperty } from '../../shared/descriptions';

export const simplifyProperty = sharedSimplifyProperty('Cloudshelf');

export const ORDER_STATUS_OPTIONS = [
	{ name: 'Draft Basket', value: 'DRAFT_BASKET' },
	{ name: 'Paid', value: 'PAID' },
	{ name: 'Partially Refunded', value: 'PARTIALLY_REFUNDED' },
	{ name: 'Placed', value: 'PLACED' },
	{ name: 'Refunded', value: 'REFUNDED' },
	{ name: 'Voided', value: 'VOIDED' },
];

/** Table from the locations of incoming records to Cloudshelf locations (stock push, stock check). */
export const locationMappingProperty: INodeProperties = {
	displayName: 'Location Mapping',
	name: 'locationMapping',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Location',
	default: {},
	description:
		'Which Cloudshelf location each incoming location is. Cloudshelf Location takes the location key used when the location was upserted by this node, or a Cloudshelf ID (gid://…).',
	options: [
		{
			name: 'mapping',
			displayName: 'Location',
			values: [
				{
					displayName: 'Incoming Location',
					name: 'sourceLocation',
					type: 'string',
					default: '',
					placeholder: 'Oxford Street',
					description: 'The location field of incoming stock levels, e.g. a Linnworks location name',
				},
				{
					displayName: 'Cloudshelf Location',
					name: 'cloudshelfLocation',
					type: 'string',
					default: '',
					placeholder: 'oxford-street',
				},
				{
					displayName: 'Display Name',
					name: 'displayName',
					type: 'string',
					default: '',
					description: 'Shown on kiosks by the live stock check; empty uses the incoming location',
				},
				{
					displayName: 'Fulfils Online Orders',
					name: 'fulfillsOnlineOrders',
					type: 'boolean',
					default: false,
					description: 'Whether this location ships orders (reported by the live stock check)',
				},
			],
		},
	],
};

export const stockBufferProperty: INodeProperties = {
	displayName: 'Stock Buffer',
	name: 'stockBuffer',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'Quantity held back from kiosks at each location: what is shown is the quantity minus this, never below 0',
};
