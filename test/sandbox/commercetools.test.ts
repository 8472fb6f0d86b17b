/** The commercetools sandbox itself, over HTTP: the mock underneath and each extension of it. */
import type { InventoryEntry, ProductProjection } from '@commercetools/platform-sdk';

import {
	CommercetoolsSandbox,
	SANDBOX_CLIENT,
	SANDBOX_PROJECT_KEY,
} from '../../sandbox/commercetools/server';

let sandbox: CommercetoolsSandbox;
let token: string;

beforeEach(async () => {
	sandbox = new CommercetoolsSandbox();
	sandbox.state.seed({
		channels: [{ key: 'wh-london', name: 'London Warehouse' }, { key: 'oxford-street' }],
		products: [
			{
				key: 'TEE-BLACK',
				name: 'Tee black',
				variants: [
					{ sku: 'TEE-BLACK-S', prices: [{ currency: 'EUR', centAmount: 1899 }] },
					{ sku: 'TEE-BLACK-M', prices: [{ currency: 'EUR', centAmount: 1899 }] },
				],
			},
		],
		inventory: [{ sku: 'TEE-BLACK-S', channel: 'wh-london', quantityOnStock: 10 }],
	});
	await sandbox.listen();
	token = await tokenFor();
});
afterEach(async () => sandbox.close());

type Json = ReturnType<typeof JSON.parse>;

async function tokenFor(client = SANDBOX_CLIENT, scope?: string): Promise<string> {
	const answer = await oauth(client.clientId, client.clientSecret, scope);
	expect(answer.status).toBe(200);
	return answer.body.access_token as string;
}

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

async function api(
	method: string,
	path: string,
	body?: unknown,
	bearer: string | null = token,
): Promise<{ status: number; body: Json }> {
	const response = await fetch(`${sandbox.baseUrl}/${SANDBOX_PROJECT_KEY}${path}`, {
		method,
		headers: {
			...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Json) : undefined };
}

const where = (...predicates: string[]) =>
	predicates.map((predicate) => `where=${encodeURIComponent(predicate)}`).join('&');

describe('commercetools sandbox: basics', () => {
	it('answers channels, inventory and product projections behind a token', async () => {
		const channels = await api('GET', '/channels?limit=1');
		expect(channels.status).toBe(200);
		expect(channels.body.results).toHaveLength(1);
		const channel = sandbox.state.channel('wh-london')!;
		const inventory = await api(
			'GET',
			`/inventory?${where(`sku in ("TEE-BLACK-S","TEE-BLACK-M") and supplyChannel(id = "${channel.id}")`)}`,
		);
		expect(inventory.body.results.map((entry: InventoryEntry) => entry.quantityOnStock)).toEqual([
			10,
		]);
		const products = await api(
			'GET',
			`/product-projections?${where('masterVariant(sku = "TEE-BLACK-M") or variants(sku = "TEE-BLACK-M")')}`,
		);
		expect(products.body.results.map((product: ProductProjection) => product.key)).toEqual([
			'TEE-BLACK',
		]);
	});
});
