/**
 * The daily sync report through n8n's engine, on the harness's Data Tables seeded as the
 * exceptions workflow leaves them for two clients sharing one n8n (the community edition): the
 * client's copy reports on its own rows only, counts the last 24 hours by time (rows written with
 * other UTC offsets included), treats a partial run as a run, flags a flow without a recent run as
 * stalled, and prunes what is older than Keep Days. The real-n8n suite runs it on n8n's database.
 */
import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';

const TEMPLATE = 'daily-sync-report';
const CLIENT = 'Test Retailer';
const OTHER = 'Other Retailer';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
/** An ISO time written with a -05:00 offset, as n8n's `$now.toISO()` writes it in New York. */
const newYork = (date: Date) =>
	new Date(date.getTime() - 5 * 3600_000).toISOString().replace('Z', '-05:00');

function run(workflow: string, client: string, finishedMinutesAgo: number, fields = {}) {
	const finished = minutesAgo(finishedMinutesAgo);
	return {
		workflow: `${workflow} (${client})`,
		client,
		flow: 'order-injection',
		execution: `e-${finishedMinutesAgo}`,
		started: newYork(new Date(finished.getTime() - 4000)),
		finished: newYork(finished),
		read: 2,
		written: 2,
		skipped: 0,
		failed: 0,
		status: 'success',
		expectedEveryMinutes: 5,
		oldestOpenMinutes: 0,
		...fields,
	};
}

function exception(client: string, reference: string, firstSeenMinutesAgo: number, fields = {}) {
	const workflow = `Order injection: Cloudshelf → Linnworks (${client})`;
	return {
		key: `${workflow} | ${reference}`,
		workflow,
		client,
		flow: 'order-injection',
		platform: 'linnworks',
		reference,
		reason: `Order ${reference}: SKU X-${reference} has no Linnworks stock item`,
		howToFix: 'Add the SKU to the SKU Mapping table.',
		firstSeen: minutesAgo(firstSeenMinutesAgo).toISOString(),
		lastSeen: minutesAgo(1).toISOString(),
		attempts: 3,
		status: 'open',
		resolvedAt: null,
		resolution: '',
		execution: 'e-1',
		...fields,
	};
}

describe('template: daily sync report', () => {
	it('reports on its own client only: 24-hour counts, partial runs as runs, a stalled flow, the queue oldest first; then prunes', async () => {
		const tables = fixture.runner.dataTables;
		const injection = 'Order injection: Cloudshelf → Linnworks';
		const push = 'Stock push: Linnworks → Cloudshelf';
		tables.insert('retail_sync_runs', [
			run(injection, CLIENT, 2, { status: 'partial', failed: 1, read: 3, written: 2 }),
			run(injection, CLIENT, 7),
			// A day and a half ago: in the 2-day window, not in the 24-hour counts.
			run(injection, CLIENT, 36 * 60, { read: 50, written: 50 }),
			// The stock push last ran three hours ago, every 5 minutes expected.
			run(push, CLIENT, 180, { flow: 'stock-push', read: 12, written: 12 }),
			// 40 days old: outside the report, pruned.
			run(push, CLIENT, 40 * 24 * 60, { flow: 'stock-push', execution: 'old' }),
			run(injection, OTHER, 3, { read: 9, written: 9 }),
		]);
		tables.insert('retail_sync_exceptions', [
			exception(CLIENT, 'K-2', 30),
			exception(CLIENT, 'K-1', 80),
			exception(OTHER, 'OTHER-1', 60),
			exception(CLIENT, 'OLD-1', 50 * 24 * 60, {
				status: 'resolved',
				resolvedAt: minutesAgo(40 * 24 * 60).toISOString(),
				resolution: 'Went through',
			}),
		]);

		const workflow = fixture.workflow(TEMPLATE);
		expect(workflow.name).toMatch(new RegExp(`^Daily sync report.* \\(${CLIENT}\\)$`));
		const result = await runScheduled(fixture, workflow, 'Every Morning');
		expect(result.status).toBe('success');

		const reports = fixture.alerts();
		expect(reports).toHaveLength(1);
		const [report] = reports;
		expect(report).toMatchObject({
			client: CLIENT,
			open: 2,
			stalled: [`${push} (${CLIENT})`],
		});
		const text = String(report.text);
		expect(text).not.toMatch(/Other Retailer|OTHER-1/);
		expect(text).toContain(
			`- ${injection}: 2 run(s), read 5, written 4, failed 1; last success 2 min ago`,
		);
		expect(text).toContain(`- STALLED ${push}: no successful run for 3 h (expected every 5 min)`);
		expect(text).toContain(
			`- Oldest unsynced order: K-1 in ${injection}, waiting 80 min (2 order(s) open)`,
		);
		const queue = text.split('Open in the exception queue (2), oldest first:\n')[1];
		expect(queue.indexOf('- K-1 in')).toBe(0);
		expect(queue.indexOf('- K-2 in')).toBeGreaterThan(0);
		expect(queue).toContain(
			'open 80 min, 3 attempt(s): Order K-1: SKU X-K-1 has no Linnworks stock item',
		);
		expect(queue).toContain('\n  To fix: Add the SKU to the SKU Mapping table.');

		// Pruned: the run and the resolved row older than the 30 days kept; nothing open.
		expect(tables.rows('retail_sync_runs').map((row) => row.execution)).not.toContain('old');
		expect(tables.rows('retail_sync_runs')).toHaveLength(5);
		expect(tables.rows('retail_sync_exceptions').map((row) => row.reference)).toEqual([
			'K-2',
			'K-1',
			'OTHER-1',
		]);
	});
});
