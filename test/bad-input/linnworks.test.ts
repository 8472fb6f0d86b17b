/** Bad input for every Linnworks operation that takes input items (issue #15). */
import type { IDataObject } from 'n8n-workflow';

import {
	STORES,
	linnworksWorkflow,
	startLinnworks,
	type LinnworksFixture,
} from '../harness/linnworks';
import { ERROR_OUTPUT, linnworksOrderByReference } from '../harness/workflows';
import {
	badInputSuite,
	htmlPageCases,
	lostAnswerCase,
	orderCases,
	stockDeltaCases,
	stockLevelCases,
	type OperationTable,
} from './table';

let fixture: LinnworksFixture;
beforeEach(async () => {
	fixture = await startLinnworks({}, STORES);
});
afterEach(async () => fixture.close());

const run = async (parameters: IDataObject, items: IDataObject[]) =>
	await fixture.runner.run(linnworksWorkflow(parameters, items, ERROR_OUTPUT));

/** The application secret replaced by a wrong one, and no session open yet (one is opened with it). */
const wrongSecret = () => {
	Object.assign(fixture.runner.credentials.store.linnworksApi, {
		applicationSecret: 'not-the-secret-0000',
		sessionToken: '',
	});
};

/** A session opened by an earlier run, then expired by the sandbox (as after 20 idle minutes). */
const expiredSession = async () => {
	await run({ resource: 'location', operation: 'getMany' }, [{}]);
	expect(fixture.runner.credentials.store.linnworksApi.sessionToken).toEqual(expect.any(String));
	fixture.sandbox.expireSessions();
};

const available = (sku: string, location: string) =>
	fixture.sandbox.state.snapshot().stock.find((row) => row.sku === sku && row.location === location)
		?.available;

// Seed levels: TEE-RED-M Oxford Street 3, CAP-BLUE London Warehouse 0; the good items change both.
const A = { sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 8 };
const B = { sku: 'CAP-BLUE', location: 'London Warehouse', quantity: 9 };
const L = { sku: 'TEE-RED-L', location: 'Oxford Street' };

const setLevels: OperationTable = {
	node: 'Linnworks',
	operation: 'Stock → Set Levels',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'stock', operation: 'setLevels', ...parameters }, items),
	effectsOf: (item) =>
		typeof item.quantity === 'number' &&
		available(String(item.sku), String(item.location)) === item.quantity
			? 1
			: 0,
	cases: [
		{
			case: 'unknown SKU',
			tried: 'SKU GHOST-1 that Linnworks has no stock item for',
			items: [A, { ...L, sku: 'GHOST-1', quantity: 1 }, B],
			bad: [1],
			says: [/GHOST-1/, /not set/],
		},
		{
			case: 'unknown location',
			tried: 'location "Atlantis"',
			items: [A, { ...L, location: 'Atlantis', quantity: 1 }, B],
			bad: [1],
			says: [/no location "Atlantis"/],
		},
		...stockLevelCases([A, B], L, 'location'),
		{
			case: 'bad credentials',
			tried: 'a wrong Application Secret',
			items: [A, B],
			bad: [0, 1],
			before: wrongSecret,
			says: [/refused the session/, /Check the Application ID, Application Secret/],
		},
		{
			case: 'expired session',
			tried: 'the stored session expired by the sandbox',
			items: [A, B],
			bad: [],
			before: expiredSession,
			recovered: 'a new session opened',
		},
		...htmlPageCases(() => fixture.sandbox, [A, B], 'Stock/UpdateStockLevelsBulk'),
	],
};

/** Seed levels of the items the Adjust cases change (TEE-RED-L is the bad item's). */
const SEEDED: Record<string, number> = {
	'TEE-RED-M|Oxford Street': 3,
	'CAP-BLUE|Oxford Street': 7,
	'TEE-RED-L|London Warehouse': 5,
};
const DA = { sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 };
const DB = { sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 5 };
const DL = { sku: 'TEE-RED-L', location: 'London Warehouse' };

const adjustLevels: OperationTable = {
	node: 'Linnworks',
	operation: 'Stock → Adjust Levels',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'stock', operation: 'adjustLevels', ...parameters }, items),
	effectsOf: (item) => {
		const seeded = SEEDED[`${String(item.sku)}|${String(item.location)}`];
		return typeof item.quantity === 'number' &&
			seeded !== undefined &&
			available(String(item.sku), String(item.location)) === seeded + item.quantity
			? 1
			: 0;
	},
	cases: [
		{
			case: 'unknown SKU',
			tried: 'SKU GHOST-1 that Linnworks has no stock item for',
			items: [DA, { ...DL, sku: 'GHOST-1', quantity: 1 }, DB],
			bad: [1],
			says: [/SKU GHOST-1 has no Linnworks stock item/],
		},
		{
			case: 'unknown location',
			tried: 'location "Atlantis"',
			items: [DA, { ...DL, location: 'Atlantis', quantity: 1 }, DB],
			bad: [1],
			says: [/no location "Atlantis"/],
		},
		...stockDeltaCases([DA, DB], DL, 'location'),
		{
			case: 'bad credentials',
			tried: 'a wrong Application Secret',
			items: [DA, DB],
			bad: [0, 1],
			before: wrongSecret,
			says: [/refused the session/, /Check the Application ID, Application Secret/],
		},
		{
			case: 'expired session',
			tried: 'the stored session expired by the sandbox',
			items: [DA, DB],
			bad: [],
			before: expiredSession,
			recovered: 'a new session opened',
		},
		// A change is never sent twice: after a 502 Linnworks' levels are read back; moved by exactly
		// the change, it counts as applied, else the items say it may have been applied.
		...htmlPageCases(() => fixture.sandbox, [DA, DB], 'Stock/UpdateStockLevelsBySKU', {
			failed: [0, 1],
			says: [/may have been applied/, /has not moved \(yet\)/, /It was not sent again/],
		}),
		lostAnswerCase(
			() => fixture.sandbox,
			[DA, DB],
			'Stock/UpdateStockLevelsBySKU',
			'levels read back moved by the change: counted as applied, not sent again',
		),
	],
};

function kioskOrder(reference: string, overrides: IDataObject = {}): IDataObject {
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00Z',
		currency: 'GBP',
		status: 'paid',
		location: 'Oxford Street Kiosk',
		customer: { email: 'jane@example.com', name: 'Jane Smith' },
		lines: [
			{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 1, unitPrice: 19.99, taxRate: 20 },
			{ sku: 'CAP-BLUE', name: 'Cap blue', quantity: 1, unitPrice: 14.99, taxRate: 20 },
		],
		payments: [{ method: 'Card', amount: 34.98 }],
		totals: { total: 34.98 },
		...overrides,
	};
}

const lineWith = (change: IDataObject) => ({
	lines: [{ sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99, ...change }],
});

const ordersWith = (reference: unknown) =>
	[...fixture.sandbox.state.orders.values()].filter(
		(order) => order.channel.ReferenceNumber === reference,
	).length;

const createOrder: OperationTable = {
	node: 'Linnworks',
	operation: 'Order → Create',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run(
			{
				resource: 'order',
				operation: 'create',
				locationMapping: {
					mapping: [
						{
							orderLocation: 'Oxford Street Kiosk',
							source: 'CLOUDSHELF',
							subSource: 'Oxford Street',
							fulfilmentLocation: 'London Warehouse',
						},
					],
				},
				...parameters,
			},
			items,
		),
	effectsOf: (item) => ordersWith(item.reference),
	cases: [
		{
			case: 'unmapped SKU',
			tried: 'SKU KIOSK-CAP not in the SKU Mapping table, Unmapped SKUs = error',
			parameters: {
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				unmappedSku: 'error',
			},
			items: [
				kioskOrder('LW-1', lineWith({ sku: 'KIOSK-TEE-M' })),
				kioskOrder('LW-2', lineWith({ sku: 'KIOSK-CAP' })),
				kioskOrder('LW-3', lineWith({ sku: 'KIOSK-TEE-M' })),
			],
			bad: [1],
			says: [/KIOSK-CAP/, /SKU Mapping/],
		},
		{
			case: 'unknown SKU',
			tried: 'a line SKU that Linnworks has no stock item for',
			items: [
				kioskOrder('LW-1'),
				kioskOrder('LW-2', lineWith({ sku: 'NOT-IN-LINNWORKS' })),
				kioskOrder('LW-3'),
			],
			bad: [1],
			says: [/SKU NOT-IN-LINNWORKS has no Linnworks stock item/],
		},
		{
			case: 'unknown location',
			tried: 'an order from "Brighton Pop-up", not in the Location Mapping table',
			items: [
				kioskOrder('LW-1'),
				kioskOrder('LW-2', { location: 'Brighton Pop-up' }),
				kioskOrder('LW-3'),
			],
			bad: [1],
			says: [/"Brighton Pop-up" has no row in the Location Mapping table/],
		},
		...orderCases(kioskOrder, 'LW', { sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99 }),
		{
			case: 'bad credentials',
			tried: 'a wrong Application Secret',
			items: [kioskOrder('LW-1'), kioskOrder('LW-3')],
			bad: [0, 1],
			before: wrongSecret,
			says: [/refused the session/, /Check the Application ID, Application Secret/],
		},
		{
			case: 'expired session',
			tried: 'the stored session expired by the sandbox',
			items: [kioskOrder('LW-1'), kioskOrder('LW-3')],
			bad: [],
			before: expiredSession,
			recovered: 'a new session opened',
		},
		...htmlPageCases(
			() => fixture.sandbox,
			[kioskOrder('LW-1'), kioskOrder('LW-3')],
			'Orders/CreateOrders',
			'sent again',
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[kioskOrder('LW-1'), kioskOrder('LW-3')],
			'Orders/CreateOrders',
			'found created',
		),
	],
};

const CANCELLED = ['LW-C1', 'LW-C2', 'LW-C3'];
const toCancel = (reference: string): IDataObject => ({ reference });

const cancelOrder: OperationTable = {
	node: 'Linnworks',
	operation: 'Order → Cancel',
	runner: () => fixture.runner,
	// The orders to cancel, made by Order → Create.
	prepare: async () => {
		const created = await createOrder.run(
			{},
			CANCELLED.map((reference) => kioskOrder(reference)),
		);
		expect(created.json('Linnworks').map((item) => item.created)).toEqual([true, true, true]);
	},
	run: async (parameters, items) =>
		await run(
			{
				resource: 'order',
				operation: 'cancel',
				lookupBy: 'reference',
				reference: '={{ $json.reference }}',
				...parameters,
			},
			items,
		),
	effectsOf: (item) =>
		[...fixture.sandbox.state.orders.values()].filter(
			(order) => order.channel.ReferenceNumber === item.reference && order.cancelled,
		).length,
	cases: [
		{
			case: 'unknown order',
			tried: 'reference LW-NOPE, which Linnworks does not have',
			items: [toCancel('LW-C1'), toCancel('LW-NOPE'), toCancel('LW-C3')],
			bad: [1],
			says: [/LW-NOPE/],
		},
		{
			case: 'dispatched order',
			tried: 'an order already dispatched',
			items: CANCELLED.map(toCancel),
			bad: [1],
			before: () => {
				const order = linnworksOrderByReference(fixture.sandbox.state, 'LW-C2');
				fixture.sandbox.state.dispatch(order.OrderId, {
					vendor: 'DPD',
					service: 'Next Day',
					trackingNumber: 'DPD1',
				});
			},
			says: [/LW-C2 has already been dispatched and cannot be cancelled/],
		},
		{
			case: 'malformed payload',
			tried: 'an item without a reference ({ ref })',
			items: [toCancel('LW-C1'), { ref: 'LW-C2' }, toCancel('LW-C3')],
			bad: [1],
			says: [/Reference is empty/, /map it from the input item/],
		},
		{
			case: 'bad credentials',
			tried: 'a wrong Application Secret',
			items: [toCancel('LW-C1'), toCancel('LW-C3')],
			bad: [0, 1],
			before: wrongSecret,
			says: [/refused the session/, /Check the Application ID, Application Secret/],
		},
		{
			case: 'expired session',
			tried: 'the stored session expired by the sandbox',
			items: [toCancel('LW-C1'), toCancel('LW-C3')],
			bad: [],
			before: () => fixture.sandbox.expireSessions(),
			recovered: 'a new session opened',
		},
		...htmlPageCases(
			() => fixture.sandbox,
			[toCancel('LW-C1'), toCancel('LW-C3')],
			'Orders/CancelOrder',
		),
	],
};

badInputSuite('Linnworks', [setLevels, adjustLevels, createOrder, cancelOrder]);
