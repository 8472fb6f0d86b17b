import type { INodeProperties } from 'n8n-workflow';

import { simplifyProperty as sharedSimplifyProperty } from '../../shared/descriptions';

export const simplifyProperty = sharedSimplifyProperty('Centra');

export const EXPRESSION_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

export const warehousesProperty: INodeProperties = {
	displayName: 'Warehouse Names or IDs',
	name: 'warehouses',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getWarehouses' },
	default: [],
	description:
		'Only return levels in these warehouses; leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};
