/**
 * The API side of Order → Create: the duplicate check (batched, in ./existing.ts), creation 20
 * orders per call per fulfilment location, and the read-back that gives each output its Linnworks
 * order number.
 */
import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { chunk, forEachConcurrently, httpStatusOf, jsonBytes } from '../../../../shared/transport';
import type { ItemResults } from '../../../../shared/items';

import {
	sameChannel,
	toCanonicalOrder,
	toChannelOrder,
	type LinnworksOrderDetails,
} from '../../../model';
import { findOrdersByReference, getOrderDetails } from '../../../queries';
import { LIMITS, type LinnworksClient } from '../../../transport';
import { findListedOrders, planListings } from './existing';
import type { PreparedOrder } from './prepare';

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
	private async existingByReference(
		entry: PreparedOrder,
	): Promise<LinnworksOrderDetails | undefined> {
		const found = await findOrdersByReference(this.client, entry.order.reference, entry.itemIndex);
		return found.find((details) => sameChannel(details.GeneralInfo, entry.routing));
	}

	/**
	 * Orders that already exist (open, processed or cancelled) are output with `created: false`; the
	 * others are returned, to create. A Source whose listing fails fails its orders, creating none.
	 * `locationIds` are every Linnworks location, where open orders are listed.
	 */
	async skipExisting(orders: PreparedOrder[], locationIds: string[]): Promise<PreparedOrder[]> {
		const toCreate: PreparedOrder[] = [];
		const settle = (entry: PreparedOrder, existing: LinnworksOrderDetails | undefined) => {
			if (existing) this.results.succeed(entry.itemIndex, output(entry, existing, false));
			else toCreate.push(entry);
		};
		const { sources, byReference } = planListings(orders);
		for (const listed of sources) {
			try {
				const existing = await findListedOrders(this.client, listed, locationIds);
				if (!existing) byReference.push(...listed.orders);
				else for (const entry of listed.orders) settle(entry, existing.get(entry));
			} catch (error) {
				for (const entry of listed.orders) this.results.fail(entry.itemIndex, error);
			}
		}
		// Orders the listings cannot answer for: placed before their Source's listing window, or too
		// few (or too many pages of existing orders) for listing to be cheaper. Each is looked up by
		// reference (Orders/GetOrderDetailsByReferenceId covers open and processed orders).
		for (const entry of byReference) {
			try {
				settle(entry, await this.existingByReference(entry));
			} catch (error) {
				this.results.fail(entry.itemIndex, error);
			}
		}
		return toCreate.sort((a, b) => a.itemIndex - b.itemIndex);
	}

	/**
	 * Creates per fulfilment location (CreateOrders takes one location per call), 20 per call, then
	 * reads every saved order back at once (50 per call) for its Linnworks order number.
	 */
	async create(orders: PreparedOrder[]): Promise<void> {
		const byLocation = new Map<string, PreparedOrder[]>();
		for (const entry of orders) {
			const group = byLocation.get(entry.fulfilment.StockLocationId) ?? [];
			group.push(entry);
			byLocation.set(entry.fulfilment.StockLocationId, group);
		}
		const accepted: PreparedOrder[] = [];
		const savedIds: string[] = [];
		const batches = [...byLocation.values()].flatMap((group) =>
			chunk(group, LIMITS.ordersPerCreate, { weigh: (entry) => jsonBytes(entry.order) }),
		);
		// Batches are independent (each order is in one), so several can be in flight at once.
		await forEachConcurrently(batches, LIMITS.concurrentCalls, async (batch) => {
			await this.send(batch, accepted, savedIds);
		});
		await this.readBack(accepted, savedIds);
	}

	/** One CreateOrders call; the orders it accepted and the ids it saved are added to the lists. */
	private async send(
		batch: PreparedOrder[],
		accepted: PreparedOrder[],
		savedIds: string[],
	): Promise<void> {
		const channelOrders = batch.map((entry) =>
			toChannelOrder(
				entry.order,
				entry.routing,
				entry.settings.guest,
				entry.settings.dispatchWithinDays,
			),
		);
		try {
			const ids = await this.client.call<string[] | null>('Orders/CreateOrders', {
				orders: channelOrders as unknown as IDataObject[],
				location: batch[0].fulfilment.LocationName,
			});
			accepted.push(...batch);
			savedIds.push(...(ids ?? []));
		} catch (error) {
			// A rejected batch may hold one bad order; send the orders one by one to isolate it.
			if (batch.length > 1 && (httpStatusOf(error) ?? 500) < 500) {
				for (const entry of batch) await this.send([entry], accepted, savedIds);
				return;
			}
			for (const entry of batch) this.results.fail(entry.itemIndex, error);
		}
	}

	private async readBack(accepted: PreparedOrder[], savedIds: string[]): Promise<void> {
		if (!accepted.length) return;
		let saved: LinnworksOrderDetails[];
		try {
			saved = [...(await getOrderDetails(this.client, savedIds)).values()];
		} catch (error) {
			// The orders were created; the next run finds them and returns them with created: false.
			for (const entry of accepted) this.results.fail(entry.itemIndex, error);
			return;
		}
		const savedByReference = new Map<string, LinnworksOrderDetails[]>();
		for (const details of saved) {
			const reference = details.GeneralInfo.ReferenceNum;
			savedByReference.set(reference, [...(savedByReference.get(reference) ?? []), details]);
		}
		for (const entry of accepted) {
			const details = savedByReference
				.get(entry.order.reference)
				?.find((candidate) => sameChannel(candidate.GeneralInfo, entry.routing));
			if (details) {
				this.results.succeed(entry.itemIndex, output(entry, details, true));
				continue;
			}
			// CreateOrders leaves out an order it skipped because a paid one with the same key exists:
			// one created by a run racing this one since the check, or processed while it listed.
			try {
				const existing = await this.existingByReference(entry);
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
