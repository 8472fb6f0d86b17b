/**
 * The API side of Order → Import, idempotent on the orderNumber (INFERRED recipe of reference A7):
 * 1. the order is looked up by orderNumber first (`GET /orders/order-number=…`): found → returned
 *    with `created: false`, nothing is sent;
 * 2. otherwise `POST /orders/import`. The client does not re-send it after a lost answer (it is not
 *    idempotent); a 5xx or a network failure after sending, or a 400 DuplicateField, reads the order
 *    back by orderNumber before anything else: found → returned (created: true after our own lost
 *    attempt, false when another run made it first); not found after a lost answer → sent again
 *    (MAX_ATTEMPTS in all);
 * 3. a refusal naming one of the order's SKUs becomes "SKU … is not a commercetools product variant".
 */
import type { Order as CtOrder } from '@commercetools/platform-sdk';
import { NodeOperationError, type INode } from 'n8n-workflow';

import { orders } from '../../../requests';
import { duplicateFieldOf, type CommercetoolsClient } from '../../../transport';
import type { PreparedImport } from './prepare';

/** Imports sent per order when answers are lost (each after reading the order back). */
const MAX_ATTEMPTS = 3;

export interface Imported {
	order: CtOrder;
	created: boolean;
}

/** The SKUs of the order that a refusal's messages name. */
function skusNamed(entry: PreparedImport, messages: string[]): string[] {
	const text = messages.join('\n');
	return [...new Set(entry.order.lines.map((line) => line.sku))].filter((sku) =>
		new RegExp(`['"\\s(]${sku.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\\s),.]`).test(` ${text} `),
	);
}

export async function importOrder(
	node: INode,
	client: CommercetoolsClient,
	entry: PreparedImport,
): Promise<Imported> {
	const { itemIndex, orderNumber } = entry;
	const readBack = async () =>
		await client.find<CtOrder>(orders.getByNumber(orderNumber), itemIndex);

	const existing = await readBack();
	if (existing) return { order: existing, created: false };

	let lostBefore = false;
	let lastFailure: Error | undefined;
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		const outcome = await client.tryRequest<CtOrder>(orders.import(entry.draft), itemIndex);
		if (outcome.ok) return { order: outcome.value, created: true };

		const duplicate = duplicateFieldOf(outcome.cause);
		if (duplicate || outcome.lost) {
			// The order may exist: our attempt went through, or another run imported it meanwhile.
			const found = await readBack();
			if (found) return { order: found, created: duplicate ? lostBefore : true };
			if (duplicate) {
				throw new NodeOperationError(
					node,
					`commercetools says order number ${orderNumber} exists (${duplicate.field ?? 'orderNumber'}), but it cannot be read`,
					{
						itemIndex,
						description:
							'Check that the API client may view orders (view_orders or manage_orders), then run again; the order is not imported twice.',
					},
				);
			}
			lostBefore = true;
			lastFailure = outcome.error;
			continue;
		}
		if (outcome.status === 400) {
			const skus = skusNamed(
				entry,
				outcome.errors.map((error) => error.message),
			);
			if (skus.length) {
				throw new NodeOperationError(
					node,
					`Order ${entry.order.reference}: SKU ${skus.join(', ')} is not a commercetools product variant`,
					{
						itemIndex,
						description: `Add the SKU to the SKU Mapping table (incoming SKU → commercetools SKU), or create the product variant in commercetools, then run again. commercetools said: ${outcome.errors
							.map((error) => `${error.code}: ${error.message}`)
							.join('; ')}`,
					},
				);
			}
		}
		throw outcome.error;
	}
	throw new NodeOperationError(
		node,
		`commercetools did not confirm the import of order ${orderNumber} after ${MAX_ATTEMPTS} attempts, and has no order with that number`,
		{
			itemIndex,
			description: `Run again later: the order number is looked up first, so the order is not imported twice. (${lastFailure?.message ?? 'no answer'})`,
		},
	);
}
