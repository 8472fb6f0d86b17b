/**
 * The only place Cloudshelf HTTP happens: GraphQL POSTs to the credential's endpoint. 429/5xx and
 * network failures are retried with backoff, and so are TEMPORARY_RESTRICTION answers (Cloudshelf's
 * word for "out of credits"). Every query is sized to stay within Cloudshelf's complexity limit
 * (see `pageSizeWithin`), so a query the API would reject is never sent.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	PlatformClient,
	RejectedAnswer,
	responseBody,
	retryable,
	type ApiFailure,
	type ClientContext,
	type ClientOptions,
	type PlatformApi,
} from '../shared/client';

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

export interface UserError {
	code: string;
	message: string;
}

interface GraphQLAnswer<T> {
	data?: T | null;
	errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/**
 * Cost of a selection set under the complexity rule: each field costs 1 plus its children.
 * Only handles the queries written in this package (no fragments or directives).
 */
export function selectionCost(selection: string): number {
	const withoutArguments = selection
		.replace(/\([^)]*\)/g, ' ')
		.replace(/[A-Za-z_][A-Za-z0-9_]*\s*:/g, ' ');
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
	return Math.max(
		1,
		Math.min(LIMITS.maxPageSize, Math.floor((LIMITS.maxComplexity - overhead) / edgeCost)),
	);
}

export interface GraphQLRequest {
	/** The operation name, e.g. "UpsertStockLevels". */
	operation: string;
	query: string;
	variables: IDataObject;
}

const DEFAULT_ENDPOINT = 'https://ingestapi.cloudshelf.ai/graphql';
const TEMPORARY_RESTRICTION = 'TEMPORARY_RESTRICTION';

/**
 * A GraphQL answer's `data`. Out of credits (TEMPORARY_RESTRICTION, as a GraphQL error or a user
 * error) is retried like a 429; other GraphQL errors are the query's fault and are not.
 */
function readAnswer(answer: unknown, { operation }: GraphQLRequest): unknown {
	const { data, errors } = answer as GraphQLAnswer<unknown>;
	const payloads = Object.values(
		(data ?? {}) as Record<string, { userErrors?: UserError[] } | null>,
	);
	if (
		errors?.some((error) => error.extensions?.code === TEMPORARY_RESTRICTION) ||
		payloads.some((payload) =>
			payload?.userErrors?.some((error) => error.code === TEMPORARY_RESTRICTION),
		)
	) {
		throw retryable(`Cloudshelf asked to slow down (${TEMPORARY_RESTRICTION})`);
	}
	if (errors?.length) {
		throw new RejectedAnswer({
			message: `Cloudshelf rejected ${operation}: ${errors.map((error) => error.message).join('; ')}`,
		});
	}
	return data;
}

function describeFailure(
	error: unknown,
	{ operation }: GraphQLRequest,
	status: number | undefined,
): ApiFailure {
	const data = responseBody(error) as GraphQLAnswer<unknown> | undefined;
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
		description:
			status === 429 || (status ?? 0) >= 500
				? 'Cloudshelf kept failing after several retries; run again later.'
				: undefined,
		httpCode: status ? String(status) : undefined,
	};
}

/** Cloudshelf publishes no call limits; its credit bucket answers TEMPORARY_RESTRICTION, which is retried. */
export const cloudshelfApi: PlatformApi<GraphQLRequest> = {
	credentialType: CREDENTIAL_TYPE,
	toHttp: ({ operation, query, variables }, credentials) => ({
		method: 'POST',
		url: String(credentials.endpoint || DEFAULT_ENDPOINT),
		body: { operationName: operation, query, variables },
		json: true,
	}),
	callName: ({ operation }) => operation,
	readAnswer,
	describeFailure,
};

export class CloudshelfClient extends PlatformClient<GraphQLRequest> {
	constructor(context: ClientContext, options?: ClientOptions) {
		super(context, cloudshelfApi, options);
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
}

/**
 * Which rows a user error belongs to. Cloudshelf's userErrors carry no row index, so an error is
 * matched to the rows whose ids its message names; an error naming none is charged to every row
 * of the call (upserts are idempotent, so replaying them is safe).
 */
export function rowsHitBy<T>(
	error: UserError,
	rows: T[],
	idsOf: (row: T) => Array<string | undefined>,
): T[] {
	const named = rows.filter((row) => idsOf(row).some((id) => id && error.message.includes(id)));
	return named.length ? named : rows;
}
