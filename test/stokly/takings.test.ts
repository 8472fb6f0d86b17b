/**
 * Takings → Reconcile through n8n's engine against the Stokly sandbox: kiosk orders in (canonical,
 * as Cloudshelf → Order → Get Many emits them), Stokly sale orders made by Sale Order → Create or
 * seeded in the sandbox as another client would post them.
 */
import type { IDataObject } from 'n8n-workflow';

import { startStokly, stoklyWorkflow, type StoklyFixture } from '../harness/stokly';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const PAYMENT_METHODS = {
	paymentMethodMapping: {
		mapping: [
			{ tender: 'card', method: 4 },
			{ tender: 'cash', method: 1 },
		],
	},
};

const reconcile = (extra: IDataObject = {}): IDataObject => ({
	resource: 'takings',
	operation: 'reconcile',
	period: 'day',
	day: '2026-05-01',
	timeZone: 'Europe/London',
	channels: ['Cloudshelf'],
	...PAYMENT_METHODS,
	...extra,
});

/** A paid kiosk order of one cap, as Cloudshelf's Order → Get Many emits it. */
function kioskOrder(reference: string, extra: IDataObject = {}): IDataObject {
	const amount = (extra.amount as number | undefined) ?? 12.5;
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-05-01T10:00:00.000Z',
		currency: 'GBP',
		status: 'paid',
		location: 'Oxford Street',
		lines: [{ sku: 'CAP-BLUE', quantity: 1, unitPrice: amount }],
		payments: [{ method: (extra.method as string | undefined) ?? 'card', amount }],
		totals: { subtotal: amount, total: amount },
		attributes: { cloudshelfStatus: 'PAID', deviceName: 'Kiosk 1' },
		...extra,
	};
}

const CREATE = {
	resource: 'saleOrder',
	operation: 'create',
	locationMapping: {
		mapping: [{ orderLocation: 'Oxford Street', channel: 'Cloudshelf', location: 'Oxford Street' }],
	},
	...PAYMENT_METHODS,
	fulfilmentType: 'none',
	backorderCheck: 'off',
};

/** Kiosk orders posted as sale orders by Sale Order → Create (createdAt = placedAt). */
async function postToStokly(orders: IDataObject[]) {
	const result = await fixture.runner.run(stoklyWorkflow(CREATE, orders));
	expect(result.json('Stokly')).toHaveLength(orders.length);
}

/** A sale order posted by some other client: Stokly's own fields, no Retail Sync tags. */
function seedSaleOrder({
	reference,
	amount = 12.5,
	method = 4,
	createdAt = '2026-05-01T10:00:00.000Z',
	channel = 'Cloudshelf',
	tags = ['cloudshelf', 'location:Oxford Street'],
}: {
	reference?: string;
	amount?: number;
	method?: number;
	createdAt?: string;
	channel?: string;
	tags?: string[];
}) {
	const { state } = fixture.sandbox;
	return state.createSaleOrder({
		stage: 'order',
		createdAt,
		sourceType: 'other',
		sourceId: state.channelByName(channel)!.channelId,
		sourceReferenceId: reference,
		customerReference: reference,
		currency: 'GBP',
		tags,
		locationId: state.locationByName('Oxford Street')!.locationId,
		payments: [{ method, amount }],
		items: [
			{
				referenceType: 'item',
				referenceId: state.itemBySku('CAP-BLUE')!.itemId,
				quantity: 1,
				displayPrice: Math.round((amount / 1.2) * 100) / 100,
				displayTax: Math.round((amount - amount / 1.2) * 100) / 100,
				displayDiscount: 0,
				fulfilmentType: 'none',
			},
		],
	});
}

async function runReconcile(orders: IDataObject[], extra: IDataObject = {}) {
	const result = await fixture.runner.run(stoklyWorkflow(reconcile(extra), orders, ERROR_OUTPUT));
	return {
		groups: result.json('Stokly'),
		paired: result
			.items('Stokly')
			.map((item) =>
				(Array.isArray(item.pairedItem) ? item.pairedItem : [item.pairedItem]).map((entry) =>
					typeof entry === 'number' ? entry : entry?.item,
				),
			),
		errors: result.json('Stokly', 1),
	};
}

describe('Stokly Takings → Reconcile', () => {
	it('reports no variance when every kiosk sale is in Stokly with its tender and amount', async () => {
		const orders = [
			kioskOrder('CS-1'),
			kioskOrder('CS-2', { amount: 30 }),
			kioskOrder('CS-3', { method: 'cash', amount: 5 }),
		];
		await postToStokly(orders);
		expect((await runReconcile(orders)).groups).toEqual([]);

		const all = await runReconcile(orders, { output: 'all' });
		expect(all.groups).toEqual([
			expect.objectContaining({
				day: '2026-05-01',
				location: 'Oxford Street',
				paymentMethod: 'card',
				stoklyPaymentMethod: 4,
				currency: 'GBP',
				expected: 42.5,
				recorded: 42.5,
				difference: 0,
				orders: 2,
				variance: false,
				variances: [],
				summary:
					'2026-05-01, Oxford Street, card (GBP): 42.50 taken in Cloudshelf and recorded in Stokly.',
			}),
			expect.objectContaining({ paymentMethod: 'cash', expected: 5, recorded: 5, variance: false }),
		]);
		// Each group is paired with the kiosk orders behind it.
		expect(all.paired).toEqual([[0, 1], [2]]);
		expect(all.errors).toEqual([]);
	});

	it('reports a takings variance of one refund with the order behind it', async () => {
		const orders = [kioskOrder('CS-10'), kioskOrder('CS-11', { amount: 25 })];
		await postToStokly(orders);
		// The customer was refunded at the kiosk after the sale reached Stokly.
		const refunded = [
			orders[0],
			{ ...orders[1], status: 'refunded', attributes: { cloudshelfStatus: 'REFUNDED' } },
		];
		const { groups, paired } = await runReconcile(refunded);
		const niceId = String(
			fixture.sandbox.state.saleOrders().find((order) => order.sourceReferenceId === 'CS-11')!
				.niceId,
		);
		expect(groups).toEqual([
			expect.objectContaining({
				paymentMethod: 'card',
				expected: 12.5,
				recorded: 37.5,
				difference: 25,
				variance: true,
				variances: [
					expect.objectContaining({
						reference: 'CS-11',
						reason: 'refundedStillPaid',
						reasonText: 'refunded in Cloudshelf, still paid in Stokly',
						expected: 0,
						recorded: 25,
						difference: 25,
						niceIds: [niceId],
					}),
				],
				summary: `2026-05-01, Oxford Street, card (GBP): 12.50 taken in Cloudshelf, 37.50 recorded in Stokly, +25.00. CS-11: refunded in Cloudshelf, still paid in Stokly (Cloudshelf 0.00, Stokly ${niceId} 25.00).`,
			}),
		]);
		expect(paired).toEqual([[0, 1]]);
	});

	it('names a kiosk order missing in Stokly, and a Stokly sale without a kiosk order', async () => {
		const orders = [kioskOrder('CS-20'), kioskOrder('CS-21', { amount: 8 })];
		await postToStokly([orders[0]]);
		seedSaleOrder({ amount: 3, tags: ['till'] });
		const { groups } = await runReconcile(orders);
		expect(groups).toHaveLength(1);
		expect(groups[0]).toMatchObject({ expected: 20.5, recorded: 15.5, difference: -5 });
		expect(
			(groups[0].variances as IDataObject[]).map((variance) => [
				variance.reference,
				variance.reasonText,
				variance.difference,
			]),
		).toEqual([
			['CS-21', 'not in Stokly', -8],
			[String(fixture.sandbox.state.saleOrders()[1].niceId), 'in Stokly only', 3],
		]);
	});

	it('counts an offline kiosk sale posted a day late on its own day, once', async () => {
		// Placed on 1 May (21:30 London), posted when the kiosk came back online.
		const late = kioskOrder('CS-30', { placedAt: '2026-05-01T20:30:00.000Z' });
		const nextDay = kioskOrder('CS-31', { placedAt: '2026-05-02T09:00:00.000Z', amount: 4 });
		await postToStokly([late, nextDay]);
		// Another client filed one under the website channel with the time it arrived.
		const other = kioskOrder('CS-32', { placedAt: '2026-05-01T18:00:00.000Z', amount: 7 });
		seedSaleOrder({
			reference: 'CS-32',
			amount: 7,
			createdAt: '2026-05-02T08:15:00.000Z',
			channel: 'Website',
		});

		const first = await runReconcile([late, other, nextDay], { output: 'all' });
		expect(first.groups.map((group) => [group.day, group.expected, group.recorded])).toEqual([
			['2026-05-01', 19.5, 19.5],
		]);
		expect(first.paired).toEqual([[0, 1]]);

		const second = await runReconcile([late, other, nextDay], {
			output: 'all',
			day: '2026-05-02',
		});
		expect(second.groups.map((group) => [group.day, group.expected, group.recorded])).toEqual([
			['2026-05-02', 4, 4],
		]);
		expect(second.groups[0].variance).toBe(false);
	});

	it('sends a kiosk order with an unmapped payment method to the error output, naming it', async () => {
		const orders = [kioskOrder('CS-40'), kioskOrder('CS-41', { method: 'voucher', amount: 10 })];
		await postToStokly([orders[0]]);
		const { groups, errors } = await runReconcile(orders, { output: 'all' });
		expect(errors).toEqual([
			expect.objectContaining({
				reference: 'CS-41',
				error:
					'Order CS-41: payment method "voucher" has no row in the Payment Method Mapping table',
			}),
		]);
		expect(String(errors[0].details)).toContain('Payment Method Mapping');
		expect(groups).toEqual([
			expect.objectContaining({ paymentMethod: 'card', expected: 12.5, variance: false }),
		]);
	});

	it("reconciles yesterday in the workflow's time zone by default", async () => {
		const timeZone = 'Asia/Tokyo';
		const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone }).format(
			new Date(Date.now() - 86_400_000),
		);
		// Noon in Tokyo (03:00 UTC), yesterday there.
		const order = kioskOrder('CS-60', { placedAt: `${yesterday}T03:00:00.000Z` });
		await postToStokly([order]);
		const parameters = reconcile({ output: 'all' });
		delete parameters.day;
		delete parameters.timeZone;
		const workflow = stoklyWorkflow(parameters, [order], ERROR_OUTPUT);
		workflow.settings = { timezone: timeZone };
		const result = await fixture.runner.run(workflow);
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({ day: yesterday, expected: 12.5, recorded: 12.5, variance: false }),
		]);
	});

	it('reconciles a window of days, one group per day', async () => {
		const orders = [
			kioskOrder('CS-70', { placedAt: '2026-05-01T09:00:00.000Z' }),
			kioskOrder('CS-71', { placedAt: '2026-05-02T09:00:00.000Z', amount: 3 }),
			kioskOrder('CS-72', { placedAt: '2026-05-04T09:00:00.000Z', amount: 9 }),
		];
		await postToStokly(orders.slice(0, 2));
		const { groups } = await runReconcile(orders, {
			period: 'range',
			fromDay: '2026-05-01T00:00:00',
			toDay: '2026-05-03',
			output: 'all',
		});
		expect(groups.map((group) => [group.day, group.expected, group.recorded])).toEqual([
			['2026-05-01', 12.5, 12.5],
			['2026-05-02', 3, 3],
		]);
	});

	it("sends a failed Stokly read to every order's error output", async () => {
		const orders = [kioskOrder('CS-80'), kioskOrder('CS-81')];
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'GET /v2/saleorders', status: 403, count: 1 }],
		});
		const { groups, errors } = await runReconcile(orders);
		expect(groups).toEqual([]);
		expect(errors.map((error) => [error.reference, error.error])).toEqual([
			['CS-80', expect.stringContaining('GET /v2/saleorders (HTTP 403)')],
			['CS-81', expect.stringContaining('GET /v2/saleorders (HTTP 403)')],
		]);
	});

	it('takes days in the time zone and says what to fix in the settings', async () => {
		// 23:30 UTC on 1 May is 2 May in London.
		const order = kioskOrder('CS-50', { placedAt: '2026-05-01T23:30:00.000Z' });
		await postToStokly([order]);
		const london = await runReconcile([order], { output: 'all', day: '2026-05-02' });
		expect(london.groups.map((group) => group.day)).toEqual(['2026-05-02']);
		const utc = await runReconcile([order], { output: 'all', timeZone: 'UTC' });
		expect(utc.groups.map((group) => group.day)).toEqual(['2026-05-01']);

		const badZone = await runReconcile([order], { timeZone: 'Mars/Olympus' });
		expect(badZone.errors).toEqual([
			expect.objectContaining({ error: '"Mars/Olympus" is not a time zone' }),
		]);
		const badChannel = await runReconcile([order], { channels: ['Nowhere'] });
		expect(badChannel.errors).toEqual([
			expect.objectContaining({
				error: 'Stokly has no channel "Nowhere"',
				details: 'Give the name or ID of one of its channels (Cloudshelf, Website).',
			}),
		]);
	});
});
