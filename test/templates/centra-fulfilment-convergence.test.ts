/**
 * Fulfilment writeback Centra → Cloudshelf under faults: 10% of Centra and Cloudshelf API calls
 * answer 500 and n8n's answers to two webhook deliveries are lost (so Centra's plugin delivers them
 * again). Centra's webhook sender retries what failed; the daily reconciliation records again what
 * a failed run could not write. The end state equals the clean run's: each kiosk order carries its
 * shipment's tracking on every line, recorded once.
 */
import type { IDataObject } from 'n8n-workflow';

import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';
import { WebhookReceiver } from '../harness/webhook-receiver';

const LINES: string[][] = [
	['TEE-RED-M'],
	['CAP-BLUE', 'TEE-RED-L'],
	['HOODIE-GREY-L'],
	['TEE-RED-M', 'CAP-BLUE'],
	['TEE-RED-L'],
	['CAP-BLUE', 'HOODIE-GREY-L'],
];
/** Eighteen kiosk orders, shipped one by one. */
const ORDERS = [...LINES, ...LINES, ...LINES];

interface Outcome {
	/** Per kiosk order (in seed order): each line's tracking number and carrier. */
	tracking: string[][];
	/** Per kiosk order: how many Record Fulfilment outputs said `recorded: true`. */
	recordedTimes: number[];
	/** Kiosk orders the reconciliation recorded (the writeback had not). */
	recoveredByReport: number;
	/** Exceptions the writeback alerted. */
	exceptions: number;
	injected500s: { centra: number; cloudshelf: number };
	failedDeliveries: number;
}

async function scenario(faults: boolean): Promise<Outcome> {
	const fixture: RetailFixture = await startRetail();
	const { centra, cloudshelf } = fixture.sandboxes;
	const receiver = await WebhookReceiver.start(
		fixture.runner,
		fixture.workflow('fulfilment-writeback-centra-to-cloudshelf'),
		'Centra Shipment Completed',
	);
	try {
		const kiosk = ORDERS.map((skus, index) =>
			cloudshelf.state.seedOrder({
				location: index % 2 ? 'Manchester Arndale' : 'Oxford Street',
				createdAt: minutesAgo(60 - index),
				lines: skus.map((sku) => ({ variant: sku, quantity: 1, price: 19.99 })),
			}),
		);
		await runScheduled(
			fixture,
			fixture.workflow('order-injection-cloudshelf-to-centra'),
			'Every 5 Minutes',
		);
		const numbers = kiosk.map((order) =>
			Number(cloudshelf.state.orders.get(order.id)!.thirdPartyId),
		);
		expect(numbers.every((number) => centra.state.orders.has(number))).toBe(true);

		centra.webhooks.configure({ url: receiver.url, delaysMs: [1, 1, 1] });
		if (faults) {
			centra.setFaults({ errorRate: 0.1 });
			// And Cloudshelf refuses the first writeback outright (as when it stays down longer than the
			// node retries; a 4xx keeps that run short, since this harness's receiver answers Centra only
			// after the run): the run fails after its webhook was answered, so Centra does not resend
			// it and only the reconciliation can repair it.
			cloudshelf.setFaults({
				errorRate: 0.1,
				failNext: [{ operation: 'UpsertOrders', status: 400, count: 1 }],
			});
			receiver.loseAnswers = 2;
		}
		for (const [index, number] of numbers.entries()) {
			centra.ship({
				order: number,
				complete: { carrier: 'DHL', trackingNumber: `DHL-${index + 1}` },
			});
			await centra.webhooks.idle();
		}
		// The next morning's reconciliation, faults still on, records what the writeback missed.
		const report = await runScheduled(
			fixture,
			fixture.workflow('reconciliation-cloudshelf-centra'),
			'Every Morning',
		);
		expect(report.status).toBe('success');
		const injected500s = {
			centra: centra.calls.filter((call) => call.status === 500).length,
			cloudshelf: cloudshelf.calls.filter((call) => call.status === 500).length,
		};
		centra.clearFaults();
		cloudshelf.clearFaults();

		const outputs: IDataObject[] = [
			...receiver.deliveries.flatMap((delivery) =>
				delivery.result?.ran('Record Fulfilment In Cloudshelf')
					? delivery.result.json('Record Fulfilment In Cloudshelf')
					: [],
			),
			...report.json('Record Missing Tracking'),
		];
		return {
			tracking: kiosk.map((order) =>
				cloudshelf.state.orders.get(order.id)!.lines.map((line) => {
					const value = (key: string) =>
						line.customAttributes.find((attribute) => attribute.key === key)?.value ?? '-';
					return `${value('tracking_number')}/${value('carrier')}`;
				}),
			),
			recordedTimes: kiosk.map(
				(order) =>
					outputs.filter((output) => output.orderId === order.id && output.recorded === true)
						.length,
			),
			recoveredByReport: report
				.json('Record Missing Tracking')
				.filter((output) => output.recorded === true).length,
			exceptions: fixture
				.alerts()
				.filter((alert) => alert.flow === 'fulfilment-writeback')
				.flatMap((alert) => alert.exceptions as IDataObject[]).length,
			injected500s,
			failedDeliveries: centra.webhooks.deliveries.filter((delivery) => !delivery.ok).length,
		};
	} finally {
		await receiver.close();
		await fixture.close();
	}
}

describe('template convergence: fulfilment writeback Centra → Cloudshelf under 10% 5xx and lost answers', () => {
	it('ends with the clean run’s tracking on every kiosk order line, each shipment recorded once', async () => {
		const clean = await scenario(false);
		expect(clean.tracking).toEqual(
			ORDERS.map((skus, index) => skus.map(() => `DHL-${index + 1}/DHL`)),
		);
		expect(clean.recordedTimes).toEqual(ORDERS.map(() => 1));
		expect(clean.failedDeliveries).toBe(0);
		expect(clean.recoveredByReport).toBe(0);
		expect(clean.exceptions).toBe(0);

		const faulted = await scenario(true);
		// The faults really happened: both APIs answered 500s and Centra had to deliver again.
		expect(faulted.injected500s.centra).toBeGreaterThan(0);
		expect(faulted.injected500s.cloudshelf).toBeGreaterThan(0);
		expect(faulted.failedDeliveries).toBeGreaterThan(0);
		// At least one writeback run failed and was alerted; the report recorded exactly those.
		expect(faulted.exceptions).toBeGreaterThan(0);
		expect(faulted.recoveredByReport).toBe(faulted.exceptions);
		expect(faulted.tracking).toEqual(clean.tracking);
		expect(faulted.recordedTimes).toEqual(clean.recordedTimes);
	});
});
