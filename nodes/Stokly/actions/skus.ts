/** SKU selection and SKU errors, worded once for every Stokly operation that reads SKUs. */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';

import { readList } from './common.descriptions';

/** Selection (All Items | By SKU) and the SKUs field. */
export function skuSelectionProperties(bySkuDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Selection',
			name: 'selection',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'All Items', value: 'all' },
				{ name: 'By SKU', value: 'bySku', description: bySkuDescription },
			],
		},
		{
			displayName: 'SKUs',
			name: 'skus',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'TEE-RED-M, TEE-RED-L',
			description: 'SKUs separated by commas or new lines',
			displayOptions: { show: { selection: ['bySku'] } },
		},
	];
}

/** The SKUs of a By SKU selection; none given fails the item. */
export function readSkus(context: IExecuteFunctions, itemIndex: number): string[] {
	const skus = readList(context.getNodeParameter('skus', itemIndex, ''));
	if (!skus.length) {
		throw new NodeOperationError(context.getNode(), 'No SKUs given', {
			itemIndex,
			description: 'Enter the SKUs to read, or choose All Items.',
		});
	}
	return skus;
}

/** A SKU holding `{` or `}`, which a Stokly filter cannot carry. */
export function unsafeSkuError(
	node: INode,
	sku: string,
	itemIndex: number,
	fix = 'remove it from SKUs',
): NodeOperationError {
	return new NodeOperationError(
		node,
		`SKU ${sku} contains { or }, which Stokly filters cannot carry`,
		{
			itemIndex,
			description: `Such a SKU cannot be looked up in Stokly; rename it there, or ${fix}.`,
		},
	);
}

/** A SKU no Stokly item has. */
export function unknownSkuError(
	node: INode,
	sku: string,
	itemIndex: number,
	fix = 'remove it from SKUs',
): NodeOperationError {
	return new NodeOperationError(node, `SKU ${sku} is on no Stokly item`, {
		itemIndex,
		description: `Check the SKU in Stokly (Items), or ${fix}.`,
	});
}
