/**
 * A list resource of the Stokly sandbox: rows in insertion order (the default order of every
 * listing, ASSUMED), indexes on the fields clients filter by equality, and a cache of the
 * filtered, sorted result per (filter, sort) until the collection changes, so paging through
 * 100,000 rows does not filter and sort again for every page.
 */
import { candidates, indexKey, matches, parseFilter, type FilterNode } from './filter';

export type SortDirection = 'ASC' | 'DESC';

export interface ListQuery {
	filter?: string;
	sortField?: string;
	sortDirection?: SortDirection;
}

/** Cached listings per collection, and the rows they may hold together (memory at 700,000 rows). */
const CACHE_ENTRIES = 32;
const CACHE_ROWS = 2_000_000;

const ISO = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Orders two field values: numbers numerically, two ISO timestamps as instants (createdAt is kept
 * as sent, offsets included), other values as text; null and absent last.
 */
export function compareValues(a: unknown, b: unknown): number {
	const aMissing = a === null || a === undefined;
	const bMissing = b === null || b === undefined;
	if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'string' && typeof b === 'string' && ISO.test(a) && ISO.test(b)) {
		const instants = Date.parse(a) - Date.parse(b);
		if (!Number.isNaN(instants) && instants !== 0) return instants;
	}
	const left = typeof a === 'object' ? JSON.stringify(a) : String(a);
	const right = typeof b === 'object' ? JSON.stringify(b) : String(b);
	return left < right ? -1 : left > right ? 1 : 0;
}

/** Filters and sorts rows that need no index or cache (e.g. one sale order's lines). */
export function selectRows<T extends object>(
	rows: readonly T[],
	fields: ReadonlySet<string>,
	query: ListQuery,
): T[] {
	const node = query.filter ? parseFilter(query.filter, fields) : undefined;
	const selected = rows.filter((row) => matches(node, row));
	return sortRows(selected, query);
}

function sortRows<T extends object>(rows: T[], query: ListQuery): T[] {
	if (!query.sortField) return query.sortDirection === 'DESC' ? rows.reverse() : rows;
	const field = query.sortField;
	const sign = query.sortDirection === 'DESC' ? -1 : 1;
	const valueOf = (row: T) => (row as Record<string, unknown>)[field];
	// Array.prototype.sort is stable: ties keep insertion order.
	return rows.sort((a, b) => {
		const left = valueOf(a);
		const right = valueOf(b);
		const missing =
			(left === null || left === undefined) !== (right === null || right === undefined);
		// Missing values sort last in both directions.
		return missing ? compareValues(left, right) : sign * compareValues(left, right);
	});
}

export class Collection<T extends object> {
	private rows: T[] = [];
	private readonly byId = new Map<string, T>();
	private readonly indexes = new Map<string, Map<string, number[]>>();
	private readonly cache = new Map<string, { version: number; rows: T[] }>();
	private version = 0;

	constructor(
		private readonly idField: keyof T & string,
		/** Fields a filter may name and a listing may sort by. */
		readonly fields: ReadonlySet<string>,
		/** Scalar fields that never change after insertion, indexed for `==` and `=*` terms. */
		indexed: ReadonlyArray<keyof T & string>,
	) {
		for (const field of indexed) this.indexes.set(field, new Map());
	}

	get size(): number {
		return this.rows.length;
	}

	all(): readonly T[] {
		return this.rows;
	}

	get(id: string): T | undefined {
		return this.byId.get(id);
	}

	add(row: T): T {
		const position = this.rows.length;
		this.rows.push(row);
		this.byId.set(String(row[this.idField]), row);
		for (const [field, index] of this.indexes) {
			const key = indexKey((row as Record<string, unknown>)[field]);
			if (key === undefined) continue;
			const positions = index.get(key);
			if (positions) positions.push(position);
			else index.set(key, [position]);
		}
		this.changed();
		return row;
	}

	/** Every change to a row's fields goes through here, so cached listings are rebuilt. */
	changed(): void {
		this.version++;
	}

	clear(): void {
		this.rows = [];
		this.byId.clear();
		for (const index of this.indexes.values()) index.clear();
		this.cache.clear();
		this.changed();
	}

	/** First row whose indexed `field` equals `value`, from the index. */
	findBy(field: keyof T & string, value: string | number): T | undefined {
		const key = indexKey(value);
		const position = key === undefined ? undefined : this.indexes.get(field)?.get(key)?.[0];
		return position === undefined ? undefined : this.rows[position];
	}

	/** Every row whose indexed `field` equals `value`. */
	allBy(field: keyof T & string, value: string | number): T[] {
		const key = indexKey(value);
		const positions = key === undefined ? undefined : this.indexes.get(field)?.get(key);
		return (positions ?? []).map((position) => this.rows[position]);
	}

	/** The filtered, sorted rows (throws FilterError for a malformed filter); cached per query. */
	query(query: ListQuery): readonly T[] {
		const key = `${query.filter ?? ''}\u0000${query.sortField ?? ''}\u0000${query.sortDirection ?? ''}`;
		const cached = this.cache.get(key);
		if (cached && cached.version === this.version) return cached.rows;
		const node = query.filter ? parseFilter(query.filter, this.fields) : undefined;
		for (const [oldKey, entry] of this.cache)
			if (entry.version !== this.version) this.cache.delete(oldKey);
		const rows = sortRows(this.select(node), query);
		this.cache.delete(key);
		this.cache.set(key, { version: this.version, rows });
		// Oldest first out, down to the budgets (the newest entry always stays).
		let held = [...this.cache.values()].reduce((sum, entry) => sum + entry.rows.length, 0);
		for (const [oldKey, entry] of this.cache) {
			if (this.cache.size <= 1 || (this.cache.size <= CACHE_ENTRIES && held <= CACHE_ROWS)) break;
			this.cache.delete(oldKey);
			held -= entry.rows.length;
		}
		return rows;
	}

	private select(node: FilterNode | undefined): T[] {
		const positions = candidates(node, (field, key) =>
			this.indexes.has(field) ? (this.indexes.get(field)!.get(key) ?? []) : undefined,
		);
		if (!positions) return this.rows.filter((row) => matches(node, row));
		const selected: T[] = [];
		for (const position of positions) {
			const row = this.rows[position];
			if (matches(node, row)) selected.push(row);
		}
		return selected;
	}
}
