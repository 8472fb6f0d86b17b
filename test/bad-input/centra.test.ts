/** Bad input for every Centra operation that takes input items (issue #15). */
import type { IDataObject } from 'n8n-workflow';

import { orderNumberCandidates } from '../../nodes/Centra/model';
import { CENTRA_STORES, centraWorkflow, startCentra, type CentraFixture } from '../harness/centra';
import { ERROR_OUTPUT } from '../harness/workflows';
import {
	TEN_MB,
	badInputSuite,
	fulfilmentCases,
	lostAnswerCase,
	stockDeltaCases,
	graphqlErrorsCase,
	htmlPageCases,
	orderCases,
	stockLevelCases,
	type BadInputCase,
	type OperationTable,
} from './table';

let fixture: CentraFixture;
beforeEach(async () => {
	fixture = await startCentra({}, CENTRA_STORES);
	// Room for several orders in the store's warehouse (the seed has 3 free).
	const { state } = fixture.sandbox;
	state.level(
		state.findWarehouse('Oxford Street')!.id,
		state.findSizeBySku('TEE-RED-M')!.id,
	).physical = 50;
});
afterEach(async () => fixture.close());

const run = async (parameters: IDataObject, items: IDataObject[]) =>
	await fixture.runner.run(centraWorkflow(parameters, items, ERROR_OUTPUT));

const store = () => fixture.runner.credentials.store;

/**
 * Cases of the whole request, the same for every Centra operation: errors[] on a GraphQL `query`,
 * HTML pages on the `write`.
 */
function requestFaults(
	items: IDataObject[],
	query: string,
	write = query,
	after502?: Parameters<typeof htmlPageCases>[3],
): BadInputCase[] {
	const every = items.map((_, index) => index);
	return [
		{
			case: 'bad credentials',
			tried: 'a wrong Integration API token',
			items,
			bad: every,
			before: () => {
				store().centraIntegrationApi.token = 'not-the-token-0000';
			},
			says: [/token/i],
		},
		{
			case: 'expired token',
			tried: 'an Integration API token whose expiry has passed',
			items,
			bad: every,
			before: () => {
				store().centraIntegrationApi.token = fixture.sandbox.mintToken('all' as never, {
					expiresAt: '2020-01-01T00:00:00Z',
				}).token;
			},
			says: [/it has expired \(HTTP 401\)/, /Create a new token/],
		},
		graphqlErrorsCase(() => fixture.sandbox, items, query),
		...htmlPageCases(() => fixture.sandbox, items, write, after502),
	];
}

// Seed: TEE-RED-M 10 in Web Warehouse, CAP-BLUE 2 in Soho; the good items change both.
const A = { sku: 'TEE-RED-M', location: 'Web Warehouse', quantity: 8 };
const B = { sku: 'CAP-BLUE', location: 'Soho', quantity: 9 };
const L = { sku: 'TEE-RED-L', location: 'Soho' };

const setStock: OperationTable = {
	node: 'Centra',
	operation: 'Stock → Set',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'stock', operation: 'set', ...parameters }, items),
	effectsOf: (item) => {
		if (typeof item.quantity !== 'number') return 0;
		try {
			return fixture.sandbox.state.stockOf(String(item.location), String(item.sku)).physical ===
				item.quantity
				? 1
				: 0;
		} catch {
			return 0;
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
			tried: 'SKU GHOST-1 that Centra has no product size for',
			items: [A, { ...L, sku: 'GHOST-1', quantity: 1 }, B],
			bad: [1],
			says: [/GHOST-1 has no Centra product size/],
		},
		{
			case: 'unknown location',
			tried: 'location "Atlantis", no Centra warehouse',
			items: [A, { ...L, location: 'Atlantis', quantity: 1 }, B],
			bad: [1],
			says: [/Atlantis/],
		},
		...stockLevelCases([A, B], L),
		...requestFaults([A, B], 'SetStock'),
	],
};

/** Seed levels (physical) of the items the Adjust cases change. */
const SEEDED: Record<string, number> = {
	'TEE-RED-M|Web Warehouse': 10,
	'CAP-BLUE|Soho': 2,
	'TEE-RED-L|Soho': 0,
};
const DA = { sku: 'TEE-RED-M', location: 'Web Warehouse', quantity: -1 };
const DB = { sku: 'CAP-BLUE', location: 'Soho', quantity: 3 };

const adjustStock: OperationTable = {
	node: 'Centra',
	operation: 'Stock → Adjust',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'stock', operation: 'adjust', ...parameters }, items),
	effectsOf: (item) => {
		const seeded = SEEDED[`${String(item.sku)}|${String(item.location)}`];
		if (typeof item.quantity !== 'number' || seeded === undefined) return 0;
		return fixture.sandbox.state.stockOf(String(item.location), String(item.sku)).physical ===
			seeded + item.quantity
			? 1
			: 0;
	},
	cases: [
		{
			case: 'unknown SKU',
			tried: 'SKU GHOST-1 that Centra has no product size for',
			items: [DA, { ...L, sku: 'GHOST-1', quantity: 1 }, DB],
			bad: [1],
			says: [/GHOST-1 has no Centra product size/],
		},
		{
			case: 'unknown location',
			tried: 'location "Atlantis", no Centra warehouse',
			items: [DA, { ...L, location: 'Atlantis', quantity: 1 }, DB],
			bad: [1],
			says: [/Atlantis/],
		},
		...stockDeltaCases([DA, DB], L),
		// One call per warehouse; a change whose answer is lost is never sent again (no Change Key).
		...requestFaults([DA, DB], 'ChangeStock', 'ChangeStock', {
			failed: [0],
			says: [/may or may not have been applied/, /HTML page/, /set a Change Key/],
		}),
		lostAnswerCase(() => fixture.sandbox, [DA, DB], 'ChangeStock', {
			failed: [0],
			says: [/may or may not have been applied/, /check the stock in Centra/],
		}),
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
		lines: [
			{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 1, unitPrice: 19.99 },
			{ sku: 'CAP-BLUE', name: 'Cap blue', quantity: 1, unitPrice: 14.99 },
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
	fixture.sandbox.state
		.snapshot()
		.orders.filter((order) =>
			(order.internalComment ?? '')
				.split('\n')
				.includes(`External reference: ${String(reference)}`),
		).length;

const orders = (bad: IDataObject) => [kioskOrder('CE-1'), bad, kioskOrder('CE-3')];

const createOrder: OperationTable = {
	node: 'Centra',
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
							market: '1',
							pricelist: '1',
							shippingOption: 'store-pickup',
							country: 'GB',
						},
					],
				},
				guestName: 'Oxford Street walk-in',
				guestEmail: 'oxford@shop.example',
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
				kioskOrder('CE-1', lineWith({ sku: 'KIOSK-TEE-M' })),
				kioskOrder('CE-2', lineWith({ sku: 'KIOSK-CAP' })),
				kioskOrder('CE-3', lineWith({ sku: 'KIOSK-TEE-M' })),
			],
			bad: [1],
			says: [/KIOSK-CAP/, /SKU Mapping/],
		},
		{
			case: 'unknown SKU',
			tried: 'a line SKU that Centra has no product size for',
			items: orders(kioskOrder('CE-2', lineWith({ sku: 'NOT-IN-CENTRA' }))),
			bad: [1],
			says: [/NOT-IN-CENTRA/],
		},
		{
			case: 'unknown location',
			tried: 'an order from "Brighton Pop-up", not in the Location Mapping table',
			items: orders(kioskOrder('CE-2', { location: 'Brighton Pop-up' })),
			bad: [1],
			says: [/Brighton Pop-up/, /Location Mapping/],
		},
		...orderCases(kioskOrder, 'CE', { sku: 'TEE-RED-M', quantity: 1, unitPrice: 19.99 }),
		...requestFaults([kioskOrder('CE-1'), kioskOrder('CE-3')], 'OrdersByNumber', 'POST order'),
		lostAnswerCase(
			() => fixture.sandbox,
			[kioskOrder('CE-1'), kioskOrder('CE-3')],
			'POST order',
			'found created',
		),
		{
			case: 'bad Order API key',
			tried: 'a wrong Order API key',
			items: [kioskOrder('CE-1'), kioskOrder('CE-3')],
			bad: [0, 1],
			before: () => {
				store().centraOrderApi.apiKey = 'not-the-api-key-0000';
			},
			says: [/API key/i],
		},
	],
};

/** A canonical fulfilment of one of the orders the Shipment cases ship. */
const fulfilment = (orderReference: string, overrides: IDataObject = {}): IDataObject => ({
	orderReference,
	carrier: 'Royal Mail',
	trackingNumber: `RM-${orderReference}`,
	shippedAt: '2026-11-21T09:00:00Z',
	lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
	...overrides,
});

const SHIPPED = ['CE-S1', 'CE-S2', 'CE-S3'];

/** The kiosk orders to ship, made by Order → Create (once per test). */
async function ordersToShip(): Promise<void> {
	if (ordersWith('CE-S1')) return;
	const created = await createOrder.run(
		{},
		SHIPPED.map((reference) => kioskOrder(reference)),
	);
	expect(created.json('Centra').map((item) => item.created)).toEqual([true, true, true]);
}

const shipmentsOf = (reference: unknown) =>
	fixture.sandbox.state.shipmentsOf(orderNumberCandidates(String(reference))[0]).length;

const createShipment: OperationTable = {
	node: 'Centra',
	operation: 'Shipment → Create',
	runner: () => fixture.runner,
	prepare: ordersToShip,
	run: async (parameters, items) =>
		await run(
			{
				resource: 'shipment',
				operation: 'create',
				lookupBy: 'reference',
				reference: '={{ $json.orderReference }}',
				linesMode: 'input',
				...parameters,
			},
			items,
		),
	effectsOf: (item) => shipmentsOf(item.orderReference),
	cases: [
		{
			case: 'unknown order',
			tried: 'a fulfilment of order CE-NOPE, which Centra does not have',
			items: [fulfilment('CE-S1'), fulfilment('CE-NOPE'), fulfilment('CE-S3')],
			bad: [1],
			says: [/CE-NOPE/],
		},
		{
			case: 'unknown SKU',
			tried: 'a line of SKU GHOST-1, not in the order',
			items: [
				fulfilment('CE-S1'),
				fulfilment('CE-S2', { lines: [{ sku: 'GHOST-1', quantity: 1 }] }),
				fulfilment('CE-S3'),
			],
			bad: [1],
			says: [/GHOST-1/],
		},
		...fulfilmentCases(fulfilment, ['CE-S1', 'CE-S2', 'CE-S3'], 'TEE-RED-M', {
			badLine: /Line 1 to ship needs a SKU and a whole quantity of 1 or more/,
			noLines: /No lines to ship were given/,
		}),
		...requestFaults(
			[fulfilment('CE-S1'), fulfilment('CE-S3')],
			'OrdersByNumber',
			'CreateShipment',
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[fulfilment('CE-S1'), fulfilment('CE-S3')],
			'CreateShipment',
			'found by its Shipment Key',
		),
	],
};

/** A dispatch of one of the shipments the Complete cases complete (made in `prepare`). */
const dispatch = (orderReference: string, overrides: IDataObject = {}): IDataObject => ({
	orderReference,
	carrier: 'DHL',
	trackingNumber: `JD-${orderReference}`,
	...overrides,
});

const shipmentOf = (reference: unknown) =>
	fixture.sandbox.state.shipmentsOf(orderNumberCandidates(String(reference))[0])[0];

const completeShipment: OperationTable = {
	node: 'Centra',
	operation: 'Shipment → Complete',
	runner: () => fixture.runner,
	prepare: async () => {
		await ordersToShip();
		for (const reference of SHIPPED)
			fixture.sandbox.ship({ order: orderNumberCandidates(reference)[0] });
	},
	run: async (parameters, items) =>
		await run(
			{
				resource: 'shipment',
				operation: 'complete',
				shipmentBy: 'number',
				shipmentNumber: '={{ $json.shipmentNumber }}',
				carrier: '={{ $json.carrier }}',
				trackingNumber: '={{ $json.trackingNumber }}',
				...parameters,
			},
			items.map((item) => ({
				shipmentNumber:
					shipmentOf(item.orderReference)?.number ?? `${String(item.orderReference)}-1`,
				...item,
			})),
		),
	effectsOf: (item) => {
		const shipment = shipmentOf(item.orderReference);
		return shipment?.isShipped && shipment.trackingNumber === (item.trackingNumber ?? null) ? 1 : 0;
	},
	cases: [
		{
			case: 'unknown shipment',
			tried: 'shipment number CE-NOPE-1, which Centra does not have',
			items: [dispatch('CE-S1'), dispatch('CE-NOPE'), dispatch('CE-S3')],
			bad: [1],
			says: [/CE-NOPE-1/],
		},
		{
			// The tracking field maps {{ $json.trackingNumber }}: an item without one completes
			// without tracking, never with the word "undefined" as its tracking number.
			case: 'truncated payload',
			tried: 'a dispatch without tracking number, Tracking Number = {{ $json.trackingNumber }}',
			items: [dispatch('CE-S1'), { orderReference: 'CE-S2', carrier: 'DHL' }, dispatch('CE-S3')],
			bad: [],
			recovered: 'the one without tracking completed without any (not "undefined")',
		},
		{
			case: '10 MB payload',
			tried: 'a tracking number of 10 MB',
			items: [
				dispatch('CE-S1'),
				dispatch('CE-S2', { trackingNumber: 'x'.repeat(TEN_MB) }),
				dispatch('CE-S3'),
			],
			bad: [1],
			says: [/10\.0 MB/, /more than the 5\.0 MB/],
		},
		...requestFaults([dispatch('CE-S1'), dispatch('CE-S3')], 'CompleteShipment'),
		lostAnswerCase(
			() => fixture.sandbox,
			[dispatch('CE-S1'), dispatch('CE-S3')],
			'CompleteShipment',
			'found completed',
		),
	],
};

/** The cases of Order → Cancel and Confirm: orders found by the reference of each item. */
function orderActionTable(
	operation: 'cancel' | 'confirm',
	mutation: string,
	status: string,
): OperationTable {
	const action = (reference: string): IDataObject => ({ reference });
	return {
		node: 'Centra',
		operation: `Order → ${operation === 'cancel' ? 'Cancel' : 'Confirm'}`,
		runner: () => fixture.runner,
		prepare: ordersToShip,
		run: async (parameters, items) =>
			await run(
				{
					resource: 'order',
					operation,
					lookupBy: 'reference',
					reference: '={{ $json.reference }}',
					...parameters,
				},
				items,
			),
		effectsOf: (item) =>
			fixture.sandbox.state.orders.get(orderNumberCandidates(String(item.reference))[0])?.status ===
			status
				? 1
				: 0,
		cases: [
			{
				case: 'unknown order',
				tried: 'reference CE-NOPE, which Centra does not have',
				items: [action('CE-S1'), action('CE-NOPE'), action('CE-S3')],
				bad: [1],
				says: [/No Centra order has reference CE-NOPE/],
			},
			{
				// Reference maps {{ $json.reference }}: an item without one fails, unsearched.
				case: 'malformed payload',
				tried: 'an item without a reference ({ ref })',
				items: [action('CE-S1'), { ref: 'CE-S2' }, action('CE-S3')],
				bad: [1],
				says: [/Reference is empty/, /map it from the input item/],
			},
			...requestFaults([action('CE-S1'), action('CE-S3')], mutation),
			lostAnswerCase(
				() => fixture.sandbox,
				[action('CE-S1'), action('CE-S3')],
				mutation,
				`found ${status.toLowerCase()}`,
			),
		],
	};
}

badInputSuite('Centra', [
	setStock,
	adjustStock,
	createOrder,
	createShipment,
	completeShipment,
	orderActionTable('cancel', 'CancelOrder', 'CANCELLED'),
	orderActionTable('confirm', 'ConfirmOrder', 'CONFIRMED'),
]);
