/**
 * Input preparation of Order → Create: every parameter is read once per item into `CreateSettings`,
 * and each order is parsed, routed through the Location Mapping and has its SKUs mapped. Pure of
 * API calls but for the location directory it is given.
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
import type { GuestCustomer, LinnworksLocation, OrderRouting } from '../../../model';
import type { LocationDirectory } from '../../../queries';
import { orderLocationTable, skuTable, type OrderLocationRow } from './properties';

export interface CreateSettings {
	locations: MappingLookup<OrderLocationRow>;
	skus: MappingLookup<SkuMappingRow>;
	guest: GuestCustomer;
	dispatchWithinDays: number;
	/** Percent; undefined = prices are not checked. */
	priceTolerance?: number;
	rejectUnknownSkus: boolean;
	simplify: boolean;
}

export interface PreparedOrder {
	itemIndex: number;
	order: Order;
	routing: OrderRouting;
	fulfilment: LinnworksLocation;
	settings: CreateSettings;
}

function readSettings(context: IExecuteFunctions, itemIndex: number): CreateSettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		locations: orderLocationTable.read(context, itemIndex),
		skus: skuTable.read(context, itemIndex),
		guest: readGuestCustomer(context, itemIndex),
		dispatchWithinDays: Number(options.dispatchWithinDays ?? 1),
		priceTolerance: typeof options.priceTolerance === 'number' ? options.priceTolerance : undefined,
		rejectUnknownSkus: options.rejectUnknownSkus !== false,
		simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
	};
}

/** The order ready to send, or the error that sends its item to the error output. */
export function prepareOrder(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	directory: LocationDirectory,
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

	const resolution = settings.locations.resolve(order.location);
	if (resolution.status !== 'mapped' && resolution.status !== 'default') {
		return settings.locations.unmappedError(
			node,
			itemIndex,
			[order.location ?? ''],
			`Order ${order.reference}`,
		);
	}
	const row = resolution.row;
	const routing: OrderRouting = {
		source: row.source,
		// A default SubSource left empty files the order under its own location.
		subSource: row.subSource || (resolution.status === 'default' ? (order.location ?? '') : ''),
	};
	if (!routing.source || !routing.subSource) {
		return new NodeOperationError(
			node,
			`Order ${order.reference}: Source and SubSource must not be empty`,
			{
				itemIndex,
				description:
					'Fill in Source and SubSource for this location in the Location Mapping table.',
			},
		);
	}
	const fulfilment = directory.find(row.fulfilmentLocation);
	if (!fulfilment) {
		return new NodeOperationError(node, `Linnworks has no location "${row.fulfilmentLocation}"`, {
			itemIndex,
			description: `The location mapping for "${order.location ?? ''}" must name one of ${directory.names()}.`,
		});
	}

	const { skus } = settings;
	const unmapped: string[] = [];
	const lines = order.lines.map((line) => {
		const sku = skus.translate(line.sku, 'targetSku');
		if (sku === undefined) unmapped.push(line.sku);
		return { ...line, sku: sku ?? line.sku };
	});
	if (unmapped.length)
		return skus.unmappedError(node, itemIndex, unmapped, `Order ${order.reference}`);
	return { itemIndex, order: { ...order, lines }, routing, fulfilment, settings };
}
