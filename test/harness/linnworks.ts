/** A Linnworks sandbox on a free port plus a runner whose credential points at it. */
import type { IDataObject, INode } from 'n8n-workflow';

import type { LinnworksSandboxOptions } from '../../sandbox/linnworks/server';
import type { SeedData } from '../../sandbox/linnworks/state';
import { PACKAGE_NAME } from './node-types';
import type { WorkflowJson } from './run-workflow';
import {
	platformNodeWorkflow,
	sandboxCredentials,
	startPlatform,
	type PlatformFixture,
	type PlatformNode,
} from './platform';

export const LINNWORKS = `${PACKAGE_NAME}.linnworks`;
export const LINNWORKS_TRIGGER = `${PACKAGE_NAME}.linnworksTrigger`;
/** The Linnworks sandbox credential, as a node's `credentials`. */
export const LINNWORKS_CREDENTIALS = sandboxCredentials('linnworks');
const LINNWORKS_NODE: PlatformNode = {
	name: 'Linnworks',
	type: LINNWORKS,
	credentials: LINNWORKS_CREDENTIALS,
};

export type LinnworksFixture = PlatformFixture<'linnworks'>;

export async function startLinnworks(
	options: LinnworksSandboxOptions = {},
	seed?: SeedData,
): Promise<LinnworksFixture> {
	return await startPlatform('linnworks', options, seed && ((sandbox) => sandbox.state.seed(seed)));
}

/** Manual trigger → one Linnworks node with these parameters, fed `input` items. */
export function linnworksWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return platformNodeWorkflow(LINNWORKS_NODE, parameters, input, extra);
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
