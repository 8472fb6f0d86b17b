import type { IDataObject } from 'n8n-workflow';

import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import {
	CENTRA_STORE_STOCK,
	queueRows,
	runPolled,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';

const TEMPLATE = 'stock-sales-cloudshelf-to-centra';
const WORKFLOW_NAME = 'Store sales: Cloudshelf → Centra stock (Test Retailer)';
const TRIGGER = 'Store Sales';
const CATCH_UP = 'Every Hour: Catch Up';
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

/** Free-to-allocate stock of every SKU in the store warehouses, as `sku@warehouse`. */
function storeStock(): Record<string, number> {
	const { state } = fixture.sandboxes.centra;
	const stock: Record<string, number> = {};
	for (const warehouse of ['Oxford Street', 'Manchester Arndale'])
		for (const sku of ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE', 'HOODIE-GREY-L'])
			stock[`${sku}@${warehouse}`] = state.stockOf(warehouse, sku).freeToAllocate;
	return stock;
}

function expectedStock(changes: Record<string, number>): Record<string, number> {
	const stock: Record<string, number> = {};
	for (const warehouse of ['Oxford Street', 'Manchester Arndale'])
		for (const sku of ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE', 'HOODIE-GREY-L'])
			stock[`${sku}@${warehouse}`] = CENTRA_STORE_STOCK + (changes[`${sku}@${warehouse}`] ?? 0);
	return stock;
}

/**
 * The change keys written with Centra's stock changes (each change's description lists its keys as
 * `n8n-retail-sync:<key>` lines), sorted: a key applied twice would be listed twice.
 */
const appliedKeys = () =>
	fixture.sandboxes.centra.state.stockChanges
		.flatMap((change) => (change.description ?? '').split('\n'))
		.filter((line) => line.startsWith('n8n-retail-sync:'))
		.map((line) => line.slice('n8n-retail-sync:'.length))
		.sort();
const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

/** The trigger's first check starts from activation: it emits nothing and sets the cursor. */
async function activated() {
	const workflow = fixture.workflow(TEMPLATE);
	const first = await runPolled(fixture, workflow, TRIGGER, {});
	expect(first.items).toEqual([]);
	return { workflow, staticData: first.staticData };
}

describe('template: store sales Cloudshelf → Centra stock', () => {
	it("takes each paid in-store sale out of its store's Centra warehouse, once per sale; delivery orders are left to order injection", async () => {
		const { workflow, staticData } = await activated();
		const { state } = fixture.sandboxes.cloudshelf;
		const oxford = state.seedOrder(storeSale());
		const manchester = state.seedOrder(
			storeSale({
				location: 'Manchester Arndale',
				lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
			}),
		);
		state.seedOrder(storeSale({ fulfilmentMethod: 'delivery' })); // endless aisle
		state.seedOrder(storeSale({ status: 'PLACED' })); // not paid yet

		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		expect(check.items).toHaveLength(3); // the delivery order is emitted, then filtered out
		expect(storeStock()).toEqual(
			expectedStock({
				'TEE-RED-M@Oxford Street': -2,
				'CAP-BLUE@Oxford Street': -1,
				'HOODIE-GREY-L@Manchester Arndale': -1,
			}),
		);
		// Each sale applied once, under its change key.
		expect(appliedKeys()).toEqual([`${oxford.id}:sale`, `${manchester.id}:sale`].sort());
		expect(check.result!.json('Adjust Centra Stock').map((item) => item.applied)).toEqual([
			true,
			true,
			true,
		]);
		expect(fixture.alerts()).toEqual([]);

		// Replaying the execution (a crashed run re-emitted, or n8n's retry) changes nothing.
		const replay = await fixture.runner.run(workflow, {
			startNode: TRIGGER,
			startItems: check.items,
			mode: 'trigger',
		});
		expect(replay.status).toBe('success');
		expect(
			replay
				.json('Adjust Centra Stock')
				.map((item) => [item.sku, item.applied])
				.sort(),
		).toEqual([
			['CAP-BLUE', false],
			['HOODIE-GREY-L', false],
			['TEE-RED-M', false],
		]);
		expect(appliedKeys()).toEqual([`${oxford.id}:sale`, `${manchester.id}:sale`].sort());
		// The next check emits nothing new.
		const next = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(next.items).toEqual([]);
		expect(storeStock()).toEqual(
			expectedStock({
				'TEE-RED-M@Oxford Street': -2,
				'CAP-BLUE@Oxford Street': -1,
				'HOODIE-GREY-L@Manchester Arndale': -1,
			}),
		);
	});

	it('puts a refunded sale back, and a refund seen without its sale nets to zero', async () => {
		const { workflow, staticData } = await activated();
		const { state } = fixture.sandboxes.cloudshelf;
		const sale = state.seedOrder(storeSale());
		let check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(storeStock()).toEqual(
			expectedStock({ 'TEE-RED-M@Oxford Street': -2, 'CAP-BLUE@Oxford Street': -1 }),
		);

		// The sale is refunded; another sale is paid and refunded before any check saw it paid.
		state.upsertOrder({ id: sale.id, status: 'REFUNDED' });
		const unseen = state.seedOrder(
			storeSale({
				status: 'REFUNDED',
				lines: [{ variant: 'TEE-RED-L', quantity: 3, price: 19.99 }],
			}),
		);
		check = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(check.result?.status).toBe('success');
		// Sales go first, then returns (the orders in the order the trigger emits them).
		const adjusted = check.result!.json('Adjust Centra Stock');
		expect(adjusted.map((item) => String(item.changeKey).split(':').at(-1))).toEqual([
			'sale',
			'sale',
			'sale',
			'return',
			'return',
			'return',
		]);
		expect(
			adjusted.map((item) => [item.changeKey, item.sku, item.quantity, item.applied]).sort(),
		).toEqual(
			[
				[`${sale.id}:sale`, 'TEE-RED-M', -2, false],
				[`${sale.id}:sale`, 'CAP-BLUE', -1, false],
				[`${unseen.id}:sale`, 'TEE-RED-L', -3, true],
				[`${sale.id}:return`, 'TEE-RED-M', 2, true],
				[`${sale.id}:return`, 'CAP-BLUE', 1, true],
				[`${unseen.id}:return`, 'TEE-RED-L', 3, true],
			].sort(),
		);
		expect(storeStock()).toEqual(expectedStock({}));
		const keys = [
			`${sale.id}:sale`,
			`${sale.id}:return`,
			`${unseen.id}:sale`,
			`${unseen.id}:return`,
		].sort();
		expect(appliedKeys()).toEqual(keys);

		// Replayed: nothing moves.
		const replay = await fixture.runner.run(workflow, {
			startNode: TRIGGER,
			startItems: check.items,
			mode: 'trigger',
		});
		expect(replay.json('Adjust Centra Stock').every((item) => item.applied === false)).toBe(true);
		expect(storeStock()).toEqual(expectedStock({}));
		expect(appliedKeys()).toEqual(keys);
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends a sale from a store without a warehouse row to exceptions, with the reason, and moves no stock', async () => {
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
		expect(storeStock()).toEqual(expectedStock({}));
		expect(fixture.sandboxes.centra.state.stockChanges).toHaveLength(0);
		const exceptions = alertsFlat();
		// One exception per line of the sale, each its own record (order reference · SKU).
		expect(exceptions.map((exception) => exception.reference)).toEqual([
			`${popUp.id}:sale · TEE-RED-M`,
			`${popUp.id}:sale · CAP-BLUE`,
		]);
		const reason = 'Location "Brighton Pop-up" has no row in the Warehouse Mapping table';
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

	it('applies a sale whose stock change failed in the hourly catch-up, after the trigger moved on; applied sales cost one look-up and no stock change', async () => {
		const { workflow, staticData } = await activated();
		const { cloudshelf, centra } = fixture.sandboxes;
		const failing = cloudshelf.state.seedOrder(storeSale());
		// Centra fails the sale's stock change three times: Adjust gives up, the sale is alerted.
		centra.setFaults({ failNext: [{ operation: 'ChangeStock', status: 500, count: 3 }] });
		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		expect(storeStock()).toEqual(expectedStock({}));
		expect(alertsFlat().map((exception) => exception.record)).toEqual([
			expect.objectContaining({ changeKey: `${failing.id}:sale`, sku: 'TEE-RED-M' }),
			expect.objectContaining({ changeKey: `${failing.id}:sale`, sku: 'CAP-BLUE' }),
		]);
		// Two lines, two records: neither is folded into the other in the exception queue.
		expect(alertsFlat().map((exception) => exception.reference)).toEqual([
			`${failing.id}:sale · TEE-RED-M`,
			`${failing.id}:sale · CAP-BLUE`,
		]);
		// The trigger has moved on: its next check emits nothing, the sale is not retried there.
		const next = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(next.items).toEqual([]);
		const paid = cloudshelf.state.seedOrder(
			storeSale({ lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }] }),
		);
		await runPolled(fixture, workflow, TRIGGER, next.staticData);
		expect(appliedKeys()).toEqual([`${paid.id}:sale`]);

		// The hourly catch-up applies the failed sale, once, and leaves the applied one alone.
		const catchUp = await runScheduled(fixture, workflow, CATCH_UP);
		expect(catchUp.status).toBe('success');
		expect(
			catchUp
				.json('Adjust Centra Stock')
				.map((item) => [item.changeKey, item.sku, item.applied])
				.sort(),
		).toEqual(
			[
				[`${failing.id}:sale`, 'TEE-RED-M', true],
				[`${failing.id}:sale`, 'CAP-BLUE', true],
				[`${paid.id}:sale`, 'HOODIE-GREY-L', false],
			].sort(),
		);
		const sold = {
			'TEE-RED-M@Oxford Street': -2,
			'CAP-BLUE@Oxford Street': -1,
			'HOODIE-GREY-L@Oxford Street': -1,
		};
		expect(storeStock()).toEqual(expectedStock(sold));
		expect(appliedKeys()).toEqual([`${failing.id}:sale`, `${paid.id}:sale`].sort());
		// Applied at last: both lines' queue rows are resolved by the catch-up's execution.
		const applied = expect.stringMatching(
			/^Applied in execution test-\d+ \(Adjust Centra Stock\)$/,
		);
		expect(
			queueRows(fixture, WORKFLOW_NAME).map(({ reference, status, resolution }) => [
				reference,
				status,
				resolution,
			]),
		).toEqual([
			[`${failing.id}:sale · TEE-RED-M`, 'resolved', applied],
			[`${failing.id}:sale · CAP-BLUE`, 'resolved', applied],
		]);

		// Later catch-ups change nothing: one key look-up, no stock change.
		const calls = () => ({
			lookups: centra.callsTo('AppliedStockChanges').length,
			changes: centra.callsTo('ChangeStock').length,
		});
		const before = calls();
		const again = await runScheduled(fixture, workflow, CATCH_UP);
		expect(again.json('Adjust Centra Stock').every((item) => item.applied === false)).toBe(true);
		expect(calls()).toEqual({ lookups: before.lookups + 1, changes: before.changes });
		expect(storeStock()).toEqual(expectedStock(sold));
		expect(appliedKeys()).toEqual([`${failing.id}:sale`, `${paid.id}:sale`].sort());
	});

	it('sends a partially refunded sale to exceptions (Cloudshelf does not say which lines) and returns no stock; its sale is applied once', async () => {
		const { workflow, staticData } = await activated();
		const { state } = fixture.sandboxes.cloudshelf;
		const sale = state.seedOrder(storeSale());
		let check = await runPolled(fixture, workflow, TRIGGER, staticData);
		const sold = { 'TEE-RED-M@Oxford Street': -2, 'CAP-BLUE@Oxford Street': -1 };
		expect(storeStock()).toEqual(expectedStock(sold));

		// Partly refunded after it was seen; another one partly refunded before any check saw it paid.
		state.upsertOrder({ id: sale.id, status: 'PARTIALLY_REFUNDED' });
		const unseen = state.seedOrder(
			storeSale({
				status: 'PARTIALLY_REFUNDED',
				lines: [{ variant: 'TEE-RED-L', quantity: 3, price: 19.99 }],
			}),
		);
		check = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(check.result?.status).toBe('success');
		expect(storeStock()).toEqual(expectedStock({ ...sold, 'TEE-RED-L@Oxford Street': -3 }));
		expect(appliedKeys()).toEqual([`${sale.id}:sale`, `${unseen.id}:sale`].sort());
		const exceptions = alertsFlat();
		expect(
			exceptions.map((exception) => (exception.record as IDataObject).reference).sort(),
		).toEqual([sale.id, unseen.id].sort());
		for (const exception of exceptions) {
			expect(exception).toMatchObject({
				flow: 'store-sales',
				reason: expect.stringContaining(
					'partial refund: Cloudshelf does not say which lines were refunded; adjust the returned items in Centra by hand',
				),
				howToFix: expect.stringContaining("store's Centra warehouse"),
				record: expect.objectContaining({ location: 'Oxford Street', lines: expect.any(Array) }),
			});
		}

		// Refunded in full later: every line comes back, once.
		state.upsertOrder({ id: sale.id, status: 'REFUNDED' });
		await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(storeStock()).toEqual(expectedStock({ 'TEE-RED-L@Oxford Street': -3 }));
		expect(appliedKeys()).toEqual(
			[`${sale.id}:sale`, `${sale.id}:return`, `${unseen.id}:sale`].sort(),
		);
	});

	it("applies a kiosk SKU through Adjust's SKU Mapping to the Centra SKU, and outputs both", async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/KIOSK-TEE',
					displayName: 'Kiosk Tee',
					variants: [
						{
							id: 'gid://external/RetailSyncVariant/KIOSK-TEE-M',
							sku: 'KIOSK-TEE-M',
							currentPrice: 19.99,
						},
					],
				},
			],
		});
		const { workflow, staticData } = await activated();
		const adjust = workflow.nodes.find((node) => node.name === 'Adjust Centra Stock')!;
		adjust.parameters.skuMapping = {
			mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }],
		};
		const sale = state.seedOrder(
			storeSale({ lines: [{ variant: 'KIOSK-TEE-M', quantity: 2, price: 19.99 }] }),
		);
		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		expect(fixture.alerts()).toEqual([]);
		expect(check.result!.json('Adjust Centra Stock')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				incomingSku: 'KIOSK-TEE-M',
				location: 'Oxford Street',
				quantity: -2,
				applied: true,
				changeKey: `${sale.id}:sale`,
			}),
		]);
		expect(storeStock()).toEqual(expectedStock({ 'TEE-RED-M@Oxford Street': -2 }));
	});
});
