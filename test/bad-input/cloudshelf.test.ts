/** Bad input for every Cloudshelf operation that takes input items (issue #15). */
import type { IDataObject } from 'n8n-workflow';

import { minutesAgo } from '../harness/time';

import {
	KIOSK_CATALOGUE,
	STOCK_LOCATIONS,
	cloudshelfWorkflow,
	startCloudshelf,
	type CloudshelfFixture,
} from '../harness/cloudshelf';
import { ERROR_OUTPUT } from '../harness/workflows';
import {
	TEN_MB,
	badInputSuite,
	fulfilmentCases,
	lostAnswerCase,
	graphqlErrorsCase,
	htmlPageCases,
	stockLevelCases,
	type OperationTable,
} from './table';

let fixture: CloudshelfFixture;
beforeEach(async () => {
	fixture = await startCloudshelf(KIOSK_CATALOGUE);
});
afterEach(async () => fixture.close());

const run = async (parameters: IDataObject, items: IDataObject[]) =>
	await fixture.runner.run(cloudshelfWorkflow(parameters, items, ERROR_OUTPUT));

const wrongKey = () => {
	fixture.runner.credentials.store.cloudshelfApi.apiKey = 'not-the-api-key-0000';
};

const A = { sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 5 };
const B = { sku: 'CAP-BLUE', location: 'London Warehouse', quantity: 12 };
const L = { sku: 'TEE-RED-L', location: 'Oxford Street' };

const setLevels: OperationTable = {
	node: 'Cloudshelf',
	operation: 'Stock → Set Levels',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run(
			{ resource: 'stock', operation: 'setLevels', ...STOCK_LOCATIONS, ...parameters },
			items,
		),
	effectsOf: (item) =>
		typeof item.quantity === 'number' &&
		fixture.sandbox.state.quantityOf(String(item.sku), String(item.location)) === item.quantity
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
			case: 'unknown SKU',
			tried: 'SKU GHOST-1 that the Cloudshelf catalogue does not have',
			items: [A, { ...L, sku: 'GHOST-1', quantity: 1 }, B],
			bad: [1],
			says: [/GHOST-1/],
		},
		{
			case: 'unknown location',
			tried: 'location "Brighton", not in the location table',
			items: [A, { ...L, location: 'Brighton', quantity: 1 }, B],
			bad: [1],
			says: [/Brighton/],
		},
		...stockLevelCases([A, B], L),
		{
			case: 'bad credentials',
			tried: 'a wrong API key',
			items: [A, B],
			bad: [0, 1],
			before: wrongKey,
			says: [/API key/i],
		},
		graphqlErrorsCase(() => fixture.sandbox, [A, B], 'UpsertStockLevels'),
		...htmlPageCases(() => fixture.sandbox, [A, B], 'UpsertStockLevels'),
	],
};

/** The kiosk orders the fulfilment cases record on, by the reference the items give. */
const kioskOrders = new Map<string, string>();
const FULFILLED = ['CS-F1', 'CS-F2', 'CS-F3'];

const fulfilment = (orderReference: string, overrides: IDataObject = {}): IDataObject => ({
	orderReference,
	carrier: 'Royal Mail',
	trackingNumber: `RM-${orderReference}`,
	shippedAt: '2026-11-21T09:00:00Z',
	lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
	...overrides,
});

/** Three paid kiosk orders, known to the items by CS-F1 … CS-F3. */
async function seedKioskOrders(): Promise<void> {
	kioskOrders.clear();
	for (const reference of FULFILLED) {
		const order = fixture.sandbox.state.seedOrder({
			location: 'Oxford Street',
			paymentMethod: 'card',
			createdAt: minutesAgo(10),
			status: 'PAID',
			lines: [{ variant: 'TEE-RED-M', quantity: 2, price: 19.99 }],
		});
		kioskOrders.set(reference, order.id);
	}
}

/** The item with its order reference replaced by the Cloudshelf order id it stands for. */
const withOrderId = (item: IDataObject): IDataObject => ({
	...item,
	orderReference: kioskOrders.get(String(item.orderReference)) ?? item.orderReference,
});

const recordFulfilment: OperationTable = {
	node: 'Cloudshelf',
	operation: 'Order → Record Fulfilment',
	runner: () => fixture.runner,
	prepare: seedKioskOrders,
	run: async (parameters, items) =>
		await run(
			{ resource: 'order', operation: 'recordFulfilment', ...parameters },
			items.map(withOrderId),
		),
	effectsOf: (item) => {
		const order = fixture.sandbox.state.orders.get(String(withOrderId(item).orderReference));
		const tracked = order?.lines.some((line) =>
			line.customAttributes.some(
				(attribute) =>
					attribute.key === 'tracking_number' && attribute.value === item.trackingNumber,
			),
		);
		return tracked ? 1 : 0;
	},
	cases: [
		{
			case: 'unknown order',
			tried: 'a fulfilment of order CS-NOPE, which Cloudshelf does not have',
			items: [fulfilment('CS-F1'), fulfilment('CS-NOPE'), fulfilment('CS-F3')],
			bad: [1],
			says: [/CS-NOPE/],
		},
		{
			case: 'unknown SKU',
			tried: 'a line of SKU GHOST-1, not in the order',
			items: [
				fulfilment('CS-F1'),
				fulfilment('CS-F2', { lines: [{ sku: 'GHOST-1', quantity: 1 }] }),
				fulfilment('CS-F3'),
			],
			bad: [1],
			says: [/GHOST-1/],
		},
		...fulfilmentCases(fulfilment, ['CS-F1', 'CS-F2', 'CS-F3'], 'TEE-RED-M', {
			badLine: /lines\[0\]\.quantity must be a (whole )?number/,
			noLines: /lines must be a list/,
			truncated: /shippedAt is missing/,
		}),
		{
			case: 'bad credentials',
			tried: 'a wrong API key',
			items: [fulfilment('CS-F1'), fulfilment('CS-F3')],
			bad: [0, 1],
			before: wrongKey,
			says: [/API key/i],
		},
		graphqlErrorsCase(
			() => fixture.sandbox,
			[fulfilment('CS-F1'), fulfilment('CS-F3')],
			'UpsertOrders',
		),
		...htmlPageCases(
			() => fixture.sandbox,
			[fulfilment('CS-F1'), fulfilment('CS-F3')],
			'UpsertOrders',
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[fulfilment('CS-F1'), fulfilment('CS-F3')],
			'UpsertOrders',
			'written again, the same tracking',
		),
	],
};

/** A product of the Product → Upsert cases, as a catalogue source gives it. */
const product = (sku: string, changes: IDataObject = {}): IDataObject => ({
	sku,
	name: `Product ${sku}`,
	price: 9.99,
	...changes,
});
const products = (bad: IDataObject) => [product('NEW-1'), bad, product('NEW-3')];

const upsertProducts: OperationTable = {
	node: 'Cloudshelf',
	operation: 'Product → Upsert',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'product', operation: 'upsert', ...parameters }, items),
	effectsOf: (item) =>
		[...fixture.sandbox.state.variants.values()].filter(
			(variant) => variant.sku === item.sku && variant.currentPrice === item.price,
		).length,
	cases: [
		{
			case: 'negative price',
			tried: 'price -1',
			items: products(product('NEW-2', { price: -1 })),
			bad: [1],
			says: [/Price must be a number of 0 or more \(got -1\)/],
		},
		{
			case: 'string for a number',
			tried: 'price "free"',
			items: products(product('NEW-2', { price: 'free' })),
			bad: [1],
			says: [/Price must be a number of 0 or more \(got "free"\)/],
		},
		{
			case: 'malformed payload',
			tried: 'an item of another shape: { SKU, Title, Cost }',
			items: products({ SKU: 'NEW-2', Title: 'Product', Cost: 9.99 }),
			bad: [1],
			says: [/SKU is empty/, /Product Name is empty/, /Price is empty/],
		},
		{
			case: 'truncated payload',
			tried: 'an item cut short after the SKU',
			items: products({ sku: 'NEW-2' }),
			bad: [1],
			says: [/Product Name is empty/, /Price is empty/],
		},
		{
			case: '10 MB payload',
			tried: 'a product name of 10 MB',
			items: products(product('NEW-2', { name: 'x'.repeat(TEN_MB) })),
			bad: [1],
			says: [/displayName is 10\.0 MB/, /at most 1\.0 MB/],
		},
		{
			case: 'bad credentials',
			tried: 'a wrong API key',
			items: [product('NEW-1'), product('NEW-3')],
			bad: [0, 1],
			before: wrongKey,
			says: [/API key/i],
		},
		graphqlErrorsCase(
			() => fixture.sandbox,
			[product('NEW-1'), product('NEW-3')],
			'UpsertProductVariants',
		),
		...htmlPageCases(
			() => fixture.sandbox,
			[product('NEW-1'), product('NEW-3')],
			'UpsertProductVariants',
		),
	],
};

const place = (name: string, changes: IDataObject = {}): IDataObject => ({ name, ...changes });

const upsertLocations: OperationTable = {
	node: 'Cloudshelf',
	operation: 'Location → Upsert',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run(
			{
				resource: 'location',
				operation: 'upsert',
				locationKey: '={{ $json.name }}',
				displayName: '={{ $json.name }}',
				countryCode: 'gb',
				...parameters,
			},
			items,
		),
	effectsOf: (item) =>
		[...fixture.sandbox.state.locations.values()].filter(
			(location) => location.displayName === (item.name ?? 'undefined'),
		).length,
	cases: [
		{
			// Location Key maps {{ $json.name }}: an item without one fails, never makes "undefined".
			case: 'malformed payload',
			tried: 'an item of another shape: { Name }, Location Key = {{ $json.name }}',
			items: [place('Leeds'), { Name: 'York' }, place('Bath')],
			bad: [1],
			says: [/Location Key/],
		},
		{
			case: '10 MB payload',
			tried: 'a location name of 10 MB',
			items: [place('Leeds'), place('x'.repeat(TEN_MB)), place('Bath')],
			bad: [1],
			says: [/10\.0 MB/, /at most 1\.0 MB/],
		},
		{
			case: 'bad credentials',
			tried: 'a wrong API key',
			items: [place('Leeds'), place('Bath')],
			bad: [0, 1],
			before: wrongKey,
			says: [/API key/i],
		},
		graphqlErrorsCase(() => fixture.sandbox, [place('Leeds'), place('Bath')], 'UpsertLocations'),
		...htmlPageCases(() => fixture.sandbox, [place('Leeds'), place('Bath')], 'UpsertLocations'),
	],
};

const statusUpdate = (orderReference: string): IDataObject => ({ orderReference, numOrderId: 101 });

const updateStatus: OperationTable = {
	node: 'Cloudshelf',
	operation: 'Order → Update Status',
	runner: () => fixture.runner,
	prepare: seedKioskOrders,
	run: async (parameters, items) =>
		await run(
			{
				resource: 'order',
				operation: 'updateStatus',
				orderId: '={{ $json.orderReference }}',
				status: 'VOIDED',
				thirdPartyId: '={{ $json.numOrderId }}',
				...parameters,
			},
			items.map(withOrderId),
		),
	effectsOf: (item) =>
		fixture.sandbox.state.orders.get(String(withOrderId(item).orderReference))?.status === 'VOIDED'
			? 1
			: 0,
	cases: [
		{
			case: 'unknown order',
			tried: 'order id gid://cloudshelf/Order/NOPE, which Cloudshelf does not have',
			items: [
				statusUpdate('CS-F1'),
				statusUpdate('gid://cloudshelf/Order/NOPE'),
				statusUpdate('CS-F3'),
			],
			bad: [1],
			says: [/NOPE/],
		},
		{
			case: 'malformed payload',
			tried: 'an item without an order id ({ order })',
			items: [statusUpdate('CS-F1'), { order: 'CS-F2' }, statusUpdate('CS-F3')],
			bad: [1],
			says: [/Order ID is empty/],
		},
		{
			case: 'bad credentials',
			tried: 'a wrong API key',
			items: [statusUpdate('CS-F1'), statusUpdate('CS-F3')],
			bad: [0, 1],
			before: wrongKey,
			says: [/API key/i],
		},
		graphqlErrorsCase(
			() => fixture.sandbox,
			[statusUpdate('CS-F1'), statusUpdate('CS-F3')],
			'UpsertOrders',
		),
		...htmlPageCases(
			() => fixture.sandbox,
			[statusUpdate('CS-F1'), statusUpdate('CS-F3')],
			'UpsertOrders',
		),
		lostAnswerCase(
			() => fixture.sandbox,
			[statusUpdate('CS-F1'), statusUpdate('CS-F3')],
			'UpsertOrders',
			'written again, the same status',
		),
	],
};

badInputSuite('Cloudshelf', [
	setLevels,
	recordFulfilment,
	upsertProducts,
	upsertLocations,
	updateStatus,
]);
