import type { IDataObject } from 'n8n-workflow';

import {
	COMMERCETOOLS_CREDENTIALS,
	COMMERCETOOLS_TRIGGER,
	commercetoolsWorkflow,
	importOrder,
	orderImportDraft,
	seedQuantityMessages,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';
import { pollTrigger, type TriggerNode } from '../harness/workflows';

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools();
});
afterEach(async () => fixture.close());

const TRIGGER: TriggerNode = {
	name: 'commercetools Trigger',
	type: COMMERCETOOLS_TRIGGER,
	credentials: COMMERCETOOLS_CREDENTIALS,
};

const START = '2020-01-01T00:00:00Z';

const poll = (
	parameters: IDataObject,
	staticData: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
) => pollTrigger(fixture.runner, TRIGGER, parameters, staticData, mode);

describe('commercetools Trigger → Order Created', () => {
	it('emits each imported order once across polls and resumes from its cursor', async () => {
		const parameters = { event: 'orderCreated', startFrom: START };
		await importOrder(
			fixture.sandbox,
			orderImportDraft('WEB-1', [{ sku: 'TEE-RED-M', quantity: 1 }]),
		);
		const first = await poll(parameters);
		expect(first.json).toEqual([
			expect.objectContaining({ reference: 'WEB-1', origin: 'commercetools' }),
		]);
		const idle = await poll(parameters, first.staticData);
		expect(idle.json).toEqual([]);
		await importOrder(
			fixture.sandbox,
			orderImportDraft('WEB-2', [{ sku: 'CAP-BLUE', quantity: 1 }]),
		);
		const second = await poll(parameters, first.staticData);
		expect(second.json.map((item) => item.reference)).toEqual(['WEB-2']);
	});

	it('starts from activation without Start From, and a manual run returns a sample without moving the cursor', async () => {
		await importOrder(
			fixture.sandbox,
			orderImportDraft('OLD-1', [{ sku: 'TEE-RED-M', quantity: 1 }]),
		);
		const activation = await poll({ event: 'orderCreated' });
		expect(activation.json).toEqual([]);
		const sample = await poll({ event: 'orderCreated' }, activation.staticData, 'manual');
		expect(sample.json.map((item) => item.reference)).toEqual(['OLD-1']);
		expect(sample.staticData).toEqual(activation.staticData);
	});
});

describe('commercetools Trigger → Delivery Added', () => {
	it('emits one fulfilment per delivery, with its tracking', async () => {
		await importOrder(
			fixture.sandbox,
			orderImportDraft('CS-1', [{ sku: 'TEE-RED-M', quantity: 2 }]),
		);
		await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'delivery', operation: 'add' }, [
				{
					orderReference: 'CS-1',
					carrier: 'DHL',
					trackingNumber: 'T1',
					shippedAt: '2026-11-21T09:00:00Z',
					lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
				},
			]),
		);
		const result = await poll({ event: 'deliveryAdded', startFrom: START });
		expect(result.json).toEqual([
			expect.objectContaining({
				orderReference: 'CS-1',
				carrier: 'DHL',
				trackingNumber: 'T1',
				lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			}),
		]);
		expect(
			(await poll({ event: 'deliveryAdded', startFrom: START }, result.staticData)).json,
		).toEqual([]);
	});
});

describe('commercetools Trigger → Inventory Quantity Set', () => {
	it('handles a burst of 5,000 messages over several polls with nothing lost or duplicated', async () => {
		const seeded = seedQuantityMessages(fixture.sandbox, 5000);
		const parameters = { event: 'inventoryQuantitySet', startFrom: START, maxPerPoll: 1000 };
		let staticData: IDataObject = {};
		const seen: string[] = [];
		for (let check = 0; check < 8; check++) {
			const result = await poll(parameters, staticData);
			staticData = result.staticData;
			seen.push(
				...result.json.map(
					(item) => `${String(item.sku)}@${String(item.location)}=${String(item.quantity)}`,
				),
			);
		}
		expect(seen).toHaveLength(5000);
		expect(new Set(seen).size).toBe(5000);
		const expected = seeded.map(
			(message) =>
				`${message.sku ?? message.resourceUserProvidedIdentifiers?.sku}@london-warehouse=${message.newAvailableQuantity}`,
		);
		expect(seen.sort()).toEqual(expected.sort());
		// No call was refused for rate.
		expect(fixture.sandbox.calls.filter((call) => call.status === 429)).toHaveLength(0);
	});

	it('collapses several changes of one entry within a poll to the newest level', async () => {
		seedQuantityMessages(fixture.sandbox, 6, { skus: 2, prefix: 'TWO' });
		const result = await poll({ event: 'inventoryQuantitySet', startFrom: START });
		expect(result.json.map((item) => [item.sku, item.location, item.quantity]).sort()).toEqual([
			['TWO-00001', 'london-warehouse', 5],
			['TWO-00002', 'london-warehouse', 6],
		]);
	});
});

describe('commercetools Trigger and a disabled Messages API', () => {
	it('explains how to enable it', async () => {
		const state = fixture.sandbox.state as unknown as {
			setMessagesEnabled?: (enabled: boolean) => void;
		};
		expect(state.setMessagesEnabled).toBeInstanceOf(Function);
		state.setMessagesEnabled!(false);
		await expect(poll({ event: 'orderCreated', startFrom: START })).rejects.toThrow(
			/Messages API of commercetools project retail-sync-sandbox is disabled/,
		);
	});
});
