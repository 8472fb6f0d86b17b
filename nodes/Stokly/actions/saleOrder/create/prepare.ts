/**
 * Input preparation of Sale Order → Create: every parameter read once per item, the canonical
 * order parsed, its location routed through the Location Mapping, its payments through the Payment
 * Method Mapping and its SKUs through the SKU Mapping. No API calls: channel and location names,
 * itemIds and stock are resolved in ./checks.ts.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { Order } from '../../../../shared/model';
import { readCanonicalOrder, readGuestCustomer } from '../../../../shared/orderInput';
import { unsafeValue } from '../../../requests';
import { paymentMethodTable, toStoklyPayments } from '../../paymentMethods';
import type { FulfilmentType, StoklyPayment } from '../convert';
import { orderLocationTable, skuTable } from './properties';

export type BackorderCheck = 'flag' | 'error' | 'off';

/** Canonical statuses whose order has been paid for. */
const PAID = new Set(['paid', 'fulfilled']);

const totalOf = (order: Order) =>
	order.totals?.total ?? order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);

export interface PreparedSaleOrder {
	itemIndex: number;
	/** The order with its SKUs mapped to Stokly SKUs. */
	order: Order;
	label: string;
	/** The channel and fulfilment location as mapped: a name or an ID, resolved by the checks. */
	channel: string;
	location: string;
	payments: StoklyPayment[];
	fulfilmentType: FulfilmentType;
	backorderCheck: BackorderCheck;
	defaultTaxRate: number;
	tags: string[];
	/** Email whose Stokly customer the order is filed under (Customer "Find or Create"). */
	customerEmail?: string;
	customerName?: string;
	guestName: string;
	pendingWindowMs: number;
	/** Whether sale orders that overlapping executions made for this reference besides the first are removed. */
	removeRacingDuplicates: boolean;
}

const FULFILMENT_TYPES: readonly string[] = ['delivery', 'none', 'collection'];
const BACKORDER_CHECKS: readonly string[] = ['flag', 'error', 'off'];

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value as string).trim();

/** Tags of the order: its origin, its location, its kiosk (Cloudshelf's device name), then the extra ones. */
function tagsOf(order: Order, extra: string): string[] {
	const kiosk = order.attributes?.deviceName;
	return [
		order.origin,
		order.location ? `location:${order.location}` : '',
		kiosk ? `kiosk:${kiosk}` : '',
		...extra.split(','),
	]
		.map((tag) => tag.trim())
		.filter(Boolean);
}

/** The order ready for the checks, or the error that sends its item to the error output. */
export function prepareSaleOrder(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): PreparedSaleOrder | NodeOperationError {
	const node = context.getNode();
	const order = readCanonicalOrder(context, item, itemIndex);
	if (order instanceof NodeOperationError) return order;
	const label = `Order ${order.reference}`;
	try {
		const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (unsafeValue(order.reference)) {
			return new NodeOperationError(node, `${label}: the reference contains { or }`, {
				itemIndex,
				description:
					'Stokly filters cannot carry { or }, so the order could not be found again by its reference; change the reference.',
			});
		}

		const locations = orderLocationTable.read(context, itemIndex);
		const resolution = locations.resolve(order.location);
		if (resolution.status !== 'mapped' && resolution.status !== 'default')
			return locations.unmappedError(node, itemIndex, [order.location ?? ''], label);
		const channel = text(resolution.row.channel);
		const location = text(resolution.row.location);
		if (!channel || !location) {
			return new NodeOperationError(
				node,
				`${label}: no Stokly channel or fulfilment location for location "${order.location ?? ''}"`,
				{
					itemIndex,
					description:
						'Fill in Default Channel and Default Fulfilment Location below the Location Mapping table (or add the location to the table).',
				},
			);
		}

		const payments = toStoklyPayments(
			node,
			itemIndex,
			paymentMethodTable.read(context, itemIndex),
			order.payments,
			label,
		);
		if (payments instanceof NodeOperationError) return payments;
		if (!payments.length && PAID.has(order.status) && totalOf(order) > 0) {
			// Filed without a payment, Stokly would hold a paid sale as unpaid and the takings of it
			// would show nowhere (neither in the kiosk's nor in Stokly's totals).
			return new NodeOperationError(node, `${label} is paid but names no payment method`, {
				itemIndex,
				description:
					"Check the order's payment (tender) in the system that took it; an order paid elsewhere (e.g. at the till) should reach Stokly with that payment, or as pending.",
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
		const unsafe = lines.map((line) => line.sku).filter(unsafeValue);
		if (unsafe.length) {
			return new NodeOperationError(
				node,
				`${label}: SKU ${[...new Set(unsafe)].join(', ')} contains { or }, which a Stokly filter cannot carry`,
				{
					itemIndex,
					description: 'Map the SKU to its Stokly SKU in the SKU Mapping table, then run again.',
				},
			);
		}

		const fulfilmentType = text(context.getNodeParameter('fulfilmentType', itemIndex, 'delivery'));
		if (!FULFILMENT_TYPES.includes(fulfilmentType)) {
			return new NodeOperationError(node, `Fulfilment "${fulfilmentType}" is not valid`, {
				itemIndex,
				description: `Choose one of ${FULFILMENT_TYPES.join(', ')}.`,
			});
		}
		const backorderCheck = text(context.getNodeParameter('backorderCheck', itemIndex, 'flag'));
		if (!BACKORDER_CHECKS.includes(backorderCheck)) {
			return new NodeOperationError(node, `Backorder Check "${backorderCheck}" is not valid`, {
				itemIndex,
				description: `Choose one of ${BACKORDER_CHECKS.join(', ')}.`,
			});
		}
		const defaultTaxRate = Number(options.defaultTaxRate ?? 20);
		if (!Number.isFinite(defaultTaxRate) || defaultTaxRate < 0) {
			return new NodeOperationError(
				node,
				`VAT rate "${text(options.defaultTaxRate)}" is not valid`,
				{
					itemIndex,
					description:
						'Set "VAT Rate for Lines Without One (%)" to a number of 0 or more, e.g. 20.',
				},
			);
		}
		const windowMinutes = Number(options.pendingWindowMinutes ?? 30);
		const guest = readGuestCustomer(context, itemIndex);
		const findCustomer =
			context.getNodeParameter('customerMode', itemIndex, 'none') === 'findOrCreate';
		const customerEmail = findCustomer ? (order.customer?.email ?? guest.email) : undefined;
		if (customerEmail && unsafeValue(customerEmail)) {
			return new NodeOperationError(node, `${label}: the customer email contains { or }`, {
				itemIndex,
				description: 'Stokly filters cannot carry { or }; correct the email, then run again.',
			});
		}
		return {
			itemIndex,
			order: { ...order, lines },
			label,
			channel,
			location,
			payments,
			fulfilmentType: fulfilmentType as FulfilmentType,
			backorderCheck: backorderCheck as BackorderCheck,
			defaultTaxRate,
			tags: tagsOf(order, text(options.tags)),
			customerEmail,
			customerName: order.customer?.email ? order.customer?.name : guest.name,
			guestName: guest.name,
			pendingWindowMs:
				(Number.isFinite(windowMinutes) && windowMinutes > 0 ? windowMinutes : 30) * 60_000,
			removeRacingDuplicates: options.removeRacingDuplicates !== false,
		};
	} catch (error) {
		// e.g. an expression in a table or option that fails for this item
		return new NodeOperationError(node, error as Error, { itemIndex });
	}
}
