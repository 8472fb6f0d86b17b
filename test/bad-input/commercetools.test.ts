/** Bad input for every commercetools operation that takes input items (issue #15). */
import type { IDataObject } from 'n8n-workflow';

import {
	commercetoolsWorkflow,
	importOrder as seedOrder,
	inventoryOf,
	orderImportDraft,
	orderOf,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';
import { ERROR_OUTPUT } from '../harness/workflows';
import {
	badInputSuite,
	fulfilmentCases,
	lostAnswerCase,
	stockDeltaCases,
	htmlPageCases,
	orderCases,
	stockLevelCases,
	type BadInputCase,
	type OperationTable,
} from './table';

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools();
});
afterEach(async () => fixture.close());

const NODE = 'commercetools';

const run = async (parameters: IDataObject, items: IDataObject[]) =>
	await fixture.runner.run(commercetoolsWorkflow(parameters, items, ERROR_OUTPUT));

const stored = () => fixture.runner.credentials.store.commercetoolsApi;

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
			says: [/Client ID and Client Secret/],
		},
		{
			case: 'expired token',
			tried: 'the stored access token expired by the sandbox',
			items,
			bad: [],
			before: async () => {
				await run({ resource: 'store', operation: 'getMany', returnAll: true }, [{}]);
				expect(stored().accessToken).toEqual(expect.any(String));
				fixture.sandbox.oauth.expireTokens();
			},
			recovered: 'a new token fetched',
		},
	];
}

// Seed: TEE-RED-M 5 and CAP-BLUE 7 at oxford-street; the good items change both.
const A = { sku: 'TEE-RED-M', location: 'oxford-street', quantity: 40 };
const B = { sku: 'CAP-BLUE', location: 'oxford-street', quantity: 41 };
const L = { sku: 'TEE-RED-L', location: 'london-warehouse' };

const setLevels: OperationTable = {
	node: NODE,
	operation: 'Inventory → Set Levels',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'inventory', operation: 'setLevels', ...parameters }, items),
	effectsOf: (item) =>
		typeof item.quantity === 'number' &&
		inventoryOf(fixture.sandbox, String(item.sku), String(item.location))?.quantityOnStock ===
			item.quantity
			? 1
			: 0,
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
			// commercetools keeps inventory entries for any SKU (one per SKU and supply channel, no
			// variant needed: stock may be loaded before the product), so this is not refused.
			case: 'unknown SKU',
			tried: 'SKU GHOST-1 that no commercetools product variant has',
			items: [A, { ...L, sku: 'GHOST-1', quantity: 1 }, B],
			bad: [],
			recovered: 'an inventory entry made for GHOST-1, as commercetools allows',
		},
		{
			case: 'unknown location',
			tried: 'location "atlantis", no supply channel',
			items: [A, { ...L, location: 'atlantis', quantity: 1 }, B],
			bad: [1],
			says: [/atlantis/],
		},
		...stockLevelCases([A, B], L),
		...tokenCases([A, B]),
		...htmlPageCases(() => fixture.sandbox, [A, B], 'inventory/update'),
	],
};

/** Seed levels (on stock) of the items the Adjust cases change. */
const SEEDED: Record<string, number> = {
	'TEE-RED-M|oxford-street': 5,
	'CAP-BLUE|oxford-street': 7,
	'TEE-RED-L|london-warehouse': 4,
};
const DA = { sku: 'TEE-RED-M', location: 'oxford-street', quantity: -1 };
const DB = { sku: 'CAP-BLUE', location: 'oxford-street', quantity: 3 };

const adjust: OperationTable = {
	node: NODE,
	operation: 'Inventory → Adjust',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'inventory', operation: 'adjust', ...parameters }, items),
	effectsOf: (item) => {
		const seeded = SEEDED[`${String(item.sku)}|${String(item.location)}`];
		if (typeof item.quantity !== 'number' || seeded === undefined) return 0;
		return inventoryOf(fixture.sandbox, String(item.sku), String(item.location))
			?.quantityOnStock ===
			seeded + item.quantity
			? 1
			: 0;
	},
	cases: [
		{
			case: 'unknown location',
			tried: 'location "atlantis", no supply channel',
			items: [DA, { ...L, location: 'atlantis', quantity: 1 }, DB],
			bad: [1],
			says: [/atlantis/],
		},
		...stockDeltaCases([DA, DB], L),
		...tokenCases([DA, DB]),
		...htmlPageCases(() => fixture.sandbox, [DA, DB], 'inventory/update'),
		lostAnswerCase(() => fixture.sandbox, [DA, DB], 'inventory/update', 'found applied'),
	],
};

function kioskOrder(reference: string, overrides: IDataObject = {}): IDataObject {
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00Z',
		currency: 'EUR',
		status: 'paid',
		location: 'Oxford Street Kiosk',
		shippingMethod: 'delivery',
		lines: [
			{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 1, unitPrice: 19.99 },
			{ sku: 'CAP-BLUE', name: 'Cap blue', quantity: 1, unitPrice: 14.99 },
		],
		totals: { shipping: 4.95, total: 39.93 },
		...overrides,
	};
}

const lineWith = (change: IDataObject) => ({
	lines: [{ sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99, ...change }],
});

const orders = (bad: IDataObject) => [kioskOrder('CT-1'), bad, kioskOrder('CT-3')];

const importOrder: OperationTable = {
	node: NODE,
	operation: 'Order → Import',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run(
			{
				resource: 'order',
				operation: 'import',
				supplyChannelMapping: {
					mapping: [{ location: 'Oxford Street Kiosk', channel: 'london-warehouse' }],
				},
				storeMapping: { mapping: [{ location: 'Oxford Street Kiosk', store: 'uk-stores' }] },
				shippingMethodMapping: {
					mapping: [{ shippingMethod: 'delivery', shippingMethodName: 'Standard Delivery' }],
				},
				guestEmail: 'oxford@shop.example',
				options: { defaultCountry: 'GB' },
				...parameters,
			},
			items,
		),
	effectsOf: (item) =>
		fixture.sandbox.state.orders().filter((order) => order.orderNumber === item.reference).length,
	cases: [
		{
			case: 'unmapped SKU',
			tried: 'SKU KIOSK-CAP not in the SKU Mapping table, Unmapped SKUs = error',
			parameters: {
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				unmappedSku: 'error',
			},
			items: [
				kioskOrder('CT-1', lineWith({ sku: 'KIOSK-TEE-M' })),
				kioskOrder('CT-2', lineWith({ sku: 'KIOSK-CAP' })),
				kioskOrder('CT-3', lineWith({ sku: 'KIOSK-TEE-M' })),
			],
			bad: [1],
			says: [/KIOSK-CAP/, /SKU Mapping/],
		},
		{
			case: 'unknown SKU',
			tried: 'a line SKU that no commercetools product variant has',
			items: orders(kioskOrder('CT-2', lineWith({ sku: 'NOT-IN-CT' }))),
			bad: [1],
			says: [/NOT-IN-CT/],
		},
		{
			case: 'unknown location',
			tried: 'an order from "Brighton Pop-up", in no mapping table',
			parameters: { unmappedSupplyChannel: 'error' },
			items: orders(kioskOrder('CT-2', { location: 'Brighton Pop-up' })),
			bad: [1],
			says: [/Brighton Pop-up/],
		},
		...orderCases(kioskOrder, 'CT', { sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99 }),
		...tokenCases([kioskOrder('CT-1'), kioskOrder('CT-3')]),
		...htmlPageCases(
			() => fixture.sandbox,
			[kioskOrder('CT-1'), kioskOrder('CT-3')],
			'orders/import',
			'checked, then sent again',
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[kioskOrder('CT-1'), kioskOrder('CT-3')],
			'orders/import',
			'found imported',
		),
	],
};

/** A canonical fulfilment of one of the orders the Delivery cases add to. */
const fulfilment = (orderReference: string, overrides: IDataObject = {}): IDataObject => ({
	orderReference,
	carrier: 'Royal Mail',
	trackingNumber: `RM-${orderReference}`,
	shippedAt: '2026-11-21T09:00:00Z',
	lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
	...overrides,
});

const SHIPPED = ['CT-D1', 'CT-D2', 'CT-D3'];

const addDelivery: OperationTable = {
	node: NODE,
	operation: 'Delivery → Add',
	runner: () => fixture.runner,
	prepare: async () => {
		for (const reference of SHIPPED) {
			if (!orderOf(fixture.sandbox, reference))
				await seedOrder(
					fixture.sandbox,
					orderImportDraft(reference, [{ sku: 'TEE-RED-M', quantity: 2 }]),
				);
		}
	},
	run: async (parameters, items) =>
		await run({ resource: 'delivery', operation: 'add', ...parameters }, items),
	effectsOf: (item) =>
		(orderOf(fixture.sandbox, String(item.orderReference))?.shippingInfo?.deliveries ?? []).filter(
			(delivery) =>
				delivery.parcels.some((parcel) => parcel.trackingData?.trackingId === item.trackingNumber),
		).length,
	cases: [
		{
			case: 'unknown order',
			tried: 'a fulfilment of order CT-NOPE, which commercetools does not have',
			items: [fulfilment('CT-D1'), fulfilment('CT-NOPE'), fulfilment('CT-D3')],
			bad: [1],
			says: [/CT-NOPE/],
		},
		{
			case: 'unknown SKU',
			tried: 'a line of SKU GHOST-1, not in the order',
			items: [
				fulfilment('CT-D1'),
				fulfilment('CT-D2', { lines: [{ sku: 'GHOST-1', quantity: 1 }] }),
				fulfilment('CT-D3'),
			],
			bad: [1],
			says: [/GHOST-1/],
		},
		...fulfilmentCases(fulfilment, ['CT-D1', 'CT-D2', 'CT-D3'], 'TEE-RED-M', {
			badLine: /Line 1 to deliver needs a SKU and a whole quantity of 1 or more/,
			noLines: /No lines to deliver were given/,
		}),
		...tokenCases([fulfilment('CT-D1'), fulfilment('CT-D3')]),
		...htmlPageCases(
			() => fixture.sandbox,
			[fulfilment('CT-D1'), fulfilment('CT-D3')],
			'orders/update',
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[fulfilment('CT-D1'), fulfilment('CT-D3')],
			'orders/update',
			'found applied',
		),
	],
};

/** A state change of one of the orders the Update State cases change (imported in `prepare`). */
const stateChange = (orderNumber: string, orderState = 'Confirmed'): IDataObject => ({
	orderNumber,
	orderState,
});
const CHANGED = ['CT-U1', 'CT-U2', 'CT-U3'];

const updateState: OperationTable = {
	node: NODE,
	operation: 'Order → Update State',
	runner: () => fixture.runner,
	prepare: async () => {
		for (const reference of CHANGED)
			await seedOrder(
				fixture.sandbox,
				orderImportDraft(reference, [{ sku: 'TEE-RED-M', quantity: 1 }]),
			);
	},
	run: async (parameters, items) =>
		await run(
			{
				resource: 'order',
				operation: 'updateState',
				orderNumber: '={{ $json.orderNumber }}',
				orderState: '={{ $json.orderState }}',
				...parameters,
			},
			items,
		),
	effectsOf: (item) =>
		orderOf(fixture.sandbox, String(item.orderNumber))?.orderState === item.orderState ? 1 : 0,
	cases: [
		{
			case: 'unknown order',
			tried: 'order number CT-NOPE, which commercetools does not have',
			items: [stateChange('CT-U1'), stateChange('CT-NOPE'), stateChange('CT-U3')],
			bad: [1],
			says: [/commercetools has no order number CT-NOPE/],
		},
		{
			case: 'unknown state',
			tried: 'order state "Done" (an expression), not a commercetools order state',
			items: [stateChange('CT-U1'), stateChange('CT-U2', 'Done'), stateChange('CT-U3')],
			bad: [1],
			says: [/Done/, /Confirmed/],
		},
		{
			case: 'malformed payload',
			tried: 'an item without an order number ({ number })',
			items: [
				stateChange('CT-U1'),
				{ number: 'CT-U2', orderState: 'Confirmed' },
				stateChange('CT-U3'),
			],
			bad: [1],
			says: [/Order Number is empty/],
		},
		...tokenCases([stateChange('CT-U1'), stateChange('CT-U3')]),
		...htmlPageCases(
			() => fixture.sandbox,
			[stateChange('CT-U1'), stateChange('CT-U3')],
			'orders/update',
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[stateChange('CT-U1'), stateChange('CT-U3')],
			'orders/update',
			'found changed',
		),
	],
};

badInputSuite(NODE, [setLevels, adjust, importOrder, addDelivery, updateState]);
