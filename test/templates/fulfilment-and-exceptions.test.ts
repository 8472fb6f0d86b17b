import type { IDataObject } from 'n8n-workflow';

import {
	queueRows,
	runPolled,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import { minutesAgo } from '../harness/time';

let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

describe('template: fulfilment writeback Linnworks → Cloudshelf', () => {
	it('writes the tracking of dispatched kiosk orders to Cloudshelf, once', async () => {
		const kiosk = fixture.sandboxes.cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(30),
			lines: [{ variant: 'TEE-RED-M', quantity: 1, price: 19.99 }],
		});
		await runScheduled(
			fixture,
			fixture.workflow('order-injection-cloudshelf-to-linnworks'),
			'Every 5 Minutes',
		);
		const workflow = fixture.workflow('fulfilment-writeback-linnworks-to-cloudshelf');
		let check = await runPolled(fixture, workflow, 'Linnworks Order Dispatched', {});
		expect(check.items).toHaveLength(0); // starts from activation

		const linnworksOrder = [...fixture.sandboxes.linnworks.state.orders.values()][0];
		fixture.sandboxes.linnworks.state.dispatch(linnworksOrder.OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD-4471',
		});
		// A dispatch from another channel is not this workflow's business.
		fixture.sandboxes.linnworks.state.seed({
			orders: [
				{
					location: 'London Warehouse',
					order: {
						Source: 'EBAY',
						SubSource: 'ebay-uk',
						ReferenceNumber: 'EB-1',
						ReceivedDate: minutesAgo(60),
						DispatchBy: minutesAgo(-60),
						PaymentStatus: 'Paid',
						OrderItems: [{ ItemNumber: '1', ChannelSKU: 'CAP-BLUE', Qty: 1, PricePerUnit: 14.99 }],
					},
					dispatched: {
						processedOn: new Date().toISOString(),
						vendor: 'Royal Mail',
						service: '48',
						trackingNumber: 'RM-1',
					},
				},
			],
		});

		check = await runPolled(fixture, workflow, 'Linnworks Order Dispatched', check.staticData);
		expect(check.items.map((item) => item.json.orderReference)).toEqual([kiosk.id]);
		expect(check.result?.status).toBe('success');
		const lines = fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.lines;
		expect(lines[0].customAttributes).toEqual(
			expect.arrayContaining([
				{ key: 'tracking_number', value: 'DPD-4471' },
				{ key: 'carrier', value: 'DPD' },
				{ key: 'service', value: 'Next Day' },
			]),
		);

		// Replaying the same dispatch (e.g. a crashed run re-emitted it) writes nothing more.
		const writes = fixture.sandboxes.cloudshelf.callsTo('UpsertOrders').length;
		const replay = await fixture.runner.run(workflow, {
			startNode: 'Linnworks Order Dispatched',
			startItems: check.items,
			mode: 'trigger',
		});
		expect(replay.json('Record Fulfilment In Cloudshelf')[0]).toMatchObject({
			recorded: false,
			alreadyRecorded: true,
		});
		expect(fixture.sandboxes.cloudshelf.callsTo('UpsertOrders')).toHaveLength(writes);
		expect(fixture.alerts()).toEqual([]);
	});
});

describe('template: exceptions error workflow', () => {
	it('turns a failed execution into an alert naming the workflow, node and reason', async () => {
		const failure: IDataObject = {
			execution: {
				id: '231',
				url: 'http://n8n.local/workflow/1/executions/231',
				error: { message: 'Linnworks refused the session (HTTP 401)' },
				lastNodeExecuted: 'Create Linnworks Order',
				mode: 'trigger',
			},
			workflow: { id: '1', name: 'Order injection: Cloudshelf → Linnworks (Test Retailer)' },
		};
		const result = await fixture.runner.run(fixture.workflow('exceptions-error-workflow'), {
			startNode: 'When A Sync Run Fails',
			startItems: [{ json: failure }],
			mode: 'error',
		});
		expect(result.status).toBe('success');
		const workflow = 'Order injection: Cloudshelf → Linnworks (Test Retailer)';
		const reason =
			'The run failed at Create Linnworks Order: Linnworks refused the session (HTTP 401)';
		const howToFix =
			'Open the failed execution (http://n8n.local/workflow/1/executions/231); fix what the message names (credentials, a platform outage) and the next run retries.';
		expect(fixture.alerts()).toEqual([
			{
				text: `1 new exception(s) in ${workflow}: ${reason}`,
				flow: 'whole run',
				workflow,
				exceptions: [
					{
						key: `${workflow} | whole run`,
						workflow,
						client: 'Test Retailer',
						flow: 'whole run',
						platform: '',
						reference: 'whole run',
						reason,
						howToFix,
						lastSeen: expect.any(String),
						execution: '231',
						record: {
							failedNode: 'Create Linnworks Order',
							executionUrl: 'http://n8n.local/workflow/1/executions/231',
						},
					},
				],
			},
		]);
		// Recorded in the exception queue as the workflow's one open "whole run" row.
		expect(queueRows(fixture)).toEqual([
			expect.objectContaining({
				key: `${workflow} | whole run`,
				workflow,
				reference: 'whole run',
				reason,
				execution: '231',
				attempts: 1,
				status: 'open',
			}),
		]);
	});
});
