/** Bad input for every Stokly operation that takes input items (issue #15). */
import type { IDataObject } from 'n8n-workflow';

import { startStokly, stoklyWorkflow, type StoklyFixture } from '../harness/stokly';
import { ERROR_OUTPUT } from '../harness/workflows';
import {
	badInputSuite,
	lostAnswerCase,
	stockDeltaCases,
	htmlPageCases,
	orderCases,
	stockLevelCases,
	type BadInputCase,
	type OperationTable,
} from './table';

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const NODE = 'Stokly';

const run = async (parameters: IDataObject, items: IDataObject[]) =>
	await fixture.runner.run(stoklyWorkflow(parameters, items, ERROR_OUTPUT));

const stored = () => fixture.runner.credentials.store.stoklyApi;

/** The cases of the credential and its OAuth token, the same for every operation. */
function tokenCases(items: IDataObject[]): BadInputCase[] {
	return [
		{
			case: 'bad credentials',
			tried: 'a wrong Client Secret',
			items,
			bad: items.map((_, index) => index),
			before: () => {
				Object.assign(stored(), { clientSecret: 'not-the-secret-0000', accessToken: '' });
			},
			says: [/Client Secret/],
		},
		{
			case: 'expired token',
			tried: 'the stored access token expired by the sandbox ("jwt expired")',
			items,
			bad: [],
			before: async () => {
				await run({ resource: 'location', operation: 'getMany', returnAll: true }, [{}]);
				expect(stored().accessToken).toEqual(expect.any(String));
				fixture.sandbox.state.expireTokens();
			},
			recovered: 'a new token fetched',
		},
	];
}

// Seed: TEE-RED-M 3 and CAP-BLUE 7 at Oxford Street; the good items change both.
const A = { sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 8 };
const B = { sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 9 };
const L = { sku: 'TEE-RED-L', location: 'London Warehouse' };

const setStock: OperationTable = {
	node: NODE,
	operation: 'Stock → Set',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'stock', operation: 'set', ...parameters }, items),
	effectsOf: (item) => {
		if (typeof item.quantity !== 'number') return 0;
		try {
			return fixture.sandbox.state.onHand(String(item.sku), String(item.location)) === item.quantity
				? 1
				: 0;
		} catch {
			return 0; // the sandbox has no such item or location
		}
	},
	cases: [
		{
			case: 'unmapped SKU',
			tried: 'SKU KIOSK-CAP not in the SKU Mapping table, Unmapped SKUs = error',
			parameters: {
				skuMapping: {
					mapping: [
						{ sourceSku: 'TEE-RED-M', targetSku: 'TEE-RED-M' },
						{ sourceSku: 'CAP-BLUE', targetSku: 'CAP-BLUE' },
					],
				},
				unmappedSku: 'error',
			},
			items: [A, { ...L, sku: 'KIOSK-CAP', quantity: 1 }, B],
			bad: [1],
			says: [/KIOSK-CAP/, /SKU Mapping/],
		},
		{
			case: 'unknown SKU',
			tried: 'SKU GHOST-1 that Stokly has no item for',
			items: [A, { ...L, sku: 'GHOST-1', quantity: 1 }, B],
			bad: [1],
			says: [/GHOST-1/],
		},
		{
			case: 'unknown location',
			tried: 'location "Atlantis", no Stokly location',
			items: [A, { ...L, location: 'Atlantis', quantity: 1 }, B],
			bad: [1],
			says: [/Atlantis/],
		},
		...stockLevelCases([A, B], L),
		...tokenCases([A, B]),
		// A delta is never sent twice: after a 502 the items say it may have applied, to check.
		...htmlPageCases(() => fixture.sandbox, [A, B], 'POST /v1/adjustments', {
			failed: [0, 1],
			says: [/may have applied it/, /HTML page/, /Check the item's stock in Stokly/],
		}),
	],
};

/** Seed levels (on hand) of the items the Adjust cases change. */
const SEEDED: Record<string, number> = {
	'TEE-RED-M|Oxford Street': 3,
	'CAP-BLUE|Oxford Street': 7,
	'TEE-RED-L|London Warehouse': 5,
};
const DA = { sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 };
const DB = { sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 3 };

const adjustStock: OperationTable = {
	node: NODE,
	operation: 'Stock → Adjust',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'stock', operation: 'adjust', ...parameters }, items),
	effectsOf: (item) => {
		const seeded = SEEDED[`${String(item.sku)}|${String(item.location)}`];
		if (typeof item.quantity !== 'number' || seeded === undefined) return 0;
		return fixture.sandbox.state.onHand(String(item.sku), String(item.location)) ===
			seeded + item.quantity
			? 1
			: 0;
	},
	cases: [
		{
			case: 'unknown SKU',
			tried: 'SKU GHOST-1 that Stokly has no item for',
			items: [DA, { ...L, sku: 'GHOST-1', quantity: 1 }, DB],
			bad: [1],
			says: [/GHOST-1/],
		},
		{
			case: 'unknown location',
			tried: 'location "Atlantis", no Stokly location',
			items: [DA, { ...L, location: 'Atlantis', quantity: 1 }, DB],
			bad: [1],
			says: [/Atlantis/],
		},
		...stockDeltaCases([DA, DB], L),
		...tokenCases([DA, DB]),
		...htmlPageCases(() => fixture.sandbox, [DA, DB], 'POST /v1/adjustments', {
			failed: [0, 1],
			says: [/may have applied it/, /HTML page/, /Check the item's stock in Stokly/],
		}),
		lostAnswerCase(() => fixture.sandbox, [DA, DB], 'POST /v1/adjustments', {
			says: [/may have applied it/, /It is not sent again/],
		}),
	],
};

function kioskOrder(reference: string, overrides: IDataObject = {}): IDataObject {
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00.000Z',
		currency: 'GBP',
		status: 'paid',
		location: 'Hereford Kiosk',
		lines: [{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 1, unitPrice: 19.99 }],
		payments: [{ method: 'card', amount: 19.99 }],
		totals: { total: 19.99 },
		...overrides,
	};
}

const lineWith = (change: IDataObject) => ({
	lines: [{ sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99, ...change }],
});

const orders = (bad: IDataObject) => [kioskOrder('ST-1'), bad, kioskOrder('ST-3')];

const createSaleOrder: OperationTable = {
	node: NODE,
	operation: 'Sale Order → Create',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run(
			{
				resource: 'saleOrder',
				operation: 'create',
				locationMapping: {
					mapping: [
						{
							orderLocation: 'Hereford Kiosk',
							channel: 'Cloudshelf',
							location: 'London Warehouse',
						},
					],
				},
				paymentMethodMapping: { mapping: [{ tender: 'card', method: 4 }] },
				...parameters,
			},
			items,
		),
	effectsOf: (item) =>
		fixture.sandbox.state
			.saleOrders({ includeHeld: true })
			.filter((order) => order.sourceReferenceId === item.reference).length,
	cases: [
		{
			case: 'unmapped SKU',
			tried: 'SKU KIOSK-CAP not in the SKU Mapping table, Unmapped SKUs = error',
			parameters: {
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				unmappedSku: 'error',
			},
			items: [
				kioskOrder('ST-1', lineWith({ sku: 'KIOSK-TEE-M' })),
				kioskOrder('ST-2', lineWith({ sku: 'KIOSK-CAP' })),
				kioskOrder('ST-3', lineWith({ sku: 'KIOSK-TEE-M' })),
			],
			bad: [1],
			says: [/KIOSK-CAP/, /SKU Mapping/],
		},
		{
			case: 'unknown SKU',
			tried: 'a line SKU that Stokly has no item for',
			items: orders(kioskOrder('ST-2', lineWith({ sku: 'NOT-IN-STOKLY' }))),
			bad: [1],
			says: [/NOT-IN-STOKLY/],
		},
		{
			case: 'unknown location',
			tried: 'an order from "Brighton Pop-up", not in the Location Mapping table',
			items: orders(kioskOrder('ST-2', { location: 'Brighton Pop-up' })),
			bad: [1],
			says: [/Brighton Pop-up/],
		},
		...orderCases(kioskOrder, 'ST', { sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99 }),
		...tokenCases([kioskOrder('ST-1'), kioskOrder('ST-3')]),
		...htmlPageCases(
			() => fixture.sandbox,
			[kioskOrder('ST-1'), kioskOrder('ST-3')],
			'POST /v2/saleorders',
			{ failed: [0], says: [/ST-1/] },
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[kioskOrder('ST-1'), kioskOrder('ST-3')],
			'POST /v2/saleorders',
			'found created',
		),
	],
};

badInputSuite(NODE, [setStock, adjustStock, createSaleOrder]);
