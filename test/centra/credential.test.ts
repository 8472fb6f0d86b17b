import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { CentraIntegrationApi } from '../../credentials/CentraIntegrationApi.credentials';
import { CentraOrderApi } from '../../credentials/CentraOrderApi.credentials';
import { CALL_BUDGET_FIELD } from '../../nodes/shared/client';
import { SANDBOX_ORDER_API_KEY, SANDBOX_TOKEN } from '../../sandbox/centra/server';
import { CentraOrderClient, ORDER_API_CODES, isRefusal } from '../../nodes/Centra/transport';
import {
	CENTRA_STORES,
	centraContext,
	centraWorkflow,
	startCentra,
	type CentraFixture,
} from '../harness/centra';

/** The Order API credential is the node's only for Order → Create. */
const ORDER_CREATE = { resource: 'order', operation: 'create' };

let fixture: CentraFixture;
beforeEach(async () => {
	fixture = await startCentra({}, CENTRA_STORES);
});
afterEach(async () => fixture.close());

/**
 * A credential's test request as n8n sends it: expressions resolved against the credential's
 * fields, then `authenticate` applied by the credentials helper.
 */
async function sendTestRequest(
	type: 'centraIntegrationApi' | 'centraOrderApi',
	test: IHttpRequestOptions,
): Promise<{ status: number; body: unknown }> {
	const credentials = fixture.runner.credentials.store[type] as ICredentialDataDecryptedObject;
	const workflow = fixture.runner.workflow(centraWorkflow({}));
	const node = workflow.getNode('Centra')!;
	const resolve = (value: unknown) =>
		typeof value === 'string' && value.startsWith('=')
			? String(
					workflow.expression.getSimpleParameterValue(node, value, 'internal', {
						$credentials: credentials,
					}),
				)
			: value;
	const request = await fixture.runner.credentials.authenticate(
		credentials,
		type,
		{ ...test, url: resolve(test.url) as string, baseURL: resolve(test.baseURL) as string },
		workflow,
		node,
	);
	const url = new URL(`${request.baseURL ?? ''}${request.url}`);
	for (const [key, value] of Object.entries(request.qs ?? {}))
		url.searchParams.set(key, String(value));
	const response = await fetch(url, {
		method: request.method,
		headers: { 'Content-Type': 'application/json', ...(request.headers as Record<string, string>) },
		body: request.body ? JSON.stringify(request.body) : undefined,
	});
	return { status: response.status, body: await response.json() };
}

describe('Centra Integration API credential', () => {
	const credential = new CentraIntegrationApi();

	it('passes its own test with a real query that needs no permission', async () => {
		fixture.sandbox.mintToken([], { token: 'no-permissions-token' });
		fixture.runner.credentials.store.centraIntegrationApi.token = 'no-permissions-token';
		const { status, body } = await sendTestRequest(
			'centraIntegrationApi',
			credential.test.request as IHttpRequestOptions,
		);
		expect(status).toBe(200);
		expect(body).toMatchObject({
			data: {
				rateLimits: expect.arrayContaining([expect.objectContaining({ type: 'REQUEST_COUNT' })]),
			},
		});
		expect(fixture.sandbox.callsTo('CredentialTest')).toHaveLength(1);
	});

	it('fails its test with a wrong or expired token', async () => {
		fixture.runner.credentials.store.centraIntegrationApi.token = 'wrong-token';
		expect(
			(
				await sendTestRequest(
					'centraIntegrationApi',
					credential.test.request as IHttpRequestOptions,
				)
			).status,
		).toBe(401);
		const { token } = fixture.sandbox.mintToken('all', { expiresAt: '2020-01-01T00:00:00Z' });
		fixture.runner.credentials.store.centraIntegrationApi.token = token;
		expect(
			(
				await sendTestRequest(
					'centraIntegrationApi',
					credential.test.request as IHttpRequestOptions,
				)
			).status,
		).toBe(401);
	});

	it('reaches the sandbox by its URL alone, and offers the call budget', () => {
		const data = fixture.runner.credentials.store.centraIntegrationApi;
		expect(data).toMatchObject({
			endpoint: `${fixture.sandbox.baseUrl}/graphql`,
			token: SANDBOX_TOKEN,
		});
		expect(credential.properties.map((property) => property.name)).toEqual([
			'endpoint',
			'token',
			'webhookSecret',
			CALL_BUDGET_FIELD,
		]);
	});

	it('says to check the token when Centra refuses it, and never shows it', async () => {
		fixture.runner.credentials.store.centraIntegrationApi.token = 'wrong-token-value';
		const result = await fixture.runner.run(
			centraWorkflow({ resource: 'warehouse', operation: 'getMany', returnAll: true }),
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Centra did not accept the Integration API token (HTTP 401)',
		);
		expect(result.error?.description).toContain(
			'Check the Access Token of the Centra Integration API credential',
		);
		expect(JSON.stringify(result.run.data)).not.toContain('wrong-token-value');
	});
});

describe('Centra Order API credential', () => {
	const credential = new CentraOrderApi();

	it('passes its own test with a real call to the orders listing', async () => {
		const { status, body } = await sendTestRequest(
			'centraOrderApi',
			credential.test.request as IHttpRequestOptions,
		);
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: 'ok', orders: [] });
		expect(fixture.runner.credentials.store.centraOrderApi).toMatchObject({
			baseUrl: `${fixture.sandbox.baseUrl}/api/order-api`,
			apiKey: SANDBOX_ORDER_API_KEY,
		});
	});

	it('fails its test with a wrong key', async () => {
		fixture.runner.credentials.store.centraOrderApi.apiKey = 'wrong-key';
		const { status, body } = await sendTestRequest(
			'centraOrderApi',
			credential.test.request as IHttpRequestOptions,
		);
		expect(status).toBe(401);
		expect(body).toMatchObject({ status: 'no' });
	});

	it("answers Centra's refusals as typed results whatever their HTTP status, and a wrong key as an error", async () => {
		const client = new CentraOrderClient(centraContext(fixture.runner, ORDER_CREATE));
		const refused = await client.call('POST', '/order', { body: { products: [] } });
		expect(isRefusal(refused)).toBe(true);
		expect(refused).toMatchObject({ status: 'no', code: expect.any(Number), httpStatus: 400 });
		const listed = await client.call<{ orders: unknown[] }>('GET', '/orders', { qs: { limit: 1 } });
		expect(listed).toMatchObject({ status: 'ok', orders: [] });
		expect(ORDER_API_CODES.orderNumberExists).toBe(-5);
		fixture.runner.credentials.store.centraOrderApi.apiKey = 'wrong-key';
		await expect(
			new CentraOrderClient(centraContext(fixture.runner, ORDER_CREATE)).call('GET', '/orders'),
		).rejects.toThrow('Centra did not accept the Order API key (HTTP 401)');
	});
});
