/** Bad input for every Cloudshelf operation that takes input items (issue #15). */
import type { IDataObject } from 'n8n-workflow';

import {
	KIOSK_CATALOGUE,
	STOCK_LOCATIONS,
	cloudshelfWorkflow,
	startCloudshelf,
	type CloudshelfFixture,
} from '../harness/cloudshelf';
import { ERROR_OUTPUT } from '../harness/workflows';
import {
	badInputSuite,
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

badInputSuite('Cloudshelf', [setLevels]);
