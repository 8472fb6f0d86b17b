/**
 * Small workflow builders and sandbox readers that node, template and real-n8n tests share: one
 * definition each instead of a copy per test file.
 */
import type { IDataObject, INode, INodeCredentials } from 'n8n-workflow';

import type { LinnworksState, SandboxOrder } from '../../sandbox/linnworks/state';
import { CLOUDSHELF_CREDENTIALS, CLOUDSHELF_TRIGGER } from './cloudshelf';
import { LINNWORKS_CREDENTIALS, LINNWORKS_TRIGGER } from './linnworks';
import type { WorkflowJson, WorkflowRunner } from './run-workflow';

/** Node setting "On Error → Continue (using error output)": failed items leave on output 1. */
export const ERROR_OUTPUT: Pick<INode, 'onError'> = { onError: 'continueErrorOutput' };

/** A polling trigger node: its name in the workflow, its type and the credentials it uses. */
export interface TriggerNode {
	name: string;
	type: string;
	credentials: INodeCredentials;
}

export const LINNWORKS_TRIGGER_NODE: TriggerNode = {
	name: 'Linnworks Trigger',
	type: LINNWORKS_TRIGGER,
	credentials: LINNWORKS_CREDENTIALS,
};
export const CLOUDSHELF_TRIGGER_NODE: TriggerNode = {
	name: 'Cloudshelf Trigger',
	type: CLOUDSHELF_TRIGGER,
	credentials: CLOUDSHELF_CREDENTIALS,
};

/** A workflow holding only this trigger with these parameters, to be polled or run on its own. */
export function triggerWorkflow(trigger: TriggerNode, parameters: IDataObject = {}): WorkflowJson {
	const node: INode = {
		id: 'trigger',
		name: trigger.name,
		type: trigger.type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: trigger.credentials,
	};
	return { nodes: [node], connections: {} };
}

/**
 * One check of the trigger (workflow holding only it) by n8n's poll path: the items' JSON and the
 * static data to pass to the next check. `manual` is the editor's Fetch Test Event.
 */
export async function pollTrigger(
	runner: WorkflowRunner,
	trigger: TriggerNode,
	parameters: IDataObject,
	staticData: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
): Promise<{ json: IDataObject[]; staticData: IDataObject }> {
	const { items, staticData: next } = await runner.poll(
		triggerWorkflow(trigger, parameters),
		trigger.name,
		staticData,
		mode,
	);
	return { json: items.map((item) => item.json), staticData: next };
}

/** The Linnworks sandbox order filed under this channel reference (the kiosk order's id); throws when there is none. */
export function linnworksOrderByReference(state: LinnworksState, reference: string): SandboxOrder {
	const order = [...state.orders.values()].find(
		(candidate) => candidate.channel.ReferenceNumber === reference,
	);
	if (!order) throw new Error(`The Linnworks sandbox has no order with reference ${reference}`);
	return order;
}
