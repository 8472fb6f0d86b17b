/**
 * The Data Tables of sync health, in n8n's own database: one shape whatever the platforms, written
 * by the exceptions workflow (workflows/exceptions-error-workflow.json) and read by the daily sync
 * report. `npm start` and `npm run deploy` create them when missing; the workflows address them by
 * name, so each n8n project (one client) has its own pair.
 */

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface TableDefinition {
	name: string;
	/** What the table holds, for logs and dry runs. */
	purpose: string;
	columns: Array<{ name: string; type: ColumnType }>;
}

const columns = (spec: Record<string, ColumnType>) =>
	Object.entries(spec).map(([name, type]) => ({ name, type }));

/** The id every template's Record Sync Health node calls (the deploy tool rewrites it). */
export const EXCEPTIONS_WORKFLOW_ID = 'rsExceptionQueue';

export const SYNC_HEALTH_TABLES: TableDefinition[] = [
	{
		name: 'retail_sync_exceptions',
		purpose: 'the exception queue: one row per failed record, open until a later run succeeds',
		columns: columns({
			key: 'string',
			workflow: 'string',
			client: 'string',
			flow: 'string',
			platform: 'string',
			reference: 'string',
			reason: 'string',
			howToFix: 'string',
			firstSeen: 'date',
			lastSeen: 'date',
			attempts: 'number',
			status: 'string',
			resolvedAt: 'date',
			resolution: 'string',
			execution: 'string',
		}),
	},
	{
		name: 'retail_sync_runs',
		purpose: 'sync health: one row per run of every flow',
		columns: columns({
			workflow: 'string',
			client: 'string',
			flow: 'string',
			execution: 'string',
			started: 'date',
			finished: 'date',
			read: 'number',
			written: 'number',
			skipped: 'number',
			failed: 'number',
			status: 'string',
			expectedEveryMinutes: 'number',
			// The lag: age of the flow's oldest record still open (an unsynced order, a dispatch
			// without tracking on the channel, a level not pushed) when the run ended.
			oldestOpenMinutes: 'number',
		}),
	},
];
