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

	it('records a trigger that fails (n8n sends no execution then), and resolves it when the next run completes', async () => {
		const workflow = 'Stock push: Linnworks → Cloudshelf (Test Retailer)';
		const recorder = fixture.workflow('exceptions-error-workflow');
		const failed = await fixture.runner.run(recorder, {
			startNode: 'When A Sync Run Fails',
			startItems: [
				{
					json: {
						trigger: {
							error: {
								message: 'Linnworks refused the session (HTTP 401)',
								node: { name: 'Linnworks Stock Changes' },
							},
							mode: 'trigger',
						},
						workflow: { id: '7', name: workflow },
					},
				},
			],
			mode: 'error',
		});
		expect(failed.status).toBe('success');
		expect(fixture.alerts().map((alert) => alert.text)).toEqual([
			`1 new exception(s) in ${workflow}: The trigger failed: Linnworks refused the session (HTTP 401)`,
		]);
		expect(queueRows(fixture)).toEqual([
			expect.objectContaining({
				reference: 'whole run',
				execution: '',
				status: 'open',
				attempts: 1,
			}),
		]);
		// The next run reports its end: the whole-run row is resolved, the run logged.
		const next = await fixture.runner.run(recorder, {
			startNode: 'When A Sync Workflow Reports',
			startItems: [
				{
					json: {
						event: 'run',
						workflow,
						flow: 'stock-push',
						execution: '300',
						started: new Date().toISOString(),
						read: 4,
						written: 4,
						expectedEveryMinutes: 5,
					},
				},
			],
			mode: 'integrated',
		});
		expect(next.status).toBe('success');
		expect(queueRows(fixture)).toEqual([
			expect.objectContaining({
				status: 'resolved',
				resolution: 'The next run (execution 300) completed',
			}),
		]);
		// The failed check as a run that failed as a whole, then the run that completed.
		expect(fixture.runner.dataTables.rows('retail_sync_runs')).toEqual([
			expect.objectContaining({ workflow, execution: '', status: 'error' }),
			expect.objectContaining({
				workflow,
				client: 'Test Retailer',
				execution: '300',
				read: 4,
				written: 4,
				failed: 0,
				status: 'success',
				oldestOpenMinutes: 0,
			}),
		]);
	});

	it('keeps the record when the alert cannot be posted: the queue row is written, nothing fails', async () => {
		const recorder = fixture.workflow('exceptions-error-workflow');
		const alert = recorder.nodes.find((node) => node.name === 'Send Alert')!;
		alert.parameters.url = 'http://127.0.0.1:9/hooks/unreachable';
		alert.retryOnFail = false;
		const result = await fixture.runner.run(recorder, {
			startNode: 'When A Sync Workflow Reports',
			startItems: [
				{
					json: {
						event: 'exception',
						workflow: 'Order injection: Cloudshelf → Linnworks (Test Retailer)',
						flow: 'order-injection',
						reference: 'K-1',
						reason: 'Order K-1: SKU X has no Linnworks stock item',
						execution: '12',
					},
				},
			],
			mode: 'integrated',
		});
		expect(result.status).toBe('success');
		expect(result.json('Send Alert')[0].error).toBeDefined();
		expect(queueRows(fixture)).toEqual([
			expect.objectContaining({ reference: 'K-1', status: 'open', attempts: 1 }),
		]);
	});
});
