import {
	InvalidRecordError,
	parseFulfilment,
	parseOrder,
	parseStockDelta,
	parseStockLevel,
	withoutUndefined,
} from '../../nodes/shared/model';

const problemsOf = (parse: () => unknown): string[] => {
	let failure: unknown;
	try {
		parse();
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof InvalidRecordError))
		throw new Error(`expected InvalidRecordError, got ${String(failure)}`);
	return failure.problems;
};

describe('canonical model validation', () => {
	it('accepts a stock level and normalises numeric strings', () => {
		expect(parseStockLevel({ sku: ' TEE-1 ', location: 'Store', quantity: '5' })).toEqual({
			sku: 'TEE-1',
			location: 'Store',
			quantity: 5,
		});
		expect(parseStockLevel({ sku: 'TEE-1', quantity: 0 })).toEqual({ sku: 'TEE-1', quantity: 0 });
	});

	it('names every bad field of a stock level', () => {
		expect(problemsOf(() => parseStockLevel({ quantity: 2.5, location: 7 }))).toEqual([
			'sku is missing',
			'quantity must be a whole number of 0 or more (got 2.5)',
		]);
		expect(problemsOf(() => parseStockLevel('TEE'))).toEqual(['expected an object, got "TEE"']);
		expect(problemsOf(() => parseStockLevel({ sku: 'A', quantity: 'many' }))).toEqual([
			'quantity must be a number (got "many")',
		]);
	});

	it('allows negative whole numbers only for stock adjustments', () => {
		expect(parseStockDelta({ sku: 'A', quantity: -3 })).toEqual({ sku: 'A', quantity: -3 });
		expect(problemsOf(() => parseStockDelta({ sku: 'A', quantity: 1.5 }))).toEqual([
			'quantity must be a whole number (got 1.5)',
		]);
	});

	const order = {
		reference: 'CS-1',
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00+01:00',
		currency: 'gbp',
		status: 'PAID',
		lines: [{ sku: 'A', quantity: 1, unitPrice: 10 }],
	};

	it('accepts a minimal order and normalises case and dates', () => {
		expect(parseOrder(order)).toEqual({
			...order,
			currency: 'GBP',
			status: 'paid',
			placedAt: '2026-11-20T09:15:00.000Z',
		});
	});

	it('points at the exact line and field of a bad order', () => {
		const problems = problemsOf(() =>
			parseOrder({
				...order,
				placedAt: 'yesterday',
				status: 'shipped',
				lines: [{ sku: 'A', quantity: 0, unitPrice: -1 }, 'B'],
			}),
		);
		expect(problems).toEqual([
			'status must be one of pending, paid, cancelled, refunded, fulfilled (got "shipped")',
			'placedAt must be an ISO 8601 date-time such as 2026-05-01T10:00:00Z (got "yesterday")',
			'lines[1] must be an object (got "B")',
			'lines[0].quantity must be a whole number of 1 or more (got 0)',
			'lines[0].unitPrice must be a number of 0 or more (got -1)',
		]);
	});

	it('drops undefined fields at every depth, keeping null, empty and non-plain values', () => {
		const when = new Date(0);
		expect(
			withoutUndefined({
				a: 1,
				b: undefined,
				c: { d: undefined, e: null },
				f: [{ g: undefined, h: '' }],
				when,
			}),
		).toEqual({ a: 1, c: { e: null }, f: [{ h: '' }], when });
		expect(Object.keys(withoutUndefined({ c: { d: undefined } }).c)).toEqual([]);
	});

	it('validates fulfilments', () => {
		expect(
			parseFulfilment({
				orderReference: 'CS-1',
				shippedAt: '2026-11-21T08:00:00Z',
				trackingNumber: 'RM1',
				lines: [{ sku: 'A', quantity: 2 }],
			}),
		).toEqual({
			orderReference: 'CS-1',
			shippedAt: '2026-11-21T08:00:00.000Z',
			trackingNumber: 'RM1',
			lines: [{ sku: 'A', quantity: 2 }],
		});
		expect(problemsOf(() => parseFulfilment({ shippedAt: 'x' }))).toEqual([
			'orderReference is missing',
			'shippedAt must be an ISO 8601 date-time such as 2026-05-01T10:00:00Z (got "x")',
		]);
	});
});
