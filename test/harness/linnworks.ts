/** A Linnworks sandbox on a free port plus a runner whose credential points at it. */
import type { IDataObject, INode } from 'n8n-workflow';

import { startSandbox } from '../../sandbox/index';
import type { LinnworksSandbox, LinnworksSandboxOptions } from '../../sandbox/linnworks/server';
import type { SeedData } from '../../sandbox/linnworks/state';
import { credentialOf } from '../../sandbox/registry';
import { PACKAGE_NAME } from './node-types';
import { WorkflowRunner, singleNodeWorkflow, type WorkflowJson } from './run-workflow';

export const LINNWORKS = `${PACKAGE_NAME}.linnworks`;
export const LINNWORKS_TRIGGER = `${PACKAGE_NAME}.linnworksTrigger`;
const CREDENTIAL = credentialOf('linnworks');
export const LINNWORKS_CREDENTIALS = {
	[CREDENTIAL.type]: { id: 'cred-linnworks', name: CREDENTIAL.name },
};

export interface LinnworksFixture {
	sandbox: LinnworksSandbox;
	runner: WorkflowRunner;
	close(): Promise<void>;
}

export async function startLinnworks(
	options: LinnworksSandboxOptions = {},
	seed?: SeedData,
): Promise<LinnworksFixture> {
	const sandbox = await startSandbox('linnworks', options);
	if (seed) sandbox.state.seed(seed);
	const runner = WorkflowRunner.forSandboxes({ linnworks: sandbox.baseUrl });
	return { sandbox, runner, close: () => sandbox.close() };
}

/** Manual trigger → one Linnworks node with these parameters, fed `input` items. */
export function linnworksWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return singleNodeWorkflow(
		{
			name: 'Linnworks',
			type: LINNWORKS,
			parameters: parameters as INode['parameters'],
			credentials: LINNWORKS_CREDENTIALS,
			...extra,
		},
		input,
	);
}

export const STORES: SeedData = {
	locations: [
		{ LocationName: 'London Warehouse', IsFulfillmentCenter: true },
		{ LocationName: 'Oxford Street' },
	],
	items: [
		{
			SKU: 'TEE-RED-M',
			Title: 'Tee red M',
			RetailPrice: 19.99,
			levels: { 'London Warehouse': 10, 'Oxford Street': 3 },
		},
		{ SKU: 'TEE-RED-L', Title: 'Tee red L', RetailPrice: 19.99, levels: { 'London Warehouse': 5 } },
		{
			SKU: 'CAP-BLUE',
			Title: 'Cap blue',
			RetailPrice: 14.99,
			levels: { 'London Warehouse': 0, 'Oxford Street': 7 },
		},
	],
};
