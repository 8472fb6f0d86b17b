import type { IDataObject } from 'n8n-workflow';

import { CHANGE_CONTAINER } from '../../nodes/Commercetools/actions/inventory/adjust.operation';
import { changeRecordKey } from '../../nodes/Commercetools/model';
import type { SeedData } from '../../sandbox/commercetools/state';
import {
	commercetoolsWorkflow,
	inventoryOf,
	messagesOf,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';
import { ERROR_OUTPUT } from '../harness/workflows';

const SEED: SeedData = {
	channels: [
		{ key: 'london-warehouse', name: 'London Warehouse' },
		{ key: 'oxford-street', name: 'Oxford Street' },
		{ key: 'web-prices', name: 'Web prices', roles: ['ProductDistribution'] },
	],
	inventory: [
		{ sku: 'TEE-RED-M', channel: 'london-warehouse', quantityOnStock: 10 },
		{ sku: 'TEE-RED-M', channel: 'oxford-street', quantityOnStock: 5, availableQuantity: 3 },
		{ sku: 'TEE-RED-L', channel: 'london-warehouse', quantityOnStock: 4 },
		{ sku: 'CAP-BLUE', channel: 'oxford-street', quantityOnStock: 7 },
		{ sku: 'CAP-BLUE', quantityOnStock: 100 },
	],
};

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools({}, SEED);
});
afterEach(async () => fixture.close());

const onStock = (sku: string, channel?: string) =>
	inventoryOf(fixture.sandbox, sku, channel)?.quantityOnStock;
const LOCATIONS = {
	mapping: [
		{ location: 'Oxford Street', channel: 'oxford-street' },
		{ location: 'Warehouse', channel: 'london-warehouse' },
	],
};

async function run(operation: string, items: IDataObject[], parameters: IDataObject = {}) {
	return await fixture.runner.run(
		commercetoolsWorkflow(
			{ resource: 'inventory', operation, locationMapping: LOCATIONS, ...parameters },
			items,
			ERROR_OUTPUT,
		),
	);
}

/**
 * Before the sandbox answers the next `inventory/update`, someone else writes the entry (a real
 * concurrent write: the update then meets a newer version and commercetools answers 409).
 */
function concurrentWriteBeforeNextUpdate(sku: string, channel: string, quantityOnStock: number) {
	const sandbox = fixture.sandbox;
	const original = sandbox.project.bind(sandbox);
	let done = false;
	sandbox.project = async (call) => {
		if (!done && call.method === 'POST' && call.segments[0] === 'inventory' && call.segments[1]) {
			done = true;
			sandbox.state.setQuantity(sku, channel, quantityOnStock);
		}
		return await original(call);
	};
}

const updateStatuses = () => fixture.sandbox.callsTo('inventory/update').map((call) => call.status);

describe('commercetools Inventory → Get Levels', () => {
	it('reads available quantities of every supply channel as canonical levels', async () => {
		const result = await run('getLevels', [{}]);
		expect(result.status).toBe('success');
		const levels = result.json('commercetools');
		expect(levels).toHaveLength(4);
		expect(levels).toEqual(
			expect.arrayContaining([
				{ sku: 'TEE-RED-M', location: 'london-warehouse', quantity: 10, onStock: 10 },
				{ sku: 'TEE-RED-M', location: 'oxford-street', quantity: 3, onStock: 5 },
				{ sku: 'TEE-RED-L', location: 'london-warehouse', quantity: 4, onStock: 4 },
				{ sku: 'CAP-BLUE', location: 'oxford-street', quantity: 7, onStock: 7 },
			]),
		);
	});

	it('filters by channel keys and SKUs, and names an unknown channel', async () => {
		const result = await run('getLevels', [{}], {
			channels: ['oxford-street'],
			skus: 'TEE-RED-M, TEE-RED-L',
		});
		expect(result.json('commercetools')).toEqual([
			{ sku: 'TEE-RED-M', location: 'oxford-street', quantity: 3, onStock: 5 },
		]);
		const unknown = await run('getLevels', [{}], { channels: ['nowhere'] });
		expect(unknown.json('commercetools', 1)[0].error).toBe(
			'commercetools has no channel with key "nowhere"',
		);
	});
});

describe('commercetools Inventory → Set Levels', () => {
	it('sets quantities on stock with changeQuantity, creates absent entries, skips unchanged ones', async () => {
		const result = await run('setLevels', [
			{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: 25 },
			{ sku: 'TEE-RED-XL', location: 'Oxford Street', quantity: 6 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 7 },
		]);
		expect(result.status).toBe('success');
		expect(result.json('commercetools')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				location: 'london-warehouse',
				onStock: 25,
				changed: true,
				created: false,
			}),
			expect.objectContaining({
				sku: 'TEE-RED-XL',
				location: 'oxford-street',
				onStock: 6,
				created: true,
			}),
			expect.objectContaining({
				sku: 'CAP-BLUE',
				location: 'oxford-street',
				onStock: 7,
				changed: false,
			}),
		]);
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(25);
		expect(onStock('TEE-RED-XL', 'oxford-street')).toBe(6);
		// The channel-less entry of CAP-BLUE is another entry and untouched.
		expect(onStock('CAP-BLUE')).toBe(100);
		expect(updateStatuses()).toEqual([200]);
		expect(fixture.sandbox.callsTo('inventory/create')).toHaveLength(1);
	});

	it('on a 409 re-reads the version and succeeds', async () => {
		concurrentWriteBeforeNextUpdate('TEE-RED-M', 'london-warehouse', 99);
		const result = await run('setLevels', [
			{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: 25 },
		]);
		expect(result.status).toBe('success');
		expect(updateStatuses()).toEqual([409, 200]);
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(25);
		expect(result.json('commercetools')[0]).toMatchObject({
			onStock: 25,
			changed: true,
			version: 3,
		});
	});

	it('updates an entry created meanwhile (DuplicateField on create)', async () => {
		// The batch read finds nothing; by the time of the create someone else has made the entry.
		const sandbox = fixture.sandbox;
		const original = sandbox.project.bind(sandbox);
		sandbox.project = async (call) => {
			if (
				call.method === 'POST' &&
				call.segments.join('/') === 'inventory' &&
				!inventoryOf(sandbox, 'NEW-1', 'oxford-street')
			)
				sandbox.state.addInventory({ sku: 'NEW-1', channel: 'oxford-street', quantityOnStock: 2 });
			return await original(call);
		};
		const result = await run('setLevels', [
			{ sku: 'NEW-1', location: 'Oxford Street', quantity: 9 },
		]);
		expect(result.status).toBe('success');
		expect(fixture.sandbox.callsTo('inventory/create').map((call) => call.status)).toEqual([400]);
		expect(updateStatuses()).toEqual([200]);
		expect(onStock('NEW-1', 'oxford-street')).toBe(9);
	});

	it('sends unmapped or unknown locations and invalid items to the error output, writing the rest', async () => {
		const result = await run(
			'setLevels',
			[
				{ sku: 'TEE-RED-M', location: 'Soho', quantity: 1 },
				{ sku: 'TEE-RED-L', location: 'Warehouse', quantity: -3 },
				{ sku: 'TEE-RED-L', location: 'Warehouse', quantity: 8 },
			],
			{ unmappedLocation: 'error' },
		);
		const errors = result.json('commercetools', 1);
		expect(errors.map((item) => item.error)).toEqual([
			'Location "Soho" has no row in the Location Mapping table',
			expect.stringContaining('quantity must be a whole number of 0 or more'),
		]);
		expect(result.json('commercetools')).toEqual([
			expect.objectContaining({ sku: 'TEE-RED-L', onStock: 8 }),
		]);
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(10);
		const passThrough = await run('setLevels', [
			{ sku: 'TEE-RED-M', location: 'soho', quantity: 1 },
		]);
		expect(passThrough.json('commercetools', 1)[0].error).toBe(
			'commercetools has no channel with key "soho"',
		);
	});

	it('translates SKUs through the SKU Mapping table', async () => {
		const result = await run(
			'setLevels',
			[{ sku: 'KIOSK-TEE-M', location: 'Warehouse', quantity: 3 }],
			{
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
			},
		);
		expect(result.json('commercetools')[0]).toMatchObject({
			sku: 'TEE-RED-M',
			incomingSku: 'KIOSK-TEE-M',
			onStock: 3,
		});
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(3);
	});
});

describe('commercetools Inventory → Adjust', () => {
	it('applies signed deltas on the version read, summing none and losing none', async () => {
		const result = await run('adjust', [
			{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -2 },
			{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -1 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 4 },
			{ sku: 'NEW-2', location: 'Oxford Street', quantity: 3 },
		]);
		expect(result.status).toBe('success');
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(7);
		expect(onStock('CAP-BLUE', 'oxford-street')).toBe(11);
		expect(onStock('NEW-2', 'oxford-street')).toBe(3);
		expect(
			result.json('commercetools').map((item) => [item.sku, item.onStock, item.applied]),
		).toEqual([
			['TEE-RED-M', 8, true],
			['TEE-RED-M', 7, true],
			['CAP-BLUE', 11, true],
			['NEW-2', 3, true],
		]);
	});

	it('on a 409 applies the delta to what another writer left', async () => {
		concurrentWriteBeforeNextUpdate('TEE-RED-M', 'london-warehouse', 12);
		const result = await run('adjust', [{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -1 }]);
		expect(result.status).toBe('success');
		expect(updateStatuses()).toEqual([409, 200]);
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(11);
	});

	it('never applies a delta twice when its answer is lost: the quantity message tells it was applied', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'inventory/update', count: 1 }] });
		const result = await run('adjust', [{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -1 }]);
		expect(result.status).toBe('success');
		expect(updateStatuses()).toEqual([502]);
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(9);
		expect(result.json('commercetools')[0]).toMatchObject({ applied: true, onStock: 9 });
		expect(fixture.sandbox.callsTo('messages/query')).toHaveLength(1);
	});

	it('without the Messages API, a lost answer fails the item saying to check first', async () => {
		fixture.sandbox.state.setMessagesEnabled(false);
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'inventory/update', count: 1 }] });
		const result = await run('adjust', [{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -1 }]);
		expect(result.json('commercetools')).toEqual([]);
		const [failed] = result.json('commercetools', 1);
		expect(failed.error).toBe(
			'The change of SKU TEE-RED-M in london-warehouse by -1 was not confirmed',
		);
		expect(failed.details).toContain('check the inventory entry before re-running');
		expect(updateStatuses()).toEqual([502]);
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(9);
	});

	it('when the messages query itself fails (403), a lost answer fails the item with that cause', async () => {
		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'inventory/update', count: 1 }],
			failNext: [{ operation: 'messages/query', status: 403, count: 1 }],
		});
		const result = await run('adjust', [{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -1 }]);
		expect(result.json('commercetools')).toEqual([]);
		const [failed] = result.json('commercetools', 1);
		expect(failed.error).toBe(
			'The change of SKU TEE-RED-M in london-warehouse by -1 was not confirmed',
		);
		expect(failed.details).toContain('its Messages API could not be read');
		expect(failed.details).toContain('may not call messages/query (HTTP 403)');
		expect(failed.details).toContain('check the inventory entry before re-running');
		expect(JSON.stringify(failed)).not.toContain('commercetools-sandbox-secret');
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(9);
	});

	it('sends a delta again when the write failed before it was applied', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'inventory/update', status: 503, count: 1 }],
		});
		const result = await run('adjust', [{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -1 }]);
		expect(result.status).toBe('success');
		expect(updateStatuses()).toEqual([503, 200]);
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(9);
	});

	it('recognises a replayed change key and applies nothing: alreadyApplied', async () => {
		const sale = [
			{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -2 },
		];
		const parameters = { changeKey: 'CS-1001:sale' };
		const first = await run('adjust', sale, parameters);
		expect(first.json('commercetools').map((item) => item.alreadyApplied)).toEqual([false, false]);
		expect(onStock('TEE-RED-M', 'oxford-street')).toBe(4);
		expect(onStock('CAP-BLUE', 'oxford-street')).toBe(5);
		const updates = updateStatuses().length;
		const replay = await run('adjust', sale, parameters);
		expect(replay.status).toBe('success');
		expect(replay.json('commercetools')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				applied: false,
				alreadyApplied: true,
				changeKey: 'CS-1001:sale',
			}),
			expect.objectContaining({ sku: 'CAP-BLUE', applied: false, alreadyApplied: true }),
		]);
		expect(updateStatuses()).toHaveLength(updates);
		expect(onStock('TEE-RED-M', 'oxford-street')).toBe(4);
		expect(onStock('CAP-BLUE', 'oxford-street')).toBe(5);
		// Another key is another change.
		await run('adjust', [sale[0]], { changeKey: 'CS-1002:sale' });
		expect(onStock('TEE-RED-M', 'oxford-street')).toBe(3);
	});

	it('with a change key and a lost answer, applies once and a replay applies nothing', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'inventory/update', count: 1 }] });
		const item = [{ sku: 'TEE-RED-L', location: 'Warehouse', quantity: 5 }];
		const first = await run('adjust', item, { changeKey: 'return-77' });
		expect(first.json('commercetools')[0]).toMatchObject({ applied: true, onStock: 9 });
		const replay = await run('adjust', item, { changeKey: 'return-77' });
		expect(replay.json('commercetools')[0]).toMatchObject({ alreadyApplied: true });
		expect(onStock('TEE-RED-L', 'london-warehouse')).toBe(9);
		expect(updateStatuses()).toEqual([502]);
	});

	it('finishes a change a stopped run left pending, without applying it twice', async () => {
		// The run stops after the write, before the record says applied: its last record write fails.
		const sandbox = fixture.sandbox;
		const original = sandbox.project.bind(sandbox);
		let updates = 0;
		sandbox.project = async (call) => {
			const answer = await original(call);
			if (call.method === 'POST' && call.segments[0] === 'inventory' && call.segments[1]) updates++;
			if (
				updates === 1 &&
				call.segments[0] === 'custom-objects' &&
				call.method === 'POST' &&
				JSON.stringify(call.body).includes('"applied"')
			)
				return {
					status: 400,
					body: {
						statusCode: 400,
						message: 'stopped',
						errors: [{ code: 'General', message: 'stopped' }],
					},
				};
			return answer;
		};
		const item = [{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -3 }];
		const first = await run('adjust', item, { changeKey: 'CS-2001:sale' });
		expect(onStock('CAP-BLUE', 'oxford-street')).toBe(4);
		expect(first.json('commercetools', 1)).toHaveLength(1);
		sandbox.project = original;
		const replay = await run('adjust', item, { changeKey: 'CS-2001:sale' });
		expect(replay.json('commercetools')[0]).toMatchObject({ alreadyApplied: true });
		expect(onStock('CAP-BLUE', 'oxford-street')).toBe(4);
		expect(messagesOf(fixture.sandbox, ['InventoryEntryQuantitySet'])).toHaveLength(1);
	});

	it('fails only the item whose Change Key expression cannot be read', async () => {
		const result = await run(
			'adjust',
			[
				{ sku: 'TEE-RED-M', location: 'Warehouse', quantity: -1, sale: 'cs-3001' },
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -2 },
			],
			// The second item has no sale: its expression reads a node that does not exist and throws.
			{ changeKey: "={{ ($json.sale ?? $('No Such Node').item.json.sale).toUpperCase() }}:sale" },
		);
		expect(result.json('commercetools')).toEqual([
			expect.objectContaining({ sku: 'TEE-RED-M', onStock: 9, changeKey: 'CS-3001:sale' }),
		]);
		const failed = result.json('commercetools', 1);
		expect(failed).toHaveLength(1);
		expect(result.items('commercetools', 1)[0].pairedItem).toEqual({ item: 1 });
		expect(onStock('TEE-RED-M', 'london-warehouse')).toBe(9);
		expect(onStock('CAP-BLUE', 'oxford-street')).toBe(7);
	});

	it('finishes a create a stopped run left pending, without adding the delta again', async () => {
		// The stopped run: its pending record said "creating", the create landed (version 1 holding
		// exactly the delta), and the run stopped before the record said applied.
		const changeKey = 'CS-4001:sale';
		const recordKey = changeRecordKey(`${changeKey}|NEW-4|oxford-street`);
		const seeded = await fixture.sandbox.project({
			method: 'POST',
			segments: ['custom-objects'],
			query: new URLSearchParams(),
			body: {
				container: CHANGE_CONTAINER,
				key: recordKey,
				value: {
					status: 'pending',
					changeKey,
					sku: 'NEW-4',
					channel: 'oxford-street',
					delta: 3,
					fromVersion: 0,
					creating: true,
				},
			},
		});
		expect(seeded.status).toBe(201);
		fixture.sandbox.state.addInventory({
			sku: 'NEW-4',
			channel: 'oxford-street',
			quantityOnStock: 3,
		});
		const item = [{ sku: 'NEW-4', location: 'Oxford Street', quantity: 3 }];
		const replay = await run('adjust', item, { changeKey });
		expect(replay.status).toBe('success');
		expect(replay.json('commercetools')[0]).toMatchObject({ alreadyApplied: true, onStock: 3 });
		expect(onStock('NEW-4', 'oxford-street')).toBe(3);
		expect(updateStatuses()).toEqual([]);
		expect(fixture.sandbox.callsTo('inventory/create')).toHaveLength(0);
		// The record now says applied: another replay is recognised without reading history.
		const again = await run('adjust', item, { changeKey });
		expect(again.json('commercetools')[0]).toMatchObject({ alreadyApplied: true });
		expect(onStock('NEW-4', 'oxford-street')).toBe(3);
	});

	it('applies a change left pending on a create when the entry is not that create', async () => {
		const changeKey = 'CS-4002:sale';
		await fixture.sandbox.project({
			method: 'POST',
			segments: ['custom-objects'],
			query: new URLSearchParams(),
			body: {
				container: CHANGE_CONTAINER,
				key: changeRecordKey(`${changeKey}|TEE-RED-L|london-warehouse`),
				value: {
					status: 'pending',
					changeKey,
					sku: 'TEE-RED-L',
					channel: 'london-warehouse',
					delta: 2,
					fromVersion: 0,
					creating: true,
				},
			},
		});
		const replay = await run('adjust', [{ sku: 'TEE-RED-L', location: 'Warehouse', quantity: 2 }], {
			changeKey,
		});
		expect(replay.json('commercetools')[0]).toMatchObject({ applied: true, onStock: 6 });
		expect(onStock('TEE-RED-L', 'london-warehouse')).toBe(6);
	});
});
