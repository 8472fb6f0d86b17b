/**
 * The API side of Order → Create: the idempotency lookup by reference, creation 20 orders per call
 * per fulfilment location, and the read-back that gives each output its Linnworks order number.
 */
import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { chunk, httpStatusOf } from '../../../../shared/transport';
import type { ItemResults } from '../../../../shared/items';
import { normaliseKey } from '../../../../shared/mapping';

import {
	toCanonicalOrder,
	toChannelOrder,
	type LinnworksOrderDetails,
	type OrderRouting,
} from '../../../model';
import { findOrdersByReference, getOrderDetails } from '../../../queries';
import { LIMITS, type LinnworksClient } from '../../../transport';
import type { PreparedOrder } from './prepare';

/** Linnworks identifies an order by Source + SubSource + reference. */
function sameRouting(details: LinnworksOrderDetails, routing: OrderRouting): boolean {
	return (
		normaliseKey(details.GeneralInfo.Source) === normaliseKey(routing.source) &&
		normaliseKey(details.GeneralInfo.SubSource) === normaliseKey(routing.subSource)
	);
}

function output(
	entry: PreparedOrder,
	details: LinnworksOrderDetails,
	created: boolean,
): IDataObject {
	if (!entry.settings.simplify) return { created, ...details } as unknown as IDataObject;
	return {
		created,
		reference: entry.order.reference,
		orderId: details.OrderId,
		numOrderId: details.NumOrderId,
		source: details.GeneralInfo.Source,
		subSource: details.GeneralInfo.SubSource,
		fulfilmentLocation: entry.fulfilment.LocationName,
		order: toCanonicalOrder(details) as unknown as IDataObject,
	};
}

export class OrderSubmitter {
	constructor(
		private readonly node: INode,
		private readonly client: LinnworksClient,
		private readonly results: ItemResults,
	) {}

	/** The existing order filed under the same reference, Source and SubSource, if any. */
	private async existing(entry: PreparedOrder): Promise<LinnworksOrderDetails | undefined> {
		const found = await findOrdersByReference(this.client, entry.order.reference, entry.itemIndex);
		return found.find((details) => sameRouting(details, entry.routing));
	}

	/** Orders that already exist are output with `created: false`; the others are returned, to create. */
	async skipExisting(orders: PreparedOrder[]): Promise<PreparedOrder[]> {
		const toCreate: PreparedOrder[] = [];
		for (const entry of orders) {
			try {
				const existing = await this.existing(entry);
				if (existing) this.results.succeed(entry.itemIndex, output(entry, existing, false));
				else toCreate.push(entry);
			} catch (error) {
				this.results.fail(entry.itemIndex, error);
			}
		}
		return toCreate;
	}

	/** Creates per fulfilment location (CreateOrders takes one location per call), 20 per call. */
	async create(orders: PreparedOrder[]): Promise<void> {
		const byLocation = new Map<string, PreparedOrder[]>();
		for (const entry of orders) {
			const group = byLocation.get(entry.fulfilment.StockLocationId) ?? [];
			group.push(entry);
			byLocation.set(entry.fulfilment.StockLocationId, group);
		}
		for (const group of byLocation.values()) {
			for (const batch of chunk(group, LIMITS.ordersPerCreate)) await this.createBatch(batch);
		}
	}

	private async createBatch(batch: PreparedOrder[]): Promise<void> {
		const channelOrders = batch.map((entry) =>
			toChannelOrder(
				entry.order,
				entry.routing,
				entry.settings.guest,
				entry.settings.dispatchWithinDays,
			),
		);
		let createdIds: string[];
		try {
			createdIds = await this.client.call<string[]>('Orders/CreateOrders', {
				orders: channelOrders as unknown as IDataObject[],
				location: batch[0].fulfilment.LocationName,
			});
		} catch (error) {
			// A rejected batch may hold one bad order; send the orders one by one to isolate it.
			if (batch.length > 1 && (httpStatusOf(error) ?? 500) < 500) {
				for (const entry of batch) await this.createBatch([entry]);
				return;
			}
			for (const entry of batch) this.results.fail(entry.itemIndex, error);
			return;
		}

		// Read the saved orders back (50 per call) for their order number.
		let saved: LinnworksOrderDetails[];
		try {
			saved = [...(await getOrderDetails(this.client, createdIds ?? [])).values()];
		} catch (error) {
			for (const entry of batch) this.results.fail(entry.itemIndex, error);
			return;
		}
		for (const entry of batch) {
			const details = saved.find(
				(candidate) =>
					candidate.GeneralInfo.ReferenceNum === entry.order.reference &&
					sameRouting(candidate, entry.routing),
			);
			if (details) {
				this.results.succeed(entry.itemIndex, output(entry, details, true));
				continue;
			}
			// CreateOrders leaves out orders it skipped because a paid one with the same key exists.
			try {
				const existing = await this.existing(entry);
				if (existing) this.results.succeed(entry.itemIndex, output(entry, existing, false));
				else
					this.results.fail(
						entry.itemIndex,
						new NodeOperationError(
							this.node,
							`Linnworks accepted order ${entry.order.reference} but did not save it`,
							{
								itemIndex: entry.itemIndex,
								description:
									'Check the Linnworks order import log; the order can be sent again safely.',
							},
						),
					);
			} catch (error) {
				this.results.fail(entry.itemIndex, error);
			}
		}
	}
}
