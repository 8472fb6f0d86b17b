/** A Centra sandbox on a free port plus a runner whose two credentials point at it. */
import { LoadOptionsContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodePropertyOptions,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { CentraSandbox, CentraSandboxOptions } from '../../sandbox/centra/server';
import type { SeedData } from '../../sandbox/centra/state';
import { startSandbox } from '../../sandbox/index';
import { credentialOf } from '../../sandbox/registry';
import { PACKAGE_NAME, nodeTypes } from './node-types';
import { WorkflowRunner, singleNodeWorkflow, type WorkflowJson } from './run-workflow';

export const CENTRA = `${PACKAGE_NAME}.centra`;
export const CENTRA_TRIGGER = `${PACKAGE_NAME}.centraTrigger`;
const INTEGRATION = credentialOf('centra', 'centraIntegrationApi');
const ORDER = credentialOf('centra', 'centraOrderApi');
/** Both Centra credentials, as a node's `credentials` (a node uses those its description lists). */
export const CENTRA_CREDENTIALS = {
	[INTEGRATION.type]: { id: 'cred-centra', name: INTEGRATION.name },
	[ORDER.type]: { id: 'cred-centra-order', name: ORDER.name },
};

export interface CentraFixture {
	sandbox: CentraSandbox;
	runner: WorkflowRunner;
	close(): Promise<void>;
}

export async function startCentra(
	options: CentraSandboxOptions = {},
	seed?: SeedData,
): Promise<CentraFixture> {
	const sandbox = await startSandbox('centra', options);
	if (seed) sandbox.state.seed(seed);
	const runner = WorkflowRunner.forSandboxes({ centra: sandbox.baseUrl });
	return { sandbox, runner, close: () => sandbox.close() };
}

/** Manual trigger → one Centra node with these parameters, fed `input` items. */
export function centraWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return singleNodeWorkflow(
		{
			name: 'Centra',
			type: CENTRA,
			parameters: parameters as INode['parameters'],
			credentials: CENTRA_CREDENTIALS,
			...extra,
		},
		input,
	);
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
	const workflow = runner.workflow(centraWorkflow(parameters));
	const node = workflow.getNode('Centra')!;
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

/** What an editor drop-down of the Centra node offers (`methods.loadOptions[method]`). */
export async function centraLoadOptions(
	runner: WorkflowRunner,
	method: string,
	parameters: IDataObject = {},
): Promise<INodePropertyOptions[]> {
	const type = nodeTypes.getByNameAndVersion(CENTRA, 1);
	const load = type.methods?.loadOptions?.[method];
	if (!load) throw new Error(`The Centra node has no loadOptions method ${method}`);
	return await load.call(centraContext(runner, parameters));
}
