/**
 * Writes a platform accepted (e.g. HTTP 202) that may not be visible yet, remembered in the node's
 * workflow static data so the next execution does not apply them again: a stock delta whose effect
 * the next read does not show yet, an order created but not yet findable, an answer lost on its
 * way back. Entries live at most `windowMs` and at most `max` of them are kept (oldest dropped).
 *
 * n8n saves static data after production executions (trigger or schedule started), not after
 * manual runs from the editor: there a pending write is remembered only within the execution.
 */
import type { IDataObject } from 'n8n-workflow';

export interface PendingWritesOptions {
	/** How long an accepted write may stay invisible (ms). Default 30 minutes. */
	windowMs?: number;
	/** Most entries kept per namespace. Default 10,000. */
	max?: number;
	/** Clock (tests). */
	now?: () => number;
}

export const DEFAULT_PENDING_WINDOW_MS = 30 * 60_000;
export const DEFAULT_PENDING_MAX = 10_000;

/** What is stored per key: the caller's value plus when it was put (ms since the epoch). */
export type PendingEntry<T extends IDataObject> = T & { at: number };

interface StaticDataHolder {
	getWorkflowStaticData(type: string): IDataObject;
}

export class PendingWrites<T extends IDataObject> {
	private constructor(
		private readonly store: Record<string, PendingEntry<T>>,
		private readonly windowMs: number,
		private readonly max: number,
		private readonly now: () => number,
	) {
		this.prune();
	}

	/** The pending writes of `namespace` in the node's static data (created when absent). */
	static of<T extends IDataObject>(
		context: StaticDataHolder,
		namespace: string,
		{
			windowMs = DEFAULT_PENDING_WINDOW_MS,
			max = DEFAULT_PENDING_MAX,
			now = Date.now,
		}: PendingWritesOptions = {},
	): PendingWrites<T> {
		const data = context.getWorkflowStaticData('node');
		const existing = data[namespace];
		const store =
			existing && typeof existing === 'object' && !Array.isArray(existing)
				? (existing as Record<string, PendingEntry<T>>)
				: {};
		data[namespace] = store as unknown as IDataObject;
		return new PendingWrites<T>(store, Math.max(0, windowMs), Math.max(1, max), now);
	}

	/** The entry of `key`, if put within the window. */
	get(key: string): PendingEntry<T> | undefined {
		const entry = this.store[key];
		if (!entry) return undefined;
		if (!this.fresh(entry)) {
			delete this.store[key];
			return undefined;
		}
		return entry;
	}

	/** Remembers `value` under `key`, stamped now (replacing any entry of the key). */
	put(key: string, value: T): PendingEntry<T> {
		delete this.store[key]; // re-inserted last: insertion order is age order
		const entry = { ...value, at: this.now() } as PendingEntry<T>;
		this.store[key] = entry;
		this.prune();
		return entry;
	}

	delete(key: string): void {
		delete this.store[key];
	}

	/** Keys of the entries within the window, oldest first. */
	keys(): string[] {
		this.prune();
		return Object.keys(this.store);
	}

	get size(): number {
		return this.keys().length;
	}

	private fresh(entry: PendingEntry<T>): boolean {
		return typeof entry.at === 'number' && this.now() - entry.at < this.windowMs;
	}

	/** Drops entries past the window, then the oldest beyond `max`. */
	private prune(): void {
		const keys = Object.keys(this.store);
		for (const key of keys) if (!this.fresh(this.store[key])) delete this.store[key];
		const left = Object.keys(this.store).sort((a, b) => this.store[a].at - this.store[b].at);
		for (const key of left.slice(0, Math.max(0, left.length - this.max))) delete this.store[key];
	}
}
