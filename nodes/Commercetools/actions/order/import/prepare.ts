/**
 * Input preparation of Order → Import: every parameter read once per item, the canonical order
 * parsed, its location routed through the Supply Channel and Store Mappings, its shipping method
 * and SKUs mapped, and the OrderImportDraft built. No API calls.
 */
import type { InventoryMode, OrderImportDraft } from '@commercetools/platform-sdk';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { Order } from '../../../../shared/model';
import { readCanonicalOrder, readGuestCustomer } from '../../../../shared/orderInput';
import { toOrderImportDraft } from '../convert';
import { shippingMethodTable, skuTable, storeTable, supplyChannelTable } from './properties';

export interface PreparedImport {
	itemIndex: number;
	/** The order with its SKUs mapped to commercetools SKUs. */
	order: Order;
	orderNumber: string;
	draft: OrderImportDraft;
	simplify: boolean;
	locale: string;
}

const INVENTORY_MODES: readonly string[] = ['None', 'TrackOnly', 'ReserveOnOrder'];
const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value as string).trim();

/** The order ready to import, or the error that sends its item to the error output. */
export function prepareImport(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): PreparedImport | NodeOperationError {
	const node = context.getNode();
	const order = readCanonicalOrder(context, item, itemIndex);
	if (order instanceof NodeOperationError) return order;
	try {
		const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const prefix = text(context.getNodeParameter('orderNumberPrefix', itemIndex, ''));
		const label = `Order ${order.reference}`;

		const channels = supplyChannelTable.read(context, itemIndex);
		const supplyChannelKey = channels.translate(order.location ?? '', 'channel');
		if (supplyChannelKey === undefined)
			return channels.unmappedError(node, itemIndex, [order.location ?? ''], label);

		const stores = storeTable.read(context, itemIndex);
		const storeKey = stores.translate(order.location ?? '', 'store');
		if (storeKey === undefined)
			return stores.unmappedError(node, itemIndex, [order.location ?? ''], label);

		let shippingMethodName = text(
			context.getNodeParameter('defaultShippingMethodName', itemIndex, 'Standard'),
		);
		if (order.shippingMethod) {
			const methods = shippingMethodTable.read(context, itemIndex);
			const mapped = methods.translate(order.shippingMethod, 'shippingMethodName');
			if (mapped === undefined)
				return methods.unmappedError(node, itemIndex, [order.shippingMethod], label);
			shippingMethodName = mapped || shippingMethodName;
		}
		if (!shippingMethodName) {
			return new NodeOperationError(node, `${label}: no shipping method name`, {
				itemIndex,
				description:
					'Fill in "Shipping Method Name for Orders Without One": commercetools records a shipping method name on every imported order.',
			});
		}

		const skus = skuTable.read(context, itemIndex);
		const unmapped: string[] = [];
		const lines = order.lines.map((line) => {
			const sku = skus.translate(line.sku, 'targetSku');
			if (sku === undefined) unmapped.push(line.sku);
			return { ...line, sku: sku ?? line.sku };
		});
		if (unmapped.length) return skus.unmappedError(node, itemIndex, unmapped, label);

		const inventoryMode = text(options.inventoryMode) || 'None';
		if (!INVENTORY_MODES.includes(inventoryMode)) {
			return new NodeOperationError(node, `Inventory Mode "${inventoryMode}" is not valid`, {
				itemIndex,
				description: `Choose one of ${INVENTORY_MODES.join(', ')}.`,
			});
		}
		const defaultCountry = text(options.defaultCountry).toUpperCase() || undefined;
		if (defaultCountry && !/^[A-Z]{2}$/.test(defaultCountry)) {
			return new NodeOperationError(node, `Default Country "${defaultCountry}" is not valid`, {
				itemIndex,
				description: 'Use a two-letter ISO 3166-1 country code such as GB or DE.',
			});
		}
		const locale = text(options.locale) || 'en';
		const guest = readGuestCustomer(context, itemIndex);
		const mapped: Order = {
			...order,
			lines,
			customer: { ...order.customer, name: order.customer?.name ?? guest.name },
		};
		const orderNumber = `${prefix}${order.reference}`;
		const draft = toOrderImportDraft(mapped, {
			orderNumber,
			locale,
			storeKey: storeKey || undefined,
			supplyChannelKey: supplyChannelKey || undefined,
			shippingMethodName,
			inventoryMode: inventoryMode as InventoryMode,
			customerEmail: order.customer?.email ?? guest.email,
			defaultCountry,
		});
		return {
			itemIndex,
			order: mapped,
			orderNumber,
			draft,
			simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
			locale,
		};
	} catch (error) {
		// e.g. an expression in a table or option that fails for this item
		return new NodeOperationError(node, error as Error, { itemIndex });
	}
}
