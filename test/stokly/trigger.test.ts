/**
 * Stokly Trigger through n8n's poller context against the sandbox: each check is one poll with the
 * static data the previous one left, as n8n persists it between checks.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	STOKLY_CREDENTIALS,
	STOKLY_TRIGGER,
	startStokly,
	type StoklyFixture,
} from '../harness/stokly';
import { pollTrigger, type TriggerNode } from '../harness/workflows';

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const TRIGGER: TriggerNode = {
	name: 'Stokly Trigger',
	type: STOKLY_TRIGGER,
	credentials: STOKLY_CREDENTIALS,
};
const START = '2020-01-01T00:00:00Z';

const poll = (
	parameters: IDataObject,
	staticData: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
) => pollTrigger(fixture.runner, TRIGGER, parameters, staticData, mode);

/** A sale order as a till or Sale Order → Create posts it (202; visible at once unless held). */
function postSaleOrder(reference: string, { createdAt }: { createdAt?: string } = {}) {
	const { state } = fixture.sandbox;
	return state.createSaleOrder({
		stage: 'order',
		createdAt,
		sourceType: 'other',
		sourceId: state.channelByName('Cloudshelf')!.channelId,
		sourceReferenceId: reference,
		customerReference: reference,
		currency: 'GBP',
		tags: ['cloudshelf', 'location:Oxford Street'],
		locationId: state.locationByName('Oxford Street')!.locationId,
		payments: [{ method: 4, amount: 12.5 }],
		items: [
			{
				referenceType: 'item',
				referenceId: state.itemBySku('CAP-BLUE')!.itemId,
				quantity: 1,
				displayPrice: 10.42,
				displayTax: 2.08,
				displayDiscount: 0,
				fulfilmentType: 'delivery',
			},
		],
	});
}

/** The trigger node's own static data (n8n keeps it under `node:<name>`). */
const cursorOf = (staticData: IDataObject) => staticData[`node:${TRIGGER.name}`] as IDataObject;

const references = (json: IDataObject[]) => json.map((item) => item.reference);

describe('Stokly Trigger → Sale Order Created', () => {
	const parameters = { event: 'saleOrderCreated', startFrom: START };

	it('emits each sale order once across polls as a canonical order, and the cursor advances', async () => {
		postSaleOrder('CS-1');
		postSaleOrder('CS-2');
		const first = await poll(parameters);
		expect(first.json).toEqual([
			expect.objectContaining({
				reference: 'CS-1',
				origin: 'stokly',
				currency: 'GBP',
				location: 'Oxford Street',
				lines: [expect.objectContaining({ sku: 'CAP-BLUE', quantity: 1, unitPrice: 12.5 })],
				payments: [{ method: '4', amount: 12.5 }],
			}),
			expect.objectContaining({ reference: 'CS-2' }),
		]);
		const cursor = cursorOf(first.staticData).after as string;
		expect(Date.parse(cursor)).toBeGreaterThan(Date.parse(START));

		const idle = await poll(parameters, first.staticData);
		expect(idle.json).toEqual([]);
		postSaleOrder('CS-3');
		const second = await poll(parameters, idle.staticData);
		expect(references(second.json)).toEqual(['CS-3']);
		expect(Date.parse(cursorOf(second.staticData).after as string)).toBeGreaterThanOrEqual(
			Date.parse(cursor),
		);
		expect((await poll(parameters, second.staticData)).json).toEqual([]);
	});

	it('picks up a held write once Stokly shows it, though a later one was emitted first', async () => {
		const { state } = fixture.sandbox;
		// Posted two minutes ago, held; another posted a minute ago is shown at once.
		state.holdWrites = true;
		postSaleOrder('CS-HELD', { createdAt: new Date(Date.now() - 120_000).toISOString() });
		state.holdWrites = false;
		postSaleOrder('CS-LATER', { createdAt: new Date(Date.now() - 60_000).toISOString() });
		const first = await poll(parameters);
		expect(references(first.json)).toEqual(['CS-LATER']);
		expect(state.pendingWrites()).toEqual([expect.objectContaining({ held: true })]);

		state.settle();
		const second = await poll(parameters, first.staticData);
		expect(references(second.json)).toEqual(['CS-HELD']);
		expect((await poll(parameters, second.staticData)).json).toEqual([]);
	});

	it('starts from activation, and a manual run returns a sample without moving the cursor', async () => {
		postSaleOrder('CS-OLD', { createdAt: new Date(Date.now() - 3600_000).toISOString() });
		const activation = await poll({ event: 'saleOrderCreated' });
		expect(activation.json).toEqual([]);
		const sample = await poll({ event: 'saleOrderCreated' }, activation.staticData, 'manual');
		expect(references(sample.json)).toEqual(['CS-OLD']);
		// Within the look-back, but already there at activation: history, not news.
		const next = await poll({ event: 'saleOrderCreated' }, activation.staticData);
		expect(next.json).toEqual([]);
		postSaleOrder('CS-NEW');
		expect(references((await poll({ event: 'saleOrderCreated' }, next.staticData)).json)).toEqual([
			'CS-NEW',
		]);
	});

	it("emits once a sale order created after activation with a day-old createdAt (an offline kiosk's sale synced late)", async () => {
		postSaleOrder('CS-TODAY', { createdAt: new Date(Date.now() - 60_000).toISOString() });
		const activation = await poll({ event: 'saleOrderCreated' });
		expect(activation.json).toEqual([]);
		postSaleOrder('CS-NEW');
		const fresh = await poll({ event: 'saleOrderCreated' }, activation.staticData);
		expect(references(fresh.json)).toEqual(['CS-NEW']);
		// Synced a day late: its createdAt (the sale time) is long behind the cursor.
		const dayOld = new Date(Date.now() - 86_400_000).toISOString();
		postSaleOrder('CS-OFFLINE', { createdAt: dayOld });
		const late = await poll({ event: 'saleOrderCreated' }, fresh.staticData);
		expect(late.json).toEqual([
			expect.objectContaining({ reference: 'CS-OFFLINE', placedAt: dayOld }),
		]);
		expect((await poll({ event: 'saleOrderCreated' }, late.staticData)).json).toEqual([]);
		// Older than the Late Arrival Window when Stokly shows it: not emitted (as the field says).
		postSaleOrder('CS-TOO-LATE', {
			createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
		});
		expect((await poll({ event: 'saleOrderCreated' }, late.staticData)).json).toEqual([]);
	});

	it('takes channel names as well as IDs, and fails the check on one Stokly does not have', async () => {
		const { state } = fixture.sandbox;
		postSaleOrder('CS-1');
		const byName = await poll({ ...parameters, channels: ['cloudshelf'] });
		expect(references(byName.json)).toEqual(['CS-1']);
		const byId = await poll({
			...parameters,
			channels: [state.channelByName('Cloudshelf')!.channelId],
		});
		expect(references(byId.json)).toEqual(['CS-1']);
		expect((await poll({ ...parameters, channels: ['Website'] })).json).toEqual([]);
		await expect(poll({ ...parameters, channels: ['Cloudshelff'] })).rejects.toThrow(
			'Stokly has no channel "Cloudshelff"',
		);
		await expect(
			poll({ event: 'saleOrderDispatched', startFrom: START, channels: ['Cloudshelff'] }),
		).rejects.toThrow('Stokly has no channel "Cloudshelff"');
	});

	it('renews a token that expired between polls', async () => {
		postSaleOrder('CS-1');
		const first = await poll(parameters);
		expect(references(first.json)).toEqual(['CS-1']);
		const grants = () => fixture.sandbox.callsTo('POST /v1/grant').length;
		const before = grants();
		fixture.sandbox.state.expireTokens();
		postSaleOrder('CS-2');
		const second = await poll(parameters, first.staticData);
		expect(references(second.json)).toEqual(['CS-2']);
		expect(grants()).toBe(before + 1);
		expect(
			fixture.sandbox.calls.filter((call) => call.status === 401).map((call) => call.path),
		).toHaveLength(1);
	});
});

describe('Stokly Trigger → Sale Order Dispatched', () => {
	const parameters = { event: 'saleOrderDispatched', startFrom: START };

	it('emits each dispatch once as a fulfilment, including one Stokly shows late', async () => {
		const { state } = fixture.sandbox;
		const first = postSaleOrder('CS-1');
		postSaleOrder('CS-2');
		expect((await poll(parameters)).json).toEqual([]);

		state.dispatch(first, {
			courier: 'Royal Mail',
			trackingNumber: 'RM1',
			trackingUrl: 'https://t/1',
		});
		const dispatched = await poll(parameters);
		expect(dispatched.json).toEqual([
			expect.objectContaining({
				orderReference: 'CS-1',
				carrier: 'Royal Mail',
				trackingNumber: 'RM1',
				trackingUrl: 'https://t/1',
				lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
			}),
		]);
		expect((await poll(parameters, dispatched.staticData)).json).toEqual([]);

		// A dispatch posted through the API (202) and held: nothing until Stokly applies it.
		const second = state.saleOrders().find((order) => order.sourceReferenceId === 'CS-2')!;
		state.holdWrites = true;
		state.acceptDispatch(second.saleOrderId, {
			locationId: second.locationId!,
			courier: 'DPD',
			trackingNumber: 'DPD2',
			trackingUrl: '',
			items: [{ lineId: second.items[0].lineId, quantity: 1 }],
		});
		state.holdWrites = false;
		const held = await poll(parameters, dispatched.staticData);
		expect(held.json).toEqual([]);
		state.settle();
		const late = await poll(parameters, held.staticData);
		expect(late.json.map((item) => [item.orderReference, item.trackingNumber])).toEqual([
			['CS-2', 'DPD2'],
		]);
		expect((await poll(parameters, late.staticData)).json).toEqual([]);
	});
});

describe('Stokly Trigger → Stock Changed', () => {
	const parameters = { event: 'stockChanged' };

	it('emits only levels that changed, summed over bins, including a held adjustment once applied', async () => {
		const { state } = fixture.sandbox;
		const first = await poll(parameters);
		expect(first.json).toEqual([]);
		expect((await poll(parameters, first.staticData)).json).toEqual([]);

		const warehouse = state.locationByName('London Warehouse')!;
		const overflow = warehouse.bins.find((bin) => bin.name === 'Overflow')!;
		state.adjust({
			locationId: warehouse.locationId,
			binId: overflow.binId,
			reason: 'test',
			items: [{ itemId: state.itemBySku('TEE-RED-M')!.itemId, quantity: 4 }],
		});
		const changed = await poll(parameters, first.staticData);
		expect(changed.json).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				location: 'London Warehouse',
				quantity: 14,
				previousQuantity: 10,
			}),
		]);
		expect((await poll(parameters, changed.staticData)).json).toEqual([]);

		state.holdWrites = true;
		const store = state.locationByName('Oxford Street')!;
		state.adjust({
			locationId: store.locationId,
			binId: store.bins[0].binId,
			reason: 'test',
			items: [{ itemId: state.itemBySku('CAP-BLUE')!.itemId, quantity: -2 }],
		});
		state.holdWrites = false;
		expect((await poll(parameters, changed.staticData)).json).toEqual([]);
		state.settle();
		const applied = await poll(parameters, changed.staticData);
		expect(
			applied.json.map((item) => [item.sku, item.location, item.quantity, item.previousQuantity]),
		).toEqual([['CAP-BLUE', 'Oxford Street', 5, 7]]);
	});

	it('emits every level on the first check when asked, only at the chosen locations', async () => {
		const store = fixture.sandbox.state.locationByName('Oxford Street')!;
		const first = await poll({
			...parameters,
			emitAllOnFirstRun: true,
			locations: [store.locationId],
		});
		expect(first.json.map((item) => [item.sku, item.quantity]).sort()).toEqual([
			['CAP-BLUE', 7],
			['TEE-RED-L', 0],
			['TEE-RED-M', 3],
			['TEE-RED-XL', 0],
		]);
		expect(new Set(first.json.map((item) => item.location))).toEqual(new Set(['Oxford Street']));
	});

	it('takes location names as well as IDs, and fails the check on one Stokly does not have', async () => {
		const byName = await poll({
			...parameters,
			emitAllOnFirstRun: true,
			locations: [' oxford street'],
		});
		expect(byName.json.length).toBeGreaterThan(0);
		expect(new Set(byName.json.map((item) => item.location))).toEqual(new Set(['Oxford Street']));
		await expect(poll({ ...parameters, locations: ['Oxford Street', 'Mars'] })).rejects.toThrow(
			'Stokly has no location "Mars"',
		);
	});
});
