import {
	compareTakings,
	dayOf,
	daysFrom,
	hasVariance,
	isDay,
	isTimeZone,
	startOfDay,
	windowOfDays,
	type ExpectedTakings,
	type RecordedTakings,
	type TakingsOptions,
} from '../../nodes/shared/takings';

const OPTIONS: TakingsOptions = {
	timeZone: 'Europe/London',
	expectedIn: 'Cloudshelf',
	recordedIn: 'Stokly',
};

let nextItem = 0;
const kiosk = (
	reference: string,
	amount: number,
	extra: Partial<ExpectedTakings> = {},
): ExpectedTakings => ({
	reference,
	placedAt: '2026-05-01T10:00:00Z',
	location: 'Hereford',
	currency: 'GBP',
	status: 'paid',
	payments: [{ method: 'card', amount }],
	itemIndex: nextItem++,
	...extra,
});
const stokly = (
	reference: string | undefined,
	amount: number,
	extra: Partial<RecordedTakings> = {},
): RecordedTakings => ({
	reference,
	id: `so-${reference ?? 'x'}`,
	label: `SO-${reference ?? 'x'}`,
	createdAt: '2026-05-01T10:00:05Z',
	location: 'Hereford',
	currency: 'GBP',
	payments: [{ method: 'card', amount }],
	...extra,
});

beforeEach(() => {
	nextItem = 0;
});

describe('days in a time zone', () => {
	it('takes the calendar day in the zone, across midnight and DST', () => {
		expect(dayOf('2026-05-01T23:30:00Z', 'Europe/London')).toBe('2026-05-02');
		expect(dayOf('2026-01-01T23:30:00Z', 'Europe/London')).toBe('2026-01-01');
		expect(dayOf('2026-05-01T03:00:00Z', 'America/New_York')).toBe('2026-04-30');
		expect(dayOf('2026-05-01T23:30:00Z', 'UTC')).toBe('2026-05-01');
	});

	it('finds local midnight, also on the days the clocks change', () => {
		expect(startOfDay('2026-05-01', 'Europe/London').toISOString()).toBe(
			'2026-04-30T23:00:00.000Z',
		);
		expect(startOfDay('2026-01-15', 'Europe/London').toISOString()).toBe(
			'2026-01-15T00:00:00.000Z',
		);
		// 29 March 2026: London moves to BST at 01:00; the day still starts at 00:00 GMT.
		expect(startOfDay('2026-03-29', 'Europe/London').toISOString()).toBe(
			'2026-03-29T00:00:00.000Z',
		);
		expect(startOfDay('2026-03-30', 'Europe/London').toISOString()).toBe(
			'2026-03-29T23:00:00.000Z',
		);
		expect(startOfDay('2026-05-01', 'Asia/Kolkata').toISOString()).toBe('2026-04-30T18:30:00.000Z');
	});

	it('spans a list of days, checks days and zones', () => {
		expect(daysFrom('2026-02-27', '2026-03-02')).toEqual([
			'2026-02-27',
			'2026-02-28',
			'2026-03-01',
			'2026-03-02',
		]);
		expect(daysFrom('2026-03-02', '2026-03-01')).toEqual([]);
		const window = windowOfDays(['2026-05-02', '2026-05-01'], 'Europe/London');
		expect(window.from.toISOString()).toBe('2026-04-30T23:00:00.000Z');
		expect(window.to.toISOString()).toBe('2026-05-02T23:00:00.000Z');
		expect(isDay('2026-02-29')).toBe(false);
		expect(isDay('2028-02-29')).toBe(true);
		expect(isDay('1 May')).toBe(false);
		expect(isTimeZone('Europe/London')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});

describe('compareTakings', () => {
	it('matches when every kiosk order is recorded with the same tender and amount', () => {
		const groups = compareTakings(
			[kiosk('CS-1', 10), kiosk('CS-2', 5.5), kiosk('CS-3', 20, { payments: [] })],
			[stokly('CS-1', 10), stokly('CS-2', 5.5), stokly('CS-3', 0, { payments: [] })],
			OPTIONS,
		);
		expect(groups).toEqual([
			{
				day: '2026-05-01',
				location: 'Hereford',
				method: 'card',
				currency: 'GBP',
				expected: 15.5,
				recorded: 15.5,
				difference: 0,
				orders: 2,
				variances: [],
				itemIndexes: [0, 1],
				summary:
					'2026-05-01, Hereford, card (GBP): 15.50 taken in Cloudshelf and recorded in Stokly.',
			},
		]);
		expect(groups.some(hasVariance)).toBe(false);
	});

	it('reports a refunded kiosk order still paid in Stokly, with the order', () => {
		const [group] = compareTakings(
			[kiosk('CS-1', 10), kiosk('CS-2', 25, { status: 'refunded' })],
			[stokly('CS-1', 10), stokly('CS-2', 25)],
			OPTIONS,
		);
		expect(group).toMatchObject({
			expected: 10,
			recorded: 35,
			difference: 25,
			orders: 2,
			itemIndexes: [0, 1],
			variances: [
				{
					reference: 'CS-2',
					reason: 'refundedStillPaid',
					reasonText: 'refunded in Cloudshelf, still paid in Stokly',
					expected: 0,
					recorded: 25,
					difference: 25,
					recordedIds: ['so-CS-2'],
					recordedLabels: ['SO-CS-2'],
					itemIndex: 1,
				},
			],
		});
		expect(group.summary).toBe(
			'2026-05-01, Hereford, card (GBP): 10.00 taken in Cloudshelf, 35.00 recorded in Stokly, +25.00. CS-2: refunded in Cloudshelf, still paid in Stokly (Cloudshelf 0.00, Stokly SO-CS-2 25.00).',
		);
	});

	it('counts a refunded or cancelled order recorded as removed (or not at all) as matching', () => {
		const groups = compareTakings(
			[kiosk('CS-1', 10, { status: 'refunded' }), kiosk('CS-2', 10, { status: 'CANCELLED' })],
			[stokly('CS-1', 10, { removed: true })],
			OPTIONS,
		);
		expect(groups).toEqual([
			expect.objectContaining({ expected: 0, recorded: 0, orders: 2, variances: [] }),
		]);
	});

	it('names kiosk orders missing in Stokly and Stokly orders without a kiosk order', () => {
		const [group] = compareTakings(
			[kiosk('CS-1', 10), kiosk('CS-2', 12)],
			[stokly('CS-1', 10), stokly(undefined, 7, { id: 'so-9', label: '1009' })],
			OPTIONS,
		);
		expect(group.difference).toBe(-5);
		expect(
			group.variances.map((variance) => [
				variance.reference,
				variance.reasonText,
				variance.difference,
			]),
		).toEqual([
			['CS-2', 'not in Stokly', -12],
			['1009', 'in Stokly only', 7],
		]);
		expect(group.variances[1]).not.toHaveProperty('itemIndex');
		expect(group.itemIndexes).toEqual([0, 1]);
	});

	it('counts a late-synced sale on the kiosk day, not the day Stokly got it', () => {
		const groups = compareTakings(
			[kiosk('CS-1', 10, { placedAt: '2026-05-01T20:00:00Z' })],
			[stokly('CS-1', 10, { createdAt: '2026-05-02T09:00:00Z' })],
			{ ...OPTIONS, days: ['2026-05-01'] },
		);
		expect(groups).toEqual([
			expect.objectContaining({ day: '2026-05-01', expected: 10, recorded: 10, variances: [] }),
		]);
		// Reconciling the next day, the sale does not count again.
		expect(
			compareTakings(
				[kiosk('CS-1', 10, { placedAt: '2026-05-01T20:00:00Z' })],
				[stokly('CS-1', 10, { createdAt: '2026-05-02T09:00:00Z' })],
				{ ...OPTIONS, days: ['2026-05-02'] },
			),
		).toEqual([]);
	});

	it('takes days in the time zone: 23:30 UTC in May is the next day in London', () => {
		const groups = compareTakings([kiosk('CS-1', 10, { placedAt: '2026-05-01T23:30:00Z' })], [], {
			...OPTIONS,
			days: ['2026-05-02'],
		});
		expect(groups.map((group) => group.day)).toEqual(['2026-05-02']);
	});

	it('reports a tender recorded as another method in both method groups', () => {
		const groups = compareTakings(
			[kiosk('CS-1', 10)],
			[stokly('CS-1', 10, { payments: [{ method: 'cash', amount: 10 }] })],
			OPTIONS,
		);
		expect(
			groups.map((group) => [
				group.method,
				group.expected,
				group.recorded,
				group.variances[0].reason,
			]),
		).toEqual([
			['card', 10, 0, 'methodDiffers'],
			['cash', 0, 10, 'methodDiffers'],
		]);
	});

	it('reports amounts that differ, duplicates, currencies and removed Stokly orders', () => {
		const groups = compareTakings(
			[
				kiosk('CS-1', 10),
				kiosk('CS-2', 10),
				kiosk('CS-3', 10),
				kiosk('CS-4', 10),
				kiosk('cs-5 ', 10.1),
			],
			[
				stokly('CS-1', 9.99),
				stokly('CS-2', 10),
				stokly('CS-2', 10, { id: 'so-CS-2b', label: 'SO-CS-2b' }),
				stokly('CS-3', 10, { currency: 'EUR' }),
				stokly('CS-4', 10, { removed: true }),
				stokly('CS-5', 10.1),
			],
			OPTIONS,
		);
		const reasons = groups.flatMap((group) =>
			group.variances.map(
				(variance) => `${group.currency} ${variance.reference}: ${variance.reasonText}`,
			),
		);
		expect(reasons).toEqual([
			'EUR CS-3: currency differs (GBP in Cloudshelf, EUR in Stokly)',
			'GBP CS-1: amount differs',
			'GBP CS-2: in Stokly 2 times',
			'GBP CS-3: currency differs (GBP in Cloudshelf, EUR in Stokly)',
			'GBP CS-4: removed in Stokly, paid in Cloudshelf',
		]);
		const gbp = groups.find((group) => group.currency === 'GBP')!;
		expect(gbp).toMatchObject({ expected: 50.1, recorded: 40.09, difference: -10.01 });
	});

	it('splits split tenders per method and keeps groups per location and day', () => {
		const groups = compareTakings(
			[
				kiosk('CS-1', 0, {
					payments: [
						{ method: 'card', amount: 6 },
						{ method: 'Cash ', amount: 4 },
					],
				}),
				kiosk('CS-2', 3, { location: 'Leominster', placedAt: '2026-05-02T10:00:00Z' }),
			],
			[
				stokly('CS-1', 0, {
					payments: [
						{ method: 'cash', amount: 4 },
						{ method: 'card', amount: 6 },
					],
				}),
				stokly('CS-2', 3, { location: 'Somewhere else' }),
			],
			OPTIONS,
		);
		expect(
			groups.map((group) => [group.day, group.location, group.method, group.recorded]),
		).toEqual([
			['2026-05-01', 'Hereford', 'card', 6],
			['2026-05-01', 'Hereford', 'Cash', 4],
			['2026-05-02', 'Leominster', 'card', 3],
		]);
		expect(groups.every((group) => !hasVariance(group))).toBe(true);
	});

	it('flags orders that cancel out within a group even when the totals match', () => {
		const [group] = compareTakings(
			[kiosk('CS-1', 10), kiosk('CS-2', 5)],
			[stokly('CS-1', 5), stokly('CS-2', 10)],
			OPTIONS,
		);
		expect(group.difference).toBe(0);
		expect(hasVariance(group)).toBe(true);
		expect(group.variances.map((variance) => variance.reason)).toEqual([
			'amountDiffers',
			'amountDiffers',
		]);
	});

	it('counts an order given twice in the input once, pairing both items', () => {
		const first = kiosk('CS-1', 10);
		const [group] = compareTakings(
			[first, { ...first, itemIndex: 7 }],
			[stokly('CS-1', 10)],
			OPTIONS,
		);
		expect(group).toMatchObject({ expected: 10, recorded: 10, itemIndexes: [0, 7] });
	});
});
