import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

import {
	applyClientConfig,
	composeAgency,
	parseClientConfig,
	templateIsFor,
	type Template,
} from '../../tools/agency/client-config';
import { definePlatform } from '../../tools/agency/part';
import { PLATFORMS } from '../../tools/agency/platforms/index';
import { loadTemplate } from '../harness/templates';

const config = parseClientConfig({
	client: 'Acme',
	alertUrl: 'https://hooks.example.org/acme',
	linnworks: { credential: 'Acme Linnworks', priceTolerance: 3 },
	cloudshelf: { credential: 'Acme Cloudshelf', stockBuffer: 2 },
	locations: [
		{
			name: 'Main DC',
			linnworks: { takesOrders: false },
			cloudshelf: { location: 'dc', fulfillsOnlineOrders: true },
		},
		{
			name: 'Leeds',
			linnworks: { fulfilmentLocation: 'Main DC' },
			cloudshelf: { location: 'leeds', displayName: 'Leeds Trinity' },
		},
	],
	skuMapping: [{ cloudshelf: 'K-1', linnworks: 'L-1' }],
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

	it('maps a location whose Linnworks name differs to the name the other platform gives it', () => {
		const renamed = parseClientConfig({
			...config,
			locations: [
				{
					name: 'Leeds',
					linnworks: { location: 'LEEDS-01', subSource: 'Leeds kiosks' },
					cloudshelf: { location: 'leeds' },
				},
			],
		});
		const injection = applyClientConfig(
			loadTemplate('order-injection-cloudshelf-to-linnworks'),
			renamed,
		);
		expect(node(injection, 'Create Linnworks Order').parameters.locationMapping).toEqual({
			mapping: [
				{
					orderLocation: 'Leeds',
					source: 'CLOUDSHELF',
					subSource: 'Leeds kiosks',
					fulfilmentLocation: 'LEEDS-01',
				},
			],
		});
		const push = applyClientConfig(loadTemplate('stock-push-linnworks-to-cloudshelf'), renamed);
		expect(node(push, 'Linnworks Stock Changes').parameters.locations).toEqual(['LEEDS-01']);
		expect(node(push, 'Push to Cloudshelf').parameters.locationMapping).toEqual({
			mapping: [
				{
					sourceLocation: 'LEEDS-01',
					cloudshelfLocation: 'leeds',
					displayName: 'Leeds',
					fulfillsOnlineOrders: false,
				},
			],
		});
	});

	it('leaves the shipped template untouched and rejects a bad client file with the field named', () => {
		const template = loadTemplate('stock-push-linnworks-to-cloudshelf');
		const before = JSON.stringify(template);
		applyClientConfig(template, config);
		expect(JSON.stringify(template)).toBe(before);
		expect(() =>
			parseClientConfig({ client: 'X', locations: [{ name: 'A', cloudshelf: {} }] }),
		).toThrow('Client file is not valid: locations.0.cloudshelf.location: Required');
		expect(() =>
			parseClientConfig({
				client: 'X',
				linnworks: { stockBuffer: 1 },
				skuMapping: [{ linnworks: 'L' }],
			}),
		).toThrow(
			"Client file is not valid: linnworks: Unrecognized key(s) in object: 'stockBuffer'; " +
				'skuMapping.0: A SKU row names 2 of the platforms linnworks, cloudshelf, centra; this one names linnworks',
		);
		// A file in the flat format of before: every field that moved is named.
		expect(() =>
			parseClientConfig({
				client: 'X',
				credentials: { linnworksApi: 'L' },
				locations: [{ linnworks: 'A', cloudshelf: 'a' }],
			}),
		).toThrow(
			'locations.0.name: Required; locations.0.linnworks: Expected object, received string; ' +
				"locations.0.cloudshelf: Expected object, received string; (root): Unrecognized key(s) in object: 'credentials'",
		);
	});

	it('reads the example client file the README points to', () => {
		const file = JSON.parse(
			readFileSync(join(__dirname, '../../tools/agency/example-client.json'), 'utf8'),
		);
		const example = parseClientConfig(file);
		const workflow = applyClientConfig(
			loadTemplate('order-injection-cloudshelf-to-linnworks'),
			example,
		);
		expect(node(workflow, 'Create Linnworks Order').parameters.locationMapping).toMatchObject({
			mapping: [
				{ orderLocation: 'Oxford Street' },
				{ orderLocation: 'Manchester', subSource: 'Manchester' },
			],
		});
	});

	it('fills the Cloudshelf ⇄ Centra example into the Centra templates: warehouses, order tables, both credentials', () => {
		const example = parseClientConfig(
			JSON.parse(
				readFileSync(join(__dirname, '../../tools/agency/example-client-centra.json'), 'utf8'),
			),
		);
		const sales = applyClientConfig(loadTemplate('stock-sales-cloudshelf-to-centra'), example);
		expect(node(sales, 'Adjust Centra Stock')).toMatchObject({
			parameters: {
				warehouseMapping: {
					mapping: [
						{ location: 'Stockholm Warehouse', warehouse: 'Web Warehouse' },
						{ location: 'Stockholm Drottninggatan', warehouse: 'Stockholm Drottninggatan' },
						{ location: 'Oxford Street', warehouse: 'London Oxford Street' },
					],
				},
			},
			credentials: { centraIntegrationApi: { name: 'Example Outfitters Centra' } },
		});
		const injection = applyClientConfig(
			loadTemplate('order-injection-cloudshelf-to-centra'),
			example,
		);
		const create = node(injection, 'Create Centra Order');
		expect(create.credentials).toEqual({
			centraIntegrationApi: { name: 'Example Outfitters Centra' },
			centraOrderApi: { name: 'Example Outfitters Centra Order API' },
		});
		expect(create.parameters).toMatchObject({
			locationMapping: {
				mapping: [
					{
						orderLocation: 'Stockholm Drottninggatan',
						market: '3',
						pricelist: '5',
						shippingOption: 'standard',
						country: 'SE',
					},
					{
						orderLocation: 'Oxford Street',
						market: '1',
						pricelist: '1',
						shippingOption: 'click-and-collect',
						country: 'GB',
					},
				],
			},
			shippingMethodMapping: {
				mapping: [
					{ shippingMethod: 'Home Delivery', shippingOption: 'standard' },
					{ shippingMethod: 'Next Day', shippingOption: 'express' },
				],
			},
			skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
			guestName: 'In-store Customer',
			guestEmail: 'stores@example.com',
			orderNumberBase: 1_000_000_000,
			options: { registerCustomer: true, adjustStock: true },
		});
		const reconciliation = applyClientConfig(
			loadTemplate('reconciliation-cloudshelf-centra'),
			example,
		);
		expect(node(reconciliation, 'All Centra Stock').parameters.warehouses).toEqual([
			'Web Warehouse',
			'Stockholm Drottninggatan',
			'London Oxford Street',
		]);
		// Order → Get by reference computes the numbers Order → Create made: the same base.
		expect(node(reconciliation, 'Find In Centra').parameters.orderNumberBase).toBe(1_000_000_000);
		expect(node(reconciliation, 'Compare With Cloudshelf').parameters.locationMapping).toEqual({
			mapping: [
				{
					sourceLocation: 'Web Warehouse',
					cloudshelfLocation: 'stockholm-warehouse',
					displayName: 'Stockholm Warehouse',
					fulfillsOnlineOrders: true,
				},
				{
					sourceLocation: 'Stockholm Drottninggatan',
					cloudshelfLocation: 'drottninggatan',
					displayName: 'Stockholm Drottninggatan',
					fulfillsOnlineOrders: false,
				},
				{
					sourceLocation: 'London Oxford Street',
					cloudshelfLocation: 'oxford-street',
					displayName: 'Oxford Street',
					fulfillsOnlineOrders: false,
				},
			],
		});
		// The pair's templates only: no Linnworks template for a Centra client, and the other way round.
		expect(templateIsFor(loadTemplate('order-injection-cloudshelf-to-linnworks'), example)).toBe(
			false,
		);
		expect(templateIsFor(loadTemplate('exceptions-error-workflow'), example)).toBe(true);
		expect(templateIsFor(loadTemplate('stock-sales-cloudshelf-to-centra'), config)).toBe(false);
	});

	it('leaves the Centra tables of a client without Centra rows, and refuses half an order location', () => {
		const template = loadTemplate('stock-sales-cloudshelf-to-centra');
		const sales = applyClientConfig(template, config);
		expect(node(sales, 'Adjust Centra Stock').parameters.warehouseMapping).toEqual(
			node(template, 'Adjust Centra Stock').parameters.warehouseMapping,
		);
		const half = parseClientConfig({
			client: 'X',
			locations: [{ name: 'Soho', centra: { market: 'UK' }, cloudshelf: { location: 'soho' } }],
		});
		expect(() =>
			applyClientConfig(loadTemplate('order-injection-cloudshelf-to-centra'), half),
		).toThrow(
			'Client file is not valid: the Centra fields of location "Soho" name a market but no pricelist; an order location needs both',
		);
		expect(() =>
			parseClientConfig({ client: 'X', centra: { guestCustomer: { name: 'Guest' } } }),
		).toThrow('Client file is not valid: centra.guestCustomer.email: Required');
	});

	it('takes a new platform as one more part, without changes to the composition', () => {
		// A stand-in for a Shopify part: its locations feed Cloudshelf's stock, as Linnworks does today.
		const shopify = definePlatform({
			key: 'shopify',
			credentialType: 'shopifyApi',
			nodeTypes: ['shopify'],
			settings: z.object({ market: z.string().optional() }),
			location: z.object({ warehouse: z.string().min(1) }),
			locationName: (location) => location.warehouse,
			configure(target, { settings, locations }) {
				target.parameters.market = settings.market;
				target.parameters.warehouses = locations?.map((location) => location.name);
			},
		});
		const agency = composeAgency([...PLATFORMS, shopify]);
		const client = agency.parse(
			agency.withCredentialNames(
				{
					client: 'Nordic',
					shopify: { market: 'SE' },
					locations: [
						{ name: 'Stockholm', shopify: { warehouse: 'STO-1' }, cloudshelf: { location: 'sto' } },
					],
				},
				{ shopifyApi: 'Nordic Shopify', cloudshelfApi: 'Nordic Cloudshelf' },
			),
		);
		const template: Template = {
			name: 'Stock push: Shopify → Cloudshelf',
			nodes: [
				{
					name: 'Shopify Stock',
					type: 'n8n-nodes-retail-sync.shopify',
					parameters: {},
					credentials: { shopifyApi: { name: '' } },
				},
				{
					name: 'Push to Cloudshelf',
					type: 'n8n-nodes-retail-sync.cloudshelf',
					parameters: { locationMapping: {} },
					credentials: { cloudshelfApi: { name: '' } },
				},
			],
		};
		const workflow = agency.apply(template, client);
		expect(node(workflow, 'Shopify Stock')).toMatchObject({
			parameters: { market: 'SE', warehouses: ['STO-1'] },
			credentials: { shopifyApi: { name: 'Nordic Shopify' } },
		});
		expect(node(workflow, 'Push to Cloudshelf')).toMatchObject({
			parameters: {
				locationMapping: {
					mapping: [
						{ sourceLocation: 'STO-1', cloudshelfLocation: 'sto', displayName: 'Stockholm' },
					],
				},
			},
			credentials: { cloudshelfApi: { name: 'Nordic Cloudshelf' } },
		});
	});
});
