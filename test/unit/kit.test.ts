/**
 * The platform kit in nodes/shared on its own: the platform client, per-item errors of batched
 * calls, mapping tables and the polling cursor, each against a minimal stand-in for n8n's context.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	PlatformClient,
	RejectedAnswer,
	answerLost,
	retryable,
	type CallLimits,
	type PlatformApi,
} from '../../nodes/shared/client';
import { pollWithCursor, rememberIds, type CursorState } from '../../nodes/shared/cursor';
import { Directory, byIdOrName } from '../../nodes/shared/directory';
import { RequestedLines } from '../../nodes/shared/fulfilmentLines';
import { ItemResults } from '../../nodes/shared/items';
import { MappingTable, skuMappingTable } from '../../nodes/shared/mapping';
import { PendingWrites } from '../../nodes/shared/pendingWrites';
import { StockWriteInput, stockLocationTable } from '../../nodes/shared/stockWrite';
import { RateGate } from '../../nodes/shared/transport';

const node: INode = {
	id: '1',
	name: 'Platform',
	type: 'n8n-nodes-retail-sync.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const FAST_RETRY = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10 };

/** An HTTP failure as n8n's request helper throws it. */
function httpFailure(status: number, data: unknown) {
	return Object.assign(new Error(`Request failed with status code ${status}`), {
		httpCode: String(status),
		cause: { response: { status, headers: {}, data } },
	});
}

function clientContext(answers: Array<() => unknown>, credentials: Record<string, unknown> = {}) {
	const sent: Array<{ credentialType: string; url: string }> = [];
	const context = {
		getNode: () => node,
		getCredentials: async () => credentials,
		helpers: {
			httpRequestWithAuthentication: async (credentialType: string, options: { url: string }) => {
				sent.push({ credentialType, url: options.url });
				const answer = answers.shift();
				if (!answer) throw new Error('no more answers');
				return answer();
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, sent };
}

interface TestCall {
	method: string;
}

const testApi: PlatformApi<TestCall> = {
	credentialType: 'testApi',
	toHttp: ({ method }, credentials) => ({
		method: 'POST',
		url: `${String(credentials.baseUrl)}/${method}`,
	}),
	callName: ({ method }) => method,
	readAnswer: (answer) => {
		const { busy, refused } = answer as { busy?: boolean; refused?: string };
		if (busy) throw retryable('busy');
		if (refused) throw new RejectedAnswer({ message: `Test refused: ${refused}` });
		return answer;
	},
	describeFailure: (error, { method }, status) => ({
		message: `Test ${method} failed${status ? ` (HTTP ${status})` : ''}: ${(error as { cause?: { response?: { data?: { reason?: string } } } }).cause?.response?.data?.reason}`,
		httpCode: status ? String(status) : undefined,
	}),
};

describe('PlatformClient', () => {
	it('sends through httpRequestWithAuthentication with the platform credential, built from the credential fields', async () => {
		const { context, sent } = clientContext([() => ({ ok: 1 })], { baseUrl: 'http://127.0.0.1:1' });
		const client = new PlatformClient(context, testApi, { retry: FAST_RETRY });
		await expect(client.send({ method: 'Things/Get' })).resolves.toEqual({ ok: 1 });
		expect(sent).toEqual([{ credentialType: 'testApi', url: 'http://127.0.0.1:1/Things/Get' }]);
	});

	it('retries 5xx answers and "slow down" answers, then succeeds', async () => {
		const { context, sent } = clientContext([
			() => {
				throw httpFailure(503, {});
			},
			() => ({ busy: true }),
			() => ({ ok: 2 }),
		]);
		const client = new PlatformClient(context, testApi, { retry: FAST_RETRY });
		await expect(client.send({ method: 'Things/Get' })).resolves.toEqual({ ok: 2 });
		expect(sent).toHaveLength(3);
	});

	it('builds one NodeApiError in the platform words, with the item index, once retries are spent', async () => {
		const failing = () => {
			throw httpFailure(500, { reason: 'database on fire' });
		};
		const { context } = clientContext([failing, failing, failing]);
		const error = await new PlatformClient(context, testApi, { retry: FAST_RETRY })
			.send({ method: 'Things/Put' }, 4)
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe(
			'Test Things/Put failed (HTTP 500): database on fire',
		);
		expect((error as NodeApiError).context.itemIndex).toBe(4);
	});

	it('does not retry an answer the platform will repeat', async () => {
		const { context, sent } = clientContext([() => ({ refused: 'bad query' }), () => ({ ok: 3 })]);
		await expect(
			new PlatformClient(context, testApi, { retry: FAST_RETRY }).send({ method: 'Things/Get' }),
		).rejects.toThrow('Test refused: bad query');
		expect(sent).toHaveLength(1);
	});

	it('paces calls under the call limits it is given, scaled by the credential call budget', async () => {
		const callLimits = { windowMs: 1000, perKey: { 'Things/Get': 1 }, otherwise: 1 };
		const twoCalls = async (credentials: Record<string, unknown>) => {
			const { context } = clientContext([() => ({}), () => ({})], credentials);
			const client = new PlatformClient(context, testApi, { retry: FAST_RETRY, callLimits });
			const started = Date.now();
			await client.send({ method: 'Things/Get' });
			await client.send({ method: 'Things/Get' });
			return Date.now() - started;
		};
		// One call per window: the second waits for the window to pass.
		expect(await twoCalls({})).toBeGreaterThanOrEqual(900);
		// A budget of 200% allows two per window: neither waits for it.
		expect(await twoCalls({ callBudgetPercent: 200 })).toBeLessThan(900);
	});

	it('paces several windows at once, each request drawing on the budgets it names, all scaled by the call budget', async () => {
		// Centra-like: every request counts as "request" (2 per 300 ms), mutations also as
		// "mutation" (1 per minute); keys a window does not list are not limited by it.
		const callLimits: CallLimits[] = [
			{ windowMs: 300, perKey: { request: 2 }, otherwise: Infinity },
			{ windowMs: 60_000, perKey: { mutation: 1 }, otherwise: Infinity },
		];
		const api: PlatformApi<TestCall> = {
			...testApi,
			callLimits,
			budgetsOf: ({ method }) =>
				method.startsWith('mutation') ? ['request', 'mutation'] : ['request'],
		};
		const run = async (credentials: Record<string, unknown>, methods: string[]) => {
			const { context, sent } = clientContext(
				methods.map(() => () => ({})),
				credentials,
			);
			const client = new PlatformClient(context, api, { retry: FAST_RETRY });
			for (const method of methods) await client.send({ method });
			return sent.length;
		};
		// Three queries: the third waits for the 300 ms window, and is then sent.
		expect(await run({}, ['query1', 'query2', 'query3'])).toBe(3);
		// A second mutation would wait a minute at 100%; at 200% the minute allows two.
		const { context } = clientContext([() => ({}), () => ({})], { callBudgetPercent: 200 });
		const client = new PlatformClient(context, api, { retry: FAST_RETRY });
		await client.send({ method: 'mutation1' });
		await expect(client.send({ method: 'mutation2' })).resolves.toEqual({});
	});

	it('lets the caller recover a failure into an answer (a refusal body it reads), and throws the rest', async () => {
		const refusal = () => {
			throw httpFailure(400, { status: 'no', code: -5 });
		};
		const broken = () => {
			throw httpFailure(404, { reason: 'no such route' });
		};
		const { context } = clientContext([refusal, broken]);
		const client = new PlatformClient(context, testApi, { retry: FAST_RETRY });
		const recover = (error: unknown) =>
			(error as { cause: { response: { data: { code?: number } } } }).cause.response.data.code !==
			undefined
				? { refused: true }
				: undefined;
		await expect(client.sendRecovering({ method: 'Orders/Create' }, recover)).resolves.toEqual({
			refused: true,
		});
		await expect(client.sendRecovering({ method: 'Orders/Create' }, recover, 2)).rejects.toThrow(
			'Test Orders/Create failed (HTTP 404): no such route',
		);
	});

	it('answers the fallback for the status that means "nothing"', async () => {
		const { context } = clientContext([
			() => {
				throw httpFailure(400, { reason: 'No items found' });
			},
		]);
		const client = new PlatformClient(context, testApi, { retry: FAST_RETRY });
		await expect(client.sendOr({ method: 'Things/List' }, 400, [])).resolves.toEqual([]);
	});

	it('does not repeat a non-idempotent request after a 5xx or a reset (it may have been applied), only after a 429', async () => {
		// Requests whose method starts with "Stock/Change" apply again when sent again.
		const once: PlatformApi<TestCall> = {
			...testApi,
			isIdempotent: ({ method }) => !method.startsWith('Stock/Change'),
		};
		const failWith = (status: number) => () => {
			throw httpFailure(status, { reason: `HTTP ${status}` });
		};
		const reset = () => {
			throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		};
		const { context, sent } = clientContext([
			failWith(500),
			reset,
			failWith(429),
			failWith(429),
			() => ({ ok: 4 }),
			failWith(500),
			() => ({ ok: 5 }),
		]);
		const client = new PlatformClient(context, once, { retry: FAST_RETRY });
		const lost = await client.send({ method: 'Stock/Change' }, 3).catch((error: unknown) => error);
		expect(lost).toBeInstanceOf(NodeApiError);
		expect((lost as NodeApiError).message).toBe('Test Stock/Change failed (HTTP 500): HTTP 500');
		expect((lost as NodeApiError).context.itemIndex).toBe(3);
		expect(answerLost(lost)).toBe(true);
		expect(sent).toHaveLength(1);
		// A reset after sending: the answer is lost too, and the request is not sent again.
		const resetError = await client
			.send({ method: 'Stock/Change' })
			.catch((error: unknown) => error);
		expect(answerLost(resetError)).toBe(true);
		expect(sent).toHaveLength(2);
		// 429s were refused before processing: retried until the answer comes.
		await expect(client.send({ method: 'Stock/Change' })).resolves.toEqual({ ok: 4 });
		expect(sent).toHaveLength(5);
		// An idempotent request is still retried after a 500.
		await expect(client.send({ method: 'Stock/Get' })).resolves.toEqual({ ok: 5 });
		expect(sent).toHaveLength(7);
	});

	it('tells a lost answer from a refusal', () => {
		expect(answerLost(httpFailure(502, {}))).toBe(true);
		expect(answerLost(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toBe(true);
		expect(answerLost(httpFailure(429, {}))).toBe(false);
		expect(answerLost(httpFailure(400, {}))).toBe(false);
		expect(answerLost(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
		expect(answerLost(new Error('bug'))).toBe(false);
	});
});

describe('RateGate with several windows', () => {
	let now: number;
	let waits: number[];
	const gate = (limits: Record<string, number>, windowMs: number) =>
		new RateGate(
			(key) => limits[key] ?? Infinity,
			windowMs,
			async (ms) => {
				waits.push(ms);
				now += ms;
			},
			() => now,
		);
	const call = async () => 'ok';
	const isRefusal = (error: unknown) => (error as { status?: number }).status === 429;
	beforeEach(() => {
		now = 0;
		waits = [];
	});

	it('sends a call only when every window it draws on has room, waiting for the longest', async () => {
		const tenSeconds = gate({ request: 20, mutation: 100 }, 10_000);
		const hour = gate({ request: 10_000, mutation: 2 }, 3_600_000);
		const mutation = [
			{ gate: tenSeconds, key: 'request' },
			{ gate: tenSeconds, key: 'mutation' },
			{ gate: hour, key: 'request' },
			{ gate: hour, key: 'mutation' },
		];
		const query = [
			{ gate: tenSeconds, key: 'request' },
			{ gate: hour, key: 'request' },
		];
		await RateGate.runAll(mutation, call, isRefusal);
		await RateGate.runAll(mutation, call, isRefusal);
		for (let index = 0; index < 18; index++) await RateGate.runAll(query, call, isRefusal);
		expect(waits).toEqual([]);
		// The 10-second request budget is spent: a query waits for it, and only for it.
		await RateGate.runAll(query, call, isRefusal);
		expect(waits).toEqual([10_000]);
		// The hourly mutation budget is spent: a mutation waits the rest of the hour.
		await RateGate.runAll(mutation, call, isRefusal);
		expect(waits).toEqual([10_000, 3_590_000]);
	});

	it('takes no slot while waiting, so a waiting mutation never holds up queries', async () => {
		const tenSeconds = gate({ request: 2 }, 10_000);
		let wake: () => void = () => undefined;
		const hour = new RateGate(
			(key) => (key === 'mutation' ? 1 : Infinity),
			3_600_000,
			async () => await new Promise<void>((resolve) => (wake = resolve)),
			() => now,
		);
		const mutation = [
			{ gate: tenSeconds, key: 'request' },
			{ gate: hour, key: 'mutation' },
		];
		await RateGate.runAll(mutation, call, isRefusal);
		// The second mutation waits for the hour; it holds no 10-second slot meanwhile, so the
		// query takes the window's second slot without waiting.
		const waiting = RateGate.runAll(mutation, call, isRefusal);
		await RateGate.runAll([{ gate: tenSeconds, key: 'request' }], call, isRefusal);
		expect(waits).toEqual([]);
		now = 3_600_000;
		wake();
		await expect(waiting).resolves.toBe('ok');
	});
});

describe('ItemResults', () => {
	const results = (continueOnFail: boolean) =>
		new ItemResults({
			getNode: () => node,
			continueOnFail: () => continueOnFail,
		} as unknown as IExecuteFunctions);

	it('gives every row of a failed batch an error of its own with its own index', () => {
		const batchFailure = new NodeApiError(
			node,
			{ message: 'Batch refused' },
			{ message: 'Batch refused' },
		);
		const stopping = results(false);
		const indexes = [3, 5, 8].map((itemIndex) => {
			try {
				stopping.fail(itemIndex, batchFailure);
			} catch (error) {
				expect((error as NodeApiError).message).toBe('Batch refused');
				return (error as NodeApiError).context.itemIndex;
			}
			return undefined;
		});
		expect(indexes).toEqual([3, 5, 8]);
	});

	it('routes failed items to the error output, paired with their own input item', () => {
		const continuing = results(true);
		const shared = new NodeOperationError(node, 'Row refused', { description: 'Fix the row' });
		continuing.succeed(0, { ok: true });
		continuing.fail(1, shared);
		continuing.fail(2, shared);
		expect(continuing.toArray()).toEqual([
			{ json: { ok: true }, pairedItem: { item: 0 } },
			{ json: { error: 'Row refused', details: 'Fix the row' }, pairedItem: { item: 1 } },
			{ json: { error: 'Row refused', details: 'Fix the row' }, pairedItem: { item: 2 } },
		]);
	});
});

/** A context whose parameters are `parameters` for every item. */
function parameterContext(parameters: Record<string, unknown>) {
	return {
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			parameters[name] ?? fallback,
	} as unknown as IExecuteFunctions;
}

interface RouteRow {
	store: string;
	channel: string;
	warehouse: string;
}

const routeTable = new MappingTable<RouteRow>({
	name: 'routeMapping',
	displayName: 'Route Mapping',
	description: 'Store → channel and warehouse',
	rowName: 'Route',
	subject: 'store',
	key: 'store',
	requiredColumns: ['channel'],
	columns: [
		{ displayName: 'Store', name: 'store', type: 'string', default: '' },
		{ displayName: 'Channel', name: 'channel', type: 'string', default: '' },
		{ displayName: 'Warehouse', name: 'warehouse', type: 'string', default: '' },
	],
	unmapped: {
		parameter: 'unmappedStore',
		displayName: 'Unmapped Stores',
		default: 'error',
		policies: { error: 'Fail the item', default: 'Use the defaults below' },
		defaults: { channel: { default: 'WEB' }, warehouse: {} },
	},
});

describe('MappingTable', () => {
	it('declares the table, its policy and a default field per column, shown only for that policy', () => {
		const [table, policy, ...defaults] = routeTable.properties();
		expect(table).toMatchObject({
			name: 'routeMapping',
			type: 'fixedCollection',
			placeholder: 'Add Route',
		});
		expect(
			(table.options?.[0] as { values: INodeProperties[] }).values.map((column) => column.name),
		).toEqual(['store', 'channel', 'warehouse']);
		expect(policy).toMatchObject({ name: 'unmappedStore', default: 'error' });
		expect(policy.options?.map((option) => (option as { value: string }).value)).toEqual([
			'error',
			'default',
		]);
		expect(
			defaults.map(({ name, default: value, displayOptions }) => ({ name, value, displayOptions })),
		).toEqual([
			{
				name: 'defaultChannel',
				value: 'WEB',
				displayOptions: { show: { unmappedStore: ['default'] } },
			},
			{
				name: 'defaultWarehouse',
				value: '',
				displayOptions: { show: { unmappedStore: ['default'] } },
			},
		]);
	});

	it('matches rows case- and space-insensitively and ignores rows missing a required column', () => {
		const lookup = routeTable.read(
			parameterContext({
				routeMapping: {
					mapping: [
						{ store: ' Oxford Street ', channel: 'KIOSK', warehouse: 'LDN' },
						{ store: 'Brighton', channel: '', warehouse: 'BTN' },
					],
				},
			}),
			0,
		);
		expect(lookup.size).toBe(1);
		expect(lookup.resolve('oxford street')).toEqual({
			status: 'mapped',
			row: { store: ' Oxford Street ', channel: 'KIOSK', warehouse: 'LDN' },
		});
		expect(lookup.resolve('Brighton')).toEqual({ status: 'unmapped' });
	});

	it('uses the defaults below the table for unmapped values when that policy is chosen', () => {
		const lookup = routeTable.read(
			parameterContext({ unmappedStore: 'default', defaultWarehouse: 'LDN' }),
			0,
		);
		expect(lookup.resolve('Leeds')).toEqual({
			status: 'default',
			row: { store: 'Leeds', channel: 'WEB', warehouse: 'LDN' },
		});
	});

	it('words every unmapped error the same way, naming the values and how to fix them', () => {
		const lookup = routeTable.read(parameterContext({}), 0);
		const error = lookup.unmappedError(node, 2, ['Leeds', 'York', 'Leeds'], 'Order W-1');
		expect(error.message).toBe(
			'Order W-1: store "Leeds", "York" have no row in the Route Mapping table',
		);
		expect(error.description).toBe(
			'Add the store to the Route Mapping table (or choose "Use Defaults Below" in "Unmapped Stores"), then run again.',
		);
		expect(error.context.itemIndex).toBe(2);
	});

	it('translates SKUs, passing unmapped ones through or failing them as set', () => {
		const table = skuMappingTable('Linnworks');
		const rows = { skuMapping: { mapping: [{ sourceSku: 'KIOSK-1', targetSku: ' LW-1 ' }] } };
		const passing = table.read(parameterContext(rows), 0);
		expect(passing.translate('kiosk-1', 'targetSku')).toBe('LW-1');
		expect(passing.translate('OTHER', 'targetSku')).toBe('OTHER');
		const strict = table.read(parameterContext({ ...rows, unmappedSku: 'error' }), 0);
		expect(strict.translate('OTHER', 'targetSku')).toBeUndefined();
		expect(strict.unmappedError(node, 0, ['OTHER']).message).toBe(
			'SKU "OTHER" has no row in the SKU Mapping table',
		);
	});
});

interface DepotRow {
	location: string;
	depot: string;
}

const depotTable = new MappingTable<DepotRow>({
	name: 'depotMapping',
	displayName: 'Depot Mapping',
	description: 'Incoming location → depot',
	rowName: 'Location',
	subject: 'location',
	key: 'location',
	requiredColumns: ['depot'],
	columns: [
		{ displayName: 'Incoming Location', name: 'location', type: 'string', default: '' },
		{ displayName: 'Depot', name: 'depot', type: 'string', default: '' },
	],
	unmapped: {
		parameter: 'unmappedLocation',
		displayName: 'Unmapped Locations',
		default: 'passThrough',
		policies: { passThrough: 'As a depot', default: 'The depot below', error: 'Fail' },
		defaults: { depot: {} },
	},
});

const DEPOTS = ['north', 'south'];

function stockInput(kind: 'level' | 'delta', tables = true) {
	return new StockWriteInput<DepotRow>({
		kind,
		level: { displayName: 'Stock Level', description: 'The new level' },
		target: {
			name: 'depot',
			displayName: 'Depot Name or ID',
			loadOptionsMethod: 'getDepots',
			description: 'The depot',
			noun: 'depot',
		},
		...(tables
			? {
					locationTable: { table: depotTable, column: 'depot', targetName: 'Depot' },
					skuTable: skuMappingTable('Depot'),
				}
			: { defaultLocation: { description: 'Depot of items without a location' } }),
	});
}

/** Reads every item with the reader of `input`: a write, or the error's message and description. */
function readStock(
	input: StockWriteInput<DepotRow>,
	json: Array<Record<string, unknown>>,
	parameters: Record<string, unknown> = {},
) {
	const context = parameterContext(parameters);
	const read = input.reader(
		context,
		json.map((item) => ({ json: item })) as never,
		(reference, itemIndex) =>
			DEPOTS.includes(reference ?? '')
				? `depot:${reference}`
				: new NodeOperationError(node, `No depot "${reference ?? ''}"`, { itemIndex }),
	);
	return json.map((_, itemIndex) => {
		const write = read(itemIndex);
		return write instanceof NodeOperationError
			? { error: write.message, details: write.description, itemIndex: write.context.itemIndex }
			: write;
	});
}

describe('StockWriteInput (the input of every stock write)', () => {
	it('declares input mode, the Define Below fields and the tables shown for canonical items only', () => {
		const properties = stockInput('level').properties();
		expect(properties.map((property) => property.name)).toEqual([
			'inputMode',
			'sku',
			'quantity',
			'depot',
			'depotMapping',
			'unmappedLocation',
			'defaultDepot',
			'skuMapping',
			'unmappedSku',
		]);
		const byName = new Map(properties.map((property) => [property.name, property]));
		expect(byName.get('quantity')).toMatchObject({ displayName: 'Stock Level', required: true });
		expect(byName.get('depot')).toMatchObject({
			required: true,
			typeOptions: { loadOptionsMethod: 'getDepots' },
			displayOptions: { show: { inputMode: ['fields'] } },
		});
		expect(byName.get('depotMapping')?.displayOptions).toEqual({
			show: { inputMode: ['canonical'] },
		});
		expect(byName.get('defaultDepot')?.displayOptions).toEqual({
			show: { inputMode: ['canonical'], unmappedLocation: ['default'] },
		});
		expect(stockInput('delta').properties()[2]).toMatchObject({
			displayName: 'Change',
			description: 'How much to add (positive) or remove (negative)',
		});
		const optional = stockInput('level', false).properties();
		expect(optional.map((property) => property.name)).toEqual([
			'inputMode',
			'sku',
			'quantity',
			'depot',
			'defaultDepot',
		]);
		expect(optional[3].required).toBeUndefined();
	});

	it('declares every location table alike: incoming location → the platform column, three policies', () => {
		const table = stockLocationTable({
			name: 'depotMapping',
			displayName: 'Depot Mapping',
			description: 'Which depot each location is',
			column: { displayName: 'Depot', name: 'depot', type: 'string', default: '' },
			noun: 'depot',
			passThrough: 'The location is used as a depot name',
			defaultDescription: 'Depot of unmapped locations',
		});
		const [rows, policy, fallback] = table.properties();
		expect(
			(rows.options?.[0] as { values: INodeProperties[] }).values.map((column) => column.name),
		).toEqual(['location', 'depot']);
		expect(policy.options).toEqual([
			expect.objectContaining({
				value: 'passThrough',
				description: 'The location is used as a depot name',
			}),
			expect.objectContaining({
				value: 'default',
				description: 'Items from locations not in the table (or without one) go to the depot below',
			}),
			expect.objectContaining({
				value: 'error',
				description: 'The item fails with the location named, so no stock moves in the wrong depot',
			}),
		]);
		expect(fallback).toMatchObject({
			name: 'defaultDepot',
			description: 'Depot of unmapped locations',
		});
		const lookup = table.read(
			parameterContext({ depotMapping: { mapping: [{ location: 'A', depot: '' }] } }),
			0,
		);
		expect(lookup.size).toBe(0);
	});

	it('maps locations and SKUs of canonical items, with every unmapped-location policy', () => {
		const tables = {
			depotMapping: { mapping: [{ location: 'Oxford Street', depot: 'north' }] },
			skuMapping: { mapping: [{ sourceSku: 'KIOSK-1', targetSku: 'D-1' }] },
		};
		const items = [
			{ sku: 'KIOSK-1', location: 'oxford street', quantity: 4 },
			{ sku: 'B', location: 'south', quantity: 2 },
			{ sku: 'C', location: 'Leeds', quantity: 1 },
			{ sku: 'D', quantity: 1 },
		];
		expect(readStock(stockInput('level'), items, tables)).toEqual([
			{ itemIndex: 0, level: items[0], sku: 'D-1', target: 'depot:north' },
			{ itemIndex: 1, level: items[1], sku: 'B', target: 'depot:south' },
			{ error: 'No depot "Leeds"', details: undefined, itemIndex: 2 },
			{
				error: 'Stock item for SKU D has no location',
				details:
					'Give the item a location, or choose "Use Defaults Below" in "Unmapped Locations" and set Default Depot.',
				itemIndex: 3,
			},
		]);
		const strict = readStock(stockInput('level'), items, {
			...tables,
			unmappedLocation: 'error',
			unmappedSku: 'error',
		});
		expect(strict[1]).toMatchObject({
			error: 'Location "south" has no row in the Depot Mapping table',
		});
		const defaults = readStock(stockInput('level'), items, {
			...tables,
			unmappedLocation: 'default',
			unmappedSku: 'error',
		});
		expect(defaults.slice(1)).toEqual(
			['south', 'Leeds', ''].map((location, index) => ({
				error: `Location "${location}" is not mapped and no Default Depot is set`,
				details: 'Set Default Depot, or map the location.',
				itemIndex: index + 1,
			})),
		);
		const withDefault = readStock(stockInput('level'), items, {
			...tables,
			unmappedLocation: 'default',
			defaultDepot: 'south',
			unmappedSku: 'error',
		});
		expect(withDefault[2]).toMatchObject({ error: 'SKU "C" has no row in the SKU Mapping table' });
	});

	it('reads Define Below fields as they are (no tables) and fails invalid items with the fields named', () => {
		const fields = { inputMode: 'fields', sku: 'KIOSK-1', quantity: -3, depot: 'north' };
		const tables = { skuMapping: { mapping: [{ sourceSku: 'KIOSK-1', targetSku: 'D-1' }] } };
		expect(readStock(stockInput('delta'), [{}], { ...fields, ...tables })).toEqual([
			{
				itemIndex: 0,
				level: { sku: 'KIOSK-1', location: 'north', quantity: -3 },
				sku: 'KIOSK-1',
				target: 'depot:north',
			},
		]);
		const [invalid] = readStock(stockInput('level'), [{ sku: 'A', quantity: -3 }]);
		expect(invalid).toMatchObject({
			error: expect.stringContaining('Item 0: '),
			details: 'Each item needs sku, quantity and location (or use Define Below).',
		});
		const [delta] = readStock(stockInput('delta'), [
			{ sku: 'A', quantity: 1.5, location: 'north' },
		]);
		expect(delta).toMatchObject({ error: expect.stringContaining('whole number') });
	});

	it('gives canonical items without a location the default location when the location is optional', () => {
		const items = [
			{ sku: 'A', quantity: 1 },
			{ sku: 'B', quantity: 1, location: 'north' },
			{ sku: 'C', quantity: 1 },
		];
		expect(
			readStock(stockInput('level', false), items.slice(0, 2), { defaultDepot: 'south' }),
		).toEqual([
			{
				itemIndex: 0,
				level: { sku: 'A', quantity: 1, location: 'south' },
				sku: 'A',
				target: 'depot:south',
			},
			{ itemIndex: 1, level: items[1], sku: 'B', target: 'depot:north' },
		]);
		expect(readStock(stockInput('level', false), [items[2]])).toEqual([
			{ error: 'No depot ""', details: undefined, itemIndex: 0 },
		]);
		expect(stockInput('level', false).invalidHint).toBe(
			'Each item needs sku, quantity and optionally location.',
		);
	});
});

describe('RequestedLines (the lines of a shipment or delivery)', () => {
	const shipping = new RequestedLines({
		verb: 'ship',
		participle: 'Shipped',
		remaining: 'Every order line not yet shipped',
		default: 'remaining',
	});
	const lineError = (parameters: Record<string, unknown>, json: Record<string, unknown> = {}) => {
		try {
			shipping.read(parameterContext(parameters), { json } as never, 3);
		} catch (error) {
			const failure = error as NodeOperationError;
			return {
				message: failure.message,
				description: failure.description,
				itemIndex: failure.context.itemIndex,
			};
		}
		throw new Error('no error');
	};

	it('offers the default mode first and names the table after the verb', () => {
		const [mode, table] = shipping.properties();
		expect(mode.default).toBe('remaining');
		expect(mode.options?.map((option) => (option as { name: string }).name)).toEqual([
			'All Not Yet Shipped',
			'From Input Item',
			'Define Below',
		]);
		expect(table).toMatchObject({ displayName: 'Lines to Ship', name: 'lines' });
		const delivering = new RequestedLines({
			verb: 'deliver',
			participle: 'Delivered',
			remaining: '',
			default: 'input',
		});
		expect(
			delivering.properties()[0].options?.map((option) => (option as { value: string }).value),
		).toEqual(['input', 'remaining', 'below']);
	});

	it('reads the lines of the item or the table, undefined for all not yet fulfilled', () => {
		const context = (parameters: Record<string, unknown>) => parameterContext(parameters);
		const item = { json: { lines: [{ sku: ' A ', quantity: '2' }] } } as never;
		expect(shipping.read(context({}), item, 0)).toBeUndefined();
		expect(shipping.read(context({ linesMode: 'input' }), item, 0)).toEqual([
			{ sku: 'A', quantity: 2 },
		]);
		expect(
			shipping.read(
				context({ linesMode: 'below', lines: { line: [{ sku: 'B', quantity: 1 }] } }),
				item,
				0,
			),
		).toEqual([{ sku: 'B', quantity: 1 }]);
	});

	it('fails the item for a line without SKU or whole quantity, or no lines, saying where to fix it', () => {
		expect(
			lineError(
				{ linesMode: 'input' },
				{
					lines: [
						{ sku: 'A', quantity: 1 },
						{ sku: 'B', quantity: 0.5 },
					],
				},
			),
		).toEqual({
			message: 'Line 2 to ship needs a SKU and a whole quantity of 1 or more',
			description:
				'The input item needs lines: [{ sku, quantity }], as a canonical fulfilment has.',
			itemIndex: 3,
		});
		expect(lineError({ linesMode: 'below' })).toEqual({
			message: 'No lines to ship were given',
			description: 'Fill in SKU and Quantity of every line in "Lines to Ship".',
			itemIndex: 3,
		});
	});
});

interface Change {
	id: string;
	at: string;
}

/** A poll context with static data that persists across polls, like n8n's. */
function pollContext(staticData: CursorState, mode: 'trigger' | 'manual' = 'trigger') {
	return {
		getNode: () => node,
		getMode: () => mode,
		getWorkflowStaticData: () => staticData,
	} as unknown as IPollFunctions;
}

describe('pollWithCursor', () => {
	const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 10, minute)).toISOString();
	let source: Change[];
	const poll = (
		state: CursorState,
		extra: Partial<Parameters<typeof pollWithCursor<Change>>[1]> = {},
		mode: 'trigger' | 'manual' = 'trigger',
	) =>
		pollWithCursor<Change>(pollContext(state, mode), {
			startFrom: '',
			maxPerPoll: 2,
			sampleSize: 1,
			read: async ({ since }) =>
				source.filter((record) => !since || Date.parse(record.at) >= since.getTime()),
			idOf: (record) => record.id,
			timeOf: (record) => record.at,
			toItems: async (records) => records.map((record) => ({ id: record.id })),
			...extra,
		});

	beforeEach(() => {
		source = [
			{ id: 'c', at: at(3) },
			{ id: 'a', at: at(1) },
			{ id: 'b', at: at(3) },
			{ id: 'd', at: at(5) },
		];
	});

	it('starts from activation on the first poll, emitting nothing', async () => {
		const state: CursorState = {};
		expect(await poll(state)).toEqual([]);
		expect(state).toEqual({ after: expect.any(String), emitted: [] });
	});

	it('emits oldest first, at most maxPerPoll, and never twice at the cursor boundary', async () => {
		const state: CursorState = {};
		const startFrom = at(0);
		expect(await poll(state, { startFrom })).toEqual([{ id: 'a' }, { id: 'c' }]);
		expect(state).toEqual({ after: at(3), emitted: ['c'] });
		expect(await poll(state, { startFrom })).toEqual([{ id: 'b' }, { id: 'd' }]);
		expect(await poll(state, { startFrom })).toEqual([]);
	});

	it('does not move the cursor when the records could not be turned into items', async () => {
		const state: CursorState = { after: at(0), emitted: [] };
		await expect(
			poll(state, {
				toItems: async () => {
					throw new Error('detail read failed');
				},
			}),
		).rejects.toThrow('detail read failed');
		expect(state).toEqual({ after: at(0), emitted: [] });
	});

	it('remembers the last N emitted ids when records come back with a newer time', async () => {
		const state: CursorState = { after: at(0), emitted: [] };
		await poll(state, { remember: 3, maxPerPoll: 10 });
		expect(state.emitted).toEqual(['c', 'b', 'd']);
		source.push({ id: 'd', at: at(9) });
		expect(await poll(state, { remember: 3 })).toEqual([]);
	});

	it('returns the newest records as a sample on manual runs and leaves the cursor alone', async () => {
		const state: CursorState = { after: at(4), emitted: ['d'] };
		expect(await poll(state, { sampleSize: 2 }, 'manual')).toEqual([{ id: 'b' }, { id: 'd' }]);
		expect(state).toEqual({ after: at(4), emitted: ['d'] });
	});

	it('continues from a cursor saved by release 0.1.0', async () => {
		const state = { dispatchedAfter: at(3), emittedAtCursor: ['c'] } as CursorState;
		expect(await poll(state, { startFrom: at(0) })).toEqual([{ id: 'b' }, { id: 'd' }]);
		expect(state).toEqual({ after: at(5), emitted: ['d'] });
	});

	it('says what to enter when Start From is not a date', async () => {
		await expect(poll({}, { startFrom: 'next tuesday' })).rejects.toThrow(
			'"Start From" is not a date: next tuesday',
		);
	});
});

describe('rememberIds (the bounded memory of ids handled)', () => {
	it('appends the new ids, keeps the newest max, and does not change the list it was given', () => {
		const list = ['a', 'b', 'c'];
		expect(rememberIds(list, ['d', 'e'], 4)).toEqual(['b', 'c', 'd', 'e']);
		expect(list).toEqual(['a', 'b', 'c']);
		expect(rememberIds(undefined, ['a'], 4)).toEqual(['a']);
		expect(rememberIds(list, [], 2)).toEqual(['b', 'c']);
	});

	it('keeps an id once, at its newest place, so repeats do not push others out', () => {
		expect(rememberIds(['a', 'b', 'c'], ['a', 'd', 'd'], 3)).toEqual(['c', 'a', 'd']);
	});
});

describe('PlatformClient pauseAfter (a budget the answers say is nearly spent)', () => {
	const pausingApi: PlatformApi<TestCall> = {
		...testApi,
		toHttp: (call, credentials) => ({
			...testApi.toHttp(call, credentials),
			returnFullResponse: true,
		}),
		readAnswer: (answer) => (answer as { body: unknown }).body,
		pauseAfter: (headers) => (Number(headers['x-remaining']) <= 1 ? 5_000 : 0),
	};
	const full = (remaining: number, body: unknown = {}) => ({
		statusCode: 200,
		headers: { 'x-remaining': String(remaining) },
		body,
	});

	it('holds the next call for the pause an answer asks for, and not when it asks for none', async () => {
		const { context, sent } = clientContext([
			() => full(5, { n: 1 }),
			() => full(1, { n: 2 }),
			() => full(0, { n: 3 }),
		]);
		const waits: number[] = [];
		const client = new PlatformClient(context, pausingApi, {
			retry: FAST_RETRY,
			wait: async (ms) => {
				waits.push(ms);
			},
		});
		await expect(client.send({ method: 'A' })).resolves.toEqual({ n: 1 });
		await expect(client.send({ method: 'B' })).resolves.toEqual({ n: 2 });
		expect(waits).toEqual([]);
		await expect(client.send({ method: 'C' })).resolves.toEqual({ n: 3 });
		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeGreaterThan(4_000);
		expect(waits[0]).toBeLessThanOrEqual(5_000);
		expect(sent).toHaveLength(3);
	});

	it('reads the headers of a failed answer too', async () => {
		const refused = Object.assign(new Error('Request failed with status code 400'), {
			httpCode: '400',
			cause: { response: { status: 400, headers: { 'x-remaining': '0' }, data: {} } },
		});
		const { context } = clientContext([
			() => {
				throw refused;
			},
			() => full(9),
		]);
		const waits: number[] = [];
		const client = new PlatformClient(context, pausingApi, {
			retry: FAST_RETRY,
			wait: async (ms) => {
				waits.push(ms);
			},
		});
		await expect(client.send({ method: 'A' })).rejects.toThrow();
		await client.send({ method: 'B' });
		expect(waits).toHaveLength(1);
	});
});

describe('PendingWrites (accepted writes not visible yet, in static data)', () => {
	function holder() {
		const data: Record<string, unknown> = {};
		return { data, context: { getWorkflowStaticData: () => data as never } };
	}

	it('keeps entries in the node static data under their namespace, stamped when put', () => {
		const { data, context } = holder();
		let now = 1_000;
		const pending = PendingWrites.of<{ delta: number }>(context, 'stockSet', { now: () => now });
		pending.put('loc|bin|item', { delta: 3 });
		expect(data).toEqual({ stockSet: { 'loc|bin|item': { delta: 3, at: 1_000 } } });
		now = 2_000;
		const again = PendingWrites.of<{ delta: number }>(context, 'stockSet', { now: () => now });
		expect(again.get('loc|bin|item')).toEqual({ delta: 3, at: 1_000 });
		again.delete('loc|bin|item');
		expect(again.get('loc|bin|item')).toBeUndefined();
		expect(data.stockSet).toEqual({});
	});

	it('forgets entries older than the window', () => {
		const { data, context } = holder();
		let now = 0;
		const pending = PendingWrites.of<{ id: string }>(context, 'orders', {
			windowMs: 100,
			now: () => now,
		});
		pending.put('a', { id: '1' });
		now = 50;
		pending.put('b', { id: '2' });
		now = 120;
		expect(pending.get('a')).toBeUndefined();
		expect(pending.get('b')).toEqual({ id: '2', at: 50 });
		now = 200;
		PendingWrites.of(context, 'orders', { windowMs: 100, now: () => now });
		expect(data.orders).toEqual({});
	});

	it('keeps at most max entries, dropping the oldest; a put again makes an entry the newest', () => {
		const { context } = holder();
		let now = 0;
		const pending = PendingWrites.of<{ n: number }>(context, 'x', { max: 2, now: () => ++now });
		pending.put('a', { n: 1 });
		pending.put('b', { n: 2 });
		pending.put('a', { n: 3 });
		pending.put('c', { n: 4 });
		expect(pending.keys()).toEqual(['a', 'c']);
		expect(pending.get('a')).toMatchObject({ n: 3 });
		expect(pending.size).toBe(2);
	});

	it('starts empty over static data of another shape', () => {
		const data: Record<string, unknown> = { x: 'not an object' };
		const pending = PendingWrites.of({ getWorkflowStaticData: () => data as never }, 'x');
		expect(pending.size).toBe(0);
		expect(data.x).toEqual({});
	});
});

describe('Directory (records named by ID or by name)', () => {
	const bins = [
		{ id: 'b-1', name: 'Default' },
		{ id: 'b-2', name: 'Overflow ' },
		{ id: '7', name: 'b-1' },
	];
	const directory = new Directory(bins, {
		owner: 'Stokly location "Oxford Street"',
		kind: 'bin',
		idOf: (bin) => bin.id,
		nameOf: (bin) => bin.name,
	});

	it('finds by ID first, else by name, case and outer spaces ignored as mapping tables do', () => {
		expect(
			byIdOrName(
				bins,
				'b-2',
				(bin) => bin.id,
				(bin) => bin.name,
			),
		).toBe(bins[1]);
		expect(directory.find(' overflow')).toBe(bins[1]);
		expect(directory.find('DEFAULT')).toBe(bins[0]);
		// An ID wins over a name that reads the same.
		expect(directory.find('b-1')).toBe(bins[0]);
		expect(directory.find(7)).toBe(bins[2]);
		expect(directory.find('')).toBeUndefined();
		expect(directory.find(undefined)).toBeUndefined();
		expect(directory.find('Mars')).toBeUndefined();
	});

	it('words an unknown reference one way, naming what there is and what else to do', () => {
		const error = directory.unknown(node, 'Mars', {
			itemIndex: 2,
			hint: 'Or leave Bin empty for the default bin.',
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Stokly location "Oxford Street" has no bin "Mars"');
		expect(error.description).toBe(
			'Give the name or ID of one of its bins (Default, Overflow , b-1). Or leave Bin empty for the default bin.',
		);
		expect(error.context.itemIndex).toBe(2);
		const none = new Directory([], {
			owner: 'Stokly',
			kind: 'channel',
			idOf: (entry: { id: string }) => entry.id,
			nameOf: () => undefined,
		});
		expect(none.unknown(node, 'Kiosk').description).toBe(
			'Give the name or ID of one of its channels (none).',
		);
	});

	it('resolves several references in their order, each once, and throws on an unknown one', () => {
		expect(directory.resolveAll(node, ['overflow', 'b-2', 'Default'])).toEqual([bins[1], bins[0]]);
		expect(() => directory.resolve(node, 'Mars')).toThrow(
			'Stokly location "Oxford Street" has no bin "Mars"',
		);
	});
});
