import { buildSchema } from 'graphql';

import { externalId, keyOf, locationGid, toCanonicalOrder } from '../../nodes/Cloudshelf/model';
import {
	LOCATIONS_PAGE_SIZE,
	LOCATIONS_QUERY,
	ORDERS_PAGE_SIZE,
	ORDERS_QUERY,
	PRODUCTS_PAGE_SIZE,
	PRODUCTS_PER_LOOKUP,
	PRODUCTS_QUERY,
	productLookupQuery,
} from '../../nodes/Cloudshelf/queries';
import { MAX_COMPLEXITY, complexityOf } from '../../sandbox/cloudshelf/server';
import { CLOUDSHELF_SDL } from '../../sandbox/cloudshelf/schema';

const schema = buildSchema(CLOUDSHELF_SDL);

describe('Cloudshelf external-id convention', () => {
	it('round-trips SKUs, including ones with slashes and spaces', () => {
		for (const sku of ['TEE-RED-M', 'A/B 12', 'ÉTÉ%1']) {
			expect(keyOf('variant', externalId('variant', sku))).toBe(sku);
		}
		expect(externalId('variant', 'A/B 12')).toBe('gid://external/RetailSyncVariant/A%2FB%2012');
		expect(keyOf('variant', 'gid://cloudshelf/ProductVariant/01J')).toBeUndefined();
		expect(keyOf('location', externalId('variant', 'X'))).toBeUndefined();
		expect(locationGid('oxford-street')).toBe('gid://external/RetailSyncLocation/oxford-street');
		expect(locationGid('gid://cloudshelf/Location/01J')).toBe('gid://cloudshelf/Location/01J');
	});
});

describe('query sizing against the complexity limit', () => {
	// The node sizes pages from the query text; the sandbox charges with graphql-query-complexity.
	it.each([
		['Orders', ORDERS_QUERY, ORDERS_PAGE_SIZE],
		['Locations', LOCATIONS_QUERY, LOCATIONS_PAGE_SIZE],
		['Products', PRODUCTS_QUERY, PRODUCTS_PAGE_SIZE],
	])('%s pages are as large as the limit allows, and no larger', (_name, query, pageSize) => {
		expect(complexityOf(schema, query, { first: pageSize })).toBeLessThanOrEqual(MAX_COMPLEXITY);
		if (pageSize < 250)
			expect(complexityOf(schema, query, { first: pageSize + 1 })).toBeGreaterThan(MAX_COMPLEXITY);
	});

	it('batches product lookups within the limit', () => {
		const query = productLookupQuery(PRODUCTS_PER_LOOKUP);
		const variables = Object.fromEntries(
			Array.from({ length: PRODUCTS_PER_LOOKUP }, (_, index) => [`p${index}`, `gid://x/${index}`]),
		);
		expect(complexityOf(schema, query, variables)).toBeLessThanOrEqual(MAX_COMPLEXITY);
	});
});

describe('Cloudshelf order → canonical order', () => {
	it('maps status, lines, location, device and payment', () => {
		const order = toCanonicalOrder(
			{
				id: 'gid://cloudshelf/Order/01J1',
				status: 'PAID',
				createdAt: '2026-11-20T10:00:00Z',
				updatedAt: '2026-11-20T10:05:00Z',
				session: {
					id: 's1',
					deviceName: 'Kiosk 2',
					locationName: 'Oxford Street',
					paymentMethod: 'card',
					basketValue: 40,
					basketCurrencyCode: 'GBP',
				},
				lines: [
					{
						id: 'l1',
						productName: 'Tee',
						productVariantName: 'M',
						quantity: 2,
						price: 15,
						currencyCode: 'GBP',
					},
					{
						id: 'l2',
						productName: 'Cap',
						productVariantName: '',
						quantity: 1,
						price: 10,
						currencyCode: 'GBP',
					},
				],
			},
			['TEE-M', 'CAP'],
		);
		expect(order).toEqual({
			reference: 'gid://cloudshelf/Order/01J1',
			origin: 'cloudshelf',
			placedAt: '2026-11-20T10:00:00.000Z',
			currency: 'GBP',
			status: 'paid',
			location: 'Oxford Street',
			lines: [
				{ sku: 'TEE-M', name: 'Tee – M', quantity: 2, unitPrice: 15 },
				{ sku: 'CAP', name: 'Cap', quantity: 1, unitPrice: 10 },
			],
			payments: [{ method: 'card', amount: 40 }],
			totals: { subtotal: 40, total: 40 },
			attributes: {
				cloudshelfStatus: 'PAID',
				cloudshelfOrderId: 'gid://cloudshelf/Order/01J1',
				sessionId: 's1',
				deviceName: 'Kiosk 2',
			},
		});
	});
});
