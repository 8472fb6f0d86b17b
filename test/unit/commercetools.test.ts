/** commercetools hosts, predicates, request shapes and model mappings, pure: no sandbox, no engine. */
import type { Price, ProductProjection } from '@commercetools/platform-sdk';

import {
	COMMERCETOOLS_REGIONS,
	CommercetoolsApi,
	commercetoolsHosts,
} from '../../credentials/CommercetoolsApi.credentials';
import {
	changeRecordKey,
	inventoryEntryKey,
	localized,
	moneyAmount,
	selectPrice,
	toCanonicalChannel,
	toCanonicalStore,
	toCatalogueItems,
	toStockLevel,
} from '../../nodes/Commercetools/model';
import {
	and,
	channels,
	customObjects,
	equals,
	inventory,
	isIn,
	literal,
	messages,
	orders,
	pagedQuery,
	productProjections,
	supplyChannelIs,
	variantSkuIn,
} from '../../nodes/Commercetools/requests';
import {
	commercetoolsApi,
	currentVersionOf,
	duplicateFieldOf,
	isConcurrentModification,
	isIdempotentRequest,
} from '../../nodes/Commercetools/transport';

describe('commercetools hosts', () => {
	it.each([
		['us-central1.gcp', 'commercetools.com'],
		['us-east-2.aws', 'commercetools.com'],
		['eastus.azure', 'commercetools.com'],
		['europe-west1.gcp', 'commercetools.com'],
		['eu-central-1.aws', 'commercetools.com'],
		['australia-southeast1.gcp', 'commercetools.com'],
		['cn-northwest-1.aws', 'commercetools.cn'],
	])('derives api.%s and auth.%s hosts', (region, domain) => {
		expect(commercetoolsHosts({ region })).toEqual({
			apiUrl: `https://api.${region}.${domain}`,
			authUrl: `https://auth.${region}.${domain}`,
		});
	});

	it('offers every published region plus China and custom URLs, Europe GCP by default', () => {
		const field = new CommercetoolsApi().properties.find((property) => property.name === 'region')!;
		const values = (field.options as Array<{ value: string }>).map((option) => option.value);
		expect(values).toEqual([...COMMERCETOOLS_REGIONS.map((region) => region.value), 'custom']);
		expect(values).toHaveLength(8);
		expect(field.default).toBe('europe-west1.gcp');
		expect(commercetoolsHosts({})).toEqual(commercetoolsHosts({ region: 'europe-west1.gcp' }));
	});

	it('uses the URLs given for a custom region, the API URL for a missing auth URL', () => {
		expect(
			commercetoolsHosts({
				region: 'custom',
				apiUrl: 'http://127.0.0.1:4050/',
				authUrl: 'http://127.0.0.1:4051//',
			}),
		).toEqual({ apiUrl: 'http://127.0.0.1:4050', authUrl: 'http://127.0.0.1:4051' });
		expect(commercetoolsHosts({ region: 'custom', apiUrl: 'http://x:1' }).authUrl).toBe(
			'http://x:1',
		);
	});

	it('points requests at the project with the Bearer token', async () => {
		const options = await new CommercetoolsApi().authenticate(
			{ region: 'eu-central-1.aws', projectKey: 'shop', accessToken: 'tok' },
			{ url: '/inventory', method: 'GET' },
		);
		expect(options.baseURL).toBe('https://api.eu-central-1.aws.commercetools.com/shop');
		expect(options.headers).toMatchObject({ Authorization: 'Bearer tok' });
	});
});

describe('commercetools predicates', () => {
	it('quotes and escapes string literals', () => {
		expect(literal('A"B\\C')).toBe('"A\\"B\\\\C"');
		expect(literal('line\nbreak')).toBe('"linebreak"');
		expect(equals('sku', 'X" or sku = "Y')).toBe('sku = "X\\" or sku = \\"Y"');
	});

	it('builds in, and, channel and variant SKU conditions', () => {
		expect(isIn('sku', ['A'])).toBe('sku = "A"');
		expect(isIn('sku', ['A', 'B'])).toBe('sku in ("A", "B")');
		expect(() => isIn('sku', [])).toThrow(RangeError);
		expect(supplyChannelIs('c1')).toBe('supplyChannel(id = "c1")');
		expect(supplyChannelIs(null)).toBe('supplyChannel is not defined');
		expect(variantSkuIn(['A', 'B'])).toBe(
			'masterVariant(sku in ("A", "B")) or variants(sku in ("A", "B"))',
		);
		expect(and('a = 1', undefined, 'b = 2 or c = 3')).toBe('a = 1 and (b = 2 or c = 3)');
		expect(and(undefined)).toBeUndefined();
	});

	it('pages by id: sort id asc, where id > last, no total, at most 500', () => {
		const request = pagedQuery('inventory/query', '/inventory', {
			where: ['sku = "A"', undefined],
			afterId: 'abc',
			limit: 9999,
		});
		expect(request).toMatchObject({
			method: 'GET',
			path: '/inventory',
			operation: 'inventory/query',
			qs: { where: ['sku = "A"', 'id > "abc"'], sort: 'id asc', limit: 500, withTotal: false },
		});
		expect(request.qs).not.toHaveProperty('offset');
	});

	it('names operations <resource>/<verb> and sends repeated query keys', () => {
		const http = commercetoolsApi.toHttp(inventory.query(['A', 'B'], 'ch-1', { afterId: 'x' }), {});
		expect(http).toMatchObject({ method: 'GET', url: '/inventory', arrayFormat: 'repeat' });
		expect(http.qs?.where).toEqual(['sku in ("A", "B")', 'supplyChannel(id = "ch-1")', 'id > "x"']);
		expect(channels.query(['InventorySupply']).qs?.where).toEqual([
			'roles contains any ("InventorySupply")',
		]);
		expect(productProjections.query(['S']).qs).toMatchObject({ staged: false });
		expect(orders.getByNumber('CS 1/2').path).toBe('/orders/order-number=CS%201%2F2');
		expect(customObjects.get('n8n c', 'k/1').path).toBe('/custom-objects/n8n%20c/k%2F1');
		expect(messages.ofResourceVersion(['InventoryEntryQuantitySet'], 'e1', 4).qs?.where).toEqual([
			'type = "InventoryEntryQuantitySet"',
			'resource(id = "e1")',
			'resourceVersion = 4',
		]);
		expect(messages.query({ sortByCreatedAt: true }).qs?.sort).toEqual(['createdAt asc', 'id asc']);
	});

	it('marks only reads, absolute sets and creates as safe to re-send', () => {
		expect(isIdempotentRequest(inventory.get('x'))).toBe(true);
		expect(isIdempotentRequest(inventory.update('x', 1, [], { absolute: true }))).toBe(true);
		expect(isIdempotentRequest(inventory.update('x', 1, [], { absolute: false }))).toBe(false);
		expect(isIdempotentRequest(orders.import({} as never))).toBe(false);
		expect(isIdempotentRequest(inventory.create({ sku: 'A', quantityOnStock: 1 }))).toBe(true);
	});
});

describe('commercetools error reading', () => {
	const failure = (status: number, body: unknown) => ({
		cause: { response: { status, data: body } },
		httpCode: String(status),
	});

	it('reads ConcurrentModification and DuplicateField from the error body', () => {
		const conflict = failure(409, {
			statusCode: 409,
			message: 'version',
			errors: [{ code: 'ConcurrentModification', message: 'v', currentVersion: 7 }],
		});
		expect(isConcurrentModification(conflict)).toBe(true);
		expect(currentVersionOf(conflict)).toBe(7);
		const duplicate = failure(400, {
			statusCode: 400,
			message: 'dup',
			errors: [{ code: 'DuplicateField', message: 'd', field: 'orderNumber', duplicateValue: 'A' }],
		});
		expect(duplicateFieldOf(duplicate)).toMatchObject({
			field: 'orderNumber',
			duplicateValue: 'A',
		});
		expect(isConcurrentModification(duplicate)).toBe(false);
	});

	it('words failures with the call, the code and what to check, never the token', () => {
		const request = inventory.update('x', 1, [], { absolute: false });
		const failed = commercetoolsApi.describeFailure(
			failure(400, {
				statusCode: 400,
				message: 'bad',
				errors: [{ code: 'InvalidInput', message: 'limit above 500' }],
			}),
			request,
			400,
		);
		expect(failed.message).toBe(
			'commercetools inventory/update failed (HTTP 400): InvalidInput: limit above 500',
		);
		const unauthorised = commercetoolsApi.describeFailure(failure(401, {}), request, 401);
		expect(unauthorised.description).toContain('Client Secret');
		const lost = commercetoolsApi.describeFailure(failure(502, 'Bad gateway'), request, 502);
		expect(lost.description).toContain('may or may not have been made');
		const scope = commercetoolsApi.describeFailure(
			failure(403, { statusCode: 403, errors: [{ code: 'insufficient_scope', message: 'no' }] }),
			request,
			403,
		);
		expect(scope.message).toContain('insufficient_scope');
		expect(scope.description).toContain('scopes');
	});
});

describe('commercetools model', () => {
	it('picks a localized text by locale, language, then the first', () => {
		expect(localized({ de: 'Hemd', 'en-GB': 'Shirt' }, 'en')).toBe('Shirt');
		expect(localized({ de: 'Hemd', en: 'Shirt' }, 'de-DE')).toBe('Hemd');
		expect(localized({ fr: 'Chemise' }, 'en')).toBe('Chemise');
		expect(localized(undefined, 'en')).toBeUndefined();
		expect(moneyAmount({ centAmount: 1999, fractionDigits: 2 })).toBe(19.99);
		expect(moneyAmount({ centAmount: 500, fractionDigits: 0 })).toBe(500);
	});

	it('maps channels, stores and inventory entries to the canonical shapes', () => {
		expect(
			toCanonicalChannel({
				id: 'c1',
				key: 'wh',
				roles: ['InventorySupply'],
				name: { en: 'Warehouse' },
			} as never),
		).toEqual({ key: 'wh', name: 'Warehouse', roles: ['InventorySupply'], id: 'c1' });
		expect(
			toCanonicalStore(
				{
					id: 's1',
					key: 'uk',
					supplyChannels: [{ typeId: 'channel', id: 'c1' }],
					distributionChannels: [],
					countries: [{ code: 'GB' }],
				} as never,
				new Map([['c1', 'wh']]),
			),
		).toMatchObject({ key: 'uk', name: 'uk', supplyChannels: ['wh'], countries: ['GB'] });
		expect(toStockLevel({ sku: 'A', quantityOnStock: 5, availableQuantity: 3 }, 'wh')).toEqual({
			sku: 'A',
			location: 'wh',
			quantity: 3,
			onStock: 5,
		});
	});

	it('makes valid inventory-entry and change-record keys, apart for different inputs', () => {
		expect(inventoryEntryKey('TEE-1', 'wh')).toBe('TEE-1__wh');
		const odd = inventoryEntryKey('TEE 1/ä', 'wh');
		expect(odd).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(odd).not.toBe(inventoryEntryKey('TEE 1/ö', 'wh'));
		expect(changeRecordKey('sale-1')).toBe('sale-1');
		const cleaned = changeRecordKey('CS-1:sale|TEE|wh');
		expect(cleaned).toMatch(/^[-_~.a-zA-Z0-9]+$/);
		expect(cleaned).not.toBe(changeRecordKey('CS-1:sale|TEE|wh2'));
		expect(changeRecordKey('x'.repeat(300)).length).toBeLessThanOrEqual(256);
	});

	const money = (currencyCode: string, centAmount: number) => ({
		type: 'centPrecision' as const,
		currencyCode,
		centAmount,
		fractionDigits: 2,
	});
	const price = (extra: Partial<Price> & { cents: number; currency?: string }): Price => ({
		id: `p${extra.cents}`,
		value: money(extra.currency ?? 'EUR', extra.cents),
		...extra,
	});
	const now = '2026-06-01T00:00:00.000Z';

	it('selects the most specific valid price like commercetools price selection', () => {
		const prices = [
			price({ cents: 1000 }),
			price({ cents: 900, country: 'DE' }),
			price({ cents: 800, channel: { typeId: 'channel', id: 'ch' } }),
			price({ cents: 700, customerGroup: { typeId: 'customer-group', id: 'g' } }),
			price({ cents: 600, validUntil: '2020-01-01T00:00:00Z' }),
			price({ cents: 500, currency: 'GBP' }),
		];
		expect(selectPrice(prices, { currency: 'EUR', now })?.value.centAmount).toBe(1000);
		expect(selectPrice(prices, { currency: 'eur', country: 'de', now })?.value.centAmount).toBe(
			900,
		);
		expect(selectPrice(prices, { currency: 'EUR', channelId: 'ch', now })?.value.centAmount).toBe(
			800,
		);
		expect(selectPrice(prices, { currency: 'GBP', now })?.value.centAmount).toBe(500);
		expect(selectPrice(prices, { currency: 'USD', now })).toBeUndefined();
	});

	it('turns variants into catalogue items and reports those without SKU or price', () => {
		const product = {
			id: 'prod-1',
			key: 'tee',
			name: { en: 'Tee' },
			masterVariant: {
				id: 1,
				sku: 'TEE-RED-M',
				prices: [
					price({
						cents: 2000,
						discounted: {
							value: money('EUR', 1500),
							discount: { typeId: 'product-discount', id: 'd' },
						},
					}),
				],
				images: [{ url: 'https://img/1.jpg', dimensions: { w: 1, h: 1 } }],
				attributes: [
					{ name: 'color', value: { key: 'red', label: { en: 'Red' } } },
					{ name: 'size', value: 'M' },
					{ name: 'ean', value: '4000000000001' },
					{ name: 'brand', value: 'Acme' },
				],
			},
			variants: [
				{ id: 2, prices: [price({ cents: 2000 })] },
				{ id: 3, sku: 'TEE-RED-L', prices: [price({ cents: 2000, currency: 'GBP' })] },
			],
		} as unknown as ProductProjection;
		const { items, problems } = toCatalogueItems(product, { currency: 'EUR', now, locale: 'en' });
		expect(items.map((entry) => entry.item)).toEqual([
			{
				sku: 'TEE-RED-M',
				productKey: 'tee',
				productName: 'Tee',
				variantName: 'Red / M',
				price: 15,
				currency: 'EUR',
				originalPrice: 20,
				imageUrl: 'https://img/1.jpg',
				barcode: '4000000000001',
				vendor: 'Acme',
				attributes: { color: 'Red', size: 'M' },
			},
		]);
		expect(problems.map((problem) => [problem.problem, problem.variantId])).toEqual([
			['noSku', 2],
			['noPrice', 3],
		]);
		expect(problems[0].message).toBe(
			'Product "tee": variant 2 has no SKU, so it cannot be matched to stock or orders',
		);
		expect(problems[1].message).toContain('SKU TEE-RED-L');
		expect(JSON.stringify(items)).not.toContain('prod-1');
	});
});
