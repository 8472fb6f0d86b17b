/**
 * The only place Cloudshelf HTTP happens: GraphQL POSTs to the credential's endpoint. 429/5xx and
 * network failures are retried with backoff, and so are TEMPORARY_RESTRICTION answers (Cloudshelf's
 * word for "out of credits"). Every query is sized to stay within Cloudshelf's complexity limit
 * (see `pageSizeWithin`), so a query the API would reject is never sent.
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

import { DEFAULT_RETRY, httpStatusOf, withRetry, type RetryOptions } from '../shared/transport';

export const CREDENTIAL_TYPE = 'cloudshelfApi';

export const LIMITS = {
	/** Query complexity limit (VERIFIED, vendor docs). */
	maxComplexity: 500,
	/** Largest page size Cloudshelf accepts: UNKNOWN; 250 is ASSUMED and mirrored by the sandbox. */
	maxPageSize: 250,
	/** upsertStockLevels rows per call: the vendor's own connector sends 1000 (VERIFIED practice). */
	stockRowsPerCall: 1000,
	/** Other upserts: the vendor's SFCC cartridge sends about 150 per call (VERIFIED practice). */
	upsertRowsPerCall: 150,
} as const;

type CloudshelfContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface UserError {
	code: string;
	message: string;
}

interface GraphQLAnswer<T> {
	data?: T | null;
	errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** Thrown inside a retry attempt so that `withRetry` treats "out of credits" like a 429. */
function temporaryRestriction(): Error {
	return Object.assign(new Error('Cloudshelf asked to slow down (TEMPORARY_RESTRICTION)'), { httpCode: '429' });
}

/**
 * Cost of a selection set under the complexity rule: each field costs 1 plus its children.
 * Only handles the queries written in this package (no fragments or directives).
 */
export function selectionCost(selection: string): number {
	const withoutArguments = selection.replace(/\([^)]*\)/g, ' ').replace(/[A-Za-z_][A-Za-z0-9_]*\s*:/g, ' ');
	let cost = 0;
	let depth = 0;
	for (const token of withoutArguments.match(/[A-Za-z_][A-Za-z0-9_]*|\{|\}/g) ?? []) {
		if (token === '{') depth++;
		else if (token === '}') depth--;
		else if (depth > 0) cost++;
	}
	return cost;
}

/**
 * The largest page size that keeps `first × edgeCost + overhead` within the complexity limit.
 * `edgeCost` is the cost of one page entry (the connection's selection set).
 */
export function pageSizeWithin(connectionSelection: string, overhead = 1): number {
	const edgeCost = selectionCost(connectionSelection);
	return Math.max(1, Math.min(LIMITS.maxPageSize, Math.floor((LIMITS.maxComplexity - overhead) / edgeCost)));
}

function summarise(operation: string, error: unknown): { message: string; description?: string; httpCode?: string } {
	const status = httpStatusOf(error);
	const data = (error as { cause?: { response?: { data?: GraphQLAnswer<unknown> } } }).cause?.response?.data;
	const detail = data?.errors?.map((entry) => entry.message).join('; ');
	if (status === 401 || status === 403) {
		return {
			message: `Cloudshelf did not accept the API key (HTTP ${status})`,
			description: 'Check the API key of the Cloudshelf credential.',
			httpCode: String(status),
		};
	}
	return {
		message: `Cloudshelf ${operation} failed${status ? ` (HTTP ${status})` : ''}: ${detail ?? (error as Error).message}`,
		description: status === 429 || (status ?? 0) >= 500 ? 'Cloudshelf kept failing after several retries; run again later.' : undefined,
		httpCode: status ? String(status) : undefined,
	};
}

export function cloudshelfError(
	node: INode,
	failure: { message: string; description?: string; httpCode?: string },
	itemIndex?: number,
): NodeApiError {
	return new NodeApiError(node, { message: failure.message } as JsonObject, { ...failure, itemIndex });
}

export class CloudshelfClient {
	private endpoint?: string;

	constructor(
		private readonly context: CloudshelfContext,
		private readonly retry: RetryOptions = DEFAULT_RETRY,
	) {}

	private async url(): Promise<string> {
		if (!this.endpoint) {
			const credentials = await this.context.getCredentials(CREDENTIAL_TYPE);
			this.endpoint = String(credentials.endpoint || 'https://ingestapi.cloudshelf.ai/graphql');
		}
		return this.endpoint;
	}

	/** Runs a query or mutation and returns `data`; GraphQL errors become a NodeApiError. */
	async request<T>(operation: string, query: string, variables: IDataObject = {}, itemIndex?: number): Promise<T> {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: await this.url(),
			body: { operationName: operation, query, variables },
			json: true,
		};
		let graphqlErrors: string | undefined;
		const outcome = await withRetry(async () => {
			const answer = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				CREDENTIAL_TYPE,
				options,
			)) as GraphQLAnswer<T>;
			if (answer.errors?.some((error) => error.extensions?.code === 'TEMPORARY_RESTRICTION')) throw temporaryRestriction();
			const payloads = Object.values((answer.data ?? {}) as Record<string, { userErrors?: UserError[] } | null>);
			if (payloads.some((payload) => payload?.userErrors?.some((error) => error.code === 'TEMPORARY_RESTRICTION'))) {
				throw temporaryRestriction();
			}
			graphqlErrors = answer.errors?.length ? answer.errors.map((error) => error.message).join('; ') : undefined;
			return answer.data as T;
		}, this.retry);
		if (!outcome.ok) throw cloudshelfError(this.context.getNode(), summarise(operation, outcome.error), itemIndex);
		if (graphqlErrors) {
			throw cloudshelfError(this.context.getNode(), { message: `Cloudshelf rejected ${operation}: ${graphqlErrors}` }, itemIndex);
		}
		return outcome.value;
	}
}

/**
 * Which rows a user error belongs to. Cloudshelf's userErrors carry no row index, so an error is
 * matched to the rows whose ids its message names; an error naming none is charged to every row
 * of the call (upserts are idempotent, so replaying them is safe).
 */
export function rowsHitBy<T>(error: UserError, rows: T[], idsOf: (row: T) => Array<string | undefined>): T[] {
	const named = rows.filter((row) => idsOf(row).some((id) => id && error.message.includes(id)));
	return named.length ? named : rows;
}
