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

import { ItemResults, invalidItemError } from '../../../shared/items';
import { MappingTable, skuMappingTable } from '../../../shared/mapping';
import { parseStockDelta, parseStockLevel, type StockLevel } from '../../../shared/model';
import { ChannelDirectory, type Channel } from '../../requests';
import type { CommercetoolsClient } from '../../transport';

export type WriteMode = 'setLevels' | 'adjust';

interface LocationRow {
	location: string;
	channel: string;
}

const CHANNEL_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

/** Incoming location → supply channel key; unmapped: used as a channel key, the default, or an error. */
export const locationMappingTable = new MappingTable<LocationRow>({
	name: 'locationMapping',
	displayName: 'Location Mapping',
	description:
		'Which commercetools supply channel each incoming location is, e.g. a Cloudshelf store → its channel key',
	rowName: 'Location',
	subject: 'location',
	key: 'location',
	requiredColumns: ['channel'],
	columns: [
		{
			displayName: 'Incoming Location',
			name: 'location',
			type: 'string',
			default: '',
			placeholder: 'Oxford Street',
			description: 'The location field of incoming stock items',
		},
		{
			displayName: 'Supply Channel Name or ID',
			name: 'channel',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSupplyChannels' },
			default: '',
			description:
				'Supply channel (its key) of this location. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	unmapped: {
		parameter: 'unmappedLocation',
		displayName: 'Unmapped Locations',
		default: 'passThrough',
		policies: {
			passThrough:
				'The location is used as a supply channel key (as Get Levels outputs it); a key commercetools does not have fails its item',
			default: 'Items from locations not in the table (or without one) go to the channel below',
			error: 'The item fails with the location named, so no stock moves in the wrong channel',
		},
		defaults: {
			channel: { description: `Supply channel of unmapped locations. ${CHANNEL_HINT}` },
		},
	},
});

export const inventorySkuTable = skuMappingTable('commercetools');

export function writeProperties(mode: WriteMode): INodeProperties[] {
	const canonicalOnly = { show: { inputMode: ['canonical'] } };
	return [
		{
			displayName: 'Input',
			name: 'inputMode',
			type: 'options',
			default: 'canonical',
			options: [
				{
					name: 'Use Input Items',
					value: 'canonical',
					description: `Each item is a stock ${mode === 'setLevels' ? 'level' : 'change'}: { sku, location, quantity }, as output by any Retail Sync node`,
				},
				{
					name: 'Define Below',
					value: 'fields',
					description: 'Set SKU, supply channel and quantity per item',
				},
			],
		},
		{
			displayName: 'SKU',
			name: 'sku',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { inputMode: ['fields'] } },
		},
		{
			displayName: mode === 'setLevels' ? 'Quantity on Stock' : 'Change',
			name: 'quantity',
			type: 'number',
			default: 0,
			required: true,
			displayOptions: { show: { inputMode: ['fields'] } },
			description:
				mode === 'setLevels'
					? 'The new quantity on stock (commercetools subtracts reservations to give the available quantity)'
					: 'How much to add (positive) or remove (negative)',
		},
		{
			displayName: 'Supply Channel Name or ID',
			name: 'channel',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSupplyChannels' },
			default: '',
			required: true,
			displayOptions: { show: { inputMode: ['fields'] } },
			description:
				'Supply channel (its key) whose inventory entry is written. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...locationMappingTable.properties().map((property) => ({
			...property,
			displayOptions:
				property.name === 'defaultChannel'
					? { show: { inputMode: ['canonical'], unmappedLocation: ['default'] } }
					: canonicalOnly,
		})),
		...inventorySkuTable
			.properties()
			.map((property) => ({ ...property, displayOptions: canonicalOnly })),
	];
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

function fieldsItem(context: IExecuteFunctions, itemIndex: number, mode: WriteMode): StockLevel {
	const parse = mode === 'setLevels' ? parseStockLevel : parseStockDelta;
	return parse({
		sku: context.getNodeParameter('sku', itemIndex),
		quantity: context.getNodeParameter('quantity', itemIndex),
		location: String(context.getNodeParameter('channel', itemIndex, '')),
	});
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
	const directory = await ChannelDirectory.load(client);
	const mapping = items.length ? locationMappingTable.read(context, 0) : undefined;
	const skus = items.length ? inventorySkuTable.read(context, 0) : undefined;
	const rows: StockRow[] = [];
	const fail = (itemIndex: number, error: unknown) => {
		onInvalid(itemIndex);
		results.fail(itemIndex, error);
	};
	const channelByKey = (key: string, itemIndex: number) => {
		const channel = directory.byKeyOf(key);
		if (channel) return channel;
		return directory.unknownKey(
			node,
			key,
			itemIndex,
			'Use a supply channel key, or map the location in the Location Mapping table',
		);
	};
	const channelOf = (level: StockLevel, itemIndex: number, fromFields: boolean) => {
		if (fromFields || !mapping) return channelByKey(level.location ?? '', itemIndex);
		const resolution = mapping.resolve(level.location);
		if (resolution.status === 'mapped' || resolution.status === 'default') {
			const key = String(resolution.row.channel ?? '').trim();
			if (!key) {
				return new NodeOperationError(
					node,
					`Location "${level.location ?? ''}" is not mapped and no Default Supply Channel is set`,
					{ itemIndex, description: 'Set Default Supply Channel, or map the location.' },
				);
			}
			return channelByKey(key, itemIndex);
		}
		if (!level.location) {
			return new NodeOperationError(node, `Stock item for SKU ${level.sku} has no location`, {
				itemIndex,
				description:
					'Give the item a location, or choose "Use Defaults Below" in "Unmapped Locations" and set Default Supply Channel.',
			});
		}
		if (resolution.status === 'passThrough') return channelByKey(level.location, itemIndex);
		return mapping.unmappedError(node, itemIndex, [level.location]);
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let level: StockLevel;
		let fromFields: boolean;
		try {
			fromFields = context.getNodeParameter('inputMode', itemIndex, 'canonical') === 'fields';
			level = fromFields
				? fieldsItem(context, itemIndex, mode)
				: (mode === 'setLevels' ? parseStockLevel : parseStockDelta)(items[itemIndex].json);
		} catch (error) {
			fail(
				itemIndex,
				invalidItemError(
					context,
					error,
					itemIndex,
					'Each item needs sku, quantity and location (or use Define Below).',
				),
			);
			continue;
		}
		const channel = channelOf(level, itemIndex, fromFields);
		if (channel instanceof NodeOperationError) {
			fail(itemIndex, channel);
			continue;
		}
		let sku = level.sku;
		if (!fromFields && skus) {
			const translated = skus.translate(level.sku, 'targetSku');
			if (translated === undefined) {
				fail(itemIndex, skus.unmappedError(node, itemIndex, [level.sku]));
				continue;
			}
			sku = translated;
		}
		rows.push({ itemIndex, level, sku, channel });
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
