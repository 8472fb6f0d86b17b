/**
 * Input preparation of Order → Create: every parameter is read once per item into `CreateSettings`,
 * and each order is parsed, routed through the Location Mapping (market, pricelist, shipping option),
 * its shipping method and SKUs mapped, its customer settled (own e-mail or the guest), and its
 * candidate order numbers computed. No API calls.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { MappingLookup, SkuMappingRow } from '../../../../shared/mapping';
import type { Order } from '../../../../shared/model';
import { readCanonicalOrder, readGuestCustomer } from '../../../../shared/orderInput';
import {
	DEFAULT_ORDER_NUMBER_BASE,
	orderCountry,
	orderEmail,
	orderNumberBaseProblem,
	orderNumberCandidates,
	type CentraGuestCustomer,
	type CentraOrderSettings,
} from '../../../model';
import {
	orderLocationTable,
	shippingMethodTable,
	skuTable,
	type OrderLocationRow,
	type ShippingMethodRow,
} from './properties';

export interface CreateSettings {
	locations: MappingLookup<OrderLocationRow>;
	/** Attribute whose value is looked up in the Location Mapping; undefined = the order's location. */
	locationAttribute?: string;
	shippingMethods: MappingLookup<ShippingMethodRow>;
	skus: MappingLookup<SkuMappingRow>;
	guest: CentraGuestCustomer;
	orderNumberBase: number;
	registerCustomer: boolean;
	adjustStock: boolean;
	sendEmail: boolean;
	simplify: boolean;
}

export interface PreparedOrder {
	itemIndex: number;
	/** The order with its SKUs mapped to Centra SKUs. */
	order: Order;
	/** Everything for the Order API body but the order number, which the duplicate check picks. */
	centra: Omit<CentraOrderSettings, 'orderNumber'>;
	/** Order numbers to try, in order (see orderNumberCandidates). */
	candidates: number[];
	settings: CreateSettings;
}

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value as string).trim();

function readSettings(context: IExecuteFunctions, itemIndex: number): CreateSettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const byAttribute =
		context.getNodeParameter('locationKey', itemIndex, 'location') === 'attribute';
	return {
		locations: orderLocationTable.read(context, itemIndex),
		locationAttribute: byAttribute
			? text(context.getNodeParameter('locationAttribute', itemIndex, 'deviceName')) || 'deviceName'
			: undefined,
		shippingMethods: shippingMethodTable.read(context, itemIndex),
		skus: skuTable.read(context, itemIndex),
		guest: readGuestCustomer(context, itemIndex),
		orderNumberBase: Number(
			context.getNodeParameter('orderNumberBase', itemIndex, DEFAULT_ORDER_NUMBER_BASE),
		),
		registerCustomer: options.registerCustomer === true,
		adjustStock: options.adjustStock !== false,
		sendEmail: options.sendEmail === true,
		simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
	};
}

/** The order ready to send, or the error that sends its item to the error output. */
export function prepareOrder(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): PreparedOrder | NodeOperationError {
	const node = context.getNode();
	const order = readCanonicalOrder(context, item, itemIndex);
	if (order instanceof NodeOperationError) return order;
	let settings: CreateSettings;
	try {
		settings = readSettings(context, itemIndex);
	} catch (error) {
		// e.g. an expression in a table or option that fails for this item
		return new NodeOperationError(node, error as Error, { itemIndex });
	}
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, `Order ${order.reference}: ${message}`, {
			itemIndex,
			description,
		});

	const baseProblem = orderNumberBaseProblem(settings.orderNumberBase);
	if (baseProblem)
		return fail(
			`Order Number Base ${settings.orderNumberBase} ${baseProblem}`,
			'Set "Order Number Base" to a whole number such as 1000000000, and keep it the same for every run.',
		);

	// 1. Store or kiosk → market, pricelist, default shipping option, country.
	const locationValue = settings.locationAttribute
		? order.attributes?.[settings.locationAttribute]
		: order.location;
	const resolution = settings.locations.resolve(locationValue);
	if (resolution.status !== 'mapped' && resolution.status !== 'default') {
		return settings.locations.unmappedError(
			node,
			itemIndex,
			[locationValue ?? ''],
			`Order ${order.reference}`,
		);
	}
	const row = resolution.row;
	const market = text(row.market);
	const pricelist = text(row.pricelist);
	if (!market || !pricelist) {
		return fail(
			`the Location Mapping gives no ${market ? 'pricelist' : 'market'} for "${locationValue ?? ''}"`,
			'Choose a market and a pricelist for this location in the Location Mapping table.',
		);
	}

	// 2. Shipping method → shipping option; none named → the location's default.
	let shippingOption = text(row.shippingOption) || undefined;
	if (order.shippingMethod) {
		const option = settings.shippingMethods.translate(order.shippingMethod, 'shippingOption');
		if (option === undefined)
			return settings.shippingMethods.unmappedError(
				node,
				itemIndex,
				[order.shippingMethod],
				`Order ${order.reference}`,
			);
		shippingOption = option || shippingOption;
	}

	// 3. Customer: Centra files every order under an e-mail and a country.
	if (!orderEmail(order, settings.guest)) {
		return fail(
			'the order has no customer e-mail and "Guest Customer Email" is empty',
			'Set "Guest Customer Email" (e.g. the store mailbox) for anonymous orders.',
		);
	}
	const country = text(row.country) || undefined;
	if (!orderCountry(order, country)) {
		return fail(
			`the order has no address and the Location Mapping gives no country for "${locationValue ?? ''}"`,
			'Fill in Country for this location in the Location Mapping table (e.g. GB).',
		);
	}

	// 4. SKUs.
	const { skus } = settings;
	const unmapped: string[] = [];
	const lines = order.lines.map((line) => {
		const sku = skus.translate(line.sku, 'targetSku');
		if (sku === undefined) unmapped.push(line.sku);
		return { ...line, sku: sku ?? line.sku };
	});
	if (unmapped.length)
		return skus.unmappedError(node, itemIndex, unmapped, `Order ${order.reference}`);

	return {
		itemIndex,
		order: { ...order, lines },
		centra: {
			market,
			pricelist,
			shippingOption,
			country,
			guest: settings.guest,
			registerCustomer: settings.registerCustomer,
			adjustStock: settings.adjustStock,
			sendEmail: settings.sendEmail,
		},
		candidates: orderNumberCandidates(order.reference, settings.orderNumberBase),
		settings,
	};
}
