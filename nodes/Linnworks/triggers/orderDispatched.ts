/** Linnworks Trigger → Order Dispatched: orders processed since the last check, as canonical fulfilments. */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { pollWithCursor } from '../../shared/cursor';
import { toFulfilment } from '../model';
import { getOrderDetails, searchProcessedOrders } from '../queries';
import type { LinnworksClient } from '../transport';

const show = { show: { event: ['orderDispatched'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'CLOUDSHELF',
		displayOptions: show,
		description:
			'Only orders filed under this Source (e.g. the channel that took them); empty for all',
	},
	{
		displayName: 'SubSource',
		name: 'subSource',
		type: 'string',
		default: '',
		displayOptions: show,
		description: 'Only orders filed under this SubSource; empty for all',
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'dateTime',
		default: '',
		displayOptions: show,
		description:
			'On the first check, emit orders dispatched since this moment. Empty starts from the moment the workflow is activated.',
	},
	{
		displayName: 'Max Orders per Check',
		name: 'maxPerPoll',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 500,
		displayOptions: show,
		description: 'Larger backlogs are emitted over the following checks, oldest first',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description:
			'Whether to return canonical fulfilments instead of the raw Linnworks processed orders',
	},
];

const SAMPLE_SIZE = 10;
const SAMPLE_LOOKBACK_MS = 30 * 86_400_000;

export async function poll(this: IPollFunctions, client: LinnworksClient): Promise<IDataObject[]> {
	const source = (this.getNodeParameter('source', '') as string).trim() || undefined;
	const subSource = (this.getNodeParameter('subSource', '') as string).trim() || undefined;
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	return await pollWithCursor(this, {
		startFrom: this.getNodeParameter('startFrom', '') as string,
		maxPerPoll: this.getNodeParameter('maxPerPoll', 500) as number,
		sampleSize: SAMPLE_SIZE,
		sampleLookbackMs: SAMPLE_LOOKBACK_MS,
		read: async ({ since, until, limit }) =>
			await searchProcessedOrders(client, {
				from: since ?? new Date(0),
				to: until,
				source,
				subSource,
				limit,
			}),
		idOf: (order) => order.pkOrderID,
		timeOf: (order) => order.dProcessedOn,
		toItems: async (orders) => {
			if (!simplify) return orders as unknown as IDataObject[];
			const details = await getOrderDetails(
				client,
				orders.map((order) => order.pkOrderID),
			);
			return orders.map(
				(order) => toFulfilment(order, details.get(order.pkOrderID)) as unknown as IDataObject,
			);
		},
	});
}
