/** A Cloudshelf sandbox on a free port plus a runner whose credential points at it. */
import type { IDataObject, INode } from 'n8n-workflow';

import type { CloudshelfSandbox } from '../../sandbox/cloudshelf/server';
import type { CloudshelfSeed } from '../../sandbox/cloudshelf/state';
import { startSandbox } from '../../sandbox/index';
import { credentialOf } from '../../sandbox/registry';
import { PACKAGE_NAME } from './node-types';
import { WorkflowRunner, singleNodeWorkflow, type WorkflowJson } from './run-workflow';

export const CLOUDSHELF = `${PACKAGE_NAME}.cloudshelf`;
export const CLOUDSHELF_TRIGGER = `${PACKAGE_NAME}.cloudshelfTrigger`;
const CREDENTIAL = credentialOf('cloudshelf');
export const CLOUDSHELF_CREDENTIALS = {
	[CREDENTIAL.type]: { id: 'cred-cloudshelf', name: CREDENTIAL.name },
};

export interface CloudshelfFixture {
	sandbox: CloudshelfSandbox;
	runner: WorkflowRunner;
	close(): Promise<void>;
}

export async function startCloudshelf(seed?: CloudshelfSeed): Promise<CloudshelfFixture> {
	const sandbox = await startSandbox('cloudshelf');
	if (seed) sandbox.state.seed(seed);
	const runner = WorkflowRunner.forSandboxes({ cloudshelf: sandbox.baseUrl });
	return { sandbox, runner, close: () => sandbox.close() };
}

export function cloudshelfWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return singleNodeWorkflow(
		{
			name: 'Cloudshelf',
			type: CLOUDSHELF,
			parameters: parameters as INode['parameters'],
			credentials: CLOUDSHELF_CREDENTIALS,
			...extra,
		},
		input,
	);
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
