/** The upsertOrders call that Update Status and Record Fulfilment both make. */
import { UPSERT_ORDERS } from '../../queries';
import { LIMITS } from '../../transport';
import type { UpsertCall } from '../upsert';

export const UPSERT_ORDERS_CALL: UpsertCall = {
	operation: 'UpsertOrders',
	query: UPSERT_ORDERS,
	field: 'upsertOrders',
	variables: (input) => ({ input }),
	batchSize: LIMITS.upsertRowsPerCall,
	hint: 'Check the Cloudshelf order ID.',
};
