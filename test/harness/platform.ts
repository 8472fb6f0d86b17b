/**
 * What every platform's test harness shares: its sandbox on a free port with a runner whose
 * credentials point at it, a workflow of one of its nodes, and n8n's own load-options context for
 * that node (what the editor's drop-downs run in). A platform harness (`linnworks.ts`, …) names its
 * node and seed data and adds its own helpers.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodePropertyOptions,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { startSandbox } from '../../sandbox/index';
import {
	credentialsOf,
	type PlatformName,
	type SandboxOf,
	type SandboxOptionsOf,
} from '../../sandbox/registry';
import { nodeTypes } from './node-types';
import { WorkflowRunner, singleNodeWorkflow, type WorkflowJson } from './run-workflow';

export interface PlatformFixture<Name extends PlatformName> {
	sandbox: SandboxOf<Name>;
	runner: WorkflowRunner;
	close(): Promise<void>;
}

/** The platform's sandbox on a free port, seeded, and a runner with its credentials. */
export async function startPlatform<Name extends PlatformName>(
	name: Name,
	options: SandboxOptionsOf<Name> | undefined,
	seed?: (sandbox: SandboxOf<Name>) => void,
): Promise<PlatformFixture<Name>> {
	const sandbox = await startSandbox(name, options);
	seed?.(sandbox);
	const runner = WorkflowRunner.forSandboxes({ [name]: sandbox.baseUrl });
	return { sandbox, runner, close: () => sandbox.close() };
}

/**
 * Every sandbox credential of a platform as a node's `credentials` (a node uses those its
 * description lists, e.g. one of Centra's two), id `cred-<type>`.
 */
export function sandboxCredentials(name: PlatformName): NonNullable<INode['credentials']> {
	return Object.fromEntries(
		credentialsOf(name).map((credential) => [
			credential.type,
			{ id: `cred-${credential.type}`, name: credential.name },
		]),
	);
}

/** One node of a platform as tests place it: its name in the workflow, type and credentials. */
export interface PlatformNode {
	name: string;
	type: string;
	credentials: NonNullable<INode['credentials']>;
}

/** Manual trigger → the node with these parameters, fed `input` items. */
export function platformNodeWorkflow(
	node: PlatformNode,
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return singleNodeWorkflow(
		{ ...node, parameters: parameters as INode['parameters'], ...extra },
		input,
	);
}

/** n8n's own LoadOptionsContext for the node, with the runner's credentials. */
export function loadOptionsContext(
	runner: WorkflowRunner,
	node: PlatformNode,
	parameters: IDataObject = {},
): LoadOptionsContext {
	const workflow = runner.workflow(platformNodeWorkflow(node, parameters));
	const additionalData = {
		credentialsHelper: runner.credentials,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		'parameters',
	);
}

/** What an editor drop-down of the node offers (`methods.loadOptions[method]`). */
export async function loadOptionsOf(
	runner: WorkflowRunner,
	node: PlatformNode,
	method: string,
	parameters: IDataObject = {},
): Promise<INodePropertyOptions[]> {
	const type = nodeTypes.getByNameAndVersion(node.type, 1);
	const load = type.methods?.loadOptions?.[method];
	if (!load) throw new Error(`The ${node.name} node has no loadOptions method ${method}`);
	return await load.call(loadOptionsContext(runner, node, parameters));
}
