/**
 * The only place Centra HTTP happens. Two APIs, two credentials:
 * - the Integration API (GraphQL, `centraIntegrationApi`): every read and every mutation. A missing
 *   permission comes back under HTTP 200 as a GraphQL error; it becomes an error naming the
 *   permission to add to the token. A mutation's `userErrors` are returned for the caller to map to
 *   the items they concern. Calls are paced under Centra's per-token buckets (requests and
 *   mutations, per 10 seconds and per hour); a 429 is retried at its Retry-After. Mutations that
 *   would apply twice if sent twice (`NON_IDEMPOTENT_OPERATIONS`: changeStock, createShipment) are
 *   retried only after a 429; a 5xx or a network failure comes back at once (`answerLost` from
 *   nodes/shared/client.ts tells it apart) for the caller to check Centra before sending again.
 * - the REST Order API (`centraOrderApi`): order creation. Centra refuses with
 *   `{"status":"no","code":-N,"msg":…}` under HTTP 200 or 4xx; both come back as an
 *   `OrderApiRefusal` the caller reads (code −5: the order number exists).
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import {
	PlatformClient,
	RejectedAnswer,
	responseBody,
	type ApiFailure,
	type CallLimits,
	type ClientContext,
	type ClientOptions,
	type PlatformApi,
} from '../shared/client';
import { httpStatusOf } from '../shared/transport';

export const CREDENTIAL_TYPE = 'centraIntegrationApi';
export const ORDER_CREDENTIAL_TYPE = 'centraOrderApi';

/** Where tokens and their permissions are managed, for error descriptions. */
const TOKEN_SETTINGS = 'Centra AMS → System → API Tokens';

/**
 * Centra's rate limits per token (VERIFIED defaults, "may differ per instance"): requests 20 per
 * 10 s and 10 000 per hour, mutations 100 per 10 s and 1 000 per hour. Every request draws on
 * "request", mutations also on "mutation" (see `budgetsOf`). Query complexity (150 000 per 10 s,
 * 20 000 000 per hour) is not paced here: our documents are small and a 429 on it is retried.
 */
export const CALL_LIMITS: readonly CallLimits[] = [
	{ windowMs: 10_000, perKey: { request: 20, mutation: 100 }, otherwise: Infinity },
	{ windowMs: 3_600_000, perKey: { request: 10_000, mutation: 1_000 }, otherwise: Infinity },
];

export const LIMITS = {
	/** Largest `limit` of a list field: 200 documented for nested lists; ASSUMED for top-level ones. */
	pageSize: 200,
	/** SKUs per `productSizes(where: {SKU: [...]})` lookup: one page (ASSUMED as pageSize). */
	skusPerLookup: 200,
	/** Product sizes per `stock(where: {productSizeId: [...]})` read: one page. */
	sizesPerStockRead: 200,
	/** Size rows per changeStock / setStock mutation: no published maximum; 200 is ASSUMED. */
	stockRowsPerMutation: 200,
	/** Change keys looked up per request (one aliased `stockChanges` field each): ASSUMED 50. */
	changeKeysPerLookup: 50,
} as const;

// ---------------------------------------------------------------------------------------------
// Integration API (GraphQL)
// ---------------------------------------------------------------------------------------------

export interface CentraUserError {
	message: string;
	path?: string[] | null;
}

interface GraphQLError {
	message: string;
	path?: Array<string | number>;
	extensions?: { category?: string };
}

interface GraphQLAnswer {
	data?: unknown;
	errors?: GraphQLError[];
}

export interface GraphQLRequest {
	/** The operation name, e.g. "Warehouses". */
	operation: string;
	query: string;
	variables: IDataObject;
}

/** "You need Warehouse.stock:read permission to access stock." → "Warehouse.stock:read" (VERIFIED wording). */
export function missingPermission(error: GraphQLError): string | undefined {
	return /You need (\S+) permission/i.exec(error.message)?.[1];
}

/** A permission error in Centra's words plus where to fix it; other errors name the operation. */
function rejection({ operation }: GraphQLRequest, errors: GraphQLError[]): ApiFailure {
	const permissions = [
		...new Set(errors.map(missingPermission).filter((name): name is string => Boolean(name))),
	];
	if (permissions.length) {
		const list = permissions.join(', ');
		return {
			message: `The Centra token lacks the ${list} permission${permissions.length > 1 ? 's' : ''}: add ${permissions.length > 1 ? 'them' : 'it'} to the token in ${TOKEN_SETTINGS}`,
			description: `${operation} needs ${list}. Centra said: ${errors.map((error) => error.message).join(' ')}`,
			httpCode: '403',
		};
	}
	if (errors.some((error) => error.extensions?.category === 'authorization')) {
		return {
			message: `The Centra token may not run ${operation}: ${errors.map((error) => error.message).join('; ')}`,
			description: `Check the token's permissions and restrictions in ${TOKEN_SETTINGS}.`,
			httpCode: '403',
		};
	}
	return {
		message: `Centra rejected ${operation}: ${errors.map((error) => error.message).join('; ')}`,
	};
}

/** A GraphQL answer's `data`; any GraphQL error (a missing permission included) is not retried. */
function readAnswer(answer: unknown, request: GraphQLRequest): unknown {
	const { data, errors } = (answer ?? {}) as GraphQLAnswer;
	if (errors?.length) throw new RejectedAnswer(rejection(request, errors));
	return data;
}

function describeFailure(
	error: unknown,
	request: GraphQLRequest,
	status: number | undefined,
): ApiFailure {
	const body = responseBody(error) as GraphQLAnswer | undefined;
	const detail = body?.errors?.map((entry) => entry.message).join('; ');
	if (status === 401 && /expired/i.test(detail ?? '')) {
		// A token cannot be renewed by n8n: Centra issues them in its admin only.
		return {
			message: `Centra did not accept the Integration API token: it has expired (HTTP 401)`,
			description: `Create a new token in Centra (${TOKEN_SETTINGS}) and enter it as the Access Token of the Centra Integration API credential.`,
			httpCode: '401',
		};
	}
	if (status === 401) {
		return {
			message: `Centra did not accept the Integration API token (HTTP 401)`,
			description: `Check the Access Token of the Centra Integration API credential: it may be mistyped, revoked or expired (tokens expire after 30 days unless set otherwise in ${TOKEN_SETTINGS}).`,
			httpCode: '401',
		};
	}
	if (status === 429) {
		return {
			message: `Centra kept rejecting ${request.operation} for exceeding the token's rate limits (HTTP 429)`,
			description:
				'Retries were exhausted; run again later, lower the number of items per execution, or ask Centra for higher limits.',
			httpCode: '429',
		};
	}
	return {
		message: `Centra ${request.operation} failed${status ? ` (HTTP ${status})` : ''}: ${detail ?? (error as Error).message}`,
		description:
			status !== undefined && status >= 500
				? isIdempotentRequest(request)
					? 'Centra kept failing after several retries; run again later.'
					: 'Centra gave no answer, so the change may or may not have been made: check in Centra before running again.'
				: undefined,
		httpCode: status ? String(status) : undefined,
	};
}

const isMutation = (query: string) => /^\s*mutation\b/.test(query);

/**
 * Mutations that apply again when sent again (a stock delta, a new shipment), by operation name and
 * by the mutation field, so the client never repeats one whose answer was lost.
 */
export const NON_IDEMPOTENT_OPERATIONS: readonly string[] = ['ChangeStock', 'CreateShipment'];
const NON_IDEMPOTENT_FIELDS: readonly string[] = ['changeStock', 'createShipment'];

/** The first field a mutation document selects, e.g. "changeStock". */
const mutationField = (query: string) =>
	/^\s*mutation\b[^{]*\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(query)?.[1];

/** Whether sending the request twice has the effect of sending it once. */
export function isIdempotentRequest({ operation, query }: GraphQLRequest): boolean {
	if (NON_IDEMPOTENT_OPERATIONS.includes(operation)) return false;
	if (!isMutation(query)) return true;
	const field = mutationField(query);
	return !(field && NON_IDEMPOTENT_FIELDS.includes(field));
}

export const centraApi: PlatformApi<GraphQLRequest> = {
	credentialType: CREDENTIAL_TYPE,
	toHttp: ({ operation, query, variables }, credentials) => ({
		method: 'POST',
		url: String(credentials.endpoint),
		body: { operationName: operation, query, variables },
		json: true,
	}),
	callName: ({ operation }) => operation,
	budgetsOf: ({ query }) => (isMutation(query) ? ['request', 'mutation'] : ['request']),
	isIdempotent: isIdempotentRequest,
	readAnswer,
	describeFailure,
	callLimits: CALL_LIMITS,
};

// ---------------------------------------------------------------------------------------------
// REST Order API
// ---------------------------------------------------------------------------------------------

/** Refusal codes of `POST /order` (VERIFIED, create-order reference). */
export const ORDER_API_CODES = {
	productNotSellable: -1,
	notEnoughStock: -2,
	noProducts: -3,
	missingRequired: -4,
	orderNumberExists: -5,
	customerRegistrationFailed: -6,
	general: -7,
} as const;

/** Centra's refusal: `{"status":"no","code":-N,"msg":…}`, under HTTP 200 or 4xx. */
export interface OrderApiRefusal {
	status: 'no';
	code?: number;
	msg?: string;
	errors?: IDataObject;
	/** The HTTP status it came with. */
	httpStatus: number;
}

export type OrderApiAnswer<T> = ({ status: 'ok' } & T) | OrderApiRefusal;

export function isRefusal<T>(answer: OrderApiAnswer<T>): answer is OrderApiRefusal {
	return (answer as { status?: string }).status === 'no';
}

export interface OrderApiRequest {
	method: IHttpRequestMethods;
	/** Below the base URL, e.g. "/order". */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

function refusalOf(body: unknown, httpStatus: number): OrderApiRefusal | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const answer = body as { status?: unknown; code?: unknown; msg?: unknown; errors?: unknown };
	if (answer.status !== 'no') return undefined;
	return {
		status: 'no',
		code: typeof answer.code === 'number' ? answer.code : undefined,
		msg: typeof answer.msg === 'string' ? answer.msg : undefined,
		errors:
			answer.errors && typeof answer.errors === 'object'
				? (answer.errors as IDataObject)
				: undefined,
		httpStatus,
	};
}

/** What a refusal says, for an item's error: Centra's message and code, and what to check. */
export function describeRefusal(refusal: OrderApiRefusal, call: string): ApiFailure {
	const code = refusal.code !== undefined ? ` (code ${refusal.code})` : '';
	return {
		message: `Centra refused ${call}${code}: ${refusal.msg ?? 'no reason given'}`,
		description: refusal.errors ? JSON.stringify(refusal.errors) : undefined,
		httpCode: String(refusal.httpStatus),
	};
}

function describeOrderFailure(
	error: unknown,
	{ method, path }: OrderApiRequest,
	status: number | undefined,
): ApiFailure {
	const body = responseBody(error) as { msg?: string } | string | undefined;
	const detail = typeof body === 'object' && body?.msg ? body.msg : undefined;
	if (status === 401 || status === 403) {
		return {
			message: `Centra did not accept the Order API key (HTTP ${status})`,
			description:
				'Check the API Key and Base URL of the Centra Order API credential, and that the plugin is active and allows this endpoint.',
			httpCode: String(status),
		};
	}
	return {
		message: `Centra Order API ${method} ${path} failed${status ? ` (HTTP ${status})` : ''}: ${detail ?? (error as Error).message}`,
		description:
			status === 429 || (status ?? 0) >= 500
				? 'Centra kept failing after several retries; run again later.'
				: undefined,
		httpCode: status ? String(status) : undefined,
	};
}

/** The REST Order API is "not rate limited for now" (VERIFIED, 2023), so calls are not paced. */
export const centraOrderApi: PlatformApi<OrderApiRequest> = {
	credentialType: ORDER_CREDENTIAL_TYPE,
	toHttp: ({ method, path, body, qs }, credentials) => ({
		method,
		url: `${String(credentials.baseUrl).replace(/\/+$/, '')}${path}`,
		body,
		qs,
		json: true,
	}),
	callName: ({ method, path }) => `${method} ${path}`,
	readAnswer: (answer) => {
		const refusal = refusalOf(answer, 200);
		return refusal ?? answer;
	},
	describeFailure: describeOrderFailure,
};

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

export class CentraOrderClient extends PlatformClient<OrderApiRequest> {
	constructor(context: ClientContext, options?: ClientOptions) {
		super(context, centraOrderApi, options);
	}

	/**
	 * One Order API call. `{"status":"no",…}` (under 200 or a 4xx other than 401/403/429) is
	 * answered as an `OrderApiRefusal` for the caller to read; other failures throw for `itemIndex`.
	 */
	async call<T extends object = IDataObject>(
		method: IHttpRequestMethods,
		path: string,
		{ body, qs }: { body?: IDataObject; qs?: IDataObject } = {},
		itemIndex?: number,
	): Promise<OrderApiAnswer<T>> {
		return await this.sendRecovering<OrderApiAnswer<T>>(
			{ method, path, body, qs },
			(error) => {
				const status = httpStatusOf(error);
				if (status === undefined || status < 400 || status >= 500) return undefined;
				if (status === 401 || status === 403 || status === 429) return undefined;
				return refusalOf(responseBody(error), status);
			},
			itemIndex,
		);
	}
}

export class CentraClient extends PlatformClient<GraphQLRequest> {
	private orderClient?: CentraOrderClient;

	constructor(
		context: ClientContext,
		private readonly clientOptions?: ClientOptions,
	) {
		super(context, centraApi, clientOptions);
	}

	/** Runs a query or mutation and returns `data`; failures become a NodeApiError for `itemIndex`. */
	async request<T>(
		operation: string,
		query: string,
		variables: IDataObject = {},
		itemIndex?: number,
	): Promise<T> {
		return await this.send<T>({ operation, query, variables }, itemIndex);
	}

	/** The Order API client of the same execution, made (and its credential read) on first use. */
	get orderApi(): CentraOrderClient {
		this.orderClient ??= new CentraOrderClient(this.context, {
			retry: this.clientOptions?.retry,
		});
		return this.orderClient;
	}
}

/**
 * Which rows a mutation's userErrors concern. Centra's `path` points into the input (e.g.
 * ["input", "productVariants", "1", "sizeChanges", "0"]); `rowsAt` turns such a path into the rows
 * it names. An error whose path names no row is charged to every row of the call.
 */
export function rowsHitBy<T>(
	errors: CentraUserError[],
	rows: T[],
	rowsAt: (path: string[]) => T[],
): Map<T, string[]> {
	const hit = new Map<T, string[]>();
	for (const error of errors) {
		const named = error.path?.length ? rowsAt(error.path.map(String)) : [];
		for (const row of named.length ? named : rows) {
			hit.set(row, [...(hit.get(row) ?? []), error.message]);
		}
	}
	return hit;
}
