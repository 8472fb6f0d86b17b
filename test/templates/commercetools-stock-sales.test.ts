import type { IDataObject } from 'n8n-workflow';

import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import {
	CLIENT_CATALOGUE,
	COMMERCETOOLS_STORE_STOCK,
	queueRows,
	runPolled,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';

const TEMPLATE = 'stock-sales-cloudshelf-to-commercetools';
const WORKFLOW_NAME = 'Store sales: Cloudshelf → commercetools inventory (Test Retailer)';
const TRIGGER = 'Store Sales';
const CATCH_UP = 'Every Hour: Catch Up';
const ADJUST = 'Adjust commercetools Inventory';
const STORE_CHANNELS = ['oxford-street', 'manchester-arndale'];
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** An in-store kiosk sale (the fulfilment method the template is set to treat as in-store). */
function storeSale(overrides: Partial<SeedOrder> = {}): SeedOrder {
	return {
		location: 'Oxford Street',
		status: 'PAID',
		fulfilmentMethod: 'in_store',
		lines: [
			{ variant: 'TEE-RED-M', quantity: 2, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
		],
		...overrides,
	};
}

/** commercetools inventory (quantity on stock) of every SKU in the stores' supply channels, as `sku@channel`. */
function storeInventory(): Record<string, number> {
	const { state } = fixture.sandboxes.commercetools;
	const stock: Record<string, number> = {};
	for (const channel of STORE_CHANNELS)
		for (const sku of CLIENT_CATALOGUE)
			stock[`${sku}@${channel}`] = state.inventory(sku, channel)!.quantityOnStock;
	return stock;
}

function expectedInventory(changes: Record<string, number>): Record<string, number> {
	const stock: Record<string, number> = {};
	for (const channel of STORE_CHANNELS)
		for (const sku of CLIENT_CATALOGUE)
			stock[`${sku}@${channel}`] = COMMERCETOOLS_STORE_STOCK + (changes[`${sku}@${channel}`] ?? 0);
	return stock;
}

/** The warehouse's inventory, which store sales never touch. */
const warehouseInventory = () =>
	CLIENT_CATALOGUE.map(
		(sku) =>
			fixture.sandboxes.commercetools.state.inventory(sku, 'london-warehouse')!.quantityOnStock,
	);

/** Inventory writes that reached commercetools (any status). */
const inventoryWrites = () => fixture.sandboxes.commercetools.callsTo('inventory/update');

const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

/** The trigger's first check starts from activation: it emits nothing and sets the cursor. */
async function activated() {
	const workflow = fixture.workflow(TEMPLATE);
	const first = await runPolled(fixture, workflow, TRIGGER, {});
	expect(first.items).toEqual([]);
	return { workflow, staticData: first.staticData };
}

describe('template: store sales Cloudshelf → commercetools inventory', () => {
	it("takes each paid in-store sale out of its store's supply channel, once; a replayed run applies nothing", async () => {
		const { workflow, staticData } = await activated();
		const { state } = fixture.sandboxes.cloudshelf;
		const warehouse = warehouseInventory();
		const oxford = state.seedOrder(storeSale());
		const manchester = state.seedOrder(
			storeSale({
				location: 'Manchester Arndale',
				lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
			}),
		);
		state.seedOrder(storeSale({ fulfilmentMethod: 'delivery' })); // endless aisle: order injection's
		state.seedOrder(storeSale({ status: 'PLACED' })); // not paid yet

		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		expect(check.items).toHaveLength(3); // the delivery order is emitted, then filtered out
		const sold = {
			'TEE-RED-M@oxford-street': -2,
			'CAP-BLUE@oxford-street': -1,
			'HOODIE-GREY-L@manchester-arndale': -1,
		};
		expect(storeInventory()).toEqual(expectedInventory(sold));
		expect(warehouseInventory()).toEqual(warehouse);
		expect(
			check
				.result!.json(ADJUST)
				.map((item) => [item.changeKey, item.sku, item.alreadyApplied])
				.sort(),
		).toEqual(
			[
				[`${oxford.id}:sale`, 'TEE-RED-M', false],
				[`${oxford.id}:sale`, 'CAP-BLUE', false],
				[`${manchester.id}:sale`, 'HOODIE-GREY-L', false],
			].sort(),
		);
		expect(fixture.alerts()).toEqual([]);

		// Replaying the execution (a crashed run re-emitted, or n8n's retry) writes nothing.
		const writes = inventoryWrites().length;
		const replay = await fixture.runner.run(workflow, {
			startNode: TRIGGER,
			startItems: check.items,
			mode: 'trigger',
		});
		expect(replay.status).toBe('success');
		expect(
			replay
				.json(ADJUST)
				.map((item) => [item.sku, item.alreadyApplied])
				.sort(),
		).toEqual([
			['CAP-BLUE', true],
			['HOODIE-GREY-L', true],
			['TEE-RED-M', true],
		]);
		expect(inventoryWrites()).toHaveLength(writes);
		expect(storeInventory()).toEqual(expectedInventory(sold));

		// The next check emits nothing new; the hourly catch-up finds every sale applied.
		const next = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(next.items).toEqual([]);
		const catchUp = await runScheduled(fixture, workflow, CATCH_UP);
		expect(catchUp.status).toBe('success');
		expect(catchUp.json(ADJUST).every((item) => item.alreadyApplied === true)).toBe(true);
		expect(inventoryWrites()).toHaveLength(writes);
		expect(storeInventory()).toEqual(expectedInventory(sold));
	});

	it('applies a sale whose answer was lost exactly once when the run is repeated, and once after a 409 conflict', async () => {
		const { workflow, staticData } = await activated();
		const { cloudshelf, commercetools } = fixture.sandboxes;
		const sale = cloudshelf.state.seedOrder(
			storeSale({ lines: [{ variant: 'TEE-RED-L', quantity: 3, price: 19.99 }] }),
		);
		// commercetools applies the write but the answer never arrives (a timeout after sending).
		commercetools.setFaults({ loseAnswerNext: [{ operation: 'inventory/update', count: 1 }] });
		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		expect(storeInventory()).toEqual(expectedInventory({ 'TEE-RED-L@oxford-street': -3 }));

		// The whole execution again (the operator re-runs it): still taken once.
		const again = await fixture.runner.run(workflow, {
			startNode: TRIGGER,
			startItems: check.items,
			mode: 'trigger',
		});
		expect(again.status).toBe('success');
		expect(again.json(ADJUST)).toEqual([
			expect.objectContaining({ changeKey: `${sale.id}:sale`, alreadyApplied: true }),
		]);
		expect(storeInventory()).toEqual(expectedInventory({ 'TEE-RED-L@oxford-street': -3 }));

		// A concurrent write (a web sale) wins the race for the entry: the version-guarded write is
		// refused with 409, the entry read again and the sale applied on top, once.
		const other = cloudshelf.state.seedOrder(
			storeSale({ lines: [{ variant: 'TEE-RED-L', quantity: 1, price: 19.99 }] }),
		);
		commercetools.setFaults({
			failNext: [{ operation: 'inventory/update', status: 409, count: 1 }],
		});
		const next = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(next.result?.status).toBe('success');
		expect(next.result!.json(ADJUST)).toEqual([
			expect.objectContaining({ changeKey: `${other.id}:sale`, alreadyApplied: false }),
		]);
		expect(storeInventory()).toEqual(expectedInventory({ 'TEE-RED-L@oxford-street': -3 - 1 }));
		expect(fixture.alerts()).toEqual([]);
	});

	it('puts a refunded sale back, and a refund seen without its sale nets to zero', async () => {
		const { workflow, staticData } = await activated();
		const { state } = fixture.sandboxes.cloudshelf;
		const sale = state.seedOrder(storeSale());
		let check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(storeInventory()).toEqual(
			expectedInventory({ 'TEE-RED-M@oxford-street': -2, 'CAP-BLUE@oxford-street': -1 }),
		);

		state.upsertOrder({ id: sale.id, status: 'REFUNDED' });
		const unseen = state.seedOrder(
			storeSale({
				status: 'REFUNDED',
				lines: [{ variant: 'TEE-RED-L', quantity: 3, price: 19.99 }],
			}),
		);
		check = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(check.result?.status).toBe('success');
		expect(
			check
				.result!.json(ADJUST)
				.map((item) => [item.changeKey, item.sku, item.quantity, item.alreadyApplied])
				.sort(),
		).toEqual(
			[
				[`${sale.id}:sale`, 'TEE-RED-M', -2, true],
				[`${sale.id}:sale`, 'CAP-BLUE', -1, true],
				[`${unseen.id}:sale`, 'TEE-RED-L', -3, false],
				[`${sale.id}:return`, 'TEE-RED-M', 2, false],
				[`${sale.id}:return`, 'CAP-BLUE', 1, false],
				[`${unseen.id}:return`, 'TEE-RED-L', 3, false],
			].sort(),
		);
		expect(storeInventory()).toEqual(expectedInventory({}));
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends a sale from a store without a supply channel row to exceptions, naming the store, and moves no inventory', async () => {
		const { workflow, staticData } = await activated();
		const { state } = fixture.sandboxes.cloudshelf;
		state.seed({
			locations: [
				{ id: 'gid://external/RetailSyncLocation/brighton', displayName: 'Brighton Pop-up' },
			],
		});
		const popUp = state.seedOrder(storeSale({ location: 'Brighton Pop-up' }));
		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		expect(storeInventory()).toEqual(expectedInventory({}));
		expect(inventoryWrites()).toHaveLength(0);
		const exceptions = alertsFlat();
		// One exception per line of the sale, each its own record (order reference · SKU).
		expect(exceptions.map((exception) => exception.reference)).toEqual([
			`${popUp.id}:sale · TEE-RED-M`,
			`${popUp.id}:sale · CAP-BLUE`,
		]);
		const reason = 'Location "Brighton Pop-up" has no row in the Location Mapping table';
		for (const exception of exceptions) {
			expect(exception).toMatchObject({
				workflow: WORKFLOW_NAME,
				flow: 'store-sales',
				reason,
				record: expect.objectContaining({
					location: 'Brighton Pop-up',
					changeKey: `${popUp.id}:sale`,
				}),
			});
		}
		expect(fixture.alerts()).toHaveLength(1);
		expect(fixture.alerts()[0].text).toBe(
			`2 new exception(s) in ${WORKFLOW_NAME}: ${reason}; ${reason}`,
		);
		expect(
			queueRows(fixture, WORKFLOW_NAME).map(({ reference, attempts, status }) => [
				reference,
				attempts,
				status,
			]),
		).toEqual([
			[`${popUp.id}:sale · TEE-RED-M`, 1, 'open'],
			[`${popUp.id}:sale · CAP-BLUE`, 1, 'open'],
		]);
	});
});
