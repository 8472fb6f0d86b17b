import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { toFulfilment, toStockLevel, type LinnworksProcessedOrder } from './model';
import { getLocations } from './methods/loadOptions';
import { LocationDirectory, getAllStockItems, getOrderDetails, searchProcessedOrders } from './queries';
import { LinnworksClient } from './transport';

/** Cursor of "Order Dispatched": the processed date of the last emitted order and the ids emitted at it. */
interface DispatchState {
	dispatchedAfter?: string;
	emittedAtCursor?: string[];
}

/**
 * Snapshot of "Stock Changed": available quantity per SKU, one number per location in `locations`
 * order (-1 = no level at that location). Kept compact because it lives in workflow static data.
 */
interface StockSnapshot {
	locations: string[];
	levels: Record<string, number[]>;
}

interface StockState {
	stockSnapshot?: StockSnapshot;
}

const SAMPLE_SIZE = 10;

export class LinnworksTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linnworks Trigger',
		name: 'linnworksTrigger',
		icon: { light: 'file:linnworks.svg', dark: 'file:linnworks.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "stockChanged" ? "Stock Changed" : "Order Dispatched" }}',
		description: 'Starts the workflow when Linnworks dispatches orders or stock levels change',
		defaults: { name: 'Linnworks Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'linnworksApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				default: 'orderDispatched',
				options: [
					{
						name: 'Order Dispatched',
						value: 'orderDispatched',
						description: 'An order was processed (dispatched); emits its tracking and lines as a fulfilment',
					},
					{
						name: 'Stock Changed',
						value: 'stockChanged',
						description: 'The available quantity of a SKU at a location changed since the last check',
					},
				],
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'string',
				default: '',
				placeholder: 'CLOUDSHELF',
				displayOptions: { show: { event: ['orderDispatched'] } },
				description: 'Only orders filed under this Source (e.g. the channel that took them); empty for all',
			},
			{
				displayName: 'SubSource',
				name: 'subSource',
				type: 'string',
				default: '',
				displayOptions: { show: { event: ['orderDispatched'] } },
				description: 'Only orders filed under this SubSource; empty for all',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				displayOptions: { show: { event: ['orderDispatched'] } },
				description:
					'On the first check, emit orders dispatched since this moment. Empty starts from the moment the workflow is activated.',
			},
			{
				displayName: 'Max Orders per Check',
				name: 'maxPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 500,
				displayOptions: { show: { event: ['orderDispatched'] } },
				description: 'Larger backlogs are emitted over the following checks, oldest first',
			},
			{
				displayName: 'Location Names or IDs',
				name: 'locations',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getLocations' },
				default: [],
				displayOptions: { show: { event: ['stockChanged'] } },
				description:
					'Only watch these locations; leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Emit All on First Check',
				name: 'emitAllOnFirstRun',
				type: 'boolean',
				default: false,
				displayOptions: { show: { event: ['stockChanged'] } },
				description:
					'Whether the first check emits every level (a full push) instead of only recording them for later comparison',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				displayOptions: { show: { event: ['orderDispatched'] } },
				description: 'Whether to return canonical fulfilments instead of the raw Linnworks processed orders',
			},
		],
	};

	methods = { loadOptions: { getLocations } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const client = new LinnworksClient(this);
		const event = this.getNodeParameter('event') as string;
		const items = event === 'stockChanged' ? await pollStock.call(this, client) : await pollDispatched.call(this, client);
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}

async function pollDispatched(this: IPollFunctions, client: LinnworksClient): Promise<IDataObject[]> {
	const state = this.getWorkflowStaticData('node') as DispatchState;
	const manual = this.getMode() === 'manual';
	const now = new Date();
	const startFrom = this.getNodeParameter('startFrom', '') as string;
	if (!manual && !state.dispatchedAfter && !startFrom) {
		// First activation: start from now instead of replaying history.
		state.dispatchedAfter = now.toISOString();
		state.emittedAtCursor = [];
		return [];
	}
	const from = manual
		? new Date(now.getTime() - 30 * 86_400_000)
		: new Date(state.dispatchedAfter ?? startFrom);
	if (Number.isNaN(from.getTime())) {
		throw new NodeOperationError(this.getNode(), `"Start From" is not a date: ${startFrom}`);
	}
	const alreadyEmitted = new Set(manual ? [] : (state.emittedAtCursor ?? []));
	const limit = manual ? SAMPLE_SIZE : (this.getNodeParameter('maxPerPoll', 500) as number);
	const found = await searchProcessedOrders(client, {
		from,
		to: now,
		source: (this.getNodeParameter('source', '') as string).trim() || undefined,
		subSource: (this.getNodeParameter('subSource', '') as string).trim() || undefined,
		limit: limit + alreadyEmitted.size,
	});
	const fresh = found.filter((order) => !alreadyEmitted.has(order.pkOrderID)).slice(0, limit);
	if (!fresh.length) return [];

	let items = fresh as unknown as IDataObject[];
	if (this.getNodeParameter('simplify', true)) {
		const details = await getOrderDetails(client, fresh.map((order) => order.pkOrderID));
		items = fresh.map((order) => toFulfilment(order, details.get(order.pkOrderID)) as unknown as IDataObject);
	}
	// Only once the items exist: a failed read must not move the cursor past unemitted orders.
	if (!manual) advanceDispatchCursor(state, fresh, alreadyEmitted);
	return items;
}

/**
 * Moves the cursor to the processed date of the last emitted order. Orders processed at exactly
 * that moment are remembered, since the next search starts at it (inclusive).
 */
function advanceDispatchCursor(state: DispatchState, emitted: LinnworksProcessedOrder[], before: Set<string>) {
	const last = new Date(emitted[emitted.length - 1].dProcessedOn).toISOString();
	const atLast = emitted
		.filter((order) => new Date(order.dProcessedOn).toISOString() === last)
		.map((order) => order.pkOrderID);
	state.emittedAtCursor = last === state.dispatchedAfter ? [...before, ...atLast] : atLast;
	state.dispatchedAfter = last;
}

async function pollStock(this: IPollFunctions, client: LinnworksClient): Promise<IDataObject[]> {
	const state = this.getWorkflowStaticData('node') as StockState;
	const manual = this.getMode() === 'manual';
	const directory = await LocationDirectory.load(client);
	const wanted = (this.getNodeParameter('locations', []) as string[]).map((reference) => {
		const location = directory.find(reference);
		if (!location) {
			throw new NodeOperationError(this.getNode(), `Linnworks has no location "${reference}"`, {
				description: `Choose one of: ${directory.names()}.`,
			});
		}
		return location;
	});
	const locations = wanted.length ? wanted : directory.locations;
	const locationIds = locations.map((location) => location.StockLocationId);

	const current: StockSnapshot = { locations: locationIds, levels: {} };
	const changes: IDataObject[] = [];
	const previous = state.stockSnapshot;
	const previousIndex = new Map(previous?.locations.map((id, index) => [id, index]) ?? []);
	const emitAll = !previous && !manual && (this.getNodeParameter('emitAllOnFirstRun', false) as boolean);

	await getAllStockItems(client, (page) => {
		for (const item of page) {
			const row = locationIds.map(() => -1);
			for (const level of item.StockLevels ?? []) {
				const index = locationIds.indexOf(level.Location.StockLocationId);
				if (index < 0) continue;
				const canonical = toStockLevel(level, item.ItemNumber);
				row[index] = canonical.quantity;
				const before = previous?.levels[item.ItemNumber]?.[previousIndex.get(level.Location.StockLocationId) ?? -1];
				const known = before !== undefined && before >= 0;
				if (emitAll || (previous && (!known || before !== canonical.quantity))) {
					changes.push({ ...canonical, previousQuantity: known ? before : null });
				}
			}
			current.levels[item.ItemNumber] = row;
		}
	});

	if (manual) {
		// A sample for building the workflow; the snapshot is left as it was.
		if (changes.length) return changes.slice(0, SAMPLE_SIZE);
		return Object.entries(current.levels)
			.slice(0, SAMPLE_SIZE)
			.flatMap(([sku, row]) =>
				row.flatMap((quantity, index) =>
					quantity < 0 ? [] : [{ sku, location: locations[index].LocationName, quantity, previousQuantity: null }],
				),
			);
	}
	state.stockSnapshot = current;
	return changes;
}
