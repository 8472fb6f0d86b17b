/**
 * commercetools Trigger → Inventory Quantity Set: `InventoryEntryQuantitySet` (VERIFIED A8), as
 * canonical StockLevels `{sku, location: supply channel key, quantity: newAvailableQuantity,
 * onStock: newQuantityOnStock}`. Within one check only the newest level of each (SKU, channel) is
 * emitted (the highest resourceVersion): a burst of changes to one entry becomes its last level, which is what a stock push
 * needs. Channel keys are read by id, 100 a call.
 */
import type { Channel, InventoryEntryQuantitySetMessage } from '@commercetools/platform-sdk';
import type { IDataObject } from 'n8n-workflow';

import { withoutUndefined } from '../../shared/model';
import { channels } from '../requests';
import type { CommercetoolsClient } from '../transport';
import { readByIds, type MessageEvent } from './messages';

export function inventoryQuantitySet(
	client: CommercetoolsClient,
): MessageEvent<InventoryEntryQuantitySetMessage> {
	return {
		types: ['InventoryEntryQuantitySet'],
		toItems: async (found, simplify) => {
			if (!simplify) return found as unknown as IDataObject[];
			const channelIds = found
				.map((message) => message.supplyChannel?.id)
				.filter((id): id is string => Boolean(id));
			const byId = channelIds.length
				? await readByIds<Channel>(client, channelIds, (where, limit) =>
						channels.query([], { where: [where], limit }),
					)
				: new Map<string, Channel>();
			// Newest per (sku, channel): the entry's highest resourceVersion (messages of one write share
			// a createdAt millisecond, so time cannot order them).
			const newest = new Map<string, InventoryEntryQuantitySetMessage>();
			for (const message of found) {
				const sku = message.sku ?? message.resourceUserProvidedIdentifiers?.sku ?? '';
				const key = `${sku}\u0000${message.supplyChannel?.id ?? ''}`;
				const kept = newest.get(key);
				if (!kept || message.resourceVersion >= kept.resourceVersion) newest.set(key, message);
			}
			return [...newest.values()].map((message) => {
				const channelId = message.supplyChannel?.id;
				const channel = channelId ? byId.get(channelId) : undefined;
				return withoutUndefined({
					sku: message.sku ?? message.resourceUserProvidedIdentifiers?.sku ?? '',
					location: channelId ? (channel?.key ?? channelId) : undefined,
					quantity: Math.max(0, message.newAvailableQuantity),
					onStock: message.newQuantityOnStock,
					previousQuantity: message.oldAvailableQuantity,
					changedAt: message.createdAt,
					inventoryEntryId: message.resource.id,
				}) as IDataObject;
			});
		},
	};
}
