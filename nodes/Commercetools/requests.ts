/**
 * Typed request builders for every commercetools call the node and the trigger make, and the one
 * place query predicates are built (values quoted and escaped here, never by string concatenation at
 * a call site). Each builder returns a `CommercetoolsRequest` for `CommercetoolsClient`; bodies are
 * typed against @commercetools/platform-sdk. Also the id-cursor paging every listing uses: sort by
 * id, `where=id > "<last id>"`, `withTotal=false` (VERIFIED as the official JS SDK's `process()`),
 * so listings go past the 10,000 offset cap.
 */
import type {
	Channel,
	ChannelRoleEnum,
	CustomObject,
	CustomObjectDraft,
	InventoryEntry,
	InventoryEntryDraft,
	InventoryEntryUpdateAction,
	Message,
	Order,
	OrderImportDraft,
	OrderUpdateAction,
	ProductProjection,
	Store,
} from '@commercetools/platform-sdk';

import { NodeOperationError, type INode } from 'n8n-workflow';

import { fetchAllPages } from '../shared/transport';
import { LIMITS, type CommercetoolsClient, type CommercetoolsRequest } from './transport';

// ---------------------------------------------------------------------------------------------
// Predicates
// ---------------------------------------------------------------------------------------------

/**
 * A string literal of the query predicate language: double quotes, with backslash and double quote
 * escaped by a backslash (INFERRED from the predicate grammar; the docs show only plain literals).
 * Control characters are dropped: no SKU, key or order number carries one.
 */
export function literal(value: string): string {
	let escaped = '';
	for (const character of value) {
		if (character.charCodeAt(0) < 0x20) continue;
		escaped += character === '\\' || character === '"' ? `\\${character}` : character;
	}
	return `"${escaped}"`;
}

/** `field = "value"`. */
export function equals(field: string, value: string): string {
	return `${field} = ${literal(value)}`;
}

/** `field in ("a", "b")`; one value becomes `field = "a"`. */
export function isIn(field: string, values: readonly string[]): string {
	if (values.length === 0) throw new RangeError(`An "in" predicate on ${field} needs values`);
	if (values.length === 1) return equals(field, values[0]);
	return `${field} in (${values.map(literal).join(', ')})`;
}

/** Parts joined with `and`, each in parentheses when it holds an `or`. */
export function and(...parts: Array<string | undefined>): string | undefined {
	const present = parts.filter((part): part is string => Boolean(part));
	if (!present.length) return undefined;
	return present.map((part) => (/\sor\s/.test(part) ? `(${part})` : part)).join(' and ');
}

export function or(...parts: string[]): string {
	return parts.map((part) => (/\sand\s/.test(part) ? `(${part})` : part)).join(' or ');
}

/** The channel condition of an inventory entry: `supplyChannel(id = "…")`, or none set. */
export function supplyChannelIs(channelId: string | null): string {
	return channelId === null
		? 'supplyChannel is not defined'
		: `supplyChannel(${equals('id', channelId)})`;
}

/** Product projections with any of these SKUs on the master variant or another variant (VERIFIED). */
export function variantSkuIn(skus: readonly string[]): string {
	return or(`masterVariant(${isIn('sku', skus)})`, `variants(${isIn('sku', skus)})`);
}

// ---------------------------------------------------------------------------------------------
// Paged queries
// ---------------------------------------------------------------------------------------------

export interface PagedResponse<T> {
	limit: number;
	offset?: number;
	count: number;
	total?: number;
	results: T[];
}

export interface QueryOptions {
	/** Predicates, ANDed by the API (each one a `where` parameter). */
	where?: Array<string | undefined>;
	limit?: number;
	/** Only results whose id sorts after this one (the id cursor). */
	afterId?: string;
	expand?: string[];
	/** Further query parameters of the endpoint (e.g. `staged`, `priceCurrency`). */
	qs?: CommercetoolsRequest['qs'];
}

/** One page of `GET <path>` in id order, after `afterId`. */
export function pagedQuery(
	operation: string,
	path: string,
	{ where = [], limit = LIMITS.pageSize, afterId, expand, qs }: QueryOptions = {},
): CommercetoolsRequest {
	const predicates = [
		...where.filter((part): part is string => Boolean(part)),
		...(afterId ? [`id > ${literal(afterId)}`] : []),
	];
	return {
		method: 'GET',
		path,
		operation,
		qs: {
			...qs,
			where: predicates,
			sort: 'id asc',
			limit: Math.min(LIMITS.pageSize, Math.max(1, limit)),
			withTotal: false,
			expand,
		},
	};
}

/**
 * Every result of a query, page by page along the id cursor (never an offset): up to `limit`
 * results, or streamed to `onPage` (then nothing is collected).
 */
export async function queryAll<T extends { id: string }>(
	client: CommercetoolsClient,
	build: (afterId: string | undefined, pageSize: number) => CommercetoolsRequest,
	{
		limit = Infinity,
		itemIndex,
		onPage,
	}: {
		limit?: number;
		itemIndex?: number;
		onPage?: (results: T[]) => void | Promise<void>;
	} = {},
): Promise<T[]> {
	let afterId: string | undefined;
	return await fetchAllPages<T>(
		async () => {
			const pageSize = Math.min(LIMITS.pageSize, Math.max(1, limit));
			const page = await client.request<PagedResponse<T>>(build(afterId, pageSize), itemIndex);
			const results = page.results ?? [];
			if (results.length) afterId = results[results.length - 1].id;
			if (onPage) await onPage(results);
			return { items: onPage ? [] : results, last: results.length < pageSize };
		},
		{ limit },
	);
}

// ---------------------------------------------------------------------------------------------
// Channels and stores
// ---------------------------------------------------------------------------------------------

export const channels = {
	/** Channels with any of these roles (all channels when empty). */
	query(roles: readonly ChannelRoleEnum[], options: QueryOptions = {}): CommercetoolsRequest {
		const byRole = roles.length
			? `roles contains any (${roles.map(literal).join(', ')})`
			: undefined;
		return pagedQuery('channels/query', '/channels', {
			...options,
			where: [byRole, ...(options.where ?? [])],
		});
	},
	byKeys(keys: readonly string[]): CommercetoolsRequest {
		return pagedQuery('channels/query', '/channels', { where: [isIn('key', keys)] });
	},
};

export const stores = {
	query(options: QueryOptions = {}): CommercetoolsRequest {
		return pagedQuery('stores/query', '/stores', options);
	},
};

export type { Channel, Store };

// ---------------------------------------------------------------------------------------------
// Product projections
// ---------------------------------------------------------------------------------------------

export const productProjections = {
	/** Published (current) projections; with SKUs, only products having one of them. */
	query(skus: readonly string[] | undefined, options: QueryOptions = {}): CommercetoolsRequest {
		return pagedQuery('product-projections/query', '/product-projections', {
			...options,
			where: [skus?.length ? variantSkuIn(skus) : undefined, ...(options.where ?? [])],
			qs: { staged: false, ...options.qs },
		});
	},
};

export type { ProductProjection };

// ---------------------------------------------------------------------------------------------
// Inventory
// ---------------------------------------------------------------------------------------------

export const inventory = {
	/** Entries of these SKUs in one supply channel (`null`: entries without a channel). */
	query(
		skus: readonly string[] | undefined,
		channelId: string | null | undefined,
		options: QueryOptions = {},
	): CommercetoolsRequest {
		return pagedQuery('inventory/query', '/inventory', {
			...options,
			where: [
				skus?.length ? isIn('sku', skus) : undefined,
				channelId === undefined ? undefined : supplyChannelIs(channelId),
				...(options.where ?? []),
			],
		});
	},
	/** Entries in any of these supply channels. */
	inChannels(
		skus: readonly string[] | undefined,
		channelIds: readonly string[],
		options: QueryOptions = {},
	): CommercetoolsRequest {
		return pagedQuery('inventory/query', '/inventory', {
			...options,
			where: [
				skus?.length ? isIn('sku', skus) : undefined,
				channelIds.length ? `supplyChannel(${isIn('id', channelIds)})` : undefined,
				...(options.where ?? []),
			],
		});
	},
	get(id: string): CommercetoolsRequest {
		return {
			method: 'GET',
			path: `/inventory/${encodeURIComponent(id)}`,
			operation: 'inventory/get',
		};
	},
	/** A create is refused (DuplicateField) when the (sku, channel) entry exists: safe to resend. */
	create(draft: InventoryEntryDraft): CommercetoolsRequest {
		return {
			method: 'POST',
			path: '/inventory',
			operation: 'inventory/create',
			body: draft,
			idempotent: true,
		};
	},
	/**
	 * Update on `version`. Version-guarded absolute sets (`changeQuantity`) are idempotent; a delta
	 * computed from the version read (`absolute: false`) is not re-sent after a lost answer, so the
	 * caller can tell whether it was applied before sending it again.
	 */
	update(
		id: string,
		version: number,
		actions: InventoryEntryUpdateAction[],
		{ absolute }: { absolute: boolean },
	): CommercetoolsRequest {
		return {
			method: 'POST',
			path: `/inventory/${encodeURIComponent(id)}`,
			operation: 'inventory/update',
			body: { version, actions },
			idempotent: absolute,
		};
	},
};

export type { InventoryEntry, InventoryEntryDraft, InventoryEntryUpdateAction };

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export const messages = {
	query(options: QueryOptions & { sortByCreatedAt?: boolean } = {}): CommercetoolsRequest {
		const request = pagedQuery('messages/query', '/messages', options);
		if (options.sortByCreatedAt) request.qs = { ...request.qs, sort: ['createdAt asc', 'id asc'] };
		return request;
	},
	/** The messages of one resource at one version (what a write of that version produced). */
	ofResourceVersion(types: readonly string[], resourceId: string, version: number) {
		return pagedQuery('messages/query', '/messages', {
			where: [
				isIn('type', types),
				`resource(${equals('id', resourceId)})`,
				`resourceVersion = ${Math.trunc(version)}`,
			],
			limit: 20,
		});
	},
};

export type { Message };

// ---------------------------------------------------------------------------------------------
// Custom objects (change keys)
// ---------------------------------------------------------------------------------------------

export const customObjects = {
	get(container: string, key: string): CommercetoolsRequest {
		return {
			method: 'GET',
			path: `/custom-objects/${encodeURIComponent(container)}/${encodeURIComponent(key)}`,
			operation: 'custom-objects/get',
		};
	},
	/**
	 * Creates or replaces the value. `version` 0 creates only; a version replaces only that
	 * version (409 otherwise). Either way re-sending it is harmless.
	 */
	put(draft: CustomObjectDraft): CommercetoolsRequest {
		return {
			method: 'POST',
			path: '/custom-objects',
			operation: 'custom-objects/create',
			body: draft,
			idempotent: true,
		};
	},
};

export type { CustomObject, CustomObjectDraft };

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

const orderNumberPath = (orderNumber: string) =>
	`/orders/order-number=${encodeURIComponent(orderNumber)}`;

export const orders = {
	/** GET by orderNumber (the URI parameter must be URL-encoded, VERIFIED); 404 when absent. */
	getByNumber(orderNumber: string, expand?: string[]): CommercetoolsRequest {
		return {
			method: 'GET',
			path: orderNumberPath(orderNumber),
			operation: 'orders/get',
			qs: { expand },
		};
	},
	/** Not re-sent after a lost answer: the caller reads the order back by orderNumber first. */
	import(draft: OrderImportDraft): CommercetoolsRequest {
		return { method: 'POST', path: '/orders/import', operation: 'orders/import', body: draft };
	},
	/**
	 * Update by orderNumber on `version`. `absolute`: the actions set state whatever it was (state
	 * changes), so re-sending is harmless; otherwise (a delivery) the caller checks first.
	 */
	updateByNumber(
		orderNumber: string,
		version: number,
		actions: OrderUpdateAction[],
		{ absolute }: { absolute: boolean },
	): CommercetoolsRequest {
		return {
			method: 'POST',
			path: orderNumberPath(orderNumber),
			operation: 'orders/update',
			body: { version, actions },
			idempotent: absolute,
		};
	},
	query(options: QueryOptions = {}): CommercetoolsRequest {
		return pagedQuery('orders/query', '/orders', options);
	},
};

export type { Order, OrderImportDraft, OrderUpdateAction };

// ---------------------------------------------------------------------------------------------
// Channel directory
// ---------------------------------------------------------------------------------------------

/**
 * The project's channels, read once per execution (or poll): channel keys are what mapping tables,
 * drop-downs and canonical items carry; ids are what stored references and predicates use.
 */
export class ChannelDirectory {
	private readonly byKey = new Map<string, Channel>();
	private readonly byId = new Map<string, Channel>();

	constructor(readonly channels: Channel[]) {
		for (const channel of channels) {
			this.byKey.set(channel.key.trim().toLowerCase(), channel);
			this.byId.set(channel.id, channel);
		}
	}

	/** Every channel (of any role), paged by id. */
	static async load(client: CommercetoolsClient, itemIndex?: number): Promise<ChannelDirectory> {
		return new ChannelDirectory(
			await queryAll<Channel>(client, (afterId, limit) => channels.query([], { afterId, limit }), {
				itemIndex,
			}),
		);
	}

	/** By key, matched case-insensitively (people type keys into tables). */
	byKeyOf(key: string): Channel | undefined {
		return this.byKey.get(key.trim().toLowerCase());
	}

	byIdOf(id: string): Channel | undefined {
		return this.byId.get(id);
	}

	/**
	 * What a user typed into a channel field: a key (as the drop-down gives it), else a channel id
	 * (the fields are "Name or ID" and accept an id from an expression).
	 */
	byKeyOrIdOf(reference: string): Channel | undefined {
		return this.byKeyOf(reference) ?? this.byIdOf(reference.trim());
	}

	keyOfId(id: string | undefined): string | undefined {
		return id === undefined ? undefined : this.byId.get(id)?.key;
	}

	/** id → key of every channel. */
	keysById(): Map<string, string> {
		return new Map(this.channels.map((channel) => [channel.id, channel.key]));
	}

	withRole(role: ChannelRoleEnum): Channel[] {
		return this.channels.filter((channel) => channel.roles?.includes(role));
	}

	/**
	 * The error for a channel key (or id) the project does not have; `hint` says what to set
	 * instead, listed are the keys of the channels with `role`, the role the field needs.
	 */
	unknownKey(
		node: INode,
		key: string,
		itemIndex: number,
		hint: string,
		role: ChannelRoleEnum = 'InventorySupply',
	): NodeOperationError {
		const known = this.withRole(role).map((channel) => channel.key);
		return new NodeOperationError(node, `commercetools has no channel with key "${key}"`, {
			itemIndex,
			description: `${hint}; no channel has this key or ID (${role} channel keys: ${known.join(', ') || 'none yet'})`,
		});
	}
}
