import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { LinnworksApi } from '../../credentials/LinnworksApi.credentials';
import { SANDBOX_APP } from '../../sandbox/linnworks/server';
import {
	STORES,
	linnworksWorkflow,
	startLinnworks,
	type LinnworksFixture,
} from '../harness/linnworks';

let fixture: LinnworksFixture;
beforeEach(async () => {
	fixture = await startLinnworks({}, STORES);
});
afterEach(async () => fixture.close());

/** The minimal helper n8n hands to preAuthentication: an HTTP client that throws on non-2xx. */
const helpers = {
	helpers: {
		httpRequest: async (options: IHttpRequestOptions) => {
			const response = await fetch(options.url, {
				method: options.method,
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(options.body),
			});
			if (!response.ok) throw new Error(`Request failed with status code ${response.status}`);
			return await response.json();
		},
	},
} as unknown as IHttpRequestHelper;

describe('Linnworks API credential', () => {
	it('opens a session, targets the returned Server and passes its own test request', async () => {
		const credential = new LinnworksApi();
		const data = {
			applicationId: SANDBOX_APP.applicationId,
			applicationSecret: SANDBOX_APP.applicationSecret,
			token: SANDBOX_APP.installationToken,
			authUrl: `${fixture.sandbox.baseUrl}/`,
			sessionToken: '',
			server: '',
		};
		const session = await credential.preAuthentication.call(helpers, data);
		expect(session.server).toBe(`${fixture.sandbox.baseUrl}/eu-ext`);
		const request = await credential.authenticate(
			{ ...data, ...session },
			{ ...(credential.test.request as IHttpRequestOptions) },
		);
		expect(request.headers).toMatchObject({ Authorization: session.sessionToken });
		expect(String(request.headers?.Authorization)).not.toMatch(/^Bearer/);
		const response = await fetch(`${request.baseURL}${request.url}`, {
			method: request.method,
			headers: request.headers as Record<string, string>,
		});
		expect(response.status).toBe(200);
	});

	it('reports rejected application credentials clearly and never shows the secret', async () => {
		fixture.runner.credentials.store.linnworksApi.applicationSecret = 'wrong-secret-value';
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'location', operation: 'getMany' }),
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Linnworks refused the session for Inventory/GetStockLocations (HTTP 401)',
		);
		expect(result.error?.description).toContain(
			'Check the Application ID, Application Secret and Installation Token',
		);
		expect(JSON.stringify(result.run.data)).not.toContain('wrong-secret-value');
		expect(JSON.stringify(result.run.data)).not.toContain(SANDBOX_APP.installationToken);
	});

	it('reuses the stored session across executions instead of logging in each time', async () => {
		for (let run = 0; run < 3; run++) {
			await fixture.runner.run(linnworksWorkflow({ resource: 'location', operation: 'getMany' }));
		}
		expect(fixture.sandbox.callsTo('Auth/AuthorizeByApplication')).toHaveLength(1);
	});
});
