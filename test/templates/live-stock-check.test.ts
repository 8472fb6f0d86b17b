import type { IDataObject } from 'n8n-workflow';

import { startRetail, type RetailFixture } from '../harness/templates';

let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** The request Cloudshelf sends, as n8n's Webhook node hands it to the workflow. */
function stockRequest(variant: string, authorization?: string, location?: string) {
	return [
		{
			json: {
				headers: { host: '127.0.0.1:5678', ...(authorization ? { authorization } : {}) },
				params: {},
				query: {
					variant,
					product: 'gid://external/RetailSyncProduct/X',
					...(location ? { location } : {}),
				},
				body: {},
				webhookUrl: 'http://127.0.0.1:5678/webhook/cloudshelf/live-stock',
				executionMode: 'production',
			} as IDataObject,
		},
	];
}

async function ask(variant: string, authorization?: string, location?: string) {
	const result = await fixture.runner.run(
		fixture.workflow('live-stock-check-cloudshelf-linnworks'),
		{
			startNode: 'Webhook',
			startItems: stockRequest(variant, authorization, location),
			mode: 'webhook',
		},
	);
	expect(result.status).toBe('success');
	expect(result.responses).toHaveLength(1);
	return result.responses[0] as { statusCode: number; body: IDataObject };
}

describe('template: live stock check', () => {
	const token = 'Bearer live-stock-token-for-tests';

	it("answers with Linnworks' available stock per mapped location, less the buffer", async () => {
		const { state } = fixture.sandboxes.linnworks;
		// Stock held by an open order is not for sale.
		state.seed({
			orders: [
				{
					location: 'London Warehouse',
					order: {
						Source: 'X',
						SubSource: 'Y',
						ReferenceNumber: 'HOLD',
						ReceivedDate: new Date().toISOString(),
						DispatchBy: new Date().toISOString(),
						PaymentStatus: 'Paid',
						OrderItems: [{ ItemNumber: '1', ChannelSKU: 'CAP-BLUE', Qty: 4, PricePerUnit: 1 }],
					},
				},
			],
		});
		const answer = await ask(
			'gid://external/RetailSyncVariant/CAP-BLUE',
			token,
			'gid://external/RetailSyncLocation/oxford-street',
		);
		expect(answer.statusCode).toBe(200);
		// CAP-BLUE: warehouse 12 − 4 held = 8, Oxford Street 2, Manchester 2; buffer 1 each.
		expect(answer.body).toEqual({
			dataType: 'StockLevels',
			dataTypeVersion: 1,
			responseFor: {
				productId: 'gid://external/RetailSyncProduct/X',
				variantId: 'gid://external/RetailSyncVariant/CAP-BLUE',
				locationId: 'gid://external/RetailSyncLocation/oxford-street',
			},
			response: {
				totalNumberAvailable: 9,
				location: {
					id: 'gid://external/RetailSyncLocation/oxford-street',
					displayName: 'Oxford Street',
					fulfillsOnlineOrders: false,
					numberAvailable: 1,
				},
				locations: [
					{
						id: 'gid://external/RetailSyncLocation/london-warehouse',
						displayName: 'London Warehouse',
						fulfillsOnlineOrders: true,
						numberAvailable: 7,
					},
					{
						id: 'gid://external/RetailSyncLocation/oxford-street',
						displayName: 'Oxford Street',
						fulfillsOnlineOrders: false,
						numberAvailable: 1,
					},
					{
						id: 'gid://external/RetailSyncLocation/manchester-arndale',
						displayName: 'Manchester Arndale',
						fulfillsOnlineOrders: false,
						numberAvailable: 1,
					},
				],
			},
		});
	});

	it('answers 401 to a wrong or missing token, revealing no stock and calling no API', async () => {
		for (const authorization of ['Bearer guess', undefined]) {
			const answer = await ask('gid://external/RetailSyncVariant/CAP-BLUE', authorization);
			expect(answer.statusCode).toBe(401);
			expect(answer.body).toEqual({ error: 'The stock check request is not authorised' });
		}
		// The token is checked first: an unauthorised caller cannot spend the Linnworks rate limit.
		expect(fixture.sandboxes.linnworks.calls).toHaveLength(0);
		expect(fixture.sandboxes.cloudshelf.calls).toHaveLength(0);
	});

	it('answers 500 with the reason when the template is misconfigured', async () => {
		const workflow = fixture.workflow('live-stock-check-cloudshelf-linnworks');
		workflow.nodes.find((node) => node.name === 'Answer Stock Check')!.parameters.locationMapping =
			{ mapping: [] };
		const result = await fixture.runner.run(workflow, {
			startNode: 'Webhook',
			startItems: stockRequest('gid://external/RetailSyncVariant/CAP-BLUE', token),
			mode: 'webhook',
		});
		expect(result.responses).toEqual([
			expect.objectContaining({
				statusCode: 500,
				body: { error: 'The Location Mapping table is empty' },
			}),
		]);
	});

	it('answers zero available for an unknown SKU or a request without one, not an error page', async () => {
		for (const variant of ['gid://external/RetailSyncVariant/NO-SUCH-SKU', '']) {
			const answer = await ask(variant, token);
			expect(answer.statusCode).toBe(200);
			expect(answer.body.response).toMatchObject({ totalNumberAvailable: 0, location: null });
			expect((answer.body.response as { locations: unknown[] }).locations).toHaveLength(3);
		}
	});
});
