/**
 * The only place Stokly HTTP happens. Every call is a REST request below the environment's base URL
 * (the credential's `authenticate` sets it and the Bearer token; n8n renews the token on 401, and
 * the credential makes a near-expiry token count as one). The shared client retries 429 (honouring
 * Retry-After), 5xx and network failures with backoff. Every POST is treated as not idempotent
 * (adjustments, sale orders, customers, collect/dispatch-items: sending one twice applies it twice):
 * it is re-sent only after a 429 or a connection never made; after a lost answer it comes back at
 * once (`answerLost` from nodes/shared/client.ts) for the caller to record and check in Stokly.
 *
 * Rate limit: Stokly publishes no figure; its answers carry `x-ratelimit-remaining` (VERIFIED), and
 * its own clients pause until the 60 s window has passed when it is 3 or less (window INFERRED).
 * This client does the same (`pauseAfter`), so a run slows down before it is refused.
 *
 * Lists page with `page` (0-based) and `size` (at most 1000) and answer
 * `{data: [...], metadata: {count}}`; `list` reads every page through `fetchAllPages`.
 */
import type { IDataObject, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import {
	PlatformClient,
	answerLost,
	responseBody,
	type ApiFailure,
	type ClientContext,
	type ClientOptions,
	type PlatformApi,
} from '../shared/client';
import { fetchAllPages, httpStatusOf, parseRetryAfter, type PageBudget } from '../shared/transport';

export const CREDENTIAL_TYPE = 'stoklyApi';

export const LIMITS = {
	/** Largest `size` of a list (VERIFIED in client use; the server maximum is ASSUMED the same). */
	pageSize: 1000,
	/** SKUs per `||` filter, as Stokly's own scanner app batches them (VERIFIED practice). */
	skusPerFilter: 200,
	/**
	 * URL-encoded characters of one `||` filter of values (ASSUMED budget). Stokly publishes no URL
	 * limit; what is known to pass is its own scanner app's 200 short SKUs (8–9 KB), and a request
	 * line past 16 KB is refused by many servers (HTTP 431, Node's default header limit): 200
	 * Cloudshelf references (`gid://cloudshelf/Order/<ULID>`) would make ~22 KB. So a filter stops
	 * at 200 values or 8,000 characters, whichever comes first.
	 */
	filterChars: 8_000,
	/** Items per adjustment (clients batch 500; the server maximum is UNKNOWN, ASSUMED 500). */
	itemsPerAdjustment: 500,
	/** Calls in flight at once for independent reads (ASSUMED unremarkable). */
	concurrentCalls: 4,
	/** `x-ratelimit-remaining` at or under which calls pause for the window (VERIFIED client practice). */
	pauseWhenRemaining: 3,
	/** The rate-limit window (INFERRED 60 s). */
	rateWindowMs: 60_000,
} as const;

export type QueryValue = string | number | boolean | undefined;

export interface StoklyRequest {
	method: IHttpRequestMethods;
	/**
	 * The path with its ids, unencoded, e.g. `/v2/saleorders/<id>/items`: segments at id positions
	 * (`/v2/<collection>/<id>/<sub>/<id>`) are URL-encoded here and named `{id}` in the call name.
	 */
	path: string;
	query?: Record<string, QueryValue>;
	body?: object;
}

/** `/v2/saleorders/<id>/items` → `/v2/saleorders/{id}/items`. */
export function pathTemplate(path: string): string {
	return path
		.split('/')
		.map((segment, index) => (index >= 3 && index % 2 === 1 ? '{id}' : segment))
		.join('/');
}

/** The path with its id segments URL-encoded. */
function encodedPath(path: string): string {
	return path
		.split('/')
		.map((segment, index) =>
			index >= 3 && index % 2 === 1 ? encodeURIComponent(segment) : segment,
		)
		.join('/');
}

/** `METHOD /path-template`: the call's name in messages, and the name the sandbox's faults target. */
export function callNameOf({ method, path }: Pick<StoklyRequest, 'method' | 'path'>): string {
	return `${method} ${pathTemplate(path)}`;
}

export function isIdempotentRequest({ method }: StoklyRequest): boolean {
	return method !== 'POST';
}

/** Stokly's `message` of a failed call's body (`{"message": "…"}`), defensively. */
export function stoklyMessage(error: unknown): string | undefined {
	const data = responseBody(error);
	if (data && typeof data === 'object') {
		const message = (data as { message?: unknown }).message;
		return typeof message === 'string' ? message : undefined;
	}
	if (typeof data === 'string' && data.trim()) {
		try {
			const parsed = JSON.parse(data) as { message?: unknown };
			if (typeof parsed?.message === 'string') return parsed.message;
		} catch {
			return data.slice(0, 300);
		}
	}
	return undefined;
}

function describeFailure(
	error: unknown,
	request: StoklyRequest,
	status: number | undefined,
): ApiFailure {
	const name = callNameOf(request);
	const said = stoklyMessage(error);
	if (status === 403) {
		return {
			message: `Stokly refused ${name} (HTTP 403)${said ? `: ${said}` : ''}`,
			description:
				"Check that the Stokly credential's app client may do this (its permissions in Stokly) and that the Account Key is the account's.",
			httpCode: '403',
		};
	}
	if (status === 401) {
		// A refused grant (the credential's own error) already says what to check.
		const grant = (error as Error)?.message?.startsWith('Stokly ') ? (error as Error).message : '';
		return {
			message: `Stokly did not accept the credential's token for ${name} (HTTP 401)${said ? `: ${said}` : ''}`,
			description:
				grant ||
				'Check the Account Key, Client ID and Client Secret of the Stokly credential, and that the Environment is the one the app client was made in.',
			httpCode: '401',
		};
	}
	if (status === 429) {
		return {
			message: `Stokly kept refusing ${name} for its rate limit (HTTP 429)`,
			description:
				'Retries were spent; run again later, with fewer items, or when other apps on the Stokly account make fewer calls.',
			httpCode: '429',
		};
	}
	const reason = said ?? (error as Error)?.message ?? 'unknown error';
	const lost = status === undefined ? answerLost(error) : status >= 500;
	return {
		message: `Stokly ${name} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`,
		description: lost
			? isIdempotentRequest(request)
				? 'Stokly kept failing after several retries; run again later.'
				: 'Stokly gave no answer, so it may have made the change: check in Stokly before running again.'
			: status === 404
				? 'Check the ID: Stokly has no record with it (or it is not visible yet).'
				: undefined,
		httpCode: status ? String(status) : undefined,
	};
}

function header(headers: unknown, name: string): unknown {
	if (!headers || typeof headers !== 'object') return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : (headers as Record<string, unknown>)[key];
}

/**
 * The pause after an answer: until the window has passed when `x-ratelimit-remaining` is 3 or less
 * (for as long as a `retry-after` on it says, when one is sent).
 */
export function rateLimitPauseMs(headers: unknown, now = Date.now()): number {
	const remaining = Number(header(headers, 'x-ratelimit-remaining'));
	if (!Number.isFinite(remaining) || remaining > LIMITS.pauseWhenRemaining) return 0;
	return parseRetryAfter(header(headers, 'retry-after'), now) ?? LIMITS.rateWindowMs;
}

function isFullResponse(answer: unknown): answer is IN8nHttpFullResponse {
	return (
		typeof answer === 'object' && answer !== null && 'statusCode' in answer && 'body' in answer
	);
}

function withoutUndefined(query: StoklyRequest['query']): IDataObject | undefined {
	if (!query) return undefined;
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(query)) if (value !== undefined) result[key] = value;
	return result;
}

export const stoklyApi: PlatformApi<StoklyRequest> = {
	credentialType: CREDENTIAL_TYPE,
	// The credential's `authenticate` sets the base URL; the full response carries the rate headers.
	toHttp: ({ method, path, query, body }) => ({
		method,
		url: encodedPath(path),
		qs: withoutUndefined(query),
		body: body as IDataObject | undefined,
		json: true,
		returnFullResponse: true,
	}),
	callName: callNameOf,
	isIdempotent: isIdempotentRequest,
	pauseAfter: (headers) => rateLimitPauseMs(headers),
	// The body: `{data, metadata?}` (`call` returns its `data`, `list` also reads `metadata.count`).
	readAnswer: (answer) => (isFullResponse(answer) ? answer.body : answer),
	describeFailure,
};

/** A Stokly answer: `data` and, for lists, `metadata.count` (total matches). */
export interface Envelope<T> {
	data: T;
	metadata?: { count?: number };
}

export interface ListOptions {
	filter?: string;
	sortField?: string;
	sortDirection?: 'ASC' | 'DESC';
	/** Rows per page, at most 1000 (default 1000). */
	pageSize?: number;
	/** Stop after this many rows. */
	limit?: number;
	/** Other query parameters. */
	query?: Record<string, QueryValue>;
}

/** A failed call read instead of caught: the value, or why it failed. */
export type Attempt<T> =
	| { ok: true; value: T }
	| {
			ok: false;
			/** HTTP status of the failed answer; undefined for network failures. */
			status?: number;
			/** Stokly's `message`. */
			message?: string;
			/** The answer was lost (5xx, reset, timeout): a write may have been applied. */
			lost: boolean;
			/** What to throw or report for the item, worded and carrying its index. */
			error: Error;
	  };

export class StoklyClient extends PlatformClient<StoklyRequest> {
	constructor(context: ClientContext, options?: ClientOptions) {
		super(context, stoklyApi, options);
	}

	/** Makes the call and returns the answer's `data`; a failure throws a NodeApiError for `itemIndex`. */
	async call<T>(itemIndex: number | undefined, request: StoklyRequest): Promise<T> {
		const answer = await this.send<Envelope<T> | undefined>(request, itemIndex);
		return answer?.data as T;
	}

	/** Like `call`, but a 404 answers `undefined` (a GET by id that finds nothing, or nothing yet). */
	async find<T>(itemIndex: number | undefined, request: StoklyRequest): Promise<T | undefined> {
		const outcome = await this.tryCall<T>(itemIndex, request);
		if (outcome.ok) return outcome.value;
		if (outcome.status === 404) return undefined;
		throw outcome.error;
	}

	/** Makes the call and returns its outcome instead of throwing (retries have already happened). */
	async tryCall<T>(itemIndex: number | undefined, request: StoklyRequest): Promise<Attempt<T>> {
		let cause: unknown;
		try {
			const answer = await this.sendRecovering<Envelope<T> | undefined>(
				request,
				(error) => {
					cause = error;
					return undefined;
				},
				itemIndex,
			);
			return { ok: true, value: answer?.data as T };
		} catch (thrown) {
			const raw = cause ?? thrown;
			return {
				ok: false,
				status: httpStatusOf(raw),
				message: stoklyMessage(raw),
				lost: answerLost(thrown),
				error: thrown as Error,
			};
		}
	}

	/** Every row of a list (all pages, `size` up to 1000), or the first `limit`. */
	async list<T>(
		itemIndex: number | undefined,
		path: string,
		{
			filter,
			sortField,
			sortDirection,
			pageSize = LIMITS.pageSize,
			limit,
			query,
		}: ListOptions = {},
		budget?: PageBudget,
	): Promise<T[]> {
		const size = Math.max(1, Math.min(LIMITS.pageSize, Math.floor(pageSize)));
		return await fetchAllPages<T>(
			async (pageNumber) => {
				const page = pageNumber - 1;
				const answer = await this.send<Envelope<T[]>>(
					{
						method: 'GET',
						path,
						query: { ...query, page, size, filter, sortField, sortDirection },
					},
					itemIndex,
				);
				const rows = Array.isArray(answer?.data) ? answer.data : [];
				const count = answer?.metadata?.count;
				const totalPages = typeof count === 'number' ? Math.ceil(count / size) : undefined;
				const last = rows.length < size || (totalPages !== undefined && page + 1 >= totalPages);
				return { items: rows, last, totalPages };
			},
			{ limit, budget },
		);
	}
}
