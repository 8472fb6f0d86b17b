/**
 * Order → Create. Idempotent: each order's reference is looked up first and an existing order with
 * the same Source/SubSource is returned with `created: false`. New orders go out in batches of 20
 * per fulfilment location (Orders/CreateOrders), and are read back so the output carries the
 * Linnworks order id and number.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults, invalidItemError } from '../../../shared/items';
import { SkuMapping, normaliseKey, skuMappingProperties, tableRows, type SkuMappingRow } from '../../../shared/mapping';
import { parseOrder, type Order } from '../../../shared/model';
import { chunk } from '../../../shared/transport';
import {
	toCanonicalOrder,
	toChannelOrder,
	type LinnworksLocation,
	type LinnworksOrderDetails,
	type OrderRouting,
} from '../../model';
import { LocationDirectory, findOrdersByReference, getOrderDetails, getRetailPrices, lookupStockItemIds } from '../../queries';
import { LIMITS, LinnworksClient, errorForItem } from '../../transport';
import { simplifyProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		default: 'canonical',
		options: [
			{
				name: 'Use Input Items',
				value: 'canonical',
				description: 'Each item is an order in the canonical shape, as output by any Retail Sync node',
			},
			{ name: 'Define Below as JSON', value: 'json', description: 'Build the canonical order in a JSON field' },
		],
	},
	{
		displayName: 'Order (JSON)',
		name: 'orderJson',
		type: 'json',
		default: '{\n  "reference": "",\n  "origin": "",\n  "placedAt": "",\n  "currency": "GBP",\n  "status": "paid",\n  "location": "",\n  "lines": [{ "sku": "", "quantity": 1, "unitPrice": 0 }]\n}',
		required: true,
		displayOptions: { show: { inputMode: ['json'] } },
	},
	{
		displayName: 'Location Mapping',
		name: 'locationMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Location',
		default: {},
		description:
			'Where orders from each store go in Linnworks: the Source and SubSource they are filed under (together with the order reference they identify the order) and the location that fulfils them',
		options: [
			{
				name: 'mapping',
				displayName: 'Location',
				values: [
					{
						displayName: 'Order Location',
						name: 'orderLocation',
						type: 'string',
						default: '',
						placeholder: 'London Oxford Street',
						description: 'The location field of incoming orders (the store or kiosk location)',
					},
					{
						displayName: 'Source',
						name: 'source',
						type: 'string',
						default: '',
						placeholder: 'CLOUDSHELF',
					},
					{
						displayName: 'SubSource',
						name: 'subSource',
						type: 'string',
						default: '',
						placeholder: 'London Oxford Street',
					},
					{
						displayName: 'Fulfilment Location Name or ID',
						name: 'fulfilmentLocation',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getLocations' },
						default: '',
						description:
							'Linnworks location that fulfils these orders; empty means Default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
		],
	},
	{
		displayName: 'Unmapped Locations',
		name: 'unmappedLocation',
		type: 'options',
		default: 'error',
		options: [
			{
				name: 'Send to Error Output',
				value: 'error',
				description: 'The order fails with the location named, so nothing is filed under the wrong store',
			},
			{ name: 'Use Defaults Below', value: 'default' },
		],
	},
	{
		displayName: 'Default Source',
		name: 'defaultSource',
		type: 'string',
		default: 'N8N',
		displayOptions: { show: { unmappedLocation: ['default'] } },
	},
	{
		displayName: 'Default SubSource',
		name: 'defaultSubSource',
		type: 'string',
		default: '',
		displayOptions: { show: { unmappedLocation: ['default'] } },
		description: 'Empty uses the order location',
	},
	{
		displayName: 'Default Fulfilment Location Name or ID',
		name: 'defaultFulfilmentLocation',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLocations' },
		default: '',
		displayOptions: { show: { unmappedLocation: ['default'] } },
		description:
			'Empty means Default. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...skuMappingProperties('Linnworks'),
	{
		displayName: 'Guest Customer Name',
		name: 'guestName',
		type: 'string',
		default: 'In-store Customer',
		description: 'Buyer name used for orders without a customer name or email (anonymous kiosk sales)',
	},
	{
		displayName: 'Guest Customer Email',
		name: 'guestEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Email used for anonymous orders, e.g. the store mailbox',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dispatch Within (Days)',
				name: 'dispatchWithinDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description: 'Sets the Linnworks "dispatch by" date this many days after the order was placed',
			},
			{
				displayName: 'Price Tolerance (%)',
				name: 'priceTolerance',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 1 },
				default: 5,
				description:
					'When set, an order with a line whose unit price differs from the Linnworks retail price by more than this percentage goes to the error output, e.g. a stale kiosk price',
			},
			{
				displayName: 'Reject Unknown SKUs',
				name: 'rejectUnknownSkus',
				type: 'boolean',
				default: true,
				description:
					'Whether an order with a SKU that has no Linnworks stock item goes to the error output instead of being created with an unlinked line',
			},
		],
	},
	simplifyProperty,
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['create'] } },
	properties,
);

interface LocationMappingRow {
	orderLocation: string;
	source: string;
	subSource: string;
	fulfilmentLocation: string;
}

interface PreparedOrder {
	itemIndex: number;
	order: Order;
	routing: OrderRouting;
	fulfilment: LinnworksLocation;
}

function sameRouting(details: LinnworksOrderDetails, routing: OrderRouting): boolean {
	return (
		normaliseKey(details.GeneralInfo.Source) === normaliseKey(routing.source) &&
		normaliseKey(details.GeneralInfo.SubSource) === normaliseKey(routing.subSource)
	);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const directory = await LocationDirectory.load(client);

	const output = (prepared: PreparedOrder, details: LinnworksOrderDetails, created: boolean): IDataObject => {
		const { itemIndex, order } = prepared;
		if (!this.getNodeParameter('simplify', itemIndex)) return { created, ...details } as unknown as IDataObject;
		return {
			created,
			reference: order.reference,
			orderId: details.OrderId,
			numOrderId: details.NumOrderId,
			source: details.GeneralInfo.Source,
			subSource: details.GeneralInfo.SubSource,
			fulfilmentLocation: prepared.fulfilment.LocationName,
			order: toCanonicalOrder(details) as unknown as IDataObject,
		};
	};

	// 1. Validate, route and map every order; failures go to the error output with the reason.
	const prepared: PreparedOrder[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const result = prepareOrder.call(this, items[itemIndex], itemIndex, directory);
		if (result instanceof NodeOperationError) results.fail(itemIndex, result);
		else prepared.push(result);
	}

	// 2. Every SKU must exist in Linnworks, or the order would arrive with unlinked lines.
	let toCheck = prepared;
	const strict = (itemIndex: number) =>
		(this.getNodeParameter('options.rejectUnknownSkus', itemIndex, true) as boolean) !== false;
	if (prepared.some((entry) => strict(entry.itemIndex))) {
		const known = await lookupStockItemIds(
			client,
			prepared.flatMap((entry) => entry.order.lines.map((line) => line.sku)),
		);
		toCheck = prepared.filter((entry) => {
			const unknown = entry.order.lines.map((line) => line.sku).filter((sku) => !known.has(normaliseKey(sku)));
			if (!strict(entry.itemIndex) || unknown.length === 0) return true;
			results.fail(
				entry.itemIndex,
				new NodeOperationError(
					node,
					`Order ${entry.order.reference}: SKU ${[...new Set(unknown)].join(', ')} has no Linnworks stock item`,
					{
						itemIndex: entry.itemIndex,
						description: 'Add the SKU to the SKU Mapping table, or create the stock item in Linnworks, then run again.',
					},
				),
			);
			return false;
		});
	}

	// 3. Prices, when a tolerance is set: a kiosk selling at a stale price is an exception.
	toCheck = await checkPrices.call(this, client, toCheck, results);

	// 4. Idempotency: an order already filed under the same reference, Source and SubSource is returned, not re-created.
	const toCreate: PreparedOrder[] = [];
	for (const entry of toCheck) {
		try {
			const existing = (await findOrdersByReference(client, entry.order.reference, entry.itemIndex)).find(
				(details) => sameRouting(details, entry.routing),
			);
			if (existing) results.succeed(entry.itemIndex, output(entry, existing, false));
			else toCreate.push(entry);
		} catch (error) {
			results.fail(entry.itemIndex, errorForItem(node, error, entry.itemIndex));
		}
	}

	// 5. Create per fulfilment location, 20 per call.
	const byLocation = new Map<string, PreparedOrder[]>();
	for (const entry of toCreate) {
		const group = byLocation.get(entry.fulfilment.StockLocationId) ?? [];
		group.push(entry);
		byLocation.set(entry.fulfilment.StockLocationId, group);
	}
	for (const group of byLocation.values()) {
		for (const batch of chunk(group, LIMITS.ordersPerCreate)) {
			await createBatch.call(this, client, batch, results, output);
		}
	}
	return results.toArray();
}

async function checkPrices(
	this: IExecuteFunctions,
	client: LinnworksClient,
	orders: PreparedOrder[],
	results: ItemResults,
): Promise<PreparedOrder[]> {
	const toleranceOf = (itemIndex: number) => {
		const value = (this.getNodeParameter('options', itemIndex, {}) as IDataObject).priceTolerance;
		return typeof value === 'number' ? value : undefined;
	};
	const checked = orders.filter((entry) => toleranceOf(entry.itemIndex) !== undefined);
	if (!checked.length) return orders;
	const prices = await getRetailPrices(client, checked.flatMap((entry) => entry.order.lines.map((line) => line.sku)));
	return orders.filter((entry) => {
		const tolerance = toleranceOf(entry.itemIndex);
		if (tolerance === undefined) return true;
		const problems = entry.order.lines.flatMap((line, index) => {
			const retail = prices.get(normaliseKey(line.sku));
			if (retail === undefined || retail <= 0) return [];
			const off = (Math.abs(line.unitPrice - retail) / retail) * 100;
			return off > tolerance
				? [`line ${index + 1} (${line.sku}) costs ${line.unitPrice.toFixed(2)} but the Linnworks price is ${retail.toFixed(2)} (${off.toFixed(1)}% off)`]
				: [];
		});
		if (!problems.length) return true;
		results.fail(
			entry.itemIndex,
			new NodeOperationError(this.getNode(), `Order ${entry.order.reference}: ${problems.join('; ')}, more than the ${tolerance}% tolerance`, {
				itemIndex: entry.itemIndex,
				description: 'Check the price shown on the kiosk (or the Linnworks retail price), then run again; the order is kept and retried.',
			}),
		);
		return false;
	});
}

function prepareOrder(
	this: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	directory: LocationDirectory,
): PreparedOrder | NodeOperationError {
	const node = this.getNode();
	let order: Order;
	try {
		const source =
			this.getNodeParameter('inputMode', itemIndex) === 'json'
				? this.getNodeParameter('orderJson', itemIndex)
				: item.json;
		order = parseOrder(typeof source === 'string' ? JSON.parse(source) : source);
	} catch (error) {
		return invalidItemError(
			this,
			error,
			itemIndex,
			'An order needs reference, origin, placedAt, currency, status and at least one line with sku, quantity and unitPrice.',
		);
	}

	const rows = tableRows<LocationMappingRow>(this.getNodeParameter('locationMapping', itemIndex, {}), 'mapping');
	const row = rows.find((candidate) => normaliseKey(candidate.orderLocation) === normaliseKey(order.location));
	let routing: OrderRouting;
	let fulfilmentReference: string;
	if (row) {
		routing = { source: row.source, subSource: row.subSource };
		fulfilmentReference = row.fulfilmentLocation;
	} else if (this.getNodeParameter('unmappedLocation', itemIndex) === 'default') {
		routing = {
			source: this.getNodeParameter('defaultSource', itemIndex, 'N8N') as string,
			subSource: (this.getNodeParameter('defaultSubSource', itemIndex, '') as string) || order.location || '',
		};
		fulfilmentReference = this.getNodeParameter('defaultFulfilmentLocation', itemIndex, '') as string;
	} else {
		return new NodeOperationError(
			node,
			`Order ${order.reference} comes from location "${order.location ?? ''}", which has no row in the Location Mapping table`,
			{ itemIndex, description: 'Add the location to the Location Mapping table (or choose "Use Defaults Below"), then run again.' },
		);
	}
	if (!routing.source || !routing.subSource) {
		return new NodeOperationError(node, `Order ${order.reference}: Source and SubSource must not be empty`, {
			itemIndex,
			description: 'Fill in Source and SubSource for this location in the Location Mapping table.',
		});
	}
	const fulfilment = directory.find(fulfilmentReference);
	if (!fulfilment) {
		return new NodeOperationError(node, `Linnworks has no location "${fulfilmentReference}"`, {
			itemIndex,
			description: `The location mapping for "${order.location ?? ''}" must name one of ${directory.names()}.`,
		});
	}

	const skuMapping = new SkuMapping(
		tableRows<SkuMappingRow>(this.getNodeParameter('skuMapping', itemIndex, {}), 'mapping'),
		this.getNodeParameter('unmappedSku', itemIndex, 'passThrough') as 'passThrough' | 'error',
	);
	const unmapped: string[] = [];
	const lines = order.lines.map((line) => {
		const sku = skuMapping.map(line.sku);
		if (sku === undefined) unmapped.push(line.sku);
		return { ...line, sku: sku ?? line.sku };
	});
	if (unmapped.length) {
		return new NodeOperationError(
			node,
			`Order ${order.reference}: SKU ${unmapped.join(', ')} is not in the SKU Mapping table`,
			{ itemIndex, description: 'Add the SKU to the SKU Mapping table, then run again.' },
		);
	}
	return { itemIndex, order: { ...order, lines }, routing, fulfilment };
}

async function createBatch(
	this: IExecuteFunctions,
	client: LinnworksClient,
	batch: PreparedOrder[],
	results: ItemResults,
	output: (prepared: PreparedOrder, details: LinnworksOrderDetails, created: boolean) => IDataObject,
): Promise<void> {
	const node = this.getNode();
	const channelOrders = batch.map((entry) => {
		const options = this.getNodeParameter('options', entry.itemIndex, {}) as IDataObject;
		return toChannelOrder(
			entry.order,
			entry.routing,
			{
				name: (this.getNodeParameter('guestName', entry.itemIndex, '') as string) || 'In-store Customer',
				email: (this.getNodeParameter('guestEmail', entry.itemIndex, '') as string) || undefined,
			},
			Number(options.dispatchWithinDays ?? 1),
		);
	});
	let createdIds: string[];
	try {
		createdIds = await client.call<string[]>('Orders/CreateOrders', {
			orders: channelOrders as unknown as IDataObject[],
			location: batch[0].fulfilment.LocationName,
		});
	} catch (error) {
		// A rejected batch may hold one bad order; send the orders one by one to isolate it.
		if (batch.length > 1 && (LinnworksClient.statusOf(error) ?? 500) < 500) {
			for (const entry of batch) await createBatch.call(this, client, [entry], results, output);
			return;
		}
		for (const entry of batch) results.fail(entry.itemIndex, errorForItem(node, error, entry.itemIndex));
		return;
	}

	// Read the saved orders back (50 per call) for their order number.
	let saved: LinnworksOrderDetails[] = [];
	try {
		saved = [...(await getOrderDetails(client, createdIds ?? [])).values()];
	} catch (error) {
		for (const entry of batch) results.fail(entry.itemIndex, errorForItem(node, error, entry.itemIndex));
		return;
	}
	for (const entry of batch) {
		const details = saved.find(
			(candidate) =>
				candidate.GeneralInfo.ReferenceNum === entry.order.reference && sameRouting(candidate, entry.routing),
		);
		if (details) {
			results.succeed(entry.itemIndex, output(entry, details, true));
			continue;
		}
		// CreateOrders leaves out orders it skipped because a paid one with the same key exists.
		try {
			const existing = (await findOrdersByReference(client, entry.order.reference, entry.itemIndex)).find(
				(candidate) => sameRouting(candidate, entry.routing),
			);
			if (existing) results.succeed(entry.itemIndex, output(entry, existing, false));
			else
				results.fail(
					entry.itemIndex,
					new NodeOperationError(node, `Linnworks accepted order ${entry.order.reference} but did not save it`, {
						itemIndex: entry.itemIndex,
						description: 'Check the Linnworks order import log; the order can be sent again safely.',
					}),
				);
		} catch (error) {
			results.fail(entry.itemIndex, errorForItem(node, error, entry.itemIndex));
		}
	}
}
