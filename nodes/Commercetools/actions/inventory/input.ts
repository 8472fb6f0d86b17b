/**
 * Set Levels and Adjust share their input: canonical stock items (or fields set in the editor),
 * each location resolved to a supply channel through the Location Mapping table, each SKU
 * translated through the SKU Mapping table, then grouped per inventory entry (SKU + channel) so one
 * entry's writes go out one after another, in input order, while different entries are written in
 * parallel.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { skuMappingTable } from '../../../shared/mapping';
import type { StockLevel } from '../../../shared/model';
import { stockLocationTable, stockWriteInputs } from '../../../shared/stockWrite';
import { ChannelDirectory, type Channel } from '../../requests';
import type { CommercetoolsClient } from '../../transport';

export type WriteMode = 'setLevels' | 'adjust';

/**
 * Channel fields take a key (what the list gives) or a channel id, both looked up in the project
 * (the last sentence is the wording n8n's lint requires of drop-downs).
 */
const CHANNEL_EXPRESSION_HINT =
	'A channel key or ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** Incoming location → supply channel key; unmapped: used as a channel key, the default, or an error. */
export const locationMappingTable = stockLocationTable({
	name: 'locationMapping',
	displayName: 'Location Mapping',
	description:
		'Which commercetools supply channel each incoming location is, e.g. a Cloudshelf store → its channel key',
	column: {
		displayName: 'Supply Channel Name or ID',
		name: 'channel',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSupplyChannels' },
		default: '',
		description:
			'Supply channel of this location, by key or ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	noun: 'channel',
	passThrough:
		'The location is used as a supply channel key (as Get Levels outputs it); a key commercetools does not have fails its item',
	defaultDescription: `Supply channel of unmapped locations. ${CHANNEL_EXPRESSION_HINT}`,
});

export const inventorySkuTable = skuMappingTable('commercetools');

/** The input of Set Levels (levels) and Adjust (deltas): the kit's stock-write input. */
const writeInputs = stockWriteInputs({
	level: {
		displayName: 'Quantity on Stock',
		description:
			'The new quantity on stock (commercetools subtracts reservations to give the available quantity)',
	},
	target: {
		name: 'channel',
		displayName: 'Supply Channel Name or ID',
		loadOptionsMethod: 'getSupplyChannels',
		description: `Supply channel whose inventory entry is written. ${CHANNEL_EXPRESSION_HINT}`,
		noun: 'supply channel',
	},
	locationTable: { table: locationMappingTable, column: 'channel', targetName: 'Supply Channel' },
	skuTable: inventorySkuTable,
});

const writeInput = (mode: WriteMode) => writeInputs[mode === 'setLevels' ? 'level' : 'delta'];

export function writeProperties(mode: WriteMode): INodeProperties[] {
	return writeInput(mode).properties();
}

/** One input item ready to write. */
export interface StockRow {
	itemIndex: number;
	/** As the item gave it (`level.sku` is the incoming SKU; `quantity` the level or the delta). */
	level: StockLevel;
	/** The SKU in commercetools. */
	sku: string;
	channel: Channel;
}

export interface PreparedInput {
	results: ItemResults;
	directory: ChannelDirectory;
	rows: StockRow[];
}

/** Reads and checks every item; failures go to `results`, the rest come back as rows. */
export async function prepareInput(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
	mode: WriteMode,
	onInvalid: (itemIndex: number) => void = () => undefined,
): Promise<PreparedInput> {
	const results = new ItemResults(context);
	const node = context.getNode();
	let directory: ChannelDirectory;
	try {
		directory = await ChannelDirectory.load(client);
	} catch (error) {
		// Every item needs the channels: each fails (thrown for the node, n8n's Continue would pass
		// the input items on as if written).
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			onInvalid(itemIndex);
			results.fail(itemIndex, error);
		}
		return { results, directory: new ChannelDirectory([]), rows: [] };
	}
	const read = writeInput(mode).reader<Channel>(context, items, (key, itemIndex) => {
		const channel = directory.byKeyOrIdOf(key ?? '');
		if (channel) return channel;
		return directory.unknownKey(
			node,
			key ?? '',
			itemIndex,
			'Use a supply channel key or ID, or map the location in the Location Mapping table',
		);
	});
	const rows: StockRow[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const write = read(itemIndex);
		if (write instanceof NodeOperationError) {
			onInvalid(itemIndex);
			results.fail(itemIndex, write);
			continue;
		}
		rows.push({ itemIndex, level: write.level, sku: write.sku, channel: write.target });
	}
	return { results, directory, rows };
}

/** Rows per inventory entry (channel + SKU), each list in input order. */
export function byEntry<T extends StockRow>(rows: T[]): T[][] {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const key = `${row.channel.id}\u0000${row.sku}`;
		groups.set(key, [...(groups.get(key) ?? []), row]);
	}
	return [...groups.values()];
}
