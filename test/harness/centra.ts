/** A Centra sandbox on a free port plus a runner whose two credentials point at it. */
import type { IDataObject, INode, INodePropertyOptions } from 'n8n-workflow';

import type { CentraSandboxOptions } from '../../sandbox/centra/server';
import type { SeedData } from '../../sandbox/centra/state';
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

export const CENTRA = `${PACKAGE_NAME}.centra`;
export const CENTRA_TRIGGER = `${PACKAGE_NAME}.centraTrigger`;
/** The Centra sandbox credentials, as a node's `credentials`. */
export const CENTRA_CREDENTIALS = sandboxCredentials('centra');
const CENTRA_NODE: PlatformNode = { name: 'Centra', type: CENTRA, credentials: CENTRA_CREDENTIALS };

export type CentraFixture = PlatformFixture<'centra'>;

export async function startCentra(
	options: CentraSandboxOptions = {},
	seed?: SeedData,
): Promise<CentraFixture> {
	return await startPlatform('centra', options, seed && ((sandbox) => sandbox.state.seed(seed)));
}

/** Manual trigger → one Centra node with these parameters, fed `input` items. */
export function centraWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return platformNodeWorkflow(CENTRA_NODE, parameters, input, extra);
}

/**
 * Two stores and a web warehouse, a tee in three sizes and a cap, two markets and pricelists, two
 * shipping options. Stock is physical (allocated 0) unless given.
 */
export const CENTRA_STORES: SeedData = {
	warehouses: [{ name: 'Web Warehouse' }, { name: 'Oxford Street' }, { name: 'Soho' }],
	products: [
		{
			name: 'Tee',
			variants: [
				{
					name: 'Red',
					variantNumber: 'TEE-RED',
					sizes: [
						{
							size: 'M',
							SKU: 'TEE-RED-M',
							price: 19.99,
							stock: { 'Web Warehouse': 10, 'Oxford Street': { physical: 5, allocated: 2 } },
						},
						{ size: 'L', SKU: 'TEE-RED-L', price: 19.99, stock: { 'Web Warehouse': 4 } },
						{ size: 'XL', SKU: 'TEE-RED-XL', price: 19.99 },
					],
				},
			],
		},
		{
			name: 'Cap',
			variants: [
				{
					name: 'Blue',
					sizes: [
						{
							size: 'One Size',
							SKU: 'CAP-BLUE',
							price: 14.99,
							stock: { 'Web Warehouse': 0, 'Oxford Street': 7, Soho: 2 },
						},
					],
				},
			],
		},
	],
	markets: [
		{ name: 'Retail UK', countries: ['GB'], warehouse: 'Oxford Street' },
		{ name: 'Web EU', countries: ['SE', 'DE'], warehouse: 'Web Warehouse' },
	],
	pricelists: [
		{ name: 'GBP Retail', currency: 'GBP', countries: ['GB'] },
		{ name: 'EUR Web', currency: 'EUR', countries: ['SE', 'DE'] },
	],
	shippingOptions: [
		{ name: 'Store Pickup', uri: 'store-pickup' },
		{ name: 'Standard Delivery', uri: 'standard' },
	],
};

/**
 * n8n's own LoadOptionsContext for a Centra node, with the runner's credentials: what the editor's
 * drop-downs run in, and a context in which a test can make client calls directly.
 */
export function centraContext(runner: WorkflowRunner, parameters: IDataObject = {}) {
	return loadOptionsContext(runner, CENTRA_NODE, parameters);
}

/** What an editor drop-down of the Centra node offers (`methods.loadOptions[method]`). */
export async function centraLoadOptions(
	runner: WorkflowRunner,
	method: string,
	parameters: IDataObject = {},
): Promise<INodePropertyOptions[]> {
	return await loadOptionsOf(runner, CENTRA_NODE, method, parameters);
}
