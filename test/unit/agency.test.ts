import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

import {
	applyClientConfig,
	composeAgency,
	parseClientConfig,
	templateIsFor,
	withCredentialNames,
	type Template,
} from '../../tools/agency/client-config';
import { agencyFields, readStructuredFile } from '../../tools/deploy/client-file';
import { definePlatform } from '../../tools/agency/part';
import { IN_STORE_FILTERS } from '../../tools/agency/platforms/cloudshelf';
import { PLATFORMS } from '../../tools/agency/platforms/index';
import { sandboxStoklyClient } from '../../tools/agency/sandbox-client';
import { loadTemplate } from '../harness/templates';

/** An example client file of clients/examples/, as `npm run configure` reads it. */
/** The templates every client gets, whatever its platforms: the exceptions workflow and the report. */
const NEUTRAL = ['daily-sync-report', 'exceptions-error-workflow'];

const exampleClient = (pair: string) =>
	agencyFields(readStructuredFile(join(__dirname, `../../clients/examples/${pair}.yaml`)));

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
		// Alerts leave from the exceptions workflow every template reports to, and the daily report.
		expect(
			node(applyClientConfig(loadTemplate('exceptions-error-workflow'), config), 'Send Alert')
				.parameters.url,
		).toBe('https://hooks.example.org/acme');
		expect(
			node(applyClientConfig(loadTemplate('daily-sync-report'), config), 'Send Report').parameters
				.url,
		).toBe('https://hooks.example.org/acme');
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
				'skuMapping.0: A SKU row names 2 of the platforms linnworks, cloudshelf, centra, commercetools, stokly, shopify; this one names linnworks',
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
		const file = exampleClient('cloudshelf-linnworks');
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
		const example = parseClientConfig(exampleClient('cloudshelf-centra'));
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
				mapping: [{ shippingMethod: 'delivery', shippingOption: 'standard' }],
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

	it('leaves the Centra tables of a client without Centra rows', () => {
		const template = loadTemplate('stock-sales-cloudshelf-to-centra');
		const sales = applyClientConfig(template, config);
		expect(node(sales, 'Adjust Centra Stock').parameters.warehouseMapping).toEqual(
			node(template, 'Adjust Centra Stock').parameters.warehouseMapping,
		);
		expect(() =>
			parseClientConfig({ client: 'X', centra: { guestCustomer: { name: 'Guest' } } }),
		).toThrow('Client file is not valid: centra.guestCustomer.email: Required');
	});

	it('refuses an order location without what its orders need, naming the field and what it expects', () => {
		const problems = (file: Record<string, unknown>) => {
			try {
				parseClientConfig({ client: 'X', ...file });
			} catch (error) {
				return (error as Error).message.replace('Client file is not valid: ', '').split('; ');
			}
			return [];
		};
		const store = (centra: Record<string, unknown>, name = 'Soho') => ({
			name,
			centra,
			cloudshelf: { location: name.toLowerCase() },
		});
		const section = {
			guestCustomer: { email: 'stores@example.com' },
			shippingMethods: { delivery: 'standard' },
		};
		// Half of market + pricelist: at parse time, at the field missing.
		expect(
			problems({ centra: section, locations: [store({ market: 'UK', country: 'GB' })] }),
		).toEqual([
			'locations.0.centra.pricelist: Required: with a market, orders are taken in Centra and need a pricelist (its id or name) too',
		]);
		expect(
			problems({
				centra: section,
				locations: [store({}, 'Leeds'), store({ pricelist: 'GBP', country: 'GB' })],
			}),
		).toEqual([
			'locations.1.centra.market: Required: with a pricelist, orders are taken in Centra and need a market (its id or name) too',
		]);
		// A value that is neither an id nor a name says what it expects.
		expect(
			problems({
				centra: section,
				locations: [store({ market: true, pricelist: 0, country: 'GB' })],
			}),
		).toEqual([
			'locations.0.centra.market: Expected a market id (positive integer) or name, received true',
			'locations.0.centra.pricelist: Expected a pricelist id (positive integer) or name, received 0',
		]);
		// Kiosk orders carry no address and no e-mail: country, guest e-mail and shipping methods.
		expect(
			problems({ locations: [store({}, 'Leeds'), store({ market: 1, pricelist: 1 })] }),
		).toEqual([
			'locations.1.centra.country: Required: orders are taken in Centra (a market is given) and kiosk orders carry no address, so Centra needs their ISO country code (e.g. GB)',
			"centra.guestCustomer.email: Required: locations.1 takes Centra orders (it has a market), and kiosk orders are anonymous, but Centra needs an e-mail on every order (e.g. the stores' mailbox)",
			'centra.shippingMethods: Required: locations.1 takes Centra orders, and each kiosk order names its fulfilment method (e.g. delivery) as shipping method: map each to a Centra shipping option URI, e.g. { "delivery": "standard" }',
		]);
		// Stock-only Centra locations need none of it.
		expect(problems({ locations: [store({ warehouse: 'Soho DC' })] })).toEqual([]);
	});

	it('fills the in-store fulfilment method into every filter that tells store sales from orders', () => {
		const filters: Record<string, string[]> = {
			'stock-sales-cloudshelf-to-centra': ['In-Store Sales Only'],
			'order-injection-cloudshelf-to-centra': ['Endless-Aisle Orders Only'],
			'reconciliation-cloudshelf-centra': ['Older Than 30 Minutes, Not Injected'],
			'stock-sales-cloudshelf-to-commercetools': ['In-Store Sales Only'],
			'order-injection-cloudshelf-to-commercetools': ['Endless-Aisle Orders Only'],
			'reconciliation-cloudshelf-commercetools': ['Older Than 30 Minutes, Not Injected'],
		};
		const inStoreValues = (workflow: Template) =>
			workflow.nodes.flatMap((candidate) =>
				(
					((candidate.parameters.conditions as { conditions?: unknown[] } | undefined)
						?.conditions ?? []) as Array<{ leftValue: string; rightValue: string }>
				)
					.filter((condition) => String(condition.leftValue).includes('fulfilmentMethod'))
					.map((condition) => `${candidate.name}: ${condition.rightValue}`),
			);
		// Every such condition of the shipped templates is one the tool fills (a renamed node fails here).
		const templates = readdirSync(join(__dirname, '../../workflows'))
			.filter((file) => file.endsWith('.json'))
			.map((file) => file.replace(/\.json$/, ''));
		for (const name of templates) {
			expect([name, inStoreValues(loadTemplate(name))]).toEqual([
				name,
				(filters[name] ?? []).map((filter) => `${filter}: in_store`),
			]);
			expect(IN_STORE_FILTERS).toEqual(expect.arrayContaining(filters[name] ?? []));
		}
		const client = parseClientConfig({
			...exampleClient('cloudshelf-centra'),
			cloudshelf: { inStoreFulfilmentMethod: 'pickup_in_store' },
		});
		for (const [name, names] of Object.entries(filters)) {
			expect(inStoreValues(applyClientConfig(loadTemplate(name), client))).toEqual(
				names.map((filter) => `${filter}: pickup_in_store`),
			);
			// Default: the ASSUMED value the templates carry.
			expect(inStoreValues(applyClientConfig(loadTemplate(name), config))).toEqual(
				names.map((filter) => `${filter}: in_store`),
			);
		}
		// The Linnworks reconciliation's filter of the same name has no such condition: left alone.
		const linnworks = loadTemplate('reconciliation-cloudshelf-linnworks');
		const filter = 'Older Than 30 Minutes, Not Injected';
		expect(node(applyClientConfig(linnworks, client), filter)).toEqual(node(linnworks, filter));
		expect(() =>
			parseClientConfig({ client: 'X', cloudshelf: { inStoreFulfilmentMethod: ' ' } }),
		).toThrow('cloudshelf.inStoreFulfilmentMethod: String must contain at least 1 character(s)');
	});

	it('maps orders by kiosk when the client sets matchLocationBy: kiosk (market and pricelist per terminal)', () => {
		const kiosks = {
			client: 'Nordic',
			centra: {
				guestCustomer: { email: 'stores@example.com' },
				defaultShippingOption: 'standard',
				shippingMethods: { delivery: 'standard' },
				matchLocationBy: 'kiosk',
			},
			locations: [
				{ name: 'Web Warehouse', centra: {}, cloudshelf: { location: 'web' } },
				{
					name: 'Drottninggatan',
					centra: {
						market: 3,
						pricelist: 5,
						country: 'SE',
						kiosks: [
							{ device: 'DROTT-KIOSK-1' },
							// The tourist kiosk sells in euro.
							{
								device: 'DROTT-KIOSK-2',
								market: 'EU',
								pricelist: 'EUR',
								shippingOption: 'express',
							},
						],
					},
					cloudshelf: { location: 'drottninggatan' },
				},
			],
		};
		const create = node(
			applyClientConfig(
				loadTemplate('order-injection-cloudshelf-to-centra'),
				parseClientConfig(kiosks),
			),
			'Create Centra Order',
		);
		expect(create.parameters).toMatchObject({
			locationKey: 'attribute',
			locationAttribute: 'deviceName',
			locationMapping: {
				mapping: [
					{
						orderLocation: 'DROTT-KIOSK-1',
						market: '3',
						pricelist: '5',
						shippingOption: 'standard',
						country: 'SE',
					},
					{
						orderLocation: 'DROTT-KIOSK-2',
						market: 'EU',
						pricelist: 'EUR',
						shippingOption: 'express',
						country: 'SE',
					},
				],
			},
		});
		// By store (the default), the table has a row per store and Match Location By says so.
		const stores = node(
			applyClientConfig(
				loadTemplate('order-injection-cloudshelf-to-centra'),
				parseClientConfig({
					...kiosks,
					centra: { ...kiosks.centra, matchLocationBy: undefined },
					locations: kiosks.locations.map((row) => ({
						...row,
						centra: { ...row.centra, kiosks: undefined },
					})),
				}),
			),
			'Create Centra Order',
		);
		expect(stores.parameters.locationKey).toBe('location');
		expect(stores.parameters.locationMapping).toEqual({
			mapping: [
				{
					orderLocation: 'Drottninggatan',
					market: '3',
					pricelist: '5',
					shippingOption: 'standard',
					country: 'SE',
				},
			],
		});
		// Kiosks only with matchLocationBy kiosk; by kiosk every order store lists its kiosks, once each.
		const store = (centra: Record<string, unknown>, name: string) => ({
			name,
			centra: { market: 1, pricelist: 1, country: 'GB', ...centra },
			cloudshelf: { location: name },
		});
		expect(() =>
			parseClientConfig({
				...kiosks,
				centra: { ...kiosks.centra, matchLocationBy: 'location' },
			}),
		).toThrow(
			'locations.1.centra.kiosks: Kiosks are used only when centra.matchLocationBy is "kiosk" (orders are matched by their store now): set it, or leave the kiosks out',
		);
		expect(() =>
			parseClientConfig({
				...kiosks,
				locations: [
					store({}, 'leeds'),
					store({ kiosks: [{ device: 'K1' }] }, 'york'),
					store({ kiosks: [{ device: 'k1 ' }] }, 'hull'),
				],
			}),
		).toThrow(
			'Client file is not valid: locations.0.centra.kiosks: Required: centra.matchLocationBy is "kiosk", so orders are matched by their kiosk\'s deviceName: list the location\'s kiosks (its market is their default); ' +
				'locations.2.centra.kiosks.0.device: Kiosk "k1" is listed twice (also at locations.1.centra.kiosks.0), but a kiosk\'s orders go to one market',
		);
		// A kiosk's own half pair is refused at the kiosk, a kiosk without any market too.
		expect(() =>
			parseClientConfig({
				...kiosks,
				locations: [
					{
						name: 'Soho',
						centra: { kiosks: [{ device: 'K1' }] },
						cloudshelf: { location: 'soho' },
					},
				],
			}),
		).toThrow(
			'Client file is not valid: locations.0.centra.kiosks.0.market: Required: kiosk "K1" takes orders, and neither it nor its location names a Centra market (and pricelist)',
		);
		expect(() =>
			parseClientConfig({
				...kiosks,
				locations: [
					{
						name: 'Soho',
						centra: { kiosks: [{ device: 'K1', market: 'UK', country: 'GB' }] },
						cloudshelf: { location: 'soho' },
					},
				],
			}),
		).toThrow(
			'Client file is not valid: locations.0.centra.kiosks.0.pricelist: Required: with a market, orders are taken in Centra and need a pricelist (its id or name) too',
		);
	});

	it("replaces the template's example shipping method row with the client's (none: an empty table)", () => {
		const example = parseClientConfig(exampleClient('cloudshelf-centra'));
		const template = loadTemplate('order-injection-cloudshelf-to-centra');
		expect(node(template, 'Create Centra Order').parameters.shippingMethodMapping).toEqual({
			mapping: [{ shippingMethod: 'delivery', shippingOption: 'standard' }],
		});
		const client = parseClientConfig({
			...example,
			centra: {
				...(example.centra as object),
				shippingMethods: { delivery: 'express', collect: 'store-pickup' },
			},
		});
		const create = node(applyClientConfig(template, client), 'Create Centra Order');
		expect(create.parameters.shippingMethodMapping).toEqual({
			mapping: [
				{ shippingMethod: 'delivery', shippingOption: 'express' },
				{ shippingMethod: 'collect', shippingOption: 'store-pickup' },
			],
		});
		// Order → Create has no default shipping option parameter: it goes into the location rows.
		expect(create.parameters).not.toHaveProperty('defaultShippingOption');
		// Centra locations that take no orders: the example row is not the client's either.
		const stockOnly = parseClientConfig({
			client: 'X',
			locations: [{ name: 'Soho', centra: {}, cloudshelf: { location: 'soho' } }],
		});
		expect(
			node(applyClientConfig(template, stockOnly), 'Create Centra Order').parameters,
		).toMatchObject({ shippingMethodMapping: { mapping: [] }, locationMapping: { mapping: [] } });
	});

	it('fills the SKU rows into Stock → Adjust (kiosk → Centra SKU), Record Fulfilment and Compare Levels (order system → kiosk SKU)', () => {
		const example = parseClientConfig(exampleClient('cloudshelf-centra'));
		const sales = applyClientConfig(loadTemplate('stock-sales-cloudshelf-to-centra'), example);
		expect(node(sales, 'Adjust Centra Stock').parameters.skuMapping).toEqual({
			mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }],
		});
		const centraWriteback = applyClientConfig(
			loadTemplate('fulfilment-writeback-centra-to-cloudshelf'),
			example,
		);
		expect(node(centraWriteback, 'Record Fulfilment In Cloudshelf').parameters.skuMapping).toEqual({
			mapping: [{ sourceSku: 'TEE-RED-M', targetSku: 'KIOSK-TEE-M' }],
		});
		const linnworksWriteback = applyClientConfig(
			loadTemplate('fulfilment-writeback-linnworks-to-cloudshelf'),
			config,
		);
		expect(
			node(linnworksWriteback, 'Record Fulfilment In Cloudshelf').parameters.skuMapping,
		).toEqual({ mapping: [{ sourceSku: 'L-1', targetSku: 'K-1' }] });
		// Read-only nodes keep theirs.
		const reconciliation = applyClientConfig(
			loadTemplate('reconciliation-cloudshelf-centra'),
			example,
		);
		expect(node(reconciliation, 'All Centra Stock').parameters).not.toHaveProperty('skuMapping');
		// Compare Levels translates the Centra levels into kiosk SKUs before comparing.
		expect(node(reconciliation, 'Compare With Cloudshelf').parameters.skuMapping).toEqual({
			mapping: [{ sourceSku: 'TEE-RED-M', targetSku: 'KIOSK-TEE-M' }],
		});
	});

	it('gives a client the templates of the platforms its file configures, sections included', () => {
		const names = readdirSync(join(__dirname, '../../workflows'))
			.filter((file) => file.endsWith('.json'))
			.map((file) => file.replace(/\.json$/, ''))
			.sort();
		const templatesFor = (file: Record<string, unknown>) =>
			names.filter((name) => templateIsFor(loadTemplate(name), parseClientConfig(file)));
		// Sections only, no rows yet: the Cloudshelf ⇄ Centra pair, not the Linnworks one.
		expect(
			templatesFor({
				client: 'X',
				cloudshelf: { credential: 'X Cloudshelf' },
				centra: { credential: 'X Centra' },
			}),
		).toEqual([
			'daily-sync-report',
			'exceptions-error-workflow',
			'fulfilment-writeback-centra-to-cloudshelf',
			'order-injection-cloudshelf-to-centra',
			'reconciliation-cloudshelf-centra',
			'stock-sales-cloudshelf-to-centra',
		]);
		expect(templatesFor({ client: 'X', linnworks: {}, cloudshelf: {} })).toEqual([
			'daily-sync-report',
			'exceptions-error-workflow',
			'fulfilment-writeback-linnworks-to-cloudshelf',
			'live-stock-check-cloudshelf-linnworks',
			'order-injection-cloudshelf-to-linnworks',
			'reconciliation-cloudshelf-linnworks',
			'stock-push-linnworks-to-cloudshelf',
		]);
		// A section or a row names a platform: Cloudshelf by rows, Centra by its section.
		expect(
			templatesFor({
				client: 'X',
				centra: {},
				skuMapping: [{ cloudshelf: 'K', linnworks: 'L' }],
			}),
		).toEqual(
			names.filter(
				(name) =>
					!name.includes('commercetools') && !name.includes('stokly') && !name.includes('shopify'),
			),
		);
		// The Shopify ⇄ Linnworks pair: its templates only (the Shopify ones use n8n's own nodes).
		expect(templatesFor({ client: 'X', linnworks: {}, shopify: {} })).toEqual(
			names.filter((name) => name.includes('shopify') || NEUTRAL.includes(name)),
		);
		// The Cloudshelf ⇄ commercetools pair: its templates only.
		expect(templatesFor({ client: 'X', cloudshelf: {}, commercetools: {} })).toEqual(
			names.filter((name) => name.includes('commercetools') || NEUTRAL.includes(name)),
		);
		// Nothing configured: only the platform-neutral templates.
		expect(templatesFor({ client: 'X', alertUrl: 'https://hooks.example.org/x' })).toEqual(NEUTRAL);
		// Credential names go only to the platforms the file configures.
		const named = withCredentialNames(
			{ client: 'X', cloudshelf: { stockBuffer: 1 }, centra: {} },
			{
				linnworksApi: 'L',
				cloudshelfApi: 'C',
				centraIntegrationApi: 'CI',
				centraOrderApi: 'CO',
			},
		);
		expect(named).toEqual({
			client: 'X',
			cloudshelf: { stockBuffer: 1, credential: 'C' },
			centra: { credential: 'CI', orderCredential: 'CO' },
		});
	});

	describe('commercetools', () => {
		const example = () => parseClientConfig(exampleClient('cloudshelf-commercetools'));
		/** A template of one node of the package, as the shipped ones carry it. */
		const single = (type: string, parameters: Record<string, unknown>): Template => ({
			name: 'T',
			nodes: [
				{
					name: 'N',
					type: `n8n-nodes-retail-sync.${type}`,
					parameters,
					credentials:
						type === 'cloudshelf'
							? { cloudshelfApi: { name: 'Cloudshelf account' } }
							: { commercetoolsApi: { name: 'commercetools account' } },
				},
			],
		});
		const configured = (type: string, parameters: Record<string, unknown>, client = example()) =>
			node(applyClientConfig(single(type, parameters), client), 'N');

		it('fills the example into the six templates: order, stock and catalogue tables, credentials, the pair only', () => {
			const client = example();
			const injection = applyClientConfig(
				loadTemplate('order-injection-cloudshelf-to-commercetools'),
				client,
			);
			const create = node(injection, 'Import Into commercetools');
			expect(create.credentials).toEqual({
				commercetoolsApi: { name: 'Example Outfitters commercetools' },
			});
			expect(create.parameters).toMatchObject({
				orderNumberPrefix: '',
				supplyChannelMapping: {
					mapping: [
						{ location: 'Berlin Kurfürstendamm', channel: 'wh-berlin' },
						{ location: 'Munich Kaufingerstraße', channel: 'store-munich' },
					],
				},
				storeMapping: {
					mapping: [
						{ location: 'Berlin Kurfürstendamm', store: 'de-stores' },
						{ location: 'Munich Kaufingerstraße', store: 'de-stores' },
					],
				},
				unmappedStore: 'error',
				options: { inventoryMode: 'TrackOnly', defaultCountry: 'DE', locale: 'de-DE' },
			});
			expect(node(injection, 'Kiosk Orders').credentials).toEqual({
				cloudshelfApi: { name: 'Example Outfitters Cloudshelf' },
			});
			const sales = applyClientConfig(
				loadTemplate('stock-sales-cloudshelf-to-commercetools'),
				client,
			);
			expect(node(sales, 'Adjust commercetools Inventory').parameters).toMatchObject({
				locationMapping: {
					mapping: [
						{ location: 'Berlin Warehouse', channel: 'wh-berlin' },
						{ location: 'Berlin Kurfürstendamm', channel: 'store-kudamm' },
						{ location: 'Munich Kaufingerstraße', channel: 'store-munich' },
					],
				},
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
			});
			const channels = ['wh-berlin', 'store-kudamm', 'store-munich'];
			const push = applyClientConfig(
				loadTemplate('stock-push-commercetools-to-cloudshelf'),
				client,
			);
			expect(node(push, 'All commercetools Stock').parameters.channels).toEqual(channels);
			expect(node(push, 'Push to Cloudshelf').parameters).toMatchObject({
				stockBuffer: 1,
				locationMapping: {
					mapping: [
						{ sourceLocation: 'wh-berlin', cloudshelfLocation: 'berlin-warehouse' },
						{ sourceLocation: 'store-kudamm', cloudshelfLocation: 'kudamm' },
						{ sourceLocation: 'store-munich', cloudshelfLocation: 'munich' },
					],
				},
			});
			expect(node(push, 'commercetools Inventory Changes').parameters).toEqual(
				node(
					loadTemplate('stock-push-commercetools-to-cloudshelf'),
					'commercetools Inventory Changes',
				).parameters,
			);
			const reconciliation = applyClientConfig(
				loadTemplate('reconciliation-cloudshelf-commercetools'),
				client,
			);
			expect(node(reconciliation, 'All commercetools Stock').parameters.channels).toEqual(channels);
			expect(node(reconciliation, 'Compare With Cloudshelf').parameters.skuMapping).toEqual({
				mapping: [{ sourceSku: 'TEE-RED-M', targetSku: 'KIOSK-TEE-M' }],
			});
			const catalogue = applyClientConfig(
				loadTemplate('catalogue-commercetools-to-cloudshelf'),
				client,
			);
			expect(node(catalogue, 'Published Products').parameters).toMatchObject({
				priceCurrency: 'EUR',
				priceCountry: 'DE',
				priceChannel: '',
				locale: 'de-DE',
			});
			const writeback = applyClientConfig(
				loadTemplate('fulfilment-writeback-commercetools-to-cloudshelf'),
				client,
			);
			expect(node(writeback, 'Record Fulfilment In Cloudshelf').parameters.skuMapping).toEqual({
				mapping: [{ sourceSku: 'TEE-RED-M', targetSku: 'KIOSK-TEE-M' }],
			});
			expect(node(writeback, 'commercetools Delivery Added').credentials).toEqual({
				commercetoolsApi: { name: 'Example Outfitters commercetools' },
			});
			// The pair's templates only.
			expect(templateIsFor(loadTemplate('stock-sales-cloudshelf-to-centra'), client)).toBe(false);
			expect(templateIsFor(loadTemplate('catalogue-commercetools-to-cloudshelf'), config)).toBe(
				false,
			);
		});

		it('fills Order → Import: supply channel, store, shipping method and SKU tables, guest, country, locale, inventory mode', () => {
			const create = configured('commercetools', {
				resource: 'order',
				operation: 'import',
				orderNumberPrefix: '',
				supplyChannelMapping: { mapping: [{ location: 'Example', channel: 'example' }] },
				unmappedSupplyChannel: 'error',
				storeMapping: { mapping: [] },
				unmappedStore: 'error',
				shippingMethodMapping: {
					mapping: [{ shippingMethod: 'delivery', shippingMethodName: 'Standard Delivery' }],
				},
				options: { inventoryMode: 'None' },
			});
			expect(create.credentials).toEqual({
				commercetoolsApi: { name: 'Example Outfitters commercetools' },
			});
			expect(create.parameters).toEqual({
				resource: 'order',
				operation: 'import',
				// The templates' writeback and reconciliation find kiosk orders by this number: untouched.
				orderNumberPrefix: '',
				// The kiosk's name for the store (its display name) → the warehouse or its own channel.
				supplyChannelMapping: {
					mapping: [
						{ location: 'Berlin Kurfürstendamm', channel: 'wh-berlin' },
						{ location: 'Munich Kaufingerstraße', channel: 'store-munich' },
					],
				},
				unmappedSupplyChannel: 'error',
				storeMapping: {
					mapping: [
						{ location: 'Berlin Kurfürstendamm', store: 'de-stores' },
						{ location: 'Munich Kaufingerstraße', store: 'de-stores' },
					],
				},
				unmappedStore: 'error',
				shippingMethodMapping: {
					mapping: [
						{ shippingMethod: 'delivery', shippingMethodName: 'DHL Standard' },
						{ shippingMethod: 'click_and_collect', shippingMethodName: 'Click & Collect' },
					],
				},
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				guestName: 'In-store Customer',
				guestEmail: 'stores@example.com',
				options: { inventoryMode: 'TrackOnly', defaultCountry: 'DE', locale: 'de-DE' },
			});
			// A store-less order location: its orders go into no store, and the table refuses none.
			const storeless = configured(
				'commercetools',
				{ resource: 'order', operation: 'import', unmappedStore: 'error' },
				parseClientConfig({
					client: 'X',
					locations: [
						{
							name: 'Soho',
							commercetools: { supplyChannel: 'soho' },
							cloudshelf: { location: 'soho' },
						},
					],
				}),
			);
			expect(storeless.parameters).toMatchObject({
				supplyChannelMapping: { mapping: [{ location: 'Soho', channel: 'soho' }] },
				storeMapping: { mapping: [] },
				unmappedStore: 'default',
				defaultStore: '',
				shippingMethodMapping: { mapping: [] },
			});
		});

		it('fills the stock side: Adjust / Set Levels location and SKU tables, the channels read, the Cloudshelf tables by channel key', () => {
			for (const operation of ['adjust', 'setLevels']) {
				expect(
					configured('commercetools', {
						resource: 'inventory',
						operation,
						locationMapping: { mapping: [] },
					}).parameters,
				).toEqual({
					resource: 'inventory',
					operation,
					locationMapping: {
						mapping: [
							{ location: 'Berlin Warehouse', channel: 'wh-berlin' },
							{ location: 'Berlin Kurfürstendamm', channel: 'store-kudamm' },
							{ location: 'Munich Kaufingerstraße', channel: 'store-munich' },
						],
					},
					skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				});
			}
			const channels = ['wh-berlin', 'store-kudamm', 'store-munich'];
			expect(
				configured('commercetools', { resource: 'inventory', operation: 'getLevels', channels: [] })
					.parameters.channels,
			).toEqual(channels);
			// The trigger has no channel filter: it is left as it is.
			expect(
				configured('commercetoolsTrigger', { event: 'inventoryQuantitySet', maxPerPoll: 1000 })
					.parameters,
			).toEqual({ event: 'inventoryQuantitySet', maxPerPoll: 1000 });
			// Get Levels' `location` is the channel key: Cloudshelf's table maps it to the kiosk location.
			expect(
				configured('cloudshelf', {
					resource: 'stock',
					operation: 'setLevels',
					locationMapping: {},
				}).parameters.locationMapping,
			).toEqual({
				mapping: [
					{
						sourceLocation: 'wh-berlin',
						cloudshelfLocation: 'berlin-warehouse',
						displayName: 'Berlin Warehouse',
						fulfillsOnlineOrders: true,
					},
					{
						sourceLocation: 'store-kudamm',
						cloudshelfLocation: 'kudamm',
						displayName: 'Berlin Kurfürstendamm',
						fulfillsOnlineOrders: false,
					},
					{
						sourceLocation: 'store-munich',
						cloudshelfLocation: 'munich',
						displayName: 'Munich Kaufingerstraße',
						fulfillsOnlineOrders: false,
					},
				],
			});
		});

		it("fills Product → Get Many's price selection; a file without it keeps the template's", () => {
			const template = {
				resource: 'product',
				operation: 'getMany',
				selection: 'all',
				priceCurrency: 'EUR',
				priceCountry: '',
				priceChannel: '',
				locale: 'en',
			};
			expect(configured('commercetools', template).parameters).toEqual({
				...template,
				priceCountry: 'DE',
				locale: 'de-DE',
			});
			const nordic = parseClientConfig({
				client: 'X',
				commercetools: { priceCurrency: 'sek', priceCountry: 'se', priceChannel: 'nordic-prices' },
			});
			expect(configured('commercetools', template, nordic).parameters).toEqual({
				...template,
				priceCurrency: 'SEK',
				priceCountry: 'SE',
				priceChannel: 'nordic-prices',
			});
			expect(configured('commercetools', template, config).parameters).toEqual(template);
		});

		it('refuses a location without the keys it needs, naming the field and what it expects', () => {
			const problems = (locations: unknown[], commercetools?: Record<string, unknown>) => {
				try {
					parseClientConfig({ client: 'X', commercetools, locations });
				} catch (error) {
					return (error as Error).message.replace('Client file is not valid: ', '').split('; ');
				}
				return [];
			};
			const row = (name: string, commercetools: Record<string, unknown>) => ({
				name,
				commercetools,
				cloudshelf: { location: name.toLowerCase().replace(/ /g, '-') },
			});
			expect(
				problems([
					row('Soho', {}),
					row('Leeds', { supplyChannel: 'Leeds Store' }),
					row('York', { holdsStock: false }),
					row('Hull', { holdsStock: false, takesOrders: false, store: 'uk stores' }),
				]),
			).toEqual([
				'locations.0.commercetools.supplyChannel: Required: the location holds stock in commercetools (holdsStock, on by default): give the key of its supply channel, or set holdsStock to false',
				'locations.1.commercetools.supplyChannel: Expected a commercetools channel key (2 to 256 letters, digits, _ or -, e.g. oxford-street), not its name',
				'locations.2.commercetools.orderSupplyChannel: Required: the location takes orders (takesOrders, on by default) and every imported line needs the supply channel it is taken from: give supplyChannel (its own stock) or orderSupplyChannel (e.g. the warehouse shipping its orders), or set takesOrders to false',
				'locations.3.commercetools.store: Expected a commercetools store key (2 to 256 letters, digits, _ or -, e.g. oxford-street), not its name',
			]);
			expect(
				problems([
					row('Soho', { supplyChannel: 'soho' }),
					row('Soho 2', { supplyChannel: 'SOHO' }),
				]),
			).toEqual([
				'locations.1.commercetools.supplyChannel: Supply channel "SOHO" is listed twice (also at locations.0), but a channel\'s stock goes to one location',
			]);
			expect(problems([], { inventoryMode: 'Reserve', country: 'Germany' })).toEqual([
				'commercetools.country: String must contain exactly 2 character(s)',
				"commercetools.inventoryMode: Invalid enum value. Expected 'None' | 'TrackOnly' | 'ReserveOnOrder', received 'Reserve'",
				'locations: Array must contain at least 1 element(s)',
			]);
			// A stock-only channel, and a store taking orders from the warehouse's channel, need nothing else.
			expect(
				problems([
					row('DC', { supplyChannel: 'dc', takesOrders: false }),
					row('Soho', { holdsStock: false, orderSupplyChannel: 'dc', store: 'uk-stores' }),
				]),
			).toEqual([]);
		});
	});

	describe('Stokly', () => {
		const example = () => parseClientConfig(exampleClient('stokly-cloudshelf'));
		/** A template of one node of the package, as the shipped ones carry it. */
		const single = (type: string, parameters: Record<string, unknown>): Template => ({
			name: 'T',
			nodes: [
				{
					name: 'N',
					type: `n8n-nodes-retail-sync.${type}`,
					parameters,
					credentials:
						type === 'cloudshelf'
							? { cloudshelfApi: { name: 'Cloudshelf account' } }
							: { stoklyApi: { name: 'Stokly account' } },
				},
			],
		});
		const configured = (type: string, parameters: Record<string, unknown>, client = example()) =>
			node(applyClientConfig(single(type, parameters), client), 'N');
		/** Names in the Stokly drop-downs are written as expressions (their options are IDs). */
		const e = (name: string) => `={{ ${JSON.stringify(name)} }}`;
		const list = (names: string[]) => `={{ ${JSON.stringify(names)} }}`;
		const paymentMethodMapping = {
			mapping: [
				{ tender: 'card', method: 4 },
				{ tender: 'cash', method: 1 },
				{ tender: 'gift_card', method: 7 },
			],
		};
		const orderLocations = {
			mapping: [
				{ orderLocation: 'Hereford Kiosk', channel: e('Cloudshelf'), location: e('Hereford DC') },
				{
					orderLocation: 'Worcester Crowngate',
					channel: e('Cloudshelf Worcester'),
					location: e('Worcester'),
				},
			],
		};
		const cloudshelfLocations = {
			mapping: [
				{
					sourceLocation: 'Hereford DC',
					cloudshelfLocation: 'hereford-warehouse',
					displayName: 'Hereford Warehouse',
					fulfillsOnlineOrders: true,
				},
				{
					sourceLocation: 'Hereford High Town',
					cloudshelfLocation: 'hereford-high-town',
					displayName: 'Hereford Kiosk',
					fulfillsOnlineOrders: false,
				},
				{
					sourceLocation: 'Worcester',
					cloudshelfLocation: 'worcester',
					displayName: 'Worcester Crowngate',
					fulfillsOnlineOrders: false,
				},
			],
		};
		const stoklyLocations = ['Hereford DC', 'Hereford High Town', 'Worcester'];

		it('fills the example into the five templates: order, takings, stock and catalogue tables, credentials, the pair only', () => {
			const client = example();
			const injection = applyClientConfig(
				loadTemplate('order-injection-cloudshelf-to-stokly'),
				client,
			);
			const create = node(injection, 'Create Sale Order In Stokly');
			expect(create.credentials).toEqual({ stoklyApi: { name: 'Example Outfitters Stokly' } });
			expect(create.parameters).toMatchObject({
				locationMapping: orderLocations,
				unmappedLocation: 'error',
				paymentMethodMapping,
				unmappedPaymentMethod: 'error',
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				customerMode: 'findOrCreate',
				guestName: 'Kiosk Customer',
				guestEmail: 'stores@example.com',
				backorderCheck: 'flag',
				options: { defaultTaxRate: 20 },
			});
			// The template's choice of fulfilment (an expression on the kiosk's method) is kept.
			expect(create.parameters.fulfilmentType).toEqual(
				node(loadTemplate('order-injection-cloudshelf-to-stokly'), 'Create Sale Order In Stokly')
					.parameters.fulfilmentType,
			);
			expect(node(injection, 'Kiosk Orders').credentials).toEqual({
				cloudshelfApi: { name: 'Example Outfitters Cloudshelf' },
			});
			const takings = applyClientConfig(
				loadTemplate('takings-reconciliation-cloudshelf-stokly'),
				client,
			);
			expect(node(takings, 'Reconcile Takings').parameters).toMatchObject({
				channels: list(['Cloudshelf', 'Cloudshelf Worcester']),
				paymentMethodMapping,
				unmappedPaymentMethod: 'error',
				timeZone: 'Europe/London',
			});
			const push = applyClientConfig(loadTemplate('stock-push-stokly-to-cloudshelf'), client);
			expect(node(push, 'All Stokly Stock').parameters.locations).toEqual(list(stoklyLocations));
			expect(node(push, 'Push to Cloudshelf').parameters).toMatchObject({
				stockBuffer: 1,
				locationMapping: cloudshelfLocations,
			});
			// The trigger watches the client's locations only (by name, as Get Levels reads them).
			expect(node(push, 'Stokly Stock Changed').parameters).toEqual({
				...node(loadTemplate('stock-push-stokly-to-cloudshelf'), 'Stokly Stock Changed').parameters,
				locations: list(stoklyLocations),
			});
			const catalogue = applyClientConfig(loadTemplate('catalogue-stokly-to-cloudshelf'), client);
			expect(node(catalogue, 'Stokly Items').parameters.vatPercent).toBe(20);
			expect(node(catalogue, 'Stokly Items').credentials).toEqual({
				stoklyApi: { name: 'Example Outfitters Stokly' },
			});
			const writeback = applyClientConfig(
				loadTemplate('fulfilment-writeback-stokly-to-cloudshelf'),
				client,
			);
			expect(node(writeback, 'Record Fulfilment In Cloudshelf').parameters.skuMapping).toEqual({
				mapping: [{ sourceSku: 'TEE-RED-M', targetSku: 'KIOSK-TEE-M' }],
			});
			// Dispatches of the kiosk orders' channels only.
			expect(node(writeback, 'Stokly Sale Order Dispatched')).toMatchObject({
				parameters: {
					...node(
						loadTemplate('fulfilment-writeback-stokly-to-cloudshelf'),
						'Stokly Sale Order Dispatched',
					).parameters,
					channels: list(['Cloudshelf', 'Cloudshelf Worcester']),
				},
				credentials: { stoklyApi: { name: 'Example Outfitters Stokly' } },
			});
			// The pair's templates only, and every Stokly template for a Stokly client.
			const names = readdirSync(join(__dirname, '../../workflows'))
				.filter((file) => file.endsWith('.json'))
				.map((file) => file.replace(/\.json$/, ''))
				.sort();
			expect(names.filter((name) => templateIsFor(loadTemplate(name), client))).toEqual([
				'catalogue-stokly-to-cloudshelf',
				'daily-sync-report',
				'exceptions-error-workflow',
				'fulfilment-writeback-stokly-to-cloudshelf',
				'order-injection-cloudshelf-to-stokly',
				'stock-push-stokly-to-cloudshelf',
				'takings-reconciliation-cloudshelf-stokly',
			]);
			expect(templateIsFor(loadTemplate('catalogue-stokly-to-cloudshelf'), config)).toBe(false);
		});

		it('fills Sale Order → Create: location (channel + fulfilment location), payment method and SKU tables, customer, guest, VAT', () => {
			const create = configured('stokly', {
				resource: 'saleOrder',
				operation: 'create',
				locationMapping: {
					mapping: [{ orderLocation: 'Example', channel: 'Cloudshelf', location: 'Example' }],
				},
				unmappedLocation: 'error',
				paymentMethodMapping: { mapping: [{ tender: 'card', method: 4 }] },
				unmappedPaymentMethod: 'error',
				fulfilmentType: 'delivery',
				customerMode: 'none',
				backorderCheck: 'flag',
				options: { pendingWindowMinutes: 30 },
			});
			expect(create.credentials).toEqual({ stoklyApi: { name: 'Example Outfitters Stokly' } });
			// The drop-down columns get the names as expressions, which the node resolves by name.
			expect((create.parameters.locationMapping as typeof orderLocations).mapping[0]).toEqual({
				orderLocation: 'Hereford Kiosk',
				channel: '={{ "Cloudshelf" }}',
				location: '={{ "Hereford DC" }}',
			});
			expect(create.parameters).toEqual({
				resource: 'saleOrder',
				operation: 'create',
				// The kiosk's name for the store (its display name) → channel and fulfilment location;
				// the warehouse takes no orders of its own.
				locationMapping: orderLocations,
				unmappedLocation: 'error',
				paymentMethodMapping,
				unmappedPaymentMethod: 'error',
				fulfilmentType: 'delivery',
				customerMode: 'findOrCreate',
				backorderCheck: 'flag',
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				guestName: 'Kiosk Customer',
				guestEmail: 'stores@example.com',
				options: { pendingWindowMinutes: 30, defaultTaxRate: 20 },
			});
			// A default payment method: unmapped tenders are recorded under it.
			const defaulted = configured(
				'stokly',
				{ resource: 'saleOrder', operation: 'create', unmappedPaymentMethod: 'error' },
				parseClientConfig({
					client: 'X',
					stokly: { defaultPaymentMethod: 4 },
					locations: [{ name: 'Soho', stokly: {}, cloudshelf: { location: 'soho' } }],
				}),
			);
			expect(defaulted.parameters).toEqual({
				resource: 'saleOrder',
				operation: 'create',
				locationMapping: {
					mapping: [{ orderLocation: 'Soho', channel: e('Cloudshelf'), location: e('Soho') }],
				},
				unmappedPaymentMethod: 'default',
				defaultMethod: 4,
			});
		});

		it("fills Cloudshelf's in-store fulfilment method into Sale Order → Create's Fulfilment expression", () => {
			const template = loadTemplate('order-injection-cloudshelf-to-stokly');
			const expression = (client: ReturnType<typeof parseClientConfig>) =>
				node(applyClientConfig(template, client), 'Create Sale Order In Stokly').parameters
					.fulfilmentType;
			expect(expression(example())).toBe(
				"={{ $json.attributes?.fulfilmentMethod === 'in_store' ? 'none' : 'delivery' }}",
			);
			const pickup = parseClientConfig({
				...example(),
				cloudshelf: { inStoreFulfilmentMethod: "pick'up" },
			});
			expect(expression(pickup)).toBe(
				"={{ $json.attributes?.fulfilmentMethod === 'pick\\'up' ? 'none' : 'delivery' }}",
			);
			// A fixed Fulfilment is the user's choice: left alone.
			expect(
				configured(
					'stokly',
					{ resource: 'saleOrder', operation: 'create', fulfilmentType: 'none' },
					pickup,
				).parameters.fulfilmentType,
			).toBe('none');
		});

		it("fills Takings → Reconcile: the order locations' channels, the same payment method table, the time zone", () => {
			const template = {
				resource: 'takings',
				operation: 'reconcile',
				period: 'day',
				day: "={{ $today.minus({ days: 1 }).toFormat('yyyy-MM-dd') }}",
				timeZone: '',
				channels: ['Cloudshelf'],
				paymentMethodMapping: { mapping: [{ tender: 'card', method: 4 }] },
				output: 'variances',
			};
			expect(configured('stokly', template).parameters).toEqual({
				...template,
				timeZone: 'Europe/London',
				channels: list(['Cloudshelf', 'Cloudshelf Worcester']),
				paymentMethodMapping,
				unmappedPaymentMethod: 'error',
			});
			// A file without Stokly rows: the section's channel; without a table the template's stays.
			expect(
				configured(
					'stokly',
					template,
					parseClientConfig({ client: 'X', stokly: { orderChannel: 'Kiosks' } }),
				).parameters,
			).toEqual({ ...template, channels: list(['Kiosks']) });
		});

		it("fills the stock side: Get Levels' locations, Set / Adjust location and SKU tables, the Cloudshelf tables by Stokly location name", () => {
			expect(
				configured('stokly', {
					resource: 'stock',
					operation: 'getLevels',
					selection: 'all',
					locations: [],
				}).parameters,
			).toEqual({
				resource: 'stock',
				operation: 'getLevels',
				selection: 'all',
				locations: list(stoklyLocations),
			});
			for (const operation of ['set', 'adjust']) {
				expect(
					configured('stokly', {
						resource: 'stock',
						operation,
						locationMapping: { mapping: [] },
					}).parameters,
				).toEqual({
					resource: 'stock',
					operation,
					locationMapping: {
						mapping: [
							{ location: 'Hereford Warehouse', stoklyLocation: e('Hereford DC') },
							{ location: 'Hereford Kiosk', stoklyLocation: e('Hereford High Town') },
							{ location: 'Worcester Crowngate', stoklyLocation: e('Worcester') },
						],
					},
					skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				});
			}
			// Get Levels' `location` is the Stokly location name: Cloudshelf's table maps it.
			expect(
				configured('cloudshelf', {
					resource: 'stock',
					operation: 'setLevels',
					locationMapping: {},
					stockBuffer: 0,
				}).parameters,
			).toEqual({
				resource: 'stock',
				operation: 'setLevels',
				locationMapping: cloudshelfLocations,
				stockBuffer: 1,
			});
			// A location whose stock is not Stokly's is no row of the stock tables.
			const shopOnly = parseClientConfig({
				...example(),
				locations: [
					{
						name: 'Pop-up',
						stokly: { holdsStock: false, fulfilmentLocation: 'Hereford DC' },
						cloudshelf: { location: 'pop-up' },
					},
					...(example().locations ?? []),
				],
			});
			expect(
				configured('stokly', { resource: 'stock', operation: 'getLevels', locations: [] }, shopOnly)
					.parameters.locations,
			).toEqual(list(stoklyLocations));
			expect(
				configured('stokly', { resource: 'saleOrder', operation: 'create' }, shopOnly).parameters
					.locationMapping,
			).toEqual({
				mapping: [
					{ orderLocation: 'Pop-up', channel: e('Cloudshelf'), location: e('Hereford DC') },
					...orderLocations.mapping,
				],
			});
		});

		it("fills Item → Get Many's VAT and the trigger's channels and locations; leaves a file without Stokly as it is", () => {
			const items = { resource: 'item', operation: 'getMany', selection: 'all', vatPercent: 20 };
			const nordic = parseClientConfig({ client: 'X', stokly: { vatRate: 25 } });
			expect(configured('stokly', items, nordic).parameters).toEqual({ ...items, vatPercent: 25 });
			expect(configured('stokly', items, config).parameters).toEqual(items);
			// The sale order events: the kiosk orders' channels (names; the trigger takes names or IDs).
			for (const event of ['saleOrderCreated', 'saleOrderDispatched']) {
				const trigger = { event, channels: [], lateArrivalMinutes: 60 };
				expect(configured('stoklyTrigger', trigger).parameters).toEqual({
					...trigger,
					channels: list(['Cloudshelf', 'Cloudshelf Worcester']),
				});
				// No Stokly rows: the section's channel.
				expect(
					configured('stoklyTrigger', trigger, parseClientConfig({ client: 'X', stokly: {} }))
						.parameters.channels,
				).toEqual(list(['Cloudshelf']));
			}
			const stock = { event: 'stockChanged', locations: [], emitAllOnFirstRun: false };
			expect(configured('stoklyTrigger', stock).parameters).toEqual({
				...stock,
				locations: list(stoklyLocations),
			});
			// Without Stokly rows the locations are the template's (every location).
			expect(
				configured('stoklyTrigger', stock, parseClientConfig({ client: 'X', stokly: {} }))
					.parameters,
			).toEqual(stock);
			expect(
				configured(
					'stokly',
					{
						resource: 'saleOrder',
						operation: 'create',
						locationMapping: { mapping: [] },
					},
					parseClientConfig({ client: 'X', cloudshelf: {} }),
				).parameters,
			).toEqual({ resource: 'saleOrder', operation: 'create', locationMapping: { mapping: [] } });
		});

		it('refuses a file whose order locations have no payment methods, and bad values, naming the field and what it expects', () => {
			const problems = (file: Record<string, unknown>) => {
				try {
					parseClientConfig({ client: 'X', ...file });
				} catch (error) {
					return (error as Error).message.replace('Client file is not valid: ', '').split('; ');
				}
				return [];
			};
			const row = (name: string, stokly: Record<string, unknown>) => ({
				name,
				stokly,
				cloudshelf: { location: name.toLowerCase().replace(/ /g, '-') },
			});
			expect(problems({ locations: [row('DC', { takesOrders: false }), row('Soho', {})] })).toEqual(
				[
					'stokly.paymentMethods: Required: locations.1 takes Stokly orders (takesOrders, on by default), and each kiosk order\'s payments name their tender (e.g. card): map each tender to the Stokly payment method number of your account (a sale order taken on your till shows them, as Stokly publishes no list), e.g. { "card": 4 }',
				],
			);
			// Stock-only Stokly locations need no payment methods.
			expect(problems({ locations: [row('DC', { takesOrders: false })] })).toEqual([]);
			expect(
				problems({
					stokly: {
						paymentMethods: { card: 4.5, cash: -1 },
						timeZone: 'London',
						orderChannel: 'Kiosk {1}',
					},
					locations: [
						row('Soho', { location: 'Soho' }),
						row('Soho 2', { location: 'SOHO' }),
						row('Leeds', { fulfilmentLocation: 'DC}' }),
					],
				}),
			).toEqual([
				'stokly.orderChannel: A Stokly channel name cannot contain { or }',
				'stokly.paymentMethods.card: Expected a Stokly payment method number (a whole number, e.g. 4)',
				'stokly.paymentMethods.cash: Expected a Stokly payment method number (0 or more, e.g. 4)',
				'stokly.timeZone: "London" is not an IANA time zone (e.g. Europe/London)',
				'locations.2.stokly.fulfilmentLocation: A Stokly location name cannot contain { or }',
				'locations.1.stokly.location: Stokly location "SOHO" is listed twice (also at locations.0), but a location\'s stock goes to one place: set holdsStock to false on one of them',
			]);
		});

		it('configures the sandbox retailer as a Cloudshelf ⇄ Stokly client with the sandbox credential', () => {
			const client = sandboxStoklyClient({
				linnworks: 'http://127.0.0.1:4010',
				cloudshelf: 'http://127.0.0.1:4020',
				centra: 'http://127.0.0.1:4040',
				commercetools: 'http://127.0.0.1:4050',
				stokly: 'http://127.0.0.1:4060',
				alerts: 'http://127.0.0.1:4030',
			} as Parameters<typeof sandboxStoklyClient>[0]);
			expect(client.stokly).toMatchObject({
				credential: 'Stokly sandbox',
				orderChannel: 'Cloudshelf',
			});
			expect(client.cloudshelf).toMatchObject({ credential: 'Cloudshelf sandbox' });
			expect(client).not.toHaveProperty('linnworks');
			expect(
				configured('stokly', { resource: 'saleOrder', operation: 'create' }, client).parameters
					.locationMapping,
			).toEqual({
				mapping: [
					{
						orderLocation: 'Oxford Street',
						channel: e('Cloudshelf'),
						location: e('London Warehouse'),
					},
					{
						orderLocation: 'Manchester Arndale',
						channel: e('Cloudshelf'),
						location: e('London Warehouse'),
					},
				],
			});
		});
	});

	describe('Shopify ⇄ Linnworks', () => {
		const example = parseClientConfig(exampleClient('shopify-linnworks'));

		it('fills the example into the order injection: Shopify location IDs (and online) → Source SHOPIFY, SubSource, fulfilment location; Shopify SKU → Linnworks SKU; both credentials', () => {
			const injection = applyClientConfig(
				loadTemplate('order-injection-shopify-to-linnworks'),
				example,
			);
			expect(node(injection, 'Shopify Trigger').credentials).toEqual({
				shopifyAccessTokenApi: { name: 'Example Outfitters Shopify' },
			});
			const create = node(injection, 'Create Linnworks Order');
			expect(create.credentials).toEqual({
				linnworksApi: { name: 'Example Outfitters Linnworks' },
			});
			expect(create.parameters).toMatchObject({
				locationMapping: {
					mapping: [
						{
							orderLocation: 'online',
							source: 'SHOPIFY',
							subSource: 'example-outfitters',
							fulfilmentLocation: 'Leeds DC',
						},
						{
							orderLocation: '71234567890',
							source: 'SHOPIFY',
							subSource: 'example-outfitters',
							fulfilmentLocation: 'Leeds DC',
						},
						{
							orderLocation: '71234567891',
							source: 'SHOPIFY',
							subSource: 'example-outfitters-pos',
							fulfilmentLocation: 'York Stonegate',
						},
					],
				},
				skuMapping: { mapping: [{ sourceSku: 'TEE-RED-MEDIUM', targetSku: 'TEE-RED-M' }] },
				guestName: 'Shopify Customer',
				guestEmail: 'orders@example.com',
			});
		});

		it('fills Shopify Settings (shop, version, stock locations as GIDs, SKUs that differ, buffer, notification) and binds the Shopify credential on HTTP Requests to Shopify', () => {
			const template: Template = {
				name: 'Shopify flow',
				nodes: [
					{
						name: 'Shopify Settings',
						type: 'n8n-nodes-base.set',
						parameters: {
							assignments: {
								assignments: [
									{ name: 'shop', value: 'your-shop', type: 'string' },
									{ name: 'apiVersion', value: '2024-10', type: 'string' },
									{ name: 'locations', value: '{}', type: 'object' },
									{ name: 'skus', value: '{}', type: 'object' },
									{ name: 'stockBuffer', value: 0, type: 'number' },
									{ name: 'notifyCustomer', value: false, type: 'boolean' },
									{ name: 'note', value: 'kept', type: 'string' },
								],
							},
						},
					},
					{
						name: 'Set Quantities',
						type: 'n8n-nodes-base.httpRequest',
						parameters: {},
						credentials: { shopifyAccessTokenApi: { name: 'Shopify account' } },
					},
					{
						name: 'All Linnworks Stock',
						type: 'n8n-nodes-retail-sync.linnworks',
						parameters: { resource: 'stock', operation: 'getLevels', locations: [] },
						credentials: { linnworksApi: { name: 'Linnworks account' } },
					},
				],
			};
			const workflow = applyClientConfig(template, example);
			const values = Object.fromEntries(
				(
					node(workflow, 'Shopify Settings').parameters.assignments as {
						assignments: Array<{ name: string; value: unknown }>;
					}
				).assignments.map(({ name, value }) => [name, value]),
			);
			expect(values).toEqual({
				shop: 'example-outfitters',
				apiVersion: '2025-01',
				// Object fields as JSON text, which the Set node parses; the web orders' row holds no stock.
				locations: JSON.stringify({
					'Leeds DC': 'gid://shopify/Location/71234567890',
					'York Stonegate': 'gid://shopify/Location/71234567891',
				}),
				skus: JSON.stringify({ 'TEE-RED-M': 'TEE-RED-MEDIUM' }),
				stockBuffer: 2,
				notifyCustomer: true,
				note: 'kept',
			});
			expect(node(workflow, 'Set Quantities').credentials).toEqual({
				shopifyAccessTokenApi: { name: 'Example Outfitters Shopify' },
			});
			// One Linnworks location though two rows name it (the web orders and the DC itself).
			expect(node(workflow, 'All Linnworks Stock').parameters.locations).toEqual([
				'Leeds DC',
				'York Stonegate',
			]);
		});

		it("tells the pairs apart by the platforms a template uses, n8n's own Shopify nodes and credential included", () => {
			const injection = loadTemplate('order-injection-shopify-to-linnworks');
			expect(templateIsFor(injection, example)).toBe(true);
			expect(templateIsFor(injection, config)).toBe(false);
			expect(templateIsFor(loadTemplate('order-injection-cloudshelf-to-linnworks'), example)).toBe(
				false,
			);
			expect(templateIsFor(loadTemplate('exceptions-error-workflow'), example)).toBe(true);
		});

		it('refuses a Shopify location listed twice, two Shopify locations stocked from one Linnworks location, and Shopify rows without the shop', () => {
			expect(() =>
				parseClientConfig({
					client: 'Twice',
					shopify: { shop: 'twice' },
					locations: [
						{ name: 'DC', shopify: { locationId: 1 }, linnworks: {} },
						{ name: 'Store', shopify: { locationId: 1 }, linnworks: {} },
						{ name: 'Outlet', shopify: { locationId: 2 }, linnworks: { location: 'DC' } },
					],
				}),
			).toThrow(
				'locations.1.shopify.locationId: Shopify location 1 is listed twice (also at locations.0): give each Shopify location one row; ' +
					'locations.2.shopify.holdsStock: "DC" already stocks the Shopify location of locations.0, but a location\'s stock goes to one place: set holdsStock to false on one of them',
			);
			expect(() =>
				parseClientConfig({
					client: 'No shop',
					locations: [{ name: 'DC', shopify: { locationId: 1 }, linnworks: {} }],
				}),
			).toThrow("shopify.shop: Required: the shop's subdomain");
		});

		it('keeps a variant:<id> SKU row (a variant without SKU) out of the stock push SKU table; orders still map it', () => {
			const withVariant = parseClientConfig({
				...exampleClient('shopify-linnworks'),
				skuMapping: [
					{ shopify: 'TEE-RED-MEDIUM', linnworks: 'TEE-RED-M' },
					{ shopify: 'variant:4455', linnworks: 'MUG-WHITE' },
				],
			});
			const settings = applyClientConfig(
				{
					name: 'S',
					nodes: [
						{
							name: 'Shopify Settings',
							type: 'n8n-nodes-base.set',
							parameters: {
								assignments: { assignments: [{ name: 'skus', value: '{}', type: 'object' }] },
							},
						},
					],
				},
				withVariant,
			);
			expect(
				(
					node(settings, 'Shopify Settings').parameters.assignments as {
						assignments: Array<{ value: unknown }>;
					}
				).assignments[0].value,
			).toBe(JSON.stringify({ 'TEE-RED-M': 'TEE-RED-MEDIUM' }));
			const create = node(
				applyClientConfig(loadTemplate('order-injection-shopify-to-linnworks'), withVariant),
				'Create Linnworks Order',
			);
			expect(create.parameters.skuMapping).toEqual({
				mapping: [
					{ sourceSku: 'TEE-RED-MEDIUM', targetSku: 'TEE-RED-M' },
					{ sourceSku: 'variant:4455', targetSku: 'MUG-WHITE' },
				],
			});
		});

		it('names what to fix in a bad Shopify section or location', () => {
			expect(() =>
				parseClientConfig({
					client: 'Bad',
					shopify: { shop: 'bad.myshopify.com', apiVersion: '2025-02' },
					locations: [{ name: 'X', shopify: { locationId: 'web' }, linnworks: {} }],
				}),
			).toThrow(
				'shopify.shop: Expected the shop subdomain only, e.g. example for example.myshopify.com; ' +
					'shopify.apiVersion: Expected a Shopify API version such as 2025-01; locations.0.shopify.locationId:',
			);
		});
	});

	it('takes a new platform as one more part, without changes to the composition', () => {
		// A stand-in for a new platform: its locations feed Cloudshelf's stock, as Linnworks does today.
		const acme = definePlatform({
			key: 'acme',
			credentialType: 'acmeApi',
			nodeTypes: ['acme'],
			settings: z.object({ market: z.string().optional() }),
			location: z.object({ warehouse: z.string().min(1) }),
			locationName: (location) => location.warehouse,
			configure(target, { settings, locations }) {
				target.parameters.market = settings.market;
				target.parameters.warehouses = locations?.map((location) => location.name);
			},
		});
		const agency = composeAgency([...PLATFORMS, acme]);
		const client = agency.parse(
			agency.withCredentialNames(
				{
					client: 'Nordic',
					acme: { market: 'SE' },
					locations: [
						{ name: 'Stockholm', acme: { warehouse: 'STO-1' }, cloudshelf: { location: 'sto' } },
					],
				},
				{ acmeApi: 'Nordic Acme', cloudshelfApi: 'Nordic Cloudshelf' },
			),
		);
		const template: Template = {
			name: 'Stock push: Acme → Cloudshelf',
			nodes: [
				{
					name: 'Acme Stock',
					type: 'n8n-nodes-retail-sync.acme',
					parameters: {},
					credentials: { acmeApi: { name: '' } },
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
		expect(node(workflow, 'Acme Stock')).toMatchObject({
			parameters: { market: 'SE', warehouses: ['STO-1'] },
			credentials: { acmeApi: { name: 'Nordic Acme' } },
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
