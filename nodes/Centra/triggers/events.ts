/**
 * Centra Events Trigger: the Integration API's events queue (`setEventListeners`,
 * `unsetEventListeners`, `events`, `confirmEvents`; VERIFIED, events-system docs), for Centra
 * instances without the Webhook plugin.
 *
 * - Listeners for the chosen object and change types are set once (additive and idempotent in
 *   Centra), on the check n8n runs when the workflow is activated; n8n saves the static data then.
 *   When the choice changes, the (object type, change type) pairs this node set before and no
 *   longer wants are unset, pair by pair (Centra then drops their queued events); a pair it did not
 *   set is never unset, nor a whole object type: the queue belongs to the token's integration and
 *   may be shared.
 * - `events` answers the oldest unconfirmed events. A check emits them and records their ids as
 *   pending; they are confirmed by the next check, once n8n has stored that they were emitted
 *   (static data is saved when a poll emits), so a crash in between re-emits rather than loses.
 *   The next check tells its pending ids apart because unconfirmed events come back first: a
 *   pending id among them is confirmed and not emitted again; one not among them is already
 *   confirmed. So an idle check makes one read and no mutation.
 * - Events the filter lets through but this node does not emit (the filter is per field, so
 *   choosing Order.CREATED and Shipment.COMPLETED also lets Order.COMPLETED through, when a
 *   listener for it was set by someone else) are confirmed by the check that reads them, with the
 *   pending ids: Centra's docs say to confirm an event even when nothing was done with it, or it stays in the
 *   queue forever and the query keeps returning those old events (a stall). Confirming them at
 *   once loses nothing: they are never emitted, and a check that emits nothing is not saved by n8n,
 *   so deferring them would never confirm them in a queue that holds only them. (Tokens that share
 *   an integration name share one queue, and an event confirmed by one consumer is gone for all:
 *   the editor notice asks for an integration of this trigger's own.)
 * - A check that fails (e.g. the details cannot be read) confirms nothing and records nothing, and
 *   a manual run (Fetch Test Event) reads a sample without confirming, changing listeners or
 *   touching the static data.
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import type { CentraClient } from '../transport';
import { orderItem, readOrders } from './order';
import { readShipments, shipmentItem } from './shipment';

interface EventsState {
	/** The listeners set, as `listenerKey` of the chosen events. */
	listeners?: string;
	/** Ids of the events emitted by the last check that emitted, not yet confirmed. */
	pending?: number[];
}

interface CentraEvent {
	id: number;
	objectType: string;
	changeType: string;
	objectReference?: string | null;
	createdAt: string;
	object?: { __typename?: string; number?: number; id?: number | string } | null;
}

/** `<objectType>.<changeType>` of the events queue. */
const EVENT_OPTIONS = [
	{ name: 'Order Created', value: 'Order.CREATED' },
	{ name: 'Order Updated', value: 'Order.UPDATED' },
	{ name: 'Order Completed', value: 'Order.COMPLETED' },
	{ name: 'Shipment Created', value: 'Shipment.CREATED' },
	{ name: 'Shipment Updated', value: 'Shipment.UPDATED', description: 'E.g. marked good to go.' },
	{ name: 'Shipment Completed', value: 'Shipment.COMPLETED' },
];

/** Centra answers at most 200 events a call (VERIFIED default `limit: 200`). */
const MAX_EVENTS_PER_CALL = 200;
export const MAX_PER_POLL = 100;
const SAMPLE_SIZE = 5;

export const properties: INodeProperties[] = [
	{
		displayName:
			"Centra generates events only once it has enabled the events queue for your instance: ask Centra (your CSM/PSM) to enable it for this token's integration, give the token the Event:read and Event:write permissions and an integration name no other consumer uses (tokens with the same integration share one queue). Centra advises polling at most about once a minute.",
		name: 'queueNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: ['Order.CREATED', 'Shipment.COMPLETED'],
		description:
			"Listen for these changes in Centra's events queue; each event is emitted once, with its order or shipment",
	},
	{
		displayName: 'Max Events per Check',
		name: 'maxPerPoll',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PER_POLL },
		default: MAX_PER_POLL,
		description: 'Larger backlogs are emitted over the following checks, oldest first',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to emit canonical orders and fulfilments (shared by all Retail Sync nodes) instead of the raw Centra order and shipment',
	},
];

const EVENTS_QUERY = `query Events($objectTypes: [EventObjectType!], $changeTypes: [EventChangeType!], $limit: Int!) {
	events(where: { objectType: $objectTypes, changeType: $changeTypes }, limit: $limit) {
		id objectType changeType objectReference createdAt
		object { __typename ... on Order { number } ... on Shipment { id } }
	}
}`;

const SET_LISTENERS = `mutation SetEventListeners($input: [EventListenerInput!]!) {
	setEventListeners(input: $input) { eventListeners { objectType changeTypes } userErrors { message path } }
}`;

const UNSET_LISTENERS = `mutation UnsetEventListeners($input: [UnsetEventListenersInput!]!) {
	unsetEventListeners(input: $input) { userErrors { message path } }
}`;

const CONFIRM_EVENTS = `mutation ConfirmEvents($ids: [Int!]!) {
	confirmEvents(input: { eventsIds: $ids }) { userErrors { message path } }
}`;

interface UserErrors {
	userErrors?: Array<{ message: string }>;
}

/** Object type → change types chosen. */
function listenersOf(chosen: string[]): Map<string, string[]> {
	const byType = new Map<string, string[]>();
	for (const value of chosen) {
		const [objectType, changeType] = value.split('.');
		if (!objectType || !changeType) continue;
		byType.set(objectType, [...(byType.get(objectType) ?? []), changeType]);
	}
	return byType;
}

const listenerKey = (byType: Map<string, string[]>) =>
	[...byType]
		.map(([type, changes]) => `${type}:${[...changes].sort().join('|')}`)
		.sort()
		.join(',');

/** A `listenerKey` read back: the listeners this node set. */
function listenersFromKey(key: string | undefined): Map<string, string[]> {
	const byType = new Map<string, string[]>();
	for (const entry of (key ?? '').split(',')) {
		const [objectType, changes] = entry.split(':');
		if (objectType && changes) byType.set(objectType, changes.split('|').filter(Boolean));
	}
	return byType;
}

/** The pairs of `before` that `now` no longer has, per object type (never a whole type unnamed). */
function listenersDropped(
	before: Map<string, string[]>,
	now: Map<string, string[]>,
): Array<{ objectType: string; changeTypes: string[] }> {
	return [...before]
		.map(([objectType, changes]) => ({
			objectType,
			changeTypes: changes.filter((change) => !now.get(objectType)?.includes(change)),
		}))
		.filter((entry) => entry.changeTypes.length > 0);
}

function failIfUserErrors(context: IPollFunctions, what: string, payload?: UserErrors | null) {
	const errors = payload?.userErrors ?? [];
	if (errors.length) {
		throw new NodeOperationError(
			context.getNode(),
			`Centra refused ${what}: ${errors.map((error) => error.message).join('; ')}`,
			{ description: 'Check that the token has the Event:read and Event:write permissions.' },
		);
	}
}

/** The object an event names: an order number or a shipment id. */
function objectIdOf(event: CentraEvent): number | undefined {
	const value =
		event.objectType === 'Order'
			? (event.object?.number ?? event.objectReference)
			: (event.object?.id ?? event.objectReference);
	const id = Number(value);
	return Number.isInteger(id) ? id : undefined;
}

export async function poll(this: IPollFunctions, client: CentraClient): Promise<IDataObject[]> {
	const manual = this.getMode() === 'manual';
	const byType = listenersOf(this.getNodeParameter('events', []) as string[]);
	if (!byType.size) return [];
	const state = this.getWorkflowStaticData('node') as EventsState;
	if (!manual) {
		const key = listenerKey(byType);
		if (state.listeners !== key) {
			const dropped = listenersDropped(listenersFromKey(state.listeners), byType);
			if (dropped.length) {
				const unset = await client.request<{ unsetEventListeners: UserErrors | null }>(
					'UnsetEventListeners',
					UNSET_LISTENERS,
					{ input: dropped },
				);
				failIfUserErrors(this, 'unsetting the event listeners', unset.unsetEventListeners);
			}
			const data = await client.request<{ setEventListeners: UserErrors | null }>(
				'SetEventListeners',
				SET_LISTENERS,
				{
					input: [...byType].map(([objectType, changeTypes]) => ({ objectType, changeTypes })),
				},
			);
			failIfUserErrors(this, 'setting the event listeners', data.setEventListeners);
			state.listeners = key;
		}
	}

	const pending = new Set(manual ? [] : (state.pending ?? []));
	const maxPerPoll = manual
		? SAMPLE_SIZE
		: Math.min(
				MAX_PER_POLL,
				Math.max(1, this.getNodeParameter('maxPerPoll', MAX_PER_POLL) as number),
			);
	const data = await client.request<{ events: CentraEvent[] | null }>('Events', EVENTS_QUERY, {
		objectTypes: [...byType.keys()],
		changeTypes: [...new Set([...byType.values()].flat())],
		limit: Math.min(MAX_EVENTS_PER_CALL, maxPerPoll + pending.size),
	});
	// The filter is per field, so an Order.COMPLETED listener would also let Shipment.COMPLETED
	// through when both types are chosen; keep only the pairs chosen.
	const read = data.events ?? [];
	const chosen = (event: CentraEvent) => byType.get(event.objectType)?.includes(event.changeType);
	const events = read.filter(chosen);
	const unwanted = read.filter((event) => !chosen(event));
	const emittedBefore = events.filter((event) => pending.has(event.id));
	const fresh = events.filter((event) => !pending.has(event.id)).slice(0, maxPerPoll);

	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const idsOf = (type: string) =>
		fresh
			.filter((event) => event.objectType === type)
			.map(objectIdOf)
			.filter((id): id is number => id !== undefined);
	const orders = await readOrders(client, idsOf('Order'));
	const shipments = await readShipments(client, idsOf('Shipment'));
	const items = fresh.map((event) => {
		const id = objectIdOf(event);
		const named: IDataObject = {
			id: event.id,
			objectType: event.objectType,
			changeType: event.changeType,
			objectId: id ?? null,
			createdAt: event.createdAt,
		};
		return event.objectType === 'Order'
			? orderItem(id === undefined ? undefined : orders.get(id), simplify, named)
			: shipmentItem(id === undefined ? undefined : shipments.get(id), simplify, named);
	});
	if (manual) return items;

	const done = [...emittedBefore, ...unwanted];
	if (done.length) {
		const confirmed = await client.request<{ confirmEvents: UserErrors | null }>(
			'ConfirmEvents',
			CONFIRM_EVENTS,
			{ ids: done.map((event) => event.id) },
		);
		failIfUserErrors(this, 'confirming events', confirmed.confirmEvents);
	}
	state.pending = fresh.map((event) => event.id);
	return items;
}
