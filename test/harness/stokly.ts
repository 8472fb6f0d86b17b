/**
 * A Stokly sandbox on a free port plus a runner whose credential points at it, a workflow builder
 * for one Stokly node, n8n's own load-options context, and a seed most tests share.
 */
import type { IDataObject, INode, INodePropertyOptions } from 'n8n-workflow';

import type { StoklySandboxOptions } from '../../sandbox/stokly/server';
import type { SeedData } from '../../sandbox/stokly/state';
import { PACKAGE_NAME } from './node-types';
import { WorkflowRunner, type WorkflowJson } from './run-workflow';
import {
	loadOptionsContext,
	loadOptionsOf,
	platformNodeWorkflow,
	sandboxCredentials,
	startPlatform,
	type PlatformFixture,
	type PlatformNode,
} from './platform';

export { SANDBOX_ACCOUNT, type StoklySandbox } from '../../sandbox/stokly/server';

export const STOKLY = `${PACKAGE_NAME}.stokly`;
export const STOKLY_TRIGGER = `${PACKAGE_NAME}.stoklyTrigger`;
/** The Stokly sandbox credential, as a node's `credentials`. */
export const STOKLY_CREDENTIALS = sandboxCredentials('stokly');
const STOKLY_NODE: PlatformNode = { name: 'Stokly', type: STOKLY, credentials: STOKLY_CREDENTIALS };

export type StoklyFixture = PlatformFixture<'stokly'>;

export async function startStokly(
	options: StoklySandboxOptions = {},
	seed: SeedData | undefined = STOKLY_SEED,
): Promise<StoklyFixture> {
	return await startPlatform('stokly', options, seed && ((sandbox) => sandbox.state.seed(seed)));
}

/** Manual trigger → one Stokly node (named "Stokly") with these parameters, fed `input` items. */
export function stoklyWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return platformNodeWorkflow(STOKLY_NODE, parameters, input, extra);
}

/**
 * A warehouse with two bins and a store, a Cloudshelf channel, a tee in three sizes under a
 * variable parent (M has a barcode and an image), a simple cap, an archived mug, and stock.
 */
export const STOKLY_SEED: SeedData = {
	locations: [
		{ name: 'London Warehouse', bins: ['Default', 'Overflow'] },
		{ name: 'Oxford Street' },
	],
	channels: [{ name: 'Cloudshelf' }, { name: 'Website', type: 6 }],
	items: [
		{ sku: 'TEE-RED', name: 'Tee red', images: ['https://images.example.com/tee-red.jpg'] },
		{
			sku: 'TEE-RED-M',
			name: 'Tee red M',
			parentSku: 'TEE-RED',
			salePrice: 16.66,
			barcodes: ['5012345678900'],
			attributes: [{ name: 'Size', value: 'M' }],
			stock: { 'London Warehouse': 10, 'Oxford Street': 3 },
		},
		{
			sku: 'TEE-RED-L',
			name: 'Tee red L',
			parentSku: 'TEE-RED',
			salePrice: 16.66,
			attributes: [{ name: 'Size', value: 'L' }],
			stock: { 'London Warehouse': 5 },
		},
		{
			sku: 'TEE-RED-XL',
			name: 'Tee red XL',
			parentSku: 'TEE-RED',
			salePrice: 16.66,
			attributes: [{ name: 'Size', value: 'XL' }],
		},
		{
			sku: 'CAP-BLUE',
			name: 'Cap blue',
			salePrice: 12.5,
			stock: { 'London Warehouse': 0, 'Oxford Street': 7 },
		},
	],
};

/**
 * n8n's own LoadOptionsContext for a Stokly node, with the runner's credential: what the editor's
 * drop-downs run in.
 */
export function stoklyContext(runner: WorkflowRunner, parameters: IDataObject = {}) {
	return loadOptionsContext(runner, STOKLY_NODE, parameters);
}

/** What an editor drop-down of the Stokly node offers (`methods.loadOptions[method]`). */
export async function stoklyLoadOptions(
	runner: WorkflowRunner,
	method: string,
	parameters: IDataObject = {},
): Promise<INodePropertyOptions[]> {
	return await loadOptionsOf(runner, STOKLY_NODE, method, parameters);
}
