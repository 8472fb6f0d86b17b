/** The Centra sandbox itself, over HTTP: GraphQL Integration API, REST Order API, webhooks, events. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	CentraSandbox,
	SANDBOX_ORDER_API_KEY,
	RATE_LIMITS,
	SANDBOX_TOKEN,
	centraSignature,
} from '../../sandbox/centra/server';
import type { SeedData } from '../../sandbox/centra/state';

const SEED: SeedData = {
	warehouses: [{ name: 'London Warehouse' }, { name: 'Oxford Street' }],
	products: [
		{
			name: 'Tee',
			variants: [
				{
					name: 'black',
					variantNumber: 'TEE-BLACK',
					sizes: [
						{ size: 'S', SKU: 'TEE-BLACK-S', price: 18.99, stock: { 'London Warehouse': 10 } },
						{ size: 'M', SKU: 'TEE-BLACK-M', price: 18.99, stock: { 'London Warehouse': 4 } },
					],
				},
			],
		},
	],
	markets: [{ name: 'UK', countries: ['GB'], warehouse: 'London Warehouse', taxPercent: 20 }],
	pricelists: [{ name: 'GBP', currency: 'GBP', countries: ['GB'] }],
	shippingOptions: [{ name: 'Standard', uri: 'standard' }],
};

let sandbox: CentraSandbox;
/** The rate-limit buckets' clock when a test holds it still; otherwise the real one. */
let clock: number | undefined;
beforeEach(async () => {
	clock = undefined;
	sandbox = new CentraSandbox({ now: () => clock ?? Date.now() });
	sandbox.state.seed(SEED);
	await sandbox.listen();
});
afterEach(async () => sandbox.close());

/** Answers are read member by member, as JSON.parse types what it reads. */
type Json = ReturnType<typeof JSON.parse>;

interface GraphqlAnswer {
	status: number;
	headers: Headers;
	body: {
		data?: Record<string, Json> | null;
		errors?: Array<{
			message: string;
			path?: Array<string | number>;
			locations?: unknown[];
			extensions?: Record<string, unknown>;
		}>;
		extensions?: { complexity: number; permissionsUsed: string[]; appVersion: string };
	};
}

async function graphql(
	query: string,
	variables: Record<string, unknown> = {},
	token: string | null = SANDBOX_TOKEN,
): Promise<GraphqlAnswer> {
	const response = await fetch(`${sandbox.baseUrl}/graphql`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...(token === null ? {} : { Authorization: `Bearer ${token}` }),
		},
		body: JSON.stringify({ query, variables }),
	});
	return {
		status: response.status,
		headers: response.headers,
		body: (await response.json()) as GraphqlAnswer['body'],
	};
}

async function createOrder(body: Record<string, unknown>, key = SANDBOX_ORDER_API_KEY) {
	const response = await fetch(`${sandbox.baseUrl}/api/order-api/order`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'API-Authorization': key },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const ORDER = {
	orderNumber: 1_000_000_123,
	address: { email: 'jane@example.com', firstName: 'Jane', country: 'GB' },
	shippingList: 'standard',
	products: [{ sku: 'TEE-BLACK-S', qty: 2 }],
	internalComment: 'External reference: CS-1',
};

/** Size ids of the seed: the variant and its S and M sizes. */
function ids() {
	const size = (sku: string) => sandbox.state.findSizeBySku(sku)!;
	return {
		variant: size('TEE-BLACK-S').variantId,
		london: sandbox.state.findWarehouse('London Warehouse')!.id,
		oxford: sandbox.state.findWarehouse('Oxford Street')!.id,
		sizeS: size('TEE-BLACK-S').sizeId,
		productSizeS: size('TEE-BLACK-S').id,
	};
}

describe('Centra sandbox: Integration API', () => {
	it('answers 401 without a token, with an unknown one and with an expired one', async () => {
		const expired = sandbox.mintToken('all', { expiresAt: '2020-01-01T00:00:00Z' });
		for (const token of [null, 'nope', expired.token]) {
			const answer = await graphql('{ warehouses { id } }', {}, token);
			expect(answer.status).toBe(401);
			expect(answer.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
		}
		// The cookie works as the header does.
		const response = await fetch(`${sandbox.baseUrl}/graphql`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Cookie: `graphql-access=${SANDBOX_TOKEN}` },
			body: JSON.stringify({ query: '{ warehouses { name } }' }),
		});
		expect(response.status).toBe(200);
	});

	it('answers a field the token may not read with the documented error and that field null', async () => {
		const { token } = sandbox.mintToken(['Warehouse:read']);
		const answer = await graphql(
			'query Stock { warehouses(limit: 1) { name stock { freeToAllocateQuantity } } }',
			{},
			token,
		);
		expect(answer.status).toBe(200);
		expect(answer.body.data).toEqual({ warehouses: [{ name: 'London Warehouse', stock: null }] });
		expect(answer.body.errors).toEqual([
			{
				message: 'You need Warehouse.stock:read permission to access stock.',
				path: ['warehouses', 0, 'stock'],
				locations: [{ line: 1, column: 43 }],
				extensions: { category: 'authorization' },
			},
		]);
		expect(answer.body.extensions).toMatchObject({
			permissionsUsed: ['Warehouse.stock:read', 'Warehouse:read'],
			appVersion: 'sandbox',
		});
		const mutation = await graphql(
			'mutation { confirmEvents(input: {eventsIds: [1]}) { userErrors { message } } }',
			{},
			token,
		);
		expect(mutation.body.data).toEqual({ confirmEvents: null });
		expect(mutation.body.errors?.[0].message).toBe(
			'You need Event:write permission to access confirmEvents.',
		);
	});

	it('answers 429 with Retry-After (epoch seconds) once the 10-second request bucket is spent', async () => {
		// The buckets' clock held still: the 21 requests are one burst however slow the machine.
		clock = Date.now();
		const before = Math.floor(clock / 1000);
		for (let call = 0; call < 20; call++)
			expect((await graphql('{ rateLimits { type } }')).status).toBe(200);
		const limited = await graphql('{ rateLimits { type } }');
		expect(limited.status).toBe(429);
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(before);
		expect(retryAfter).toBeLessThanOrEqual(before + 11);
		expect(limited.body.errors?.[0].message).toMatch(/rate limit/i);
		// Another token has its own buckets; rateLimits reports them.
		const { token } = sandbox.mintToken([]);
		const limits = await graphql(
			'{ rateLimits { type intervalSeconds quota usedQuota remainingQuota } }',
			{},
			token,
		);
		expect(limits.body.data?.rateLimits).toEqual([
			{
				type: 'REQUEST_COUNT',
				intervalSeconds: 'TEN_SECONDS',
				quota: 20,
				usedQuota: 1,
				remainingQuota: 19,
			},
			{
				type: 'REQUEST_COUNT',
				intervalSeconds: 'ONE_HOUR',
				quota: 10000,
				usedQuota: 1,
				remainingQuota: 9999,
			},
			expect.objectContaining({
				type: 'QUERY_COMPLEXITY',
				intervalSeconds: 'TEN_SECONDS',
				quota: 150000,
			}),
			expect.objectContaining({
				type: 'QUERY_COMPLEXITY',
				intervalSeconds: 'ONE_HOUR',
				quota: 20000000,
			}),
			{
				type: 'MUTATION_COUNT',
				intervalSeconds: 'TEN_SECONDS',
				quota: 100,
				usedQuota: 0,
				remainingQuota: 100,
			},
			{
				type: 'MUTATION_COUNT',
				intervalSeconds: 'ONE_HOUR',
				quota: 1000,
				usedQuota: 0,
				remainingQuota: 1000,
			},
		]);
	});

	it('keeps the hourly and mutation buckets apart: a spent bucket refuses only what draws on it', async () => {
		expect((await graphql('{ rateLimits { type } }')).status).toBe(200);
		const buckets = sandbox.state.rateLimitBuckets.get(SANDBOX_TOKEN)!;
		const drain = (type: string, interval: string) => {
			const index = RATE_LIMITS.findIndex(
				(limit) => limit.type === type && limit.intervalSeconds === interval,
			);
			buckets[index].level = 0;
		};
		const mutation =
			'mutation { confirmEvents(input: {eventsIds: []}) { userErrors { message } } }';
		drain('MUTATION_COUNT', 'ONE_HOUR');
		const refused = await graphql(mutation);
		expect(refused.status).toBe(429);
		// One mutation comes back every 3.6 s at 1,000 an hour.
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(Date.now() / 1000);
		expect((await graphql('{ rateLimits { type } }')).status).toBe(200);

		drain('REQUEST_COUNT', 'ONE_HOUR');
		expect((await graphql('{ rateLimits { type } }')).status).toBe(429);
	});

	it('scales the buckets with faults.rateLimitScale', async () => {
		sandbox.setFaults({ rateLimitScale: 0.1 });
		expect((await graphql('{ rateLimits { type } }')).status).toBe(200);
		expect((await graphql('{ rateLimits { type } }')).status).toBe(200);
		expect((await graphql('{ rateLimits { type } }')).status).toBe(429);
	});

	it('charges complexity: physical and allocated quantities cost 10, free to allocate nothing', async () => {
		const fta = await graphql(
			'{ warehouses(limit: 1) { stock(limit: 10) { freeToAllocateQuantity } } }',
		);
		const physical = await graphql(
			'{ warehouses(limit: 1) { stock(limit: 10) { physicalQuantity allocatedQuantity } } }',
		);
		expect(fta.body.extensions?.complexity).toBe(11);
		expect(physical.body.extensions?.complexity).toBe(211);
	});

	it('changes and sets stock per size and warehouse, and reads it back', async () => {
		const { variant, london, oxford, sizeS, productSizeS } = ids();
		const into = await graphql(
			`
				mutation ($input: ChangeStockInput!) {
					changeStock(input: $input) {
						stockChange {
							id
							description
						}
						userErrors {
							message
							path
						}
						userWarnings {
							message
						}
					}
				}
			`,
			{
				input: {
					intoWarehouse: { id: oxford },
					description: 'cloudshelf:order-1:line-1',
					productVariants: [
						{
							productVariant: { id: variant },
							sizeChanges: { size: { id: sizeS }, deliveredQuantity: 3 },
						},
					],
				},
			},
		);
		expect(into.body.data?.changeStock).toEqual({
			stockChange: { id: 1, description: 'cloudshelf:order-1:line-1' },
			userErrors: [],
			userWarnings: [],
		});
		const out = await graphql(
			`mutation { changeStock(input: {outFromWarehouse: {id: ${london}}, productVariants: [
				{productVariant: {id: ${variant}}, sizeChanges: [{size: {name: "M"}, deliveredQuantity: 1}]}]}) {
				stockChange { id } userErrors { message path } } }`,
		);
		expect(out.body.data?.changeStock.userErrors).toEqual([]);
		const set = await graphql(
			`mutation { setStock(input: {warehouse: {id: ${london}}, description: "count", stockQuantityType: PHYSICAL,
				productVariants: [{productVariant: {id: ${variant}}, sizeStockLevels: [{size: {name: "S"}, quantity: 7}]}]}) {
				stockChanges { id } userErrors { message path } } }`,
		);
		expect(set.body.data?.setStock).toEqual({ stockChanges: [{ id: 3 }], userErrors: [] });
		const read = await graphql(
			`
				query ($ids: [Int!]) {
					warehouses {
						name
						stock(where: { productSizeId: $ids }) {
							freeToAllocateQuantity
							physicalQuantity
							productSize {
								SKU
							}
						}
					}
				}
			`,
			{ ids: [productSizeS] },
		);
		expect(read.body.data?.warehouses).toEqual([
			{
				name: 'London Warehouse',
				stock: [
					{ freeToAllocateQuantity: 7, physicalQuantity: 7, productSize: { SKU: 'TEE-BLACK-S' } },
				],
			},
			{
				name: 'Oxford Street',
				stock: [
					{ freeToAllocateQuantity: 3, physicalQuantity: 3, productSize: { SKU: 'TEE-BLACK-S' } },
				],
			},
		]);
		expect(sandbox.state.stockOf('London Warehouse', 'TEE-BLACK-M').physical).toBe(3);
		const changes = await graphql(
			'{ stockChanges(where: {description: {equals: "cloudshelf:order-1:line-1"}}) { id warehouse { name } } }',
		);
		expect(changes.body.data?.stockChanges).toEqual([
			{ id: 1, warehouse: { name: 'Oxford Street' } },
		]);
	});

	it('answers userErrors for what it cannot do and changes nothing', async () => {
		const { variant, oxford } = ids();
		const answer = await graphql(
			`mutation { changeStock(input: {outFromWarehouse: {id: ${oxford}}, productVariants: [
				{productVariant: {id: ${variant}}, sizeChanges: [{size: {name: "S"}, deliveredQuantity: 1}, {size: {name: "XXL"}, deliveredQuantity: 1}]}]}) {
				stockChange { id } userErrors { message path } } }`,
		);
		expect(answer.body.data?.changeStock).toEqual({
			stockChange: null,
			userErrors: [
				{
					message: `Size XXL not found on product variant ${variant}.`,
					path: ['input', 'productVariants', '0', 'sizeChanges', '1', 'size'],
				},
			],
		});
		const below = await graphql(
			`mutation { changeStock(input: {outFromWarehouse: {id: ${oxford}}, productVariants: [
				{productVariant: {id: ${variant}}, sizeChanges: [{size: {name: "S"}, deliveredQuantity: 1}]}]}) {
				userErrors { message } } }`,
		);
		expect(below.body.data?.changeStock.userErrors[0].message).toMatch(
			/Not enough free to allocate/,
		);
		expect(sandbox.state.stockChanges).toHaveLength(0);
		const limit = await graphql('{ warehouses(limit: 500) { id } }');
		expect(limit.body.errors?.[0].message).toBe('Limit must be in range 1 - 200');
	});

	it('confirms, ships and completes orders, and the order becomes SHIPPED', async () => {
		await createOrder(ORDER);
		const confirmed = await graphql(
			'mutation { confirmOrder(input: {order: {number: 1000000123}}) { order { status } userErrors { message } } }',
		);
		expect(confirmed.body.data?.confirmOrder).toEqual({
			order: { status: 'CONFIRMED' },
			userErrors: [],
		});
		const order = await graphql(
			'{ orders(where: {number: [1000000123]}) { id internalComment lines { id quantity } ... on DirectToConsumerOrder { customer { email } } } }',
		);
		const [{ lines, internalComment, customer }] = order.body.data!.orders;
		expect([internalComment, customer]).toEqual([
			'External reference: CS-1',
			{ email: 'jane@example.com' },
		]);
		const created = await graphql(
			`mutation { createShipment(input: {order: {number: 1000000123}, lines: [{orderLine: {id: ${lines[0].id}}, quantity: 2}],
				isGoodToGo: true, isPaid: true}) { shipment { id number } userErrors { message } } }`,
		);
		expect(created.body.data?.createShipment.shipment.number).toBe('1000000123-1');
		const again = await graphql(
			`mutation { createShipment(input: {order: {number: 1000000123}, lines: [{orderLine: {id: ${lines[0].id}}, quantity: 1}]}) { userErrors { message } } }`,
		);
		expect(again.body.data?.createShipment.userErrors[0].message).toMatch(/0 left to ship/);
		const completed = await graphql(
			`mutation { completeShipment(id: ${created.body.data?.createShipment.shipment.id}, input: {shippedAt: "now",
				shipmentInfo: {carrier: "DHL", service: "Parcel", trackingNumber: "JD1"}}) {
				shipment { isShipped trackingNumber carrierInformation { carrierName serviceName } order { status } } userErrors { message } } }`,
		);
		expect(completed.body.data?.completeShipment).toEqual({
			shipment: {
				isShipped: true,
				trackingNumber: 'JD1',
				carrierInformation: { carrierName: 'DHL', serviceName: 'Parcel' },
				order: { status: 'SHIPPED' },
			},
			userErrors: [],
		});
		expect(sandbox.state.stockOf('London Warehouse', 'TEE-BLACK-S')).toEqual({
			physical: 8,
			allocated: 0,
			freeToAllocate: 8,
		});
	});
});

describe('Centra sandbox: documented order and shipment fields', () => {
	it('reads the shipping option under shippingPriceGroup (no Order.shippingOption), line names and products', async () => {
		await createOrder(ORDER);
		const read = await graphql(
			'{ orders(where: {number: [1000000123]}) { shippingPriceGroup { shippingOption { id name uri } } lines { productName product { name } productVariant { name } } } }',
		);
		expect(read.body.errors).toBeUndefined();
		expect(read.body.data?.orders).toEqual([
			{
				shippingPriceGroup: { shippingOption: { id: 1, name: 'Standard', uri: 'standard' } },
				lines: [
					{ productName: 'Tee black', product: { name: 'Tee' }, productVariant: { name: 'black' } },
				],
			},
		]);
		const undocumented = await graphql(
			'{ orders(where: {number: [1000000123]}) { shippingOption { id } } }',
		);
		expect(undocumented.status).toBe(400);
		expect(undocumented.body.errors?.[0].message).toMatch(/Cannot query field "shippingOption"/);
	});

	it('guards Order.internalComment with its own nested permission', async () => {
		await createOrder(ORDER);
		const { token } = sandbox.mintToken(['Order:read']);
		const answer = await graphql(
			'{ orders(where: {number: [1000000123]}) { number internalComment } }',
			{},
			token,
		);
		expect(answer.body.data).toEqual({
			orders: [{ number: 1_000_000_123, internalComment: null }],
		});
		expect(answer.body.errors?.[0].message).toBe(
			'You need Order.internalComment:read permission to access internalComment.',
		);
	});

	it("keeps createShipment's additionalMessage and reads it back on the shipment", async () => {
		await createOrder(ORDER);
		const order = await graphql('{ orders(where: {number: [1000000123]}) { lines { id } } }');
		const lineId = order.body.data!.orders[0].lines[0].id;
		const created = await graphql(
			`mutation { createShipment(input: {order: {number: 1000000123}, lines: [{orderLine: {id: ${lineId}}, quantity: 1}],
				additionalMessage: "n8n-retail-sync shipment: CS-1 JD1"}) { shipment { id additionalMessage } userErrors { message } } }`,
		);
		expect(created.body.data?.createShipment.shipment.additionalMessage).toBe(
			'n8n-retail-sync shipment: CS-1 JD1',
		);
		const again = await graphql(
			'{ orders(where: {number: [1000000123]}) { shipments { additionalMessage } } }',
		);
		expect(again.body.data?.orders[0].shipments).toEqual([
			{ additionalMessage: 'n8n-retail-sync shipment: CS-1 JD1' },
		]);
	});
});

describe('Centra sandbox: Order API', () => {
	it('creates an order, answers −5 when its orderNumber exists and −1 for an unknown SKU', async () => {
		expect(await createOrder(ORDER)).toEqual({
			status: 200,
			body: { status: 'ok', orders: [1_000_000_123] },
		});
		expect(sandbox.state.stockOf('London Warehouse', 'TEE-BLACK-S')).toMatchObject({
			allocated: 2,
			freeToAllocate: 8,
		});
		const repeated = await createOrder(ORDER);
		expect(repeated).toEqual({
			status: 400,
			body: expect.objectContaining({ status: 'no', code: -5 }),
		});
		const unknown = await createOrder({
			...ORDER,
			orderNumber: 5,
			products: [{ sku: 'NOPE-1', qty: 1 }],
		});
		expect(unknown.body).toEqual({
			status: 'no',
			code: -1,
			msg: expect.stringContaining('NOPE-1'),
		});
		expect(sandbox.state.orders.size).toBe(1);
		const read = await fetch(`${sandbox.baseUrl}/api/order-api/orders?order=1000000123`, {
			headers: { 'API-Authorization': SANDBOX_ORDER_API_KEY },
		});
		expect(((await read.json()) as { orders: unknown[] }).orders).toEqual([
			expect.objectContaining({
				orderId: '1000000123',
				orderStatus: '1',
				internalComment: 'External reference: CS-1',
				shippingList: 'standard',
				products: [expect.objectContaining({ sku: 'TEE-BLACK-S', qty: 2 })],
			}),
		]);
	});

	it('refuses wrong types (−4 naming the field), empty orders (−3), missing stock (−2) and a wrong key (401)', async () => {
		expect((await createOrder({ ...ORDER, orderNumber: 'x' })).body).toEqual({
			status: 'no',
			code: -4,
			msg: expect.stringContaining('orderNumber'),
		});
		expect((await createOrder({ address: ORDER.address })).body).toMatchObject({
			code: -4,
			msg: 'Missing required field products',
		});
		expect((await createOrder({ ...ORDER, products: [] })).body).toMatchObject({ code: -3 });
		expect(
			(await createOrder({ ...ORDER, products: [{ sku: 'TEE-BLACK-M', qty: 5 }] })).body,
		).toMatchObject({ code: -2, msg: expect.stringContaining('TEE-BLACK-M') });
		expect(await createOrder(ORDER, 'wrong')).toEqual({
			status: 401,
			body: { status: 'no', msg: expect.any(String) },
		});
	});

	it('answers injected faults on REST routes in the REST shape, named like "POST order"', async () => {
		sandbox.setFaults({ failNext: [{ operation: 'POST order', status: 503, count: 1 }] });
		expect(await createOrder(ORDER)).toEqual({
			status: 503,
			body: { status: 'no', msg: 'Injected failure (503)' },
		});
		expect((await createOrder(ORDER)).status).toBe(200);
		sandbox.setFaults({ failNext: [{ operation: 'Stock', status: 500, count: 1 }] });
		const graphqlFault = await graphql('query Stock { warehouses { id } }');
		expect(graphqlFault.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
		expect(sandbox.callsTo('POST order').map((call) => call.status)).toEqual([503, 200]);
	});
});

/** A local endpoint that answers the statuses it is given, in turn (then 200), and keeps what it got. */
async function endpoint(statuses: number[] = []) {
	const received: Array<{ body: string; signature: string }> = [];
	let inFlight = 0;
	const stats = { maxInFlight: 0 };
	const server: Server = createServer((request, response) => {
		inFlight++;
		stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
		response.on('finish', () => inFlight--);
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				body: Buffer.concat(chunks).toString('utf8'),
				signature: String(request.headers['x-centra-signature']),
			});
			response.writeHead(statuses.shift() ?? 200);
			response.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, received, stats, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('Centra sandbox: webhooks and events', () => {
	it("signs as the webhook plugin's documented test vector says", () => {
		expect(centraSignature('test123', 12345678, 'payload=%7B%22x%22%3A%22test%22%7D')).toBe(
			'0b9cd84f5d583e5e1aadfb9f160aa8080b51d5b85ff85808d6b75bdac356c549',
		);
	});

	it('posts signed form-encoded events on state changes', async () => {
		const hook = await endpoint();
		sandbox.webhooks.configure({ url: hook.url, secret: 's3cret' });
		await createOrder(ORDER);
		await sandbox.webhooks.idle();
		expect(hook.received).toHaveLength(1);
		const [{ body, signature }] = hook.received;
		const { t, v1 } = Object.fromEntries(signature.split(',').map((part) => part.split('=')));
		expect(v1).toBe(centraSignature('s3cret', t, body));
		const payload = JSON.parse(new URLSearchParams(body).get('payload')!);
		expect(payload).toEqual({
			events: [
				{
					type: 'order',
					action: 'insert',
					id: 1_000_000_123,
					date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
				},
			],
		});
		await hook.close();
	});

	it('retries a failing delivery up to 3 times, then drops it', async () => {
		const hook = await endpoint([500, 500, 500, 500]);
		sandbox.webhooks.configure({ url: hook.url, retries: 3, delaysMs: [0, 0, 0] });
		await createOrder(ORDER);
		await sandbox.webhooks.idle();
		expect(sandbox.webhooks.deliveries.map((d) => [d.attempt, d.status, d.dropped])).toEqual([
			[0, 500, false],
			[1, 500, false],
			[2, 500, false],
			[3, 500, true],
		]);
		expect(hook.received.map((request) => request.body)).toEqual(
			Array(4).fill(hook.received[0].body),
		);
		await hook.close();
	});

	it('delivers each call N times when asked to duplicate, and stops retrying once one succeeds', async () => {
		const hook = await endpoint([502]);
		sandbox.webhooks.configure({ url: hook.url, duplicate: 3, delaysMs: [0] });
		await createOrder(ORDER);
		await sandbox.webhooks.idle();
		const bodies = new Set(hook.received.map((request) => request.body));
		expect([hook.received.length, bodies.size]).toEqual([4, 1]);
		// One copy at a time: the next goes out once the previous one has its answer.
		expect(hook.stats.maxInFlight).toBe(1);
		expect(
			sandbox.webhooks.deliveries
				.filter((d) => d.ok)
				.map((d) => d.copy)
				.sort(),
		).toEqual([1, 2, 3]);
		await hook.close();
	});

	it('queues events for listened object types and removes those confirmed', async () => {
		await graphql(
			'mutation { setEventListeners(input: [{objectType: Order}]) { userErrors { message } } }',
		);
		await createOrder(ORDER);
		await graphql(
			'mutation { confirmOrder(input: {order: {number: 1000000123}}) { userErrors { message } } }',
		);
		const events = await graphql(
			'{ events(where: {objectType: [Order]}) { id objectType changeType objectReference object { ... on Order { number status } } } }',
		);
		expect(events.body.data?.events).toEqual([
			{
				id: 1,
				objectType: 'Order',
				changeType: 'CREATED',
				objectReference: '1000000123',
				object: { number: 1_000_000_123, status: 'CONFIRMED' },
			},
			{
				id: 2,
				objectType: 'Order',
				changeType: 'UPDATED',
				objectReference: '1000000123',
				object: { number: 1_000_000_123, status: 'CONFIRMED' },
			},
		]);
		await graphql('mutation { confirmEvents(input: {eventsIds: [1]}) { userErrors { message } } }');
		const left = await graphql('{ events { id } eventListeners { objectType changeTypes } }');
		expect(left.body.data?.events).toEqual([{ id: 2 }]);
		expect(left.body.data?.eventListeners[0].objectType).toBe('Order');

		// Unsetting one change type keeps the others, and drops only that type's queued events.
		await graphql(
			'mutation { unsetEventListeners(input: [{objectType: Order, changeTypes: [UPDATED]}]) { userErrors { message } } }',
		);
		const unset = await graphql('{ events { id } eventListeners { objectType changeTypes } }');
		expect(unset.body.data?.events).toEqual([]);
		expect(unset.body.data?.eventListeners[0].changeTypes).not.toContain('UPDATED');
		expect(unset.body.data?.eventListeners[0].changeTypes).toContain('CREATED');
	});

	it('ships an order as a warehouse would through the admin route', async () => {
		await createOrder(ORDER);
		const response = await fetch(`${sandbox.baseUrl}/__sandbox/ship`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ order: 1_000_000_123, complete: { trackingNumber: 'RM1' } }),
		});
		expect(response.status).toBe(200);
		const shipments = await graphql(
			'{ shipments(where: {isShipped: true}) { number isGoodToGo isPaid trackingNumber order { status } } }',
		);
		expect(shipments.body.data?.shipments).toEqual([
			{
				number: '1000000123-1',
				isGoodToGo: true,
				isPaid: true,
				trackingNumber: 'RM1',
				order: { status: 'SHIPPED' },
			},
		]);
	});
});
