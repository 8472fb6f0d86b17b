/**
 * Centra Events Trigger: the Integration API's events queue (`setEventListeners`, `events`,
 * `confirmEvents`; VERIFIED, events-system docs), for Centra instances without the Webhook plugin.
 *
 * - Listeners for the chosen object and change types are set once (additive and idempotent in
 *   Centra), on the check n8n runs when the workflow is activated; n8n saves the static data then.
 * - `events` answers the oldest unconfirmed events. A check emits them and records their ids as
 *   pending; they are confirmed by the next check, once n8n has stored that they were emitted
 *   (static data is saved when a poll emits), so a crash in between re-emits rather than loses.
 *   The next check tells its pending ids apart because unconfirmed events come back first: a
 *   pending id among them is confirmed and not emitted again; one not among them is already
 *   confirmed. So an idle check makes one read and no mutation.
 * - Only events this trigger emitted are confirmed; a check that fails (e.g. the details cannot be
 *   read) confirms nothing and records nothing, and a manual run (Fetch Test Event) reads a sample
 *   without confirming, setting listeners or touching the static data.
 * - Listeners are never unset: the queue belongs to the token's integration and may be shared.
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
	const events = (data.events ?? []).filter((event) =>
		byType.get(event.objectType)?.includes(event.changeType),
	);
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

	if (emittedBefore.length) {
		const confirmed = await client.request<{ confirmEvents: UserErrors | null }>(
			'ConfirmEvents',
			CONFIRM_EVENTS,
			{ ids: emittedBefore.map((event) => event.id) },
		);
		failIfUserErrors(this, 'confirming events', confirmed.confirmEvents);
	}
	state.pending = fresh.map((event) => event.id);
	return items;
}
