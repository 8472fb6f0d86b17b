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

/** Value of "Leave Unchanged": no status is sent (OrderInput.status is optional), Cloudshelf keeps its own. */
export const STATUS_UNCHANGED = 'unchanged';

export const ORDER_STATUS_UPDATE_OPTIONS = [
	{
		name: 'Leave Unchanged',
		value: STATUS_UNCHANGED,
		description: 'Only record the order system reference',
	},
	...ORDER_STATUS_OPTIONS,
];

export const stockBufferProperty: INodeProperties = {
	displayName: 'Stock Buffer',
	name: 'stockBuffer',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Quantity held back from kiosks at each location: what is shown is the quantity minus this, never below 0',
};
