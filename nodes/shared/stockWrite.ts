/**
 * How every stock write (Set Levels, Adjust) takes its items: canonical stock items from the input
 * (`{ sku, location, quantity }`, a level or a signed delta) or SKU, location and quantity set in the
 * editor; for canonical items the location resolved through the platform's location table (with its
 * unmapped-value policy) or a default location, and the SKU translated through the SKU Mapping
 * table. One place, so every platform's stock writes read, check and word their input alike; the
 * platform only says what its location is (a warehouse, a supply channel) and how one is found.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { invalidItemError } from './items';
import {
	MappingTable,
	type MappingColumn,
	type MappingLookup,
	type SkuMappingRow,
} from './mapping';
import { parseStockDelta, parseStockLevel, type StockLevel } from './model';

/** A row of a stock write's location table: incoming location → the platform's location. */
export type StockLocationRow<Column extends string> = { location: string } & Record<Column, string>;

export interface StockLocationTableSpec<Column extends string> {
	/** Parameter name, e.g. "warehouseMapping". */
	name: string;
	displayName: string;
	description: string;
	/** The platform's location column, e.g. a warehouse drop-down. */
	column: MappingColumn & { name: Column };
	/** What the platform's location is, in the policies' words: "warehouse". */
	noun: string;
	/** What "Use As Is" does with a location. */
	passThrough: string;
	/** Description of the default column below the table. */
	defaultDescription: string;
}

/**
 * The location table of a stock write: incoming location → the platform's location, unmapped
 * locations used as is (default), sent to the default below, or failed. One declaration, so every
 * platform's table has the same columns, policies and wording.
 */
export function stockLocationTable<Column extends string>(
	spec: StockLocationTableSpec<Column>,
): MappingTable<StockLocationRow<Column>> {
	const column = spec.column.name as Column & keyof StockLocationRow<Column>;
	return new MappingTable<StockLocationRow<Column>>({
		name: spec.name,
		displayName: spec.displayName,
		description: spec.description,
		rowName: 'Location',
		subject: 'location',
		key: 'location',
		requiredColumns: [column],
		columns: [
			{
				displayName: 'Incoming Location',
				name: 'location',
				type: 'string',
				default: '',
				placeholder: 'Oxford Street',
				description: 'The location field of incoming stock items',
			},
			spec.column,
		],
		unmapped: {
			parameter: 'unmappedLocation',
			displayName: 'Unmapped Locations',
			default: 'passThrough',
			policies: {
				passThrough: spec.passThrough,
				default: `Items from locations not in the table (or without one) go to the ${spec.noun} below`,
				error: `The item fails with the location named, so no stock moves in the wrong ${spec.noun}`,
			},
			defaults: {
				[column]: { description: spec.defaultDescription },
			} as Partial<Record<keyof StockLocationRow<Column> & string, { description: string }>>,
		},
	});
}

/** Absolute levels (Set) or signed changes (Adjust). */
export type StockWriteKind = 'level' | 'delta';

export interface StockWriteSpec<Row extends object> {
	kind: StockWriteKind;
	/** The Quantity field of absolute levels, in the platform's words (a delta is always "Change"). */
	level: { displayName: string; description: string };
	/** The location field of "Define Below", e.g. a warehouse drop-down. */
	target: {
		name: string;
		displayName: string;
		loadOptionsMethod: string;
		description: string;
		/** What the location is, in "Set SKU, <noun> and quantity per item": "warehouse". */
		noun: string;
	};
	/**
	 * Canonical items: incoming location → the platform's location (`column` of the row), with the
	 * table's unmapped-value policy. `targetName` names it in errors ("Default Warehouse").
	 */
	locationTable?: { table: MappingTable<Row>; column: keyof Row & string; targetName: string };
	/**
	 * The location is optional: a canonical item without one takes the value of a "Default <target>"
	 * field below (empty: undefined, the platform's default location).
	 */
	defaultLocation?: { description: string };
	/** Canonical items' SKUs translated into the platform's. */
	skuTable?: MappingTable<SkuMappingRow>;
}

/** The stock-write input of absolute levels and of deltas, from one spec. */
export function stockWriteInputs<Row extends object>(
	spec: Omit<StockWriteSpec<Row>, 'kind'>,
): Record<StockWriteKind, StockWriteInput<Row>> {
	return {
		level: new StockWriteInput<Row>({ ...spec, kind: 'level' }),
		delta: new StockWriteInput<Row>({ ...spec, kind: 'delta' }),
	};
}

/** One input item ready to write. */
export interface StockWrite<Target> {
	itemIndex: number;
	/** As the item gave it: `level.sku` is the incoming SKU, `quantity` the level or the delta. */
	level: StockLevel;
	/** The SKU on the platform (the SKU Mapping table's translation, for canonical items). */
	sku: string;
	target: Target;
}

/** The platform's location for a reference (a fields value, a table value or a passed-through location), or the error. */
export type FindTarget<Target> = (
	reference: string | undefined,
	itemIndex: number,
) => Target | NodeOperationError;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export class StockWriteInput<Row extends object = Record<string, string>> {
	constructor(readonly spec: StockWriteSpec<Row>) {}

	/** The hint of an item that is no valid stock level or change. */
	get invalidHint(): string {
		return this.spec.defaultLocation
			? 'Each item needs sku, quantity and optionally location.'
			: 'Each item needs sku, quantity and location (or use Define Below).';
	}

	private get defaultLocationName(): string {
		return `default${capitalise(this.spec.target.name)}`;
	}

	/** Input mode, the fields of "Define Below", then (canonical items) the location and SKU tables. */
	properties(): INodeProperties[] {
		const { kind, level, target, locationTable, defaultLocation, skuTable } = this.spec;
		const fieldsOnly = { show: { inputMode: ['fields'] } };
		const canonicalOnly = (property: INodeProperties): INodeProperties => ({
			...property,
			displayOptions: { show: { inputMode: ['canonical'], ...property.displayOptions?.show } },
		});
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
						description: `Each item is a stock ${kind === 'level' ? 'level' : 'change'}: { sku, location, quantity }, as output by any Retail Sync node`,
					},
					{
						name: 'Define Below',
						value: 'fields',
						description: `Set SKU, ${target.noun} and quantity per item`,
					},
				],
			},
			{
				displayName: 'SKU',
				name: 'sku',
				type: 'string',
				default: '',
				required: true,
				displayOptions: fieldsOnly,
			},
			{
				displayName: kind === 'level' ? level.displayName : 'Change',
				name: 'quantity',
				type: 'number',
				default: 0,
				required: true,
				displayOptions: fieldsOnly,
				description:
					kind === 'level' ? level.description : 'How much to add (positive) or remove (negative)',
			},
			{
				displayName: target.displayName,
				name: target.name,
				type: 'options',
				typeOptions: { loadOptionsMethod: target.loadOptionsMethod },
				default: '',
				...(defaultLocation ? {} : { required: true }),
				displayOptions: fieldsOnly,
				description: target.description,
			},
			...(defaultLocation
				? [
						canonicalOnly({
							displayName: `Default ${target.displayName}`,
							name: this.defaultLocationName,
							type: 'options',
							typeOptions: { loadOptionsMethod: target.loadOptionsMethod },
							default: '',
							description: defaultLocation.description,
						}),
					]
				: []),
			...(locationTable?.table.properties().map(canonicalOnly) ?? []),
			...(skuTable?.properties().map(canonicalOnly) ?? []),
		];
	}

	/**
	 * Reads the tables (once, from the first item: per-item expressions in mapping tables are not
	 * supported) and gives the reader of one item: its stock write, or the error that fails it.
	 */
	reader<Target>(
		context: IExecuteFunctions,
		items: INodeExecutionData[],
		find: FindTarget<Target>,
	): (itemIndex: number) => StockWrite<Target> | NodeOperationError {
		const { spec } = this;
		const node = context.getNode();
		let mapping: MappingLookup<Row> | undefined;
		let skus: MappingLookup<SkuMappingRow> | undefined;
		try {
			mapping = items.length ? spec.locationTable?.table.read(context, 0) : undefined;
			skus = items.length ? spec.skuTable?.read(context, 0) : undefined;
		} catch (error) {
			// The tables serve every item, so every item fails (a throw here would stop the node, and
			// with On Error = Continue n8n would pass the input items on as if written).
			const reason = error instanceof Error ? error.message : String(error);
			return (itemIndex) =>
				new NodeOperationError(node, `The mapping tables could not be read: ${reason}`, {
					itemIndex,
					description:
						'Check the Location Mapping and SKU Mapping tables (they are read once, from the first item: an expression in them sees only that item).',
				});
		}
		const parse = spec.kind === 'level' ? parseStockLevel : parseStockDelta;

		const readLevel = (itemIndex: number): { level: StockLevel; fromFields: boolean } => {
			const fromFields = context.getNodeParameter('inputMode', itemIndex, 'canonical') === 'fields';
			if (fromFields) {
				const location = context.getNodeParameter(spec.target.name, itemIndex, '') as unknown;
				const level = parse({
					sku: context.getNodeParameter('sku', itemIndex),
					quantity: context.getNodeParameter('quantity', itemIndex),
					location: String(location ?? ''),
				});
				return { level, fromFields };
			}
			const level = parse(items[itemIndex].json);
			if (!spec.defaultLocation || level.location) return { level, fromFields };
			const fallback = String(
				context.getNodeParameter(this.defaultLocationName, itemIndex, '') ?? '',
			);
			return { level: { ...level, location: fallback || undefined }, fromFields };
		};

		const targetOf = (
			level: StockLevel,
			itemIndex: number,
			table: MappingLookup<Row>,
			{ column, targetName }: NonNullable<StockWriteSpec<Row>['locationTable']>,
		): Target | NodeOperationError => {
			const resolution = table.resolve(level.location);
			if (resolution.status === 'mapped' || resolution.status === 'default') {
				const reference = String(resolution.row[column] ?? '').trim();
				if (!reference) {
					return new NodeOperationError(
						node,
						`Location "${level.location ?? ''}" is not mapped and no Default ${targetName} is set`,
						{ itemIndex, description: `Set Default ${targetName}, or map the location.` },
					);
				}
				return find(reference, itemIndex);
			}
			if (!level.location) {
				const policy = table.policyDisplayName();
				return new NodeOperationError(node, `Stock item for SKU ${level.sku} has no location`, {
					itemIndex,
					description: `Give the item a location, or choose "Use Defaults Below" in "${policy}" and set Default ${targetName}.`,
				});
			}
			if (resolution.status === 'passThrough') return find(level.location, itemIndex);
			return table.unmappedError(node, itemIndex, [level.location]);
		};

		return (itemIndex) => {
			let read: { level: StockLevel; fromFields: boolean };
			try {
				read = readLevel(itemIndex);
			} catch (error) {
				return invalidItemError(context, error, itemIndex, this.invalidHint);
			}
			const { level, fromFields } = read;
			const target =
				fromFields || !mapping || !spec.locationTable
					? find(level.location, itemIndex)
					: targetOf(level, itemIndex, mapping, spec.locationTable);
			if (target instanceof NodeOperationError) return target;
			let sku = level.sku;
			if (!fromFields && skus) {
				const translated = skus.translate(level.sku, 'targetSku');
				if (translated === undefined) return skus.unmappedError(node, itemIndex, [level.sku]);
				sku = translated;
			}
			return { itemIndex, level, sku, target };
		};
	}
}
