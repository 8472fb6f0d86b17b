/**
 * Messages (extension 2; the mock has no Messages API at all).
 *
 * Reference A8, VERIFIED: messages carry `id, version, sequenceNumber` (per resource),
 * `resource {typeId, id}`, `resourceVersion`, `resourceUserProvidedIdentifiers`, `type`,
 * `createdAt`, `lastModifiedAt` and the type's own fields; `GET /messages` (view_messages) takes
 * predicates and `sort`. Which writes emit which messages (A5, A7, A8, VERIFIED): an order import
 * emits OrderImported (never OrderCreated); addDelivery DeliveryAdded (+ ParcelAddedToDelivery per
 * parcel given); addParcelToDelivery ParcelAddedToDelivery; setParcelTrackingData
 * ParcelTrackingDataUpdated; changeShipmentState OrderShipmentStateChanged; changeOrderState
 * OrderStateChanged; changePaymentState OrderPaymentStateChanged; an inventory create
 * InventoryEntryCreated; addQuantity / removeQuantity / changeQuantity InventoryEntryQuantitySet.
 * ASSUMED: the Messages API is enabled on the sandbox project; an action that changes nothing emits
 * nothing; in an update of several actions, the k-th changing action's messages carry resource
 * version (old version + k).
 */
import type { Delivery, InventoryEntry, Order, UpdateAction } from '@commercetools/platform-sdk';

import { quantitySetMessage, type CommercetoolsState, type MessagePayloadOf } from '../state';

export const MESSAGE_TYPES_RECORDED = [
	'OrderImported',
	'DeliveryAdded',
	'ParcelAddedToDelivery',
	'ParcelTrackingDataUpdated',
	'OrderShipmentStateChanged',
	'OrderStateChanged',
	'OrderPaymentStateChanged',
	'InventoryEntryCreated',
	'InventoryEntryQuantitySet',
] as const;

const orderResource = (order: Order) => ({
	resource: { typeId: 'order' as const, id: order.id },
	resourceUserProvidedIdentifiers: { orderNumber: order.orderNumber },
});

export function recordCreated(state: CommercetoolsState, entry: InventoryEntry): void {
	state.recordMessage(
		{
			type: 'InventoryEntryCreated',
			resource: { typeId: 'inventory-entry', id: entry.id },
			resourceUserProvidedIdentifiers: { sku: entry.sku, key: entry.key },
			inventoryEntry: entry,
		},
		entry.version,
	);
}

export function recordImported(state: CommercetoolsState, order: Order): void {
	state.recordMessage({ type: 'OrderImported', ...orderResource(order), order }, order.version);
}

/** Messages of one successful update, from the resource before and after it. */
export function recordUpdated(
	state: CommercetoolsState,
	before: InventoryEntry | Order,
	after: InventoryEntry | Order,
	actions: UpdateAction[],
): void {
	const messages =
		'sku' in after
			? inventoryMessages(before as InventoryEntry, after, actions)
			: orderMessages(before as Order, after, actions);
	let version = before.version;
	for (const group of messages) {
		if (!group.length) continue;
		version = Math.min(version + 1, after.version);
		for (const payload of group) state.recordMessage(payload, version);
	}
}

/** One group of messages per action (empty when the action emits none). */
function inventoryMessages(
	before: InventoryEntry,
	after: InventoryEntry,
	actions: UpdateAction[],
): MessagePayloadOf[][] {
	const reserved = before.quantityOnStock - before.availableQuantity;
	let current = before;
	return actions.map((action) => {
		const quantity = (action as { quantity?: number }).quantity ?? 0;
		const onStock =
			action.action === 'addQuantity'
				? current.quantityOnStock + quantity
				: action.action === 'removeQuantity'
					? current.quantityOnStock - quantity
					: action.action === 'changeQuantity'
						? quantity
						: undefined;
		if (onStock === undefined) return [];
		const next = { ...after, quantityOnStock: onStock, availableQuantity: onStock - reserved };
		const payload = quantitySetMessage(current, next);
		current = next;
		return [payload];
	});
}

function orderMessages(before: Order, after: Order, actions: UpdateAction[]): MessagePayloadOf[][] {
	const identifiers = orderResource(after);
	const deliveries = (order: Order): Delivery[] => order.shippingInfo?.deliveries ?? [];
	const knownParcels = new Set(
		deliveries(before).flatMap((delivery) => delivery.parcels.map((parcel) => parcel.id)),
	);
	const knownDeliveries = new Set(deliveries(before).map((delivery) => delivery.id));
	let previous = before;
	return actions.map((action) => {
		const fields = action as unknown as Record<string, string | undefined>;
		switch (action.action) {
			case 'addDelivery': {
				const delivery = deliveries(after).find((candidate) => !knownDeliveries.has(candidate.id));
				if (!delivery) return [];
				knownDeliveries.add(delivery.id);
				delivery.parcels.forEach((parcel) => knownParcels.add(parcel.id));
				return [
					{ type: 'DeliveryAdded', ...identifiers, delivery },
					...delivery.parcels.map((parcel) => ({
						type: 'ParcelAddedToDelivery',
						...identifiers,
						delivery,
						parcel,
					})),
				];
			}
			case 'addParcelToDelivery': {
				for (const delivery of deliveries(after))
					for (const parcel of delivery.parcels)
						if (!knownParcels.has(parcel.id)) {
							knownParcels.add(parcel.id);
							return [{ type: 'ParcelAddedToDelivery', ...identifiers, delivery, parcel }];
						}
				return [];
			}
			case 'setParcelTrackingData': {
				for (const delivery of deliveries(after))
					for (const parcel of delivery.parcels)
						if (fields.parcelId ? parcel.id === fields.parcelId : parcel.key === fields.parcelKey)
							return [
								{
									type: 'ParcelTrackingDataUpdated',
									...identifiers,
									deliveryId: delivery.id,
									parcelId: parcel.id,
									trackingData: parcel.trackingData,
								},
							];
				return [];
			}
			case 'changeShipmentState':
			case 'changeOrderState':
			case 'changePaymentState': {
				const field = {
					changeShipmentState: 'shipmentState',
					changeOrderState: 'orderState',
					changePaymentState: 'paymentState',
				}[action.action] as 'shipmentState' | 'orderState' | 'paymentState';
				const old = previous[field];
				const value = fields[field];
				previous = { ...previous, [field]: value };
				if (old === value) return [];
				const type = {
					shipmentState: 'OrderShipmentStateChanged',
					orderState: 'OrderStateChanged',
					paymentState: 'OrderPaymentStateChanged',
				}[field];
				const oldName = `old${field[0].toUpperCase()}${field.slice(1)}`;
				return [{ type, ...identifiers, [field]: value, [oldName]: old }];
			}
			default:
				return [];
		}
	});
}
