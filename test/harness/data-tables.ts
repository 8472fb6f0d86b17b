/**
 * n8n's Data Tables for in-process runs: the proxies n8n-core hands the Data Table node
 * (`additionalData['data-table'].dataTableProxyProvider`, see n8n-core's
 * data-table-helper-functions), kept in memory with the semantics of n8n 2.41's data-table module
 * that our workflows rely on: tables found by name, rows validated against the columns (an unknown
 * column or a value of the wrong type is refused, ISO strings become dates), system columns
 * id/createdAt/updatedAt, and filters eq/neq/gt/gte/lt/lte/like/ilike/isEmpty/isNotEmpty combined
 * with and/or. The real module (SQLite or PostgreSQL) is proven by the e2e suite.
 */
import type {
	DataTable,
	DataTableColumn,
	DataTableColumnJsType,
	DataTableFilter,
	DataTableInsertRowsReturnType,
	DataTableRow,
	DataTableRowReturn,
	IDataTableProjectAggregateService,
	IDataTableProjectService,
	ListDataTableRowsOptions,
} from 'n8n-workflow';

import type { TableDefinition } from '../../tools/sync-health/tables';

const PROJECT_ID = 'in-process-project';

interface StoredTable {
	table: DataTable;
	rows: DataTableRowReturn[];
	nextId: number;
}

function likePattern(pattern: string, flags: string): RegExp {
	const escaped = pattern
		.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
		.replace(/%/g, '.*')
		.replace(/_/g, '.');
	return new RegExp(`^${escaped}$`, flags);
}

function comparable(value: DataTableColumnJsType): number | string | boolean | null {
	return value instanceof Date ? value.getTime() : value;
}

function matches(row: DataTableRowReturn, filter?: DataTableFilter): boolean {
	if (!filter || filter.filters.length === 0) return true;
	const test = ({ columnName, condition, value }: DataTableFilter['filters'][number]) => {
		const cell = comparable(row[columnName] ?? null);
		const wanted = comparable(value);
		switch (condition) {
			case 'eq':
				return cell === wanted;
			case 'neq':
				return cell !== wanted;
			case 'gt':
				return cell !== null && wanted !== null && cell > wanted;
			case 'gte':
				return cell !== null && wanted !== null && cell >= wanted;
			case 'lt':
				return cell !== null && wanted !== null && cell < wanted;
			case 'lte':
				return cell !== null && wanted !== null && cell <= wanted;
			case 'like':
				return cell !== null && likePattern(String(wanted), '').test(String(cell));
			case 'ilike':
				return cell !== null && likePattern(String(wanted), 'i').test(String(cell));
			case 'isEmpty':
				return cell === null || cell === '';
			case 'isNotEmpty':
				return cell !== null && cell !== '';
		}
	};
	return filter.type === 'or' ? filter.filters.some(test) : filter.filters.every(test);
}

export class InMemoryDataTables {
	private readonly tables = new Map<string, StoredTable>();

	constructor(definitions: TableDefinition[]) {
		for (const definition of definitions) this.create(definition);
	}

	create({ name, columns }: Pick<TableDefinition, 'name' | 'columns'>): DataTable {
		const id = `table-${this.tables.size + 1}`;
		const now = new Date();
		const table: DataTable = {
			id,
			name,
			projectId: PROJECT_ID,
			createdAt: now,
			updatedAt: now,
			columns: columns.map((column, index) => ({
				id: `${id}-${index}`,
				dataTableId: id,
				index,
				...column,
			})),
		};
		this.tables.set(id, { table, rows: [], nextId: 1 });
		return table;
	}

	/** A table's rows as the Data Table node outputs them (dates as ISO strings). */
	rows(name: string): Array<Record<string, string | number | boolean | null>> {
		return this.byName(name).rows.map((row) =>
			Object.fromEntries(
				Object.entries(row).map(([key, value]) => [
					key,
					value instanceof Date ? value.toISOString() : value,
				]),
			),
		);
	}

	/** Adds rows as another execution would (e.g. what racing workers leave). */
	insert(name: string, rows: DataTableRow[]): void {
		const stored = this.byName(name);
		for (const row of rows) this.insertRow(stored, row);
	}

	readonly provider = {
		getDataTableAggregateProxy: async (): Promise<IDataTableProjectAggregateService> =>
			this.aggregate(),
		getDataTableProxy: async (_workflow: unknown, _node: unknown, dataTableId: string) =>
			this.proxy(this.byId(dataTableId)),
	};

	private byName(name: string): StoredTable {
		const stored = [...this.tables.values()].find((entry) => entry.table.name === name);
		if (!stored) throw new Error(`No data table ${name}`);
		return stored;
	}

	private byId(id: string): StoredTable {
		const stored = this.tables.get(id);
		if (!stored) throw new Error(`Could not find the data table '${id}'`);
		return stored;
	}

	/** n8n's validation of a row against the columns (data-table's `validateRowsWithColumns`). */
	private validated(columns: DataTableColumn[], row: DataTableRow): DataTableRow {
		const out: DataTableRow = {};
		for (const [name, value] of Object.entries(row)) {
			const column = columns.find((entry) => entry.name === name);
			if (!column) throw new Error(`unknown column name '${name}'`);
			if (value === null || value === undefined) {
				out[name] = null;
				continue;
			}
			const mismatch = () =>
				new Error(
					`value '${String(value)}' does not match column type '${column.type}': '${name}'`,
				);
			switch (column.type) {
				case 'date': {
					const date = value instanceof Date ? value : new Date(String(value));
					if (typeof value === 'boolean' || Number.isNaN(date.getTime())) throw mismatch();
					out[name] = date;
					break;
				}
				case 'number':
					if (typeof value !== 'number') throw mismatch();
					out[name] = value;
					break;
				case 'boolean':
					if (typeof value !== 'boolean') throw mismatch();
					out[name] = value;
					break;
				case 'string':
					if (typeof value !== 'string') throw mismatch();
					out[name] = value;
			}
		}
		return out;
	}

	private insertRow(stored: StoredTable, row: DataTableRow): DataTableRowReturn {
		const now = new Date();
		const blank = Object.fromEntries(stored.table.columns.map((column) => [column.name, null]));
		const inserted: DataTableRowReturn = {
			...blank,
			...this.validated(stored.table.columns, row),
			id: stored.nextId++,
			createdAt: now,
			updatedAt: now,
		};
		stored.rows.push(inserted);
		return { ...inserted };
	}

	private aggregate(): IDataTableProjectAggregateService {
		return {
			getProjectId: () => PROJECT_ID,
			createDataTable: async (options) => this.create(options as TableDefinition),
			getManyAndCount: async (options) => {
				const name = options.filter?.name;
				const data = [...this.tables.values()]
					.map((entry) => entry.table)
					.filter(
						(table) =>
							name === undefined || table.name.toLowerCase().includes(String(name).toLowerCase()),
					)
					.slice(options.skip ?? 0, (options.skip ?? 0) + (options.take ?? Infinity));
				return { count: data.length, data };
			},
			deleteDataTableAll: async () => {
				this.tables.clear();
				return true;
			},
		};
	}

	private proxy(stored: StoredTable): IDataTableProjectService {
		const select = (filter?: DataTableFilter) => stored.rows.filter((row) => matches(row, filter));
		const unsupported = (operation: string) => async (): Promise<never> => {
			throw new Error(`The in-process data tables do not ${operation}`);
		};
		return {
			getColumns: async () => stored.table.columns.map((column) => ({ ...column })),
			getManyRowsAndCount: async ({
				filter,
				sortBy,
				skip = 0,
				take,
			}: Partial<ListDataTableRowsOptions>) => {
				const selected = [...select(filter)];
				if (sortBy) {
					const [column, direction] = sortBy;
					const sign = direction === 'DESC' ? -1 : 1;
					selected.sort((a, b) => {
						const left = comparable(a[column] ?? null) ?? '';
						const right = comparable(b[column] ?? null) ?? '';
						return left < right ? -sign : left > right ? sign : 0;
					});
				}
				const page = selected.slice(skip, take === undefined ? undefined : skip + take);
				return { count: selected.length, data: page.map((row) => ({ ...row })) };
			},
			insertRows: async <T extends DataTableInsertRowsReturnType>(
				rows: DataTableRow[],
				returnType: T,
			) => {
				const inserted = rows.map((row) => this.insertRow(stored, row));
				const result =
					returnType === 'all'
						? inserted
						: returnType === 'id'
							? inserted.map(({ id }) => ({ id }))
							: { success: true, insertedRows: inserted.length };
				return result as never;
			},
			updateRows: async ({ filter, data }) => {
				const changes = this.validated(stored.table.columns, data);
				return select(filter).map((row) => {
					Object.assign(row, changes, { updatedAt: new Date() });
					return { ...row };
				});
			},
			upsertRow: async ({ filter, data }) => {
				const existing = select(filter);
				if (existing.length === 0) return [this.insertRow(stored, data)];
				const changes = this.validated(stored.table.columns, data);
				return existing.map((row) => ({
					...Object.assign(row, changes, { updatedAt: new Date() }),
				}));
			},
			deleteRows: async ({ filter }) => {
				const removed = select(filter);
				stored.rows = stored.rows.filter((row) => !removed.includes(row));
				return removed.map((row) => ({ ...row }));
			},
			clearRows: async () => {
				const deletedCount = stored.rows.length;
				stored.rows = [];
				return { deletedCount };
			},
			updateDataTable: unsupported('rename tables'),
			deleteDataTable: unsupported('delete tables'),
			addColumn: unsupported('add columns'),
			moveColumn: unsupported('move columns'),
			deleteColumn: unsupported('delete columns'),
		};
	}
}
