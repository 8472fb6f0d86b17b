/**
 * What the sale order listings (Sale Order → Get Many, Fulfilment → Get Many) share below their
 * window: Return All / Limit, the Tag option, Simplify.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { unsafeValue } from '../../requests';
import { simplifyProperty } from '../common.descriptions';

const tagOption: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'string',
	default: '',
	placeholder: 'cloudshelf',
	description:
		'Only sale orders carrying this tag, e.g. cloudshelf for the orders Sale Order → Create made from Cloudshelf orders',
};

export const listingProperties: INodeProperties[] = [
	...returnAllProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [tagOption],
	},
	simplifyProperty,
];

/** The item's Tag option, trimmed; undefined when empty. */
export function readTag(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const tag = String(options.tag ?? '').trim();
	if (unsafeValue(tag)) {
		throw new NodeOperationError(context.getNode(), `Tag "${tag}" contains { or }`, {
			itemIndex,
			description: 'Stokly filters cannot carry { or }; use another tag.',
		});
	}
	return tag || undefined;
}
