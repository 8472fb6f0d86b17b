/** Stokly's pure parts: the model, the filter builders and the transport's request shape. */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import {
	effectiveOnHand,
	grossPrice,
	setDelta,
	stockKey,
	toCanonicalChannel,
	toCanonicalLocation,
	toCatalogueItems,
	toLocationLevels,
} from '../../nodes/Stokly/model';
import {
	UnsafeFilterValue,
	and,
	anyOf,
	eq,
	literal,
	ne,
	or,
	orBatches,
	stringLiteral,
	term,
	type InventoryRecord,
	type StoklyItem,
} from '../../nodes/Stokly/requests';
import {
	LIMITS,
	StoklyClient,
	callNameOf,
	isIdempotentRequest,
	pathTemplate,
	rateLimitPauseMs,
	stoklyApi,
} from '../../nodes/Stokly/transport';

const item = (fields: Partial<StoklyItem> & { itemId: string }): StoklyItem => ({
	status: 0,
	format: 0,
	barcodes: [],
	salePrice: { amount: 10, currency: 'GBP' },
	images: [],
	attributes: [],
	...fields,
});

describe('Stokly filter builders', () => {
	it('write [field]<op>{value} terms, strings typed as @string', () => {
		expect(eq('sku', 'LS-BLU-M')).toBe('[sku]=={@string;LS-BLU-M}');
		expect(eq('status', 1)).toBe('[status]=={1}');
		expect(ne('binId', 'UNASSIGNED')).toBe('[binId]!={UNASSIGNED}');
		expect(term('variantItems', '::', literal('abc'))).toBe('[variantItems]::{abc}');
		expect(stringLiteral('00123')).toBe('{@string;00123}');
	});

	it('join with && and ||, parenthesising compound parts', () => {
		expect(and('[a]=={1}', undefined, '[b]=={2}||[b]=={3}')).toBe('[a]=={1}&&([b]=={2}||[b]=={3})');
		expect(or('[a]=={1}', '[b]=={2}&&[c]=={3}')).toBe('[a]=={1}||([b]=={2}&&[c]=={3})');
		expect(and('[a]=={1}')).toBe('[a]=={1}');
	});

	it('refuse values holding { or }, which Stokly knows no escaping for', () => {
		expect(() => stringLiteral('A{B')).toThrow(UnsafeFilterValue);
		expect(() => literal('}')).toThrow('contains { or }');
	});

	it('batch values at most 200 per || filter, each sent once', () => {
		const values = Array.from({ length: 401 }, (_, index) => `S${index}`);
		const filters = anyOf('sku', [...values, 'S0'], 200);
		expect(filters.flatMap((filter) => filter.split('||'))).toEqual(
			values.map((value) => eq('sku', value)),
		);
		expect(Math.max(...filters.map((filter) => filter.split('||').length))).toBeLessThanOrEqual(
			200,
		);
		expect(
			orBatches(
				values.map((value) => eq('sku', value)),
				200,
				1e9,
			)[0].split('||'),
		).toHaveLength(200);
		expect(LIMITS.skusPerFilter).toBe(200);
		expect(LIMITS.filterChars).toBe(8_000);
	});

	it('split long values by URL-encoded length too, so no request line reaches 16 KB', () => {
		const references = Array.from(
			{ length: 200 },
			(_, index) => `gid://cloudshelf/Order/01JD${String(index).padStart(22, '0')}`,
		);
		const filters = anyOf('sourceReferenceId', references);
		expect(filters.length).toBeGreaterThanOrEqual(3);
		for (const filter of filters)
			expect(encodeURIComponent(filter).length).toBeLessThanOrEqual(LIMITS.filterChars);
		// Every reference once, in order, none lost at a batch boundary.
		expect(filters.flatMap((filter) => filter.split('||'))).toEqual(
			references.map((reference) => eq('sourceReferenceId', reference)),
		);
		// Short values still go 200 per filter; a value longer than the budget gets a filter alone.
		expect(orBatches(['[a]=={1}', 'x'.repeat(50), '[b]=={2}'], 200, 40)).toEqual([
			'[a]=={1}',
			'x'.repeat(50),
			'[b]=={2}',
		]);
		expect(orBatches(['[a]=={1}', '[b]=={2}', '[c]=={3}'], 2)).toEqual([
			'[a]=={1}||[b]=={2}',
			'[c]=={3}',
		]);
	});
});

describe('Stokly transport', () => {
	it('names calls METHOD /path-template and encodes id segments', () => {
		expect(pathTemplate('/v2/saleorders/a b/items')).toBe('/v2/saleorders/{id}/items');
		expect(callNameOf({ method: 'GET', path: '/v0/locations/x/bins' })).toBe(
			'GET /v0/locations/{id}/bins',
		);
		expect(callNameOf({ method: 'POST', path: '/v1/adjustments' })).toBe('POST /v1/adjustments');
		const http = stoklyApi.toHttp(
			{ method: 'GET', path: '/v2/saleorders/a b/items', query: { page: 0, filter: undefined } },
			{},
		);
		expect(http).toMatchObject({
			url: '/v2/saleorders/a%20b/items',
			qs: { page: 0 },
			json: true,
			returnFullResponse: true,
		});
	});

	it('treats every POST as not idempotent', () => {
		expect(isIdempotentRequest({ method: 'POST', path: '/v1/adjustments' })).toBe(false);
		expect(isIdempotentRequest({ method: 'POST', path: '/v2/saleorders' })).toBe(false);
		expect(isIdempotentRequest({ method: 'GET', path: '/v2/saleorders' })).toBe(true);
		expect(isIdempotentRequest({ method: 'PATCH', path: '/v2/saleorders/x' })).toBe(true);
	});

	it('pauses for the window when x-ratelimit-remaining is 3 or less', () => {
		expect(rateLimitPauseMs({ 'x-ratelimit-remaining': '4' })).toBe(0);
		expect(rateLimitPauseMs({ 'X-RateLimit-Remaining': '3' })).toBe(60_000);
		expect(rateLimitPauseMs({ 'x-ratelimit-remaining': '0', 'retry-after': '7' })).toBe(7_000);
		expect(rateLimitPauseMs({})).toBe(0);
	});

	it('reads the body of a full response and words failures from Stokly’s {message}', () => {
		expect(
			stoklyApi.readAnswer!({ statusCode: 200, headers: {}, body: { data: 1 } }, {} as never),
		).toEqual({
			data: 1,
		});
		const failure = Object.assign(new Error('Request failed with status code 400'), {
			cause: { response: { status: 400, data: { message: 'Malformed filter at 7' } } },
		});
		expect(
			stoklyApi.describeFailure(failure, { method: 'GET', path: '/v0/items' }, 400),
		).toMatchObject({ message: 'Stokly GET /v0/items failed (HTTP 400): Malformed filter at 7' });
		const lost = Object.assign(new Error('Request failed with status code 502'), {
			cause: { response: { status: 502, data: { message: 'Bad gateway' } } },
		});
		expect(
			stoklyApi.describeFailure(lost, { method: 'POST', path: '/v1/adjustments' }, 502).description,
		).toContain('may have made the change');
	});

	it('lists every page (size up to 1000) until metadata.count is reached', async () => {
		const node = { name: 'Stokly' } as INode;
		const sent: Array<Record<string, unknown>> = [];
		const context = {
			getNode: () => node,
			getCredentials: async () => ({}),
			helpers: {
				httpRequestWithAuthentication: async (
					_type: string,
					options: { qs: Record<string, unknown> },
				) => {
					sent.push(options.qs);
					const page = Number(options.qs.page);
					const rows = page < 2 ? 1000 : 500;
					return {
						statusCode: 200,
						headers: { 'x-ratelimit-remaining': '500' },
						body: {
							data: Array.from({ length: rows }, (_, index) => ({ n: page * 1000 + index })),
							metadata: { count: 2500 },
						},
					};
				},
			},
		} as unknown as IExecuteFunctions;
		const rows = await new StoklyClient(context).list<{ n: number }>(0, '/v0/items', {
			pageSize: 5000,
			filter: '[status]!={1}',
		});
		expect(rows).toHaveLength(2500);
		expect(sent.map((qs) => [qs.page, qs.size, qs.filter])).toEqual([
			[0, 1000, '[status]!={1}'],
			[1, 1000, '[status]!={1}'],
			[2, 1000, '[status]!={1}'],
		]);
	});
});

describe('Stokly model: locations and channels', () => {
	it('maps locations and channels to their canonical shapes', () => {
		expect(toCanonicalLocation({ locationId: 'L1', name: 'Store', status: 0 })).toEqual({
			locationId: 'L1',
			name: 'Store',
			status: 0,
			active: true,
		});
		expect(toCanonicalChannel({ channelId: 'C1', name: 'Shop', type: 6, status: 0 })).toEqual({
			channelId: 'C1',
			name: 'Shop',
			type: 6,
			typeName: 'shopify',
			status: 0,
		});
	});
});

describe('Stokly model: catalogue items', () => {
	const parent = item({
		itemId: 'P',
		sku: 'TEE',
		name: 'Tee',
		format: 2,
		variantItems: ['M', 'L'],
		images: [{ uri: 'https://img/tee.jpg' }],
	});
	const medium = item({
		itemId: 'M',
		sku: 'TEE-M',
		name: 'Tee M',
		salePrice: { amount: 16.66, currency: 'gbp' },
		attributes: [
			{ name: 'Size', value: 'M' },
			{ name: 'Brand', value: 'Acme' },
		],
		barcodes: ['', '501'],
	});
	const large = item({ itemId: 'L', sku: 'TEE-L', name: 'Tee L', salePrice: null });

	it('groups variants under their parent, adds VAT, falls back to the parent’s image and price', () => {
		const { items, problems } = toCatalogueItems([parent, medium, large], [], { vatPercent: 20 });
		expect(problems).toEqual([]);
		expect(items).toEqual([
			{
				sku: 'TEE-M',
				productKey: 'TEE',
				productName: 'Tee',
				variantName: 'M',
				price: 19.99,
				currency: 'GBP',
				imageUrl: 'https://img/tee.jpg',
				barcode: '501',
				vendor: 'Acme',
				attributes: { Size: 'M' },
				itemId: 'M',
				externalId: 'gid://external/StoklyItem/M',
			},
			expect.objectContaining({ sku: 'TEE-L', productKey: 'TEE', price: 12, variantName: 'Tee L' }),
		]);
	});

	it('takes parents from a separate list (a read by SKU)', () => {
		const { items } = toCatalogueItems([medium], [parent], { vatPercent: 0 });
		expect(items).toEqual([expect.objectContaining({ productKey: 'TEE', price: 16.66 })]);
	});

	it('reports no SKU, no price and duplicate SKUs; leaves archived items and archived parents’ variants out', () => {
		const noPriceParent = item({ ...parent, salePrice: null });
		const { items, problems } = toCatalogueItems(
			[
				noPriceParent,
				item({ ...medium, sku: ' ' }),
				large,
				item({ itemId: 'A', sku: 'CAP', name: 'Cap' }),
				item({ itemId: 'B', sku: 'CAP', name: 'Cap copy' }),
				item({ itemId: 'OLD', sku: 'OLD', status: 1 }),
				item({ itemId: 'HP', sku: 'HAT', format: 2, status: 1, variantItems: ['HS'] }),
				item({ itemId: 'HS', sku: 'HAT-S' }),
			],
			[],
			{ vatPercent: 20 },
		);
		expect(items).toEqual([]);
		expect(problems.map((problem) => [problem.problem, problem.sku])).toEqual([
			['noSku', undefined],
			['noPrice', 'TEE-L'],
			['duplicateSku', 'CAP'],
		]);
		expect(problems[0].message).toBe(
			'Item "Tee M" (M, no SKU) (a variant of Item TEE) has no SKU, so it cannot be matched to stock or orders',
		);
	});

	it('rounds gross prices to pennies', () => {
		expect(grossPrice(16.66, 20)).toBe(19.99);
		expect(grossPrice(0.1, 20)).toBe(0.12);
		expect(grossPrice(12.5, 0)).toBe(12.5);
	});
});

describe('Stokly model: stock', () => {
	const record = (fields: Partial<InventoryRecord>): InventoryRecord => ({
		itemId: 'I',
		itemSku: 'SKU',
		locationId: 'L',
		locationName: 'Store',
		binId: 'B1',
		onHand: 0,
		...fields,
	});

	it('sums bins per item and location; aggregate rows count only without binned rows', () => {
		const levels = toLocationLevels([
			record({ binId: 'B1', onHand: 4 }),
			record({ binId: 'B2', onHand: 6 }),
			record({ binId: 'UNASSIGNED', onHand: 10 }),
			record({ locationId: 'UNASSIGNED', binId: 'UNASSIGNED', onHand: 99 }),
			record({ locationId: 'L2', locationName: 'Other', binId: 'UNASSIGNED', onHand: 3 }),
			record({ itemId: 'J', itemSku: 'NEG', binId: 'B1', onHand: -2 }),
		]);
		expect(levels).toEqual([
			{ sku: 'SKU', location: 'Store', quantity: 10, locationId: 'L', itemId: 'I', onHand: 10 },
			{ sku: 'SKU', location: 'Other', quantity: 3, locationId: 'L2', itemId: 'I', onHand: 3 },
			{ sku: 'NEG', location: 'Store', quantity: 0, locationId: 'L', itemId: 'J', onHand: -2 },
		]);
	});

	it('uses available where the records give it', () => {
		const [level] = toLocationLevels([record({ onHand: 5, available: 3 })]);
		expect(level.quantity).toBe(3);
		expect(level.onHand).toBe(5);
	});

	it('counts a pending delta while the read still shows its base, drops it once it shows, and flags any other read as moved', () => {
		const pending = { delta: 5, base: 10 };
		expect(effectiveOnHand(10, pending)).toEqual({ effective: 15, stillPending: pending });
		expect(effectiveOnHand(15, pending)).toEqual({ effective: 15 });
		// A sale while the change is not shown (9), or after it showed (14): which is not known.
		expect(effectiveOnHand(9, pending)).toEqual({
			effective: 9,
			stillPending: pending,
			moved: true,
		});
		expect(effectiveOnHand(14, pending)).toEqual({
			effective: 14,
			stillPending: pending,
			moved: true,
		});
		expect(effectiveOnHand(10, undefined)).toEqual({ effective: 10 });
	});

	it('recognises merged deltas shown in part, and rebases the rest on the read', () => {
		const merged = { delta: 7, base: 10, parts: [5, 2] };
		expect(effectiveOnHand(10, merged)).toEqual({ effective: 17, stillPending: merged });
		expect(effectiveOnHand(15, merged)).toEqual({
			effective: 17,
			stillPending: { delta: 2, base: 15 },
		});
		expect(effectiveOnHand(17, merged)).toEqual({ effective: 17 });
		expect(effectiveOnHand(16, merged)).toMatchObject({ moved: true, stillPending: merged });
		// Deltas that cancel out: the first shown alone still leaves the second to come.
		const undone = { delta: 0, base: 10, parts: [3, -3] };
		expect(effectiveOnHand(13, undone)).toEqual({
			effective: 10,
			stillPending: { delta: -3, base: 13 },
		});
	});

	it('computes the delta to a target and merges it with one still pending', () => {
		expect(setDelta(15, 10, undefined)).toEqual({
			delta: 5,
			previous: 10,
			next: { delta: 5, base: 10 },
		});
		expect(setDelta(15, 10, { delta: 5, base: 10 })).toEqual({
			delta: 0,
			previous: 15,
			next: { delta: 5, base: 10 },
		});
		expect(setDelta(20, 10, { delta: 5, base: 10 })).toEqual({
			delta: 5,
			previous: 15,
			next: { delta: 10, base: 10, parts: [5, 5] },
		});
		expect(setDelta(20, 15, { delta: 5, base: 10 })).toEqual({
			delta: 5,
			previous: 15,
			next: { delta: 5, base: 15 },
		});
		// Stock moved under the pending delta: nothing to send, the entry kept.
		expect(setDelta(15, 9, { delta: 5, base: 10 })).toEqual({
			delta: 0,
			previous: 9,
			next: { delta: 5, base: 10 },
			moved: true,
		});
		expect(setDelta(10, 10, undefined)).toEqual({ delta: 0, previous: 10 });
		expect(stockKey('L', 'B', 'I')).toBe('L|B|I');
	});
});
