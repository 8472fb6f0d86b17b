import type { INodeProperties } from 'n8n-workflow';

import { simplifyProperty as sharedSimplifyProperty } from '../../shared/descriptions';

export const simplifyProperty = sharedSimplifyProperty('Stokly');

export const EXPRESSION_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** Stokly locations by ID, from the editor drop-down (empty = every location). */
export const locationsProperty: INodeProperties = {
	displayName: 'Location Names or IDs',
	name: 'locations',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getLocations' },
	default: [],
	description:
		'Only these Stokly locations (by ID, or by name in an expression); leave empty for every location. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** One Stokly location by ID. */
export const locationProperty: INodeProperties = {
	displayName: 'Location Name or ID',
	name: 'location',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getLocations' },
	default: '',
	description:
		'The Stokly location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** One Stokly channel by ID. */
export const channelProperty: INodeProperties = {
	displayName: 'Channel Name or ID',
	name: 'channel',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getChannels' },
	default: '',
	description:
		'The Stokly sales channel. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** A list of SKUs typed one per line or separated by commas. */
export function readList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\n,]/);
	return [...new Set(raw.map((entry) => entry.trim()).filter(Boolean))];
}
