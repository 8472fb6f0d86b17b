/**
 * Mapping tables: the per-client translations (SKU, location → Source/SubSource, and those to come
 * such as market, supply channel or sales channel) that users fill in the editor as
 * `fixedCollection` tables. One `MappingTable` declares the editor parameters and reads them back,
 * so every table behaves the same: rows are matched case- and whitespace-insensitively (people type
 * them), the first row for a value wins, rows with an empty key or required column are ignored, and
 * an unmapped value is handled by one policy — pass it through, use the defaults set below the
 * table, or fail the item with the same wording everywhere.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

export function normaliseKey(value: string | undefined): string {
	return (value ?? '').trim().toLowerCase();
}

/** Reads a `fixedCollection` parameter value (`{ <collectionName>: [rows] }`) into its rows. */
export function tableRows<T>(value: unknown, collectionName: string): T[] {
	if (!value || typeof value !== 'object') return [];
	const rows = (value as Record<string, unknown>)[collectionName];
	return Array.isArray(rows) ? (rows as T[]) : [];
}

/** What happens to a value with no row: used as is, replaced by the defaults below the table, or an error. */
export type UnmappedPolicy = 'passThrough' | 'default' | 'error';

/** One column of the table: an editor field. */
export type MappingColumn = INodeProperties;

/** The field below the table that holds a column's value for unmapped values (policy "default"). */
export interface DefaultField {
	default?: INodeProperties['default'];
	description?: string;
}

export interface MappingTableSpec<Row> {
	/** Parameter name, e.g. "skuMapping". */
	name: string;
	/** e.g. "SKU Mapping"; errors say `… has no row in the SKU Mapping table`. */
	displayName: string;
	description: string;
	/** Label of one row in the editor, e.g. "Location". */
	rowName: string;
	/** What the looked-up values are, in errors: "SKU", "location". */
	subject: string;
	/** The column matched against incoming values. */
	key: keyof Row & string;
	/** Columns a row needs, beyond the key, to count (rows with them empty are ignored). */
	requiredColumns?: Array<keyof Row & string>;
	columns: MappingColumn[];
	unmapped: {
		/** Parameter holding the policy; absent when the table has one fixed policy. */
		parameter?: string;
		displayName?: string;
		default: UnmappedPolicy;
		/** The policies offered, with what each does in this table's words. */
		policies: Partial<Record<UnmappedPolicy, string>>;
		/** For policy "default": fields below the table, per column, named `default<Column>`. */
		defaults?: Partial<Record<keyof Row & string, DefaultField>>;
	};
}

const POLICY_NAMES: Record<UnmappedPolicy, string> = {
	passThrough: 'Use As Is',
	default: 'Use Defaults Below',
	error: 'Send to Error Output',
};

/** How an incoming value was resolved. */
export type Resolution<Row> =
	| { status: 'mapped'; row: Row }
	/** No row; `row` holds the defaults set below the table (the key column is the value itself). */
	| { status: 'default'; row: Row }
	| { status: 'passThrough' }
	| { status: 'unmapped' };

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export class MappingTable<Row extends object> {
	constructor(readonly spec: MappingTableSpec<Row>) {}

	/** Name of the field below the table for `column`, e.g. defaultSource. */
	private defaultFieldName(column: string): string {
		return `default${capitalise(column)}`;
	}

	/** The table, its unmapped-value policy and the default fields, as editor parameters. */
	properties(): INodeProperties[] {
		const { spec } = this;
		const table: INodeProperties = {
			displayName: spec.displayName,
			name: spec.name,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: `Add ${spec.rowName}`,
			default: {},
			description: spec.description,
			options: [
				{
					name: 'mapping',
					displayName: spec.rowName,
					values: spec.columns,
				},
			],
		};
		const { parameter, policies, defaults, default: initialPolicy } = spec.unmapped;
		if (!parameter) return [table];
		const policy: INodeProperties = {
			displayName: spec.unmapped.displayName ?? `Unmapped ${capitalise(spec.subject)}s`,
			name: parameter,
			type: 'options',
			default: initialPolicy,
			options: (Object.entries(policies) as Array<[UnmappedPolicy, string]>).map(
				([value, description]): INodePropertyOptions => ({
					name: POLICY_NAMES[value],
					value,
					description,
				}),
			),
		};
		const defaultFields = Object.entries(defaults ?? {}).map(([name, field]) => {
			const column = spec.columns.find((candidate) => candidate.name === name);
			if (!column) throw new Error(`Mapping table ${spec.name} has no column ${name}`);
			const { default: value, description } = field as DefaultField;
			// The column's placeholder is an example row value, not an example default.
			const fieldOfColumn: Partial<INodeProperties> = { ...column };
			delete fieldOfColumn.placeholder;
			return {
				...fieldOfColumn,
				displayName: `Default ${column.displayName}`,
				name: this.defaultFieldName(name),
				default: value ?? column.default,
				description: description ?? column.description,
				displayOptions: { show: { [parameter]: ['default'] } },
			} as INodeProperties;
		});
		return [table, policy, ...defaultFields];
	}

	/** Reads the table (and its policy and defaults) as set for `itemIndex`. */
	read(context: IExecuteFunctions, itemIndex: number): MappingLookup<Row> {
		const { spec } = this;
		const rows = tableRows<Row>(context.getNodeParameter(spec.name, itemIndex, {}), 'mapping');
		const { parameter } = spec.unmapped;
		const policy = parameter
			? (context.getNodeParameter(parameter, itemIndex, spec.unmapped.default) as UnmappedPolicy)
			: spec.unmapped.default;
		let defaults: Partial<Row> | undefined;
		if (policy === 'default') {
			defaults = {};
			for (const [column, field] of Object.entries(spec.unmapped.defaults ?? {})) {
				const fallback = (field as DefaultField).default ?? '';
				(defaults as Record<string, unknown>)[column] = context.getNodeParameter(
					this.defaultFieldName(column),
					itemIndex,
					fallback,
				);
			}
		}
		return new MappingLookup(spec, rows, policy, defaults);
	}
}

export class MappingLookup<Row extends object> {
	readonly rows: Row[];
	private readonly byKey = new Map<string, Row>();

	constructor(
		private readonly spec: MappingTableSpec<Row>,
		rows: Row[],
		readonly policy: UnmappedPolicy,
		private readonly defaults?: Partial<Row>,
	) {
		const filled = (row: Row, column: keyof Row) => String(row[column] ?? '').trim() !== '';
		this.rows = rows.filter((row) =>
			[spec.key, ...(spec.requiredColumns ?? [])].every((column) => filled(row, column)),
		);
		for (const row of this.rows) {
			const key = normaliseKey(String(row[spec.key]));
			if (!this.byKey.has(key)) this.byKey.set(key, row);
		}
	}

	get size(): number {
		return this.rows.length;
	}

	/** The row for `value` (first match wins), or undefined. */
	find(value: string | undefined): Row | undefined {
		return this.byKey.get(normaliseKey(value));
	}

	resolve(value: string | undefined): Resolution<Row> {
		const row = this.find(value);
		if (row) return { status: 'mapped', row };
		if (this.policy === 'passThrough') return { status: 'passThrough' };
		if (this.policy === 'default') {
			return { status: 'default', row: { ...this.defaults, [this.spec.key]: value ?? '' } as Row };
		}
		return { status: 'unmapped' };
	}

	/**
	 * `column` of the row for `value`; the value itself when unmapped values pass through, undefined
	 * when they are errors.
	 */
	translate(value: string, column: keyof Row & string): string | undefined {
		const resolution = this.resolve(value);
		if (resolution.status === 'mapped' || resolution.status === 'default') {
			return String(resolution.row[column] ?? '').trim();
		}
		return resolution.status === 'passThrough' ? value : undefined;
	}

	/**
	 * The error for values with no row, in the same words for every table, e.g.
	 * `Order CS-1: SKU "A", "B" have no row in the SKU Mapping table`.
	 */
	unmappedError(
		node: INode,
		itemIndex: number,
		values: string[],
		context?: string,
	): NodeOperationError {
		const { spec } = this;
		const unique = [...new Set(values)];
		const subject = context ? `${context}: ${spec.subject}` : capitalise(spec.subject);
		const verb = unique.length > 1 ? 'have' : 'has';
		const alternatives = (Object.keys(spec.unmapped.policies) as UnmappedPolicy[]).filter(
			(policy) => policy !== 'error',
		);
		const orChoose =
			spec.unmapped.parameter && alternatives.length
				? ` (or choose ${alternatives.map((policy) => `"${POLICY_NAMES[policy]}"`).join(' or ')} in "${this.policyDisplayName()}")`
				: '';
		return new NodeOperationError(
			node,
			`${subject} ${unique.map((value) => `"${value}"`).join(', ')} ${verb} no row in the ${spec.displayName} table`,
			{
				itemIndex,
				description: `Add the ${spec.subject} to the ${spec.displayName} table${orChoose}, then run again.`,
			},
		);
	}

	/** The editor name of the unmapped-value policy, e.g. "Unmapped Locations". */
	policyDisplayName(): string {
		return this.spec.unmapped.displayName ?? `Unmapped ${capitalise(this.spec.subject)}s`;
	}
}

export interface SkuMappingRow {
	sourceSku: string;
	targetSku: string;
}

/** The SKU table, identical on every node that maps SKUs; `target` names the platform written to. */
export function skuMappingTable(target: string): MappingTable<SkuMappingRow> {
	return new MappingTable<SkuMappingRow>({
		name: 'skuMapping',
		displayName: 'SKU Mapping',
		description: `Translate SKUs of the incoming records into ${target} SKUs. SKUs not listed are handled as set in "Unmapped SKUs".`,
		rowName: 'SKU',
		subject: 'SKU',
		key: 'sourceSku',
		requiredColumns: ['targetSku'],
		columns: [
			{
				displayName: 'Incoming SKU',
				name: 'sourceSku',
				type: 'string',
				default: '',
				placeholder: 'KIOSK-TSHIRT-RED-M',
			},
			{
				displayName: `${target} SKU`,
				name: 'targetSku',
				type: 'string',
				default: '',
				placeholder: 'TSHIRT-RED-M',
			},
		],
		unmapped: {
			parameter: 'unmappedSku',
			displayName: 'Unmapped SKUs',
			default: 'passThrough',
			policies: {
				passThrough: `The incoming SKU is used unchanged; it still has to exist in ${target}`,
				error: 'The item fails with the SKU named, so it can be fixed and replayed',
			},
		},
	});
}
