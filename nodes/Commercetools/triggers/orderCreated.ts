/**
 * commercetools Trigger → Order Created: `OrderCreated` (orders from a cart) and `OrderImported`
 * (Order Import, which does not emit OrderCreated, VERIFIED A8), each emitted as the canonical
 * Order. The order comes from the message's own payload (the order as created); a message
 * without it is completed by reading the order by id.
 */
import type {
	Order as CtOrder,
	OrderCreatedMessage,
	OrderImportedMessage,
} from '@commercetools/platform-sdk';
import type { IDataObject } from 'n8n-workflow';

import { orderOutput } from '../actions/order/output';
import { orders } from '../requests';
import type { CommercetoolsClient } from '../transport';
import { readByIds, type MessageEvent } from './messages';

type OrderMessage = OrderCreatedMessage | OrderImportedMessage;

const messageSummary = (message: OrderMessage): IDataObject => ({
	id: message.id,
	type: message.type,
	createdAt: message.createdAt,
	resourceId: message.resource.id,
});

export function orderCreated(client: CommercetoolsClient): MessageEvent<OrderMessage> {
	return {
		types: ['OrderCreated', 'OrderImported'],
		toItems: async (found, simplify) => {
			if (!simplify) return found as unknown as IDataObject[];
			const missing = found
				.filter((message) => !message.order)
				.map((message) => message.resource.id);
			const read = missing.length
				? await readByIds<CtOrder>(client, missing, (where, limit) =>
						orders.query({ where: [where], limit }),
					)
				: new Map<string, CtOrder>();
			return found.map((message) => {
				const order = (message.order as CtOrder | undefined) ?? read.get(message.resource.id);
				// An order commercetools no longer has is still emitted, so the event is not lost silently.
				if (!order) return { message: messageSummary(message), found: false };
				return orderOutput(order, true, { message: messageSummary(message) });
			});
		},
	};
}
