/**
 * Records a user names by ID or by name — locations, channels, bins, warehouses — as drop-downs
 * give IDs and expressions, mapping tables and the agency tool give names. One lookup (the ID,
 * else the name, case and outer spaces ignored as `normaliseKey` does) and one error wording for
 * a reference that matches nothing, naming what there is.
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import { normaliseKey } from './mapping';

/** The record whose ID, else whose name, is `reference` (case and outer spaces ignored). */
export function byIdOrName<T>(
	records: readonly T[],
	reference: unknown,
	idOf: (record: T) => string | number,
	nameOf: (record: T) => string | undefined,
): T | undefined {
	const key = normaliseKey(reference === undefined || reference === null ? '' : String(reference));
	if (!key) return undefined;
	return (
		records.find((record) => normaliseKey(String(idOf(record))) === key) ??
		records.find((record) => normaliseKey(nameOf(record)) === key)
	);
}

export interface DirectoryOf<T> {
	/** Who holds the records, as the error names it: `Stokly`, `Stokly location "Oxford Street"`. */
	owner: string;
	/** What a record is, singular: `location`, `channel`, `bin`. */
	kind: string;
	idOf(record: T): string | number;
	nameOf(record: T): string | undefined;
}

/** Records looked up by ID or name, and the error for a reference that matches none. */
export class Directory<T> {
	constructor(
		readonly records: readonly T[],
		private readonly spec: DirectoryOf<T>,
	) {}

	find(reference: unknown): T | undefined {
		return byIdOrName(this.records, reference, this.spec.idOf, this.spec.nameOf);
	}

	/** The names there are, for messages: `London Warehouse, Oxford Street`, or `none`. */
	names(): string {
		const names = this.records.map((record) => this.spec.nameOf(record) ?? this.spec.idOf(record));
		return names.length ? names.join(', ') : 'none';
	}

	/**
	 * `<owner> has no <kind> "<reference>"`, saying which there are; `hint` (a sentence) adds what
	 * else the user can do.
	 */
	unknown(
		node: INode,
		reference: unknown,
		{ itemIndex, hint }: { itemIndex?: number; hint?: string } = {},
	): NodeOperationError {
		const { owner, kind } = this.spec;
		const wanted = reference === undefined || reference === null ? '' : String(reference);
		return new NodeOperationError(node, `${owner} has no ${kind} "${wanted}"`, {
			itemIndex,
			description: `Give the name or ID of one of its ${kind}s (${this.names()}).${hint ? ` ${hint}` : ''}`,
		});
	}

	/** The record of `reference`; throws `unknown(…)` when there is none. */
	resolve(node: INode, reference: unknown, options: { itemIndex?: number; hint?: string } = {}): T {
		const record = this.find(reference);
		if (record === undefined) throw this.unknown(node, reference, options);
		return record;
	}

	/** The records of several references, in their order, each once; throws on the first unknown. */
	resolveAll(
		node: INode,
		references: readonly unknown[],
		options: { itemIndex?: number; hint?: string } = {},
	): T[] {
		return [...new Set(references.map((reference) => this.resolve(node, reference, options)))];
	}
}
