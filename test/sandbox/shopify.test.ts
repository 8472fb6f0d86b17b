/**
 * The Shopify simulator through its HTTPS proxy over real TLS (its run-time test CA), as n8n's
 * built-in Shopify nodes reach it: CONNECT only for the sandbox's shop, the REST paths and quirks
 * the nodes call, Link paging, Admin GraphQL executed on Shopify's published schema with the cost
 * bucket, and signed webhook deliveries. Last, n8n's own Shopify node runs in process through
 * HTTPS_PROXY against it.
 */
import {
	createServer,
	request as httpRequest,
	type IncomingHttpHeaders,
	type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';

import { startSandbox } from '../../sandbox/index';
import { queryCost, type HideableFulfillmentOrder } from '../../sandbox/shopify/graphql';
import {
	SANDBOX_ACCESS_TOKEN,
	SANDBOX_APP_SECRET,
	SANDBOX_SHOP_DOMAIN,
	shopifyHmac,
	type ShopifySandbox,
} from '../../sandbox/shopify/server';
import { sandboxCredentials } from '../harness/platform';
import { routeHttpsToShopify } from '../harness/shopify';
import { WebhookReceiver } from '../harness/webhook-receiver';
import { WorkflowRunner, singleNodeWorkflow } from '../harness/run-workflow';

interface Answer {
	status: number;
	headers: IncomingHttpHeaders;
	body: Record<string, unknown>;
}

/** CONNECT through the proxy, then one HTTPS request, verifying the certificate against the test CA only. */
function viaProxy(
	sandbox: ShopifySandbox,
	method: string,
	path: string,
	options: { body?: unknown; token?: string; host?: string } = {},
): Promise<Answer> {
	const proxy = new URL(sandbox.baseUrl);
	const host = options.host ?? SANDBOX_SHOP_DOMAIN;
	return new Promise((resolve, reject) => {
		const connect = httpRequest({
			host: proxy.hostname,
			port: proxy.port,
			method: 'CONNECT',
			path: `${host}:443`,
		});
		connect.on('error', reject);
		connect.on('connect', (response, socket) => {
			if (response.statusCode !== 200) {
				socket.destroy();
				resolve({ status: response.statusCode ?? 0, headers: response.headers, body: {} });
				return;
			}
			const secure = tls.connect({ socket, servername: host, ca: [sandbox.caPem] }, () => {
				const payload = options.body === undefined ? '' : JSON.stringify(options.body);
				const request = httpRequest(
					{
						createConnection: () => secure,
						method,
						path,
						headers: {
							Host: host,
							'X-Shopify-Access-Token': options.token ?? SANDBOX_ACCESS_TOKEN,
							'Content-Type': 'application/json',
							'Content-Length': Buffer.byteLength(payload),
						},
					},
					(answer) => {
						const chunks: Buffer[] = [];
						answer.on('data', (chunk: Buffer) => chunks.push(chunk));
						answer.on('end', () => {
							const text = Buffer.concat(chunks).toString('utf8');
							resolve({
								status: answer.statusCode ?? 0,
								headers: answer.headers,
								body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
							});
						});
					},
				);
				request.on('error', reject);
				request.end(payload);
			});
			secure.on('error', reject);
		});
		connect.end();
	});
}

const graphql = (sandbox: ShopifySandbox, query: string, variables: Record<string, unknown> = {}) =>
	viaProxy(sandbox, 'POST', '/admin/api/2025-01/graphql.json', { body: { query, variables } });

/** A workflow of n8n's Shopify Trigger alone, with the sandbox credential. */
const shopifyTriggerWorkflow = (topic: string, webhookId: string) => ({
	nodes: [
		{
			id: 'trigger',
			name: 'Shopify Trigger',
			type: 'n8n-nodes-base.shopifyTrigger',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			webhookId,
			parameters: { authentication: 'accessToken', topic },
			credentials: sandboxCredentials('shopify'),
		},
	],
	connections: {},
});

let sandbox: ShopifySandbox;
let clock = 0;

beforeAll(async () => {
	sandbox = await startSandbox('shopify', { now: () => clock });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	sandbox.state.reset();
	sandbox.calls.length = 0;
	sandbox.deliveries.length = 0;
	sandbox.connects.length = 0;
	sandbox.clearFaults();
	sandbox.setBucket(sandbox.bucket.maximumAvailable);
	sandbox.state.seed({
		locations: [{ name: 'Warehouse' }, { name: 'Oxford Street' }],
		products: [
			{ title: 'Tee', variants: [{ sku: 'TEE-S' }, { sku: 'TEE-M' }] },
			{ title: 'Mug', variants: [{ sku: 'MUG' }] },
		],
		levels: {
			'TEE-S': { Warehouse: 5, 'Oxford Street': 2 },
			'TEE-M': { Warehouse: 1 },
			MUG: { Warehouse: 9 },
		},
	});
});

describe('Shopify sandbox: the HTTPS proxy', () => {
	it('tunnels only its own shop on 443 and refuses every other host with 403', async () => {
		for (const host of ['example.com', 'api.github.com', 'other-shop.myshopify.com'])
			expect((await viaProxy(sandbox, 'GET', '/', { host })).status).toBe(403);
		const answer = await viaProxy(sandbox, 'GET', '/admin/api/2024-07/locations.json');
		expect(answer.status).toBe(200);
		expect(sandbox.connects.map(({ target, allowed }) => [target, allowed])).toEqual([
			['example.com:443', false],
			['api.github.com:443', false],
			['other-shop.myshopify.com:443', false],
			[`${SANDBOX_SHOP_DOMAIN}:443`, true],
		]);
	});

	it('serves a *.myshopify.com certificate that only its test CA verifies', async () => {
		const proxy = new URL(sandbox.baseUrl);
		const socket = await new Promise<import('node:net').Socket>((resolve, reject) => {
			const connect = httpRequest({
				host: proxy.hostname,
				port: proxy.port,
				method: 'CONNECT',
				path: `${SANDBOX_SHOP_DOMAIN}:443`,
			});
			connect.on('connect', (_response, tunnel) => resolve(tunnel));
			connect.on('error', reject);
			connect.end();
		});
		// Without the test CA (the default store only) the handshake fails.
		const error = await new Promise<Error>((resolve) => {
			const secure = tls.connect({ socket, servername: SANDBOX_SHOP_DOMAIN });
			secure.on('error', resolve);
			secure.on('secureConnect', () => resolve(new Error('trusted')));
		});
		expect(error.message).toMatch(/self.signed|unable to get local issuer|certificate/i);
	});

	it('answers 401 without the access token', async () => {
		const answer = await viaProxy(sandbox, 'GET', '/admin/api/2024-07/orders.json', {
			token: 'nope',
		});
		expect(answer.status).toBe(401);
		expect(answer.body.errors).toMatch(/Invalid API key or access token/);
	});
});

describe('Shopify sandbox: REST as the built-in nodes call it', () => {
	it('takes the double-slash paths, creates, reads and updates orders', async () => {
		const variant = sandbox.state.variantBySku('TEE-S')!;
		const created = await viaProxy(sandbox, 'POST', '/admin/api/2024-07//orders.json', {
			body: {
				order: {
					test: true,
					email: 'a@example.com',
					line_items: [{ variant_id: variant.id, quantity: 2 }],
				},
			},
		});
		expect(created.status).toBe(201);
		const order = created.body.order as {
			id: number;
			test: boolean;
			line_items: Array<{ sku: string }>;
		};
		expect([order.test, order.line_items[0].sku]).toEqual([true, 'TEE-S']);
		const read = await viaProxy(
			sandbox,
			'GET',
			`/admin/api/2024-07//orders/${order.id}.json?fields=id,email`,
		);
		expect(read.body).toEqual({ order: { id: order.id, email: 'a@example.com' } });
		const updated = await viaProxy(sandbox, 'PUT', `/admin/api/2024-07//orders/${order.id}.json`, {
			body: { order: { note: 'gift' } },
		});
		expect((updated.body.order as { note: string }).note).toBe('gift');
		expect(sandbox.callsTo('POST orders').map(({ path }) => path)).toEqual([
			'/admin/api/2024-07//orders.json',
		]);
		expect(sandbox.state.fulfillmentOrdersOf(order.id)).toHaveLength(1);
	});

	it('pages with a Link header: next on page 1, previous first then next on later pages', async () => {
		for (let n = 0; n < 5; n++)
			sandbox.state.createOrder({ line_items: [{ sku: 'MUG', quantity: 1 }] }, { silent: true });
		const ids: number[] = [];
		const first = await viaProxy(
			sandbox,
			'GET',
			'/admin/api/2024-07//orders.json?limit=2&status=any',
		);
		ids.push(...(first.body.orders as Array<{ id: number }>).map(({ id }) => id));
		const link1 = String(first.headers.link);
		expect(link1).toMatch(
			/^<https:\/\/retail-sync-sandbox\.myshopify\.com\/admin\/api\/2024-07\/orders\.json\?limit=2&page_info=[^>]+>; rel="next"$/,
		);
		const next = (link: string) => /<([^>]+)>; rel="next"/.exec(link)![1];
		const second = await viaProxy(
			sandbox,
			'GET',
			new URL(next(link1)).pathname + new URL(next(link1)).search,
		);
		const link2 = String(second.headers.link);
		expect(link2).toMatch(/rel="previous", <[^>]+>; rel="next"$/);
		ids.push(...(second.body.orders as Array<{ id: number }>).map(({ id }) => id));
		const third = await viaProxy(
			sandbox,
			'GET',
			new URL(next(link2)).pathname + new URL(next(link2)).search,
		);
		expect(String(third.headers.link)).toMatch(/rel="previous"$/);
		ids.push(...(third.body.orders as Array<{ id: number }>).map(({ id }) => id));
		// Every order once, newest first (as Shopify lists orders).
		expect(ids).toEqual([...sandbox.state.orders.keys()].reverse());
		// A filter beside page_info is refused: the filters travel inside the cursor.
		const withFilter = await viaProxy(
			sandbox,
			'GET',
			new URL(next(link1)).pathname + new URL(next(link1)).search + '&status=any',
		);
		expect([withFilter.status, withFilter.body]).toEqual([
			400,
			{ errors: { status: 'status cannot be passed when page_info is present.' } },
		]);
	});

	it('lists products and locations, and registers, looks up (no .json, topic encoded) and deletes webhooks', async () => {
		const products = await viaProxy(
			sandbox,
			'GET',
			'/admin/api/2024-07//products.json?fields=id,title',
		);
		expect((products.body.products as Array<{ title: string }>).map(({ title }) => title)).toEqual([
			'Tee',
			'Mug',
		]);
		const locations = await viaProxy(sandbox, 'GET', '/admin/api/2024-07//locations.json');
		expect((locations.body.locations as Array<{ name: string }>).map(({ name }) => name)).toEqual([
			'Warehouse',
			'Oxford Street',
		]);
		const address = 'http://127.0.0.1:5678/webhook/abc/webhook';
		const registered = await viaProxy(sandbox, 'POST', '/admin/api/2024-07//webhooks.json', {
			body: { webhook: { topic: 'orders/create', address, format: 'json' } },
		});
		expect(registered.status).toBe(201);
		const again = await viaProxy(sandbox, 'POST', '/admin/api/2024-07//webhooks.json', {
			body: { webhook: { topic: 'orders/create', address, format: 'json' } },
		});
		expect(again.status).toBe(422);
		const found = await viaProxy(
			sandbox,
			'GET',
			'/admin/api/2024-07//webhooks?topic=orders%2Fcreate',
		);
		const webhooks = found.body.webhooks as Array<{ id: number; address: string }>;
		expect(webhooks.map((webhook) => webhook.address)).toEqual([address]);
		expect(
			(await viaProxy(sandbox, 'GET', '/admin/api/2024-07//webhooks?topic=orders%2Fcancelled'))
				.body,
		).toEqual({ webhooks: [] });
		const deleted = await viaProxy(
			sandbox,
			'DELETE',
			`/admin/api/2024-07//webhooks/${webhooks[0].id}.json`,
		);
		expect(deleted.status).toBe(200);
		expect(sandbox.state.webhooks.size).toBe(0);
	});
});

describe('Shopify sandbox: fault injection through the common layer', () => {
	it('fails the next order create with an injected 500, then answers again', async () => {
		sandbox.setFaults({ failNext: [{ operation: 'POST orders', status: 500, count: 1 }] });
		const order = { order: { line_items: [{ sku: 'MUG', quantity: 1 }] } };
		const failed = await viaProxy(sandbox, 'POST', '/admin/api/2024-07//orders.json', {
			body: order,
		});
		expect([failed.status, failed.body]).toEqual([500, { errors: 'Injected failure (500)' }]);
		expect(sandbox.state.orders.size).toBe(0);
		const created = await viaProxy(sandbox, 'POST', '/admin/api/2024-07//orders.json', {
			body: order,
		});
		expect(created.status).toBe(201);
		expect(sandbox.callsTo('POST orders').map(({ status }) => status)).toEqual([500, 201]);
	});
});

describe('Shopify sandbox: Admin GraphQL on the published schema', () => {
	it('answers locations and inventory items by SKU with their levels, and the cost', async () => {
		const answer = await graphql(
			sandbox,
			`
				{
					locations(first: 5) {
						nodes {
							id
							name
						}
					}
					inventoryItems(first: 5, query: "sku:TEE-S OR sku:MUG") {
						nodes {
							id
							sku
							inventoryLevels(first: 5) {
								nodes {
									location {
										name
									}
									quantities(names: ["available"]) {
										quantity
									}
								}
							}
						}
					}
				}
			`,
		);
		expect(answer.status).toBe(200);
		const data = answer.body.data as {
			locations: { nodes: Array<{ name: string }> };
			inventoryItems: {
				nodes: Array<{
					sku: string;
					inventoryLevels: {
						nodes: Array<{ location: { name: string }; quantities: Array<{ quantity: number }> }>;
					};
				}>;
			};
		};
		expect(data.locations.nodes.map(({ name }) => name)).toEqual(['Warehouse', 'Oxford Street']);
		expect(
			data.inventoryItems.nodes.map((item) => [
				item.sku,
				item.inventoryLevels.nodes.map((level) => [
					level.location.name,
					level.quantities[0].quantity,
				]),
			]),
		).toEqual([
			[
				'TEE-S',
				[
					['Warehouse', 5],
					['Oxford Street', 2],
				],
			],
			['MUG', [['Warehouse', 9]]],
		]);
		const cost = (answer.body.extensions as { cost: Record<string, unknown> }).cost;
		expect(cost.requestedQueryCost).toBeGreaterThan(0);
		expect(cost).toEqual({
			requestedQueryCost: cost.requestedQueryCost,
			actualQueryCost: cost.requestedQueryCost,
			throttleStatus: {
				maximumAvailable: 2000,
				currentlyAvailable: 2000 - (cost.requestedQueryCost as number),
				restoreRate: 100,
			},
		});
	});

	it('fails validation for a field the schema does not have', async () => {
		const answer = await graphql(sandbox, '{ locations(first: 1) { nodes { id warehouseCode } } }');
		expect(answer.status).toBe(200);
		expect(answer.body.data).toBeUndefined();
		expect((answer.body.errors as Array<{ message: string }>)[0].message).toBe(
			'Cannot query field "warehouseCode" on type "Location".',
		);
	});

	it('throttles a query the bucket cannot pay for, and admits it once the bucket has refilled', async () => {
		const query = '{ productVariants(first: 50) { nodes { id sku inventoryItem { id } } } }';
		const cost = queryCost(query);
		expect(cost).toBe(2 + 50 * 2);
		sandbox.setBucket(cost - 1);
		const throttled = await graphql(sandbox, query);
		expect(throttled.status).toBe(200);
		expect(throttled.body.errors).toEqual([
			expect.objectContaining({ message: 'Throttled', extensions: { code: 'THROTTLED' } }),
		]);
		expect(
			(throttled.body.extensions as { cost: { throttleStatus: { currentlyAvailable: number } } })
				.cost.throttleStatus.currentlyAvailable,
		).toBe(cost - 1);
		clock += 1000; // 100 points restored
		const admitted = await graphql(sandbox, query);
		expect(admitted.body.errors).toBeUndefined();
		expect(
			(admitted.body.extensions as { cost: { throttleStatus: { currentlyAvailable: number } } })
				.cost.throttleStatus.currentlyAvailable,
		).toBe(99);
	});

	it('refuses first or last over 250 on any connection, given inline, by a variable or nested, without charging the bucket', async () => {
		type Refusal = { errors?: Array<{ message: string; extensions: { code: string } }> };
		const before = sandbox.throttleStatus().currentlyAvailable;
		const refusals = [
			['{ inventoryItems(first: 251) { nodes { id } } }', {}, 'first', 'inventoryItems', 251],
			[
				'query ($n: Int) { locations(last: $n) { nodes { id } } }',
				{ n: 332 },
				'last',
				'locations',
				332,
			],
			[
				'{ inventoryItems(first: 1) { nodes { inventoryLevels(first: 300) { nodes { id } } } } }',
				{},
				'first',
				'inventoryLevels',
				300,
			],
		] as const;
		for (const [query, variables, argument, field, size] of refusals) {
			const answer = await graphql(sandbox, query, variables);
			expect(answer.status).toBe(200);
			expect(answer.body.data).toBeUndefined();
			expect((answer.body as Refusal).errors).toEqual([
				expect.objectContaining({
					message: `The ${argument} argument of ${field} is ${size}, which exceeds the maximum page size of 250.`,
					extensions: { code: 'MAX_PAGE_SIZE_EXCEEDED' },
				}),
			]);
		}
		expect(sandbox.throttleStatus().currentlyAvailable).toBe(before);
		// 250 is a page.
		const page = await graphql(sandbox, '{ inventoryItems(first: 250) { nodes { sku } } }');
		expect((page.body as Refusal).errors).toBeUndefined();
		expect(
			(page.body.data as { inventoryItems: { nodes: Array<{ sku: string }> } }).inventoryItems
				.nodes,
		).toHaveLength(3);
	});

	it('holds the bucket spent for every call until released (another user of the same app)', async () => {
		const query = '{ locations(first: 5) { nodes { id } } }';
		sandbox.holdBucket(3);
		for (const advance of [0, 60_000]) {
			clock += advance; // a minute of restoring changes nothing while held
			const answer = await graphql(sandbox, query);
			expect(answer.body.errors).toEqual([
				expect.objectContaining({ extensions: { code: 'THROTTLED' } }),
			]);
			expect(
				(answer.body.extensions as { cost: { throttleStatus: { currentlyAvailable: number } } })
					.cost.throttleStatus.currentlyAvailable,
			).toBe(3);
		}
		sandbox.holdBucket(undefined);
		clock += 1000;
		expect((await graphql(sandbox, query)).body.errors).toBeUndefined();
	});

	it('sets quantities with compare quantities, and refuses a stale one without setting anything', async () => {
		const item = (sku: string) =>
			`gid://shopify/InventoryItem/${sandbox.state.variantBySku(sku)!.inventory_item_id}`;
		const location = (name: string) =>
			`gid://shopify/Location/${sandbox.state.locationByName(name)!.id}`;
		const mutation = `mutation Set($input: InventorySetQuantitiesInput!) {
			inventorySetQuantities(input: $input) {
				inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } }
				userErrors { code field message } } }`;
		const stale = await graphql(sandbox, mutation, {
			input: {
				name: 'available',
				reason: 'correction',
				quantities: [
					{
						inventoryItemId: item('TEE-S'),
						locationId: location('Warehouse'),
						quantity: 7,
						compareQuantity: 5,
					},
					{
						inventoryItemId: item('MUG'),
						locationId: location('Warehouse'),
						quantity: 3,
						compareQuantity: 8,
					},
				],
			},
		});
		expect((stale.body.data as { inventorySetQuantities: unknown }).inventorySetQuantities).toEqual(
			{
				inventoryAdjustmentGroup: null,
				userErrors: [
					{
						code: 'COMPARE_QUANTITY_STALE',
						field: ['input', 'quantities', '1', 'compareQuantity'],
						message: 'The compareQuantity value does not match the stored value.',
					},
				],
			},
		);
		expect(sandbox.state.availableBySku('TEE-S', 'Warehouse')).toBe(5);
		const input = {
			name: 'available',
			reason: 'correction',
			quantities: [
				{
					inventoryItemId: item('TEE-S'),
					locationId: location('Warehouse'),
					quantity: 7,
					compareQuantity: 5,
				},
				{
					inventoryItemId: item('MUG'),
					locationId: location('Warehouse'),
					quantity: 3,
					compareQuantity: 9,
				},
			],
		};
		const set = await graphql(sandbox, mutation, { input });
		expect((set.body.data as { inventorySetQuantities: unknown }).inventorySetQuantities).toEqual({
			inventoryAdjustmentGroup: {
				reason: 'correction',
				changes: [
					{ name: 'available', delta: 2, quantityAfterChange: 7 },
					{ name: 'available', delta: -6, quantityAfterChange: 3 },
				],
			},
			userErrors: [],
		});
		expect([
			sandbox.state.availableBySku('TEE-S', 'Warehouse'),
			sandbox.state.availableBySku('MUG', 'Warehouse'),
		]).toEqual([7, 3]);
		expect(
			(set.body.extensions as { cost: { requestedQueryCost: number } }).cost.requestedQueryCost,
		).toBe(queryCost(mutation, { input }));
	});

	it("fulfils an order's fulfillment order with tracking and notification, and cancels an order", async () => {
		const order = sandbox.state.createOrder(
			{ line_items: [{ sku: 'TEE-S', quantity: 2 }] },
			{ silent: true },
		);
		const read = await graphql(
			sandbox,
			`
				query ($id: ID!) {
					order(id: $id) {
						fulfillmentOrders(first: 5) {
							nodes {
								id
								status
								supportedActions {
									action
								}
								lineItems(first: 5) {
									nodes {
										id
										remainingQuantity
										lineItem {
											sku
										}
									}
								}
							}
						}
					}
				}
			`,
			{ id: `gid://shopify/Order/${order.id}` },
		);
		const fo = (
			read.body.data as {
				order: {
					fulfillmentOrders: {
						nodes: Array<{
							id: string;
							status: string;
							supportedActions: unknown;
							lineItems: {
								nodes: Array<{ id: string; remainingQuantity: number; lineItem: { sku: string } }>;
							};
						}>;
					};
				};
			}
		).order.fulfillmentOrders.nodes[0];
		expect([
			fo.status,
			fo.supportedActions,
			fo.lineItems.nodes[0].remainingQuantity,
			fo.lineItems.nodes[0].lineItem.sku,
		]).toEqual(['OPEN', [{ action: 'CREATE_FULFILLMENT' }], 2, 'TEE-S']);
		const mutation = `mutation($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) {
			fulfillment { status trackingInfo { company number url } } userErrors { field message } } }`;
		const fulfilled = await graphql(sandbox, mutation, {
			fulfillment: {
				notifyCustomer: true,
				trackingInfo: {
					company: 'DHL Express',
					number: 'JD0001',
					url: 'https://track.example/JD0001',
				},
				lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }],
			},
		});
		expect((fulfilled.body.data as { fulfillmentCreate: unknown }).fulfillmentCreate).toEqual({
			fulfillment: {
				status: 'SUCCESS',
				trackingInfo: [
					{ company: 'DHL Express', number: 'JD0001', url: 'https://track.example/JD0001' },
				],
			},
			userErrors: [],
		});
		expect([
			sandbox.state.orders.get(order.id)!.fulfillment_status,
			sandbox.state.fulfillments[0].notify_customer,
		]).toEqual(['fulfilled', true]);
		const twice = await graphql(sandbox, mutation, {
			fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] },
		});
		expect(
			(twice.body.data as { fulfillmentCreate: { userErrors: Array<{ message: string }> } })
				.fulfillmentCreate.userErrors[0].message,
		).toMatch(/unfulfillable status= closed/);

		// One fulfillment is for fulfillment orders at one location: an order split over two is
		// fulfilled location by location.
		const split = sandbox.state.createOrder(
			{ line_items: [{ sku: 'MUG', quantity: 2 }] },
			{ silent: true },
		);
		const [first] = sandbox.state.fulfillmentOrdersOf(split.id);
		const elsewhere = [...sandbox.state.locations.values()].find(
			(location) => location.id !== first.assigned_location_id,
		)!;
		const second = { ...first, id: sandbox.state.id(), assigned_location_id: elsewhere.id };
		second.line_items = first.line_items.map((line) => ({ ...line, id: sandbox.state.id() }));
		sandbox.state.fulfillmentOrders.set(second.id, second);
		const across = await graphql(sandbox, mutation, {
			fulfillment: {
				lineItemsByFulfillmentOrder: [first, second].map((candidate) => ({
					fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${candidate.id}`,
				})),
			},
		});
		expect(
			(across.body.data as { fulfillmentCreate: { userErrors: Array<{ message: string }> } })
				.fulfillmentCreate.userErrors,
		).toEqual([
			{
				field: ['fulfillment'],
				message: `All fulfillment orders must be assigned to a single location. Multiple locations with IDs [${first.assigned_location_id}, ${elsewhere.id}] were found`,
			},
		]);

		const other = sandbox.state.createOrder(
			{ line_items: [{ sku: 'MUG', quantity: 1 }] },
			{ silent: true },
		);
		const cancel = `mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: false, restock: true) { job { done } orderCancelUserErrors { code message } } }`;
		const cancelled = await graphql(sandbox, cancel, { id: `gid://shopify/Order/${other.id}` });
		expect((cancelled.body.data as { orderCancel: unknown }).orderCancel).toEqual({
			job: { done: true },
			orderCancelUserErrors: [],
		});
		expect(sandbox.state.orders.get(other.id)!.cancel_reason).toBe('customer');
	});

	it('lists every fulfillment order of an order, history included, and leaves out only hidden ones with displayable: true', async () => {
		const order = sandbox.state.createOrder(
			{ line_items: [{ sku: 'TEE-S', quantity: 1 }] },
			{ silent: true },
		);
		const [done] = sandbox.state.fulfillmentOrdersOf(order.id);
		sandbox.state.recordFulfillment(
			order.id,
			done.line_items.map((line) => ({ fulfillmentOrder: done, line, quantity: 1 })),
			[{ company: 'DPD', number: 'DPD-1', url: null }],
			false,
		);
		const copy = (status: string, hidden = false) => {
			const id = sandbox.state.id();
			const fo: HideableFulfillmentOrder = {
				...done,
				id,
				status,
				line_items: done.line_items.map((line) => ({ ...line, id: sandbox.state.id() })),
				...(hidden ? { hidden } : {}),
			};
			sandbox.state.fulfillmentOrders.set(id, fo);
			return id;
		};
		const cancelled = copy('CANCELLED');
		const moved = copy('CLOSED', true);
		const open = copy('OPEN');
		const query = `query ($id: ID!, $displayable: Boolean) { order(id: $id) {
			fulfillmentOrders(first: 10, displayable: $displayable) { nodes { id status } }
			fulfillments(first: 10) { trackingInfo { number } } } }`;
		const read = async (displayable?: boolean) => {
			const answer = await graphql(sandbox, query, {
				id: `gid://shopify/Order/${order.id}`,
				...(displayable === undefined ? {} : { displayable }),
			});
			return (
				answer.body.data as {
					order: {
						fulfillmentOrders: { nodes: Array<{ id: string; status: string }> };
						fulfillments: unknown;
					};
				}
			).order;
		};
		const statuses = (nodes: Array<{ id: string; status: string }>) =>
			nodes.map((node) => [Number(node.id.split('/').pop()), node.status]);
		const all = await read();
		expect(statuses(all.fulfillmentOrders.nodes)).toEqual([
			[done.id, 'CLOSED'],
			[cancelled, 'CANCELLED'],
			[moved, 'CLOSED'],
			[open, 'OPEN'],
		]);
		expect(all.fulfillments).toEqual([{ trackingInfo: [{ number: 'DPD-1' }] }]);
		expect(statuses((await read(false)).fulfillmentOrders.nodes)).toHaveLength(4);
		expect(statuses((await read(true)).fulfillmentOrders.nodes)).toEqual([
			[done.id, 'CLOSED'],
			[cancelled, 'CANCELLED'],
			[open, 'OPEN'],
		]);
		// The schema has no other filter of that kind: an unknown argument fails validation.
		const unknown = await graphql(
			sandbox,
			`
				query ($id: ID!) {
					order(id: $id) {
						fulfillmentOrders(first: 5, includeClosed: true) {
							nodes {
								id
							}
						}
					}
				}
			`,
			{ id: `gid://shopify/Order/${order.id}` },
		);
		expect(unknown.body.errors).toEqual([
			expect.objectContaining({ message: expect.stringContaining('includeClosed') }),
		]);
	});
});

describe('Shopify sandbox: webhook deliveries', () => {
	let receiver: Server;
	let received: Array<{ headers: IncomingHttpHeaders; body: string }>;
	let address: string;
	/** The receiver answers the next N calls 503 (n8n's webhook processor without Redis does). */
	let refuseNext = 0;
	beforeAll(async () => {
		receiver = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
				if (refuseNext > 0) {
					refuseNext--;
					response.statusCode = 503;
				}
				response.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/x/webhook`;
	});
	afterAll(async () => {
		await new Promise((resolve) => receiver.close(resolve));
	});
	beforeEach(() => {
		received = [];
		refuseNext = 0;
	});
	const registerAt = (target: ShopifySandbox) =>
		target.state.webhooks.set(1, {
			id: 1,
			topic: 'orders/create',
			address,
			format: 'json',
			api_version: '2024-07',
			created_at: '',
			updated_at: '',
		});

	it('tries once unless told to retry: a refused delivery is recorded and not sent again', async () => {
		registerAt(sandbox);
		refuseNext = 1;
		expect(
			(await sandbox.deliver('orders/create', { id: 41 })).map(({ status, attempt }) => [
				status,
				attempt,
			]),
		).toEqual([[503, 1]]);
		expect(received).toHaveLength(1);
	});

	it('retries a refused delivery after each configured delay with the same webhook id, and stops when answered or out of tries', async () => {
		const retrying = await startSandbox('shopify', { deliveryRetryDelaysMs: [20, 20] });
		try {
			registerAt(retrying);
			refuseNext = 1;
			await retrying.deliver('orders/create', { id: 44 });
			expect(retrying.deliveries.map(({ status, attempt }) => [status, attempt])).toEqual([
				[503, 1],
				[200, 2],
			]);
			expect(new Set(received.map(({ headers }) => headers['x-shopify-webhook-id'])).size).toBe(1);
			expect(new Set(received.map(({ body }) => body))).toEqual(new Set(['{"id":44}']));

			retrying.deliveries.length = 0;
			refuseNext = 5;
			await retrying.deliver('orders/create', { id: 45 });
			expect(retrying.deliveries.map(({ status, attempt }) => [status, attempt])).toEqual([
				[503, 1],
				[503, 2],
				[503, 3],
			]);
		} finally {
			await retrying.close();
		}
	});

	it('posts order create and cancel to the registered address with the Shopify headers and a correct HMAC', async () => {
		for (const topic of ['orders/create', 'orders/cancelled'])
			await viaProxy(sandbox, 'POST', '/admin/api/2024-07//webhooks.json', {
				body: { webhook: { topic, address } },
			});
		const created = await viaProxy(sandbox, 'POST', '/admin/api/2024-07//orders.json', {
			body: { order: { line_items: [{ sku: 'MUG', quantity: 1 }] } },
		});
		const id = (created.body.order as { id: number }).id;
		await viaProxy(sandbox, 'POST', `/admin/api/2024-07//orders/${id}/cancel.json`, { body: {} });
		await sandbox.webhooksSettled();
		expect(received.map(({ headers }) => headers['x-shopify-topic'])).toEqual([
			'orders/create',
			'orders/cancelled',
		]);
		for (const { headers, body } of received) {
			expect(headers['x-shopify-hmac-sha256']).toBe(shopifyHmac(SANDBOX_APP_SECRET, body));
			expect(headers['x-shopify-shop-domain']).toBe(SANDBOX_SHOP_DOMAIN);
			expect(headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
			expect(headers['x-shopify-api-version']).toBe('2024-07');
			expect((JSON.parse(body) as { id: number }).id).toBe(id);
		}
		expect(sandbox.deliveries.map(({ status }) => status)).toEqual([200, 200]);
	});

	it('delivers on demand, and a forged delivery carries a signature the app secret does not make', async () => {
		registerAt(sandbox);
		await sandbox.deliver('orders/create', { id: 42 });
		await sandbox.deliverForged('orders/create', { id: 43 });
		expect(received).toHaveLength(2);
		expect(received[0].headers['x-shopify-hmac-sha256']).toBe(
			shopifyHmac(SANDBOX_APP_SECRET, received[0].body),
		);
		expect(received[1].headers['x-shopify-hmac-sha256']).not.toBe(
			shopifyHmac(SANDBOX_APP_SECRET, received[1].body),
		);
	});
});

describe("Shopify sandbox: n8n's own Shopify node through the proxy", () => {
	let unroute: () => void;
	beforeAll(() => {
		unroute = routeHttpsToShopify(sandbox);
	});
	afterAll(() => unroute());

	it('runs an HTTP Request node with the Shopify credential against Admin GraphQL', async () => {
		const runner = WorkflowRunner.forSandboxes({ shopify: sandbox.baseUrl });
		const item = sandbox.state.variantBySku('MUG')!.inventory_item_id;
		const location = sandbox.state.locationByName('Warehouse')!.id;
		const query = `mutation Set($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code message } } }`;
		const body = {
			query,
			variables: {
				input: {
					name: 'available',
					reason: 'correction',
					quantities: [
						{
							inventoryItemId: `gid://shopify/InventoryItem/${item}`,
							locationId: `gid://shopify/Location/${location}`,
							quantity: 4,
							compareQuantity: 9,
						},
					],
				},
			},
		};
		const result = await runner.run(
			singleNodeWorkflow({
				name: 'GraphQL',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				credentials: sandboxCredentials('shopify'),
				parameters: {
					method: 'POST',
					url: `https://${SANDBOX_SHOP_DOMAIN}/admin/api/2025-01/graphql.json`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'shopifyAccessTokenApi',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify(body),
					options: {},
				},
			}),
		);
		expect(result.error).toBeUndefined();
		const answer = result.json('GraphQL')[0] as {
			data: unknown;
			extensions: { cost: { throttleStatus: { currentlyAvailable: number } } };
		};
		expect(answer.data).toEqual({ inventorySetQuantities: { userErrors: [] } });
		expect(answer.extensions.cost.throttleStatus.currentlyAvailable).toBe(
			2000 - queryCost(query, body.variables),
		);
		expect(sandbox.state.availableBySku('MUG', 'Warehouse')).toBe(4);
	});

	it("registers, finds and deletes the Shopify Trigger's webhook as n8n's activation does", async () => {
		const runner = WorkflowRunner.forSandboxes({ shopify: sandbox.baseUrl });
		const workflow = shopifyTriggerWorkflow('orders/cancelled', 'shopify-orders-cancelled');
		const before = await runner.webhookMethod(workflow, 'Shopify Trigger', 'checkExists');
		expect(before.result).toBe(false);
		const created = await runner.webhookMethod(
			workflow,
			'Shopify Trigger',
			'create',
			before.staticData,
		);
		expect(created.result).toBe(true);
		expect(
			[...sandbox.state.webhooks.values()].map(({ topic, address }) => [topic, address]),
		).toEqual([
			['orders/cancelled', 'http://127.0.0.1:5678/webhook/shopify-orders-cancelled/webhook'],
		]);
		const [registered] = sandbox.state.webhooks.values();
		const found = await runner.webhookMethod(workflow, 'Shopify Trigger', 'checkExists', {});
		expect(found.result).toBe(true);
		await runner.webhookMethod(workflow, 'Shopify Trigger', 'delete', created.staticData);
		expect(sandbox.state.webhooks.size).toBe(0);
		expect(sandbox.calls.map(({ method, path }) => `${method} ${path}`)).toEqual([
			'GET /admin/api/2024-07//webhooks',
			'POST /admin/api/2024-07//webhooks.json',
			'GET /admin/api/2024-07//webhooks',
			`DELETE /admin/api/2024-07//webhooks/${registered.id}.json`,
		]);
	});

	it('fires the Shopify Trigger with a signed order webhook, and not with a forged one', async () => {
		const runner = WorkflowRunner.forSandboxes({ shopify: sandbox.baseUrl });
		const workflow = shopifyTriggerWorkflow('orders/create', 'shopify-orders-create');
		const receiver = await WebhookReceiver.start(runner, workflow, 'Shopify Trigger');
		try {
			sandbox.state.webhooks.set(1, {
				id: 1,
				topic: 'orders/create',
				address: receiver.url,
				format: 'json',
				api_version: '2024-07',
				created_at: '',
				updated_at: '',
			});
			const order = sandbox.state.createOrder({ line_items: [{ sku: 'MUG', quantity: 1 }] });
			await sandbox.webhooksSettled();
			await sandbox.deliverForged('orders/create', sandbox.state.orderView(order));
			expect(receiver.deliveries.map(({ items }) => items.length)).toEqual([1, 0]);
			expect(receiver.deliveries[0].items[0].json).toMatchObject({ id: order.id });
			expect(sandbox.deliveries.map(({ status }) => status)).toEqual([200, 200]);
		} finally {
			await receiver.close();
		}
	});

	it('gets orders and one order with the Access Token credential', async () => {
		const orders = [1, 2, 3].map(() =>
			sandbox.state.createOrder({ line_items: [{ sku: 'TEE-M', quantity: 1 }] }, { silent: true }),
		);
		const runner = WorkflowRunner.forSandboxes({ shopify: sandbox.baseUrl });
		const node = {
			name: 'Shopify',
			type: 'n8n-nodes-base.shopify',
			credentials: sandboxCredentials('shopify'),
		};
		const list = await runner.run(
			singleNodeWorkflow({
				...node,
				parameters: {
					authentication: 'accessToken',
					resource: 'order',
					operation: 'getAll',
					returnAll: false,
					limit: 2,
					options: { status: 'any' },
				},
			}),
		);
		expect(list.error).toBeUndefined();
		// The newest two, as Shopify lists orders newest first.
		expect(list.json('Shopify').map((order) => order.id)).toEqual([orders[2].id, orders[1].id]);
		const one = await runner.run(
			singleNodeWorkflow({
				...node,
				parameters: {
					authentication: 'accessToken',
					resource: 'order',
					operation: 'get',
					orderId: String(orders[2].id),
					options: {},
				},
			}),
		);
		expect(one.error).toBeUndefined();
		expect(one.json('Shopify')[0]).toMatchObject({
			id: orders[2].id,
			line_items: [expect.objectContaining({ sku: 'TEE-M' })],
		});
		expect(sandbox.calls.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			'GET /admin/api/2024-07//orders.json 200',
			`GET /admin/api/2024-07//orders/${orders[2].id}.json 200`,
		]);
		expect(sandbox.connects.at(-1)).toEqual({
			target: `${SANDBOX_SHOP_DOMAIN}:443`,
			allowed: true,
		});
	});
});

describe('Shopify sandbox: a Shopify pricing above the cost model (setCostMultiplier)', () => {
	afterEach(() => sandbox.setCostMultiplier(1));

	it('prices every call that many times the model (rounded up): answered, charged and held to the single-query maximum', async () => {
		const query = `query ($skus: String!) { inventoryItems(first: 50, query: $skus) { nodes { id sku } } }`;
		const variables = { skus: 'sku:"TEE-S"' };
		const model = queryCost(query, variables);
		sandbox.setCostMultiplier(2.5);
		const answer = await graphql(sandbox, query, variables);
		expect(answer.body.data).toEqual({
			inventoryItems: { nodes: [expect.objectContaining({ sku: 'TEE-S' })] },
		});
		const priced = Math.ceil(model * 2.5);
		expect((answer.body.extensions as { cost: Record<string, unknown> }).cost).toEqual({
			requestedQueryCost: priced,
			actualQueryCost: priced,
			throttleStatus: {
				maximumAvailable: 2000,
				currentlyAvailable: 2000 - priced,
				restoreRate: 100,
			},
		});
		// The same query priced over 1,000 is refused, not charged.
		const over = Math.ceil(1000 / model) + 1;
		sandbox.setCostMultiplier(over);
		const refused = await graphql(sandbox, query, variables);
		expect(refused.body.data).toBeUndefined();
		expect(refused.body.errors).toEqual([
			expect.objectContaining({
				message: `Query cost is ${model * over}, which exceeds the single query max cost limit (1000).`,
				extensions: { code: 'MAX_COST_EXCEEDED' },
			}),
		]);
		expect(
			(refused.body.extensions as { cost: { throttleStatus: { currentlyAvailable: number } } }).cost
				.throttleStatus.currentlyAvailable,
		).toBe(2000 - priced);
		// Back to the model.
		sandbox.setCostMultiplier(1);
		const again = await graphql(sandbox, query, variables);
		expect(
			(again.body.extensions as { cost: { requestedQueryCost: number } }).cost.requestedQueryCost,
		).toBe(model);
		expect(
			sandbox.graphqlCalls.slice(-3).map((call) => [call.requestedCost, call.outcome]),
		).toEqual([
			[priced, 'ok'],
			[model * over, 'MAX_COST_EXCEEDED'],
			[model, 'ok'],
		]);
	});
});

describe('Shopify sandbox: a throttle whatever the client is timed like (throttleNext)', () => {
	it('answers the next call of the field THROTTLED with the bucket found spent, leaves other fields alone, and refills as after any spend', async () => {
		const query = '{ locations(first: 5) { nodes { id } } }';
		const other = '{ location { id } }';
		sandbox.setBucket(2000);
		sandbox.throttleNext('locations');
		expect((await graphql(sandbox, other)).body.errors).toBeUndefined();
		const throttled = await graphql(sandbox, query);
		expect(throttled.body.errors).toEqual([
			expect.objectContaining({ message: 'Throttled', extensions: { code: 'THROTTLED' } }),
		]);
		expect(
			(throttled.body.extensions as { cost: { throttleStatus: { currentlyAvailable: number } } })
				.cost.throttleStatus.currentlyAvailable,
		).toBe(0);
		clock += 1000; // 100 points restored
		const again = await graphql(sandbox, query);
		expect(again.body.errors).toBeUndefined();
		expect((again.body.data as { locations: { nodes: unknown[] } }).locations.nodes.length).toBe(
			sandbox.state.locations.size,
		);
	});
});
