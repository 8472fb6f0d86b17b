/**
 * The polling cursor every time-based trigger uses, kept in workflow static data (so it survives
 * restarts and works on any queue-mode main):
 * - the first activation records "now" and emits nothing, unless Start From is set;
 * - manual runs (Fetch Test Event) return a sample of the newest records read and never move the
 *   cursor;
 * - the cursor advances only past records that were emitted, and only once they are turned into
 *   items, so a failed read re-emits rather than skips;
 * - records at the cursor's exact time are remembered, because the next read starts at it
 *   (inclusive); with `remember`, the last N emitted ids are kept too, for platforms where a record
 *   comes back with a newer time after a change (e.g. an order whose status moves on);
 * - with `lookbackMs`, for platforms whose writes become readable after their time (accepted with
 *   202 and visible later, or timed by the sender): each read starts that long before the cursor and
 *   the ids emitted within it are kept with their times, so a record that shows up late is emitted
 *   once and nothing twice. The first activation records what the look-back already holds.
 */
import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

/** What the cursor keeps in the node's static data. */
export interface CursorState {
	/** ISO time of the last record emitted. */
	after?: string;
	/** Ids emitted at `after` (and, with `remember`, the last N emitted). */
	emitted?: string[];
	/** With `lookbackMs`: id → ISO time of the records emitted within the look-back before `after`. */
	recent?: Record<string, string>;
}

export interface CursorWindow {
	/** Undefined only for a manual sample without a look-back: read from the beginning. */
	since?: Date;
	until: Date;
	/** Read at least this many records (when the platform can limit), so that `limit` fresh ones remain. */
	limit: number;
}

export interface PollOptions<T> {
	/** The node's Start From parameter (empty: start from activation). */
	startFrom: string;
	maxPerPoll: number;
	sampleSize: number;
	/** How far back a manual sample reads; undefined = everything. */
	sampleLookbackMs?: number;
	/** Keep the last N emitted ids, not only those at the cursor's time. */
	remember?: number;
	/**
	 * How long after its time a record can still become readable: reads start this long before the
	 * cursor, and what was emitted within it is remembered (see the header).
	 */
	lookbackMs?: number;
	/** Records in the window, any order. */
	read(window: CursorWindow): Promise<T[]>;
	idOf(record: T): string;
	timeOf(record: T): string;
	/** The items for the records to emit, oldest first. */
	toItems(records: T[]): Promise<IDataObject[]>;
}

const isoTime = (time: string) => new Date(time).toISOString();

/**
 * Cursors saved by release 0.1.0 named their fields per trigger; read them once so an upgrade
 * neither skips what happened since the last poll nor replays from Start From.
 */
function fromEarlierRelease(state: CursorState & Record<string, unknown>): void {
	const after = state.dispatchedAfter ?? state.updatedAfter;
	if (state.after === undefined && typeof after === 'string') state.after = after;
	if (state.emitted === undefined && Array.isArray(state.emittedAtCursor)) {
		state.emitted = state.emittedAtCursor as string[];
	}
	delete state.dispatchedAfter;
	delete state.updatedAfter;
	delete state.emittedAtCursor;
}

export async function pollWithCursor<T>(
	context: IPollFunctions,
	options: PollOptions<T>,
): Promise<IDataObject[]> {
	const state = context.getWorkflowStaticData('node') as CursorState & Record<string, unknown>;
	const manual = context.getMode() === 'manual';
	if (!manual) fromEarlierRelease(state);
	const now = new Date();
	const lookbackMs = options.lookbackMs ?? 0;
	if (!manual && !state.after && !options.startFrom) {
		// First activation: start from now instead of replaying history.
		if (lookbackMs > 0) {
			// What is already readable in the look-back is history too, not news for the next check.
			const found = await options.read({
				since: new Date(now.getTime() - lookbackMs),
				until: now,
				limit: Number.MAX_SAFE_INTEGER,
			});
			state.recent = Object.fromEntries(
				found.map((record) => [options.idOf(record), isoTime(options.timeOf(record))]),
			);
		}
		state.after = now.toISOString();
		state.emitted = [];
		return [];
	}
	let since: Date | undefined;
	if (manual) {
		since =
			options.sampleLookbackMs === undefined
				? undefined
				: new Date(now.getTime() - options.sampleLookbackMs);
	} else {
		since = new Date(state.after ?? options.startFrom);
		if (state.after && lookbackMs > 0) since = new Date(since.getTime() - lookbackMs);
		if (Number.isNaN(since.getTime())) {
			throw new NodeOperationError(
				context.getNode(),
				`"Start From" is not a date: ${options.startFrom}`,
				{
					description: 'Set an ISO 8601 date-time such as 2026-05-01T09:00:00Z, or leave it empty.',
				},
			);
		}
	}
	const alreadyEmitted = new Set(
		manual ? [] : [...(state.emitted ?? []), ...Object.keys(state.recent ?? {})],
	);
	const limit = manual ? options.sampleSize : options.maxPerPoll;
	const found = await options.read({ since, until: now, limit: limit + alreadyEmitted.size });
	const sorted = found
		.filter((record) => !alreadyEmitted.has(options.idOf(record)))
		.sort((a, b) => Date.parse(options.timeOf(a)) - Date.parse(options.timeOf(b)));
	// A sample shows the latest records; a poll emits the oldest first, so the cursor can follow.
	const fresh = manual ? sorted.slice(-limit) : sorted.slice(0, limit);
	if (!fresh.length) return [];

	const items = await options.toItems(fresh);
	if (!manual) advance(state, fresh, alreadyEmitted, options);
	return items;
}

function advance<T>(
	state: CursorState,
	emitted: T[],
	before: Set<string>,
	options: PollOptions<T>,
): void {
	const last = isoTime(options.timeOf(emitted[emitted.length - 1]));
	if (options.lookbackMs) {
		// A late record can be older than the cursor: the cursor never moves back.
		const after = state.after && state.after > last ? state.after : last;
		const horizon = Date.parse(after) - options.lookbackMs;
		const recent: Record<string, string> = { ...state.recent };
		for (const record of emitted) recent[options.idOf(record)] = isoTime(options.timeOf(record));
		state.recent = Object.fromEntries(
			Object.entries(recent).filter(([, time]) => Date.parse(time) >= horizon),
		);
		state.emitted = Object.keys(state.recent).filter((id) => state.recent?.[id] === after);
		state.after = after;
		return;
	}
	if (options.remember) {
		state.emitted = rememberIds([...before], emitted.map(options.idOf), options.remember);
	} else {
		const atLast = emitted
			.filter((record) => isoTime(options.timeOf(record)) === last)
			.map(options.idOf);
		state.emitted = last === state.after ? [...before, ...atLast] : atLast;
	}
	state.after = last;
}

/**
 * A bounded memory of ids already handled (emitted records, seen webhook events), oldest first:
 * `list` with `newIds` appended — an id already in `list` moves to the end rather than being kept
 * twice — trimmed to the newest `max`. Returns a new array; `list` is not changed.
 */
export function rememberIds(
	list: readonly string[] | undefined,
	newIds: readonly string[],
	max: number,
): string[] {
	const added = new Set(newIds);
	const kept = (list ?? []).filter((id) => !added.has(id));
	const merged = [...kept, ...added];
	return max > 0 ? merged.slice(-max) : [];
}
