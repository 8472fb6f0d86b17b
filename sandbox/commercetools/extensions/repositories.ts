/**
 * Behaviour the mock lacks inside its own write path, installed on its repositories and update
 * handlers (so every write, HTTP or in-process, gets it): update actions it rejects or stores
 * wrongly (extensions 3 and 7), uniqueness (extension 5), create-only custom objects, and the
 * recording of messages for successful writes (extension 2, recorded by ./messages.ts), and the
 * order import fields the mock drops (./orderImport.ts).
 */
import type {
	CustomObject,
	CustomObjectDraft,
	Delivery,
	DuplicateFieldError,
	InventoryEntry,
	InventoryEntryAddQuantityAction,
	InventoryEntryChangeQuantityAction,
	InventoryEntryDraft,
	InventoryEntryRemoveQuantityAction,
	Order,
	OrderAddDeliveryAction,
	OrderImportDraft,
	OrderSetParcelTrackingDataAction,
	Parcel,
	UpdateAction,
} from '@commercetools/platform-sdk';

import type { CommercetoolsMock } from '../mock';
import type { CommercetoolsState } from '../state';
import { mockErrors, type ThrowApiError } from './errors';
import { recordCreated, recordImported, recordUpdated } from './messages';
import { checkImportDraft, completeImportedOrder } from './orderImport';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Context = { projectKey: string };
type ActionHandler<R, A> = (context: Context, resource: Mutable<R>, action: A) => unknown;

/** The mock's repository internals this layer hooks into (mock 4.4.0, see its repositories/). */
interface HookableRepository {
	actions: Record<string, ActionHandler<never, never>>;
	saveNew(context: Context, resource: unknown): Promise<unknown>;
	processUpdateActions(
		context: Context,
		resource: unknown,
		version: number,
		actions: UpdateAction[],
	): Promise<unknown>;
	create(context: Context, draft: unknown): Promise<unknown>;
	import?(context: Context, draft: OrderImportDraft): Promise<Order>;
}

export function installRepositoryExtensions(
	mock: CommercetoolsMock,
	state: CommercetoolsState,
	projectKey: string,
): void {
	const repository = (name: 'inventory-entry' | 'order' | 'key-value-document') =>
		mock.project(projectKey).getRepository(name) as unknown as HookableRepository;
	const inventory = repository('inventory-entry');
	const orders = repository('order');
	const customObjects = repository('key-value-document');
	const apiError = mockErrors(mock, projectKey);

	// --- Extension 3: quantity actions (reference A5, VERIFIED: addQuantity adds to quantityOnStock,
	// removeQuantity subtracts and may go below 0, changeQuantity sets it; availableQuantity =
	// quantityOnStock − reserved). The mock rejects addQuantity, clamps removeQuantity at 0 and
	// forgets reservations on changeQuantity.
	const quantity = (entry: Mutable<InventoryEntry>, onStock: number) => {
		const reserved = entry.quantityOnStock - entry.availableQuantity;
		entry.quantityOnStock = onStock;
		entry.availableQuantity = onStock - reserved;
	};
	setAction<InventoryEntry, InventoryEntryAddQuantityAction>(
		inventory,
		'addQuantity',
		(_context, entry, action) => quantity(entry, entry.quantityOnStock + action.quantity),
	);
	setAction<InventoryEntry, InventoryEntryRemoveQuantityAction>(
		inventory,
		'removeQuantity',
		(_context, entry, action) => quantity(entry, entry.quantityOnStock - action.quantity),
	);
	setAction<InventoryEntry, InventoryEntryChangeQuantityAction>(
		inventory,
		'changeQuantity',
		(_context, entry, action) => quantity(entry, action.quantity),
	);

	// --- Extension 7: deliveries (reference A7, VERIFIED: addDelivery's `deliveryKey` is the
	// delivery's `key`, unique within the order; `items` optional; parcels keep key, trackingData,
	// items; setParcelTrackingData by parcelId or parcelKey). The mock stores `deliveryKey` under that
	// name, requires items and has no setParcelTrackingData. DuplicateField for a taken delivery key
	// is INFERRED (the API's general unique-field error).
	const addDelivery = (
		orders.actions.addDelivery as unknown as ActionHandler<
			Order,
			OrderAddDeliveryAction & { key?: string }
		>
	).bind(orders.actions);
	setAction<Order, OrderAddDeliveryAction>(
		orders,
		'addDelivery',
		async (context, order, action) => {
			const { deliveryKey, ...draft } = action;
			const deliveries = order.shippingInfo?.deliveries ?? [];
			if (deliveryKey && deliveries.some((delivery) => delivery.key === deliveryKey))
				throw duplicateField(
					apiError,
					'deliveryKey',
					deliveryKey,
					`A delivery with key '${deliveryKey}'`,
				);
			await addDelivery(context, order, { ...draft, items: draft.items ?? [], key: deliveryKey });
		},
	);
	setAction<Order, OrderSetParcelTrackingDataAction>(
		orders,
		'setParcelTrackingData',
		(_context, order, action) => {
			const parcel = (order.shippingInfo?.deliveries ?? [])
				.flatMap((delivery: Delivery) => delivery.parcels)
				.find((candidate: Parcel) =>
					action.parcelId ? candidate.id === action.parcelId : candidate.key === action.parcelKey,
				) as Mutable<Parcel> | undefined;
			if (!parcel)
				throw apiError(400, 'InvalidOperation', 'The parcel was not found on this order.');
			parcel.trackingData = action.trackingData;
		},
	);

	// --- Extension 5: uniqueness (reference A5, VERIFIED: one InventoryEntry per (sku,
	// supplyChannel); A7, VERIFIED: orderNumber unique per project). The error code DuplicateField
	// is INFERRED for both. The check and the write happen in one synchronous step, so two
	// concurrent creates cannot both pass.
	const entries = state.storage.collection('inventory-entry');
	const inventorySaveNew = inventory.saveNew.bind(inventory);
	inventory.saveNew = async (context, resource) => {
		const entry = resource as InventoryEntry;
		for (const other of entries.peekAll())
			if (other.sku === entry.sku && other.supplyChannel?.id === entry.supplyChannel?.id)
				throw duplicateField(
					apiError,
					'sku',
					entry.sku,
					`An inventory entry for SKU '${entry.sku}' and this supply channel`,
					{ typeId: 'inventory-entry', id: other.id },
				);
		entries.set(entry.id, { ...entry, version: 1 });
		return inventorySaveNew(context, resource);
	};
	// The draft's `key` is kept (A5 VERIFIED: InventoryEntry.key; the mock drops it).
	const inventoryCreate = inventory.create.bind(inventory);
	inventory.create = async (context, draft) => {
		const saved = (await inventoryCreate(context, draft)) as InventoryEntry;
		const { key } = draft as InventoryEntryDraft;
		const entry = key ? { ...saved, key } : saved;
		if (key) entries.set(entry.id, entry);
		recordCreated(state, entry);
		return entry;
	};
	const orderDocuments = state.storage.collection('order');
	const orderSaveNew = orders.saveNew.bind(orders);
	orders.saveNew = async (context, resource) => {
		const order = resource as Order;
		if (order.orderNumber)
			for (const other of orderDocuments.peekAll())
				if (other.orderNumber === order.orderNumber)
					throw duplicateField(
						apiError,
						'orderNumber',
						order.orderNumber,
						`An order with orderNumber '${order.orderNumber}'`,
						{ typeId: 'order', id: other.id },
					);
		orderDocuments.set(order.id, { ...order, version: 1 });
		return orderSaveNew(context, resource);
	};
	const orderImport = orders.import!.bind(orders);
	orders.import = async (context, draft) => {
		checkImportDraft(state, draft, apiError);
		const imported = await orderImport(context, draft);
		const order = completeImportedOrder(state, draft, imported, apiError);
		recordImported(state, order);
		return order;
	};

	// --- Messages for updates (extension 2): recorded from the resource before and after a
	// successful update, in the order of its actions.
	for (const hooked of [inventory, orders]) {
		const process = hooked.processUpdateActions.bind(hooked);
		hooked.processUpdateActions = async (context, resource, version, actions) => {
			const updated = await process(context, resource, version, actions);
			recordUpdated(
				state,
				resource as InventoryEntry | Order,
				updated as InventoryEntry | Order,
				actions,
			);
			return updated;
		};
	}

	// --- Custom objects: a draft with version 0 creates only (INFERRED from the Custom Objects
	// docs: "version 0 … only created if it does not exist yet"; a taken container/key answers 409
	// ConcurrentModification). The mock treats version 0 as no version and overwrites.
	const customObjectCreate = customObjects.create.bind(customObjects);
	const documents = state.storage.collection('key-value-document');
	customObjects.create = async (context, draft) => {
		const { container, key, version } = draft as CustomObjectDraft;
		if (version === 0) {
			const existing = [...documents.peekAll()].find(
				(object: CustomObject) => object.container === container && object.key === key,
			);
			if (existing)
				throw apiError(
					409,
					'ConcurrentModification',
					`Object ${existing.id} has a different version than expected. Expected: 0 - Actual: ${existing.version}.`,
					{ currentVersion: existing.version },
				);
		}
		return customObjectCreate(context, draft);
	};
}

/** Registers (or replaces) an update action on one of the mock's update handlers. */
function setAction<R, A>(
	repository: HookableRepository,
	name: string,
	handler: ActionHandler<R, A>,
): void {
	repository.actions[name] = handler as unknown as ActionHandler<never, never>;
}

function duplicateField(
	apiError: ThrowApiError,
	field: string,
	value: string,
	what: string,
	conflictingResource?: DuplicateFieldError['conflictingResource'],
): Error {
	return apiError(400, 'DuplicateField', `${what} already exists.`, {
		field,
		duplicateValue: value,
		conflictingResource,
	});
}
