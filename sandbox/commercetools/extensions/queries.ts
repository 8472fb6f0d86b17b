/**
 * Query endpoints (extensions 4 and 6): paging bounds, and list queries answered through the
 * mock's own repositories and predicate engine with the parameters its HTTP services drop.
 *
 * Reference A3, VERIFIED: `limit` default 20, max 500; `offset` max 10 000; `sort` (repeatable,
 * e.g. `id asc`); `withTotal=false` omits `total`; the deep-paging pattern `sort=id asc&where=id >
 * "<last id>"`. A6, VERIFIED: product projections are the current (published) data unless
 * `staged=true`. The mock's list services ignore `sort` (so the id cursor skips resources), never
 * enforce the bounds, always send `total`, and read `staged=false` as staged. ASSUMED: the wording
 * of the bound errors (400 InvalidInput naming the parameter and its bound).
 */
import type { QueryParam } from '@commercetools/platform-sdk';

import type { SandboxResponse } from '../../common/http';
import { errorResponse } from '../errors';
import type { CommercetoolsMock, SandboxStorage } from '../mock';

export const MAX_LIMIT = 500;
export const MAX_OFFSET = 10_000;
export const DEFAULT_LIMIT = 20;

/** List endpoints answered here, by path segment → the mock's repository. */
const LIST_REPOSITORIES = {
	inventory: 'inventory-entry',
	orders: 'order',
	channels: 'channel',
	stores: 'store',
	products: 'product',
	'product-types': 'product-type',
	'product-projections': 'product-projection',
} as const;
type ListResource = keyof typeof LIST_REPOSITORIES;

export function isListResource(resource: string): resource is ListResource | 'messages' {
	return resource === 'messages' || resource in LIST_REPOSITORIES;
}

/** A 400 when `limit` or `offset` is out of the API's bounds (or not a number). */
export function checkPaging(query: URLSearchParams): SandboxResponse | undefined {
	for (const [name, max] of [
		['limit', MAX_LIMIT],
		['offset', MAX_OFFSET],
	] as const) {
		const raw = query.get(name);
		if (raw === null) continue;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < 0 || value > max)
			return errorResponse(
				400,
				`Invalid value '${raw}' for query parameter '${name}': it must be an integer between 0 and ${max}.`,
				'InvalidInput',
			);
	}
	return undefined;
}

interface ListParams {
	where?: string[];
	sort?: string[];
	expand?: string[];
	limit: number;
	offset: number;
	[variable: string]: QueryParam;
}

function listParams(query: URLSearchParams): ListParams {
	const all = (name: string) => (query.getAll(name).length ? query.getAll(name) : undefined);
	const params: ListParams = {
		where: all('where'),
		sort: all('sort'),
		expand: all('expand'),
		limit: Number(query.get('limit') ?? DEFAULT_LIMIT),
		offset: Number(query.get('offset') ?? 0),
	};
	for (const name of new Set(query.keys()))
		if (name.startsWith('var.')) {
			const values = query.getAll(name);
			params[name] = values.length === 1 ? values[0] : values;
		}
	return params;
}

interface PagedResult {
	limit: number;
	offset: number;
	count: number;
	total?: number;
	results: unknown[];
}

/**
 * A list query (`GET /<resource>`) with where, sort, limit, offset, expand, var.*, withTotal, and
 * for product projections staged and price selection. The mock's `limit || 20` would turn
 * `limit=0` into 20, so that case is answered here.
 */
export async function answerList(
	mock: CommercetoolsMock,
	storage: SandboxStorage,
	resource: ListResource | 'messages',
	query: URLSearchParams,
): Promise<SandboxResponse> {
	const params = listParams(query);
	const context = { projectKey: storage.projectKey };
	let result: PagedResult;
	if (resource === 'messages' && !storage.project().messages.enabled) {
		result = { limit: params.limit, offset: params.offset, count: 0, total: 0, results: [] };
	} else if (resource === 'messages') {
		result = (await storage.query(
			storage.projectKey,
			'message' as never,
			params,
		)) as unknown as PagedResult;
	} else if (resource === 'product-projections') {
		const repository = mock.project(storage.projectKey).getRepository('product-projection');
		result = await repository.query(context, {
			...params,
			staged: query.get('staged') === 'true',
			priceCurrency: query.get('priceCurrency') ?? undefined,
			priceCountry: query.get('priceCountry') ?? undefined,
			priceChannel: query.get('priceChannel') ?? undefined,
			priceCustomerGroup: query.get('priceCustomerGroup') ?? undefined,
		});
	} else {
		const repository = mock.project(storage.projectKey).getRepository(LIST_REPOSITORIES[resource]);
		result = (await repository.query(context, params)) as unknown as PagedResult;
	}
	const results = params.limit === 0 ? [] : result.results;
	// In the API's field order (A3: PagedQueryResponse), `total` only when asked for.
	const body: PagedResult = {
		limit: params.limit,
		offset: result.offset,
		count: results.length,
		total: query.get('withTotal') === 'false' ? undefined : result.total,
		results,
	};
	return { status: 200, body };
}
