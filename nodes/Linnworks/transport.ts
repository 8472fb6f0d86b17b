/**
 * The only place Linnworks HTTP happens. Every call is an RPC-style POST to `{Server}/api/{Method}`
 * with a JSON body whose top-level keys are the method's parameter names. Session handling lives in
 * the credential (n8n renews it on 401); this layer paces calls under the per-method limits, retries
 * 429/5xx/network failures with backoff, and turns failures into errors that name the method.
 */
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { DEFAULT_RETRY, RateGate, httpStatusOf, withRetry, type RetryOptions } from '../shared/transport';

export const CREDENTIAL_TYPE = 'linnworksApi';

/**
 * Calls per minute, from each method's reference page. Methods whose page gives no figure use 150
 * (ASSUMED; the sandbox enforces the same table).
 */
export const CALLS_PER_MINUTE: Record<string, number> = {
	'Orders/CreateOrders': 150,
	'Orders/GetOrdersById': 250,
	'Orders/GetOrderDetailsByReferenceId': 250,
	'Orders/CancelOrder': 150,
	'Stock/GetStockItemsFull': 150,
	'Stock/GetStockLevel_Batch': 250,
	'Stock/SetStockLevel': 250,
	'Stock/UpdateStockLevelsBySKU': 150,
	'Stock/UpdateStockLevelsBulk': 150,
	'Inventory/GetStockLocations': 150,
	'Inventory/GetStockItemIdsBySKU': 150,
	'ProcessedOrders/SearchProcessedOrders': 150,
};
export const DEFAULT_CALLS_PER_MINUTE = 150;

/** Largest request each method accepts. */
export const LIMITS = {
	/** Orders/CreateOrders: "up to 20 orders per request" (Linnworks help centre). */
	ordersPerCreate: 20,
	/** Stock writes: no published maximum; 500 is ASSUMED and mirrored by the sandbox. */
	stockRowsPerWrite: 500,
	/** Inventory/GetStockItemIdsBySKU and Stock/GetStockLevel_Batch: ASSUMED 500. */
	stockItemsPerLookup: 500,
	/** Stock/GetStockItemsFull: entriesPerPage max 200. */
	stockItemsPerPage: 200,
	/** ProcessedOrders/SearchProcessedOrders: 200 per page. */
	processedOrdersPerPage: 200,
	/** Orders/GetOrdersById: batches of 50 as observed by third-party clients. */
	ordersPerGet: 50,
} as const;

type LinnworksContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

interface FailureSummary {
	message: string;
	description?: string;
	httpCode?: string;
}

function summarise(method: string, error: unknown): FailureSummary {
	const status = httpStatusOf(error);
	const cause = (error as { cause?: { response?: { data?: unknown } } }).cause;
	const data = cause?.response?.data as { Message?: string } | string | undefined;
	const platformMessage =
		typeof data === 'object' && data?.Message ? data.Message : typeof data === 'string' ? data : undefined;
	if (status === 401) {
		return {
			message: `Linnworks refused the session for ${method} (HTTP 401)`,
			description:
				'Check the Application ID, Application Secret and Installation Token of the Linnworks credential, and that the application is still installed on the account.',
			httpCode: '401',
		};
	}
	if (status === 429) {
		return {
			message: `Linnworks kept rejecting ${method} for exceeding its rate limit (HTTP 429)`,
			description: `${platformMessage ?? ''} Retries were exhausted; run again later or reduce the number of items per execution.`.trim(),
			httpCode: '429',
		};
	}
	const reason = platformMessage ?? (error as Error).message ?? 'unknown error';
	return {
		message: `Linnworks ${method} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`,
		description: status && status >= 500 ? 'Linnworks kept failing after several retries; run again later.' : undefined,
		httpCode: status ? String(status) : undefined,
	};
}

/** An API error for one item, built from plain data so no request detail (session token) can leak. */
export function linnworksError(node: INode, failure: FailureSummary, itemIndex?: number): NodeApiError {
	return new NodeApiError(node, { message: failure.message } as JsonObject, {
		message: failure.message,
		description: failure.description,
		httpCode: failure.httpCode,
		itemIndex,
	});
}

/** A copy of `error` attached to another item, for failures of a call that served several items. */
export function errorForItem(node: INode, error: unknown, itemIndex: number): NodeApiError {
	const failure = error as Partial<NodeApiError>;
	return linnworksError(
		node,
		{
			message: failure.message ?? 'Linnworks call failed',
			description: failure.description ?? undefined,
			httpCode: failure.httpCode ?? undefined,
		},
		itemIndex,
	);
}

export class LinnworksClient {
	private readonly gate = new RateGate((method) => CALLS_PER_MINUTE[method] ?? DEFAULT_CALLS_PER_MINUTE);

	constructor(
		private readonly context: LinnworksContext,
		private readonly retry: RetryOptions = DEFAULT_RETRY,
	) {}

	async call<T>(method: string, body: IDataObject = {}, itemIndex?: number): Promise<T> {
		const outcome = await this.attempt<T>(method, body);
		if (!outcome.ok) throw linnworksError(this.context.getNode(), summarise(method, outcome.error), itemIndex);
		return outcome.value;
	}

	/** Like `call`, but answers `fallback` when Linnworks replies with `status` (e.g. 400 for "no items"). */
	async callOr<T>(method: string, body: IDataObject, status: number, fallback: T): Promise<T> {
		const outcome = await this.attempt<T>(method, body);
		if (outcome.ok) return outcome.value;
		if (httpStatusOf(outcome.error) === status) return fallback;
		throw linnworksError(this.context.getNode(), summarise(method, outcome.error));
	}

	private async attempt<T>(method: string, body: IDataObject) {
		const options: IHttpRequestOptions = { method: 'POST', url: `/api/${method}`, body, json: true };
		return await withRetry(
			async () =>
				await this.gate.run(
					method,
					async () =>
						(await this.context.helpers.httpRequestWithAuthentication.call(
							this.context,
							CREDENTIAL_TYPE,
							options,
						)) as T,
					(error) => LinnworksClient.statusOf(error) === 429,
				),
			this.retry,
		);
	}

	/** Status of a failed call. */
	static statusOf(error: unknown): number | undefined {
		const code = (error as NodeApiError).httpCode;
		return code ? Number(code) : httpStatusOf(error);
	}
}
