/**
 * `npm run bench:sync-health [-- --runs 20000 --exceptions 5000]`
 *
 * How much room the sync-health Data Tables take in n8n's own database: starts a throwaway n8n
 * 2.41.1 (SQLite, as `npm start`), creates the two tables as provisioning does, fills them with rows
 * shaped like the ones the exceptions workflow writes (workflow names, ISO dates and counts of a
 * real client) and reads n8n's own measure of each table (`GET /rest/data-tables-global/limits`, the
 * figure n8n holds against `N8N_DATA_TABLES_MAX_SIZE_BYTES`). Prints bytes per row and what a busy
 * retailer's runs take per day, per month kept and per year unpruned. Never run in CI.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { ensureN8n, ROOT } from '../scripts/n8n/install';
import { DEMO_OWNER, N8nInstance } from '../scripts/n8n/instance';
import { SYNC_HEALTH_TABLES } from '../tools/sync-health/tables';

const argument = (name: string, fallback: number) => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = argument('runs', 20_000);
const EXCEPTIONS = argument('exceptions', 5_000);
/** A busy retailer: five pairs' worth of flows (about 15 scheduled), most every 5 minutes. */
const FLOWS = 15;
const RUNS_PER_DAY = (FLOWS * (24 * 60)) / 5;
const CLIENT = 'Example Outfitters';
const WORKFLOWS = [
	'Order injection: Cloudshelf → Linnworks',
	'Stock push: Linnworks → Cloudshelf',
	'Fulfilment writeback: Linnworks → Cloudshelf',
	'Store sales: Cloudshelf → Centra stock',
	'Catalogue: commercetools → Cloudshelf',
].map((name) => `${name} (${CLIENT})`);

function runRow(index: number) {
	const finished = new Date(Date.now() - index * 60_000);
	return {
		workflow: WORKFLOWS[index % WORKFLOWS.length],
		client: CLIENT,
		flow: 'order-injection',
		execution: String(100_000 + index),
		started: new Date(finished.getTime() - 4_000).toISOString(),
		finished: finished.toISOString(),
		read: index % 40,
		written: index % 37,
		skipped: 0,
		failed: index % 3 === 0 ? 1 : 0,
		status: index % 3 === 0 ? 'partial' : 'success',
		expectedEveryMinutes: 5,
	};
}

function exceptionRow(index: number) {
	const workflow = WORKFLOWS[index % WORKFLOWS.length];
	const reference = `gid://cloudshelf/Order/01J01K96KN3BA${String(index).padStart(9, '0')}`;
	const seen = new Date(Date.now() - index * 600_000).toISOString();
	return {
		key: `${workflow} | ${reference}`,
		workflow,
		client: CLIENT,
		flow: 'order-injection',
		platform: 'linnworks',
		reference,
		reason: `Order ${reference}: SKU KIOSK-TEE-${index % 100} has no Linnworks stock item`,
		howToFix:
			'Add the SKU to the SKU Mapping table (incoming SKU → Linnworks SKU), or create the stock item in Linnworks, then run again.',
		firstSeen: seen,
		lastSeen: seen,
		attempts: 1 + (index % 12),
		status: index % 4 === 0 ? 'open' : 'resolved',
		resolvedAt: index % 4 === 0 ? null : seen,
		resolution:
			index % 4 === 0
				? ''
				: `Went through in execution ${200_000 + index} (Create Linnworks Order)`,
		execution: String(200_000 + index),
	};
}

async function main() {
	ensureN8n((line) => console.log(line));
	const work = join(ROOT, '.artifacts', 'bench-sync-health');
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work, { recursive: true });
	const n8n = new N8nInstance({ userFolder: join(work, 'n8n'), port: 5710, brokerPort: 5711 });
	await n8n.start();
	try {
		await n8n.signIn(DEMO_OWNER);
		await n8n.ensureDataTables(SYNC_HEALTH_TABLES);
		const project = (await n8n.rest<{ id: string }>('GET', '/projects/personal')).id;
		const tables = await n8n.rest<{ data: Array<{ id: string; name: string }> }>(
			'GET',
			`/projects/${project}/data-tables`,
		);
		const idOf = (name: string) => tables.data.find((table) => table.name === name)!.id;
		const fill = async (name: string, count: number, row: (index: number) => object) => {
			for (let start = 0; start < count; start += 500) {
				const data = Array.from({ length: Math.min(500, count - start) }, (_, offset) =>
					row(start + offset),
				);
				await n8n.rest('POST', `/projects/${project}/data-tables/${idOf(name)}/insert`, {
					data,
					returnType: 'count',
				});
			}
		};
		const sizes = async () =>
			(
				await n8n.rest<{ totalBytes: number; dataTables: Record<string, { sizeBytes: number }> }>(
					'GET',
					'/data-tables-global/limits',
				)
			).dataTables;
		const empty = await sizes();
		await fill('retail_sync_runs', RUNS, runRow);
		await fill('retail_sync_exceptions', EXCEPTIONS, exceptionRow);
		const full = await sizes();
		const perRow = (name: string, count: number) =>
			((full[idOf(name)]?.sizeBytes ?? 0) - (empty[idOf(name)]?.sizeBytes ?? 0)) / count;
		const runBytes = perRow('retail_sync_runs', RUNS);
		const exceptionBytes = perRow('retail_sync_exceptions', EXCEPTIONS);
		const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
		console.log(`n8n 2.41.1, SQLite; ${RUNS} run rows, ${EXCEPTIONS} exception rows`);
		console.log(`retail_sync_runs: ${runBytes.toFixed(0)} bytes a row`);
		console.log(`retail_sync_exceptions: ${exceptionBytes.toFixed(0)} bytes a row`);
		console.log(
			`busy retailer (${FLOWS} flows every 5 min, ${RUNS_PER_DAY} runs a day): ${mb(RUNS_PER_DAY * runBytes)} a day, ${mb(30 * RUNS_PER_DAY * runBytes)} for the 30 days kept, ${mb(365 * RUNS_PER_DAY * runBytes)} a year unpruned`,
		);
	} finally {
		await n8n.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
