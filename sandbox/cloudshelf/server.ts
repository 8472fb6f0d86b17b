/**
 * Cloudshelf API simulator: one GraphQL endpoint (`POST /graphql`) executing a real schema with the
 * `graphql` package. `Authorization: token <key>`; every query's complexity is computed before
 * execution (graphql-query-complexity) and over 500 or deeper than 20 levels it is rejected, as
 * the vendor documents. Writes are batch `upsert*` mutations answering `userErrors`.
 *
 * ASSUMED where Cloudshelf's public schema and documentation say nothing: page size default 50,
 * max 250; upsert arrays max 1000; connection cost = page size × node cost; credits: a bucket of
 * 5,000 refilled at 500/s, exhaustion answered with TEMPORARY_RESTRICTION; user error messages name the
 * offending id; unauthenticated requests get HTTP 401 with extensions.code UNAUTHENTICATED. Every
 * error, injected faults and 429s included, is a GraphQL `errors` body (../common/graphql.ts) with
 * the HTTP status a gateway would send.
 */
import {
	GraphQLError,
	buildSchema,
	execute,
	parse,
	specifiedRules,
	validate,
	type DocumentNode,
	type GraphQLSchema,
	type OperationDefinitionNode,
} from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

import { graphqlErrorBody, graphqlErrorResponse } from '../common/graphql';
import {
	SandboxServer,
	type AdminHandlers,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';
import { CLOUDSHELF_SDL } from './schema';
import { CloudshelfState, type CloudshelfSeed, type OrderRecord, type UserError } from './state';

export const MAX_COMPLEXITY = 500;
export const MAX_DEPTH = 20;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 250;
export const MAX_UPSERT_ROWS = 1000;
export const CREDIT_CAPACITY = 5000;
export const CREDITS_PER_SECOND = 500;

export const SANDBOX_API_KEY = 'cs_sandbox_4f8a2c9e7b1d';

/** Connections cost their page size times the cost of one edge (plus one for the field itself). */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
	const isConnection = /PaginatedPayload!?$/.test(String(field.type));
	if (!isConnection) return undefined;
	const size =
		(args.first as number | undefined) ?? (args.last as number | undefined) ?? DEFAULT_PAGE_SIZE;
	return 1 + size * childComplexity;
};

const estimators = [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** The complexity Cloudshelf's rule would charge for a query (exported so tests can check the node's sums). */
export function complexityOf(
	schema: GraphQLSchema,
	query: string,
	variables: Record<string, unknown> = {},
): number {
	return getComplexity({ schema, query: parse(query), variables, estimators });
}

function encodeCursor(id: string): string {
	return Buffer.from(`cursor:${id}`).toString('base64');
}

function decodeCursor(cursor: string): string {
	return Buffer.from(cursor, 'base64')
		.toString('utf8')
		.replace(/^cursor:/, '');
}

type SortBy = Partial<Record<'createdAt' | 'updatedAt' | 'id', 'ASC' | 'DESC'>>;

interface PageArgs {
	first?: number;
	after?: string;
	last?: number;
	before?: string;
	sortBy?: SortBy;
}

function paginate<T extends { id: string; createdAt?: string; updatedAt?: string }>(
	records: T[],
	args: PageArgs,
	view: (record: T) => unknown,
) {
	const [field, direction] = (Object.entries(args.sortBy ?? {})[0] ?? ['id', 'ASC']) as [
		keyof T & string,
		'ASC' | 'DESC',
	];
	const sorted = [...records].sort((a, b) => {
		const order = String(a[field]).localeCompare(String(b[field])) || a.id.localeCompare(b.id);
		return direction === 'DESC' ? -order : order;
	});
	const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
	if (size < 1 || size > MAX_PAGE_SIZE)
		throw new GraphQLError(`first/last must be between 1 and ${MAX_PAGE_SIZE}`, {
			extensions: { code: 'BAD_USER_INPUT' },
		});
	const start = args.after
		? sorted.findIndex((record) => record.id === decodeCursor(args.after!)) + 1
		: 0;
	const page = sorted.slice(start, start + size);
	return {
		totalCount: sorted.length,
		pageInfo: {
			hasNextPage: start + size < sorted.length,
			hasPreviousPage: start > 0,
			startCursor: page.length ? encodeCursor(page[0].id) : null,
			endCursor: page.length ? encodeCursor(page[page.length - 1].id) : null,
		},
		edges: page.map((record) => ({ cursor: encodeCursor(record.id), node: view(record) })),
	};
}

export interface CloudshelfSandboxOptions {
	apiKey?: string;
	seed?: number;
}

export class CloudshelfSandbox extends SandboxServer {
	readonly state = new CloudshelfState();
	readonly schema = buildSchema(CLOUDSHELF_SDL);
	readonly apiKey: string;
	/** Complexity charged per answered request, for tests. */
	readonly charges: Array<{ operation?: string; complexity: number }> = [];
	/** Requests answered TEMPORARY_RESTRICTION because credits ran out. */
	restrictions = 0;
	private credits = CREDIT_CAPACITY;
	private creditsAt = Date.now();

	constructor(options: CloudshelfSandboxOptions = {}) {
		super('cloudshelf', graphqlErrorBody, options.seed);
		this.apiKey = options.apiKey ?? SANDBOX_API_KEY;
	}

	protected get admin(): AdminHandlers {
		return {
			state: () => this.state.snapshot(),
			seed: (body) => this.state.seed(body as CloudshelfSeed),
			reset: () => {
				this.state.reset();
				this.charges.length = 0;
			},
		};
	}

	protected operationOf(request: SandboxRequest): string | undefined {
		const body = request.body as { operationName?: string; query?: string } | undefined;
		if (body?.operationName) return body.operationName;
		return /^\s*(?:query|mutation)\s+(\w+)/.exec(body?.query ?? '')?.[1];
	}

	/** Spends every credit now, as a burst of heavy queries by another client would. */
	exhaustCredits(): void {
		this.credits = 0;
		this.creditsAt = Date.now();
	}

	private spend(cost: number): boolean {
		const now = Date.now();
		const rate = CREDITS_PER_SECOND * this.faults.rateLimitScale;
		this.credits = Math.min(
			CREDIT_CAPACITY * this.faults.rateLimitScale,
			this.credits + ((now - this.creditsAt) / 1000) * rate,
		);
		this.creditsAt = now;
		if (this.credits < cost) return false;
		this.credits -= cost;
		return true;
	}

	protected async handle(request: SandboxRequest): Promise<SandboxResponse> {
		if (request.path !== '/graphql')
			return this.error(404, `Cannot ${request.method} ${request.path}`);
		if (request.method !== 'POST') return this.error(405, 'Use POST');
		const match = /^token\s+(.+)$/i.exec(String(request.headers.authorization ?? ''));
		if (match?.[1] !== this.apiKey) {
			return this.error(401, 'Unauthorized: invalid or missing API key', 'UNAUTHENTICATED');
		}
		const body = request.body as
			| { query?: string; variables?: Record<string, unknown>; operationName?: string }
			| undefined;
		if (!body?.query) return this.error(400, 'Must provide query string.');

		let document: DocumentNode;
		try {
			document = parse(body.query);
		} catch (error) {
			return this.error(400, (error as GraphQLError).message, 'GRAPHQL_PARSE_FAILED');
		}
		const validationErrors = validate(this.schema, document, [
			...specifiedRules,
			depthLimit(MAX_DEPTH),
		]);
		if (validationErrors.length) {
			return graphqlErrorResponse(
				400,
				validationErrors.map((error) => ({
					message: error.message,
					code: 'GRAPHQL_VALIDATION_FAILED',
				})),
			);
		}
		const complexity = getComplexity({
			schema: this.schema,
			query: document,
			variables: body.variables ?? {},
			estimators,
		});
		if (complexity > MAX_COMPLEXITY) {
			return graphqlErrorResponse(400, [
				{
					message: `Query is too complex: ${complexity}. Maximum allowed complexity: ${MAX_COMPLEXITY}`,
					code: 'QUERY_TOO_COMPLEX',
					extensions: { complexity },
				},
			]);
		}
		const operation = document.definitions.find(
			(definition) => definition.kind === 'OperationDefinition',
		) as OperationDefinitionNode | undefined;
		if (!this.spend(complexity)) {
			this.restrictions++;
			const restriction = {
				message: 'Not enough credits, retry shortly',
				code: 'TEMPORARY_RESTRICTION',
			};
			return graphqlErrorResponse(200, [restriction], { data: null });
		}
		this.charges.push({ operation: operation?.name?.value, complexity });
		const result = await execute({
			schema: this.schema,
			document,
			rootValue: this.root,
			variableValues: body.variables,
			operationName: body.operationName,
		});
		return { status: 200, body: { ...result, extensions: { complexity } } };
	}

	private tooMany(rows: unknown[]): UserError[] {
		return rows.length > MAX_UPSERT_ROWS
			? [
					{
						code: 'INVALID_ARGUMENT',
						message: `At most ${MAX_UPSERT_ROWS} rows per call, got ${rows.length}`,
					},
				]
			: [];
	}

	private readonly root = {
		orders: (args: PageArgs) =>
			paginate([...this.state.orders.values()], args, (order: OrderRecord) =>
				this.state.orderView(order),
			),
		order: ({ id }: { id: string }) => {
			const order = this.state.findOrder(id);
			return order ? this.state.orderView(order) : null;
		},
		locations: (args: PageArgs) =>
			paginate([...this.state.locations.values()], args, (location) =>
				this.state.locationView(location),
			),
		products: (args: PageArgs) =>
			paginate([...this.state.products.values()], args, (product) =>
				this.state.productView(product),
			),
		location: ({ id }: { id: string }) => {
			const location = this.state.findLocation(id);
			return location ? this.state.locationView(location) : null;
		},
		product: ({ id }: { id: string }) => {
			const product = this.state.findProduct(id);
			return product ? this.state.productView(product) : null;
		},
		organisationRequiresStockSync: () => true,

		upsertLocations: ({ input }: { input: Array<Record<string, unknown>> }) => {
			const userErrors = this.tooMany(input);
			if (userErrors.length) return { locations: [], userErrors };
			const results = input.map((row) => this.state.upsertLocation(row));
			return {
				locations: results.flatMap((result) =>
					result.record ? [this.state.locationView(result.record)] : [],
				),
				userErrors: results.flatMap((result) => (result.error ? [result.error] : [])),
			};
		},
		upsertProducts: ({ input }: { input: Array<Record<string, unknown>> }) => {
			const userErrors = this.tooMany(input);
			if (userErrors.length) return { products: [], userErrors };
			const results = input.map((row) => this.state.upsertProduct(row));
			return {
				products: results.flatMap((result) =>
					result.record ? [this.state.productView(result.record)] : [],
				),
				userErrors: results.flatMap((result) => (result.error ? [result.error] : [])),
			};
		},
		upsertProductVariants: ({
			inputs,
		}: {
			inputs: Array<{ productId: string; variants: Array<Record<string, unknown>> }>;
		}) => {
			const userErrors = this.tooMany(inputs.flatMap((entry) => entry.variants));
			if (userErrors.length) return { productVariants: [], userErrors };
			const results = inputs.flatMap((entry) =>
				entry.variants.map((variant) => this.state.upsertVariant(entry.productId, variant)),
			);
			return {
				productVariants: results.flatMap((result) =>
					result.record ? [this.state.variantView(result.record)] : [],
				),
				userErrors: results.flatMap((result) => (result.error ? [result.error] : [])),
			};
		},
		upsertStockLevels: ({
			input,
		}: {
			input: Array<{ locationId: string; productVariantId: string; quantity: number }>;
		}) => {
			const userErrors = this.tooMany(input);
			if (userErrors.length) return { stockLevels: [], userErrors };
			const results = input.map((row) => this.state.upsertStockLevel(row));
			return {
				stockLevels: results.flatMap((result) =>
					result.record ? [this.state.stockView(result.record)] : [],
				),
				userErrors: results.flatMap((result) => (result.error ? [result.error] : [])),
			};
		},
		upsertOrders: ({ input }: { input: Array<Record<string, unknown>> }) => {
			const userErrors = this.tooMany(input);
			if (userErrors.length) return { orders: [], userErrors };
			const results = input.map((row) => this.state.upsertOrder(row));
			return {
				orders: results.flatMap((result) =>
					result.record ? [this.state.orderView(result.record)] : [],
				),
				userErrors: results.flatMap((result) => (result.error ? [result.error] : [])),
			};
		},
	};
}
