/**
 * A commercetools sandbox on a free port plus a runner whose credential points at it, and typed
 * helpers to seed it (channels, stores, products in bulk, inventory, imported orders, stock
 * messages) and read it back (inventory by sku + channel key, orders by orderNumber, messages).
 */
import type {
	InventoryEntry,
	InventoryEntryQuantitySetMessage,
	Message,
	Order,
	OrderImportDraft,
} from '@commercetools/platform-sdk';
import type { IDataObject, INode, INodePropertyOptions } from 'n8n-workflow';

import type {
	CommercetoolsSandbox,
	CommercetoolsSandboxOptions,
} from '../../sandbox/commercetools/server';
import type { ProductSeed, SeedData } from '../../sandbox/commercetools/state';
import { PACKAGE_NAME } from './node-types';
import { WorkflowRunner, type WorkflowJson } from './run-workflow';
import {
	loadOptionsContext,
	loadOptionsOf,
	platformNodeWorkflow,
	sandboxCredentials,
	startPlatform,
	type PlatformFixture,
	type PlatformNode,
} from './platform';

export {
	SANDBOX_CLIENT,
	SANDBOX_PROJECT_KEY,
	type CommercetoolsSandbox,
} from '../../sandbox/commercetools/server';

export const COMMERCETOOLS = `${PACKAGE_NAME}.commercetools`;
export const COMMERCETOOLS_TRIGGER = `${PACKAGE_NAME}.commercetoolsTrigger`;
/** The commercetools sandbox credential, as a node's `credentials`. */
export const COMMERCETOOLS_CREDENTIALS = sandboxCredentials('commercetools');
const COMMERCETOOLS_NODE: PlatformNode = {
	name: 'commercetools',
	type: COMMERCETOOLS,
	credentials: COMMERCETOOLS_CREDENTIALS,
};

export type CommercetoolsFixture = PlatformFixture<'commercetools'>;

export async function startCommercetools(
	options: CommercetoolsSandboxOptions = {},
	seed: SeedData = COMMERCETOOLS_SEED,
): Promise<CommercetoolsFixture> {
	return await startPlatform('commercetools', options, (sandbox) => sandbox.state.seed(seed));
}

/** Manual trigger → one commercetools node with these parameters, fed `input` items. */
export function commercetoolsWorkflow(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return platformNodeWorkflow(COMMERCETOOLS_NODE, parameters, input, extra);
}

/**
 * Three supply channels (the demo locations: a warehouse and two stores) and a distribution
 * channel, the stores `oxford-street` and `uk-stores` (supplied by all three, as the agency tool's
 * sandbox client expects), a tee in three sizes (EUR, one with a discount), a cap, and stock in both channels.
 */
export const COMMERCETOOLS_SEED: SeedData = {
	channels: [
		{ key: 'london-warehouse', name: 'London Warehouse' },
		{ key: 'oxford-street', name: 'Oxford Street' },
		{ key: 'manchester-arndale', name: 'Manchester Arndale' },
		{ key: 'web-prices', name: 'Web prices', roles: ['ProductDistribution'] },
	],
	stores: [
		{ key: 'oxford-street', name: 'Oxford Street', supplyChannels: ['oxford-street'] },
		{
			key: 'uk-stores',
			name: 'UK stores',
			supplyChannels: ['london-warehouse', 'oxford-street', 'manchester-arndale'],
		},
	],
	products: [
		{
			key: 'TEE-RED',
			name: 'Tee red',
			variants: [
				{
					sku: 'TEE-RED-M',
					prices: [{ currency: 'EUR', centAmount: 1999 }],
					images: ['https://images.example.com/tee-red.jpg'],
					attributes: { size: 'M', gtin: '7350000000011' },
				},
				{
					sku: 'TEE-RED-L',
					prices: [{ currency: 'EUR', centAmount: 1999, discountedCentAmount: 1499 }],
					attributes: { size: 'L' },
				},
				{
					sku: 'TEE-RED-XL',
					prices: [
						{ currency: 'EUR', centAmount: 1999 },
						{ currency: 'GBP', centAmount: 1799, country: 'GB' },
					],
					attributes: { size: 'XL' },
				},
			],
		},
		{
			key: 'CAP-BLUE',
			name: 'Cap blue',
			variants: [{ sku: 'CAP-BLUE', prices: [{ currency: 'EUR', centAmount: 1499 }] }],
		},
	],
	inventory: [
		{ sku: 'TEE-RED-M', channel: 'london-warehouse', quantityOnStock: 10 },
		{ sku: 'TEE-RED-M', channel: 'oxford-street', quantityOnStock: 5, availableQuantity: 3 },
		{ sku: 'TEE-RED-L', channel: 'london-warehouse', quantityOnStock: 4 },
		{ sku: 'CAP-BLUE', channel: 'oxford-street', quantityOnStock: 7 },
	],
};

/** `count` published products of one variant each, SKU `<prefix>-00001` …, EUR prices. */
export function bulkProducts(count: number, prefix = 'BULK'): ProductSeed[] {
	return Array.from({ length: count }, (_, index) => {
		const number = String(index + 1).padStart(5, '0');
		return {
			key: `${prefix}-P${number}`,
			name: `${prefix} product ${number}`,
			variants: [
				{
					sku: `${prefix}-${number}`,
					prices: [{ currency: 'EUR', centAmount: 1000 + (index % 100) }],
				},
			],
		};
	});
}

/** Seeds `count` products at once (12,000 take well under a second). */
export function seedBulkProducts(sandbox: CommercetoolsSandbox, count: number, prefix?: string) {
	return sandbox.state.addProducts(bulkProducts(count, prefix));
}

/**
 * `count` InventoryEntryQuantitySet messages, as real `changeQuantity` writes make them: entries
 * `<prefix>-00001` … in `channelKey` are created when absent, then set one message each, cycling
 * through `skus` entries (so one SKU can get several messages).
 */
export function seedQuantityMessages(
	sandbox: CommercetoolsSandbox,
	count: number,
	{
		channelKey = 'london-warehouse',
		skus = count,
		prefix = 'STOCK',
	}: { channelKey?: string; skus?: number; prefix?: string } = {},
): InventoryEntryQuantitySetMessage[] {
	const skuOf = (index: number) => `${prefix}-${String((index % skus) + 1).padStart(5, '0')}`;
	for (let index = 0; index < Math.min(skus, count); index++)
		if (!sandbox.state.inventory(skuOf(index), channelKey))
			sandbox.state.addInventory({ sku: skuOf(index), channel: channelKey, quantityOnStock: 0 });
	return Array.from({ length: count }, (_, index) => {
		const message = sandbox.state.setQuantity(skuOf(index), channelKey, (index % 50) + 1);
		if (!message) throw new Error('The Messages API is off: turn it on to seed messages');
		return message;
	});
}

/** An OrderImportDraft for lines of known SKUs, with shippingInfo (so deliveries can be added). */
export function orderImportDraft(
	orderNumber: string,
	lines: Array<{ sku: string; quantity: number; centAmount?: number; channel?: string }>,
	extra: Partial<OrderImportDraft> = {},
): OrderImportDraft {
	const total = lines.reduce((sum, line) => sum + (line.centAmount ?? 1999) * line.quantity, 0);
	return {
		orderNumber,
		customerEmail: 'jane@example.com',
		country: 'GB',
		lineItems: lines.map((line) => ({
			name: { en: line.sku },
			variant: { sku: line.sku },
			quantity: line.quantity,
			price: { value: { currencyCode: 'EUR', centAmount: line.centAmount ?? 1999 } },
			supplyChannel: line.channel ? { typeId: 'channel', key: line.channel } : undefined,
		})),
		totalPrice: { currencyCode: 'EUR', centAmount: total },
		shippingAddress: { country: 'GB', firstName: 'Jane', lastName: 'Smith', city: 'London' },
		shippingInfo: {
			shippingMethodName: 'Standard',
			price: { currencyCode: 'EUR', centAmount: 0 },
			shippingRate: { price: { currencyCode: 'EUR', centAmount: 0 } },
		},
		...extra,
	};
}

/** Imports an order as `POST /orders/import` does (OrderImported message, orderNumber unique). */
export function importOrder(
	sandbox: CommercetoolsSandbox,
	draft: OrderImportDraft,
): Promise<Order> {
	return sandbox.importOrder(draft);
}

export function inventoryOf(
	sandbox: CommercetoolsSandbox,
	sku: string,
	channelKey?: string,
): InventoryEntry | undefined {
	return sandbox.state.inventory(sku, channelKey);
}

export function orderOf(sandbox: CommercetoolsSandbox, orderNumber: string): Order | undefined {
	return sandbox.state.order(orderNumber);
}

/** Recorded messages in API order (createdAt, id), optionally of some types. */
export function messagesOf(sandbox: CommercetoolsSandbox, types?: string[]): Message[] {
	return sandbox.state.messages(types);
}

/**
 * n8n's own LoadOptionsContext for a commercetools node, with the runner's credential: what the
 * editor's drop-downs run in.
 */
export function commercetoolsContext(runner: WorkflowRunner, parameters: IDataObject = {}) {
	return loadOptionsContext(runner, COMMERCETOOLS_NODE, parameters);
}

/** What an editor drop-down of the commercetools node offers (`methods.loadOptions[method]`). */
export async function commercetoolsLoadOptions(
	runner: WorkflowRunner,
	method: string,
	parameters: IDataObject = {},
): Promise<INodePropertyOptions[]> {
	return await loadOptionsOf(runner, COMMERCETOOLS_NODE, method, parameters);
}
