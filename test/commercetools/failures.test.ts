/**
 * Failures that concern every item of a run (the channels cannot be read, the mapping tables
 * cannot be evaluated, the project settings cannot be read): with On Error = Continue (using error
 * output) every item lands on the error output and nothing is written; never the input items on
 * the success output as n8n does with an error thrown for the whole node.
 */
import type { IDataObject } from 'n8n-workflow';

import { CommercetoolsApi } from '../../credentials/CommercetoolsApi.credentials';
import {
	COMMERCETOOLS_TRIGGER,
	COMMERCETOOLS_CREDENTIALS,
	SANDBOX_PROJECT_KEY,
	commercetoolsContext,
	commercetoolsWorkflow,
	inventoryOf,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';
import { ERROR_OUTPUT, triggerWorkflow, type TriggerNode } from '../harness/workflows';

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools();
});
afterEach(async () => fixture.close());

const stored = () => fixture.runner.credentials.store.commercetoolsApi;
const scope = (name: string) => `${name}:${SANDBOX_PROJECT_KEY}`;

/** The credential switched to a new API client of the sandbox with only `scopes`. */
function useClient(clientId: string, scopes: string[]) {
	fixture.sandbox.oauth.addClient({ clientId, clientSecret: `${clientId}-secret`, scopes });
	Object.assign(stored(), {
		clientId,
		clientSecret: `${clientId}-secret`,
		scopes: '',
		accessToken: '',
	});
}

/** Can write inventory and read stores, but not read channels. */
const useClientWithoutChannels = () =>
	useClient('no-channels', [scope('manage_products'), scope('view_stores')]);

const LEVELS: IDataObject[] = [
	{ sku: 'TEE-RED-M', location: 'oxford-street', quantity: 40 },
	{ sku: 'CAP-BLUE', location: 'oxford-street', quantity: 41 },
];

async function run(parameters: IDataObject, items: IDataObject[]) {
	const result = await fixture.runner.run(commercetoolsWorkflow(parameters, items, ERROR_OUTPUT));
	return {
		result,
		success: result.json('commercetools', 0),
		errors: result.json('commercetools', 1),
	};
}

const writes = () => [
	...fixture.sandbox.callsTo('inventory/update'),
	...fixture.sandbox.callsTo('inventory/create'),
	...fixture.sandbox.callsTo('custom-objects/create'),
];

describe('commercetools node, failures for every item', () => {
	it.each(['setLevels', 'adjust'])(
		'Inventory → %s: channels not readable → every item on the error output, nothing written',
		async (operation) => {
			useClientWithoutChannels();
			const { result, success, errors } = await run({ resource: 'inventory', operation }, LEVELS);
			expect(result.status).toBe('success');
			expect(success).toEqual([]);
			expect(errors).toHaveLength(2);
			for (const error of errors) {
				expect(String(error.error)).toMatch(/may not call channels\/query \(HTTP 403\)/);
			}
			expect(fixture.sandbox.callsTo('channels/query').map((call) => call.status)).toEqual([403]);
			expect(writes()).toEqual([]);
			expect(inventoryOf(fixture.sandbox, 'TEE-RED-M', 'oxford-street')?.quantityOnStock).toBe(5);
			expect(inventoryOf(fixture.sandbox, 'CAP-BLUE', 'oxford-street')?.quantityOnStock).toBe(7);
		},
	);

	it('Inventory → Get Levels: channels not readable → every item on the error output', async () => {
		useClientWithoutChannels();
		const { success, errors } = await run({ resource: 'inventory', operation: 'getLevels' }, [
			{},
			{},
		]);
		expect(success).toEqual([]);
		expect(errors).toHaveLength(2);
		expect(String(errors[0].error)).toMatch(/channels\/query \(HTTP 403\)/);
	});

	it('Store → Get Many: stores or channels not readable → every item on the error output', async () => {
		useClientWithoutChannels();
		const simple = await run({ resource: 'store', operation: 'getMany', returnAll: true }, [
			{},
			{},
		]);
		expect(simple.success).toEqual([]);
		expect(simple.errors).toHaveLength(2);
		expect(String(simple.errors[0].error)).toMatch(/channels\/query \(HTTP 403\)/);
		// The raw shape needs no channels; the same client then reads the stores.
		const raw = await run(
			{ resource: 'store', operation: 'getMany', returnAll: true, simplify: false },
			[{}],
		);
		expect(raw.errors).toEqual([]);
		expect(raw.success.map((store) => store.key).sort()).toEqual(['oxford-street', 'uk-stores']);
		useClient('no-stores', [scope('view_channels')]);
		const none = await run({ resource: 'store', operation: 'getMany', returnAll: true }, [{}, {}]);
		expect(none.success).toEqual([]);
		expect(none.errors).toHaveLength(2);
		expect(String(none.errors[1].error)).toMatch(/stores\/query \(HTTP 403\)/);
	});

	it('Set Levels: a mapping table that cannot be evaluated fails every item, nothing written', async () => {
		const { success, errors } = await run(
			{
				resource: 'inventory',
				operation: 'setLevels',
				locationMapping: {
					mapping: [
						{ location: 'Oxford Street', channel: '={{ $("No Such Node").item.json.channel }}' },
					],
				},
			},
			LEVELS,
		);
		expect(success).toEqual([]);
		expect(errors).toHaveLength(2);
		for (const error of errors) {
			expect(String(error.error)).toMatch(/^The mapping tables could not be read/);
		}
		expect(writes()).toEqual([]);
	});

	it('without Continue, such a failure stops the node with the item named', async () => {
		useClientWithoutChannels();
		const result = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'inventory', operation: 'setLevels' }, LEVELS),
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/channels\/query \(HTTP 403\)/);
		expect(writes()).toEqual([]);
	});
});

describe('commercetools channel fields take a key or an ID', () => {
	it('Set Levels (Define Below) and Get Levels accept a channel id', async () => {
		const id = inventoryOf(fixture.sandbox, 'TEE-RED-M', 'oxford-street')?.supplyChannel?.id;
		expect(id).toEqual(expect.any(String));
		const set = await run(
			{
				resource: 'inventory',
				operation: 'setLevels',
				inputMode: 'fields',
				sku: 'TEE-RED-M',
				quantity: 12,
				channel: id,
			},
			[{}],
		);
		expect(set.errors).toEqual([]);
		expect(inventoryOf(fixture.sandbox, 'TEE-RED-M', 'oxford-street')?.quantityOnStock).toBe(12);
		const levels = await run(
			{ resource: 'inventory', operation: 'getLevels', channels: [id], skus: 'TEE-RED-M' },
			[{}],
		);
		expect(levels.success).toEqual([
			expect.objectContaining({ sku: 'TEE-RED-M', location: 'oxford-street', onStock: 12 }),
		]);
	});

	it('an unknown channel lists the channels of the role the field needs', async () => {
		const { errors } = await run(
			{ resource: 'inventory', operation: 'getLevels', channels: ['nowhere'] },
			[{}],
		);
		expect(errors[0].details).toContain('InventorySupply channel keys:');
		expect(errors[0].details).toContain('oxford-street');
		expect(errors[0].details).not.toContain('web-prices');
	});
});

describe('commercetools Trigger, project settings', () => {
	const TRIGGER: TriggerNode = {
		name: 'commercetools Trigger',
		type: COMMERCETOOLS_TRIGGER,
		credentials: COMMERCETOOLS_CREDENTIALS,
	};
	const poll = async () =>
		await fixture.runner.poll(
			triggerWorkflow(TRIGGER, { event: 'orderCreated', startFrom: '2020-01-01T00:00:00Z' }),
			TRIGGER.name,
			{},
			'trigger',
		);

	it('a client that may not read the settings (403) polls on', async () => {
		useClient('no-settings', [scope('view_messages'), scope('view_orders')]);
		const { items } = await poll();
		expect(items).toEqual([]);
		expect(fixture.sandbox.callsTo('project/get').map((call) => call.status)).toEqual([403]);
		expect(fixture.sandbox.callsTo('messages/query').length).toBeGreaterThan(0);
	});

	it('any other failure to read the settings fails the poll', async () => {
		fixture.sandbox.faults.failNext.push({ operation: 'project/get', status: 400, count: 1 });
		await expect(poll()).rejects.toThrow(/project\/get/);
		expect(fixture.sandbox.callsTo('project/get').map((call) => call.status)).toEqual([400]);
	});
});

describe('commercetools API credential, token failures and fields', () => {
	it('a refused client says what to check, without the secret', async () => {
		const context = commercetoolsContext(fixture.runner);
		const credential = new CommercetoolsApi();
		const failure = credential.preAuthentication.call(
			{ helpers: { httpRequest: context.helpers.httpRequest } } as never,
			{ ...stored(), clientSecret: 'wrong-secret-value' } as never,
		);
		await expect(failure).rejects.toThrow(/Check the Client ID and Client Secret/);
		const error = (await failure.catch((thrown: unknown) => thrown)) as Error;
		expect(error.message).toContain('Region (or Auth URL)');
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain(
			'wrong-secret-value',
		);
		expect(JSON.stringify({ ...error })).not.toContain(
			Buffer.from(`${String(stored().clientId)}:wrong-secret-value`).toString('base64'),
		);
	});

	it('a scope the client lacks names Scopes and the project key form', async () => {
		const context = commercetoolsContext(fixture.runner);
		const failure = new CommercetoolsApi().preAuthentication.call(
			{ helpers: { httpRequest: context.helpers.httpRequest } } as never,
			{ ...stored(), scopes: 'manage_products' } as never,
		);
		await expect(failure).rejects.toThrow(/invalid_scope.*manage_products:<project key>/);
	});

	it('API URL is required for custom URLs; Scopes explains the project key and manage_products', () => {
		const properties = new CommercetoolsApi().properties;
		const apiUrl = properties.find((property) => property.name === 'apiUrl');
		expect(apiUrl).toMatchObject({
			required: true,
			displayOptions: { show: { region: ['custom'] } },
		});
		const scopes = properties.find((property) => property.name === 'scopes');
		expect(scopes?.description).toContain('manage_products:<project key>');
		expect(scopes?.description).toMatch(/Inventory writes .* need manage_products/);
	});
});
