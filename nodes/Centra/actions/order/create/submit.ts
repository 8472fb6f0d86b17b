/**
 * The API side of Order → Create. Idempotent through the order number: each order's candidate
 * numbers (derived from its reference) are read first, all orders' at once, and an order already
 * holding this reference in its internal comment is returned with `created: false` (before any
 * check, so a replay returns what was created whatever changed since). The others are
 * created through the Order API (`POST /order`) under the first free candidate; Centra's −5 ("order
 * number already exists", e.g. a run racing this one) reads that number back and either returns the
 * order (same reference) or moves on to the next candidate (another reference: a hash collision).
 * Every order is then read back at once for the output.
 */
import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import type { ItemResults } from '../../../../shared/items';
import { forEachConcurrently } from '../../../../shared/transport';
import { chooseOrderNumber, toCentraOrderBody, type CentraOrder } from '../../../model';
import { INTERNAL_COMMENT_PROBE, ORDER_CHECK_FIELDS, readOrdersByNumber } from '../../../queries';
import {
	ORDER_API_CODES,
	isRefusal,
	type CentraClient,
	type OrderApiRefusal,
} from '../../../transport';
import { orderOutput } from '../output';
import type { PreparedOrder } from './prepare';

/** Order API calls in flight at once (the REST Order API publishes no rate limit; ASSUMED modest). */
const CONCURRENT_CREATES = 4;

interface Settled {
	entry: PreparedOrder;
	number: number;
	created: boolean;
	/** Numbers Centra gave when it split the order (the first is `number`). */
	numbers?: number[];
}

function output(settled: Settled, order: CentraOrder): IDataObject {
	return orderOutput(order, settled.entry.settings.simplify, {
		created: settled.created,
		centraOrderNumber: settled.number,
		...(settled.numbers && settled.numbers.length > 1
			? { centraOrderNumbers: settled.numbers }
			: {}),
	});
}

export class OrderSubmitter {
	constructor(
		private readonly node: INode,
		private readonly client: CentraClient,
		private readonly results: ItemResults,
	) {}

	/** Who holds each candidate number (the orders' internal comments), filled by `skipExisting`. */
	private readonly taken = new Map<number, CentraOrder>();
	/** Orders found or created, read back together by `finish`. */
	private readonly settled: Settled[] = [];

	/**
	 * Reads every order's candidate numbers at once (200 numbers, 40 orders, per call); an order
	 * already in Centra under its reference is set aside to be output with `created: false`. Returns
	 * the others, to check and create. A failed read fails the orders: none is created unchecked.
	 */
	async skipExisting(orders: PreparedOrder[]): Promise<PreparedOrder[]> {
		if (!orders.length) return orders;
		try {
			const found = await readOrdersByNumber(
				this.client,
				orders.flatMap((entry) => entry.candidates),
				{ fields: ORDER_CHECK_FIELDS, also: INTERNAL_COMMENT_PROBE },
			);
			for (const [number, order] of found) this.taken.set(number, order);
		} catch (error) {
			for (const entry of orders) this.results.fail(entry.itemIndex, error);
			return [];
		}
		return orders.filter((entry) => {
			const choice = chooseOrderNumber(entry.order.reference, entry.candidates, this.taken);
			if (choice.kind !== 'existing') return true;
			this.settled.push({ entry, number: choice.number, created: false });
			return false;
		});
	}

	/** Creates the orders through the Order API, a few at a time, then outputs every order. */
	async create(orders: PreparedOrder[]): Promise<void> {
		await forEachConcurrently(orders, CONCURRENT_CREATES, async (entry) => {
			try {
				const outcome = await this.createOne(entry, this.taken);
				if (outcome) this.settled.push(outcome);
			} catch (error) {
				this.results.fail(entry.itemIndex, error);
			}
		});
		await this.readBack(this.settled);
	}

	private fail(entry: PreparedOrder, message: string, description: string): undefined {
		this.results.fail(
			entry.itemIndex,
			new NodeOperationError(this.node, `Order ${entry.order.reference}: ${message}`, {
				itemIndex: entry.itemIndex,
				description,
			}),
		);
		return undefined;
	}

	/** Creates the order (or finds it); undefined when it failed (recorded in results). */
	private async createOne(
		entry: PreparedOrder,
		taken: Map<number, CentraOrder>,
	): Promise<Settled | undefined> {
		const { reference } = entry.order;
		for (let attempt = 0; attempt <= entry.candidates.length; attempt++) {
			const choice = chooseOrderNumber(reference, entry.candidates, taken);
			if (choice.kind === 'existing') return { entry, number: choice.number, created: false };
			if (choice.kind === 'exhausted') {
				return this.fail(
					entry,
					`all ${entry.candidates.length} order numbers for this reference (${entry.candidates.join(', ')}) are taken by other orders`,
					'Inspect these orders in Centra: they hold other references (or none), so they are not this order. Contact whoever made them; do not change "Order Number Base" (every earlier order would be created again on replay and no longer found by reference).',
				);
			}
			const body = toCentraOrderBody(entry.order, { ...entry.centra, orderNumber: choice.number });
			const answer = await this.client.orderApi.call<{ orders?: number[]; order?: number }>(
				'POST',
				'/order',
				{ body: body as unknown as IDataObject },
				entry.itemIndex,
			);
			if (!isRefusal(answer)) {
				const numbers = answer.orders ?? (answer.order !== undefined ? [answer.order] : []);
				// The number is what makes a replay find the order: it must be the one asked for.
				if (numbers.length && !numbers.includes(choice.number)) {
					return this.fail(
						entry,
						`Centra created order number ${numbers.join(', ')} instead of the order number ${choice.number} sent`,
						`A replay would not find order ${numbers.join(', ')} and would create it again. Check that Centra's API plugin takes order numbers from the caller, and handle order ${numbers.join(', ')} in Centra (e.g. cancel it) before running again.`,
					);
				}
				return { entry, number: choice.number, created: true, numbers };
			}
			if (answer.code !== ORDER_API_CODES.orderNumberExists) return this.refused(entry, answer);
			// −5: someone holds this number. Whose order is it?
			const holder = (
				await readOrdersByNumber(this.client, [choice.number], {
					fields: ORDER_CHECK_FIELDS,
					itemIndex: entry.itemIndex,
				})
			).get(choice.number);
			if (!holder) {
				return this.fail(
					entry,
					`Centra says order number ${choice.number} exists, but the Integration API cannot read it`,
					'The order may be on hold or outside what the token may read. Check order number ' +
						`${choice.number} in Centra; the order was not created again.`,
				);
			}
			taken.set(choice.number, holder);
		}
		return this.fail(
			entry,
			'Centra kept answering that its order numbers exist',
			'Run again; the order is not created twice.',
		);
	}

	/** A refusal of the Order API, in words saying what to fix. */
	private refused(entry: PreparedOrder, answer: OrderApiRefusal): undefined {
		const detail = `(Centra code ${answer.code ?? '?'}${answer.msg ? `: ${answer.msg}` : ''})`;
		const all = [...new Set(entry.order.lines.map((line) => line.sku))];
		// Centra's message may name the SKUs it refused; then only those are named.
		const named = all.filter((sku) => answer.msg?.includes(sku));
		const skus = (named.length ? named : all).join(', ');
		switch (answer.code) {
			case ORDER_API_CODES.productNotSellable:
				return this.fail(
					entry,
					`Centra cannot sell SKU ${skus} in market ${entry.centra.market} with pricelist ${entry.centra.pricelist} ${detail}`,
					'Check in Centra that the products are active and available in the market and pricelist mapped for this location, then run again.',
				);
			case ORDER_API_CODES.notEnoughStock:
				return this.fail(
					entry,
					`Centra has not enough stock for SKU ${skus} ${detail}`,
					'Add stock to the warehouses of the market, or turn off "Adjust Stock" to create the order without taking stock, then run again.',
				);
			case ORDER_API_CODES.customerRegistrationFailed:
				return this.fail(
					entry,
					`Centra could not register the customer ${detail}`,
					'Check the order\'s customer e-mail, or turn off "Register Customer", then run again.',
				);
			default:
				return this.fail(
					entry,
					`Centra refused the order ${detail}`,
					'Fix what Centra names, then run again; the order is not created twice.',
				);
		}
	}

	private async readBack(settled: Settled[]): Promise<void> {
		if (!settled.length) return;
		const made = (entry: Settled) =>
			`order number ${entry.number} ${entry.created ? 'WAS created' : 'exists'} in Centra`;
		let orders: Map<number, CentraOrder>;
		try {
			orders = await readOrdersByNumber(
				this.client,
				settled.map((entry) => entry.number),
			);
		} catch (error) {
			// The orders exist; the next run finds them and returns them with created: false.
			const reason = (error as { description?: string; message?: string }) ?? {};
			for (const entry of settled)
				this.fail(
					entry.entry,
					`${made(entry)}, but reading it back failed: ${reason.message ?? String(error)}`,
					`${reason.description ? `${reason.description} ` : ''}Running again does not create it twice; it returns the order with created: false.`,
				);
			return;
		}
		for (const entry of settled) {
			const order = orders.get(entry.number);
			if (order) this.results.succeed(entry.entry.itemIndex, output(entry, order));
			else
				this.fail(
					entry.entry,
					`${made(entry)}, but the Integration API cannot read it back`,
					`Check order ${entry.number} in Centra (e.g. on hold, or outside what the token may read); running again does not create it twice.`,
				);
		}
	}
}
