import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { CommercetoolsApi } from '../../credentials/CommercetoolsApi.credentials';
import type { SeedData } from '../../sandbox/commercetools/state';
import {
	SANDBOX_CLIENT,
	SANDBOX_PROJECT_KEY,
	commercetoolsContext,
	commercetoolsWorkflow,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';

const SEED: SeedData = {
	channels: [{ key: 'london-warehouse', name: 'London Warehouse' }],
	inventory: [{ sku: 'TEE-RED-M', channel: 'london-warehouse', quantityOnStock: 10 }],
};
const CHANNELS = { resource: 'channel', operation: 'getMany', returnAll: true };
const LEVELS = { resource: 'inventory', operation: 'getLevels' };

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools({}, SEED);
});
afterEach(async () => fixture.close());

const stored = () => fixture.runner.credentials.store.commercetoolsApi;

/** n8n's own request helper (what preAuthentication gets), from a real node context. */
function n8nHelpers(): IHttpRequestHelper {
	const context = commercetoolsContext(fixture.runner);
	return { helpers: { httpRequest: context.helpers.httpRequest } } as IHttpRequestHelper;
}

/** The credential's `test` as n8n runs it: a token first, then the request with `authenticate`. */
async function runCredentialTest(data: Record<string, unknown>): Promise<number> {
	const credential = new CommercetoolsApi();
	const { accessToken } = await credential.preAuthentication.call(n8nHelpers(), data as never);
	const request = await credential.authenticate({ ...data, accessToken } as never, {
		...(credential.test.request as IHttpRequestOptions),
	});
	const url = new URL(`${request.baseURL}${request.url}`);
	for (const [key, value] of Object.entries(request.qs ?? {}))
		url.searchParams.set(key, String(value));
	const response = await fetch(url, { headers: request.headers as Record<string, string> });
	return response.status;
}

describe('commercetools API credential', () => {
	it('reaches the sandbox through custom URLs with the public API client', () => {
		expect(stored()).toMatchObject({
			region: 'custom',
			apiUrl: fixture.sandbox.baseUrl,
			authUrl: fixture.sandbox.baseUrl,
			projectKey: SANDBOX_PROJECT_KEY,
			clientId: SANDBOX_CLIENT.clientId,
			clientSecret: SANDBOX_CLIENT.clientSecret,
		});
	});

	it('passes its test with a real call: a token by client credentials, then GET /channels', async () => {
		expect(await runCredentialTest({ ...stored() })).toBe(200);
		expect(fixture.sandbox.callsTo('oauth/token')).toHaveLength(1);
		const test = fixture.sandbox.callsTo('channels/query');
		expect(test).toHaveLength(1);
		expect(test[0]).toMatchObject({ status: 200 });
	});

	it('fails its test for a wrong secret (the auth server refuses the client)', async () => {
		await expect(
			runCredentialTest({ ...stored(), clientSecret: 'wrong-secret-value' }),
		).rejects.toThrow();
		expect(fixture.sandbox.callsTo('oauth/token').map((call) => call.status)).toEqual([401]);
		expect(fixture.sandbox.callsTo('channels/query')).toHaveLength(0);
	});

	it('fails a node run for a wrong secret without showing the secret', async () => {
		stored().clientSecret = 'wrong-secret-value';
		const result = await fixture.runner.run(commercetoolsWorkflow(CHANNELS));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			"commercetools did not accept the API client's token for channels/query (HTTP 401)",
		);
		expect(result.error?.description).toContain('Client ID and Client Secret');
		expect(fixture.sandbox.callsTo('channels/query')).toHaveLength(0);
		expect(JSON.stringify(result.run.data)).not.toContain('wrong-secret-value');
	});

	it('requests the scopes set, and names the scope problem when a call needs more', async () => {
		fixture.sandbox.oauth.addClient({
			clientId: 'stock-reader',
			clientSecret: 'stock-reader-secret',
			scopes: [`view_products:${SANDBOX_PROJECT_KEY}`],
		});
		Object.assign(stored(), {
			clientId: 'stock-reader',
			clientSecret: 'stock-reader-secret',
			scopes: `view_products:${SANDBOX_PROJECT_KEY}`,
		});
		const result = await fixture.runner.run(commercetoolsWorkflow(CHANNELS));
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^The commercetools API client may not call channels\/query \(HTTP 403\)/,
		);
		expect(result.error?.description).toContain('scopes');
		const token = fixture.sandbox.callsTo('oauth/token')[0];
		expect(token.status).toBe(200);
		// A scope the client lacks is refused at the auth server.
		stored().scopes = `manage_project:${SANDBOX_PROJECT_KEY}`;
		stored().accessToken = '';
		expect((await fixture.runner.run(commercetoolsWorkflow(LEVELS))).status).toBe('error');
		expect(fixture.sandbox.callsTo('oauth/token').map((call) => call.status)).toEqual([200, 400]);
	});

	it('keeps its token across executions and renews it once it has expired', async () => {
		for (let run = 0; run < 3; run++) {
			expect((await fixture.runner.run(commercetoolsWorkflow(LEVELS))).status).toBe('success');
		}
		expect(fixture.sandbox.callsTo('oauth/token')).toHaveLength(1);
		const firstToken = stored().accessToken;
		fixture.sandbox.oauth.expireTokens();
		const result = await fixture.runner.run(commercetoolsWorkflow(LEVELS));
		expect(result.status).toBe('success');
		expect(result.json('commercetools')).toEqual([
			{ sku: 'TEE-RED-M', location: 'london-warehouse', quantity: 10, onStock: 10 },
		]);
		expect(fixture.sandbox.callsTo('oauth/token')).toHaveLength(2);
		expect(stored().accessToken).not.toBe(firstToken);
		// The call refused for the expired token, then the same call with the new one.
		expect(fixture.sandbox.callsTo('channels/query').map((call) => call.status)).toEqual([
			200, 200, 200, 401, 200,
		]);
	});
});
