/**
 * The Stokly sandbox over HTTP: grant and tokens, rate limit, paging and the envelope, the filter
 * grammar, asynchronous (202) writes, adjustments, sale orders and their fulfilment, customers,
 * fault injection and listings at 100,000 items.
 */
import { StoklySandbox, SANDBOX_ACCOUNT, grantSignature } from '../../sandbox/stokly/server';
import type { SeedData } from '../../sandbox/stokly/state';

/** Answers are read member by member, as JSON.parse types what it reads. */
type Json = ReturnType<typeof JSON.parse>;

const SEED: SeedData = {
	locations: [
		{ name: 'Warehouse' },
		{ name: 'Store A', bins: ['Shop Floor', 'Back Room'] },
		{ name: 'Store B' },
	],
	channels: [{ name: 'Cloudshelf' }, { name: 'eBay', type: 2 }],
	items: [
		{ sku: 'TEE', name: 'Tee', salePrice: 15, images: ['https://img.example/tee.jpg'] },
		{
			sku: 'TEE-S',
			name: 'Tee S',
			parentSku: 'TEE',
			salePrice: 15,
			barcodes: ['5000000000011'],
			attributes: { Size: 'S' },
			stock: { Warehouse: 10, 'Store A': { 'Shop Floor': 2, 'Back Room': 3 } },
		},
		{
			sku: 'TEE-M',
			name: 'Tee M',
			parentSku: 'TEE',
			salePrice: { amount: 16.5, currency: 'GBP' },
			attributes: [{ name: 'Size', value: 'M' }],
			stock: { Warehouse: 4, 'Store B': 1 },
		},
		{
			sku: 'MUG',
			name: 'Coffee mug',
			salePrice: 8,
			barcodes: ['5000000000028'],
			stock: { 'Store A': 6 },
		},
		{ sku: '00123', name: 'Numbered sticker', salePrice: 1 },
		{ sku: 'SCARF', name: 'Old scarf', status: 1 },
	],
};

let sandbox: StoklySandbox;
let token: string;

async function start(options: ConstructorParameters<typeof StoklySandbox>[0] = {}) {
	await sandbox?.close();
	sandbox = new StoklySandbox(options);
	sandbox.state.seed(SEED);
	await sandbox.listen();
	token = await grant();
}

beforeEach(async () => start());
afterEach(async () => sandbox.close());

async function post(path: string, body: unknown, bearer: string | null = token) {
	return api('POST', path, body, bearer);
}

async function api(
	method: string,
	path: string,
	body?: unknown,
	bearer: string | null = token,
): Promise<{ status: number; body: Json; headers: Headers }> {
	const response = await fetch(`${sandbox.baseUrl}${path}`, {
		method,
		headers: {
			...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		body: text ? (JSON.parse(text) as Json) : undefined,
		headers: response.headers,
	};
}

const get = (path: string, bearer: string | null = token) => api('GET', path, undefined, bearer);

async function grantAnswer(
	overrides: Partial<{ accountkey: string; clientId: string; signature: string }> = {},
) {
	return post(
		'/v1/grant',
		{
			accountkey: SANDBOX_ACCOUNT.accountKey,
			clientId: SANDBOX_ACCOUNT.clientId,
			signature: grantSignature(SANDBOX_ACCOUNT.clientSecret, SANDBOX_ACCOUNT.clientId),
			...overrides,
		},
		null,
	);
}

async function grant(): Promise<string> {
	const answer = await grantAnswer();
	expect(answer.status).toBe(200);
	return answer.body.data.authenticationResult.accessToken as string;
}

/** A list call with the filter URL-encoded (&& as %26%26), answering the rows and count. */
async function list(path: string, params: Record<string, string | number> = {}) {
	const query = new URLSearchParams(
		Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]),
	);
	return get(`${path}?${query.toString()}`);
}

async function skus(filter: string, path = '/v0/items'): Promise<string[]> {
	const answer = await list(path, { filter, size: 1000 });
	expect(answer.status).toBe(200);
	return (answer.body.data as Array<{ sku: string }>).map((row) => row.sku);
}

const id = {
	item: (sku: string) => sandbox.state.itemBySku(sku)!.itemId,
	location: (name: string) => sandbox.state.locationByName(name)!.locationId,
	bin: (location: string, name?: string) => {
		const bins = sandbox.state.locationByName(location)!.bins;
		return (name ? bins.find((bin) => bin.name === name) : bins.find((bin) => bin.default === 1))!
			.binId;
	},
	channel: (name: string) => sandbox.state.channelByName(name)!.channelId,
};

function saleOrderBody(overrides: Record<string, unknown> = {}) {
	return {
		stage: 'order',
		createdAt: '2026-05-01T10:11:12Z',
		sourceType: 'other',
		sourceId: id.channel('Cloudshelf'),
		sourceReferenceId: 'gid://cloudshelf/Order/1',
		customerReference: 'CS-1',
		currency: 'GBP',
		tags: ['cloudshelf'],
		locationId: id.location('Store A'),
		shipping: { option: 'Standard', cost: 3, tax: 0.6 },
		items: [
			{
				type: 'item',
				referenceId: id.item('TEE-S'),
				quantity: 2,
				displayPrice: 12.5,
				displayTax: 2.5,
			},
			{ referenceId: id.item('MUG'), quantity: 1, displayPrice: 6.67, displayTax: 1.33 },
		],
		payments: [{ method: 4, amount: 41.6 }],
		...overrides,
	};
}

async function createOrder(overrides: Record<string, unknown> = {}): Promise<string> {
	const answer = await post('/v2/saleorders', saleOrderBody(overrides));
	expect(answer.status).toBe(202);
	return answer.body.data.id as string;
}

async function linesOf(saleOrderId: string) {
	const answer = await get(`/v2/saleorders/${saleOrderId}/items`);
	expect(answer.status).toBe(200);
	return answer.body.data as Array<{
		lineId: string;
		itemSku: string;
		status: string;
		quantity: number;
	}>;
}

describe('Stokly sandbox: grant and tokens', () => {
	it('grants a token for the hex HMAC-SHA256 of the client id keyed by the secret', async () => {
		const answer = await grantAnswer();
		expect(answer.status).toBe(200);
		const result = answer.body.data.authenticationResult;
		expect(result.accessToken).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(Date.parse(result.expiry)).toBeGreaterThan(Date.now() + 59 * 60_000);
		const locations = await get('/v0/locations', result.accessToken as string);
		expect(locations.status).toBe(200);
	});

	it('refuses a wrong signature, an unknown client or account key with a 401, and a missing field with a 400', async () => {
		for (const overrides of [
			{ signature: grantSignature('wrong-secret', SANDBOX_ACCOUNT.clientId) },
			{ signature: 'not-hex' },
			{ clientId: 'someone-else' },
			{ accountkey: 'other-account' },
		]) {
			const answer = await grantAnswer(overrides);
			expect([answer.status, answer.body]).toEqual([
				401,
				{ message: 'Invalid account key, client id or signature' },
			]);
		}
		const missing = await post('/v1/grant', { accountkey: SANDBOX_ACCOUNT.accountKey }, null);
		expect(missing.status).toBe(400);
		expect(missing.body.message).toMatch(/clientId is required/);
	});

	it('answers 401 without a token, with an unknown one, and "jwt expired" after expiry', async () => {
		expect(await get('/v0/items', null)).toMatchObject({
			status: 401,
			body: { message: 'No authorization token was found' },
		});
		expect(await get('/v0/items', 'made-up')).toMatchObject({
			status: 401,
			body: { message: 'invalid token' },
		});
		sandbox.state.expireTokens();
		expect(await get('/v0/items')).toMatchObject({ status: 401, body: { message: 'jwt expired' } });
		// A new grant works again.
		token = await grant();
		expect((await get('/v0/items')).status).toBe(200);
	});

	it('expires tokens after tokenTtlMs', async () => {
		await start({ tokenTtlMs: 0 });
		expect(await get('/v0/items')).toMatchObject({ status: 401, body: { message: 'jwt expired' } });
	});
});

describe('Stokly sandbox: rate limit', () => {
	it('counts requests per account key in a rolling window, with x-ratelimit headers and a 429 with retry-after', async () => {
		await start({ rateLimit: 4 }); // the grant in start() was the first request
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push(await get('/v0/channels'));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
		expect(answers.map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual([
			'2',
			'1',
			'0',
			'0',
		]);
		expect(answers[0].headers.get('x-ratelimit-limit')).toBe('4');
		expect(answers[3].body).toEqual({ message: 'Too many requests' });
		expect(Number(answers[3].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
	});

	it('scales the limit by the common fault factor and answers injected bursts the same way', async () => {
		sandbox.setFaults({ rateLimitScale: 0.005 }); // 600 → 3
		const first = await get('/v0/channels');
		expect(first.headers.get('x-ratelimit-limit')).toBe('3');
		sandbox.setFaults({ rateLimitScale: 1, burst429: 1, burstRetryAfterSeconds: 7 });
		const burst = await get('/v0/channels');
		expect([burst.status, burst.body, burst.headers.get('retry-after')]).toEqual([
			429,
			{ message: 'Too many requests' },
			'7',
		]);
		expect(burst.headers.get('x-ratelimit-remaining')).toBe('0');
		expect((await get('/v0/channels')).status).toBe(200);
	});
});

describe('Stokly sandbox: listings', () => {
	it('pages 0-based with size (default 100, max 1000) in the {data, metadata.count} envelope', async () => {
		const first = await list('/v0/items', { size: 2 });
		expect(first.status).toBe(200);
		expect(first.body.metadata).toEqual({ count: 6 });
		expect(first.body.data.map((row: { sku: string }) => row.sku)).toEqual(['TEE', 'TEE-S']);
		const last = await list('/v0/items', { size: 4, page: 1 });
		expect(last.body.data.map((row: { sku: string }) => row.sku)).toEqual(['00123', 'SCARF']);
		const past = await list('/v0/items', { size: 4, page: 5 });
		expect([past.body.data, past.body.metadata.count]).toEqual([[], 6]);
		const all = await list('/v0/items');
		expect(all.body.data).toHaveLength(6);
		const tooBig = await list('/v0/items', { size: 1001 });
		expect([tooBig.status, tooBig.body]).toEqual([400, { message: 'size must be at most 1000' }]);
		expect((await list('/v0/items', { size: 0 })).status).toBe(400);
		expect((await list('/v0/items', { page: -1 })).status).toBe(400);
		expect((await list('/v0/items', { page: 'x' })).status).toBe(400);
	});

	it('sorts by sortField ASC or DESC and refuses unknown fields or directions', async () => {
		const byName = await list('/v0/items', { sortField: 'name', sortDirection: 'ASC' });
		expect(byName.body.data.map((row: { name: string }) => row.name)).toEqual([
			'Coffee mug',
			'Numbered sticker',
			'Old scarf',
			'Tee',
			'Tee M',
			'Tee S',
		]);
		const stock = await list('/v1/inventory-records', {
			sortField: 'onHand',
			sortDirection: 'DESC',
			size: 3,
			filter: '[binId]!={UNASSIGNED}',
		});
		expect(stock.body.data.map((row: { onHand: number }) => row.onHand)).toEqual([10, 6, 4]);
		const unknown = await list('/v0/items', { sortField: 'colour' });
		expect(unknown.status).toBe(400);
		expect(unknown.body.message).toMatch(/sortField "colour"/);
		expect((await list('/v0/items', { sortDirection: 'UP' })).status).toBe(400);
	});

	it('serves locations, bins, channels and items with their fields, single ones as {data}', async () => {
		const locations = await list('/v0/locations');
		expect(locations.body.data).toEqual([
			{ locationId: id.location('Warehouse'), name: 'Warehouse', status: 0 },
			{ locationId: id.location('Store A'), name: 'Store A', status: 0 },
			{ locationId: id.location('Store B'), name: 'Store B', status: 0 },
		]);
		const one = await get(`/v0/locations/${id.location('Store A')}`);
		expect(one.body).toEqual({ data: locations.body.data[1] });
		expect(await get('/v0/locations/nope')).toMatchObject({
			status: 404,
			body: { message: 'Location nope not found' },
		});
		const bins = await list(`/v0/locations/${id.location('Store A')}/bins`);
		expect(bins.body.data).toEqual([
			{
				binId: id.bin('Store A', 'Shop Floor'),
				locationId: id.location('Store A'),
				name: 'Shop Floor',
				default: 1,
				status: 'active',
			},
			expect.objectContaining({ name: 'Back Room', default: 0 }),
		]);
		const defaultBin = await list(`/v0/locations/${id.location('Store A')}/bins`, {
			filter: '[default]=={1}',
		});
		expect(defaultBin.body.data.map((bin: { name: string }) => bin.name)).toEqual(['Shop Floor']);
		const allBins = await list('/v0/bins', { filter: `[locationId]=={${id.location('Store B')}}` });
		expect(allBins.body.data).toHaveLength(1);
		const channels = await list('/v0/channels');
		expect(channels.body.data).toEqual([
			{ channelId: id.channel('Cloudshelf'), name: 'Cloudshelf', type: 0, status: 0 },
			{ channelId: id.channel('eBay'), name: 'eBay', type: 2, status: 0 },
		]);
		expect((await get(`/v0/channels/${id.channel('eBay')}`)).body.data.name).toBe('eBay');

		const parent = (await get(`/v0/items/${id.item('TEE')}`)).body.data;
		expect(parent).toEqual({
			itemId: id.item('TEE'),
			sku: 'TEE',
			name: 'Tee',
			status: 0,
			format: 2,
			barcodes: [],
			salePrice: { amount: 15, currency: 'GBP' },
			images: [{ uri: 'https://img.example/tee.jpg' }],
			attributes: [],
			variantItems: [id.item('TEE-S'), id.item('TEE-M')],
			variableAttributes: ['Size'],
			timeCreated: expect.any(String),
			timeUpdated: expect.any(String),
		});
		const variant = (await get(`/v0/items/${id.item('TEE-M')}`)).body.data;
		expect(variant).toMatchObject({
			format: 0,
			salePrice: { amount: 16.5, currency: 'GBP' },
			attributes: [{ name: 'Size', value: 'M' }],
		});
		expect(variant).not.toHaveProperty('variantItems');
		const children = await list(`/v0/items/${id.item('TEE')}/children`);
		expect(children.body.data.map((row: { sku: string }) => row.sku)).toEqual(['TEE-S', 'TEE-M']);
		expect((await get('/v0/items/nope')).status).toBe(404);
	});

	it('keeps one inventory record per item × location × bin, variable parents having none', async () => {
		const records = await list('/v1/inventory-records', {
			filter: `[itemId]=={${id.item('TEE-S')}}&&[binId]!={UNASSIGNED}`,
		});
		expect(records.body.metadata.count).toBe(4);
		expect(records.body.data).toEqual([
			{
				itemId: id.item('TEE-S'),
				itemSku: 'TEE-S',
				itemName: 'Tee S',
				locationId: id.location('Warehouse'),
				locationName: 'Warehouse',
				binId: id.bin('Warehouse'),
				binName: 'Default',
				onHand: 10,
				quarantined: 0,
				onOrder: 0,
			},
			expect.objectContaining({ binName: 'Shop Floor', onHand: 2 }),
			expect.objectContaining({ binName: 'Back Room', onHand: 3 }),
			expect.objectContaining({ locationName: 'Store B', onHand: 0 }),
		]);
		expect(sandbox.state.onHand('TEE-S', 'Store A')).toBe(5);
		const parent = await list('/v1/inventory-records', { filter: '[itemSku]=={TEE}' });
		expect(parent.body.metadata.count).toBe(0);
		// 5 stock-holding items × (4 bins + 3 location rows + 1 account row).
		expect((await list('/v1/inventory-records')).body.metadata.count).toBe(40);
	});

	it('adds UNASSIGNED rows per item × location (bins summed, on order) and per item (all summed)', async () => {
		sandbox.state.seed({
			items: [
				{
					sku: 'BAG',
					name: 'Bag',
					stock: { 'Store A': { 'Back Room': 2 } },
					onOrder: { 'Store A': 5 },
				},
			],
		});
		const byLocation = await list('/v1/inventory-records', {
			filter: `[itemSku]=={TEE-S}&&[locationId]!={UNASSIGNED}&&[binId]=={UNASSIGNED}`,
		});
		expect(byLocation.body.data).toEqual([
			{
				itemId: id.item('TEE-S'),
				itemSku: 'TEE-S',
				itemName: 'Tee S',
				locationId: id.location('Warehouse'),
				locationName: 'Warehouse',
				binId: 'UNASSIGNED',
				binName: 'UNASSIGNED',
				onHand: 10,
				quarantined: 0,
				onOrder: 0,
			},
			expect.objectContaining({ locationName: 'Store A', onHand: 5 }),
			expect.objectContaining({ locationName: 'Store B', onHand: 0 }),
		]);
		const account = await list('/v1/inventory-records', { filter: '[locationId]=={UNASSIGNED}' });
		expect(
			account.body.data.map((row: { itemSku: string; onHand: number; onOrder: number }) => [
				row.itemSku,
				row.onHand,
				row.onOrder,
			]),
		).toEqual([
			['TEE-S', 15, 0],
			['TEE-M', 5, 0],
			['MUG', 6, 0],
			['00123', 0, 0],
			['SCARF', 0, 0],
			['BAG', 2, 5],
		]);
		const bag = await list('/v1/inventory-records', {
			filter: `[itemSku]=={BAG}&&[locationId]=={${id.location('Store A')}}`,
		});
		expect(
			bag.body.data.map((row: { binName: string; onHand: number; onOrder: number }) => [
				row.binName,
				row.onHand,
				row.onOrder,
			]),
		).toEqual([
			['UNASSIGNED', 2, 5],
			['Shop Floor', 0, 0],
			['Back Room', 2, 0],
		]);
		// Adjustments and fulfilment move the aggregate rows with the bins; UNASSIGNED is no bin.
		await post('/v1/adjustments', {
			locationId: id.location('Store A'),
			binId: id.bin('Store A'),
			items: [{ itemId: id.item('BAG'), quantity: 3 }],
		});
		const after = sandbox.state.recordsOf('BAG').filter((row) => row.binId === 'UNASSIGNED');
		expect(after.map((row) => [row.locationName, row.onHand])).toEqual([
			['UNASSIGNED', 5],
			['Warehouse', 0],
			['Store A', 5],
			['Store B', 0],
		]);
		const unassigned = await post('/v1/adjustments', {
			locationId: id.location('Store A'),
			binId: 'UNASSIGNED',
			items: [{ itemId: id.item('BAG'), quantity: 3 }],
		});
		expect(unassigned.status).toBe(400);
	});

	it('shows changes made in Stokly itself: items updated, stock taken', async () => {
		const before = sandbox.state.itemBySku('MUG')!.timeUpdated;
		sandbox.state.updateItem('MUG', { name: 'Big mug', salePrice: { amount: 9, currency: 'GBP' } });
		const item = (await get(`/v0/items/${id.item('MUG')}`)).body.data;
		expect([item.name, item.salePrice.amount]).toEqual(['Big mug', 9]);
		expect(Date.parse(item.timeUpdated as string)).toBeGreaterThanOrEqual(Date.parse(before));
		sandbox.state.setOnHand('MUG', 'Store A', 2);
		sandbox.state.setOnHand('MUG', 'Store A', 1, 'Back Room');
		const rows = await list('/v1/inventory-records', {
			filter: `[itemSku]=={MUG}&&[locationId]=={${id.location('Store A')}}`,
		});
		expect(
			rows.body.data.map((row: { itemName: string; binName: string; onHand: number }) => [
				row.itemName,
				row.binName,
				row.onHand,
			]),
		).toEqual([
			['Big mug', 'UNASSIGNED', 3],
			['Big mug', 'Shop Floor', 2],
			['Big mug', 'Back Room', 1],
		]);
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(3);
	});

	it('refuses a filter whose && was not URL-encoded (it would split the query)', async () => {
		const raw = await get(`/v0/items?filter=[sku]=={MUG}&&[status]=={0}`);
		expect(raw.status).toBe(400);
		expect(raw.body.message).toMatch(/encode && in a filter as %26%26/);
		const encoded = await get(`/v0/items?filter=[sku]=={MUG}%26%26[status]=={0}`);
		expect(encoded.body.data.map((row: { sku: string }) => row.sku)).toEqual(['MUG']);
	});
});

describe('Stokly sandbox: filter grammar', () => {
	it('supports == and != with typed literals: numbers are not strings, @string forces text, @null matches null', async () => {
		expect(await skus('[sku]=={MUG}')).toEqual(['MUG']);
		expect(await skus('[sku]=={@string;MUG}')).toEqual(['MUG']);
		// An untyped value that looks like a number is a number, and never equals a string field.
		expect(await skus('[sku]=={00123}')).toEqual([]);
		expect(await skus('[sku]=={@string;00123}')).toEqual(['00123']);
		expect(await skus('[status]=={1}')).toEqual(['SCARF']);
		expect(await skus('[status]!={1}')).toEqual(['TEE', 'TEE-S', 'TEE-M', 'MUG', '00123']);
		expect(await skus('[variantItems]=={@null;}')).toEqual([
			'TEE-S',
			'TEE-M',
			'MUG',
			'00123',
			'SCARF',
		]);
		expect(await skus('[variantItems]!={@null;}')).toEqual(['TEE']);
		expect(await skus('[salePrice.amount]=={16.5}')).toEqual(['TEE-M']);
		// == on an array field matches an element.
		expect(await skus('[barcodes]=={@string;5000000000028}')).toEqual(['MUG']);
	});

	it('supports :: and !: (array contains, or a case-insensitive substring of text)', async () => {
		expect(await skus('[name]::{tee}')).toEqual(['TEE', 'TEE-S', 'TEE-M']);
		expect(await skus('[name]!:{tee}')).toEqual(['MUG', '00123', 'SCARF']);
		expect(await skus('[barcodes]::{@string;5000000000011}')).toEqual(['TEE-S']);
		expect(await skus('[variableAttributes]::{Size}')).toEqual(['TEE']);
	});

	it('supports =* (in a list), typed lists and >> << >= <= on numbers and ISO timestamps', async () => {
		expect(await skus('[sku]=*{MUG,TEE-M,NOPE}')).toEqual(['TEE-M', 'MUG']);
		expect(await skus('[sku]=*{@string;00123,SCARF}')).toEqual(['00123', 'SCARF']);
		expect(await skus('[salePrice.amount]>>{15}')).toEqual(['TEE-M']);
		expect(await skus('[salePrice.amount]>={15}')).toEqual(['TEE', 'TEE-S', 'TEE-M']);
		expect(await skus('[salePrice.amount]<<{8}')).toEqual(['00123', 'SCARF']);
		expect(await skus('[salePrice.amount]<={8}')).toEqual(['MUG', '00123', 'SCARF']);
		expect(await skus('[timeUpdated]>>{2020-01-01T00:00:00Z}')).toHaveLength(6);
		expect(await skus('[timeUpdated]<<{2020-01-01T00:00:00Z}')).toEqual([]);
		expect(await skus('[timeCreated]<={2999-01-01T00:00:00.000Z}')).toHaveLength(6);
	});

	it('binds && tighter than ||, honours parentheses and whitespace between terms', async () => {
		expect(await skus('[sku]=={MUG}||[sku]=={TEE-S}&&[status]=={1}')).toEqual(['MUG']);
		expect(await skus('([sku]=={MUG}||[sku]=={TEE-S})&&[status]=={0}')).toEqual(['TEE-S', 'MUG']);
		expect(await skus('([sku]=={MUG}||[sku]=={SCARF})&&[status]=={1}')).toEqual(['SCARF']);
		expect(await skus(' ( [name]::{tee} && [format]!={2} ) || ( [sku]=={SCARF} ) ')).toEqual([
			'TEE-S',
			'TEE-M',
			'SCARF',
		]);
		// The verified sale order polling filter shape.
		const orderId = await createOrder();
		const orders = await list('/v2/saleorders', {
			filter: '([stage]=={order}&&[itemStatuses]::{unprocessed})&&([stage]!={removed})',
		});
		expect(orders.body.data.map((order: { saleOrderId: string }) => order.saleOrderId)).toEqual([
			orderId,
		]);
	});

	it('batches SKUs with || as clients do (200 terms)', async () => {
		const terms = Array.from({ length: 199 }, (_, i) => `[sku]=={@string;MISSING-${i}}`);
		expect(await skus([...terms, '[sku]=={@string;MUG}'].join('||'))).toEqual(['MUG']);
	});

	it('answers a malformed filter with a 400 naming the position', async () => {
		const cases: Array<[string, RegExp]> = [
			['[sku]=={MUG', /position 7: a value opened with "\{" is never closed/],
			['[sku=={MUG}', /position 0: a field name opened with "\[" is never closed/],
			['[sku]~{MUG}', /position 5: unexpected "~\{MUG\}"/],
			['[sku]=={MUG}&[status]=={0}', /position 12: expected "&&" but found a single "&"/],
			['[sku]=={MUG}[status]=={0}', /position 12: expected "&&", "\|\|" or the end/],
			['([sku]=={MUG}', /position 13: expected "\)" but found the end of the filter/],
			[
				'[sku]=={MUG})',
				/position 12: expected "&&", "\|\|" or the end of the filter but found "\)"/,
			],
			['[sku]{MUG}', /position 5: expected an operator/],
			['[sku]==', /position 7: expected "\{value\}" after "=="/],
			['[sku]=={A{B}', /position 9: values cannot contain "\{"/],
			['[colour]=={red}', /position 0: unknown field "\[colour\]"/],
			['[sku]=={@number;5}', /position 7: unknown typed literal "@number"/],
			['[sku]=={@null;x}', /position 7: "\{@null;\}" takes no value/],
			['&&[sku]=={MUG}', /position 0: expected "\[field\]" or "\(" but found "&&"/],
			['[]=={MUG}', /position 0: empty field name/],
		];
		for (const [filter, message] of cases) {
			const answer = await list('/v0/items', { filter });
			expect([filter, answer.status]).toEqual([filter, 400]);
			expect(answer.body.message).toMatch(/^Malformed filter at position \d+: /);
			expect(answer.body.message).toMatch(message);
		}
		expect(await skus('')).toHaveLength(6);
	});
});

describe('Stokly sandbox: adjustments and asynchronous writes', () => {
	const adjustment = (
		items: Array<{ itemId: string; quantity: number }>,
		location = 'Store A',
	) => ({
		locationId: id.location(location),
		binId: id.bin(location),
		reason: 'Cloudshelf sync',
		items,
	});

	it('applies signed deltas to the bin and answers 202 {data:{id}}', async () => {
		const answer = await post(
			'/v1/adjustments',
			adjustment([
				{ itemId: id.item('TEE-S'), quantity: -2 },
				{ itemId: id.item('MUG'), quantity: 5 },
			]),
		);
		expect(answer.status).toBe(202);
		expect(answer.body.data.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(sandbox.state.onHand('TEE-S', 'Store A')).toBe(3);
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(11);
		const backRoom = sandbox.state
			.recordsOf('TEE-S')
			.find((record) => record.binName === 'Back Room');
		expect(backRoom?.onHand).toBe(3);
		expect(sandbox.state.adjustments()).toEqual([
			expect.objectContaining({
				adjustmentId: answer.body.data.id,
				reason: 'Cloudshelf sync',
				visible: true,
			}),
		]);
		const records = await list('/v1/inventory-records', {
			filter: `[locationId]=={${id.location('Store A')}}&&[binId]=={${id.bin('Store A')}}&&[onHand]!={0}`,
		});
		expect(
			records.body.data.map((row: { itemSku: string; onHand: number }) => [
				row.itemSku,
				row.onHand,
			]),
		).toEqual([['MUG', 11]]); // TEE-S is at 0 in this bin now
	});

	it('validates adjustments: ≤500 items, integers, a bin of the location, known non-variable items', async () => {
		const many = Array.from({ length: 501 }, () => ({ itemId: id.item('MUG'), quantity: 1 }));
		const tooMany = await post('/v1/adjustments', adjustment(many));
		expect([tooMany.status, tooMany.body.message]).toEqual([
			400,
			'items: at most 500 items per adjustment',
		]);
		expect((await post('/v1/adjustments', adjustment(many.slice(0, 500)))).status).toBe(202);
		const fractional = await post(
			'/v1/adjustments',
			adjustment([{ itemId: id.item('MUG'), quantity: 1.5 }]),
		);
		expect(fractional.status).toBe(400);
		const wrongBin = await post('/v1/adjustments', {
			...adjustment([{ itemId: id.item('MUG'), quantity: 1 }]),
			binId: id.bin('Warehouse'),
		});
		expect(wrongBin.body.message).toMatch(/is not a bin of location/);
		const unknown = await post('/v1/adjustments', adjustment([{ itemId: 'nope', quantity: 1 }]));
		expect([unknown.status, unknown.body.message]).toEqual([400, 'items.0.itemId: no item nope']);
		const parent = await post(
			'/v1/adjustments',
			adjustment([{ itemId: id.item('TEE'), quantity: 1 }]),
		);
		expect(parent.body.message).toMatch(/TEE is a variable item/);
		const noBin = await post('/v1/adjustments', { locationId: id.location('Store A'), items: [] });
		expect(noBin.body.message).toMatch(/binId: binId is required/);
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(506);
	});

	it('keeps held writes invisible until settle()', async () => {
		sandbox.state.holdWrites = true;
		const answer = await post(
			'/v1/adjustments',
			adjustment([{ itemId: id.item('MUG'), quantity: 4 }]),
		);
		expect(answer.status).toBe(202);
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(6);
		expect(sandbox.state.adjustments()).toEqual([expect.objectContaining({ visible: false })]);
		const orderId = await createOrder();
		expect((await get(`/v2/saleorders/${orderId}`)).status).toBe(404);
		expect(await skus(`[sourceReferenceId]=={gid://cloudshelf/Order/1}`, '/v2/saleorders')).toEqual(
			[],
		);
		expect(sandbox.state.saleOrders()).toEqual([]);
		expect(sandbox.state.saleOrders({ includeHeld: true })).toEqual([
			expect.objectContaining({ saleOrderId: orderId, visible: false }),
		]);
		expect(sandbox.state.pendingWrites().map((write) => [write.kind, write.held])).toEqual([
			['adjustment', true],
			['saleOrder', true],
		]);
		sandbox.state.settle();
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(10);
		expect((await get(`/v2/saleorders/${orderId}`)).status).toBe(200);
		expect(sandbox.state.pendingWrites()).toEqual([]);
	});

	it('makes writes visible after visibilityDelayMs', async () => {
		await start({ visibilityDelayMs: 60_000 });
		const answer = await post(
			'/v1/adjustments',
			adjustment([{ itemId: id.item('MUG'), quantity: 4 }]),
		);
		expect(answer.status).toBe(202);
		const orderId = await createOrder();
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(6);
		expect((await get(`/v2/saleorders/${orderId}`)).status).toBe(404);
		sandbox.state.flush(Date.now() + 60_001); // as if a minute had passed
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(10);
		expect((await get(`/v2/saleorders/${orderId}`)).status).toBe(200);
	});
});

describe('Stokly sandbox: sale orders', () => {
	it('creates an order with sequential niceIds and lines, answering 202 {data:{id}}', async () => {
		const first = await createOrder();
		const second = await createOrder({ sourceReferenceId: 'gid://cloudshelf/Order/2', tags: [] });
		const order = (await get(`/v2/saleorders/${first}`)).body.data;
		expect(order).toEqual({
			saleOrderId: first,
			niceId: 1001,
			stage: 'order',
			itemStatuses: ['unprocessed'],
			sourceType: 'other',
			sourceId: id.channel('Cloudshelf'),
			channelName: 'Cloudshelf',
			sourceReferenceId: 'gid://cloudshelf/Order/1',
			customerReference: 'CS-1',
			customerId: null,
			currency: 'GBP',
			createdAt: '2026-05-01T10:11:12Z',
			timeUpdated: expect.any(String),
			tags: ['cloudshelf'],
			locationId: id.location('Store A'),
			shipping: { option: 'Standard', cost: 3, tax: 0.6 },
			payments: [{ method: 4, amount: 41.6 }],
			total: 41.6,
			dispatches: [],
		});
		expect((await get(`/v2/saleorders/${second}`)).body.data.niceId).toBe(1002);
		const lines = await linesOf(first);
		expect(lines).toEqual([
			{
				lineId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				referenceType: 'item',
				referenceId: id.item('TEE-S'),
				itemSku: 'TEE-S',
				itemName: 'Tee S',
				quantity: 2,
				status: 'unprocessed',
				displayPrice: 12.5,
				displayTax: 2.5,
				displayDiscount: 0,
				fulfilmentType: 'delivery',
				parentId: null,
			},
			expect.objectContaining({ itemSku: 'MUG', quantity: 1 }),
		]);
		const topLevel = await list(`/v2/saleorders/${first}/items`, {
			filter: '([parentId]=={@null;})',
			size: 1000,
		});
		expect(topLevel.body.metadata.count).toBe(2);
		// Creating an order does not move stock.
		expect(sandbox.state.onHand('TEE-S', 'Store A')).toBe(5);
	});

	it('finds orders by sourceReferenceId and customerReference, sorts by createdAt or niceId', async () => {
		const first = await createOrder({ createdAt: '2026-05-02T00:00:00Z' });
		const second = await createOrder({
			sourceReferenceId: 'gid://cloudshelf/Order/2',
			customerReference: 'CS-2',
			createdAt: '2026-05-01T00:00:00Z',
		});
		const ids = async (params: Record<string, string>) =>
			((await list('/v2/saleorders', params)).body.data as Array<{ saleOrderId: string }>).map(
				(order) => order.saleOrderId,
			);
		expect(
			await ids({ filter: '[sourceReferenceId]=={@string;gid://cloudshelf/Order/2}' }),
		).toEqual([second]);
		expect(await ids({ filter: '[customerReference]=={CS-1}' })).toEqual([first]);
		expect(await ids({ sortField: 'createdAt', sortDirection: 'DESC' })).toEqual([first, second]);
		expect(await ids({ sortField: 'createdAt', sortDirection: 'ASC' })).toEqual([second, first]);
		expect(await ids({ sortField: 'niceId', sortDirection: 'DESC' })).toEqual([second, first]);
		expect(await ids({ filter: '[createdAt]>>{2026-05-01T12:00:00Z}' })).toEqual([first]);
		// createdAt is kept as sent; offsets sort and filter as instants.
		const third = await createOrder({
			sourceReferenceId: 'gid://cloudshelf/Order/3',
			createdAt: '2026-05-01T01:00:00+02:00',
		});
		expect(await ids({ sortField: 'createdAt' })).toEqual([third, second, first]);
		expect(await ids({ filter: '[createdAt]<<{2026-05-01T00:00:00Z}' })).toEqual([third]);
		expect((await get(`/v2/saleorders/${third}`)).body.data.createdAt).toBe(
			'2026-05-01T01:00:00+02:00',
		);
		expect(await ids({ filter: `[sourceId]=={${id.channel('eBay')}}` })).toEqual([]);
	});

	it('validates the body: sourceId must be a channel, items known non-variable items, fields typed', async () => {
		const notChannel = await post(
			'/v2/saleorders',
			saleOrderBody({ sourceId: id.location('Store A') }),
		);
		expect([notChannel.status, notChannel.body.message]).toEqual([
			400,
			`sourceId ${id.location('Store A')} is not a channel`,
		]);
		const noSource = await post('/v2/saleorders', saleOrderBody({ sourceId: undefined }));
		expect(noSource.body.message).toMatch(/sourceId: sourceId is required/);
		const unknownItem = await post(
			'/v2/saleorders',
			saleOrderBody({ items: [{ referenceId: 'nope', quantity: 1, displayPrice: 1 }] }),
		);
		expect([unknownItem.status, unknownItem.body.message]).toEqual([
			400,
			'items.0.referenceId: no item nope',
		]);
		const parent = await post(
			'/v2/saleorders',
			saleOrderBody({ items: [{ referenceId: id.item('TEE'), quantity: 1, displayPrice: 1 }] }),
		);
		expect(parent.body.message).toMatch(/TEE is a variable item/);
		for (const overrides of [
			{ items: [] },
			{ items: [{ referenceId: id.item('MUG'), quantity: 0, displayPrice: 1 }] },
			{ items: [{ referenceId: id.item('MUG'), quantity: 1 }] },
			{
				items: [
					{ referenceId: id.item('MUG'), quantity: 1, displayPrice: 1, fulfilmentType: 'post' },
				],
			},
			{ payments: [{ method: 'card', amount: 1 }] },
			{ createdAt: 'yesterday' },
			{ stage: 'quote' },
			{ locationId: 'nowhere' },
			{ customer: { customerId: 'nobody' } },
		]) {
			const answer = await post('/v2/saleorders', saleOrderBody(overrides));
			expect([JSON.stringify(overrides), answer.status]).toEqual([JSON.stringify(overrides), 400]);
		}
		expect(sandbox.state.saleOrders({ includeHeld: true })).toEqual([]);
		// A later order still gets the next niceId.
		const created = await createOrder();
		expect((await get(`/v2/saleorders/${created}`)).body.data.niceId).toBe(1001);
	});

	it('patches tags (and stage), refusing other fields', async () => {
		const orderId = await createOrder();
		const patched = await api('PATCH', `/v2/saleorders/${orderId}`, {
			tags: ['cloudshelf', 'paid'],
		});
		expect([patched.status, patched.body]).toEqual([202, { data: { id: orderId } }]);
		expect((await get(`/v2/saleorders/${orderId}`)).body.data.tags).toEqual(['cloudshelf', 'paid']);
		expect(await skus('[tags]::{paid}', '/v2/saleorders')).toHaveLength(1);
		const other = await api('PATCH', `/v2/saleorders/${orderId}`, { currency: 'EUR' });
		expect(other.status).toBe(400);
		expect(other.body.message).toMatch(/currency/);
		await api('PATCH', `/v2/saleorders/${orderId}`, { stage: 'removed' });
		expect((await get(`/v2/saleorders/${orderId}`)).body.data.stage).toBe('removed');
		expect(await skus('[stage]=={removed}', '/v2/saleorders')).toHaveLength(1);
		expect(await skus('[stage]=={order}', '/v2/saleorders')).toHaveLength(0);
		expect((await api('PATCH', '/v2/saleorders/nope', { tags: [] })).status).toBe(404);
	});

	it('collects lines at a location: status collected, stock deducted from the default bin', async () => {
		const orderId = await createOrder();
		const [tee, mug] = await linesOf(orderId);
		const collected = await post(`/v2/saleorders/${orderId}/collect-items`, {
			locationId: id.location('Store A'),
			items: [{ lineId: tee.lineId, quantity: 1 }],
		});
		expect(collected.status).toBe(202);
		expect((await linesOf(orderId))[0].status).toBe('unprocessed'); // 1 of 2
		expect(sandbox.state.onHand('TEE-S', 'Store A')).toBe(4);
		await post(`/v2/saleorders/${orderId}/collect-items`, {
			locationId: id.location('Store A'),
			items: [
				{ lineId: tee.lineId, quantity: 1 },
				{ lineId: mug.lineId, quantity: 1 },
			],
		});
		expect((await linesOf(orderId)).map((line) => line.status)).toEqual(['collected', 'collected']);
		const shopFloor = sandbox.state
			.recordsOf('TEE-S')
			.find((record) => record.binName === 'Shop Floor');
		expect(shopFloor?.onHand).toBe(0);
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(5);
		expect((await get(`/v2/saleorders/${orderId}`)).body.data.itemStatuses).toEqual(['collected']);
		const tooMany = await post(`/v2/saleorders/${orderId}/collect-items`, {
			locationId: id.location('Store A'),
			items: [{ lineId: tee.lineId, quantity: 1 }],
		});
		expect([tooMany.status, tooMany.body.message]).toEqual([
			400,
			`line ${tee.lineId}: 1 requested but only 0 left to be collected`,
		]);
		const unknownLine = await post(`/v2/saleorders/${orderId}/collect-items`, {
			locationId: id.location('Store A'),
			items: [{ lineId: 'nope', quantity: 1 }],
		});
		expect(unknownLine.body.message).toMatch(/has no line nope/);
		const noLocation = await post(`/v2/saleorders/${orderId}/collect-items`, { items: [] });
		expect(noLocation.status).toBe(400);
		expect(
			(
				await post('/v2/saleorders/nope/collect-items', {
					locationId: id.location('Store A'),
					items: [{ lineId: 'x', quantity: 1 }],
				})
			).status,
		).toBe(404);
	});

	it('dispatches lines (ASSUMED endpoint): status dispatched, stock deducted once, dispatches[] and timeUpdated', async () => {
		const orderId = await createOrder();
		const before = (await get(`/v2/saleorders/${orderId}`)).body.data.timeUpdated as string;
		const [tee, mug] = await linesOf(orderId);
		// One unit of the tee was collected first: dispatching it must not deduct it again.
		await post(`/v2/saleorders/${orderId}/collect-items`, {
			locationId: id.location('Store A'),
			items: [{ lineId: tee.lineId, quantity: 1 }],
		});
		const answer = await post(`/v2/saleorders/${orderId}/dispatch-items`, {
			courier: 'Royal Mail',
			trackingNumber: 'RM123456789GB',
			trackingUrl: 'https://track.example/RM123456789GB',
			items: [
				{ lineId: tee.lineId, quantity: 2 },
				{ lineId: mug.lineId, quantity: 1 },
			],
		});
		expect(answer.status).toBe(202);
		const dispatchId = answer.body.data.id as string;
		expect((await linesOf(orderId)).map((line) => line.status)).toEqual([
			'dispatched',
			'dispatched',
		]);
		expect(sandbox.state.onHand('TEE-S', 'Store A')).toBe(3);
		expect(sandbox.state.onHand('MUG', 'Store A')).toBe(5);
		const order = (await get(`/v2/saleorders/${orderId}`)).body.data;
		expect(order.itemStatuses).toEqual(['dispatched']);
		expect(order.dispatches).toEqual([
			{
				dispatchId,
				// Without locationId the order's own location dispatches.
				locationId: id.location('Store A'),
				courier: 'Royal Mail',
				trackingNumber: 'RM123456789GB',
				trackingUrl: 'https://track.example/RM123456789GB',
				dispatchedAt: expect.any(String),
				items: [
					{ lineId: tee.lineId, quantity: 2 },
					{ lineId: mug.lineId, quantity: 1 },
				],
			},
		]);
		expect(Date.parse(order.timeUpdated as string)).toBeGreaterThanOrEqual(Date.parse(before));
		expect(await skus(`[timeUpdated]>={${before}}`, '/v2/saleorders')).toHaveLength(1);
		const again = await post(`/v2/saleorders/${orderId}/dispatch-items`, {
			courier: 'Royal Mail',
			trackingNumber: 'X',
			items: [{ lineId: mug.lineId, quantity: 1 }],
		});
		expect(again.body.message).toMatch(/only 0 left to be dispatched/);
		const noTracking = await post(`/v2/saleorders/${orderId}/dispatch-items`, {
			courier: 'Royal Mail',
			items: [{ lineId: mug.lineId, quantity: 1 }],
		});
		expect(noTracking.body.message).toMatch(/trackingNumber/);
	});

	it('dispatches from the state (a Stokly user), part of an order at a time', async () => {
		const orderId = await createOrder({ locationId: undefined });
		const [tee] = await linesOf(orderId);
		const partial = sandbox.state.dispatch(orderId, {
			courier: 'DPD',
			trackingNumber: 'DPD1',
			locationId: id.location('Warehouse'),
			lines: [{ lineId: tee.lineId, quantity: 1 }],
		});
		expect(partial.items).toEqual([{ lineId: tee.lineId, quantity: 1 }]);
		expect(sandbox.state.onHand('TEE-S', 'Warehouse')).toBe(9);
		expect((await linesOf(orderId)).map((line) => line.status)).toEqual([
			'unprocessed',
			'unprocessed',
		]);
		const rest = sandbox.state.dispatch(orderId, {
			courier: 'DPD',
			trackingNumber: 'DPD2',
			trackingUrl: 'https://dpd.example/DPD2',
		});
		expect(rest.items.map((item) => item.quantity)).toEqual([1, 1]);
		const [order] = sandbox.state.saleOrders();
		expect(order.dispatches.map((dispatch) => dispatch.trackingNumber)).toEqual(['DPD1', 'DPD2']);
		expect(order.items.map((line) => line.status)).toEqual(['dispatched', 'dispatched']);
		expect(order.itemStatuses).toEqual(['dispatched']);
		// The order has no location: the API needs one named.
		const apiOrder = await createOrder({ locationId: undefined, sourceReferenceId: 'x' });
		const [line] = await linesOf(apiOrder);
		const answer = await post(`/v2/saleorders/${apiOrder}/dispatch-items`, {
			courier: 'DPD',
			trackingNumber: 'DPD3',
			items: [{ lineId: line.lineId, quantity: 1 }],
		});
		expect(answer.body.message).toMatch(/locationId is required/);
	});
});

describe('Stokly sandbox: customers', () => {
	it('creates customers (202, visible later) and finds them by barcode', async () => {
		sandbox.state.holdWrites = true;
		const answer = await post('/v0/customers', {
			type: 1,
			name: { forename: 'Jo', surname: 'Bloggs' },
			barcode: 'CS-CUST-1',
			email: 'jo@example.com',
			address: { line1: '1 High St', city: 'Hereford', country: 'GB', postcode: 'HR1 1AA' },
		});
		expect(answer.status).toBe(202);
		const customerId = answer.body.data.id as string;
		expect((await list('/v0/customers', { filter: '[barcode]=={CS-CUST-1}' })).body.data).toEqual(
			[],
		);
		// An order cannot name a customer that is not visible yet.
		const early = await post('/v2/saleorders', saleOrderBody({ customer: { customerId } }));
		expect(early.body.message).toMatch(/is not a customer/);
		sandbox.state.settle();
		const found = await list('/v0/customers', { filter: '[barcode]=={CS-CUST-1}' });
		expect(found.body.data).toEqual([
			{
				customerId,
				type: 1,
				name: { forename: 'Jo', surname: 'Bloggs' },
				fullName: 'Jo Bloggs',
				barcode: 'CS-CUST-1',
				email: 'jo@example.com',
				phone: null,
				address: { line1: '1 High St', city: 'Hereford', country: 'GB', postcode: 'HR1 1AA' },
				billingAddress: null,
				shippingAddresses: [],
				contacts: [],
				timeCreated: expect.any(String),
			},
		]);
		expect((await get(`/v0/customers/${customerId}`)).body.data.fullName).toBe('Jo Bloggs');
		sandbox.state.holdWrites = false;
		const orderId = await createOrder({ customer: { customerId } });
		expect((await get(`/v2/saleorders/${orderId}`)).body.data.customerId).toBe(customerId);
		const nameless = await post('/v0/customers', { email: 'x@example.com' });
		expect([nameless.status, nameless.body.message]).toEqual([
			400,
			'body: name or fullName is required',
		]);
	});
});

describe('Stokly sandbox: fault injection', () => {
	it('names operations METHOD /path-template, fails them on demand and loses answers after processing', async () => {
		const orderId = await createOrder();
		await get(`/v2/saleorders/${orderId}`);
		await get(`/v2/saleorders/${orderId}/items`);
		expect(sandbox.callsTo('POST /v1/grant')).toHaveLength(1);
		expect(sandbox.callsTo('POST /v2/saleorders')).toHaveLength(1);
		expect(sandbox.callsTo('GET /v2/saleorders/{id}')).toHaveLength(1);
		expect(sandbox.callsTo('GET /v2/saleorders/{id}/items')).toHaveLength(1);

		sandbox.setFaults({
			failNext: [{ operation: 'GET /v1/inventory-records', status: 503, count: 1 }],
			loseAnswerNext: [{ operation: 'POST /v1/adjustments', count: 1 }],
		});
		const failed = await get('/v1/inventory-records');
		expect([failed.status, failed.body]).toEqual([503, { message: 'Injected failure (503)' }]);
		expect((await get('/v1/inventory-records')).status).toBe(200);
		const lost = await post('/v1/adjustments', {
			locationId: id.location('Store B'),
			binId: id.bin('Store B'),
			items: [{ itemId: id.item('TEE-M'), quantity: 2 }],
		});
		expect([lost.status, lost.body]).toEqual([
			502,
			{ message: 'Bad gateway (injected: the answer was lost)' },
		]);
		// The adjustment was processed even though its answer was lost.
		expect(sandbox.state.onHand('TEE-M', 'Store B')).toBe(3);

		sandbox.setFaults({ failNext: [{ operation: 'POST /v1/grant', status: 500, count: 1 }] });
		expect((await grantAnswer()).status).toBe(500);
		expect((await grantAnswer()).status).toBe(200);
		const unknown = await get('/v9/nothing');
		expect([unknown.status, unknown.body]).toEqual([404, { message: 'Cannot GET /v9/nothing' }]);
	});

	it('serves the admin API: state, settle, hold-writes, expire-tokens, dispatch', async () => {
		const admin = (route: string, body: unknown = {}) =>
			fetch(`${sandbox.baseUrl}/__sandbox/${route}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
		await admin('hold-writes', { hold: true });
		const orderId = await createOrder();
		const state = (await (await fetch(`${sandbox.baseUrl}/__sandbox/state`)).json()) as Json;
		expect(state.saleOrders).toEqual([
			expect.objectContaining({ saleOrderId: orderId, visible: false }),
		]);
		await admin('settle');
		await admin('hold-writes', { hold: false });
		const dispatched = await admin('dispatch', { sourceReferenceId: 'gid://cloudshelf/Order/1' });
		expect(dispatched.status).toBe(200);
		expect(
			((await get(`/v2/saleorders/${orderId}`)).body.data.dispatches as unknown[]).length,
		).toBe(1);
		await admin('expire-tokens');
		expect((await get('/v0/items')).body).toEqual({ message: 'jwt expired' });
	});
});

describe('Stokly sandbox: 100,000 items', () => {
	it('pages 100,000 items and their inventory records (300,000 bin rows, 400,000 UNASSIGNED rows) through indexed filters', async () => {
		await sandbox.close();
		sandbox = new StoklySandbox({ rateLimit: 10_000 });
		sandbox.state.seed({
			locations: [{ name: 'Warehouse' }, { name: 'Store A' }, { name: 'Store B' }],
			items: Array.from({ length: 100_000 }, (_, i) => ({
				sku: `SKU-${String(i).padStart(6, '0')}`,
				name: `Item ${i}`,
				stock: { Warehouse: i % 7 },
			})),
		});
		await sandbox.listen();
		token = await grant();
		const store = id.location('Warehouse');
		let seen = 0;
		let stock = 0;
		for (let page = 0; ; page++) {
			const answer = await list('/v1/inventory-records', {
				filter: `[locationId]=={${store}}&&[binId]!={UNASSIGNED}`,
				size: 1000,
				page,
			});
			expect(answer.body.metadata.count).toBe(100_000);
			const rows = answer.body.data as Array<{ onHand: number; locationName: string }>;
			seen += rows.length;
			stock += rows.reduce((sum, row) => sum + row.onHand, 0);
			expect(rows.every((row) => row.locationName === 'Warehouse')).toBe(true);
			if (rows.length < 1000) break;
		}
		expect(seen).toBe(100_000);
		expect(stock).toBe(Array.from({ length: 100_000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0));
		const wanted = Array.from({ length: 200 }, (_, i) => `SKU-${String(i * 499).padStart(6, '0')}`);
		expect(await skus(wanted.map((sku) => `[sku]=={@string;${sku}}`).join('||'))).toEqual(wanted);
		const records = await list('/v1/inventory-records', {
			filter: `[itemSku]=={@string;SKU-000006}&&[locationId]=={${store}}`,
		});
		expect(
			records.body.data.map((row: { binName: string; onHand: number }) => [
				row.binName,
				row.onHand,
			]),
		).toEqual([
			['UNASSIGNED', 6],
			['Default', 6],
		]);
		let items = 0;
		for (let page = 0; page < 100; page++)
			items += ((await list('/v0/items', { size: 1000, page })).body.data as unknown[]).length;
		expect(items).toBe(100_000);
	}, 120_000);
});
