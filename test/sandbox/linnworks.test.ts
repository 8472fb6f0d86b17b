import { sleep } from 'n8n-workflow';

import { LinnworksSandbox, SANDBOX_APP } from '../../sandbox/linnworks/server';
import type { ChannelOrder } from '../../sandbox/linnworks/state';

let sandbox: LinnworksSandbox;
beforeEach(async () => {
	sandbox = new LinnworksSandbox();
	await sandbox.listen();
	sandbox.state.seed({ items: [{ SKU: 'TEE-RED-M', levels: { Default: 4 } }] });
});
afterEach(async () => sandbox.close());

async function login(): Promise<{ Token: string; Server: string }> {
	// The vendor examples send form fields whose values are JSON.
	const response = await fetch(`${sandbox.baseUrl}/api/Auth/AuthorizeByApplication`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			request: JSON.stringify({
				ApplicationId: SANDBOX_APP.applicationId,
				ApplicationSecret: SANDBOX_APP.applicationSecret,
				Token: SANDBOX_APP.installationToken,
			}),
		}),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as { Token: string; Server: string };
}

const call = (server: string, method: string, token: string, body: unknown) =>
	fetch(`${server}/api/${method}`, {
		method: 'POST',
		headers: { Authorization: token, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});

function channelOrder(reference: string, overrides: Partial<ChannelOrder> = {}): ChannelOrder {
	return {
		Source: 'CLOUDSHELF',
		SubSource: 'Oxford Street',
		ReferenceNumber: reference,
		ReceivedDate: '2024-05-01T10:00:00Z',
		DispatchBy: '2024-05-03T10:00:00Z',
		PaymentStatus: 'Paid',
		PaidOn: '2024-05-01T10:05:00Z',
		OrderItems: [{ ItemNumber: '1', ChannelSKU: 'TEE-RED-M', Qty: 2, PricePerUnit: 10 }],
		...overrides,
	};
}

interface Paged<T> {
	PageNumber: number;
	EntriesPerPage: number;
	TotalEntries: number;
	TotalPages: number;
	Data: T[];
}
interface OpenOrderView {
	OrderId: string;
	NumOrderId: number;
	GeneralInfo: { ReferenceNum: string; ReceivedDate: string; IsParked: boolean };
	CustomerInfo: Record<string, unknown>;
	FolderName: string[];
	HasItems: boolean;
	TotalItemsSum: number;
}

async function openOrders(
	session: { Token: string; Server: string },
	body: Record<string, unknown>,
): Promise<Paged<OpenOrderView>> {
	const response = await call(session.Server, 'Orders/GetOpenOrders', session.Token, {
		entriesPerPage: 200,
		pageNumber: 1,
		...body,
	});
	expect(response.status).toBe(200);
	return (await response.json()) as Paged<OpenOrderView>;
}

const references = (page: Paged<OpenOrderView>) =>
	page.Data.map((order) => order.GeneralInfo.ReferenceNum);

describe('Linnworks sandbox', () => {
	it('serves the API under the Server it hands out, form-encoded or JSON, with the raw token', async () => {
		const session = await login();
		expect(session.Server).toBe(`${sandbox.baseUrl}/eu-ext`);
		const form = await fetch(`${session.Server}/api/Inventory/GetStockItemIdsBySKU`, {
			method: 'POST',
			headers: {
				Authorization: session.Token,
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: new URLSearchParams({ request: JSON.stringify({ SKUS: ['TEE-RED-M'] }) }),
		});
		expect(((await form.json()) as { Items: unknown[] }).Items).toHaveLength(1);
		const bearer = await call(
			session.Server,
			'Inventory/GetStockLocations',
			`Bearer ${session.Token}`,
			{},
		);
		expect(bearer.status).toBe(401);
		expect(await bearer.json()).toEqual({
			Message: 'Authorization has been denied for this request.',
		});
		const wrongHost = await call(sandbox.baseUrl, 'Inventory/GetStockLocations', session.Token, {});
		expect(wrongHost.status).toBe(404);
	});

	it('enforces per-method limits per minute with the Linnworks 429 message', async () => {
		const session = await login();
		sandbox.setFaults({ rateLimitScale: 0.02 }); // 150/min → 3/min
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++)
			statuses.push(
				(await call(session.Server, 'Orders/CreateOrders', session.Token, { orders: [] })).status,
			);
		expect(statuses).toEqual([200, 200, 200, 429]);
		const limited = await call(session.Server, 'Orders/CreateOrders', session.Token, {
			orders: [],
		});
		expect(await limited.json()).toEqual({
			Message: 'API calls quota exceeded! Maximum admitted 3 per Minute.',
		});
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		// Another method has its own budget.
		expect(
			(await call(session.Server, 'Inventory/GetStockLocations', session.Token, {})).status,
		).toBe(200);
	});

	it('expires idle sessions and validates bodies with Linnworks-style messages', async () => {
		sandbox.sessionTtlMs = 0;
		const session = await login();
		await sleep(5);
		expect(
			(await call(session.Server, 'Inventory/GetStockLocations', session.Token, {})).status,
		).toBe(401);
		sandbox.sessionTtlMs = 60_000;
		const fresh = await login();
		const tooMany = await call(fresh.Server, 'Orders/CreateOrders', fresh.Token, {
			orders: Array.from({ length: 21 }, () => ({})),
		});
		expect(tooMany.status).toBe(400);
		expect(((await tooMany.json()) as { Message: string }).Message).toContain(
			'Up to 20 orders per request',
		);
	});

	it('lists stock items in SKU order and finds them by id, also after more are seeded', async () => {
		const state = sandbox.state;
		const ours = (skus: string[]) =>
			state
				.sortedItems()
				.map((item) => item.SKU)
				.filter((sku) => skus.includes(sku));
		state.seed({ items: [{ SKU: 'b-1' }, { SKU: 'A-2' }] });
		expect(ours(['A-2', 'b-1', 'a_3'])).toEqual(['A-2', 'b-1']);
		state.seed({ items: [{ SKU: 'a_3' }] });
		expect(ours(['A-2', 'b-1', 'a_3'])).toEqual(['a_3', 'A-2', 'b-1']);
		const added = state.findItem('a_3')!;
		expect(state.findItemById(added.StockItemId)).toBe(added);
	});

	it('GetOpenOrders pages open orders oldest received first, as OpenOrders, JSON or SDK form', async () => {
		const received = ['2024-05-03', '2024-05-01', '2024-05-05', '2024-05-02', '2024-05-04'];
		sandbox.state.seed({
			orders: received.map((day, index) => ({
				order: channelOrder(`CS-${index}`, { ReceivedDate: `${day}T09:00:00Z` }),
			})),
		});
		const session = await login();
		const pages = [];
		for (const pageNumber of [1, 2, 3])
			pages.push(await openOrders(session, { entriesPerPage: 2, pageNumber }));
		for (const page of pages) {
			expect(page).toMatchObject({ EntriesPerPage: 2, TotalEntries: 5, TotalPages: 3 });
		}
		expect(pages.map((page) => page.Data.length)).toEqual([2, 2, 1]);
		expect(pages.flatMap(references)).toEqual(['CS-1', 'CS-3', 'CS-0', 'CS-4', 'CS-2']);
		expect(new Set(pages.flatMap((page) => page.Data.map((order) => order.OrderId))).size).toBe(5);
		const [first] = pages[0].Data;
		expect(first).toMatchObject({ FolderName: [], HasItems: true, TotalItemsSum: 2 });
		expect(first.CustomerInfo).not.toHaveProperty('BillingAddress');
		expect(await openOrders(session, { entriesPerPage: 2, pageNumber: 4 })).toMatchObject({
			PageNumber: 4,
			TotalEntries: 5,
			TotalPages: 3,
			Data: [],
		});
		// What the SDK sends: form fields, null filters/sorting, an empty fulfilmentCenter.
		const form = await fetch(`${session.Server}/api/Orders/GetOpenOrders`, {
			method: 'POST',
			headers: {
				Authorization: session.Token,
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: 'entriesPerPage=2&pageNumber=3&filters=null&sorting=null&fulfilmentCenter=&additionalFilter=',
		});
		expect(form.status).toBe(200);
		expect(references((await form.json()) as Paged<OpenOrderView>)).toEqual(['CS-2']);
	});

	it('GetOpenOrders lists parked unpaid orders but never processed or cancelled ones', async () => {
		const shipment = {
			processedOn: '2024-05-02T10:00:00Z',
			vendor: 'RM',
			service: 'T48',
			trackingNumber: 'T1',
		};
		sandbox.state.seed({
			orders: [
				{ order: channelOrder('PAID') },
				{ order: channelOrder('UNPAID', { PaymentStatus: 'Unpaid', PaidOn: undefined }) },
				{ order: channelOrder('SHIPPED'), dispatched: shipment },
				{ order: channelOrder('CANCELLED') },
			],
		});
		const cancelled = sandbox.state.findByKey('CLOUDSHELF', 'Oxford Street', 'CANCELLED')!;
		expect(sandbox.state.cancel(cancelled.OrderId)).toBeNull();
		const page = await openOrders(await login(), {});
		expect(references(page).sort()).toEqual(['PAID', 'UNPAID']);
		expect(
			page.Data.find((order) => order.GeneralInfo.ReferenceNum === 'UNPAID')!.GeneralInfo.IsParked,
		).toBe(true);
	});

	it('GetOpenOrders filters by Source and SubSource (any case), fulfilment location and received date', async () => {
		sandbox.state.seed({
			locations: [{ LocationName: 'London Warehouse' }],
			orders: [
				{ order: channelOrder('OXF-1', { ReceivedDate: '2024-05-01T10:00:00Z' }) },
				{
					order: channelOrder('OXF-2', { ReceivedDate: '2024-05-02T10:00:00Z' }),
					location: 'London Warehouse',
				},
				{ order: channelOrder('REG-1', { SubSource: 'Regent Street' }) },
				{ order: channelOrder('OTHER-1', { Source: 'SHOPIFY' }) },
			],
		});
		const session = await login();
		const text = (FieldCode: string, Text: string, Type = 'Equal') => ({ FieldCode, Type, Text });
		const oxford = await openOrders(session, {
			filters: {
				TextFields: [
					text('GENERAL_INFO_SOURCE', 'cloudshelf'),
					text('GENERAL_INFO_SUBSOURCE', 'OXFORD STREET'),
				],
				BooleanFields: [],
			},
		});
		expect(references(oxford)).toEqual(['OXF-1', 'OXF-2']);
		const partial = await openOrders(session, {
			filters: { TextFields: [text('GENERAL_INFO_REFERENCE_NUMBER', 'oxf-', 'StartWith')] },
		});
		expect(references(partial)).toEqual(['OXF-1', 'OXF-2']);
		const london = sandbox.state.findLocation('London Warehouse')!.StockLocationId;
		expect(references(await openOrders(session, { fulfilmentCenter: london }))).toEqual(['OXF-2']);
		expect(await openOrders(session, { fulfilmentCenter: null })).toMatchObject({
			TotalEntries: 4,
		});
		const range = (DateFrom?: string, DateTo?: string) =>
			openOrders(session, {
				filters: {
					DateFields: [{ FieldCode: 'GENERAL_INFO_DATE', Type: 'Range', DateFrom, DateTo }],
				},
			});
		expect(references(await range('2024-05-01T12:00:00Z', '2024-05-03T00:00:00Z'))).toEqual([
			'OXF-2',
		]);
		expect(references(await range(undefined, '2024-05-01T10:00:00Z')).sort()).toEqual([
			'OTHER-1',
			'OXF-1',
			'REG-1',
		]);
	});

	it('GetOpenOrders refuses unsupported FieldCodes and more than 200 entries per page', async () => {
		const session = await login();
		const typo = await call(session.Server, 'Orders/GetOpenOrders', session.Token, {
			entriesPerPage: 10,
			pageNumber: 1,
			filters: { TextFields: [{ FieldCode: 'GENERAL_INFO_SUB_SOURCE', Type: 'Equal', Text: 'x' }] },
		});
		expect(typo.status).toBe(400);
		expect(((await typo.json()) as { Message: string }).Message).toContain(
			"FieldCode 'GENERAL_INFO_SUB_SOURCE' is not supported",
		);
		const tooBig = await call(session.Server, 'Orders/GetOpenOrders', session.Token, {
			entriesPerPage: 201,
			pageNumber: 1,
		});
		expect(tooBig.status).toBe(400);
		expect(await tooBig.json()).toHaveProperty('Message');
	});

	it('GetOpenOrders is limited to 250 calls a minute', async () => {
		const session = await login();
		sandbox.setFaults({ rateLimitScale: 0.02 }); // 250/min → 5/min
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++)
			statuses.push(
				(
					await call(session.Server, 'Orders/GetOpenOrders', session.Token, {
						entriesPerPage: 1,
						pageNumber: 1,
					})
				).status,
			);
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
	});

	it('SearchProcessedOrders searches by the DateField asked for, cancelled orders included, paged', async () => {
		const shipped = (reference: string, received: string, processedOn: string) => ({
			order: channelOrder(reference, { ReceivedDate: received, PaidOn: received }),
			dispatched: { processedOn, vendor: 'RM', service: 'T48', trackingNumber: `T-${reference}` },
		});
		sandbox.state.seed({
			orders: [
				shipped('OLD', '2024-04-01T10:00:00Z', '2024-06-01T10:00:00Z'),
				shipped('NEW', '2024-06-01T09:00:00Z', '2024-06-01T11:00:00Z'),
				{ order: channelOrder('VOID', { ReceivedDate: '2024-04-02T10:00:00Z' }) },
				{ order: channelOrder('OPEN', { ReceivedDate: '2024-04-03T10:00:00Z' }) },
			],
		});
		const voided = sandbox.state.findByKey('CLOUDSHELF', 'Oxford Street', 'VOID')!;
		expect(sandbox.state.cancel(voided.OrderId)).toBeNull();
		const session = await login();
		const search = async (request: Record<string, unknown>) => {
			const response = await call(
				session.Server,
				'ProcessedOrders/SearchProcessedOrders',
				session.Token,
				{
					request: { PageNumber: 1, ResultsPerPage: 200, ...request },
				},
			);
			expect(response.status).toBe(200);
			return (
				(await response.json()) as {
					ProcessedOrders: Paged<{ ReferenceNum: string; HoldOrCancel: boolean }>;
				}
			).ProcessedOrders;
		};
		const april = { FromDate: '2024-04-01T00:00:00Z', ToDate: '2024-04-30T23:59:59Z' };
		const byReceived = await search({ DateField: 'received', ...april });
		// OLD was processed in June, outside the window; OPEN is not processed at all.
		expect(byReceived.Data.map((order) => [order.ReferenceNum, order.HoldOrCancel])).toEqual([
			['OLD', false],
			['VOID', true],
		]);
		expect((await search({ DateField: 'processed', ...april })).TotalEntries).toBe(0);
		const june = { FromDate: '2024-06-01T00:00:00Z', ToDate: '2024-06-30T00:00:00Z' };
		expect(
			(await search({ DateField: 'processed', ...june })).Data.map((order) => order.ReferenceNum),
		).toEqual(['OLD', 'NEW']);
		expect(
			(await search({ DateField: 'payment', ...june })).Data.map((order) => order.ReferenceNum),
		).toEqual(['NEW']);
		const always = { FromDate: '2000-01-01T00:00:00Z', ToDate: '2100-01-01T00:00:00Z' };
		expect(
			(await search({ DateField: 'cancelled', ...always })).Data.map((order) => order.ReferenceNum),
		).toEqual(['VOID']);
		const second = await search({
			DateField: 'received',
			...always,
			ResultsPerPage: 2,
			PageNumber: 2,
		});
		expect(second).toMatchObject({
			PageNumber: 2,
			EntriesPerPage: 2,
			TotalEntries: 3,
			TotalPages: 2,
		});
		expect(second.Data.map((order) => order.ReferenceNum)).toEqual(['NEW']);
		const unknown = await call(
			session.Server,
			'ProcessedOrders/SearchProcessedOrders',
			session.Token,
			{
				request: { DateField: 'shipped', ...always },
			},
		);
		expect(unknown.status).toBe(400);
		expect(((await unknown.json()) as { Message: string }).Message).toContain(
			"DateField 'shipped' is not valid",
		);
	});

	it('makes a composite (bundle) item of its components: its level is the bundles they make, an order for it holds and then takes theirs, and its level cannot be written', async () => {
		sandbox.state.seed({
			items: [
				{ SKU: 'CAP-BLUE', levels: { Default: 7 } },
				{
					SKU: 'GIFT-SET',
					components: [
						{ sku: 'TEE-RED-M', quantity: 1 },
						{ sku: 'CAP-BLUE', quantity: 2 },
					],
				},
			],
		});
		const { Token, Server } = await login();
		const levels = async () => {
			const response = await call(Server, 'Stock/GetStockItemsFull', Token, {
				keyword: '',
				loadCompositeParents: true,
				loadVariationParents: true,
				entriesPerPage: 200,
				pageNumber: 1,
				dataRequirements: ['StockLevels'],
				searchTypes: ['SKU'],
			});
			const items = (await response.json()) as Array<{
				ItemNumber: string;
				StockLevels: Array<{ StockLevel: number; InOrders: number; Available: number }>;
			}>;
			return Object.fromEntries(
				items.map((item) => {
					const [{ StockLevel, InOrders, Available }] = item.StockLevels;
					return [item.ItemNumber, `${StockLevel}/${InOrders}/${Available}`];
				}),
			);
		};
		// 4 tees and 7 caps make 3 sets (one tee and two caps each).
		expect(await levels()).toEqual({
			'CAP-BLUE': '7/0/7',
			'GIFT-SET': '3/0/3',
			'TEE-RED-M': '4/0/4',
		});
		const created = await call(Server, 'Orders/CreateOrders', Token, {
			orders: [
				channelOrder('SET-1', {
					OrderItems: [{ ItemNumber: '1', ChannelSKU: 'GIFT-SET', Qty: 2, PricePerUnit: 30 }],
				}),
			],
			location: 'Default',
		});
		expect(created.status).toBe(200);
		// Two sets held: two tees and four caps; one set is left to sell.
		expect(await levels()).toEqual({
			'CAP-BLUE': '7/4/3',
			'GIFT-SET': '3/2/1',
			'TEE-RED-M': '4/2/2',
		});
		const [order] = [...sandbox.state.orders.values()];
		sandbox.state.dispatch(order.OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'T1',
		});
		expect(await levels()).toEqual({
			'CAP-BLUE': '3/0/3',
			'GIFT-SET': '1/0/1',
			'TEE-RED-M': '2/0/2',
		});

		const bulk = await call(Server, 'Stock/UpdateStockLevelsBulk', Token, {
			request: {
				Items: [{ SKU: 'GIFT-SET', StockLocationName: 'Default', StockLevel: 9, RowIndex: 0 }],
			},
		});
		expect(((await bulk.json()) as { Items: Array<{ Errors: string[] }> }).Items[0].Errors).toEqual(
			[
				"Stock item 'GIFT-SET' is a composite item: its stock level is calculated from its components",
			],
		);
		const set = await call(Server, 'Stock/SetStockLevel', Token, {
			stockLevels: [{ SKU: 'GIFT-SET', LocationId: 'Default', Level: 9 }],
		});
		expect(set.status).toBe(400);
		expect(await levels()).toMatchObject({ 'GIFT-SET': '1/0/1' });
	});
});
