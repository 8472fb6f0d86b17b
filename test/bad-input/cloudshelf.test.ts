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
import { TEN_MB, badInputSuite, type OperationTable } from './table';

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

/** A proxy's HTML page in place of the answer: a 502 once, or a sign-in page (200) that stays. */
const htmlPage = (operation: string, status: 502 | 200) => () => {
	const count = status === 502 ? 1 : 1000;
	fixture.sandbox.faults.failNext.push({ operation, status, count, page: 'html' });
};

/** A GraphQL answer of HTTP 200 with only `errors[]`, as a server refusing the variables gives. */
const graphqlErrors = (operation: string) => () => {
	fixture.sandbox.faults.failNext.push({
		operation,
		status: 200,
		count: 1000,
		code: 'BAD_USER_INPUT',
		message: 'Variable "$input" got invalid value; Field "quantity" of required type "Int!" was not provided.',
	});
};

const A = { sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 5 };
const B = { sku: 'CAP-BLUE', location: 'London Warehouse', quantity: 12 };
const L = { sku: 'TEE-RED-L', location: 'Oxford Street' };

const setLevels: OperationTable = {
	node: 'Cloudshelf',
	operation: 'Stock → Set Levels',
	runner: () => fixture.runner,
	run: async (parameters, items) =>
		await run({ resource: 'stock', operation: 'setLevels', ...STOCK_LOCATIONS, ...parameters }, items),
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
		{
			case: 'negative quantity',
			tried: 'quantity -2',
			items: [A, { ...L, quantity: -2 }, B],
			bad: [1],
			says: [/quantity must be a whole number of 0 or more \(got -2\)/],
		},
		{
			case: 'fractional quantity',
			tried: 'quantity 2.5',
			items: [A, { ...L, quantity: 2.5 }, B],
			bad: [1],
			says: [/quantity must be a whole number of 0 or more \(got 2.5\)/],
		},
		{
			case: 'string for a number',
			tried: 'quantity "twelve"',
			items: [A, { ...L, quantity: 'twelve' }, B],
			bad: [1],
			says: [/quantity must be a number \(got "twelve"\)/],
		},
		{
			case: 'malformed payload',
			tried: 'an item of another shape: { SKU, Qty }',
			items: [A, { SKU: 'TEE-RED-L', Qty: 4 }, B],
			bad: [1],
			says: [/sku is missing/, /quantity is missing/],
		},
		{
			case: 'truncated payload',
			tried: 'an item cut short: { sku, location } without quantity',
			items: [A, L, B],
			bad: [1],
			says: [/quantity is missing/],
		},
		{
			case: '10 MB payload',
			tried: 'a SKU of 10 MB',
			items: [A, { ...L, sku: 'x'.repeat(TEN_MB), quantity: 1 }, B],
			bad: [1],
			says: [/sku is 10\.0 MB/, /at most/],
		},
		{
			case: 'bad credentials',
			tried: 'a wrong API key',
			items: [A, B],
			bad: [0, 1],
			before: wrongKey,
			says: [/API key/i],
		},
		{
			case: 'GraphQL errors[] with HTTP 200',
			tried: 'UpsertStockLevels answered 200 with errors[] (BAD_USER_INPUT)',
			items: [A, B],
			bad: [0, 1],
			before: graphqlErrors('UpsertStockLevels'),
			says: [/Field "quantity" of required type "Int!" was not provided/],
		},
		{
			case: 'HTML page from a proxy (502)',
			tried: 'nginx "502 Bad Gateway" page (text/html) on the write, once',
			items: [A, B],
			bad: [],
			before: htmlPage('UpsertStockLevels', 502),
			recovered: 'retried',
		},
		{
			case: 'HTML page from a proxy (200)',
			tried: 'an HTML sign-in page with HTTP 200 on the write',
			items: [A, B],
			bad: [0, 1],
			before: htmlPage('UpsertStockLevels', 200),
			says: [/HTML page/, /not JSON/],
		},
	],
};

badInputSuite('Cloudshelf', [setLevels]);
