/** One order as an output item: canonical (Simplify) or Centra's own payload. */
import type { IDataObject } from 'n8n-workflow';

import { toCanonicalCentraOrder, type CentraOrder } from '../../model';

export function orderOutput(
	order: CentraOrder,
	simplify: boolean,
	extra: IDataObject = {},
): IDataObject {
	return simplify
		? { ...extra, ...(toCanonicalCentraOrder(order) as unknown as IDataObject) }
		: { ...extra, ...(order as unknown as IDataObject) };
}
