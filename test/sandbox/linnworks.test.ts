import { sleep } from 'n8n-workflow';

import { LinnworksSandbox, SANDBOX_APP } from '../../sandbox/linnworks/server';

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
});
