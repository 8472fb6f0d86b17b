/**
 * The only place commercetools HTTP happens. Every call is a project-relative REST request (the
 * credential's `authenticate` sets the base URL to `<api host>/<project key>` and the Bearer token;
 * n8n renews the token on 401). Query parameters repeat (`where=a&where=b`, `sort=…`), as the API
 * takes them. The shared client retries 429, 502/503 (and other 5xx) and network failures with
 * backoff; a 409 ConcurrentModification is never re-sent blindly: the caller re-reads the version
 * (`currentVersionOf`) and decides. A POST is sent again after a lost answer only when the request
 * says it is idempotent (absolute action sets, creates a duplicate would refuse); any other comes
 * back at once (`answerLost` from nodes/shared/client.ts) for the caller to check the platform.
 *
 * Request builders (paths, predicates, bodies) live in requests.ts; this file only moves them.
 */
import type { ErrorObject, ErrorResponse } from '@commercetools/platform-sdk';
import type { IDataObject, IHttpRequestMethods, NodeApiError } from 'n8n-workflow';

import {
	PlatformClient,
	answerLost,
	responseBody,
	type ApiFailure,
	type ClientContext,
	type ClientOptions,
	type PlatformApi,
} from '../shared/client';
import { httpStatusOf } from '../shared/transport';

export const CREDENTIAL_TYPE = 'commercetoolsApi';

export const LIMITS = {
	/** Largest `limit` of a query (VERIFIED, traits/paging.raml). */
	pageSize: 500,
	/** Largest `offset` (VERIFIED): deeper listings page by id (`sort=id asc`, `where=id > "…"`). */
	maxOffset: 10_000,
	/** Update actions per request: 500 (INFERRED from the limits page). */
	actionsPerUpdate: 500,
	/**
	 * Values in one `in (…)` predicate. No published maximum besides query complexity; 100 keeps a
	 * URL well under common 8 KB limits with long SKUs (ASSUMED).
	 */
	valuesPerPredicate: 100,
	/**
	 * Calls in flight at once for independent writes (different inventory entries or orders).
	 * commercetools publishes no request-rate limit (INFERRED); 8 at once is ASSUMED to be
	 * unremarkable, and writes to the same resource are never made concurrently.
	 */
	concurrentCalls: 8,
} as const;

export type QueryValue = string | number | boolean | string[];

export interface CommercetoolsRequest {
	method: IHttpRequestMethods;
	/** Below the project, e.g. "/inventory" or "/orders/order-number=CS-1" (already URL-encoded). */
	path: string;
	/**
	 * `<resource>/<verb>`, e.g. "inventory/update": the call's name in messages, and the name the
	 * sandbox's faults target.
	 */
	operation: string;
	/** Query parameters; arrays repeat the key (several `where`, `sort`, `expand`). */
	qs?: Record<string, QueryValue | undefined>;
	body?: object;
	/**
	 * Whether sending the POST twice has the effect of sending it once (an absolute action set on a
	 * version, a create that a duplicate refuses). GET and HEAD always are; other POSTs default to no.
	 */
	idempotent?: boolean;
}

/** `errors[]` of a commercetools error body (`{statusCode, message, errors}`), or empty. */
export function errorsOf(error: unknown): ErrorObject[] {
	const body = bodyOf(error);
	return Array.isArray(body?.errors) ? body.errors : [];
}

/** Reads the error body of a failed call defensively: infrastructure may answer with non-JSON. */
function bodyOf(error: unknown): Partial<ErrorResponse> & { error?: string } {
	const data = responseBody(error);
	if (data && typeof data === 'object') return data as Partial<ErrorResponse>;
	if (typeof data === 'string') {
		try {
			const parsed = JSON.parse(data) as unknown;
			if (parsed && typeof parsed === 'object') return parsed as Partial<ErrorResponse>;
		} catch {
			return { message: data.slice(0, 300) };
		}
	}
	return {};
}

/** The first error object with this code, if the failed call's body has one. */
export function errorWithCode(error: unknown, code: string): ErrorObject | undefined {
	return errorsOf(error).find((entry) => entry.code === code);
}

/** A 409 ConcurrentModification: the version sent is not the resource's version. */
export function isConcurrentModification(error: unknown): boolean {
	return httpStatusOf(error) === 409 || Boolean(errorWithCode(error, 'ConcurrentModification'));
}

/** The resource's version named by a ConcurrentModification error (optional in the API). */
export function currentVersionOf(error: unknown): number | undefined {
	const entry = errorWithCode(error, 'ConcurrentModification') as
		| { currentVersion?: unknown }
		| undefined;
	return typeof entry?.currentVersion === 'number' ? entry.currentVersion : undefined;
}

/** A 400 DuplicateField (a unique field taken: orderNumber, an inventory entry's sku + channel, a key). */
export function duplicateFieldOf(
	error: unknown,
): { field?: string; duplicateValue?: unknown } | undefined {
	return errorWithCode(error, 'DuplicateField') as
		| { field?: string; duplicateValue?: unknown }
		| undefined;
}

export function isNotFound(error: unknown): boolean {
	return httpStatusOf(error) === 404;
}

/** "Code: message; Code: message" of a failed call's errors, or its top message. */
function platformMessage(error: unknown): string | undefined {
	const body = bodyOf(error);
	const errors = Array.isArray(body.errors) ? body.errors : [];
	if (errors.length) {
		return errors
			.slice(0, 5)
			.map((entry) => `${entry.code}: ${entry.message}`)
			.join('; ');
	}
	return body.message ?? body.error;
}

const MANAGE_SCOPES =
	'Check the scopes of the API client in the Merchant Center (Settings → Developer settings) and the Scopes field of the commercetools credential.';

function describeFailure(
	error: unknown,
	{ operation, idempotent, method }: CommercetoolsRequest,
	status: number | undefined,
): ApiFailure {
	const detail = platformMessage(error);
	if (status === 401) {
		return {
			message: `commercetools did not accept the API client's token for ${operation} (HTTP 401)`,
			description:
				'Check the Region (or API and Auth URLs), Project Key, Client ID and Client Secret of the commercetools credential, and that the API client still exists.',
			httpCode: '401',
		};
	}
	if (status === 403) {
		return {
			message: `The commercetools API client may not call ${operation} (HTTP 403)${detail ? `: ${detail}` : ''}`,
			description: MANAGE_SCOPES,
			httpCode: '403',
		};
	}
	const reason = detail ?? (error as Error).message ?? 'unknown error';
	const lost = status === undefined ? answerLost(error) : status >= 500;
	const mayHaveApplied = method !== 'GET' && method !== 'HEAD' && idempotent !== true;
	return {
		message: `commercetools ${operation} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`,
		description: lost
			? mayHaveApplied
				? 'commercetools gave no answer, so the change may or may not have been made: check in commercetools before running again.'
				: 'commercetools kept failing after several retries; run again later.'
			: status === 429
				? 'commercetools kept refusing the call for its rate; run again later or with fewer items.'
				: undefined,
		httpCode: status ? String(status) : undefined,
	};
}

export function isIdempotentRequest({ method, idempotent }: CommercetoolsRequest): boolean {
	if (method === 'GET' || method === 'HEAD') return true;
	return idempotent === true;
}

function withoutUndefinedParams(
	qs: CommercetoolsRequest['qs'],
): Record<string, QueryValue> | undefined {
	if (!qs) return undefined;
	const result: Record<string, QueryValue> = {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		result[key] = value;
	}
	return result;
}

export const commercetoolsApi: PlatformApi<CommercetoolsRequest> = {
	credentialType: CREDENTIAL_TYPE,
	// The credential's `authenticate` sets the base URL to `<api host>/<project key>`.
	toHttp: ({ method, path, qs, body }) => ({
		method,
		url: path,
		qs: withoutUndefinedParams(qs) as IDataObject | undefined,
		body: body as IDataObject | undefined,
		json: true,
		arrayFormat: 'repeat',
	}),
	callName: ({ operation }) => operation,
	isIdempotent: isIdempotentRequest,
	describeFailure,
};

/** A call's outcome that the caller reads instead of catching: the value, or why it failed. */
export type Attempt<T> =
	| { ok: true; value: T }
	| {
			ok: false;
			/** HTTP status of the failed answer; undefined for network failures. */
			status?: number;
			/** The body's `errors[]` (code + code-specific fields). */
			errors: ErrorObject[];
			/** The answer was lost (5xx, reset, timeout): a write may have been applied. */
			lost: boolean;
			/** What to throw or report for the item, worded and carrying its index. */
			error: NodeApiError;
			/** The raw failure, for the helpers above (`currentVersionOf`, `duplicateFieldOf`, …). */
			cause: unknown;
	  };

export class CommercetoolsClient extends PlatformClient<CommercetoolsRequest> {
	constructor(context: ClientContext, options?: ClientOptions) {
		super(context, commercetoolsApi, options);
	}

	/** Makes the call; a failure (after retries) throws a NodeApiError for `itemIndex`. */
	async request<T>(request: CommercetoolsRequest, itemIndex?: number): Promise<T> {
		return await this.send<T>(request, itemIndex);
	}

	/** Like `request`, but a 404 answers `undefined` (a GET by key or order number that finds nothing). */
	async find<T>(request: CommercetoolsRequest, itemIndex?: number): Promise<T | undefined> {
		const outcome = await this.tryRequest<T>(request, itemIndex);
		if (outcome.ok) return outcome.value;
		if (outcome.status === 404) return undefined;
		throw outcome.error;
	}

	/**
	 * Makes the call and returns its outcome instead of throwing, so the caller can read a 409's
	 * current version, a DuplicateField or a lost answer. Retries have already happened.
	 */
	async tryRequest<T>(request: CommercetoolsRequest, itemIndex?: number): Promise<Attempt<T>> {
		let cause: unknown;
		try {
			const value = await this.sendRecovering<T>(
				request,
				(error) => {
					cause = error;
					return undefined;
				},
				itemIndex,
			);
			return { ok: true, value };
		} catch (thrown) {
			const raw = cause ?? thrown;
			return {
				ok: false,
				status: httpStatusOf(raw),
				errors: errorsOf(raw),
				lost: answerLost(thrown),
				error: thrown as NodeApiError,
				cause: raw,
			};
		}
	}
}
