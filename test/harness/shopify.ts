/**
 * Routes this process's HTTPS to the Shopify simulator as n8n is routed in production setups behind
 * a proxy: HTTPS_PROXY (n8n's request layer reads it per request) and the simulator's test CA added
 * to Node's default trust store, so n8n's own Shopify nodes reach https://<shop>.myshopify.com
 * in process. NO_PROXY keeps the other sandboxes (plain HTTP on loopback) direct.
 */
import tls from 'node:tls';
import type { IDataObject } from 'n8n-workflow';

import type { ShopifySandbox } from '../../sandbox/shopify/server';
import type { OrderInput, OrderRecord } from '../../sandbox/shopify/state';
import type { WorkflowJson, WorkflowRunner } from './run-workflow';
import { WebhookReceiver } from './webhook-receiver';

/** Routes HTTPS through the simulator; returns what undoes it. */
export function routeHttpsToShopify(sandbox: ShopifySandbox): () => void {
	const saved = { proxy: process.env.HTTPS_PROXY, noProxy: process.env.NO_PROXY };
	const defaultCas = tls.getCACertificates('default');
	process.env.HTTPS_PROXY = sandbox.proxyUrl;
	process.env.NO_PROXY = '127.0.0.1,localhost';
	tls.setDefaultCACertificates([...defaultCas, sandbox.caPem]);
	return () => {
		if (saved.proxy === undefined) delete process.env.HTTPS_PROXY;
		else process.env.HTTPS_PROXY = saved.proxy;
		if (saved.noProxy === undefined) delete process.env.NO_PROXY;
		else process.env.NO_PROXY = saved.noProxy;
		tls.setDefaultCACertificates(defaultCas);
	};
}

/**
 * Activates a configured Shopify template as n8n does: its Shopify Trigger registers its webhook
 * with the shop (HookContext `create`) at n8n's production webhook URL, here served by a
 * WebhookReceiver (the runner's base URL is set to the receiver's origin), which hands each
 * delivery to n8n's webhook path. Returns the receiver (close it when done) and the topics the shop
 * now has registered at its address.
 */
export async function activateShopifyTrigger(
	{ runner, sandboxes }: { runner: WorkflowRunner; sandboxes: { shopify: ShopifySandbox } },
	workflow: WorkflowJson,
	trigger = 'Shopify Trigger',
): Promise<{ receiver: WebhookReceiver; topics: string[] }> {
	const { webhookId } = workflow.nodes.find((node) => node.name === trigger)!;
	const receiver = await WebhookReceiver.start(runner, workflow, trigger);
	runner.baseUrl = receiver.origin;
	const created = await runner.webhookMethod(workflow, trigger, 'create');
	if (created.result !== true) throw new Error(`${trigger} did not register its webhook`);
	receiver.staticData = created.staticData;
	const address = `${receiver.origin}/webhook/${webhookId}/webhook`;
	const topics = [...sandboxes.shopify.state.webhooks.values()]
		.filter((webhook) => webhook.address === address)
		.map((webhook) => webhook.topic);
	return { receiver, topics };
}

/** An order placed in the shop; resolves once Shopify's webhooks for it have been answered. */
export async function placeShopifyOrder(
	sandbox: ShopifySandbox,
	input: OrderInput,
): Promise<OrderRecord> {
	const order = sandbox.state.createOrder(input);
	await sandbox.webhooksSettled();
	return order;
}

/**
 * The Shopify templates a test activates, each through its Shopify Trigger's registration
 * (activateShopifyTrigger); `close()` (afterEach) closes their receivers.
 */
export class ShopifyTriggers {
	private readonly receivers: WebhookReceiver[] = [];

	constructor(
		private readonly fixture: { runner: WorkflowRunner; sandboxes: { shopify: ShopifySandbox } },
	) {}

	/** Activates a configured template, which must register exactly `topic` with the shop. */
	async activate(
		workflow: WorkflowJson,
		topic: string,
		trigger = 'Shopify Trigger',
	): Promise<WebhookReceiver> {
		const { receiver, topics } = await activateShopifyTrigger(this.fixture, workflow, trigger);
		this.receivers.push(receiver);
		if (topics.length !== 1 || topics[0] !== topic)
			throw new Error(`${trigger} registered ${JSON.stringify(topics)}, not ["${topic}"]`);
		return receiver;
	}

	async close(): Promise<void> {
		for (const receiver of this.receivers.splice(0)) await receiver.close();
	}
}

/** Every exception of the alerts posted so far (Send Alert's `exceptions`), in order. */
export function alertedExceptions(fixture: { alerts(): IDataObject[] }): IDataObject[] {
	return fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);
}

/**
 * A web checkout of the test shop (prices include VAT): Ann Lee, delivered to Leeds with Standard
 * Delivery at 3.95, two TEE-RED-M and one CAP-BLUE-OS unless `overrides` say otherwise.
 */
export function shopifyWebOrder(overrides: Partial<OrderInput> = {}): OrderInput {
	return {
		email: 'ann.lee@example.com',
		customer: { email: 'ann.lee@example.com', first_name: 'Ann', last_name: 'Lee' },
		shipping_address: {
			first_name: 'Ann',
			last_name: 'Lee',
			address1: '12 Canal Street',
			address2: 'Flat 3',
			city: 'Leeds',
			province: 'West Yorkshire',
			zip: 'LS1 4AB',
			country_code: 'GB',
			phone: '+44 113 496 0000',
		},
		shipping_lines: [{ title: 'Standard Delivery', price: '3.95' }],
		line_items: [
			{ sku: 'TEE-RED-M', quantity: 2 },
			{ sku: 'CAP-BLUE-OS', quantity: 1 },
		],
		...overrides,
	};
}

/** A £25 gift card sold as an order line (not stock: the order injection leaves it out). */
export const GIFT_CARD_LINE = {
	sku: 'GIFT-CARD-25',
	title: 'Gift Card £25',
	quantity: 1,
	price: '25.00',
	gift_card: true,
};

/** A £2 tip as Shopify adds it to an order's lines (no product, a tip payment gateway). */
export const TIP_LINE = {
	title: 'Tip',
	quantity: 1,
	price: '2.00',
	tip_payment_gateway: 'shopify_payments',
};
