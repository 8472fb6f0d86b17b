/** pollWithCursor's look-back: records readable only after their time (202 writes, sender-set times). */
import type { INode, IPollFunctions } from 'n8n-workflow';

import { pollWithCursor, type CursorState } from '../../nodes/shared/cursor';

interface Change {
	id: string;
	at: string;
}

const node = { name: 'Trigger', type: 'test', typeVersion: 1, parameters: {} } as unknown as INode;
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();

function pollContext(staticData: CursorState, mode: 'trigger' | 'manual' = 'trigger') {
	return {
		getNode: () => node,
		getMode: () => mode,
		getWorkflowStaticData: () => staticData,
	} as unknown as IPollFunctions;
}

describe('pollWithCursor with a look-back', () => {
	/** What the platform lets us read now. */
	let visible: Change[];
	const reads: Array<string | undefined> = [];
	const poll = (state: CursorState, extra: { startFrom?: string; maxPerPoll?: number } = {}) =>
		pollWithCursor<Change>(pollContext(state), {
			startFrom: extra.startFrom ?? '',
			maxPerPoll: extra.maxPerPoll ?? 10,
			sampleSize: 1,
			lookbackMs: 30 * MINUTE,
			read: async ({ since }) => {
				reads.push(since?.toISOString());
				return visible.filter((record) => !since || Date.parse(record.at) >= since.getTime());
			},
			idOf: (record) => record.id,
			timeOf: (record) => record.at,
			toItems: async (records) => records.map((record) => ({ id: record.id })),
		});

	beforeEach(() => {
		visible = [];
		reads.length = 0;
	});

	it('emits a record that became readable after the cursor passed its time, once', async () => {
		const state: CursorState = {};
		const startFrom = ago(60);
		visible.push({ id: 'a', at: ago(10) });
		expect(await poll(state, { startFrom })).toEqual([{ id: 'a' }]);
		// b was written before a but is readable only now.
		visible.push({ id: 'b', at: ago(20) });
		expect(await poll(state, { startFrom })).toEqual([{ id: 'b' }]);
		expect(state.after).toBe(visible[0].at);
		expect(await poll(state, { startFrom })).toEqual([]);
		expect(Object.keys(state.recent ?? {}).sort()).toEqual(['a', 'b']);
		// The read started the look-back before the cursor.
		expect(reads[2]).toBe(new Date(Date.parse(visible[0].at) - 30 * MINUTE).toISOString());
	});

	it('forgets ids once they are older than the look-back before the cursor', async () => {
		const state: CursorState = {};
		visible.push({ id: 'old', at: ago(100) }, { id: 'new', at: ago(5) });
		expect(await poll(state, { startFrom: ago(120), maxPerPoll: 1 })).toEqual([{ id: 'old' }]);
		expect(await poll(state, { startFrom: ago(120) })).toEqual([{ id: 'new' }]);
		expect(state.recent).toEqual({ new: visible[1].at });
	});

	it('on activation records what the look-back already holds, so it is not emitted as new', async () => {
		const state: CursorState = {};
		visible.push({ id: 'before', at: ago(5) });
		expect(await poll(state)).toEqual([]);
		expect(state.recent).toEqual({ before: visible[0].at });
		visible.push({ id: 'late', at: ago(6) }, { id: 'next', at: new Date().toISOString() });
		expect((await poll(state)).map((item) => item.id)).toEqual(['late', 'next']);
	});
});
