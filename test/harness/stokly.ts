/**
 * A Stokly sandbox on a free port plus a runner whose credential points at it, a workflow builder
 * for one Stokly node, n8n's own load-options context, and a seed most tests share.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodePropertyOptions,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { startSandbox } from '../../sandbox/index';
import { credentialOf } from '../../sandbox/registry';
import type { StoklySandbox, StoklySandboxOptions } from '../../sandbox/stokly/server';
import type { SeedData } from '../../sandbox/stokly/state';
import { PACKAGE_NAME, nodeTypes } from './node-types';
import { WorkflowRunner, singleNodeWorkflow, type WorkflowJson } from './run-workflow';

export { SANDBOX_ACCOUNT, type StoklySandbox } from '../../sandbox/stokly/server';

export const STOKLY = `${PACKAGE_NAME}.stokly`;
export const STOKLY_TRIGGER = `${PACKAGE_NAME}.stoklyTrigger`;
const CREDENTIAL = credentialOf('stokly', 'stoklyApi');
/** The Stokly credential, as a node's `credentials`. */
export const STOKLY_CREDENTIALS = {
	[CREDENTIAL.type]: { id: 'cred-stokly', name: CREDENTIAL.name },
};

export interface StoklyFixture {
	sandbox: StoklySandbox;
	runner: WorkflowRunner;
	close(): Promise<void>;
}

export async function startStokly(
	options: StoklySandboxOptions = {},
	seed: SeedData | undefined = STOKLY_SEED,
): Promise<StoklyFixture> {
	const sandbox = await startSandbox('stokly', options);
	if (seed) sandbox.state.seed(seed);
	const runner = WorkflowRunner.forSandboxes({ stokly: sandbox.baseUrl });
	return { sandbox, runner, close: () => sandbox.close() };
}

/** Manual trigger → one Stokly node (named "Stokly") with these parameters, fed `input` items. */
export function stoklyWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return singleNodeWorkflow(
		{
			name: 'Stokly',
			type: STOKLY,
			parameters: parameters as INode['parameters'],
			credentials: STOKLY_CREDENTIALS,
			...extra,
		},
		input,
	);
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
	const workflow = runner.workflow(stoklyWorkflow(parameters));
	const node = workflow.getNode('Stokly')!;
	const additionalData = {
		credentialsHelper: runner.credentials,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
}

/** What an editor drop-down of the Stokly node offers (`methods.loadOptions[method]`). */
export async function stoklyLoadOptions(
	runner: WorkflowRunner,
	method: string,
	parameters: IDataObject = {},
): Promise<INodePropertyOptions[]> {
	const type = nodeTypes.getByNameAndVersion(STOKLY, 1);
	const load = type.methods?.loadOptions?.[method];
	if (!load) throw new Error(`The Stokly node has no loadOptions method ${method}`);
	return await load.call(stoklyContext(runner, parameters));
}
