/** One shipment as an output item: canonical Fulfilment (Simplify) or Centra's own payload. */
import type { IDataObject } from 'n8n-workflow';

import { toCanonicalFulfilment, type CentraOrder, type CentraShipment } from '../../model';

export function shipmentOutput(
	shipment: CentraShipment,
	simplify: boolean,
	extra: IDataObject = {},
	order?: Pick<CentraOrder, 'id' | 'number' | 'internalComment'>,
): IDataObject {
	if (!simplify)
		return {
			...extra,
			...(shipment as unknown as IDataObject),
			...(order && !shipment.order
				? { order: { id: order.id, number: order.number, internalComment: order.internalComment } }
				: {}),
		};
	return { ...extra, ...(toCanonicalFulfilment(shipment, order) as unknown as IDataObject) };
}
