import { CloudshelfSandbox, SANDBOX_API_KEY } from '../../sandbox/cloudshelf/server';

let sandbox: CloudshelfSandbox;
beforeEach(async () => {
	sandbox = new CloudshelfSandbox();
	await sandbox.listen();
});
afterEach(async () => sandbox.close());

async function graphql(
	query: string,
	variables: Record<string, unknown> = {},
	key = SANDBOX_API_KEY,
) {
	const response = await fetch(`${sandbox.baseUrl}/graphql`, {
		method: 'POST',
		headers: { Authorization: `token ${key}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ query, variables }),
	});
	return {
		status: response.status,
		body: (await response.json()) as {
			data?: Record<string, unknown>;
			errors?: Array<{ message: string; extensions?: { code?: string } }>;
		},
	};
}

describe('Cloudshelf sandbox', () => {
	it('takes "token <key>" and refuses anything else', async () => {
		expect((await graphql('{ organisationRequiresStockSync }')).body.data).toEqual({
			organisationRequiresStockSync: true,
		});
		const refused = await graphql('{ organisationRequiresStockSync }', {}, 'nope');
		expect(refused.status).toBe(401);
		expect(refused.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
	});

	it('rejects queries over complexity 500 before running them, and accepts those under', async () => {
		const orders = (first: number) =>
			`{ orders(first: ${first}) { edges { node { id lines { id quantity price } } } } }`;
		expect((await graphql(orders(50))).status).toBe(200);
		const rejected = await graphql(orders(250));
		expect(rejected.status).toBe(400);
		expect(rejected.body.errors?.[0].message).toMatch(
			/^Query is too complex: \d+\. Maximum allowed complexity: 500$/,
		);
		expect(sandbox.charges).toHaveLength(1);
	});

	it('rejects queries nested deeper than 20 levels', async () => {
		let selection = 'id';
		for (let depth = 0; depth < 11; depth++)
			selection = `product { productVariants { ${selection} } }`;
		const deep = await graphql(`{ product(id: "x") { productVariants { ${selection} } } }`);
		expect(deep.status).toBe(400);
		expect(deep.body.errors?.[0].message).toContain('exceeds maximum operation depth of 20');
	});

	it('upserts by external id and reports unknown references as user errors naming the id', async () => {
		const mutation = `mutation($input: [StockLevelInput!]!) { upsertStockLevels(input: $input) { stockLevels { isInStock } userErrors { code message } } }`;
		sandbox.state.seed({
			locations: [{ id: 'gid://external/RetailSyncLocation/a', displayName: 'A' }],
			products: [
				{
					id: 'gid://external/RetailSyncProduct/p',
					displayName: 'P',
					variants: [{ id: 'gid://external/RetailSyncVariant/v', sku: 'V' }],
				},
			],
		});
		const answer = await graphql(mutation, {
			input: [
				{
					locationId: 'gid://external/RetailSyncLocation/a',
					productVariantId: 'gid://external/RetailSyncVariant/v',
					quantity: 3,
				},
				{
					locationId: 'gid://external/RetailSyncLocation/a',
					productVariantId: 'gid://external/RetailSyncVariant/x',
					quantity: 3,
				},
			],
		});
		expect(answer.body.data?.upsertStockLevels).toEqual({
			stockLevels: [{ isInStock: true }],
			userErrors: [
				{
					code: 'ENTITY_NOT_FOUND',
					message: 'ProductVariant gid://external/RetailSyncVariant/x not found',
				},
			],
		});
		expect(sandbox.state.quantityOf('V', 'A')).toBe(3);
	});

	it('keeps one external-id index per kind: a location and a product may share an id', async () => {
		sandbox.state.seed({
			locations: [{ id: 'gid://external/shop-1', displayName: 'Shop' }],
			products: [{ id: 'gid://external/shop-1', displayName: 'Shop product', variants: [] }],
		});
		expect(sandbox.state.findLocation('gid://external/shop-1')?.displayName).toBe('Shop');
		expect(sandbox.state.findProduct('gid://external/shop-1')?.displayName).toBe('Shop product');
		sandbox.state.seed({
			locations: [{ id: 'gid://external/shop-1', displayName: 'Shop renamed' }],
		});
		expect(sandbox.state.locations.size).toBe(1);
		expect(sandbox.state.findLocation('gid://external/shop-1')?.displayName).toBe('Shop renamed');
	});
});
