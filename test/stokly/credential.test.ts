import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import {
	RENEW_BEFORE_MS,
	StoklyApi,
	grantSignature,
	tokenNeedsRenewal,
} from '../../credentials/StoklyApi.credentials';
import {
	SANDBOX_ACCOUNT,
	startStokly,
	stoklyContext,
	stoklyWorkflow,
	type StoklyFixture,
} from '../harness/stokly';

const LOCATIONS = { resource: 'location', operation: 'getMany' };
const LEVELS = { resource: 'stock', operation: 'getLevels', selection: 'all' };

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const stored = () => fixture.runner.credentials.store.stoklyApi;
const grants = () => fixture.sandbox.callsTo('POST /v1/grant');
const statuses = (operation: string) =>
	fixture.sandbox.callsTo(operation).map((call) => call.status);

/** n8n's own request helper (what preAuthentication gets), from a real node context. */
function n8nHelpers(): IHttpRequestHelper {
	const context = stoklyContext(fixture.runner);
	return { helpers: { httpRequest: context.helpers.httpRequest } } as IHttpRequestHelper;
}

/** The credential's `test` as n8n runs it: a grant first, then the request with `authenticate`. */
async function runCredentialTest(data: Record<string, unknown>): Promise<number> {
	const credential = new StoklyApi();
	const granted = await credential.preAuthentication.call(n8nHelpers(), data as never);
	const request = await credential.authenticate({ ...data, ...granted } as never, {
		...(credential.test.request as IHttpRequestOptions),
	});
	const url = new URL(`${request.baseURL}${request.url}`);
	for (const [key, value] of Object.entries(request.qs ?? {}))
		url.searchParams.set(key, String(value));
	const response = await fetch(url, { headers: request.headers as Record<string, string> });
	return response.status;
}

describe('Stokly API credential', () => {
	it('reaches the sandbox through a custom URL with the public app client', () => {
		expect(stored()).toMatchObject({
			environment: 'custom',
			baseUrl: fixture.sandbox.baseUrl,
			accountKey: SANDBOX_ACCOUNT.accountKey,
			clientId: SANDBOX_ACCOUNT.clientId,
			clientSecret: SANDBOX_ACCOUNT.clientSecret,
		});
	});

	it('signs the grant with hex HMAC-SHA256 of the client ID keyed with the secret', () => {
		// RFC 4231 test case 2 (key "Jefe").
		expect(grantSignature('what do ya want for nothing?', 'Jefe')).toBe(
			'5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		);
	});

	it('passes its test with a real call: a grant, then GET /v0/locations?size=1', async () => {
		expect(await runCredentialTest({ ...stored() })).toBe(200);
		expect(statuses('POST /v1/grant')).toEqual([200]);
		expect(statuses('GET /v0/locations')).toEqual([200]);
	});

	it('fails its test for a wrong secret, saying what to check and never the secret', async () => {
		const error = (await runCredentialTest({
			...stored(),
			clientSecret: 'wrong-secret-value',
		}).catch((caught: unknown) => caught)) as Error;
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toMatch(/^Stokly refused the grant at .*\/v1\/grant \(HTTP 401/);
		expect(error.message).toContain('Check the Account Key, Client ID and Client Secret');
		expect(error.message).not.toContain('wrong-secret-value');
		expect(statuses('POST /v1/grant')).toEqual([401]);
		expect(fixture.sandbox.callsTo('GET /v0/locations')).toHaveLength(0);
	});

	it('fails a node run for a wrong secret without showing the secret', async () => {
		stored().clientSecret = 'wrong-secret-value';
		const result = await fixture.runner.run(stoklyWorkflow(LOCATIONS));
		expect(result.status).toBe('error');
		const said = `${result.error?.message} ${result.error?.description}`;
		expect(said).toContain('Client Secret');
		expect(JSON.stringify(result.run.data)).not.toContain('wrong-secret-value');
		expect(fixture.sandbox.callsTo('GET /v0/locations')).toHaveLength(0);
	});

	it('keeps its token across executions and renews it once Stokly says it has expired', async () => {
		for (let run = 0; run < 3; run++)
			expect((await fixture.runner.run(stoklyWorkflow(LOCATIONS))).status).toBe('success');
		expect(grants()).toHaveLength(1);
		const firstToken = stored().accessToken;
		fixture.sandbox.state.expireTokens();
		const result = await fixture.runner.run(stoklyWorkflow(LOCATIONS));
		expect(result.status).toBe('success');
		expect(result.json('Stokly').map((location) => location.name)).toEqual([
			'London Warehouse',
			'Oxford Street',
		]);
		expect(grants()).toHaveLength(2);
		expect(stored().accessToken).not.toBe(firstToken);
		// The call refused for the expired token ("jwt expired"), then the same call with the new one.
		expect(statuses('GET /v0/locations')).toEqual([200, 200, 200, 401, 200]);
	});

	it('renews a token that expires between the calls of one run', async () => {
		// Stock → Set reads locations, items, the bin, inventory records, then adjusts: five calls.
		await fixture.runner.run(stoklyWorkflow(LOCATIONS));
		expect(grants()).toHaveLength(1);
		let calls = 0;
		const seen = fixture.sandbox.calls;
		const push = seen.push.bind(seen);
		seen.push = (...records) => {
			calls += records.length;
			// Once the run's third call is answered every token dies: the fourth is refused, then renewed.
			if (calls === 3) fixture.sandbox.state.expireTokens();
			return push(...records);
		};
		const result = await fixture.runner.run(
			stoklyWorkflow({ resource: 'stock', operation: 'set', inputMode: 'canonical' }, [
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 9 },
			]),
		);
		expect(result.status).toBe('success');
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({ sku: 'CAP-BLUE', quantity: 9, previous: 7, change: 2 }),
		]);
		expect(grants()).toHaveLength(2);
		expect(seen.filter((call) => call.status === 401)).toHaveLength(1);
		expect(fixture.sandbox.state.onHand('CAP-BLUE', 'Oxford Street')).toBe(9);
		expect(fixture.sandbox.state.adjustments()).toHaveLength(1);
	});

	it('renews a token with less than a minute left before sending it: no call is refused for expiry', async () => {
		await fixture.runner.run(stoklyWorkflow(LOCATIONS));
		const firstToken = stored().accessToken;
		// The stored token is still valid at Stokly for an hour; the credential is told it was granted
		// an hour ago and 30 s are left.
		stored().grantedAt = new Date(Date.now() - 3_570_000).toISOString();
		stored().expiry = new Date(Date.now() + 30_000).toISOString();
		const result = await fixture.runner.run(stoklyWorkflow(LEVELS));
		expect(result.status).toBe('success');
		expect(grants()).toHaveLength(2);
		expect(stored().accessToken).not.toBe(firstToken);
		// No token was sent, so Stokly refused at the door (no handler ran, nothing counted against
		// the rate limit), and n8n granted a new token and repeated the call.
		const refused = fixture.sandbox.calls.filter((call) => call.status === 401);
		expect(refused).toHaveLength(1);
		expect(refused[0].operation).toBe('GET /v1/inventory-records');
		expect(statuses('GET /v1/inventory-records')).toEqual([401, 200]);
		expect(result.json('Stokly')).toContainEqual(
			expect.objectContaining({ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 7 }),
		);
	});

	it('renews tokens that live shorter than two minutes at half their life (a short-lived test token)', () => {
		const now = Date.parse('2026-01-01T10:00:00Z');
		const iso = (ms: number) => new Date(now + ms).toISOString();
		expect(RENEW_BEFORE_MS).toBe(60_000);
		expect(tokenNeedsRenewal({ expiry: iso(61_000), grantedAt: iso(-3_600_000) }, now)).toBe(false);
		expect(tokenNeedsRenewal({ expiry: iso(59_000), grantedAt: iso(-3_600_000) }, now)).toBe(true);
		expect(tokenNeedsRenewal({ expiry: iso(-1), grantedAt: iso(-3_600_000) }, now)).toBe(true);
		// A 10 s token granted 2 s ago is sent; granted 6 s ago (4 s left) it is renewed.
		expect(tokenNeedsRenewal({ expiry: iso(8_000), grantedAt: iso(-2_000) }, now)).toBe(false);
		expect(tokenNeedsRenewal({ expiry: iso(4_000), grantedAt: iso(-6_000) }, now)).toBe(true);
		expect(tokenNeedsRenewal({ expiry: '' }, now)).toBe(false);
		// Clocks apart by more than the token's life: Stokly's 401 decides.
		expect(tokenNeedsRenewal({ expiry: iso(-7_200_000), grantedAt: iso(-1_000) }, now)).toBe(false);
	});

	it('works with a sandbox whose tokens live seconds', async () => {
		await fixture.close();
		fixture = await startStokly({ tokenTtlMs: 20_000 });
		for (let run = 0; run < 2; run++)
			expect((await fixture.runner.run(stoklyWorkflow(LOCATIONS))).status).toBe('success');
		expect(grants()).toHaveLength(1);
		expect(fixture.sandbox.calls.filter((call) => call.status === 401)).toHaveLength(0);
	});
});
