import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { pollWithCursor } from '../shared/cursor';
import { ORDER_STATUS_OPTIONS } from './actions/common.descriptions';
import { toCanonicalOrder, type CloudshelfOrder } from './model';
import { SkuResolver, readOrders } from './queries';
import { CloudshelfClient } from './transport';

/** Ids of emitted orders kept in the cursor, so an order that changes status again is not emitted twice. */
const REMEMBERED_ORDERS = 10_000;
const SAMPLE_SIZE = 5;

export class CloudshelfTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cloudshelf Trigger',
		name: 'cloudshelfTrigger',
		icon: { light: 'file:cloudshelf.svg', dark: 'file:cloudshelf.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] === "orderStatusChanged" ? "Order Status Changed" : "New Order"}}',
		description:
			'Starts the workflow when kiosks take new orders (Cloudshelf has no order webhook, so it polls)',
		defaults: { name: 'Cloudshelf Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cloudshelfApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'newOrder',
				options: [
					{
						name: 'New Order',
						value: 'newOrder',
						description:
							'A kiosk order reached one of the chosen statuses; each order is emitted once',
					},
					{
						name: 'Order Status Changed',
						value: 'orderStatusChanged',
						description:
							'A kiosk order reached one of the chosen statuses; emitted once per status, so a paid order that is later refunded is emitted again',
					},
				],
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: ORDER_STATUS_OPTIONS,
				default: ['PLACED', 'PAID'],
				description: 'Emit orders once they are in one of these statuses',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description:
					'On the first check, emit orders updated since this moment. Empty starts from the moment the workflow is activated.',
			},
			{
				displayName: 'Max Orders per Check',
				name: 'maxPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 200,
				description: 'Larger backlogs are emitted over the following checks, oldest first',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const client = new CloudshelfClient(this);
		const perStatus = this.getNodeParameter('event', 'newOrder') === 'orderStatusChanged';
		const statuses = this.getNodeParameter('statuses', []) as string[];
		const wanted = (order: CloudshelfOrder) =>
			statuses.length === 0 || statuses.includes(order.status);
		const resolver = new SkuResolver(client);
		const items = await pollWithCursor(this, {
			startFrom: this.getNodeParameter('startFrom', '') as string,
			maxPerPoll: this.getNodeParameter('maxPerPoll', 200) as number,
			sampleSize: SAMPLE_SIZE,
			// An order's update time moves when its status changes again, so emitted ids are remembered.
			remember: REMEMBERED_ORDERS,
			// Status is filtered here: Cloudshelf's order listing has no status filter.
			read: async ({ since }) => (await readOrders(client, { updatedSince: since })).filter(wanted),
			idOf: (order) => (perStatus ? `${order.id}:${order.status}` : order.id),
			timeOf: (order) => order.updatedAt,
			toItems: async (orders) => await toItems(resolver, orders),
		});
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}

/**
 * Canonical orders. A line whose variant Cloudshelf no longer knows keeps an empty SKU and the
 * reason in `attributes.unresolvedLines`, so the order is not lost: the next node's validation
 * sends it to its error output with that reason.
 */
async function toItems(resolver: SkuResolver, orders: CloudshelfOrder[]): Promise<IDataObject[]> {
	await resolver.prepare(orders);
	return orders.map((order) => {
		const { skus, problems } = resolver.skusOf(order);
		const canonical = toCanonicalOrder(
			order,
			skus.map((sku) => sku ?? ''),
		);
		if (problems.length)
			canonical.attributes = { ...canonical.attributes, unresolvedLines: problems.join('; ') };
		return canonical as unknown as IDataObject;
	});
}
