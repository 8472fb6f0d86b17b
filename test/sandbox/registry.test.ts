/** The registry of simulators, which `npm run sandbox`, `npm start`, tests and tools read. */
import {
	PLATFORM_NAMES,
	SANDBOX_NAMES,
	SANDBOX_PORTS,
	SIMULATOR_LIST,
	credentialOf,
	eachSandbox,
	sandboxAddresses,
	sandboxCredentialStore,
	sandboxCredentials,
	startSandboxes,
	type Sandboxes,
} from '../../sandbox/index';

let sandboxes: Sandboxes | undefined;
afterEach(async () => {
	await sandboxes?.close();
	sandboxes = undefined;
});

describe('sandbox registry', () => {
	it('gives every simulator its own fixed port, a label and a way to reach it', () => {
		expect(SANDBOX_PORTS).toEqual({
			linnworks: 4010,
			cloudshelf: 4020,
			centra: 4040,
			commercetools: 4050,
			stokly: 4060,
			shopify: 4070,
			alerts: 4030,
		});
		expect(new Set(Object.values(SANDBOX_PORTS)).size).toBe(SANDBOX_NAMES.length);
		expect(PLATFORM_NAMES).toEqual([
			'linnworks',
			'cloudshelf',
			'centra',
			'commercetools',
			'stokly',
			'shopify',
		]);
		for (const [, simulator] of SIMULATOR_LIST) {
			expect(simulator.label).not.toBe('');
			expect(simulator.address('http://127.0.0.1:1')).toMatch(/^http:\/\/127\.0\.0\.1:1/);
			expect(simulator.hint.length).toBeGreaterThan(0);
		}
	});

	it('starts every simulator, typed by name, with the demo data when asked', async () => {
		sandboxes = await startSandboxes({ demoData: true });
		expect(eachSandbox(sandboxes).map(([name]) => name)).toEqual(SANDBOX_NAMES);
		expect(sandboxes.linnworks.state.sortedItems()).toHaveLength(300);
		expect(sandboxes.cloudshelf.state.locations.size).toBe(3);
		expect(sandboxes.centra.state.warehouses.size).toBe(3);
		expect(sandboxes.centra.state.productSizes.size).toBe(300);
		expect(sandboxes.commercetools.state.productCount()).toBe(60);
		expect(sandboxes.commercetools.state.inventoryEntries()).toHaveLength(900);
		expect(sandboxes.stokly.state.items.size).toBe(20);
		expect(sandboxes.stokly.state.locationByName('Oxford Street')?.bins).toHaveLength(2);
		expect(sandboxes.stokly.state.saleOrders()).toHaveLength(2);
		// The shared demo catalogue at the demo locations, with the ids the sandbox client file names.
		expect(sandboxes.shopify.state.variants()).toHaveLength(300);
		expect(sandboxes.shopify.state.locationByName('London Warehouse')?.id).toBe(1001);
		expect(sandboxes.shopify.state.locations.size).toBe(3);
		const addresses = sandboxAddresses(sandboxes);
		for (const name of SANDBOX_NAMES) {
			const state = await fetch(`${addresses[name]}/__sandbox/state`);
			expect([state.status, typeof (await state.json())]).toEqual([200, 'object']);
		}
	});

	it('builds the n8n credential of each sandbox from its public values and address', () => {
		const addresses = {
			linnworks: 'http://lw',
			cloudshelf: 'http://cs',
			centra: 'http://ce',
			commercetools: 'http://ct',
			stokly: 'http://st',
			shopify: 'http://sh',
			alerts: 'http://al',
		};
		expect(sandboxCredentials(addresses).map(({ type, name }) => [type, name])).toEqual([
			['linnworksApi', 'Linnworks sandbox'],
			['cloudshelfApi', 'Cloudshelf sandbox'],
			['centraIntegrationApi', 'Centra Integration API sandbox'],
			['centraOrderApi', 'Centra Order API sandbox'],
			['commercetoolsApi', 'commercetools sandbox'],
			['stoklyApi', 'Stokly sandbox'],
			['shopifyAccessTokenApi', 'Shopify sandbox'],
		]);
		// Shopify is reached through the sandbox as an HTTPS proxy: the shop is named, not addressed.
		expect(sandboxCredentialStore({ shopify: 'http://sh' })).toEqual({
			shopifyAccessTokenApi: {
				shopSubdomain: 'retail-sync-sandbox',
				accessToken: 'shpat_sandbox_0a1b2c3d4e5f',
				appSecretKey: 'shopify-sandbox-app-secret',
			},
		});
		expect(sandboxCredentialStore({ stokly: 'http://st' })).toEqual({
			stoklyApi: {
				environment: 'custom',
				baseUrl: 'http://st',
				accountKey: 'retail-sync-sandbox',
				clientId: 'retail-sync-client',
				clientSecret: 'retail-sync-sandbox-secret',
			},
		});
		expect(sandboxCredentialStore({ commercetools: 'http://ct' })).toEqual({
			commercetoolsApi: {
				region: 'custom',
				apiUrl: 'http://ct',
				authUrl: 'http://ct',
				projectKey: 'retail-sync-sandbox',
				clientId: 'commercetools-sandbox-client',
				clientSecret: 'commercetools-sandbox-secret',
				scopes: '',
			},
		});
		// A platform with two APIs has a credential for each, both reaching the one sandbox.
		expect(sandboxCredentialStore({ centra: 'http://ce' })).toEqual({
			centraIntegrationApi: {
				endpoint: 'http://ce/graphql',
				token: 'centra-sandbox-token',
				webhookSecret: 'centra-sandbox-webhook-secret',
			},
			centraOrderApi: { baseUrl: 'http://ce/api/order-api', apiKey: 'centra-sandbox-plugin-key' },
		});
		expect(credentialOf('centra', 'centraOrderApi').name).toBe('Centra Order API sandbox');
		expect(credentialOf('linnworks').type).toBe('linnworksApi');
		expect(() => credentialOf('alerts')).toThrow(/no n8n credential/);
		expect(
			sandboxCredentialStore({ cloudshelf: 'http://cs' }, { cloudshelfApi: { extra: 'x' } }),
		).toEqual({
			cloudshelfApi: {
				apiKey: 'cs_sandbox_4f8a2c9e7b1d',
				endpoint: 'http://cs/graphql',
				extra: 'x',
			},
		});
	});

	it('closes what it started when a simulator cannot listen', async () => {
		const blocker = await startSandboxes();
		const port = (sandbox: { baseUrl: string }) => Number(new URL(sandbox.baseUrl).port);
		const linnworksPort = port(blocker.linnworks);
		await blocker.linnworks.close();
		await expect(
			startSandboxes({ ports: { linnworks: linnworksPort, cloudshelf: port(blocker.cloudshelf) } }),
		).rejects.toThrow(/EADDRINUSE/);
		// The Linnworks sandbox that did start was closed again: its port is free.
		await blocker.linnworks.listen(linnworksPort);
		await blocker.close();
	});
});
