/**
 * The only place Linnworks HTTP happens. Every call is an RPC-style POST to `{Server}/api/{Method}`
 * with a JSON body whose top-level keys are the method's parameter names. Session handling lives in
 * the credential (n8n renews it on 401); the shared client paces calls under the per-method limits
 * below, retries 429/5xx/network failures, and builds the errors this file words.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	PlatformClient,
	responseBody,
	type ApiFailure,
	type ClientContext,
	type ClientOptions,
	type PlatformApi,
} from '../shared/client';
import { PATIENT_RETRY } from '../shared/transport';

export const CREDENTIAL_TYPE = 'linnworksApi';

/**
 * Calls per minute, from each method's reference page. Methods whose page gives no figure use 150
 * (ASSUMED; the sandbox enforces the same table).
 */
export const CALLS_PER_MINUTE: Readonly<Record<string, number>> = Object.freeze({
	'Orders/CreateOrders': 150,
	'Orders/GetOrdersById': 250,
	'Orders/GetOrderDetailsByReferenceId': 250,
	'Orders/GetOpenOrders': 250,
	'Orders/CancelOrder': 150,
	'Stock/GetStockItemsFull': 150,
	'Stock/GetStockLevel_Batch': 250,
	'Stock/SetStockLevel': 250,
	'Stock/UpdateStockLevelsBySKU': 150,
	'Stock/UpdateStockLevelsBulk': 150,
	'Inventory/GetStockLocations': 150,
	'Inventory/GetStockItemIdsBySKU': 150,
	'ProcessedOrders/SearchProcessedOrders': 150,
});
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
	/**
	 * Longest date range of one processed-orders search: SearchProcessedOrdersPaged allows 3 months
	 * (VERIFIED); SearchProcessedOrders publishes none, so the same is ASSUMED for it.
	 */
	processedOrdersSearchDays: 90,
	/** Orders/GetOpenOrders: entriesPerPage maximum unpublished; 200 is ASSUMED (the sandbox's too). */
	openOrdersPerPage: 200,
	/** Orders/GetOrdersById: batches of 50 as observed by third-party clients. */
	ordersPerGet: 50,
	/**
	 * Calls of one method in flight at once, for independent batches (order creation, reads by id).
	 * Linnworks publishes per-minute limits only; 4 at once is ASSUMED to be unremarkable. Should the
	 * session expire just then, each refused call renews it (whether a new session ends the others
	 * is UNKNOWN; idle expiry shows on a run's first calls, which are sequential).
	 */
	concurrentCalls: 4,
} as const;

export interface LinnworksCall {
	/** e.g. "Orders/CreateOrders". */
	method: string;
	body: IDataObject;
}

function describeFailure(
	error: unknown,
	{ method }: LinnworksCall,
	status: number | undefined,
): ApiFailure {
	const data = responseBody(error) as { Message?: string } | string | undefined;
	const platformMessage =
		typeof data === 'object' && data?.Message
			? data.Message
			: typeof data === 'string'
				? data
				: undefined;
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
			description:
				`${platformMessage ?? ''} Retries were exhausted; run again later or reduce the number of items per execution.`.trim(),
			httpCode: '429',
		};
	}
	const reason = platformMessage ?? (error as Error).message ?? 'unknown error';
	return {
		message: `Linnworks ${method} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`,
		description:
			status && status >= 500
				? 'Linnworks kept failing after several retries; run again later.'
				: undefined,
		httpCode: status ? String(status) : undefined,
	};
}

/**
 * Methods whose repeat is not harmless: a stock delta applied twice moves the stock twice. The kit
 * retries them only when the call was refused unprocessed (429, no connection); after a 5xx or a
 * reset the caller reads Linnworks back before sending again (Adjust Levels, stock/stockWrite.ts).
 * Orders/CreateOrders stays retried: Linnworks' key (Source + SubSource + reference) absorbs a repeat.
 */
export const NON_IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
	'Stock/UpdateStockLevelsBySKU',
]);

export const linnworksApi: PlatformApi<LinnworksCall> = {
	credentialType: CREDENTIAL_TYPE,
	isIdempotent: ({ method }) => !NON_IDEMPOTENT_METHODS.has(method),
	// The credential's `authenticate` sets the base URL to the session's server.
	toHttp: ({ method, body }) => ({ method: 'POST', url: `/api/${method}`, body, json: true }),
	callName: ({ method }) => method,
	describeFailure,
	callLimits: { windowMs: 60_000, perKey: CALLS_PER_MINUTE, otherwise: DEFAULT_CALLS_PER_MINUTE },
};

export class LinnworksClient extends PlatformClient<LinnworksCall> {
	constructor(context: ClientContext, options?: ClientOptions) {
		// Linnworks' per-method limits are shared by every execution using the account, and its own
		// key (Source + SubSource + reference) makes an order created after a long wait still one.
		super(context, linnworksApi, { retry: PATIENT_RETRY, ...options });
	}

	async call<T>(method: string, body: IDataObject = {}, itemIndex?: number): Promise<T> {
		return await this.send<T>({ method, body }, itemIndex);
	}

	/** Like `call`, but answers `fallback` when Linnworks replies with `status` (e.g. 400 for "no items"). */
	async callOr<T>(method: string, body: IDataObject, status: number, fallback: T): Promise<T> {
		return await this.sendOr<T>({ method, body }, status, fallback);
	}
}
