/** A Cloudshelf sandbox on a free port plus a runner whose credential points at it. */
import type { IDataObject, INode } from 'n8n-workflow';

import type { CloudshelfSeed } from '../../sandbox/cloudshelf/state';
import { PACKAGE_NAME } from './node-types';
import type { WorkflowJson } from './run-workflow';
import {
	platformNodeWorkflow,
	sandboxCredentials,
	startPlatform,
	type PlatformFixture,
	type PlatformNode,
} from './platform';

export const CLOUDSHELF = `${PACKAGE_NAME}.cloudshelf`;
export const CLOUDSHELF_TRIGGER = `${PACKAGE_NAME}.cloudshelfTrigger`;
/** The Cloudshelf sandbox credential, as a node's `credentials`. */
export const CLOUDSHELF_CREDENTIALS = sandboxCredentials('cloudshelf');
const CLOUDSHELF_NODE: PlatformNode = {
	name: 'Cloudshelf',
	type: CLOUDSHELF,
	credentials: CLOUDSHELF_CREDENTIALS,
};

export type CloudshelfFixture = PlatformFixture<'cloudshelf'>;

export async function startCloudshelf(seed?: CloudshelfSeed): Promise<CloudshelfFixture> {
	return await startPlatform(
		'cloudshelf',
		undefined,
		seed && ((sandbox) => sandbox.state.seed(seed)),
	);
}

export function cloudshelfWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return platformNodeWorkflow(CLOUDSHELF_NODE, parameters, input, extra);
}

const variant = (sku: string) => ({
	id: `gid://external/RetailSyncVariant/${encodeURIComponent(sku)}`,
	sku,
	displayName: sku,
	currentPrice: 19.99,
});

/** Two stores and a small catalogue pushed under the Retail Sync external-id convention. */
export const KIOSK_CATALOGUE: CloudshelfSeed = {
	locations: [
		{
			id: 'gid://external/RetailSyncLocation/oxford-street',
			displayName: 'Oxford Street',
			fulfillsOnlineOrders: false,
		},
		{
			id: 'gid://external/RetailSyncLocation/london-warehouse',
			displayName: 'London Warehouse',
			fulfillsOnlineOrders: true,
		},
	],
	products: [
		{
			id: 'gid://external/RetailSyncProduct/TEE-RED',
			displayName: 'Tee red',
			variants: [variant('TEE-RED-M'), variant('TEE-RED-L')],
		},
		{
			id: 'gid://external/RetailSyncProduct/CAP-BLUE',
			displayName: 'Cap blue',
			variants: [variant('CAP-BLUE')],
		},
	],
};

export const STOCK_LOCATIONS = {
	locationMapping: {
		mapping: [
			{
				sourceLocation: 'Oxford Street',
				cloudshelfLocation: 'oxford-street',
				displayName: 'Oxford Street',
			},
			{
				sourceLocation: 'London Warehouse',
				cloudshelfLocation: 'london-warehouse',
				displayName: 'Warehouse',
				fulfillsOnlineOrders: true,
			},
		],
	},
};
