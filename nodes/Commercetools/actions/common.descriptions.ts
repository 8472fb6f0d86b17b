import type { INodeProperties } from 'n8n-workflow';

import { simplifyProperty as sharedSimplifyProperty } from '../../shared/descriptions';

export const simplifyProperty = sharedSimplifyProperty('commercetools');

export const EXPRESSION_HINT =
	'Choose from the list, or specify keys using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** Supply channels (role InventorySupply) by key, from the editor drop-down. */
export const supplyChannelsProperty: INodeProperties = {
	displayName: 'Supply Channel Names or Keys',
	name: 'channels',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getSupplyChannels' },
	default: [],
	description:
		'Only these supply channels (role InventorySupply); leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const localeProperty: INodeProperties = {
	displayName: 'Locale',
	name: 'locale',
	type: 'string',
	default: 'en',
	description:
		'Language of names and text attributes, e.g. en or de-DE; when a text has no value in it, the same language in another region, then the first value given, is used',
};

/** A list of SKUs typed one per line or separated by commas. */
export function readList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\n,]/);
	return [...new Set(raw.map((entry) => entry.trim()).filter(Boolean))];
}
