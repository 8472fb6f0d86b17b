/**
 * The commercetools sandbox itself, over HTTP: what the mock underneath already does right, and
 * each extension of ../../sandbox/commercetools/extensions/ (one describe each).
 */
import type {
	InventoryEntry,
	Message,
	Order,
	ProductProjection,
} from '@commercetools/platform-sdk';

import {
	CommercetoolsSandbox,
	RATE_LIMIT,
	SANDBOX_CLIENT,
	SANDBOX_PROJECT_KEY,
} from '../../sandbox/commercetools/server';
import {
	COMMERCETOOLS_SEED,
	orderImportDraft,
	seedBulkProducts,
	seedQuantityMessages,
} from '../harness/commercetools';

let sandbox: CommercetoolsSandbox;
let token: string;

beforeEach(async () => {
	sandbox = new CommercetoolsSandbox();
	sandbox.state.seed(COMMERCETOOLS_SEED);
	await sandbox.listen();
	token = await tokenFor();
});
afterEach(async () => sandbox.close());

/** Answers are read member by member, as JSON.parse types what it reads. */
type Json = ReturnType<typeof JSON.parse>;

async function oauth(clientId: string, clientSecret: string, scope?: string) {
	const form = new URLSearchParams({ grant_type: 'client_credentials' });
	if (scope) form.set('scope', scope);
	const response = await fetch(`${sandbox.baseUrl}/oauth/token`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
			'Content-Type': 'application/x-www-form-urlencoded',
		},
		body: form.toString(),
	});
	return { status: response.status, body: (await response.json()) as Json };
}

async function tokenFor(
	client: { clientId: string; clientSecret: string } = SANDBOX_CLIENT,
	scope?: string,
): Promise<string> {
	const answer = await oauth(client.clientId, client.clientSecret, scope);
	expect(answer.status).toBe(200);
	return answer.body.access_token as string;
}

async function api(
	method: string,
	path: string,
	body?: unknown,
	bearer: string | null = token,
): Promise<{ status: number; body: Json; headers: Headers }> {
	const response = await fetch(`${sandbox.baseUrl}/${SANDBOX_PROJECT_KEY}${path}`, {
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

const where = (...predicates: string[]) =>
	predicates.map((predicate) => `where=${encodeURIComponent(predicate)}`).join('&');
const channelId = (key: string) => sandbox.state.channel(key)!.id;
const entry = (sku: string, channel: string) => sandbox.state.inventory(sku, channel)!;
const update = (path: string, version: number, actions: unknown[]) =>
	api('POST', path, { version, actions });
const errorCodes = (body: Json) => (body.errors as Array<{ code: string }>).map(({ code }) => code);

async function importOrder(orderNumber: string, extra: Record<string, unknown> = {}) {
	return api('POST', '/orders/import', {
		...orderImportDraft(orderNumber, [{ sku: 'TEE-RED-M', quantity: 2 }]),
		...extra,
	});
}

describe('what the mock already does right', () => {
	it('answers a stale version with 409 ConcurrentModification carrying currentVersion', async () => {
		const { id, version } = entry('TEE-RED-M', 'london-warehouse');
		const fresh = await update(`/inventory/${id}`, version, [
			{ action: 'changeQuantity', quantity: 12 },
		]);
		expect([fresh.status, fresh.body.version]).toEqual([200, version + 1]);
		const stale = await update(`/inventory/${id}`, version, [
			{ action: 'changeQuantity', quantity: 13 },
		]);
		expect(stale.status).toBe(409);
		expect(stale.body.errors[0]).toMatchObject({
			code: 'ConcurrentModification',
			currentVersion: version + 1,
		});
		expect(entry('TEE-RED-M', 'london-warehouse').quantityOnStock).toBe(12);
	});

	it('filters inventory by `sku in (…) and supplyChannel(id = …)`', async () => {
		const answer = await api(
			'GET',
			`/inventory?${where(`sku in ("TEE-RED-M","TEE-RED-L","CAP-BLUE") and supplyChannel(id = "${channelId('london-warehouse')}")`)}`,
		);
		expect(answer.body.results.map((found: InventoryEntry) => found.sku).sort()).toEqual([
			'TEE-RED-L',
			'TEE-RED-M',
		]);
	});

	it('finds product projections by variant SKU, current unless staged', async () => {
		sandbox.state.addProducts([
			{ key: 'DRAFT', name: 'Draft', published: false, variants: [{ sku: 'DRAFT-1' }] },
		]);
		const bySku = (sku: string, staged = '') =>
			api(
				'GET',
				`/product-projections?${where(`masterVariant(sku = "${sku}") or variants(sku = "${sku}")`)}${staged}`,
			);
		const tee = await bySku('TEE-RED-L');
		expect(tee.body.results.map((product: ProductProjection) => product.key)).toEqual(['TEE-RED']);
		expect((await bySku('DRAFT-1')).body.results).toEqual([]);
		expect((await bySku('DRAFT-1', '&staged=false')).body.results).toEqual([]);
		const staged = await bySku('DRAFT-1', '&staged=true');
		expect(staged.body.results.map((product: ProductProjection) => product.key)).toEqual(['DRAFT']);
	});

	it('reads an order by order number (GET and HEAD)', async () => {
		await importOrder('K-1');
		const found = await api('GET', '/orders/order-number=K-1');
		expect([found.status, found.body.orderNumber]).toEqual([200, 'K-1']);
		expect((await api('HEAD', '/orders/order-number=K-1')).status).toBe(200);
		expect((await api('GET', '/orders/order-number=K-2')).status).toBe(404);
		expect((await api('HEAD', '/orders/order-number=K-2')).status).toBe(404);
	});
});

describe('extension 1: OAuth client credentials and scopes', () => {
	it('issues a Bearer token with the client scopes and the 48 h default lifetime', async () => {
		const answer = await oauth(SANDBOX_CLIENT.clientId, SANDBOX_CLIENT.clientSecret);
		expect(answer.body).toEqual({
			access_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 172_800,
			scope: `manage_project:${SANDBOX_PROJECT_KEY}`,
		});
	});

	it('refuses a wrong secret (401 invalid_client) and a scope the client lacks (400 invalid_scope)', async () => {
		const wrong = await oauth(SANDBOX_CLIENT.clientId, 'not-the-secret');
		expect([wrong.status, wrong.body.error, errorCodes(wrong.body)]).toEqual([
			401,
			'invalid_client',
			['invalid_client'],
		]);
		sandbox.oauth.addClient({
			clientId: 'orders-only',
			clientSecret: 'secret',
			scopes: [`view_orders:${SANDBOX_PROJECT_KEY}`],
		});
		const tooMuch = await oauth('orders-only', 'secret', `manage_orders:${SANDBOX_PROJECT_KEY}`);
		expect([tooMuch.status, tooMuch.body.error]).toEqual([400, 'invalid_scope']);
	});

	it('needs a valid unexpired token on every project call (401 invalid_token)', async () => {
		const none = await api('GET', '/channels', undefined, null);
		expect([none.status, errorCodes(none.body)]).toEqual([401, ['invalid_token']]);
		expect((await api('GET', '/channels', undefined, 'made-up')).status).toBe(401);
		sandbox.oauth.expireTokens();
		const expired = await api('GET', '/channels');
		expect([expired.status, expired.body.error]).toEqual([401, 'invalid_token']);
		token = await tokenFor();
		expect((await api('GET', '/channels')).status).toBe(200);
	});

	it("checks each endpoint's scope (403 insufficient_scope); manage implies view", async () => {
		sandbox.oauth.addClient({
			clientId: 'narrow',
			clientSecret: 'secret',
			scopes: [
				`manage_orders:${SANDBOX_PROJECT_KEY}`,
				`view_published_products:${SANDBOX_PROJECT_KEY}`,
			],
		});
		token = await tokenFor({ clientId: 'narrow', clientSecret: 'secret' });
		expect((await api('GET', '/orders')).status).toBe(200);
		expect((await api('GET', '/product-projections')).status).toBe(200);
		const inventory = await api('GET', '/inventory');
		expect([inventory.status, inventory.body.error]).toEqual([403, 'insufficient_scope']);
		expect(inventory.body.message).toContain('view_products');
		expect((await api('GET', '/product-projections?staged=true')).status).toBe(403);
		expect((await api('GET', '/messages')).status).toBe(403);
	});

	it('sets token lifetimes through the admin API', async () => {
		await fetch(`${sandbox.baseUrl}/__sandbox/tokens`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ lifetimeSeconds: 3600 }),
		});
		const answer = await oauth(SANDBOX_CLIENT.clientId, SANDBOX_CLIENT.clientSecret);
		expect(answer.body.expires_in).toBe(3600);
	});
});

describe('extension 2: Messages API', () => {
	it('records OrderImported (never OrderCreated) for an import, with the order number', async () => {
		const imported = await importOrder('K-10');
		const messages = await api(
			'GET',
			`/messages?${where('type in ("OrderCreated", "OrderImported")')}`,
		);
		expect(messages.body.results).toEqual([
			expect.objectContaining({
				type: 'OrderImported',
				version: 1,
				sequenceNumber: 1,
				resource: { typeId: 'order', id: imported.body.id },
				resourceVersion: imported.body.version,
				resourceUserProvidedIdentifiers: { orderNumber: 'K-10' },
				order: expect.objectContaining({ orderNumber: 'K-10' }),
				createdAt: expect.any(String),
				lastModifiedAt: expect.any(String),
			}),
		]);
	});

	it('records delivery, parcel, tracking and state messages of order updates', async () => {
		const order = (await importOrder('K-11')).body as Order;
		const lineItemId = order.lineItems[0].id;
		const trackingData = { trackingId: 'TRK-1', carrier: 'DHL' };
		const added = await update(`/orders/${order.id}`, order.version, [
			{
				action: 'addDelivery',
				deliveryKey: 'D-1',
				items: [{ id: lineItemId, quantity: 2 }],
				parcels: [{ key: 'P-1', trackingData }],
			},
			{ action: 'changeShipmentState', shipmentState: 'Shipped' },
		]);
		expect(added.status).toBe(200);
		const parcelId = added.body.shippingInfo.deliveries[0].parcels[0].id;
		await update(`/orders/${order.id}`, added.body.version, [
			{
				action: 'setParcelTrackingData',
				parcelId,
				trackingData: { ...trackingData, trackingId: 'TRK-2' },
			},
		]);
		// Messages of one update may share a createdAt (then id decides): read them in sequence.
		const ofOrder = sandbox.state
			.messages()
			.filter((message) => message.resource.id === order.id)
			.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
		const types = ofOrder.map((message) => [message.type, message.sequenceNumber]);
		expect(types).toEqual([
			['OrderImported', 1],
			['DeliveryAdded', 2],
			['ParcelAddedToDelivery', 3],
			['OrderShipmentStateChanged', 4],
			['ParcelTrackingDataUpdated', 5],
		]);
		const [delivery, parcel, state, tracking] = ofOrder.slice(1) as Json[];
		expect(delivery.delivery).toMatchObject({
			key: 'D-1',
			items: [{ id: lineItemId, quantity: 2 }],
		});
		expect(parcel.parcel).toMatchObject({ key: 'P-1', trackingData });
		expect(state).toMatchObject({ shipmentState: 'Shipped', resourceVersion: order.version + 2 });
		expect(tracking).toMatchObject({ parcelId, trackingData: { trackingId: 'TRK-2' } });
	});

	it('records InventoryEntryCreated and InventoryEntryQuantitySet with old and new quantities', async () => {
		const created = await api('POST', '/inventory', {
			key: 'CAP-BLUE__london-warehouse',
			sku: 'CAP-BLUE',
			supplyChannel: { typeId: 'channel', key: 'london-warehouse' },
			quantityOnStock: 3,
		});
		expect([created.status, created.body.key]).toEqual([201, 'CAP-BLUE__london-warehouse']);
		expect(sandbox.state.inventory('CAP-BLUE', 'london-warehouse')?.key).toBe(
			'CAP-BLUE__london-warehouse',
		);
		await update(`/inventory/${created.body.id}`, created.body.version, [
			{ action: 'changeQuantity', quantity: 8 },
		]);
		const messages = await api(
			'GET',
			`/messages?${where(`resource(id = "${created.body.id}")`)}&sort=sequenceNumber%20asc`,
		);
		expect(messages.body.results.map((message: Message) => message.type)).toEqual([
			'InventoryEntryCreated',
			'InventoryEntryQuantitySet',
		]);
		expect(messages.body.results[1]).toMatchObject({
			resourceVersion: 2,
			resourceUserProvidedIdentifiers: { sku: 'CAP-BLUE', key: 'CAP-BLUE__london-warehouse' },
			sku: 'CAP-BLUE',
			supplyChannel: { typeId: 'channel', id: channelId('london-warehouse') },
			oldQuantityOnStock: 3,
			newQuantityOnStock: 8,
			oldAvailableQuantity: 3,
			newAvailableQuantity: 8,
		});
		const byVersion = await api(
			'GET',
			`/messages?${where(`resource(id = "${created.body.id}") and resourceVersion = 2`)}`,
		);
		expect(byVersion.body.results).toHaveLength(1);
		const one = await api('GET', `/messages/${byVersion.body.results[0].id}`);
		expect(one.body.type).toBe('InventoryEntryQuantitySet');
		expect((await api('GET', '/messages/unknown')).status).toBe(404);
	});

	it('seeds 5,000 stock messages and pages them by createdAt with limit 500', async () => {
		seedQuantityMessages(sandbox, 5000, { skus: 1000 });
		const since = sandbox.state.messages()[0].createdAt;
		const seen = new Set<string>();
		for (let offset = 0; offset < 5000; offset += 500) {
			const page = await api(
				'GET',
				`/messages?${where('type in ("InventoryEntryQuantitySet")', `createdAt >= "${since}"`)}&sort=createdAt%20asc&sort=id%20asc&limit=500&offset=${offset}&withTotal=false`,
			);
			page.body.results.forEach((message: Message) => seen.add(message.id));
		}
		expect(seen.size).toBe(5000);
		expect(entry('STOCK-00001', 'london-warehouse').version).toBe(6);
	});

	it("honours the project's messages switch: off records nothing and lists nothing", async () => {
		expect((await api('GET', '')).body.messages.enabled).toBe(true);
		sandbox.state.setMessagesEnabled(false);
		await importOrder('K-12');
		expect((await api('GET', '/messages')).body.results).toEqual([]);
		expect((await api('GET', '')).body.messages.enabled).toBe(false);
		sandbox.state.setMessagesEnabled(true);
		expect(sandbox.state.messages()).toEqual([]);
	});
});

describe('extension 3: addQuantity and removeQuantity', () => {
	it('adds and removes deltas on quantityOnStock, below zero too, keeping reservations', async () => {
		const { id, version } = entry('TEE-RED-M', 'oxford-street'); // 5 on stock, 3 available
		const added = await update(`/inventory/${id}`, version, [
			{ action: 'addQuantity', quantity: 4 },
		]);
		expect([added.status, added.body.quantityOnStock, added.body.availableQuantity]).toEqual([
			200, 9, 7,
		]);
		const removed = await update(`/inventory/${id}`, added.body.version, [
			{ action: 'removeQuantity', quantity: 12 },
		]);
		expect([removed.body.quantityOnStock, removed.body.availableQuantity]).toEqual([-3, -5]);
		const quantities = sandbox.state
			.messages(['InventoryEntryQuantitySet'])
			.map((message) => [
				(message as Json).oldQuantityOnStock,
				(message as Json).newQuantityOnStock,
			]);
		expect(quantities).toEqual([
			[5, 9],
			[9, -3],
		]);
	});
});

describe('extension 4: id-cursor paging (sort id asc, where id > last)', () => {
	it('pages 12,000 published products past the offset cap', async () => {
		seedBulkProducts(sandbox, 12_000);
		const seen = new Set<string>();
		let last = '';
		for (;;) {
			const cursor = last ? `&${where(`id > "${last}"`)}` : '';
			const page = await api(
				'GET',
				`/product-projections?sort=id%20asc&limit=500&withTotal=false${cursor}`,
			);
			expect(page.body.total).toBeUndefined();
			const ids = page.body.results.map((product: ProductProjection) => product.id);
			expect(ids).toEqual([...ids].sort());
			ids.forEach((id: string) => seen.add(id));
			if (ids.length < 500) break;
			last = ids[ids.length - 1];
		}
		expect(seen.size).toBe(12_000 + COMMERCETOOLS_SEED.products!.length);
		const past = await api('GET', '/product-projections?limit=500&offset=10500');
		expect([past.status, errorCodes(past.body)]).toEqual([400, ['InvalidInput']]);
	});

	it('sorts the other list endpoints the nodes page (inventory, orders, channels, messages)', async () => {
		await importOrder('K-20');
		await importOrder('K-21');
		for (const path of ['/inventory', '/orders', '/channels', '/stores', '/messages']) {
			const ascending = await api('GET', `${path}?sort=id%20asc`);
			const ids = ascending.body.results.map((resource: { id: string }) => resource.id);
			expect(ids.length).toBeGreaterThan(1);
			expect(ids).toEqual([...ids].sort());
			const after = await api('GET', `${path}?sort=id%20asc&${where(`id > "${ids[0]}"`)}`);
			expect(after.body.results.map((resource: { id: string }) => resource.id)).toEqual(
				ids.slice(1),
			);
		}
	});
});

describe('extension 5: uniqueness', () => {
	it('refuses a second import of an orderNumber with 400 DuplicateField', async () => {
		expect((await importOrder('K-30')).status).toBe(201);
		const again = await importOrder('K-30');
		expect(again.status).toBe(400);
		expect(again.body.errors[0]).toMatchObject({
			code: 'DuplicateField',
			field: 'orderNumber',
			duplicateValue: 'K-30',
		});
		expect(sandbox.state.orders().filter((order) => order.orderNumber === 'K-30')).toHaveLength(1);
	});

	it('refuses a second inventory entry for one (sku, supply channel) with 400 DuplicateField', async () => {
		const again = await api('POST', '/inventory', {
			sku: 'TEE-RED-M',
			supplyChannel: { typeId: 'channel', key: 'london-warehouse' },
			quantityOnStock: 1,
		});
		expect(again.status).toBe(400);
		expect(again.body.errors[0]).toMatchObject({ code: 'DuplicateField', field: 'sku' });
		const otherChannel = await api('POST', '/inventory', {
			sku: 'TEE-RED-L',
			supplyChannel: { typeId: 'channel', key: 'oxford-street' },
			quantityOnStock: 1,
		});
		expect(otherChannel.status).toBe(201);
	});
});

describe('extension 6: paging bounds', () => {
	it('refuses limit > 500 and offset > 10,000 with 400 InvalidInput naming the bound', async () => {
		const limit = await api('GET', '/inventory?limit=501');
		expect([limit.status, errorCodes(limit.body)]).toEqual([400, ['InvalidInput']]);
		expect(limit.body.message).toContain('500');
		const offset = await api('GET', '/orders?offset=10001');
		expect(offset.body.message).toContain('10000');
		expect((await api('GET', '/inventory?limit=500&offset=10000')).status).toBe(200);
		const none = await api('GET', '/inventory?limit=0');
		expect(none.body.results).toEqual([]);
	});

	it('answers HEAD of a query 404 when nothing matches', async () => {
		expect((await api('HEAD', `/inventory?${where('sku = "TEE-RED-M"')}`)).status).toBe(200);
		expect((await api('HEAD', `/inventory?${where('sku = "NOPE"')}`)).status).toBe(404);
	});
});

describe('extension 7: deliveries and parcels', () => {
	it('stores deliveryKey as the delivery key, keeps parcels and refuses a taken key', async () => {
		const order = (await importOrder('K-40')).body as Order;
		const parcel = {
			key: 'P-1',
			trackingData: { trackingId: 'TRK-9', carrier: 'DPD', provider: 'dpd' },
			items: [{ id: order.lineItems[0].id, quantity: 1 }],
		};
		const added = await api('POST', '/orders/order-number=K-40', {
			version: order.version,
			actions: [{ action: 'addDelivery', deliveryKey: 'SHIP-1', parcels: [parcel] }],
		});
		expect(added.status).toBe(200);
		const delivery = added.body.shippingInfo.deliveries[0];
		expect(delivery).toMatchObject({ key: 'SHIP-1', items: [], parcels: [parcel] });
		expect(delivery.deliveryKey).toBeUndefined();
		const again = await update(`/orders/${order.id}`, added.body.version, [
			{ action: 'addDelivery', deliveryKey: 'SHIP-1', items: [] },
		]);
		expect([again.status, errorCodes(again.body)]).toEqual([400, ['DuplicateField']]);
		const byKey = await update(`/orders/${order.id}`, added.body.version, [
			{ action: 'addParcelToDelivery', deliveryKey: 'SHIP-1', parcelKey: 'P-2' },
		]);
		expect(
			byKey.body.shippingInfo.deliveries[0].parcels.map((p: { key: string }) => p.key),
		).toEqual(['P-1', 'P-2']);
		expect(
			(await api('POST', '/orders/order-number=K-41', { version: 1, actions: [] })).status,
		).toBe(404);
	});
});

describe('extension 8: order import fidelity', () => {
	it('keeps shippingInfo without a shipping method, line channels, keys and order fields', async () => {
		const answer = await api('POST', '/orders/import', {
			...orderImportDraft('K-50', [{ sku: 'TEE-RED-M', quantity: 1, channel: 'london-warehouse' }]),
			store: { typeId: 'store', key: 'uk-stores' },
			completedAt: '2026-01-02T10:00:00.000Z',
			shipmentState: 'Pending',
		});
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({
			country: 'GB',
			completedAt: '2026-01-02T10:00:00.000Z',
			shipmentState: 'Pending',
			inventoryMode: 'None',
			store: { typeId: 'store', key: 'uk-stores' },
			shippingInfo: { shippingMethodName: 'Standard', deliveries: [] },
		});
		expect(answer.body.lineItems[0].supplyChannel).toEqual({
			typeId: 'channel',
			id: channelId('london-warehouse'),
		});
		expect(sandbox.state.order('K-50')!.shippingInfo?.shippingMethodName).toBe('Standard');
		// inventoryMode None: no stock effect.
		expect(entry('TEE-RED-M', 'london-warehouse').quantityOnStock).toBe(10);
	});

	it('refuses unknown SKUs and channels, channels outside the store, and short stock on ReserveOnOrder', async () => {
		const unknownSku = await api(
			'POST',
			'/orders/import',
			orderImportDraft('K-51', [{ sku: 'NOPE', quantity: 1 }]),
		);
		expect([unknownSku.status, unknownSku.body.message]).toEqual([
			400,
			expect.stringContaining('NOPE'),
		]);
		const unknownChannel = await api(
			'POST',
			'/orders/import',
			orderImportDraft('K-52', [{ sku: 'TEE-RED-M', quantity: 1, channel: 'nowhere' }]),
		);
		expect(errorCodes(unknownChannel.body)).toEqual(['ReferencedResourceNotFound']);
		const outsideStore = await api('POST', '/orders/import', {
			...orderImportDraft('K-53', [{ sku: 'TEE-RED-M', quantity: 1, channel: 'london-warehouse' }]),
			store: { typeId: 'store', key: 'oxford-street' },
		});
		expect([outsideStore.status, errorCodes(outsideStore.body)]).toEqual([400, ['InvalidInput']]);
		const short = await api('POST', '/orders/import', {
			...orderImportDraft('K-54', [{ sku: 'TEE-RED-M', quantity: 4, channel: 'oxford-street' }]),
			inventoryMode: 'ReserveOnOrder',
		});
		expect(errorCodes(short.body)).toEqual(['OutOfStock']);
		expect(sandbox.state.orders()).toEqual([]);
		const tracked = await api('POST', '/orders/import', {
			...orderImportDraft('K-55', [{ sku: 'TEE-RED-M', quantity: 4, channel: 'oxford-street' }]),
			inventoryMode: 'TrackOnly',
		});
		expect(tracked.status).toBe(201);
		expect(entry('TEE-RED-M', 'oxford-street').quantityOnStock).toBe(1);
		expect(sandbox.state.messages(['InventoryEntryQuantitySet'])).toEqual([]);
	});
});

describe('custom objects', () => {
	it('creates only with version 0: a taken container/key answers 409 ConcurrentModification', async () => {
		const draft = { container: 'n8n-retail-sync-stock-changes', key: 'abc', value: { delta: 1 } };
		const first = await api('POST', '/custom-objects', { ...draft, version: 0 });
		expect([first.status, first.body.version]).toEqual([201, 1]);
		const again = await api('POST', '/custom-objects', {
			...draft,
			value: { delta: 2 },
			version: 0,
		});
		expect(again.status).toBe(409);
		expect(again.body.errors[0]).toMatchObject({
			code: 'ConcurrentModification',
			currentVersion: 1,
		});
		const read = await api('GET', '/custom-objects/n8n-retail-sync-stock-changes/abc');
		expect(read.body.value).toEqual({ delta: 1 });
	});
});

describe('server: operations, faults, rate and error shapes', () => {
	it('names operations for fault targeting and answers injected faults in the API shape', async () => {
		const { id, version } = entry('TEE-RED-M', 'london-warehouse');
		sandbox.setFaults({ failNext: [{ operation: 'inventory/update', status: 503, count: 1 }] });
		const failed = await update(`/inventory/${id}`, version, [
			{ action: 'changeQuantity', quantity: 1 },
		]);
		expect([failed.status, failed.body.statusCode, errorCodes(failed.body)]).toEqual([
			503,
			503,
			['OverCapacity'],
		]);
		sandbox.setFaults({ loseAnswerNext: [{ operation: 'orders/import', count: 1 }] });
		expect((await importOrder('K-60')).status).toBe(502);
		expect(sandbox.state.order('K-60')).toBeDefined();
		await api('GET', '/orders/order-number=K-60');
		await api('GET', '/product-projections');
		await api('GET', '/messages');
		await api('POST', '/custom-objects', { container: 'c', key: 'k', value: 1 });
		expect(sandbox.calls.map((call) => call.operation)).toEqual([
			'oauth/token',
			'inventory/update',
			'orders/import',
			'orders/get',
			'product-projections/query',
			'messages/query',
			'custom-objects/create',
		]);
		expect(sandbox.callsTo('oauth/token')).toHaveLength(1);
	});

	it('refuses calls over its ASSUMED rate limit with 429 TooManyRequests and Retry-After', async () => {
		sandbox.setFaults({ rateLimitScale: 2 / RATE_LIMIT.perSecond });
		const answers = [];
		for (let call = 0; call < 3; call++) answers.push(await api('GET', '/channels'));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
		expect(errorCodes(answers[2].body)).toEqual(['TooManyRequests']);
		expect(Number(answers[2].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
	});

	it("answers unknown routes in the API's error shape", async () => {
		const unknown = await api('GET', '/no-such-resource');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toMatchObject({ statusCode: 404, errors: [{ code: 'ResourceNotFound' }] });
	});
});
