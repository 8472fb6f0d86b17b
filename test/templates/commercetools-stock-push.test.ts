import type { IDataObject } from 'n8n-workflow';

import {
	CLIENT_CATALOGUE,
	runPolled,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';

const TEMPLATE = 'stock-push-commercetools-to-cloudshelf';
const TRIGGER = 'commercetools Inventory Changes';
const PUSH = 'Push to Cloudshelf';
const CHANNELS = ['london-warehouse', 'oxford-street', 'manchester-arndale'];
/** The template's Stock Buffer. */
const BUFFER = 1;
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** Kiosk stock of each SKU at each mapped location (the channels are keyed as the locations). */
const kioskStock = (skus: string[]) =>
	Object.fromEntries(
		skus.flatMap((sku) =>
			CHANNELS.map((channel) => [
				`${sku}@${channel}`,
				fixture.sandboxes.cloudshelf.state.quantityOf(
					sku,
					`gid://external/RetailSyncLocation/${channel}`,
				),
			]),
		),
	);

/** What the kiosks should show for commercetools' available quantities. */
const shownFor = (skus: string[]) =>
	Object.fromEntries(
		skus.flatMap((sku) =>
			CHANNELS.map((channel) => [
				`${sku}@${channel}`,
				Math.max(
					0,
					fixture.sandboxes.commercetools.state.inventory(sku, channel)!.availableQuantity! -
						BUFFER,
				),
			]),
		),
	);

/** Every call either sandbox refused for rate: HTTP 429, or Cloudshelf's credit restriction. */
const refusedForRate = () => ({
	commercetools: fixture.sandboxes.commercetools.calls.filter((call) => call.status === 429).length,
	cloudshelf:
		fixture.sandboxes.cloudshelf.calls.filter((call) => call.status === 429).length +
		fixture.sandboxes.cloudshelf.restrictions,
});

describe('template: stock push commercetools → Cloudshelf', () => {
	it('pushes each changed level to its kiosk location, less the buffer, and every level nightly', async () => {
		const workflow = fixture.workflow(TEMPLATE);
		const { commercetools } = fixture.sandboxes;
		const first = await runPolled(fixture, workflow, TRIGGER, {});
		expect(first.items).toEqual([]); // activation: from now on
		commercetools.state.setQuantity('TEE-RED-M', 'oxford-street', 4);
		commercetools.state.setQuantity('TEE-RED-M', 'oxford-street', 3); // newer: the one shown
		commercetools.state.setQuantity('CAP-BLUE', 'manchester-arndale', 0);
		// A web-only warehouse no kiosk shows: not in Push to Cloudshelf's Location Mapping.
		commercetools.state.seed({
			channels: [{ key: 'web-dc', name: 'Web DC' }],
			inventory: [{ sku: 'TEE-RED-M', channel: 'web-dc', quantityOnStock: 40 }],
		});
		commercetools.state.setQuantity('TEE-RED-M', 'web-dc', 35);

		const check = await runPolled(fixture, workflow, TRIGGER, first.staticData);
		expect(check.result?.status).toBe('success');
		// One level per entry: the newest (by the entry's version, also within one millisecond).
		expect(
			check.items.map((item) => [item.json.sku, item.json.location, item.json.quantity]).sort(),
		).toEqual([
			['CAP-BLUE', 'manchester-arndale', 0],
			['TEE-RED-M', 'oxford-street', 3],
			['TEE-RED-M', 'web-dc', 35],
		]);
		// The web warehouse's level is left out before the push (no row, so no exception either).
		expect(check.result!.json('Kiosk Channels Only').map((item) => item.location)).not.toContain(
			'web-dc',
		);
		expect(kioskStock(['TEE-RED-M', 'CAP-BLUE'])).toMatchObject({
			'TEE-RED-M@oxford-street': 2,
			'CAP-BLUE@manchester-arndale': 0,
		});
		expect(check.result!.json(PUSH)).toEqual([expect.objectContaining({ rowsWritten: 2 })]);
		expect(fixture.alerts()).toEqual([]);
		// Nothing new: the next check emits nothing.
		expect((await runPolled(fixture, workflow, TRIGGER, check.staticData)).items).toEqual([]);

		const nightly = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(nightly.status).toBe('success');
		expect(kioskStock(CLIENT_CATALOGUE)).toEqual(shownFor(CLIENT_CATALOGUE));
		expect(fixture.alerts()).toEqual([]);
	});

	it('drains a launch-day burst of 5,000 inventory messages with nothing lost and no call refused for rate', async () => {
		const { commercetools, cloudshelf } = fixture.sandboxes;
		// 400 more SKUs in every channel, on the kiosks too.
		const skus = Array.from(
			{ length: 400 },
			(_, index) => `BURST-${String(index).padStart(3, '0')}`,
		);
		commercetools.state.seed({
			inventory: skus.flatMap((sku) =>
				CHANNELS.map((channel) => ({ sku, channel, quantityOnStock: 20 })),
			),
		});
		cloudshelf.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/BURST',
					displayName: 'Burst',
					variants: skus.map((sku) => ({ id: `gid://external/RetailSyncVariant/${sku}`, sku })),
				},
			],
		});
		// 5,000 quantity changes, one millisecond apart, ending a minute ago: each of the 1,200
		// entries changes 4 or 5 times; the last change of each is what the kiosks must show.
		const start = Date.now() - 60_000 - 5_000;
		const entries = skus.flatMap((sku) => CHANNELS.map((channel) => ({ sku, channel })));
		for (let index = 0; index < 5000; index++) {
			const { sku, channel } = entries[index % entries.length];
			commercetools.state.setQuantity(
				sku,
				channel,
				(index * 7) % 23,
				new Date(start + index).toISOString(),
			);
		}
		expect(commercetools.state.messages(['InventoryEntryQuantitySet'])).toHaveLength(5000);

		// The workflow as activated from just before the burst (its Start From; no manual edits
		// otherwise), then polled as n8n polls it, check after check, until nothing is left.
		const workflow = fixture.workflow(TEMPLATE);
		workflow.nodes.find((node) => node.name === TRIGGER)!.parameters.startFrom = new Date(
			start - 1000,
		).toISOString();
		let staticData: IDataObject = {};
		const emitted: IDataObject[] = [];
		let checks = 0;
		for (; checks < 20; checks++) {
			const check = await runPolled(fixture, workflow, TRIGGER, staticData);
			if (!check.items.length) break;
			expect(check.result?.status).toBe('success');
			expect(check.result!.json(PUSH, 1)).toEqual([]); // no row failed
			emitted.push(...check.items.map((item) => item.json));
			staticData = check.staticData;
		}
		// Max per Poll (1,000) messages a check: five checks, then an empty one.
		expect(checks).toBe(5);
		expect(emitted.length).toBeLessThanOrEqual(5000);
		// Nothing lost: every entry's newest level is on the kiosks (less the buffer).
		expect(kioskStock(skus)).toEqual(shownFor(skus));
		expect(fixture.alerts()).toEqual([]);
		// No call refused for rate, on either side; bounded calls: at most 3 message pages of 500 a check, one Cloudshelf write.
		expect(refusedForRate()).toEqual({ commercetools: 0, cloudshelf: 0 });
		expect(commercetools.callsTo('messages/query').length).toBeLessThanOrEqual(3 * 6);
		expect(cloudshelf.callsTo('UpsertStockLevels')).toHaveLength(5);
	});
});
