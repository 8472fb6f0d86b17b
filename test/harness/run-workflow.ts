/**
 * Runs workflow JSON in-process with n8n's own engine (n8n-core WorkflowExecute), our node types,
 * n8n's core nodes and a credentials helper whose preAuthentication/authenticate really run.
 * Polling triggers can be polled in 'trigger' mode the way n8n's poller does, with workflow static
 * data carried between polls through JSON, as n8n stores it in its database. Webhook triggers get
 * HTTP requests the way n8n's webhook server hands them over (`WorkflowRunner.webhook`).
 */
import { parse as parseQuery } from 'node:querystring';

import {
	ExecutionLifecycleHooks,
	HookContext,
	PollContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	Workflow,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IPinData,
	type IRun,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { sandboxCredentialStore, type SandboxAddresses } from '../../sandbox/registry';
import { SYNC_HEALTH_TABLES } from '../../tools/sync-health/tables';
import { TestCredentialsHelper, type CredentialStore } from './credentials';
import { InMemoryDataTables } from './data-tables';
import { nodeTypes } from './node-types';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
	pinData?: IPinData;
	staticData?: IDataObject | null;
}

export interface RunOptions {
	/** Node to start from; defaults to the workflow's trigger. */
	startNode?: string;
	/** Items the start node receives (a trigger's output when mode is 'trigger'). */
	startItems?: INodeExecutionData[];
	pinData?: IPinData;
	mode?: WorkflowExecuteMode;
}

export class RunResult {
	constructor(
		readonly run: IRun,
		readonly workflow: Workflow,
		/** What Respond to Webhook nodes answered, in order. */
		readonly responses: IDataObject[] = [],
		readonly executionId = '',
	) {}

	get status() {
		return this.run.status;
	}

	get error() {
		return this.run.data.resultData.error;
	}

	/** Items a node emitted on one output (0 = main, 1 = error output when enabled). */
	items(nodeName: string, output = 0, runIndex = 0): INodeExecutionData[] {
		const task = this.run.data.resultData.runData[nodeName]?.[runIndex];
		if (!task) return [];
		if (task.error) throw new Error(`Node "${nodeName}" failed: ${task.error.message}`);
		return task.data?.main?.[output] ?? [];
	}

	json(nodeName: string, output = 0, runIndex = 0): IDataObject[] {
		return this.items(nodeName, output, runIndex).map((item) => item.json);
	}

	ran(nodeName: string): boolean {
		return Boolean(this.run.data.resultData.runData[nodeName]);
	}

	/** How many times the node ran in this execution (a node in a loop runs once per pass). */
	runCount(nodeName: string): number {
		return this.run.data.resultData.runData[nodeName]?.length ?? 0;
	}

	nodeError(nodeName: string) {
		return this.run.data.resultData.runData[nodeName]?.[0]?.error;
	}

	/** Static data as n8n would persist it after this execution. */
	get staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}
}

/** An HTTP request as it reaches n8n's webhook server. */
export interface WebhookRequest {
	method?: string;
	headers: Record<string, string>;
	/** The body exactly as sent. */
	body: string | Buffer;
	query?: IDataObject;
}

/** What the caller of the webhook received. */
export interface WebhookAnswer {
	statusCode: number;
	headers: Record<string, string>;
	body: string;
}

export interface WebhookDelivery {
	answer: WebhookAnswer;
	/** Items the trigger emitted (none when it started no execution). */
	items: INodeExecutionData[];
	/** The execution the emitted items started. */
	result?: RunResult;
	/** Static data as n8n leaves it in its database after this request. */
	staticData: IDataObject;
}

/**
 * The parts of an Express request and response a webhook node uses. n8n's body parser has read the
 * raw body into `rawBody` (a Buffer) and parsed JSON, form and text bodies into `body`
 * (packages/cli middlewares/body-parser `parseBody`, called from webhook-helpers'
 * `parseRequestBody`).
 */
function webhookRequest(request: WebhookRequest) {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
	const rawBody = Buffer.from(request.body);
	const contentType = headers['content-type']?.split(';')[0].trim();
	let body: unknown = {};
	if (rawBody.length) {
		const text = rawBody.toString('utf8');
		if (contentType === 'application/json') body = JSON.parse(text);
		else if (contentType === 'application/x-www-form-urlencoded')
			body = { ...parseQuery(text, undefined, undefined, { maxKeys: 1000 }) };
		else if (contentType === 'text/plain') body = text;
	}
	return {
		method: request.method ?? 'POST',
		headers,
		rawBody,
		body,
		contentType,
		encoding: 'utf-8',
		params: {},
		query: request.query ?? {},
		header: (name: string) => headers[name.toLowerCase()],
		readRawBody: async () => undefined,
	};
}

/** n8n's webhook data for a node's (first) webhook, as its webhook server and activation build it. */
function webhookDataOf(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	additionalData: IWorkflowExecuteAdditionalData,
	isTest: boolean,
): IWebhookData {
	return {
		httpMethod: 'POST',
		node: node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		isTest,
	};
}

class ResponseRecorder {
	statusCode = 200;
	headers: Record<string, string> = {};
	body = '';
	headersSent = false;
	finished = false;

	writeHead(statusCode: number, headers: Record<string, string> = {}) {
		this.statusCode = statusCode;
		Object.assign(this.headers, headers);
		this.headersSent = true;
		return this;
	}

	status(statusCode: number) {
		this.statusCode = statusCode;
		return this;
	}

	setHeader(name: string, value: string) {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	header(name: string, value: string) {
		return this.setHeader(name, value);
	}

	send(body: unknown) {
		this.body += typeof body === 'string' ? body : JSON.stringify(body);
		this.headersSent = true;
		return this;
	}

	json(body: unknown) {
		return this.send(JSON.stringify(body));
	}

	end(chunk?: unknown) {
		if (chunk !== undefined) this.send(chunk);
		this.headersSent = true;
		this.finished = true;
		return this;
	}
}

/** Where the test n8n is reached unless a test says otherwise (`WorkflowRunner.baseUrl`). */
const BASE = 'http://127.0.0.1:5678';

export class WorkflowRunner {
	readonly credentials: TestCredentialsHelper;
	/** n8n's Data Tables of this runner's instance, with the sync-health tables npm start creates. */
	readonly dataTables = new InMemoryDataTables(SYNC_HEALTH_TABLES);
	private readonly workflowsById = new Map<string, WorkflowJson>();
	/**
	 * Sub-executions that failed. A caller may continue on error (Record Sync Health does), so the
	 * template fixture fails the test on any (see `startRetail`'s close).
	 */
	readonly subWorkflowFailures: string[] = [];
	/** Sub-executions by id, for the Execute Workflow node's `getRunExecutionData`. */
	private readonly subExecutions = new Map<string, IRun>();
	private executionCount = 0;
	/**
	 * The n8n base URL nodes see (their webhook URLs, e.g. the address a trigger registers with a
	 * platform): a WebhookReceiver's `origin`, for the platform to call that receiver.
	 */
	baseUrl = BASE;

	constructor(store: CredentialStore) {
		this.credentials = new TestCredentialsHelper(store);
	}

	/**
	 * A runner holding the credential of every sandbox given (as the registry builds it from the
	 * sandbox's public values and address), plus `extra` fields by credential type.
	 */
	static forSandboxes(
		addresses: Partial<SandboxAddresses>,
		extra: Record<string, Record<string, string>> = {},
	): WorkflowRunner {
		return new WorkflowRunner(sandboxCredentialStore(addresses, extra));
	}

	/**
	 * Makes a workflow callable by id from Execute Workflow nodes (source "database"), as if it were
	 * saved in n8n under that id.
	 */
	registerWorkflow(id: string, json: WorkflowJson): void {
		this.workflowsById.set(id, json);
	}

	workflow(json: WorkflowJson, staticData?: IDataObject, id = 'test-workflow'): Workflow {
		return new Workflow({
			id,
			name: json.name ?? 'test',
			nodes: json.nodes,
			connections: json.connections,
			active: false,
			nodeTypes,
			staticData: JSON.parse(JSON.stringify(staticData ?? json.staticData ?? {})) as IDataObject,
			settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
		});
	}

	private additionalData(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
		responses: IDataObject[] = [],
	): IWorkflowExecuteAdditionalData {
		const executionId = `test-${++this.executionCount}`;
		const hooks = new ExecutionLifecycleHooks(mode, executionId, {
			id: workflow.id,
			name: workflow.name ?? 'test',
			nodes: Object.values(workflow.nodes),
			connections: workflow.connectionsBySourceNode,
			active: false,
			settings: workflow.settings,
		} as never);
		hooks.addHandler('sendResponse', (response) => {
			responses.push(response as unknown as IDataObject);
		});
		return {
			executionId,
			hooks,
			credentialsHelper: this.credentials,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: `${this.baseUrl}/rest`,
			instanceBaseUrl: `${this.baseUrl}/`,
			webhookBaseUrl: `${this.baseUrl}/webhook`,
			webhookWaitingBaseUrl: `${this.baseUrl}/webhook-waiting`,
			webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
			formBaseUrl: `${this.baseUrl}/form`,
			formWaitingBaseUrl: `${this.baseUrl}/form-waiting`,
			formTestBaseUrl: `${this.baseUrl}/form-test`,
			mcpBaseUrl: `${this.baseUrl}/mcp`,
			mcpTestBaseUrl: `${this.baseUrl}/mcp-test`,
			'data-table': { dataTableProxyProvider: this.dataTables.provider },
			executeWorkflow: async (
				info: { id?: string; code?: WorkflowJson },
				_parent: unknown,
				options: { inputData?: INodeExecutionData[] },
			) => await this.executeSubWorkflow(info, options.inputData ?? []),
			getRunExecutionData: async (id: string) => this.subExecutions.get(id)?.data,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	/**
	 * A sub-workflow run as n8n's `executeWorkflow` runs one for an Execute Workflow node: from its
	 * Execute Workflow Trigger with the caller's items ('integrated' mode), answering with the last
	 * node's output, and throwing the sub-execution's error when it fails.
	 */
	private async executeSubWorkflow(
		info: { id?: string; code?: WorkflowJson },
		inputData: INodeExecutionData[],
	): Promise<{ executionId: string; data: Array<INodeExecutionData[] | null> }> {
		const json = info.code ?? this.workflowsById.get(String(info.id));
		if (!json)
			throw new Error(`Workflow ${info.id} does not exist (register it with registerWorkflow)`);
		const trigger = json.nodes.find(
			(node) => node.type === 'n8n-nodes-base.executeWorkflowTrigger',
		);
		if (!trigger) throw new Error(`Workflow ${info.id} has no Execute Workflow Trigger`);
		const result = await this.run(
			json,
			{ startNode: trigger.name, startItems: inputData, mode: 'integrated' },
			undefined,
			info.id,
		);
		if (result.error) {
			this.subWorkflowFailures.push(`${json.name ?? info.id}: ${result.error.message}`);
			throw result.error;
		}
		this.subExecutions.set(result.executionId, result.run);
		const last = result.run.data.resultData.lastNodeExecuted;
		return {
			executionId: result.executionId,
			data: (last && result.run.data.resultData.runData[last]?.at(-1)?.data?.main) || [[]],
		};
	}

	async run(
		json: WorkflowJson,
		options: RunOptions = {},
		staticData?: IDataObject,
		workflowId?: string,
	): Promise<RunResult> {
		const workflow = this.workflow(json, staticData, workflowId);
		const mode = options.mode ?? 'manual';
		const startNode = options.startNode
			? workflow.getNode(options.startNode)
			: workflow.getStartNode();
		if (!startNode) throw new Error('No start node');
		const responses: IDataObject[] = [];
		const additionalData = this.additionalData(workflow, mode, responses);
		const execute = new WorkflowExecute(additionalData, mode);
		const run = await execute.run({
			workflow,
			startNode,
			pinData: options.pinData ?? json.pinData,
			triggerToStartFrom: options.startItems
				? {
						name: startNode.name,
						data: {
							startTime: Date.now(),
							executionTime: 0,
							executionIndex: 0,
							source: [],
							data: { main: [options.startItems] },
						},
					}
				: undefined,
		});
		return new RunResult(run, workflow, responses, additionalData.executionId!);
	}

	/**
	 * One check of a polling trigger as n8n's poller makes it ('trigger' mode, or 'manual' for the
	 * editor's "Fetch Test Event"). Returns the emitted items and the static data to persist.
	 */
	async poll(
		json: WorkflowJson,
		nodeName: string,
		staticData: IDataObject = {},
		mode: 'trigger' | 'manual' = 'trigger',
	): Promise<{ items: INodeExecutionData[]; staticData: IDataObject }> {
		const workflow = this.workflow(json, staticData);
		const node = workflow.getNode(nodeName);
		if (!node) throw new Error(`No node ${nodeName}`);
		const context = new PollContext(
			workflow,
			node,
			this.additionalData(workflow, mode),
			mode,
			mode === 'manual' ? 'manual' : 'activate',
		);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const result = await nodeType.poll!.call(context);
		return {
			items: result?.[0] ?? [],
			staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		};
	}

	/**
	 * One HTTP request to a webhook trigger, handled as n8n 2.41's webhook server handles it
	 * (packages/cli webhooks/live-webhooks `executeWebhook` and webhook-helpers `executeWebhook`):
	 * the workflow built with the stored static data, the node's `webhook()` run in n8n-core's
	 * WebhookContext with the request and response, then
	 * - `noWebhookResponse`: the node answered itself;
	 * - no `workflowData`: 200 with `webhookResponse` (or n8n's "Webhook call received");
	 * - `workflowData`: the execution is started from the trigger with those items and (response
	 *   mode "onReceived") 200 "Workflow was started";
	 * - `webhook()` throws: 500, and the static data is not saved (n8n's error path rejects before
	 *   `saveStaticData`).
	 * Production ('webhook' mode) saves the static data after the answer; test webhooks ('manual')
	 * keep theirs in the registration cache, so the stored static data is returned unchanged.
	 */
	/**
	 * One of a webhook trigger's lifecycle methods as n8n runs them on activation and deactivation
	 * (`webhookMethods.default.checkExists`, `create`, `delete`, in n8n-core's HookContext, mode
	 * 'trigger', activation 'activate'), e.g. a trigger registering its webhook with a platform.
	 * Returns the method's answer and the static data n8n would save.
	 */
	async webhookMethod(
		json: WorkflowJson,
		nodeName: string,
		method: 'checkExists' | 'create' | 'delete',
		staticData: IDataObject = {},
	): Promise<{ result: boolean | undefined; staticData: IDataObject }> {
		const workflow = this.workflow(json, staticData);
		const node = workflow.getNode(nodeName);
		if (!node) throw new Error(`No node ${nodeName}`);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const description = nodeType.description.webhooks?.[0];
		const run = nodeType.webhookMethods?.default?.[method];
		if (!description || !run) throw new Error(`${nodeName} has no webhook method ${method}`);
		const additionalData = this.additionalData(workflow, 'trigger');
		const webhookData = webhookDataOf(workflow, node, description, additionalData, false);
		const context = new HookContext(
			workflow,
			node,
			additionalData,
			'trigger',
			'activate',
			webhookData,
		);
		const result = await run.call(context);
		return { result, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject };
	}

	async webhook(
		json: WorkflowJson,
		nodeName: string,
		request: WebhookRequest,
		staticData: IDataObject = {},
		mode: 'webhook' | 'manual' = 'webhook',
	): Promise<WebhookDelivery> {
		const workflow = this.workflow(json, staticData);
		const node = workflow.getNode(nodeName);
		if (!node) throw new Error(`No node ${nodeName}`);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const description = nodeType.description.webhooks?.[0];
		if (!nodeType.webhook || !description) throw new Error(`${nodeName} is not a webhook node`);
		const req = webhookRequest(request);
		const res = new ResponseRecorder();
		const additionalData = this.additionalData(workflow, mode);
		Object.assign(additionalData, { httpRequest: req, httpResponse: res });
		const webhookData = webhookDataOf(
			workflow,
			node,
			description,
			additionalData,
			mode === 'manual',
		);
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		const stored = () =>
			mode === 'manual'
				? (JSON.parse(JSON.stringify(staticData)) as IDataObject)
				: (JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject);
		let response: IWebhookResponseData;
		try {
			response = await nodeType.webhook.call(context);
		} catch {
			return {
				answer: {
					statusCode: 500,
					headers: {},
					body: JSON.stringify({
						message: 'Workflow Webhook Error: Workflow could not be started!',
					}),
				},
				items: [],
				staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
			};
		}
		const saved = stored();
		const own = { statusCode: res.statusCode, headers: res.headers, body: res.body };
		const items = response.workflowData?.[0] ?? [];
		if (response.workflowData === undefined) {
			const answer = response.noWebhookResponse
				? own
				: {
						statusCode: 200,
						headers: {},
						body: JSON.stringify(response.webhookResponse ?? { message: 'Webhook call received' }),
					};
			return { answer, items, staticData: saved };
		}
		const result = await this.run(json, { startNode: node.name, startItems: items, mode }, saved);
		const answer = response.noWebhookResponse
			? own
			: { statusCode: 200, headers: {}, body: JSON.stringify({ message: 'Workflow was started' }) };
		return { answer, items, result, staticData: saved };
	}
}

/** A minimal workflow: a manual trigger whose pinned items feed one node (plus optional error output). */
export function singleNodeWorkflow(
	node: Omit<INode, 'id' | 'position' | 'typeVersion'> & { typeVersion?: number },
	inputItems: IDataObject[] = [{}],
): WorkflowJson {
	const target: INode = { id: 'node-under-test', position: [400, 0], typeVersion: 1, ...node };
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			target,
		],
		connections: { Start: { main: [[{ node: target.name, type: 'main', index: 0 }]] } },
		pinData: { Start: inputItems.map((json) => ({ json })) },
	};
}
