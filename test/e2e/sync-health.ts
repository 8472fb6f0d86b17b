/**
 * Sync health in the real n8n of the e2e suite (called from real-n8n.test.ts, which shares its
 * instance): the exception queue and run log in n8n's own Data Tables, written by the templates
 * through the exceptions workflow, and the daily sync report read from them. Data Tables need
 * n8n's database, so this is where they are proven; the in-process tests cover the same workflows
 * against the harness's in-memory tables.
 */
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { N8nInstance } from '../../scripts/n8n/instance';
import { SYNC_HEALTH_TABLES } from '../../tools/sync-health/tables';
import { minutesAgo } from '../harness/time';
import type { RetailFixture } from '../harness/templates';
import { SCREENSHOTS, withEditor } from './editor';

const CLIENT = 'Sandbox Retailer';
const ORDER_INJECTION = 'Order injection: Cloudshelf → Linnworks';

type Row = IDataObject & { id: number };

/** The sync-health Data Tables of the owner's project, through n8n's internal API (as the editor). */
class SyncHealthTables {
	private projectId = '';
	private tableIds: Record<string, string> = {};

	constructor(private readonly n8n: N8nInstance) {}

	async load(): Promise<void> {
		this.projectId = (await this.n8n.rest<{ id: string }>('GET', '/projects/personal')).id;
		const listed = await this.n8n.rest<{ data: Array<{ id: string; name: string }> }>(
			'GET',
			`/projects/${this.projectId}/data-tables`,
		);
		this.tableIds = Object.fromEntries(listed.data.map((table) => [table.name, table.id]));
	}

	url(table: string): string {
		return `${this.n8n.baseUrl}/projects/${this.projectId}/datatables/${this.tableIds[table]}`;
	}

	private base(table: string): string {
		const tableId = this.tableIds[table];
		if (!tableId)
			throw new Error(`No Data Table ${table} in n8n (tables: ${Object.keys(this.tableIds)})`);
		return `/projects/${this.projectId}/data-tables/${tableId}`;
	}

	async rows(table: string): Promise<Row[]> {
		const rows: Row[] = [];
		for (let skip = 0; ; skip += 100) {
			const page = await this.n8n.rest<{ count: number; data: Row[] }>(
				'GET',
				`${this.base(table)}/rows?take=100&skip=${skip}`,
			);
			rows.push(...page.data);
			if (rows.length >= page.count || page.data.length === 0) return rows;
		}
	}

	async insert(table: string, rows: IDataObject[]): Promise<void> {
		await this.n8n.rest('POST', `${this.base(table)}/insert`, { data: rows, returnType: 'count' });
	}
}

export function describeSyncHealth(
	context: () => { n8n: N8nInstance; fixture: RetailFixture; id: (prefix: string) => string },
): void {
	describe('sync health: the exception queue and run log in n8n Data Tables, and the daily sync report', () => {
		let tables: SyncHealthTables;
		const workflowName = (template: string) => `${template} (${CLIENT})`;
		const queueRowsOf = async (template: string, reference: string) =>
			(await tables.rows('retail_sync_exceptions')).filter(
				(row) => row.workflow === workflowName(template) && row.reference === reference,
			);
		const runOrderInjection = async () => {
			const { n8n, id } = context();
			expect((await n8n.runFrom(id(ORDER_INJECTION), 'Every 5 Minutes')).status).toBe('success');
		};
		const alertsAbout = (reference: string) =>
			context()
				.fixture.sandboxes.alerts.alerts.map((alert) => alert.body as IDataObject)
				.filter((body) =>
					((body.exceptions as IDataObject[] | undefined) ?? []).some(
						(exception) => exception.reference === reference,
					),
				);

		beforeAll(async () => {
			tables = new SyncHealthTables(context().n8n);
			await tables.load();
		});

		it('npm start provisioning created both tables with the shared columns', async () => {
			const { n8n } = context();
			const projectId = (await n8n.rest<{ id: string }>('GET', '/projects/personal')).id;
			const listed = await n8n.rest<{ data: Array<{ id: string; name: string }> }>(
				'GET',
				`/projects/${projectId}/data-tables`,
			);
			const columnsOf = async (name: string) =>
				(
					await n8n.rest<Array<{ name: string; type: string }>>(
						'GET',
						`/projects/${projectId}/data-tables/${listed.data.find((table) => table.name === name)!.id}/columns`,
					)
				).map((column) => `${column.name}:${column.type}`);
			expect(await columnsOf('retail_sync_exceptions')).toEqual(
				expect.arrayContaining([
					'key:string',
					'attempts:number',
					'firstSeen:date',
					'status:string',
				]),
			);
			// The same columns for every pair, from one definition (tools/sync-health/tables.ts).
			for (const { name, columns } of SYNC_HEALTH_TABLES)
				expect((await columnsOf(name)).sort()).toEqual(
					columns.map((column) => `${column.name}:${column.type}`).sort(),
				);
		});

		it('every pair reports to the same tables: the runs of the earlier tests of this suite, scheduled and webhook, one row each', async () => {
			// The suite ran each pair's templates before this block (real-n8n.test.ts), some activated
			// (the Shopify webhooks): each run is in the run log, in the one shape.
			const runs = await tables.rows('retail_sync_runs');
			for (const pair of [
				/Cloudshelf → Linnworks|Linnworks → Cloudshelf/,
				/Centra/,
				/commercetools/,
				/Stokly/,
				/Shopify/,
			])
				expect(runs.filter((run) => pair.test(String(run.workflow))).length).toBeGreaterThan(0);
			for (const run of runs) {
				expect(['success', 'partial', 'error']).toContain(run.status);
				expect(run.client).toBe(CLIENT);
				expect(Date.parse(String(run.finished))).toBeGreaterThanOrEqual(
					Date.parse(String(run.started)),
				);
			}
		});

		it('an order with an unmapped SKU is one queue row across three runs, its attempts counted and alerted once; with the mapping added it is injected and the row resolved', async () => {
			const { n8n, fixture, id } = context();
			const { cloudshelf, linnworks } = fixture.sandboxes;
			cloudshelf.state.seed({
				products: [
					{
						id: 'gid://external/RetailSyncProduct/KIOSK-HEALTH-TEE',
						displayName: 'Kiosk health tee',
						variants: [
							{
								id: 'gid://external/RetailSyncVariant/KIOSK-HEALTH-TEE',
								sku: 'KIOSK-HEALTH-TEE',
								currentPrice: 19.99,
							},
						],
					},
				],
			});
			const order = cloudshelf.state.seedOrder({
				location: 'Oxford Street',
				createdAt: minutesAgo(5),
				lines: [{ variant: 'KIOSK-HEALTH-TEE', quantity: 1, price: 19.99 }],
			});

			for (let run = 1; run <= 3; run++) await runOrderInjection();
			const [row, ...others] = await queueRowsOf(ORDER_INJECTION, order.id);
			expect(others).toEqual([]);
			expect(row).toMatchObject({
				status: 'open',
				attempts: 3,
				flow: 'order-injection',
				client: CLIENT,
				platform: 'linnworks',
				reason: `Order ${order.id}: SKU KIOSK-HEALTH-TEE has no Linnworks stock item`,
			});
			expect(String(row.howToFix)).not.toBe('');
			expect(Date.parse(String(row.lastSeen))).toBeGreaterThan(Date.parse(String(row.firstSeen)));
			// Alerted when it first failed, not on the two runs after.
			expect(alertsAbout(order.id)).toHaveLength(1);
			expect(linnworks.state.snapshot().orders.some((entry) => entry.reference === order.id)).toBe(
				false,
			);

			const workflowId = id(ORDER_INJECTION);
			const before = await n8n.setNodeParameters(workflowId, 'Create Linnworks Order', {
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-HEALTH-TEE', targetSku: 'TEE-RED-M' }] },
			});
			try {
				await runOrderInjection();
			} finally {
				await n8n.setNodeParameters(workflowId, 'Create Linnworks Order', before);
			}
			expect(
				linnworks.state.snapshot().orders.filter((entry) => entry.reference === order.id),
			).toHaveLength(1);
			const [resolved] = await queueRowsOf(ORDER_INJECTION, order.id);
			expect(resolved).toMatchObject({
				id: row.id,
				status: 'resolved',
				attempts: 3,
				resolution: expect.stringMatching(
					/^Went through in execution \d+ \(Create Linnworks Order\)$/,
				),
			});
			expect(Date.parse(String(resolved.resolvedAt))).toBeGreaterThan(
				Date.parse(String(row.lastSeen)),
			);

			// Every run is in the run log, with what it read and wrote.
			const runs = (await tables.rows('retail_sync_runs')).filter(
				(run) => run.workflow === workflowName(ORDER_INJECTION),
			);
			expect(runs.length).toBeGreaterThanOrEqual(4);
			expect(runs.slice(-4).map((run) => [run.status, run.failed])).toEqual([
				['partial', 1],
				['partial', 1],
				['partial', 1],
				['success', 0],
			]);
			expect(runs.at(-1)).toMatchObject({
				flow: 'order-injection',
				client: CLIENT,
				expectedEveryMinutes: 5,
				oldestOpenMinutes: expect.any(Number),
			});
			expect(Number(runs.at(-1)!.written)).toBeGreaterThanOrEqual(1);
		});

		it('collapses two open rows that racing workers left for one record into one, their attempts added', async () => {
			const { cloudshelf } = context().fixture.sandboxes;
			cloudshelf.state.seed({
				locations: [
					{ id: 'gid://external/RetailSyncLocation/brighton', displayName: 'Brighton Pop-up' },
				],
			});
			const order = cloudshelf.state.seedOrder({
				location: 'Brighton Pop-up',
				createdAt: minutesAgo(5),
				lines: [{ variant: 'TEE-RED-M', quantity: 1, price: 19.99 }],
			});
			await runOrderInjection();
			const [first] = await queueRowsOf(ORDER_INJECTION, order.id);
			// What two workers upserting the same new key at once can leave (no lock in the upsert).
			const copy = Object.fromEntries(
				Object.entries(first).filter(
					([column]) => !['id', 'createdAt', 'updatedAt'].includes(column),
				),
			);
			await tables.insert('retail_sync_exceptions', [copy]);
			expect(await queueRowsOf(ORDER_INJECTION, order.id)).toHaveLength(2);

			await runOrderInjection();
			const rows = await queueRowsOf(ORDER_INJECTION, order.id);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ id: first.id, status: 'open', attempts: 3 });
			expect(alertsAbout(order.id)).toHaveLength(1);
		});

		it('the daily sync report flags a stalled flow, lists the open queue oldest first, and prunes old rows', async () => {
			const { n8n, fixture, id } = context();
			// Every flow of the suite has just run: the stalled one is a second shop's order injection
			// that last succeeded three hours ago, as the exceptions workflow would have recorded it.
			const stalledWorkflow = workflowName('Order injection: Cloudshelf → Linnworks, Outlet shop');
			const old = new Date(Date.now() - 40 * 24 * 3600_000).toISOString();
			await tables.insert('retail_sync_runs', [
				{
					workflow: stalledWorkflow,
					client: CLIENT,
					flow: 'order-injection',
					execution: 'seeded-1',
					started: new Date(Date.now() - 3 * 3600_000 - 5000).toISOString(),
					finished: new Date(Date.now() - 3 * 3600_000).toISOString(),
					read: 2,
					written: 2,
					skipped: 0,
					failed: 0,
					status: 'success',
					expectedEveryMinutes: 5,
				},
				{
					workflow: stalledWorkflow,
					client: CLIENT,
					flow: 'order-injection',
					execution: 'seeded-old',
					started: old,
					finished: old,
					read: 0,
					written: 0,
					skipped: 0,
					failed: 0,
					status: 'success',
					expectedEveryMinutes: 5,
				},
			]);
			await tables.insert('retail_sync_exceptions', [
				{
					key: 'seeded | old',
					workflow: stalledWorkflow,
					client: CLIENT,
					flow: 'order-injection',
					reference: 'seeded-old-order',
					reason: 'fixed long ago',
					firstSeen: old,
					lastSeen: old,
					attempts: 1,
					status: 'resolved',
					resolvedAt: old,
					resolution: 'seeded',
				},
			]);
			const alertsBefore = fixture.sandboxes.alerts.alerts.length;
			expect((await n8n.runFrom(id('Daily sync report'), 'Every Morning')).status).toBe('success');
			const reports = fixture.sandboxes.alerts.alerts
				.slice(alertsBefore)
				.map((alert) => alert.body as IDataObject);
			const report = reports.find((body) => body.client === CLIENT)!;
			expect(report).toBeDefined();
			const text = String(report.text);
			expect(text).toMatch(
				new RegExp(`^Daily sync report for ${CLIENT}, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\n`),
			);
			expect(text).toContain(
				'- STALLED Order injection: Cloudshelf → Linnworks, Outlet shop: no successful run for 3 h (expected every 5 min)',
			);
			expect(text).not.toContain('STALLED Order injection: Cloudshelf → Linnworks:');
			expect(text).toMatch(
				/- Order injection: Cloudshelf → Linnworks: \d+ run\(s\), read \d+, written \d+, failed \d+; last success \d+ min ago/,
			);
			const open = (await tables.rows('retail_sync_exceptions')).filter(
				(row) => row.status === 'open' && row.client === CLIENT,
			);
			expect(open.length).toBeGreaterThan(0);
			expect(text).toContain(`Open in the exception queue (${open.length}), oldest first:`);
			const listed = text.split('Open in the exception queue')[1];
			const oldestFirst = [...open].sort(
				(a, b) => Date.parse(String(a.firstSeen)) - Date.parse(String(b.firstSeen)),
			);
			const positions = oldestFirst.map((row) => listed.indexOf(String(row.reason)));
			expect(positions.every((position) => position > 0)).toBe(true);
			expect([...positions].sort((a, b) => a - b)).toEqual(positions);
			expect(text).toMatch(
				/Oldest unsynced order: .+ in Order injection: Cloudshelf → .+, waiting/,
			);
			expect(report.stalled).toEqual([stalledWorkflow]);

			// Pruned: the resolved row and the run older than the 30 days kept.
			expect(
				(await tables.rows('retail_sync_exceptions')).some((row) => row.key === 'seeded | old'),
			).toBe(false);
			const runs = await tables.rows('retail_sync_runs');
			expect(runs.some((run) => run.execution === 'seeded-old')).toBe(false);
			expect(runs.some((run) => run.execution === 'seeded-1')).toBe(true);

			await screenshots(context().n8n, tables, text);
		});
	});
}

/** The exception queue's Data Table tab in the editor, and the report as the alert channel shows it. */
async function screenshots(n8n: N8nInstance, tables: SyncHealthTables, reportText: string) {
	await withEditor(n8n, { width: 1920, height: 1000 }, async (page) => {
		await page.goto(tables.url('retail_sync_exceptions'));
		// The table's rows, in the editor's grid (AG Grid), with the queue rows of this test.
		try {
			await page.locator('.ag-row').first().waitFor();
			await page.waitForTimeout(1000);
			expect(await page.locator('.ag-center-cols-container').innerText()).toContain(CLIENT);
		} finally {
			await page.screenshot({ path: join(SCREENSHOTS, 'exception-queue-data-table.png') });
		}
		await page.setContent(
			`<body style="font: 15px/1.45 system-ui, sans-serif; margin: 32px; background: #f4f5f7">` +
				`<div style="max-width: 1100px; background: white; border-radius: 8px; padding: 20px 28px; box-shadow: 0 1px 3px #0002">` +
				`<div style="font-weight: 600; margin-bottom: 8px">Retail Sync · daily sync report</div>` +
				`<pre style="white-space: pre-wrap; font: inherit; margin: 0"></pre></div></body>`,
		);
		await page.locator('pre').evaluate((element, text) => {
			element.textContent = text;
		}, reportText);
		await page.screenshot({ path: join(SCREENSHOTS, 'daily-sync-report.png'), fullPage: true });
	});
}
