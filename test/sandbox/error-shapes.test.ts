/**
 * Every error a sandbox answers is in its platform's own shape: injected faults, 429s, unknown
 * admin routes and internal errors go through the simulator's one ErrorBody.
 */
import { AlertsInbox } from '../../sandbox/alerts/server';
import { CloudshelfSandbox, SANDBOX_API_KEY } from '../../sandbox/cloudshelf/server';
import type { SandboxResponse, SandboxServer } from '../../sandbox/common/http';
import { LinnworksSandbox } from '../../sandbox/linnworks/server';

/** A Cloudshelf sandbox whose request handling fails, as a bug in the simulator would. */
class BrokenCloudshelf extends CloudshelfSandbox {
	protected override async handle(): Promise<SandboxResponse> {
		throw new Error('state is corrupt');
	}
}

class BrokenLinnworks extends LinnworksSandbox {
	protected override handle(): SandboxResponse {
		throw new Error('state is corrupt');
	}
}

const started: SandboxServer[] = [];
async function start<T extends SandboxServer>(sandbox: T): Promise<T> {
	await sandbox.listen();
	started.push(sandbox);
	return sandbox;
}
afterEach(async () => {
	await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	return {
		status: response.status,
		retryAfter: response.headers.get('retry-after'),
		body: (await response.json()) as unknown,
	};
}

const kioskOrders = {
	operationName: 'Orders',
	query: 'query Orders { orders(first: 1) { totalCount } }',
};
const graphqlError = (message: string, code: string) => ({
	errors: [{ message, extensions: { code } }],
});

describe('sandbox error bodies', () => {
	it('answers Cloudshelf injected faults like a GraphQL server, keeping the HTTP status and Retry-After', async () => {
		const sandbox = await start(new CloudshelfSandbox());
		const call = () =>
			post(`${sandbox.baseUrl}/graphql`, kioskOrders, {
				Authorization: `token ${SANDBOX_API_KEY}`,
			});

		sandbox.setFaults({ failNext: [{ operation: 'Orders', status: 503, count: 1 }] });
		expect(await call()).toEqual({
			status: 503,
			retryAfter: null,
			body: graphqlError('Injected failure (503)', 'INTERNAL_SERVER_ERROR'),
		});

		sandbox.setFaults({ burst429: 1, burstRetryAfterSeconds: 7 });
		expect(await call()).toEqual({
			status: 429,
			retryAfter: '7',
			body: graphqlError('Too many requests', 'REQUEST_RATE_LIMITED'),
		});

		sandbox.setFaults({ errorRate: 1 });
		expect(await call()).toEqual({
			status: 500,
			retryAfter: null,
			body: graphqlError('Injected internal server error', 'INTERNAL_SERVER_ERROR'),
		});

		sandbox.clearFaults();
		expect((await call()).body).toMatchObject({ data: { orders: { totalCount: 0 } } });
	});

	it('answers a Cloudshelf internal error and an unknown admin route like a GraphQL server', async () => {
		const sandbox = await start(new BrokenCloudshelf());
		expect(await post(`${sandbox.baseUrl}/graphql`, kioskOrders)).toEqual({
			status: 500,
			retryAfter: null,
			body: graphqlError('Sandbox error: state is corrupt', 'INTERNAL_SERVER_ERROR'),
		});
		expect(await post(`${sandbox.baseUrl}/__sandbox/nothing`, {})).toEqual({
			status: 404,
			retryAfter: null,
			body: graphqlError('Unknown admin route nothing', 'NOT_FOUND'),
		});
	});

	it('still answers Linnworks faults and internal errors as {"Message": …}', async () => {
		const sandbox = await start(new LinnworksSandbox());
		const method = `${sandbox.baseUrl}/eu-ext/api/Inventory/GetStockLocations`;
		sandbox.setFaults({
			failNext: [{ operation: 'Inventory/GetStockLocations', status: 500, count: 1 }],
		});
		expect(await post(method, {})).toEqual({
			status: 500,
			retryAfter: null,
			body: { Message: 'Injected failure (500)' },
		});
		sandbox.setFaults({ burst429: 1, burstRetryAfterSeconds: 2 });
		expect(await post(method, {})).toEqual({
			status: 429,
			retryAfter: '2',
			body: { Message: 'API calls quota exceeded! Maximum admitted 150 per Minute.' },
		});

		const broken = await start(new BrokenLinnworks());
		expect(await post(`${broken.baseUrl}/api/Auth/AuthorizeByApplication`, {})).toEqual({
			status: 500,
			retryAfter: null,
			body: { Message: 'Sandbox error: state is corrupt' },
		});
	});

	it('answers the alerts inbox errors plainly', async () => {
		const inbox = await start(new AlertsInbox());
		inbox.setFaults({ errorRate: 1 });
		expect(await post(`${inbox.baseUrl}/hooks/ops`, { text: 'hi' })).toEqual({
			status: 500,
			retryAfter: null,
			body: { error: 'Injected internal server error' },
		});
		inbox.clearFaults();
		expect((await post(`${inbox.baseUrl}/elsewhere`, {})).body).toEqual({
			error: 'POST to /hooks/<name>',
		});
	});
});
