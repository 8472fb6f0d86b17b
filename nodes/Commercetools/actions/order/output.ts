/** One order as an output item: canonical Order (Simplify) or commercetools' own Order. */
import type { Order as CtOrder } from '@commercetools/platform-sdk';
import type { IDataObject } from 'n8n-workflow';

import { toCanonicalOrder } from './convert';

export function orderOutput(
	order: CtOrder,
	simplify: boolean,
	extra: IDataObject = {},
	locale = 'en',
): IDataObject {
	const ids = { commercetoolsOrderId: order.id, commercetoolsOrderVersion: order.version };
	return simplify
		? { ...extra, ...ids, ...(toCanonicalOrder(order, locale) as unknown as IDataObject) }
		: { ...extra, ...(order as unknown as IDataObject) };
}
