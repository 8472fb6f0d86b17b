/**
 * Sends rows through a Cloudshelf upsert mutation in batches and turns the answer into per-item
 * outcomes. A user error fails the rows whose ids it names (or the whole call when it names none).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { ItemResults } from '../../shared/items';
import { recordSizeProblem } from '../../shared/model';
import { chunk, jsonBytes } from '../../shared/transport';
import { rowsHitBy, type CloudshelfClient, type UserError } from '../transport';

export interface UpsertRow {
	itemIndex: number;
	input: IDataObject;
	/** Ids that identify this row in Cloudshelf's error messages. */
	ids: Array<string | undefined>;
}

export interface UpsertCall {
	operation: string;
	query: string;
	/** The payload field of the mutation, e.g. "upsertStockLevels". */
	field: string;
	/** Variables for one batch of inputs. */
	variables: (inputs: IDataObject[]) => IDataObject;
	batchSize: number;
	/** Sentence telling the user what to check when Cloudshelf refuses a row. */
	hint: string;
}

/** Returns the rows Cloudshelf accepted; failed rows are recorded in `results`. */
export async function upsertInBatches(
	this: IExecuteFunctions,
	client: CloudshelfClient,
	rows: UpsertRow[],
	call: UpsertCall,
	results: ItemResults,
): Promise<UpsertRow[]> {
	const accepted: UpsertRow[] = [];
	// A row far too large would fail its whole batch at the gateway: it fails alone, unsent.
	const sendable = rows.filter((row) => {
		const tooLarge = recordSizeProblem(`row of ${call.operation}`, row.input);
		if (tooLarge) {
			results.fail(
				row.itemIndex,
				new NodeOperationError(this.getNode(), `Item ${row.itemIndex}: ${tooLarge}`, {
					itemIndex: row.itemIndex,
					description:
						'A field mapped into it is far too long (e.g. a name, a description or a pasted file).',
				}),
			);
		}
		return !tooLarge;
	});
	for (const batch of chunk(sendable, call.batchSize, { weigh: (row) => jsonBytes(row.input) })) {
		let userErrors: UserError[];
		try {
			const data = await client.request<Record<string, { userErrors: UserError[] }>>(
				call.operation,
				call.query,
				call.variables(batch.map((row) => row.input)),
			);
			userErrors = data[call.field]?.userErrors ?? [];
		} catch (error) {
			for (const row of batch) results.fail(row.itemIndex, error);
			continue;
		}
		const failed = new Map<UpsertRow, UserError[]>();
		for (const userError of userErrors) {
			for (const row of rowsHitBy(userError, batch, (candidate) => candidate.ids)) {
				failed.set(row, [...(failed.get(row) ?? []), userError]);
			}
		}
		for (const row of batch) {
			const errors = failed.get(row);
			if (!errors) {
				accepted.push(row);
				continue;
			}
			results.fail(
				row.itemIndex,
				new NodeOperationError(
					this.getNode(),
					`Cloudshelf refused ${call.operation}: ${[...new Set(errors.map((error) => `${error.code}: ${error.message}`))].join('; ')}`,
					{ itemIndex: row.itemIndex, description: call.hint },
				),
			);
		}
	}
	return accepted;
}
