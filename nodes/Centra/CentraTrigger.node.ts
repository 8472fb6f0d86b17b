import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CentraClient, CREDENTIAL_TYPE } from './transport';
import { orderItem, readOrders } from './triggers/order';
import { readShipments, shipmentItem } from './triggers/shipment';
import {
	SIGNATURE_HEADER,
	checkSignature,
	deliveryEvents,
	eventKey,
	remember,
	shippedKey,
	WEBHOOK_RETRY,
	type CentraWebhookEvent,
	type SeenState,
} from './triggers/webhook';

/**
 * The webhook events this trigger emits, as `<type>.<action>` of the plugin's payload. Centra's
 * docs show the actions `insert` and `update` for orders and `create` and `good_to_go` for
 * shipments (VERIFIED, webhook plugin and ERP integration docs; the full list is not published).
 * `shipment.update` and `shipment.complete` are ASSUMED: a shipment's completion is announced by an
 * action the docs do not name, so Only Shipped Shipments recognises a shipped shipment by reading it
 * (`isShipped`) whichever of these actions announces it.
 */
const EVENT_OPTIONS = [
	{ name: 'Order Created', value: 'order.insert', description: 'A new order came in' },
	{ name: 'Order Updated', value: 'order.update', description: 'An order changed' },
	{ name: 'Shipment Created', value: 'shipment.create', description: 'A shipment was created' },
	{
		name: 'Shipment Good to Go',
		value: 'shipment.good_to_go',
		description: 'A shipment was marked good to go (ready to ship)',
	},
	{
		name: 'Shipment Updated',
		value: 'shipment.update',
		description:
			"A shipment changed (not in Centra's docs, which name only create and good_to_go for shipments; a completion may arrive as an update)",
	},
	{
		name: 'Shipment Completed',
		value: 'shipment.complete',
		description:
			"A shipment was completed (an action Centra's docs do not name: they document create and good_to_go for shipments, so a completed shipment may arrive as an update instead; to catch it whichever action announces it, choose every shipment event and turn on Only Shipped Shipments)",
	},
];

const SHIPMENT_EVENTS = EVENT_OPTIONS.map((option) => option.value).filter((value) =>
	value.startsWith('shipment.'),
);

/** Answers the caller itself (401/400) and starts nothing. */
function refuse(
	context: IWebhookFunctions,
	statusCode: number,
	error: string,
): IWebhookResponseData {
	const res = context.getResponseObject();
	res.writeHead(statusCode, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify({ error }));
	return { noWebhookResponse: true };
}

/**
 * Centra Trigger: the Centra Webhook plugin's deliveries ("Integration API" webhook version),
 * verified, de-duplicated and turned into full orders and shipments. For Centra instances without
 * the plugin, Centra Events Trigger polls the events queue instead.
 *
 * Two nodes rather than one with a mode parameter (checked in n8n 2.41.1): n8n decides per node
 * type, not per parameter — a type with `webhooks` gets its webhook registered on activation and a
 * type with `poll()` gets a poller (cli active-workflow-manager: `addWebhooks` and
 * `addNonWebhookTriggers` both run for the same node); `polling: true` makes the loader add a
 * Poll Times parameter with no display condition (core nodes-loader `applySpecialNodeParameters`);
 * the editor labels the test button "Fetch Test Event" whenever the type has `polling`; and a
 * manual run of a type with `poll()` runs the poll instead of passing the test webhook's data on
 * (core WorkflowExecute.runNode checks `nodeType.poll` before `nodeType.webhook`).
 */
export class CentraTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Centra Trigger',
		name: 'centraTrigger',
		icon: { light: 'file:centra.svg', dark: 'file:centra.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Webhook: " + ($parameter["events"] || []).length + " events" }}',
		description:
			'Starts the workflow when the Centra Webhook plugin reports new or changed orders and shipments',
		defaults: { name: 'Centra Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'centra' }],
		properties: [
			{
				displayName:
					'In Centra AMS, add a Centra Webhook plugin of the "Integration API" version with this node\'s production URL, an endpoint secret (set the same value as Webhook Secret in the credential) and the order and shipment event triggers you need',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_OPTIONS,
				default: ['order.insert', 'order.update', ...SHIPMENT_EVENTS],
				description:
					'Emit these events; others in a delivery are acknowledged and skipped. Each event is emitted with its order or shipment read from Centra.',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to emit canonical orders and fulfilments (shared by all Retail Sync nodes) instead of the raw Centra order and shipment',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Only Shipped Shipments',
						name: 'onlyShipped',
						type: 'boolean',
						default: false,
						description:
							'Whether to emit a shipment only once it is shipped (completed), and each shipment once, whichever chosen shipment event announces it. Each shipment event makes the trigger read the shipment; one not shipped yet is acknowledged and skipped, and a later event emits it. Choose every shipment event with this on.',
					},
					{
						displayName: 'Signature Tolerance (Minutes)',
						name: 'toleranceMinutes',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 5,
						description:
							"How far the signature's timestamp may be from n8n's clock; older deliveries are refused as replays",
					},
				],
			},
		],
	};

	/**
	 * Centra's Webhook plugin is set up in Centra AMS (URL, secret, events) and has no API to
	 * register a URL, so there is nothing to create or delete: the webhook exists once the user has
	 * pasted the URL, and n8n only needs to listen.
	 */
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const secret = typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '';
		if (!secret) {
			this.logger.warn(
				`Centra Trigger "${this.getNode().name}" refused a delivery: the Centra credential has no Webhook Secret. Set the Centra Webhook plugin's endpoint secret there.`,
			);
			return refuse(this, 401, 'Signature verification is not configured');
		}
		const options = this.getNodeParameter('options', {}) as {
			toleranceMinutes?: number;
			onlyShipped?: boolean;
		};
		const request = this.getRequestObject();
		const check = checkSignature({
			secret,
			header: this.getHeaderData()[SIGNATURE_HEADER],
			rawBody: request.rawBody as Uint8Array | undefined,
			nowMs: Date.now(),
			toleranceSeconds: (options.toleranceMinutes ?? 5) * 60,
		});
		if (!check.ok) {
			this.logger.warn(
				`Centra Trigger "${this.getNode().name}" refused a delivery: ${check.reason}`,
			);
			return refuse(this, 401, 'Invalid Centra signature');
		}

		const events = deliveryEvents(this.getBodyData());
		if (!events) {
			return refuse(
				this,
				400,
				'Not a Centra Integration API webhook: expected a form field payload with {"events": [...]}',
			);
		}
		const wanted = new Set(this.getNodeParameter('events', []) as string[]);
		const onlyShipped = options.onlyShipped === true;
		// A test event ("Listen for test event") is always shown and leaves no trace.
		const manual = this.getMode() === 'manual';
		const state = this.getWorkflowStaticData('node') as SeenState;
		const seen = new Set(manual ? [] : (state.seenEvents ?? []));
		const fresh: CentraWebhookEvent[] = [];
		for (const event of events) {
			if (!wanted.has(`${event.type}.${event.action}`)) continue;
			// Only Shipped Shipments: one event per shipment, known by the shipment rather than the event.
			const key = onlyShipped && event.type === 'shipment' ? shippedKey(event.id) : eventKey(event);
			if (seen.has(key)) continue;
			seen.add(key);
			fresh.push(event);
		}
		if (!fresh.length) {
			// A repeated delivery, or only events not chosen: acknowledged, so Centra stops retrying.
			return { webhookResponse: { received: events.length, emitted: 0 } };
		}

		// Read before answering: if Centra cannot be read, n8n answers 500 and keeps no key, so
		// Centra's retry is processed rather than the events lost. The reads have a short retry
		// budget, so the answer leaves before Centra's 5-second timeout (see WEBHOOK_RETRY).
		const client = new CentraClient(this, { retry: WEBHOOK_RETRY });
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const numbersOf = (type: string) =>
			fresh.filter((event) => event.type === type).map((event) => event.id);
		const orders = await readOrders(client, numbersOf('order'));
		const shipments = await readShipments(client, numbersOf('shipment'));
		// A shipment not shipped yet (or gone) is skipped and not remembered: a later event emits it.
		const emitted = fresh.filter(
			(event) =>
				!onlyShipped || event.type !== 'shipment' || shipments.get(event.id)?.isShipped === true,
		);
		if (!emitted.length) {
			return { webhookResponse: { received: events.length, emitted: 0 } };
		}
		const items = emitted.map((event) => {
			const named = event as unknown as IDataObject;
			return event.type === 'order'
				? orderItem(orders.get(event.id), simplify, named)
				: shipmentItem(shipments.get(event.id), simplify, named);
		});
		if (!manual) {
			remember(
				state,
				emitted.map((event) =>
					onlyShipped && event.type === 'shipment' ? shippedKey(event.id) : eventKey(event),
				),
			);
		}
		return { workflowData: [this.helpers.returnJsonArray(items)] };
	}
}
