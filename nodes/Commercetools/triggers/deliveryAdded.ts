/**
 * commercetools Trigger → Delivery Added: `DeliveryAdded`, `ParcelAddedToDelivery` and
 * `ParcelTrackingDataUpdated` (VERIFIED A8), one canonical Fulfilment per delivery: the messages of
 * one check that name the same delivery (a delivery added with its parcel gives two) become one
 * item, built from the order as it is now (so the tracking added since is in it). A delivery that
 * is no longer on its order is emitted from the message's own payload, or as `found: false`.
 */
import type {
	Delivery,
	DeliveryAddedMessage,
	Order as CtOrder,
	ParcelAddedToDeliveryMessage,
	ParcelTrackingDataUpdatedMessage,
} from '@commercetools/platform-sdk';
import type { IDataObject } from 'n8n-workflow';

import { deliveriesOf, deliveryOutput } from '../actions/delivery/output';
import { orders } from '../requests';
import type { CommercetoolsClient } from '../transport';
import { readByIds, type MessageEvent } from './messages';

type DeliveryMessage =
	| DeliveryAddedMessage
	| ParcelAddedToDeliveryMessage
	| ParcelTrackingDataUpdatedMessage;

function deliveryIdOf(message: DeliveryMessage): string | undefined {
	return message.type === 'ParcelTrackingDataUpdated' ? message.deliveryId : message.delivery?.id;
}

export function deliveryAdded(client: CommercetoolsClient): MessageEvent<DeliveryMessage> {
	return {
		types: ['DeliveryAdded', 'ParcelAddedToDelivery', 'ParcelTrackingDataUpdated'],
		toItems: async (found, simplify) => {
			// One entry per (order, delivery), in the order of the first message naming it.
			const groups = new Map<string, DeliveryMessage[]>();
			for (const message of found) {
				const key = `${message.resource.id}/${deliveryIdOf(message) ?? message.id}`;
				groups.set(key, [...(groups.get(key) ?? []), message]);
			}
			const read = await readByIds<CtOrder>(
				client,
				found.map((message) => message.resource.id),
				(where, limit) => orders.query({ where: [where], limit }),
			);
			return [...groups.values()].map((group) => {
				const [first] = group;
				const messageInfo: IDataObject = {
					ids: group.map((message) => message.id),
					types: [...new Set(group.map((message) => message.type))],
					createdAt: first.createdAt,
					orderId: first.resource.id,
				};
				const deliveryId = deliveryIdOf(first);
				const order = read.get(first.resource.id);
				const fromMessage = group
					.map((message) =>
						message.type === 'ParcelTrackingDataUpdated' ? undefined : message.delivery,
					)
					.find((delivery): delivery is Delivery => Boolean(delivery));
				const delivery =
					(order && deliveriesOf(order).find((entry) => entry.id === deliveryId)) ?? fromMessage;
				if (!order || !delivery) return { messages: messageInfo, found: false };
				return deliveryOutput(order, delivery, simplify, { messages: messageInfo });
			});
		},
	};
}
