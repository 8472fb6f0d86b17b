/**
 * Stock push Linnworks → Shopify (issue #14), run in process by n8n's engine against the Linnworks
 * sandbox and the Shopify simulator (its Admin GraphQL with the cost bucket): what lands in
 * Shopify's levels, what the template sent (the simulator's GraphQL call log), the run's summary
 * and the alerts.
 */
import type { IDataObject } from 'n8n-workflow';

import type { GraphqlCallRecord } from '../../sandbox/shopify/server';
import type { WorkflowJson } from '../harness/run-workflow';
import {
	SHOPIFY_ONLY_SKU,
	SHOPIFY_SKUS,
	SHOPIFY_STOCK,
	queueRows,
	runPolled,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';

const TEMPLATE = 'stock-push-linnworks-to-shopify';
const WORKFLOW_NAME = 'Stock push: Linnworks → Shopify (Test Retailer)';
const LOCATIONS = ['London Warehouse', 'Oxford Street', 'Manchester Arndale'];
const BUFFER = 1;

let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

const shopify = () => fixture.sandboxes.shopify;
const linnworks = () => fixture.sandboxes.linnworks;

/** Shopify's available quantity of every variant at every location, `SKU@Location`. */
function shopifyLevels(): Record<string, number> {
	const { state } = shopify();
	const levels: Record<string, number> = {};
	for (const variant of state.variants())
		for (const location of state.locations.values()) {
			const available = state.available(variant.inventory_item_id, location.id);
			if (available !== undefined) levels[`${variant.sku}@${location.name}`] = available;
		}
	return levels;
}

/** What Shopify must show once pushed: Linnworks available less the buffer, at its Shopify SKU. */
function expectedLevels(locations = LOCATIONS): Record<string, number> {
	const expected = shopifyLevels();
	for (const row of linnworks().state.snapshot().stock) {
		if (!row.location || !locations.includes(row.location)) continue;
		const key = `${SHOPIFY_SKUS[row.sku] ?? row.sku}@${row.location}`;
		if (key in expected) expected[key] = Math.max(0, row.available - BUFFER);
	}
	return expected;
}

interface SentQuantity {
	inventoryItemId: string;
	locationId: string;
	quantity: number;
	compareQuantity: number;
}

const writes = (calls: GraphqlCallRecord[] = shopify().graphqlCalls) =>
	calls.filter((call) => call.field === 'inventorySetQuantities');
const quantitiesOf = (call: GraphqlCallRecord) =>
	(call.variables.input as { quantities: SentQuantity[] }).quantities;
/** The quantities of every write Shopify executed (not throttled, no user error: applied). */
const applied = (calls?: GraphqlCallRecord[]) =>
	writes(calls)
		.filter((call) => call.outcome === 'ok' && !call.userErrors.length)
		.flatMap(quantitiesOf);

/** `SKU@Location` of a sent quantity, from the simulator's records. */
function keyOf(quantity: SentQuantity): string {
	const { state } = shopify();
	const itemId = Number(quantity.inventoryItemId.split('/').pop());
	const locationId = Number(quantity.locationId.split('/').pop());
	return `${state.variantByInventoryItem(itemId)!.sku}@${state.locations.get(locationId)!.name}`;
}

const summaryOf = (result: Awaited<ReturnType<typeof runScheduled>>) =>
	result.json('Push Summary')[0];

/** The template with one of Shopify Settings' object assignments changed as an agency would edit it. */
function withSetting(
	workflow: WorkflowJson,
	name: 'locations' | 'skus',
	change: (value: IDataObject) => void,
) {
	const settings = workflow.nodes.find((node) => node.name === 'Shopify Settings')!;
	const assignment = (
		settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
	).assignments.find((candidate) => candidate.name === name)!;
	const value = JSON.parse(assignment.value) as IDataObject;
	change(value);
	assignment.value = JSON.stringify(value);
	return workflow;
}
const withLocations = (workflow: WorkflowJson, change: (locations: IDataObject) => void) =>
	withSetting(workflow, 'locations', change);

/** `count` more SKUs in Linnworks (4, 3, 2 at the three locations) and in Shopify (0 each). */
function seedBulk(count: number) {
	const skus = Array.from({ length: count }, (_, index) => `BULK-${index}`);
	linnworks().state.seed({
		items: skus.map((SKU) => ({
			SKU,
			levels: { 'London Warehouse': 4, 'Oxford Street': 3, 'Manchester Arndale': 2 },
		})),
	});
	shopify().state.seed({
		products: skus.map((sku) => ({ title: sku, variants: [{ sku }] })),
		levels: Object.fromEntries(
			skus.map((sku) => [sku, Object.fromEntries(LOCATIONS.map((name) => [name, 0]))]),
		),
	});
}

/** The SKUs a read asked for (its `sku:"…" OR …` search), sorted. */
const skusOf = (call: GraphqlCallRecord) =>
	[...String(call.variables.skus ?? '').matchAll(/sku:"([^"]*)"/g)].map((match) => match[1]).sort();

/** The exception records of an alert. */
const exceptionsOf = (alert: IDataObject) => alert.exceptions as IDataObject[];

const itemOf = (sku: string) => shopify().state.variantBySku(sku)!.inventory_item_id;
const locationOf = (name: string) => shopify().state.locationByName(name)!.id;

describe('template: stock push Linnworks → Shopify', () => {
	it('the nightly run pushes every changed level less the buffer, at its Shopify SKU and location, and sends no unchanged one', async () => {
		// One level already right in Shopify, and a Linnworks SKU Shopify does not sell.
		shopify().state.setAvailable(itemOf('TEE-RED-M'), locationOf('London Warehouse'), 9);
		linnworks().state.seed({
			items: [{ SKU: 'LINNWORKS-ONLY-SCARF', levels: { 'London Warehouse': 7 } }],
		});
		const before = shopifyLevels();
		const workflow = fixture.workflow(TEMPLATE);
		const result = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(result.status).toBe('success');

		const expected = expectedLevels();
		expect(shopifyLevels()).toEqual(expected);
		expect(expected).toMatchObject({
			'TEE-RED-M@London Warehouse': 9,
			'TEE-RED-L@Oxford Street': 0, // Linnworks 1, less the buffer
			'HOODIE-GREY-L@London Warehouse': 12,
			'CAP-BLUE-OS@Oxford Street': 1, // Linnworks CAP-BLUE 2, sold as CAP-BLUE-OS
			'CAP-BLUE-OS@Manchester Arndale': 1,
			[`${SHOPIFY_ONLY_SKU}@London Warehouse`]: SHOPIFY_STOCK, // not in Linnworks: untouched
		});
		// Exactly the 11 levels that differed were sent, each compared with what Shopify had.
		const sent = applied();
		expect(sent.map(keyOf).sort()).toEqual(
			Object.keys(expected)
				.filter((key) => expected[key] !== before[key])
				.sort(),
		);
		expect(sent).toHaveLength(11);
		for (const quantity of sent) expect(quantity.compareQuantity).toBe(before[keyOf(quantity)]);
		expect(shopify().graphqlCalls.map((call) => [call.field, call.outcome])).toEqual([
			['inventoryItems', 'ok'],
			['inventorySetQuantities', 'ok'],
		]);
		expect(summaryOf(result)).toEqual({
			pushed: 11,
			unchanged: 1,
			notSoldInShopify: 1,
			notSoldExamples: ['LINNWORKS-ONLY-SCARF'],
			notPushedLocations: 0,
			locationsNotPushed: [],
			rereads: 0,
			throttled: 0,
			exceptions: [],
		});
		expect(fixture.alerts()).toEqual([]);

		// Run again: everything is equal now, so Shopify is read and nothing is written.
		const calls = shopify().graphqlCalls.length;
		const again = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(again.status).toBe('success');
		expect(
			shopify()
				.graphqlCalls.slice(calls)
				.map((call) => call.field),
		).toEqual(['inventoryItems']);
		expect(summaryOf(again)).toMatchObject({ pushed: 0, unchanged: 12 });
	});

	it('the 5-minute run pushes the one level that changed in Linnworks, less the buffer', async () => {
		const workflow = fixture.workflow(TEMPLATE);
		await runScheduled(fixture, workflow, 'Nightly Full Push');
		let check = await runPolled(fixture, workflow, 'Linnworks Stock Changes', {});
		expect(check.items).toHaveLength(0); // the first check records the snapshot

		const { state } = linnworks();
		state.setLevel(
			state.findItem('CAP-BLUE')!,
			state.findLocation('Oxford Street')!.StockLocationId,
			9,
		);
		const calls = shopify().graphqlCalls.length;
		check = await runPolled(fixture, workflow, 'Linnworks Stock Changes', check.staticData);
		expect(check.items.map((item) => item.json)).toEqual([
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 9, previousQuantity: 2 },
		]);
		expect(check.result?.status).toBe('success');
		expect(shopify().state.availableBySku('CAP-BLUE-OS', 'Oxford Street')).toBe(8);
		expect(shopifyLevels()).toEqual(expectedLevels());
		const sent = applied(shopify().graphqlCalls.slice(calls));
		expect(
			sent.map((quantity) => [keyOf(quantity), quantity.quantity, quantity.compareQuantity]),
		).toEqual([['CAP-BLUE-OS@Oxford Street', 8, 1]]);
		expect(summaryOf(check.result!)).toMatchObject({ pushed: 1, unchanged: 0, exceptions: [] });
	});

	it('does not push a Linnworks location that Shopify Settings → locations does not map', async () => {
		const workflow = withLocations(fixture.workflow(TEMPLATE), (locations) => {
			delete locations['Manchester Arndale'];
		});
		const result = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(result.status).toBe('success');
		const levels = shopifyLevels();
		expect(levels).toEqual(expectedLevels(['London Warehouse', 'Oxford Street']));
		for (const sku of ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE-OS', 'HOODIE-GREY-L'])
			expect(levels[`${sku}@Manchester Arndale`]).toBe(SHOPIFY_STOCK);
		const sent = applied();
		expect(sent).toHaveLength(8);
		expect(sent.map(keyOf).filter((key) => key.endsWith('@Manchester Arndale'))).toEqual([]);
		expect(summaryOf(result)).toMatchObject({
			pushed: 8,
			notPushedLocations: 4,
			locationsNotPushed: ['Manchester Arndale'],
			exceptions: [],
		});
		expect(fixture.alerts()).toEqual([]);
	});

	it('a small, spent bucket: the throttled read is sent again after the wait and every level lands', async () => {
		shopify().setBucketLimits({ maximumAvailable: 40 });
		shopify().setBucket(0);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.map((call) => [call.field, call.outcome])).toEqual([
			['inventoryItems', 'THROTTLED'],
			['inventoryItems', 'ok'],
			['inventorySetQuantities', 'ok'],
		]);
		expect(calls[1].variables).toEqual(calls[0].variables);
		expect(shopifyLevels()).toEqual(expectedLevels());
		expect(summaryOf(result)).toMatchObject({ pushed: 12, throttled: 1, exceptions: [] });
	});

	it('another app spends the bucket after the read: the throttled write is not counted, the same write is sent again and lands', async () => {
		shopify().afterNext('inventoryItems', () => shopify().setBucket(0));
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.map((call) => [call.field, call.outcome])).toEqual([
			['inventoryItems', 'ok'],
			['inventorySetQuantities', 'THROTTLED'],
			['inventorySetQuantities', 'ok'],
		]);
		expect(calls[2].variables).toEqual(calls[1].variables);
		expect(shopifyLevels()).toEqual(expectedLevels());
		// The throttled write did nothing and is not among the pushed levels.
		expect(summaryOf(result)).toMatchObject({ pushed: 12, throttled: 1 });
	});

	it('paces a push of several batches by the cost bucket so that nothing is throttled', async () => {
		// 150 more SKUs: two reads (124 SKUs cost 994 of the 1,000-point single-query max, then 30).
		seedBulk(150);
		// Shopify's standard 100 points a second, and the bucket left empty by the first read: every
		// later request has to wait for its points however fast this machine runs (the second read's
		// 242 points take 2.4 s to restore), and none may be throttled.
		shopify().setBucketLimits({ maximumAvailable: 1000, restoreRate: 100 });
		shopify().setBucket(1000);
		shopify().beforeNext('inventoryItems', () => shopify().setBucket(0));
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.filter((call) => call.outcome !== 'ok')).toEqual([]);
		const reads = calls.filter((call) => call.field === 'inventoryItems');
		expect(reads.map((call) => call.requestedCost)).toEqual([2 + 124 * 8, 2 + 30 * 8]);
		expect(writes().map((call) => quantitiesOf(call).length)).toEqual([250, 122, 90]);
		expect(result.ran('Wait For Bucket')).toBe(true);
		expect(shopifyLevels()).toEqual(expectedLevels());
		expect(summaryOf(result)).toMatchObject({ pushed: 462, throttled: 0, exceptions: [] });
	});

	it('one mapped location: a read takes at most 250 SKUs (Shopify refuses a larger page) and every level lands', async () => {
		seedBulk(300);
		const workflow = withSetting(fixture.workflow(TEMPLATE), 'locations', (locations) => {
			delete locations['Oxford Street'];
			delete locations['Manchester Arndale'];
		});
		const result = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.filter((call) => call.outcome !== 'ok')).toEqual([]);
		// 304 SKUs at one location: 249 (2 + 249 × 4 = 998 points), then 55.
		const reads = calls.filter((call) => call.field === 'inventoryItems');
		expect(reads.map((call) => call.requestedCost)).toEqual([2 + 249 * 4, 2 + 55 * 4]);
		expect(shopifyLevels()).toEqual(expectedLevels(['London Warehouse']));
		expect(summaryOf(result)).toMatchObject({
			pushed: 304,
			notPushedLocations: 608,
			exceptions: [],
		});
		expect(fixture.alerts()).toEqual([]);
	});

	it('a bucket kept spent by another user of the same app: after 10 throttled answers the batch goes to the alert, saying what to do', async () => {
		shopify().setBucketLimits({ restoreRate: 1000 }); // short waits
		shopify().holdBucket(0);
		const before = shopifyLevels();
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.map((call) => [call.field, call.outcome])).toEqual(
			Array.from({ length: 10 }, () => ['inventoryItems', 'THROTTLED']),
		);
		for (const call of calls) expect(call.variables).toEqual(calls[0].variables);
		expect(shopifyLevels()).toEqual(before);
		expect(summaryOf(result)).toMatchObject({ pushed: 0, throttled: 10 });
		const alerts = fixture.alerts();
		expect(alerts).toHaveLength(1);
		expect(alerts[0].exceptions).toEqual([
			expect.objectContaining({
				reason: expect.stringMatching(
					/^Shopify throttled the read of 4 SKU\(s\) 10 times in a row: the cost bucket stayed spent \(\d+ of 2000 points, 1000 restored a second; the request costs 34\)$/,
				),
				howToFix: expect.stringContaining(
					'another workflow or integration using the same Shopify app',
				),
				record: {
					levels: expect.arrayContaining(['CAP-BLUE@Oxford Street', 'TEE-RED-M@London Warehouse']),
				},
			}),
		]);
	});

	it('a SKU on two Shopify inventory items is not pushed and goes to the alert, naming it; the cut-off page is read on, not counted as not sold', async () => {
		// A second variant with TEE-RED-L, after the others: the first page (4 items for 4 SKUs) cuts it off.
		const duplicate = shopify().state.addProduct({
			title: 'Tee (old listing)',
			variants: [{ sku: 'TEE-RED-L' }],
		}).variants[0];
		for (const name of LOCATIONS)
			shopify().state.setAvailable(duplicate.inventory_item_id, locationOf(name), SHOPIFY_STOCK);
		const original = itemOf('TEE-RED-L');
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.map((call) => [call.field, call.outcome])).toEqual([
			['inventoryItems', 'ok'],
			['inventoryItems', 'ok'],
			['inventorySetQuantities', 'ok'],
		]);
		expect(calls[0].variables.after).toBeNull();
		expect(calls[1].variables).toEqual({ ...calls[0].variables, after: expect.any(String) });
		// Neither TEE-RED-L variant was written; everything else landed.
		const sent = applied().map(keyOf);
		expect(sent.filter((key) => key.startsWith('TEE-RED-L@'))).toEqual([]);
		expect(sent).toHaveLength(9);
		for (const name of LOCATIONS) {
			expect(shopify().state.available(original, locationOf(name))).toBe(SHOPIFY_STOCK);
			expect(shopify().state.available(duplicate.inventory_item_id, locationOf(name))).toBe(
				SHOPIFY_STOCK,
			);
		}
		expect(summaryOf(result)).toMatchObject({ pushed: 9, notSoldInShopify: 0 });
		const alerts = fixture.alerts();
		expect(alerts).toHaveLength(1);
		expect(alerts[0].exceptions).toEqual([
			expect.objectContaining({
				reason: `Shopify SKU TEE-RED-L is on 2 inventory items (gid://shopify/InventoryItem/${original}, gid://shopify/InventoryItem/${duplicate.inventory_item_id}): its stock was not pushed`,
				howToFix: expect.stringContaining('Give each variant its own SKU'),
				record: expect.objectContaining({ shopifySku: 'TEE-RED-L' }),
			}),
		]);
	});

	it('reads at most 5 pages for a batch, then reads the SKUs not proven unique again on their own: a duplicate beyond page 5 is found and neither variant is pushed', async () => {
		// 22 more TEE-RED-M variants, then a SKU Shopify has late and a second TEE-RED-L after it: 5
		// SKUs, so 5 pages of 5 hold 25 of the 28 matching items (TEE-RED-M 22 of its 23, TEE-RED-L
		// one of its two, LATE-SKU none). A SKU seen once there may still be on an item beyond page 5.
		for (let index = 0; index < 22; index++)
			shopify().state.addProduct({ title: `Tee copy ${index}`, variants: [{ sku: 'TEE-RED-M' }] });
		shopify().state.seed({
			products: [{ title: 'Late', variants: [{ sku: 'LATE-SKU' }] }],
			levels: { 'LATE-SKU': Object.fromEntries(LOCATIONS.map((name) => [name, 0])) },
		});
		const late = shopify().state.addProduct({
			title: 'Tee (old listing)',
			variants: [{ sku: 'TEE-RED-L' }],
		}).variants[0];
		for (const name of LOCATIONS)
			shopify().state.setAvailable(late.inventory_item_id, locationOf(name), SHOPIFY_STOCK);
		linnworks().state.seed({ items: [{ SKU: 'LATE-SKU', levels: { 'London Warehouse': 7 } }] });
		const before = shopifyLevels();
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		const reads = calls.filter((call) => call.field === 'inventoryItems');
		// 5 pages of the batch, then the 4 SKUs seen fewer than twice, alone (2 pages of 4: 5 items).
		expect(calls.map((call) => call.field)).toEqual([
			...Array.from({ length: 7 }, () => 'inventoryItems'),
			'inventorySetQuantities',
		]);
		expect(skusOf(reads[0])).toEqual([
			'CAP-BLUE-OS',
			'HOODIE-GREY-L',
			'LATE-SKU',
			'TEE-RED-L',
			'TEE-RED-M',
		]);
		expect(reads[5].variables.after).toBeNull();
		expect(skusOf(reads[5])).toEqual(['CAP-BLUE-OS', 'HOODIE-GREY-L', 'LATE-SKU', 'TEE-RED-L']);
		// Neither TEE-RED-L variant was written; LATE-SKU, read the second time, was.
		const sent = applied().map(keyOf);
		expect(
			sent.filter((key) => key.startsWith('TEE-RED-L@') || key.startsWith('TEE-RED-M@')),
		).toEqual([]);
		for (const name of LOCATIONS) {
			expect(shopify().state.available(itemOf('TEE-RED-L'), locationOf(name))).toBe(SHOPIFY_STOCK);
			expect(shopify().state.available(late.inventory_item_id, locationOf(name))).toBe(
				SHOPIFY_STOCK,
			);
		}
		expect(shopify().state.availableBySku('LATE-SKU', 'London Warehouse')).toBe(6);
		expect(shopifyLevels()).toEqual({
			...expectedLevels(),
			...Object.fromEntries(
				Object.keys(before)
					.filter((key) => key.startsWith('TEE-RED-'))
					.map((key) => [key, before[key]]),
			),
		});
		expect(summaryOf(result)).toMatchObject({ notSoldInShopify: 0, pushed: 7 });
		const reasons = exceptionsOf(fixture.alerts()[0]).map((exception) => exception.reason);
		expect(reasons.sort()).toEqual([
			`Shopify SKU TEE-RED-L is on 2 inventory items (gid://shopify/InventoryItem/${itemOf('TEE-RED-L')}, gid://shopify/InventoryItem/${late.inventory_item_id}): its stock was not pushed`,
			expect.stringMatching(/^Shopify SKU TEE-RED-M is on 22 or more inventory items /),
		]);
	});

	it('a SKU still not proven unique when read again on its own is not pushed: it goes to the alert, never written', async () => {
		// As above, but LATE-SKU is on 30 variants, so the second read (5 pages of 4 for TEE-RED-L,
		// CAP-BLUE-OS, HOODIE-GREY-L and LATE-SKU) is cut off too, before TEE-RED-L's second variant.
		for (let index = 0; index < 22; index++)
			shopify().state.addProduct({ title: `Tee copy ${index}`, variants: [{ sku: 'TEE-RED-M' }] });
		for (let index = 0; index < 30; index++)
			shopify().state.addProduct({ title: `Late ${index}`, variants: [{ sku: 'LATE-SKU' }] });
		shopify().state.addProduct({ title: 'Tee (old listing)', variants: [{ sku: 'TEE-RED-L' }] });
		linnworks().state.seed({ items: [{ SKU: 'LATE-SKU', levels: { 'London Warehouse': 7 } }] });
		const before = shopifyLevels();
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		expect(shopify().graphqlCalls.map((call) => call.field)).toEqual(
			Array.from({ length: 10 }, () => 'inventoryItems'),
		);
		expect(shopifyLevels()).toEqual(before);
		expect(summaryOf(result)).toMatchObject({ pushed: 0, notSoldInShopify: 0 });
		const exceptions = exceptionsOf(fixture.alerts()[0]);
		const bySku = Object.fromEntries(
			exceptions.map((exception) => [(exception.record as IDataObject).shopifySku, exception]),
		);
		expect(Object.keys(bySku).sort()).toEqual([
			'CAP-BLUE-OS',
			'HOODIE-GREY-L',
			'LATE-SKU',
			'TEE-RED-L',
			'TEE-RED-M',
		]);
		for (const sku of ['CAP-BLUE-OS', 'HOODIE-GREY-L', 'TEE-RED-L'])
			expect(bySku[sku]).toMatchObject({
				reason: `Shopify SKU ${sku} was not pushed: it was read on one inventory item (gid://shopify/InventoryItem/${itemOf(sku)}), but more inventory items matched its reads than 5 pages hold, even read again, so it may be on more`,
				howToFix: expect.stringContaining('a SKU on two variants is pushed to neither'),
			});
		expect(bySku['LATE-SKU'].reason).toMatch(
			/^Shopify SKU LATE-SKU is on 17 or more inventory items /,
		);
		expect(bySku['TEE-RED-M'].reason).toMatch(
			/^Shopify SKU TEE-RED-M is on 22 or more inventory items /,
		);
		// Every level is in exactly one exception.
		const levels = exceptions.flatMap(
			(exception) => (exception.record as IDataObject).levels as string[],
		);
		expect(new Set(levels).size).toBe(levels.length);
		expect(levels).toHaveLength(15);
	});

	it('Shopify prices reads above the ASSUMED cost model: the refused read is halved to what the answered cost allows, later batches are sized by it, and every level lands', async () => {
		seedBulk(150); // 154 SKUs: batches of 124 and 30
		shopify().setCostMultiplier(2);
		shopify().setBucketLimits({ maximumAvailable: 20000, restoreRate: 1000 });
		shopify().setBucket(20000);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const reads = shopify().graphqlCalls.filter((call) => call.field === 'inventoryItems');
		// 124 SKUs cost 2 × 994: refused; 62 SKUs (2 × 498 = 996) fit, so the batch is read in two,
		// and the second batch's 30 SKUs are read at once (2 × 242).
		expect(reads.map((call) => [call.requestedCost, call.outcome])).toEqual([
			[1988, 'MAX_COST_EXCEEDED'],
			[996, 'ok'],
			[996, 'ok'],
			[484, 'ok'],
		]);
		expect(skusOf(reads[1]).concat(skusOf(reads[2])).sort()).toEqual(skusOf(reads[0]));
		expect(shopify().graphqlCalls.filter((call) => call.outcome !== 'ok')).toHaveLength(1);
		expect(shopifyLevels()).toEqual(expectedLevels());
		expect(summaryOf(result)).toMatchObject({ pushed: 462, exceptions: [] });
		expect(fixture.alerts()).toEqual([]);
	});

	it('a read over the page size Shopify allows (MAX_PAGE_SIZE_EXCEEDED) is halved and read again, and every level lands', async () => {
		seedBulk(300);
		const workflow = withSetting(fixture.workflow(TEMPLATE), 'locations', (locations) => {
			delete locations['Oxford Street'];
			delete locations['Manchester Arndale'];
		});
		// As if the template's batch were sized for a larger page than Shopify's 250.
		workflow.nodes.find((node) => node.name === 'Loop Over Items')!.parameters.batchSize = 300;
		const result = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(result.status).toBe('success');
		const reads = shopify().graphqlCalls.filter((call) => call.field === 'inventoryItems');
		expect(reads.map((call) => [skusOf(call).length, call.outcome])).toEqual([
			[300, 'MAX_PAGE_SIZE_EXCEEDED'],
			[150, 'ok'],
			[150, 'ok'],
			[4, 'ok'],
		]);
		expect(shopifyLevels()).toEqual(expectedLevels(['London Warehouse']));
		expect(summaryOf(result)).toMatchObject({ pushed: 304, exceptions: [] });
	});

	it('a read Shopify refuses as too costly even for one SKU: a bounded number of smaller reads, then the batch goes to the alert', async () => {
		shopify().setCostMultiplier(1000);
		const before = shopifyLevels();
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		expect(
			shopify().graphqlCalls.map((call) => [call.field, skusOf(call).length, call.outcome]),
		).toEqual([
			['inventoryItems', 4, 'MAX_COST_EXCEEDED'],
			['inventoryItems', 2, 'MAX_COST_EXCEEDED'],
			['inventoryItems', 1, 'MAX_COST_EXCEEDED'],
		]);
		expect(shopifyLevels()).toEqual(before);
		const [exception] = exceptionsOf(fixture.alerts()[0]);
		expect(exception).toMatchObject({
			reason:
				'Shopify refused the read of 1 SKU(s): MAX_COST_EXCEEDED: Query cost is 10000, which exceeds the single query max cost limit (1000).',
			howToFix: expect.stringContaining('ASSUMED cost model'),
		});
		expect((exception.record as IDataObject).levels).toHaveLength(12);
	});

	it.each([
		['fails with HTTP 503', /^Shopify read failed: HTTP 503 Injected failure \(503\)$/],
		[
			'is throttled 10 times',
			/^Shopify throttled the read of 104 SKU\(s\) 10 times in a row: the cost bucket stayed spent /,
		],
		[
			'is refused as too costly',
			/^Shopify refused the read of 1 SKU\(s\): MAX_COST_EXCEEDED: Query cost is 10000, /,
		],
	])(
		'a re-read that %s after part of the batch was written or refused lists only the levels not yet pushed or reported',
		async (mode, reason) => {
			seedBulk(100); // 104 SKUs × 3 = 312 levels in one batch: writes of 250 and the rest
			shopify().setBucketLimits({ restoreRate: 100000 }); // short waits for the throttled mode
			const manchester = locationOf('Manchester Arndale');
			// Write 1 lands; CAP-BLUE-OS is unstocked at Manchester meanwhile, so write 2 is refused for
			// it (reported) and sent again without it; before that a sale makes it stale, and the
			// batch's re-read fails.
			shopify().beforeNext('inventorySetQuantities', () =>
				shopify().state.levels.delete(`${itemOf('CAP-BLUE-OS')}:${manchester}`),
			);
			shopify().beforeNext('inventorySetQuantities', () => {});
			let third: SentQuantity[] = [];
			shopify().beforeNext('inventorySetQuantities', ({ variables }) => {
				third = (variables.input as { quantities: SentQuantity[] }).quantities;
				const [first] = third;
				const itemId = Number(first.inventoryItemId.split('/').pop());
				const locationId = Number(first.locationId.split('/').pop());
				shopify().state.setAvailable(itemId, locationId, first.compareQuantity + 1);
				if (mode === 'fails with HTTP 503')
					shopify().setFaults({
						failNext: [{ operation: 'graphql:inventoryItems', status: 503, count: 3 }],
					});
				else if (mode === 'is throttled 10 times') shopify().holdBucket(0);
				else shopify().setCostMultiplier(1000);
			});
			const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
			expect(result.status).toBe('success');
			expect(writes().map((call) => [quantitiesOf(call).length, call.userErrors])).toEqual([
				[250, []],
				[62, ['ITEM_NOT_STOCKED_AT_LOCATION']],
				[61, ['COMPARE_QUANTITY_STALE']],
			]);
			const linnworksKey = (quantity: SentQuantity) =>
				keyOf(quantity).replace(/^CAP-BLUE-OS@/, 'CAP-BLUE@');
			const [alert] = fixture.alerts();
			const exceptions = exceptionsOf(alert);
			expect(exceptions.map((exception) => exception.reason)).toEqual([
				'Shopify refused the stock of CAP-BLUE-OS at Manchester Arndale (gid://shopify/Location/1003): ITEM_NOT_STOCKED_AT_LOCATION: The specified inventory item is not stocked at the location.',
				expect.stringMatching(reason),
			]);
			expect(String(alert.text)).not.toContain('[object Object]');
			// 'Nothing more of this batch was pushed': exactly the 61 levels of the write that went
			// stale, neither the 250 written nor the refused one (already in the first exception).
			const levels = (exceptions[1].record as IDataObject).levels as string[];
			expect(levels.sort()).toEqual(third.map(linnworksKey).sort());
			expect(levels).not.toContain('CAP-BLUE@Manchester Arndale');
			expect(summaryOf(result)).toMatchObject({ pushed: 250 });
		},
	);

	it('every level at an unmapped location: nothing is sent, and the summary still counts them', async () => {
		const workflow = withSetting(fixture.workflow(TEMPLATE), 'locations', (locations) => {
			for (const name of Object.keys(locations)) delete locations[name];
		});
		const result = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(result.status).toBe('success');
		expect(shopify().graphqlCalls).toEqual([]);
		expect(summaryOf(result)).toEqual({
			pushed: 0,
			unchanged: 0,
			notSoldInShopify: 0,
			notSoldExamples: [],
			notPushedLocations: 12,
			locationsNotPushed: LOCATIONS,
			rereads: 0,
			throttled: 0,
			exceptions: [],
		});
	});

	it('two Linnworks SKUs mapped to one Shopify SKU: the first is pushed, the second goes to the alert, and no write holds a level twice', async () => {
		const workflow = withSetting(fixture.workflow(TEMPLATE), 'skus', (skus) => {
			skus['TEE-RED-M'] = 'CAP-BLUE-OS';
		});
		const result = await runScheduled(fixture, workflow, 'Nightly Full Push');
		expect(result.status).toBe('success');
		for (const call of writes()) {
			const pairs = quantitiesOf(call).map((q) => `${q.inventoryItemId}@${q.locationId}`);
			expect(new Set(pairs).size).toBe(pairs.length);
		}
		const exceptions = exceptionsOf(fixture.alerts()[0]);
		expect(exceptions).toHaveLength(3);
		const stock = linnworks().state.snapshot().stock;
		for (const name of LOCATIONS) {
			const exception = exceptions.find(
				(candidate) => (candidate.record as IDataObject).location === name,
			)!;
			const record = exception.record as IDataObject;
			const pushed = String(record.pushedInstead).split('@')[0];
			expect([record.sku, pushed].sort()).toEqual(['CAP-BLUE', 'TEE-RED-M']);
			expect(exception.reason).toBe(
				`Linnworks ${record.sku} at ${name} and ${pushed} at ${name} both go to Shopify SKU CAP-BLUE-OS at gid://shopify/Location/${locationOf(name)}: only ${pushed} at ${name} is pushed there`,
			);
			const linnworksLevel = stock.find((row) => row.sku === pushed && row.location === name)!;
			expect(shopify().state.availableBySku('CAP-BLUE-OS', name)).toBe(
				Math.max(0, linnworksLevel.available - BUFFER),
			);
			// TEE-RED-M is sold as CAP-BLUE-OS now: its own variant is not pushed.
			expect(shopify().state.availableBySku('TEE-RED-M', name)).toBe(SHOPIFY_STOCK);
		}
	});

	it('a sale in Shopify between the read and the write: the stale write is refused, the batch is read again and the correct level lands', async () => {
		const oxford = locationOf('Oxford Street');
		const tee = itemOf('TEE-RED-L');
		shopify().beforeNext('inventorySetQuantities', () =>
			shopify().state.setAvailable(tee, oxford, shopify().state.available(tee, oxford)! - 1),
		);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.map((call) => [call.field, call.outcome, call.userErrors])).toEqual([
			['inventoryItems', 'ok', []],
			['inventorySetQuantities', 'ok', ['COMPARE_QUANTITY_STALE']],
			['inventoryItems', 'ok', []],
			['inventorySetQuantities', 'ok', []],
		]);
		const stale = quantitiesOf(calls[1]).find(
			(quantity) => keyOf(quantity) === 'TEE-RED-L@Oxford Street',
		);
		const fresh = quantitiesOf(calls[3]).find(
			(quantity) => keyOf(quantity) === 'TEE-RED-L@Oxford Street',
		);
		expect(stale).toMatchObject({ quantity: 0, compareQuantity: SHOPIFY_STOCK });
		expect(fresh).toMatchObject({ quantity: 0, compareQuantity: SHOPIFY_STOCK - 1 });
		expect(shopifyLevels()).toEqual(expectedLevels());
		expect(summaryOf(result)).toMatchObject({ pushed: 12, rereads: 1, exceptions: [] });
		expect(fixture.alerts()).toEqual([]);
	});

	it('a level Shopify refuses goes to the exception alert naming the SKU and location; the others land', async () => {
		const manchester = locationOf('Manchester Arndale');
		// Not stocked at Oxford Street when read, and unstocked at Manchester between read and write.
		shopify().state.levels.delete(`${itemOf('TEE-RED-M')}:${locationOf('Oxford Street')}`);
		shopify().beforeNext('inventorySetQuantities', () =>
			shopify().state.levels.delete(`${itemOf('CAP-BLUE-OS')}:${manchester}`),
		);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		expect(shopify().graphqlCalls.map((call) => [call.field, call.userErrors])).toEqual([
			['inventoryItems', []],
			['inventorySetQuantities', ['ITEM_NOT_STOCKED_AT_LOCATION']],
			['inventorySetQuantities', []],
		]);
		// Everything else landed (the refused write sets nothing; it was sent again without the level).
		const expected = expectedLevels();
		delete expected['CAP-BLUE-OS@Manchester Arndale'];
		expect(shopifyLevels()).toEqual(expected);
		expect(summaryOf(result)).toMatchObject({ pushed: 10 });

		const alerts = fixture.alerts();
		expect(alerts).toHaveLength(1);
		expect(alerts[0].flow).toBe('shopify-stock-push');
		expect(alerts[0].workflow).toBe(WORKFLOW_NAME);
		expect(alerts[0].exceptions).toEqual([
			expect.objectContaining({
				workflow: WORKFLOW_NAME,
				flow: 'shopify-stock-push',
				reference: 'TEE-RED-M @ Oxford Street',
				reason: 'Shopify does not stock TEE-RED-M at Oxford Street (gid://shopify/Location/1002)',
				record: {
					sku: 'TEE-RED-M',
					location: 'Oxford Street',
					shopifySku: 'TEE-RED-M',
					shopifyLocation: 'gid://shopify/Location/1002',
					quantity: 0,
				},
			}),
			expect.objectContaining({
				workflow: WORKFLOW_NAME,
				flow: 'shopify-stock-push',
				reference: 'CAP-BLUE @ Manchester Arndale',
				reason:
					'Shopify refused the stock of CAP-BLUE-OS at Manchester Arndale (gid://shopify/Location/1003): ITEM_NOT_STOCKED_AT_LOCATION: The specified inventory item is not stocked at the location.',
				howToFix: expect.stringContaining('Check the variant and the location in Shopify'),
				record: {
					sku: 'CAP-BLUE',
					location: 'Manchester Arndale',
					shopifySku: 'CAP-BLUE-OS',
					shopifyLocation: 'gid://shopify/Location/1003',
					quantity: 1,
					shopifyQuantity: SHOPIFY_STOCK,
				},
			}),
		]);
		expect(alerts[0].text).toBe(
			`2 new exception(s) in ${WORKFLOW_NAME}: ` +
				'Shopify does not stock TEE-RED-M at Oxford Street (gid://shopify/Location/1002); ' +
				'Shopify refused the stock of CAP-BLUE-OS at Manchester Arndale (gid://shopify/Location/1003): ITEM_NOT_STOCKED_AT_LOCATION: The specified inventory item is not stocked at the location.',
		);
		// One open row per refused level in the exception queue.
		expect(
			queueRows(fixture).map(({ reference, attempts, status }) => [reference, attempts, status]),
		).toEqual([
			['TEE-RED-M @ Oxford Street', 1, 'open'],
			['CAP-BLUE @ Manchester Arndale', 1, 'open'],
		]);
	});

	it('a level refused in one write is not planned again when a later write of the batch is stale: one exception, the rest lands', async () => {
		const manchester = locationOf('Manchester Arndale');
		const oxford = locationOf('Oxford Street');
		const tee = itemOf('TEE-RED-L');
		// First write: CAP-BLUE-OS is unstocked at Manchester meanwhile (refused); the rest is sent
		// again, and before that a sale makes it stale, so the batch is read again.
		shopify().beforeNext('inventorySetQuantities', () =>
			shopify().state.levels.delete(`${itemOf('CAP-BLUE-OS')}:${manchester}`),
		);
		shopify().beforeNext('inventorySetQuantities', () =>
			shopify().state.setAvailable(tee, oxford, shopify().state.available(tee, oxford)! - 1),
		);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const calls = shopify().graphqlCalls;
		expect(calls.map((call) => [call.field, call.userErrors])).toEqual([
			['inventoryItems', []],
			['inventorySetQuantities', ['ITEM_NOT_STOCKED_AT_LOCATION']],
			['inventorySetQuantities', ['COMPARE_QUANTITY_STALE']],
			['inventoryItems', []],
			['inventorySetQuantities', []],
		]);
		expect(quantitiesOf(calls[4]).map(keyOf)).not.toContain('CAP-BLUE-OS@Manchester Arndale');
		const expected = expectedLevels();
		delete expected['CAP-BLUE-OS@Manchester Arndale'];
		expect(shopifyLevels()).toEqual(expected);
		expect(summaryOf(result)).toMatchObject({ pushed: 11, rereads: 1 });
		const alerts = fixture.alerts();
		expect(alerts).toHaveLength(1);
		expect(exceptionsOf(alerts[0]).map((exception) => exception.reason)).toEqual([
			'Shopify refused the stock of CAP-BLUE-OS at Manchester Arndale (gid://shopify/Location/1003): ITEM_NOT_STOCKED_AT_LOCATION: The specified inventory item is not stocked at the location.',
		]);
	});
});
