/**
 * Order import fidelity (extension 8, asked for by the order and delivery nodes): what the mock's
 * `POST /orders/import` drops or does not check.
 *
 * Reference A7, VERIFIED (OrderImportDraft, LineItemImportDraft, ShippingInfoImportDraft): an
 * imported order keeps `shippingInfo` (shippingMethodName, price, shippingRate, taxRate,
 * deliveries) also without a shippingMethod reference — `addDelivery` needs it; line items keep
 * `supplyChannel` (role InventorySupply), `distributionChannel`, `key`, `inventoryMode`; the order
 * keeps `country`, `completedAt`, `shipmentState`, `purchaseOrderNumber`, `inventoryMode` (default
 * None: no stock effect; TrackOnly / ReserveOnOrder decrement stock, ReserveOnOrder failing with
 * OutOfStock); a store import is rejected when a line's supply channel is not one of the store's.
 * The mock drops all of these (it keeps shippingInfo only with a shippingMethod reference).
 * INFERRED: the error codes (ReferencedResourceNotFound for an unknown channel key, InvalidInput for
 * a channel without the role or outside the store, OutOfStock naming the SKUs); stock effects apply
 * to the entry of (sku, line supply channel) and emit no InventoryEntryQuantitySet (A5 VERIFIED:
 * order-caused stock changes do not emit it); a store without supply channels accepts any.
 */
import type {
	ChannelReference,
	ChannelResourceIdentifier,
	LineItem,
	_Money,
	Order,
	OrderImportDraft,
	ShippingInfo,
	CentPrecisionMoney,
} from '@commercetools/platform-sdk';

import type { CommercetoolsState } from '../state';
import type { ThrowApiError } from './errors';

const centPrecision = (money: _Money): CentPrecisionMoney => ({
	type: 'centPrecision',
	currencyCode: money.currencyCode,
	centAmount: money.centAmount ?? 0,
	fractionDigits: 2,
});

function channelOf(
	state: CommercetoolsState,
	identifier: ChannelResourceIdentifier | undefined,
	apiError: ThrowApiError,
): ChannelReference | undefined {
	if (!identifier) return undefined;
	const channel = identifier.id
		? state.channels().find((candidate) => candidate.id === identifier.id)
		: state.channel(identifier.key ?? '');
	if (!channel)
		throw apiError(
			400,
			'ReferencedResourceNotFound',
			`The referenced object of type 'channel' '${identifier.key ?? identifier.id}' was not found. It either doesn't exist, or it can't be accessed from this endpoint.`,
			{ typeId: 'channel', key: identifier.key, id: identifier.id },
		);
	return { typeId: 'channel', id: channel.id };
}

/** Refuses a draft the API refuses, before anything is stored. */
export function checkImportDraft(
	state: CommercetoolsState,
	draft: OrderImportDraft,
	apiError: ThrowApiError,
): void {
	const store = draft.store ? state.store(draft.store.key ?? '') : undefined;
	if (draft.store?.key && !store)
		throw apiError(
			400,
			'ReferencedResourceNotFound',
			`The referenced object of type 'store' '${draft.store.key}' was not found.`,
			{ typeId: 'store', key: draft.store.key },
		);
	const shortOf: string[] = [];
	for (const line of draft.lineItems ?? []) {
		const supply = channelOf(state, line.supplyChannel, apiError);
		channelOf(state, line.distributionChannel, apiError);
		const channel = supply && state.channels().find((candidate) => candidate.id === supply.id);
		if (channel && !channel.roles.includes('InventorySupply'))
			throw apiError(
				400,
				'InvalidInput',
				`Channel '${channel.key}' of line item '${line.variant.sku}' does not have the role InventorySupply.`,
			);
		if (
			supply &&
			store?.supplyChannels.length &&
			!store.supplyChannels.some((reference) => reference.id === supply.id)
		)
			throw apiError(
				400,
				'InvalidInput',
				`Supply channel '${channel?.key}' of line item '${line.variant.sku}' is not a supply channel of store '${store.key}'.`,
			);
		const mode = line.inventoryMode ?? draft.inventoryMode ?? 'None';
		if (mode === 'ReserveOnOrder' && line.variant.sku) {
			const entry = state.inventory(line.variant.sku, channel?.key);
			if (!entry || entry.availableQuantity < line.quantity) shortOf.push(line.variant.sku);
		}
	}
	if (shortOf.length)
		throw apiError(400, 'OutOfStock', `Some line items are out of stock: ${shortOf.join(', ')}.`, {
			skus: shortOf,
			lineItems: [],
		});
}

/** The imported order with what the mock dropped, stored; stock taken for TrackOnly/ReserveOnOrder. */
export function completeImportedOrder(
	state: CommercetoolsState,
	draft: OrderImportDraft,
	imported: Order,
	apiError: ThrowApiError,
): Order {
	const lineItems = imported.lineItems.map((line, index): LineItem => {
		const source = draft.lineItems?.[index];
		if (!source) return line;
		return {
			...line,
			key: source.key,
			supplyChannel: channelOf(state, source.supplyChannel, apiError),
			distributionChannel: channelOf(state, source.distributionChannel, apiError),
			inventoryMode: source.inventoryMode,
		};
	});
	const shipping = draft.shippingInfo;
	const fromDraft = (): ShippingInfo | undefined =>
		shipping && {
			shippingMethodName: shipping.shippingMethodName,
			price: centPrecision(shipping.price),
			shippingRate: {
				price: centPrecision(shipping.shippingRate.price),
				freeAbove: shipping.shippingRate.freeAbove
					? centPrecision(shipping.shippingRate.freeAbove)
					: undefined,
				tiers: [],
			},
			taxRate: shipping.taxRate,
			deliveries: [],
			shippingMethodState: 'MatchesCart',
		};
	const shippingInfo = imported.shippingInfo ?? fromDraft();
	const order: Order = {
		...imported,
		lineItems,
		shippingInfo,
		country: draft.country,
		completedAt: draft.completedAt,
		shipmentState: draft.shipmentState,
		purchaseOrderNumber: draft.purchaseOrderNumber,
		inventoryMode: draft.inventoryMode ?? 'None',
	};
	state.storage.collection('order').set(order.id, order);
	for (const line of lineItems) {
		const mode = line.inventoryMode ?? order.inventoryMode;
		if (mode === 'None' || !line.variant.sku) continue;
		const channelKey = line.supplyChannel
			? state.channels().find((channel) => channel.id === line.supplyChannel!.id)?.key
			: undefined;
		const entry = state.inventory(line.variant.sku, channelKey);
		if (!entry) continue;
		state.storage.collection('inventory-entry').set(entry.id, {
			...entry,
			version: entry.version + 1,
			quantityOnStock: entry.quantityOnStock - line.quantity,
			availableQuantity: entry.availableQuantity - line.quantity,
			lastModifiedAt: new Date().toISOString(),
		});
	}
	return order;
}
