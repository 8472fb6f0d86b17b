import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { ORDER_STATUS_OPTIONS } from './actions/common.descriptions';
import { toCanonicalOrder, type CloudshelfOrder } from './model';
import { SkuResolver, readOrders } from './queries';
import { CloudshelfClient } from './transport';

/**
 * Cursor in workflow static data: the update time of the newest order emitted, and the ids already
 * emitted (the last 10,000), so an order that changes status again is not emitted twice.
 */
interface OrderCursor {
	updatedAfter?: string;
	emitted?: string[];
}

const REMEMBERED_ORDERS = 10_000;
const SAMPLE_SIZE = 5;

export class CloudshelfTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cloudshelf Trigger',
		name: 'cloudshelfTrigger',
		icon: { light: 'file:cloudshelf.svg', dark: 'file:cloudshelf.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New Order',
		description: 'Starts the workflow when kiosks take new orders (Cloudshelf has no order webhook, so it polls)',
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
						description: 'A kiosk order reached one of the chosen statuses; each order is emitted once',
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
				description: 'On the first check, emit orders updated since this moment. Empty starts from the moment the workflow is activated.',
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
		const statuses = this.getNodeParameter('statuses', []) as string[];
		const wanted = (order: CloudshelfOrder) => statuses.length === 0 || statuses.includes(order.status);
		const resolver = new SkuResolver(client);

		if (this.getMode() === 'manual') {
			// A sample for building the workflow; the cursor is left as it was.
			const sample = (await readOrders(client)).filter(wanted).slice(0, SAMPLE_SIZE);
			return sample.length ? [this.helpers.returnJsonArray(await toItems(resolver, sample))] : null;
		}

		const cursor = this.getWorkflowStaticData('node') as OrderCursor;
		const startFrom = this.getNodeParameter('startFrom', '') as string;
		if (!cursor.updatedAfter && !startFrom) {
			cursor.updatedAfter = new Date().toISOString();
			cursor.emitted = [];
			return null;
		}
		const since = new Date(cursor.updatedAfter ?? startFrom);
		if (Number.isNaN(since.getTime())) throw new NodeOperationError(this.getNode(), `"Start From" is not a date: ${startFrom}`);
		const emitted = new Set(cursor.emitted ?? []);
		const fresh = (await readOrders(client, { updatedSince: since }))
			.filter((order) => wanted(order) && !emitted.has(order.id))
			.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))
			.slice(0, this.getNodeParameter('maxPerPoll', 200) as number);
		if (!fresh.length) return null;

		const items = await toItems(resolver, fresh);
		cursor.updatedAfter = new Date(fresh[fresh.length - 1].updatedAt).toISOString();
		cursor.emitted = [...emitted, ...fresh.map((order) => order.id)].slice(-REMEMBERED_ORDERS);
		return [this.helpers.returnJsonArray(items)];
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
		const canonical = toCanonicalOrder(order, skus.map((sku) => sku ?? ''));
		if (problems.length) canonical.attributes = { ...canonical.attributes, unresolvedLines: problems.join('; ') };
		return canonical as unknown as IDataObject;
	});
}
