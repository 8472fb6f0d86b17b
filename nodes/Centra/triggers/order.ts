/**
 * Centra Trigger → order events (webhook `order` insert/update; events queue `Order`): the orders
 * the events name, read by number in one `orders(where: {number: [...]})` call per page, each
 * emitted as a canonical Order (Simplify) or Centra's own order, with the event that named it.
 */
import type { IDataObject } from 'n8n-workflow';

import { orderOutput } from '../actions/order/output';
import type { CentraOrder } from '../model';
import { readOrdersByNumber } from '../queries';
import type { CentraClient } from '../transport';

/** Order number → the order, for the numbers Centra still has (a deleted order is absent). */
export async function readOrders(
	client: CentraClient,
	numbers: number[],
): Promise<Map<number, CentraOrder>> {
	return numbers.length ? await readOrdersByNumber(client, numbers) : new Map();
}

export function orderItem(
	order: CentraOrder | undefined,
	simplify: boolean,
	event: IDataObject,
): IDataObject {
	// An order Centra no longer returns is still emitted, so the event is not lost silently.
	if (!order) return { event, found: false };
	return orderOutput(order, simplify, { event });
}
