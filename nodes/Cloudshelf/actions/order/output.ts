/** Turns Cloudshelf orders into output items, resolving each line's SKU. */
import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { toCanonicalOrder, type CloudshelfOrder } from '../../model';
import type { SkuResolver } from '../../queries';

/** The canonical order, or an error naming the lines whose variant Cloudshelf does not know. */
export function orderOutput(
	node: INode,
	order: CloudshelfOrder,
	resolver: SkuResolver,
	simplify: boolean,
	itemIndex: number,
): IDataObject | NodeOperationError {
	if (!simplify) return order as unknown as IDataObject;
	const { skus, problems } = resolver.skusOf(order);
	if (problems.length) {
		return new NodeOperationError(node, `Cloudshelf order ${order.id}: ${problems.join('; ')}`, {
			itemIndex,
			description:
				'The SKU of these lines cannot be found. Re-upsert the product with the Cloudshelf node (Product → Upsert), or handle the order by hand.',
		});
	}
	return toCanonicalOrder(order, skus as string[]) as unknown as IDataObject;
}
