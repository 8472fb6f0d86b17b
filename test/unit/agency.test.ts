import {
	applyClientConfig,
	parseClientConfig,
	type Template,
} from '../../tools/agency/client-config';
import { loadTemplate } from '../harness/templates';

const config = parseClientConfig({
	client: 'Acme',
	credentials: { linnworksApi: 'Acme Linnworks', cloudshelfApi: 'Acme Cloudshelf' },
	alertUrl: 'https://hooks.example.org/acme',
	locations: [
		{ linnworks: 'Main DC', cloudshelf: 'dc', takesOrders: false, fulfillsOnlineOrders: true },
		{
			linnworks: 'Leeds',
			cloudshelf: 'leeds',
			displayName: 'Leeds Trinity',
			fulfilmentLocation: 'Main DC',
		},
	],
	skuMapping: [{ cloudshelf: 'K-1', linnworks: 'L-1' }],
	stockBuffer: 2,
	priceTolerance: 3,
});

const node = (workflow: Template, name: string) =>
	workflow.nodes.find((candidate) => candidate.name === name)!;

describe('agency tool: client config', () => {
	it('fills every mapping a client needs into the order injection template', () => {
		const workflow = applyClientConfig(
			loadTemplate('order-injection-cloudshelf-to-linnworks'),
			config,
		);
		expect(workflow.name).toBe('Order injection: Cloudshelf → Linnworks (Acme)');
		const create = node(workflow, 'Create Linnworks Order');
		expect(create.credentials).toEqual({ linnworksApi: { name: 'Acme Linnworks' } });
		expect(create.parameters.locationMapping).toEqual({
			mapping: [
				{
					orderLocation: 'Leeds Trinity',
					source: 'CLOUDSHELF',
					subSource: 'Leeds Trinity',
					fulfilmentLocation: 'Main DC',
				},
			],
		});
		expect(create.parameters.skuMapping).toEqual({
			mapping: [{ sourceSku: 'K-1', targetSku: 'L-1' }],
		});
		expect(create.parameters.options).toMatchObject({ priceTolerance: 3, dispatchWithinDays: 1 });
		expect(node(workflow, 'Send Alert').parameters.url).toBe('https://hooks.example.org/acme');
		expect(node(workflow, 'Kiosk Orders').credentials).toEqual({
			cloudshelfApi: { name: 'Acme Cloudshelf' },
		});
	});

	it('fills locations, the Cloudshelf location table and the buffer into the stock push template', () => {
		const workflow = applyClientConfig(loadTemplate('stock-push-linnworks-to-cloudshelf'), config);
		expect(node(workflow, 'Linnworks Stock Changes').parameters.locations).toEqual([
			'Main DC',
			'Leeds',
		]);
		expect(node(workflow, 'Push to Cloudshelf').parameters).toMatchObject({
			stockBuffer: 2,
			locationMapping: {
				mapping: [
					{
						sourceLocation: 'Main DC',
						cloudshelfLocation: 'dc',
						displayName: 'Main DC',
						fulfillsOnlineOrders: true,
					},
					{
						sourceLocation: 'Leeds',
						cloudshelfLocation: 'leeds',
						displayName: 'Leeds Trinity',
						fulfillsOnlineOrders: false,
					},
				],
			},
		});
	});

	it('leaves the shipped template untouched and rejects a bad client file with the field named', () => {
		const template = loadTemplate('stock-push-linnworks-to-cloudshelf');
		const before = JSON.stringify(template);
		applyClientConfig(template, config);
		expect(JSON.stringify(template)).toBe(before);
		expect(() => parseClientConfig({ client: 'X', locations: [{ linnworks: 'A' }] })).toThrow(
			'Client file is not valid: locations.0.cloudshelf: Required',
		);
	});
});
