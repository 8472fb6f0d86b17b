/**
 * The takings reconciliation template (Cloudshelf kiosk orders of the last two days → Stokly
 * Takings → Reconcile → a readable report) through n8n's engine against the Cloudshelf and Stokly
 * sandboxes, with the sale orders filed by the order-injection template.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import type { WorkflowJson } from '../harness/run-workflow';
import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';

const TEMPLATE = 'takings-reconciliation-cloudshelf-stokly';
const TRIGGER = 'Every Morning';
const RECONCILE = 'Reconcile Takings';
const INJECTION = 'order-injection-cloudshelf-to-stokly';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** The date `days` days ago (UTC = London in the winter; the tests place sales at noon). */
const dayAgo = (days: number) =>
	new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const noonOf = (day: string, minute = 0) =>
	`${day}T12:${String(minute % 60).padStart(2, '0')}:00.000Z`;

/** A paid kiosk sale of one cap, placed at `createdAt` (synced now unless `updatedAt` says). */
const sale = (createdAt: string, overrides: Partial<SeedOrder> = {}): SeedOrder => ({
	status: 'PAID',
	location: 'Oxford Street',
	device: 'Kiosk 1',
	paymentMethod: 'card',
	fulfilmentMethod: 'in_store',
	createdAt,
	updatedAt: new Date().toISOString(),
	lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
	...overrides,
});

const inject = async () =>
	expect((await runScheduled(fixture, fixture.workflow(INJECTION), 'Every 5 Minutes')).status).toBe(
		'success',
	);

/** The template with Reconcile Takings set to output every group (as a user would to inspect it). */
function everyGroup(): WorkflowJson {
	const workflow = fixture.workflow(TEMPLATE);
	workflow.nodes.find((node) => node.name === RECONCILE)!.parameters.output = 'all';
	return workflow;
}

/** What Send Report posted (the exception alert, flow 'takings-reconciliation' too, carries `exceptions`). */
const report = () =>
	fixture
		.alerts()
		.filter((alert) => alert.flow === 'takings-reconciliation' && !('exceptions' in alert));
const exceptionsAlerted = () =>
	fixture.alerts().flatMap((alert) => (alert.exceptions as IDataObject[]) ?? []);

describe('template: takings reconciliation Cloudshelf ⇄ Stokly', () => {
	it('counts the 50 sales of an offline kiosk that arrive a day late once each, in the day they were made: all takings match', async () => {
		const { cloudshelf, stokly } = fixture.sandboxes;
		const before = dayAgo(2);
		const yesterday = dayAgo(1);
		// Yesterday's sales at Manchester Arndale, filed in time.
		for (let minute = 0; minute < 3; minute++)
			cloudshelf.state.seedOrder(
				sale(noonOf(yesterday, minute), {
					location: 'Manchester Arndale',
					paymentMethod: 'cash',
					updatedAt: noonOf(yesterday, minute),
				}),
			);
		await inject();
		// The Oxford Street kiosk was offline the day before yesterday: its 50 sales reach Cloudshelf
		// (and the order injection) only now, carrying the time each was made.
		const late = Array.from({ length: 50 }, (_, minute) =>
			cloudshelf.state.seedOrder(sale(noonOf(before, minute))),
		);
		await inject();
		await inject();
		const filed = stokly.state.saleOrders();
		expect(filed).toHaveLength(53);
		for (const order of late)
			expect(filed.filter((saleOrder) => saleOrder.sourceReferenceId === order.id)).toEqual([
				expect.objectContaining({ createdAt: expect.stringMatching(new RegExp(`^${before}`)) }),
			]);

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(report()).toEqual([
			expect.objectContaining({
				count: 0,
				reconciled: true,
				notCompared: 0,
				text: `Takings Cloudshelf ⇄ Stokly ${before} to ${yesterday}: all takings match.`,
				variances: [],
			}),
		]);
		expect(fixture.alerts()).toHaveLength(1);

		// Every group: the late sales in their own day, yesterday's in theirs.
		const groups = (await runScheduled(fixture, everyGroup(), TRIGGER))
			.json(RECONCILE)
			.map((group) => [
				group.day,
				group.location,
				group.paymentMethod,
				group.expected,
				group.recorded,
				group.orders,
			]);
		expect(groups.sort()).toEqual(
			[
				[before, 'Oxford Street', 'card', 749.5, 749.5, 50],
				[yesterday, 'Manchester Arndale', 'cash', 44.97, 44.97, 3],
			].sort(),
		);
	});

	it('reports a kiosk refund still paid in Stokly as a variance, with the order behind it', async () => {
		const { cloudshelf } = fixture.sandboxes;
		const yesterday = dayAgo(1);
		const kept = cloudshelf.state.seedOrder(sale(noonOf(yesterday, 1)));
		const refunded = cloudshelf.state.seedOrder(
			sale(noonOf(yesterday, 2), {
				lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
			}),
		);
		await inject();
		// Refunded at the kiosk this morning; nobody removed the sale order in Stokly.
		Object.assign(cloudshelf.state.orders.get(refunded.id)!, {
			status: 'REFUNDED',
			updatedAt: new Date().toISOString(),
		});

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		const [variance] = result.json(RECONCILE);
		expect(result.json(RECONCILE)).toHaveLength(1);
		expect(variance).toMatchObject({
			day: yesterday,
			location: 'Oxford Street',
			paymentMethod: 'card',
			expected: 14.99,
			recorded: 63.98,
			difference: 48.99,
			variances: [expect.objectContaining({ reference: refunded.id, reason: 'refundedStillPaid' })],
		});
		const [sent] = report();
		expect(sent).toMatchObject({ count: 1 });
		expect(String(sent.text)).toMatch(
			new RegExp(
				`^Takings Cloudshelf ⇄ Stokly .*: 1 variance\\(s\\)\\n• ${yesterday} Oxford Street card: kiosk 14.99 GBP, Stokly 63.98 GBP \\(difference 48.99\\)\\. Order ${refunded.id}: `,
			),
		);
		expect(String(sent.text)).not.toContain(kept.id);
		expect((sent.variances as IDataObject[])[0].orders).toEqual([
			expect.objectContaining({ reference: refunded.id, reason: 'refundedStillPaid' }),
		]);
	});

	it('sends a kiosk order paid by an unmapped tender to the exception alert, naming the tender', async () => {
		const { cloudshelf } = fixture.sandboxes;
		const yesterday = dayAgo(1);
		cloudshelf.state.seedOrder(sale(noonOf(yesterday, 1)));
		const voucher = cloudshelf.state.seedOrder(
			sale(noonOf(yesterday, 2), { paymentMethod: 'gift_voucher' }),
		);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(exceptionsAlerted()).toEqual([
			expect.objectContaining({
				flow: 'takings-reconciliation',
				reason: expect.stringContaining('gift_voucher'),
				record: expect.objectContaining({ reference: voucher.id }),
			}),
		]);
		// The card sale (not in Stokly either: nothing was injected) is a variance; the report says
		// the day is not reconciled, never that the rest match.
		const [sent] = report();
		expect(report()).toHaveLength(1);
		expect(sent).toMatchObject({ reconciled: false, notCompared: 1, count: 1 });
		expect(String(sent.text)).toMatch(
			new RegExp(
				`^Takings Cloudshelf ⇄ Stokly .*: NOT reconciled: 1 kiosk order\\(s\\) could not be compared, see the exception alert\\. 1 variance\\(s\\) in the rest\\n• ${yesterday} Oxford Street card: kiosk 14.99 GBP, Stokly 0 GBP`,
			),
		);
		expect(String(sent.html)).toContain('NOT reconciled');
	});

	it('says NOT reconciled, never "all takings match", when one kiosk order has an unmapped tender and the rest match', async () => {
		const { cloudshelf } = fixture.sandboxes;
		const yesterday = dayAgo(1);
		cloudshelf.state.seedOrder(sale(noonOf(yesterday, 1)));
		await inject();
		// Paid with a voucher the mapping lacks: not injected, and not compared.
		const voucher = cloudshelf.state.seedOrder(
			sale(noonOf(yesterday, 2), { paymentMethod: 'gift_voucher' }),
		);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		// Nothing compared; Always Output Data still sends an empty item on (its main output only).
		expect(result.json(RECONCILE)).toEqual([{}]);
		expect(report()).toEqual([
			expect.objectContaining({
				count: 0,
				reconciled: false,
				notCompared: 1,
				text: expect.stringMatching(
					/: NOT reconciled: 1 kiosk order\(s\) could not be compared, see the exception alert\.$/,
				),
				variances: [],
			}),
		]);
		expect(String(report()[0].text)).not.toContain('all takings match');
		expect(exceptionsAlerted()).toEqual([
			expect.objectContaining({ record: expect.objectContaining({ reference: voucher.id }) }),
		]);
	});

	it('never reports "all takings match" when Stokly cannot be read: NOT reconciled, every kiosk order in the exception alert', async () => {
		const { cloudshelf, stokly } = fixture.sandboxes;
		const yesterday = dayAgo(1);
		const orders = [
			cloudshelf.state.seedOrder(sale(noonOf(yesterday, 1))),
			cloudshelf.state.seedOrder(sale(noonOf(yesterday, 2), { paymentMethod: 'cash' })),
		];
		await inject();
		stokly.setFaults({ failNext: [{ operation: 'GET /v2/saleorders', status: 500, count: 100 }] });

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		// Nothing compared; Always Output Data still sends an empty item on (its main output only).
		expect(result.json(RECONCILE)).toEqual([{}]);
		expect(report()).toEqual([
			expect.objectContaining({
				count: 0,
				reconciled: false,
				notCompared: 2,
				text: expect.stringMatching(
					/: NOT reconciled: 2 kiosk order\(s\) could not be compared, see the exception alert\.$/,
				),
			}),
		]);
		expect(fixture.alerts().some((alert) => /all takings match/i.test(String(alert.text)))).toBe(
			false,
		);
		expect(
			exceptionsAlerted()
				.map((exception) => (exception.record as IDataObject).reference)
				.sort(),
		).toEqual(orders.map((order) => order.id).sort());
	});

	it('never reports "all takings match" when Stokly cannot be read on a day without kiosk orders', async () => {
		const { stokly } = fixture.sandboxes;
		// Refused (not retried, unlike the outage above): the read fails at once.
		stokly.setFaults({ failNext: [{ operation: 'GET /v2/saleorders', status: 403, count: 100 }] });
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(report()).toEqual([
			expect.objectContaining({
				reconciled: false,
				notCompared: 1,
				text: expect.stringMatching(
					/: NOT reconciled: the takings could not be compared, see the exception alert\.$/,
				),
			}),
		]);
		expect(exceptionsAlerted()).toHaveLength(1);
	});
	it('reconciles a day without kiosk orders: a sale order filed only in Stokly is still reported', async () => {
		const { cloudshelf, stokly } = fixture.sandboxes;
		const yesterday = dayAgo(1);
		const gone = cloudshelf.state.seedOrder(sale(noonOf(yesterday, 5)));
		await inject();
		expect(stokly.state.saleOrders()).toHaveLength(1);
		// The kiosk order is gone from Cloudshelf: no kiosk order at all in the last 3 days.
		cloudshelf.state.orders.delete(gone.id);

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(result.json(RECONCILE)).toEqual([
			expect.objectContaining({
				day: yesterday,
				expected: 0,
				recorded: 14.99,
				variances: [expect.objectContaining({ reference: gone.id, reason: 'recordedOnly' })],
			}),
		]);
		expect(report()).toEqual([expect.objectContaining({ count: 1 })]);
	});
});
