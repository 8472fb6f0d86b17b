/** Centra's model mappings and transport wording, pure: no sandbox, no n8n engine. */
import { RejectedAnswer } from '../../nodes/shared/client';
import {
	changeKeyMarker,
	changeKeysIn,
	changeStockInput,
	groupByVariant,
	normaliseChangeKey,
	rowsAtPath,
	setStockInput,
	toCanonicalWarehouse,
	toSimpleMarket,
	toStockLevel,
	type CentraProductSize,
} from '../../nodes/Centra/model';
import { appliedChangesQuery, warehouseStockQuery } from '../../nodes/Centra/queries';
import {
	CALL_LIMITS,
	centraApi,
	centraOrderApi,
	describeRefusal,
	isIdempotentRequest,
	isRefusal,
	missingPermission,
	rowsHitBy,
	type GraphQLRequest,
} from '../../nodes/Centra/transport';

const size = (id: number, variantId: number, sizeId: number, SKU: string): CentraProductSize => ({
	id,
	SKU,
	size: { id: sizeId, name: `S${sizeId}` },
	productVariant: { id: variantId },
});

describe('Centra stock ⇄ canonical StockLevel', () => {
	it('uses free to allocate as the quantity, never below zero, at the warehouse name', () => {
		const warehouse = { id: 3, name: 'Oxford Street' };
		const stock = (freeToAllocateQuantity: number) => ({
			freeToAllocateQuantity,
			physicalQuantity: 8,
			allocatedQuantity: 5,
			productSize: size(11, 2, 1, 'TEE-RED-M'),
		});
		expect(toStockLevel(stock(3), warehouse)).toEqual({
			sku: 'TEE-RED-M',
			location: 'Oxford Street',
			quantity: 3,
		});
		expect(toStockLevel(stock(-2), warehouse).quantity).toBe(0);
	});

	it('simplifies reference data', () => {
		expect(toCanonicalWarehouse({ id: 4, name: 'Soho', status: 'INACTIVE' })).toEqual({
			locationId: '4',
			name: 'Soho',
			active: false,
		});
		expect(
			toSimpleMarket({ id: 1, name: 'UK', assignedToCountries: [{ code: 'GB', name: 'UK' }] }),
		).toEqual({ marketId: 1, name: 'UK', countries: ['GB'] });
	});
});

describe('Centra stock mutation inputs', () => {
	const rows = [
		{ row: 'a', productSize: size(11, 2, 1, 'TEE-M'), quantity: -3 },
		{ row: 'b', productSize: size(12, 2, 2, 'TEE-L'), quantity: -1 },
		{ row: 'c', productSize: size(20, 7, 9, 'CAP'), quantity: -2 },
		{ row: 'd', productSize: size(11, 2, 1, 'TEE-M'), quantity: -4 },
	];

	it('groups sizes by variant; deltas of one size add up, absolute levels keep the last', () => {
		const deltas = groupByVariant(rows, 'sum');
		expect(deltas).toEqual([
			{
				variantId: 2,
				sizes: [
					{ sizeId: 1, quantity: -7, rows: ['a', 'd'] },
					{ sizeId: 2, quantity: -1, rows: ['b'] },
				],
			},
			{ variantId: 7, sizes: [{ sizeId: 9, quantity: -2, rows: ['c'] }] },
		]);
		expect(groupByVariant(rows, 'last')[0].sizes[0].quantity).toBe(-4);
	});

	it('writes changeStock with magnitudes and the direction as the warehouse field, setStock absolute', () => {
		const variants = groupByVariant(rows, 'sum');
		expect(changeStockInput(3, 'outFrom', 'sale', variants)).toEqual({
			outFromWarehouse: { id: 3 },
			description: 'sale',
			productVariants: [
				{
					productVariant: { id: 2 },
					sizeChanges: [
						{ size: { id: 1 }, deliveredQuantity: 7 },
						{ size: { id: 2 }, deliveredQuantity: 1 },
					],
				},
				{ productVariant: { id: 7 }, sizeChanges: [{ size: { id: 9 }, deliveredQuantity: 2 }] },
			],
		});
		expect(setStockInput(3, 'PHYSICAL', 'count', groupByVariant(rows, 'last'))).toMatchObject({
			warehouse: { id: 3 },
			stockQuantityType: 'PHYSICAL',
			productVariants: [
				{ sizeStockLevels: [{ size: { id: 1 }, quantity: -4 }, { size: { id: 2 } }] },
				{},
			],
		});
	});

	it('finds the rows a userError path names, down to the size', () => {
		const variants = groupByVariant(rows, 'sum');
		expect(
			rowsAtPath(variants, ['input', 'productVariants', '0', 'sizeChanges', '0', 'size']),
		).toEqual(['a', 'd']);
		expect(rowsAtPath(variants, ['input', 'productVariants', '0', 'productVariant'])).toEqual([
			'a',
			'd',
			'b',
		]);
		expect(rowsAtPath(variants, ['input', 'intoWarehouse'])).toEqual([]);
		const hit = rowsHitBy(
			[
				{ message: 'Not enough', path: ['input', 'productVariants', '1', 'sizeChanges', '0'] },
				{ message: 'Warehouse gone', path: ['input'] },
			],
			['a', 'b', 'c', 'd'],
			(path) => rowsAtPath(variants, path),
		);
		expect(hit.get('c')).toEqual(['Not enough', 'Warehouse gone']);
		expect(hit.get('a')).toEqual(['Warehouse gone']);
	});
});

describe('Centra change keys', () => {
	it('writes a keyed change as its one marker line and reads back exact keys only', () => {
		expect(changeKeyMarker('CS-1:sale')).toBe('n8n-retail-sync:CS-1:sale');
		const description = `n8n sale\n${changeKeyMarker('CS-1:sale')}\n${changeKeyMarker('CS-2:sale')}`;
		expect(changeKeysIn(description)).toEqual(['CS-1:sale', 'CS-2:sale']);
		expect(changeKeysIn(description)).not.toContain('CS-1');
		expect(changeKeysIn(null)).toEqual([]);
		expect(normaliseChangeKey(' a\nb ')).toBe('a b');
	});

	it('looks many keys up in one request, one aliased field each, matching the whole description', () => {
		const query = appliedChangesQuery(2);
		expect(query).toContain('k0: stockChanges(where: { description: { equals: $k0 } }, limit: 1)');
		expect(query).not.toContain('contains');
		expect(query).toContain('$k1: String!');
		expect(warehouseStockQuery('lean', true)).toContain('stock(where: { productSizeId: $sizes }, ');
		expect(warehouseStockQuery('lean', false)).not.toContain('physicalQuantity');
	});
});

describe('Centra transport', () => {
	const request: GraphQLRequest = {
		operation: 'WarehouseStock',
		query: 'query WarehouseStock { x }',
		variables: {},
	};

	it('turns a permission error into a message naming the permission and where to add it', () => {
		const answer = {
			data: { warehouses: null },
			errors: [
				{
					message: 'You need Warehouse.stock:read permission to access stock.',
					extensions: { category: 'authorization' },
				},
			],
		};
		expect(missingPermission(answer.errors[0])).toBe('Warehouse.stock:read');
		let error: unknown;
		try {
			centraApi.readAnswer!(answer, request);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(RejectedAnswer);
		expect((error as RejectedAnswer).failure.message).toBe(
			'The Centra token lacks the Warehouse.stock:read permission: add it to the token in Centra AMS → System → API Tokens',
		);
	});

	it('returns data with userErrors for the caller, and draws mutations on both budgets', () => {
		const data = {
			changeStock: { stockChange: null, userErrors: [{ message: 'No', path: ['input'] }] },
		};
		expect(centraApi.readAnswer!({ data }, request)).toEqual(data);
		expect(centraApi.budgetsOf!(request)).toEqual(['request']);
		expect(centraApi.budgetsOf!({ ...request, query: '\n mutation X { y }' })).toEqual([
			'request',
			'mutation',
		]);
		expect(CALL_LIMITS.map((limits) => [limits.windowMs, limits.perKey])).toEqual([
			[10_000, { request: 20, mutation: 100 }],
			[3_600_000, { request: 10_000, mutation: 1_000 }],
		]);
	});

	it('marks changeStock and createShipment as not idempotent, so the client never repeats them after a lost answer', () => {
		const mutation = (operation: string, field: string) => ({
			operation,
			query: `mutation ${operation}($input: X!) {\n\t${field}(input: $input) { userErrors { message } }\n}`,
			variables: {},
		});
		expect(centraApi.isIdempotent).toBe(isIdempotentRequest);
		expect(isIdempotentRequest(mutation('ChangeStock', 'changeStock'))).toBe(false);
		expect(isIdempotentRequest(mutation('CreateShipment', 'createShipment'))).toBe(false);
		expect(isIdempotentRequest(mutation('AddStock', 'changeStock'))).toBe(false);
		expect(isIdempotentRequest(mutation('SetStock', 'setStock'))).toBe(true);
		expect(isIdempotentRequest(mutation('ConfirmOrder', 'confirmOrder'))).toBe(true);
		expect(isIdempotentRequest(request)).toBe(true);
	});

	it('reads an Order API refusal under HTTP 200 as a typed answer, code −5 included', () => {
		const answer = centraOrderApi.readAnswer!(
			{ status: 'no', code: -5, msg: 'Order number already exists' },
			{ method: 'POST', path: '/order' },
		) as { status: string; code: number; httpStatus: number };
		expect(isRefusal(answer as never)).toBe(true);
		expect(answer).toMatchObject({ status: 'no', code: -5, httpStatus: 200 });
		expect(describeRefusal(answer as never, 'the order').message).toBe(
			'Centra refused the order (code -5): Order number already exists',
		);
		expect(isRefusal({ status: 'ok', orders: [1] } as never)).toBe(false);
	});
});
