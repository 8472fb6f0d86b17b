/**
 * A sale order as an output item: the canonical Order (Simplify; payment methods named as the
 * Payment Method Mapping's tenders where it has them, the location by its Stokly name) or Stokly's
 * own sale order with its lines. Shared by Sale Order → Get and Get Many.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listLocations } from '../../requests';
import type { StoklyClient } from '../../transport';
import { paymentMethodTable, tenderOf } from '../paymentMethods';
import {
	toCanonicalOrder,
	type CanonicalNames,
	type StoklySaleOrder,
	type StoklySaleOrderLine,
} from './convert';

/**
 * The Payment Method Mapping table alone (without its unmapped-value policy, which only writes
 * need), read backwards: a Stokly method number is output as the first tender naming it.
 */
export const reversePaymentMethodProperty: INodeProperties = {
	...paymentMethodTable.properties()[0],
	description:
		'Optional: name the Stokly payment methods of the output as your tenders (the first row with a method number names it; numbers not in the table are output as they are)',
	displayOptions: { show: { simplify: [true] } },
};

export function saleOrderOutput(
	saleOrder: StoklySaleOrder,
	lines: StoklySaleOrderLine[],
	simplify: boolean,
	names: CanonicalNames,
): IDataObject {
	if (!simplify)
		return { ...(saleOrder as unknown as IDataObject), items: lines as unknown as IDataObject[] };
	return {
		saleOrderId: saleOrder.saleOrderId,
		...(saleOrder.niceId !== undefined ? { niceId: saleOrder.niceId } : {}),
		...(toCanonicalOrder(saleOrder, lines, names) as unknown as IDataObject),
	};
}

/** How one item's outputs name tenders and locations; the locations are listed once per execution. */
export class SaleOrderNames {
	private locations?: Promise<Map<string, string>>;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly client: StoklyClient,
	) {}

	async of(itemIndex: number): Promise<CanonicalNames> {
		const methods = paymentMethodTable.read(this.context, itemIndex);
		this.locations ??= listLocations(this.client, itemIndex).then(
			(list) => new Map(list.map((location) => [location.locationId, location.name])),
		);
		const locations = await this.locations;
		return {
			tenderOf: (method) => tenderOf(methods, method),
			locationName: (locationId) => locations.get(locationId),
		};
	}
}
