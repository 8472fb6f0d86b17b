import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

import {
	applyClientConfig,
	composeAgency,
	parseClientConfig,
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
				'skuMapping.0: A SKU row names 2 of the platforms linnworks, cloudshelf; this one names linnworks',
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

	it('takes a new platform as one more part, without changes to the composition', () => {
		// A stand-in for a Centra part: its warehouses feed Cloudshelf's stock, as Linnworks does today.
		const centra = definePlatform({
			key: 'centra',
			credentialType: 'centraApi',
			nodeTypes: ['centra'],
			settings: z.object({ market: z.string().optional() }),
			location: z.object({ warehouse: z.string().min(1) }),
			locationName: (location) => location.warehouse,
			configure(target, { settings, locations }) {
				target.parameters.market = settings.market;
				target.parameters.warehouses = locations?.map((location) => location.name);
			},
		});
		const agency = composeAgency([...PLATFORMS, centra]);
		const client = agency.parse(
			agency.withCredentialNames(
				{
					client: 'Nordic',
					centra: { market: 'SE' },
					locations: [
						{ name: 'Stockholm', centra: { warehouse: 'STO-1' }, cloudshelf: { location: 'sto' } },
					],
				},
				{ centraApi: 'Nordic Centra', cloudshelfApi: 'Nordic Cloudshelf' },
			),
		);
		const template: Template = {
			name: 'Stock push: Centra → Cloudshelf',
			nodes: [
				{
					name: 'Centra Stock',
					type: 'n8n-nodes-retail-sync.centra',
					parameters: {},
					credentials: { centraApi: { name: '' } },
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
		expect(node(workflow, 'Centra Stock')).toMatchObject({
			parameters: { market: 'SE', warehouses: ['STO-1'] },
			credentials: { centraApi: { name: 'Nordic Centra' } },
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
