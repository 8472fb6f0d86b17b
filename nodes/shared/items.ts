/**
 * Per-item outcome bookkeeping for operations that batch many input items into few API calls.
 * Every output is paired with its input item; a failed item becomes an error item (routed by
 * n8n's "Continue (using error output)") or stops the node, never silently disappears.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { errorForItem } from './client';
import { InvalidRecordError } from './model';

export class ItemResults {
	private readonly outputs = new Map<number, INodeExecutionData[]>();
	private readonly failedItems = new Set<number>();
	private readonly summaries: INodeExecutionData[] = [];

	constructor(private readonly context: IExecuteFunctions) {}

	succeed(itemIndex: number, json: IDataObject | IDataObject[]): void {
		const list = this.outputs.get(itemIndex) ?? [];
		for (const entry of Array.isArray(json) ? json : [json]) {
			list.push({ json: entry, pairedItem: { item: itemIndex } });
		}
		this.outputs.set(itemIndex, list);
	}

	/** Replaces what an item outputs (a result revised after its call, e.g. a duplicate removed). */
	succeedInstead(itemIndex: number, json: IDataObject): void {
		if (this.failedItems.has(itemIndex)) return;
		this.outputs.set(itemIndex, [{ json, pairedItem: { item: itemIndex } }]);
	}

	/**
	 * Records a failed item. Without "continue on fail" the error stops the node (the n8n default);
	 * with it, the item is emitted with the reason so the error branch receives it.
	 */
	fail(itemIndex: number, failure: unknown): void {
		const error = asItemError(this.context, failure, itemIndex);
		if (!this.context.continueOnFail()) throw error;
		this.failedItems.add(itemIndex);
		this.outputs.set(itemIndex, [errorItem(error, itemIndex)]);
	}

	/** One failed output of an item that also has good outputs (e.g. one bad order in a listing). */
	failOne(itemIndex: number, failure: unknown): void {
		const error = asItemError(this.context, failure, itemIndex);
		if (!this.context.continueOnFail()) throw error;
		this.outputs.set(itemIndex, [
			...(this.outputs.get(itemIndex) ?? []),
			errorItem(error, itemIndex),
		]);
	}

	/** One output standing for many input items, e.g. the summary of a bulk write; paired with all of them. */
	summarise(itemIndexes: number[], json: IDataObject): void {
		this.summaries.push({ json, pairedItem: itemIndexes.map((item) => ({ item })) });
	}

	hasFailed(itemIndex: number): boolean {
		return this.failedItems.has(itemIndex);
	}

	/** Per-item outputs in input order, then summaries. */
	toArray(): INodeExecutionData[] {
		const perItem = [...this.outputs.keys()]
			.sort((a, b) => a - b)
			.flatMap((itemIndex) => this.outputs.get(itemIndex) ?? []);
		return [...perItem, ...this.summaries];
	}
}

/**
 * Only `error`/`details` in json: n8n then routes the item to the error output merged with the
 * input item, so the exception branch sees the source record next to the reason.
 */
function errorItem(
	error: NodeOperationError | NodeApiError,
	itemIndex: number,
): INodeExecutionData {
	return {
		json: { error: error.message, ...(error.description ? { details: error.description } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/**
 * n8n errors keep their message; anything else is wrapped. An error without an item index (a call
 * that served several items, such as a batch) is copied for each item, so each reports its own
 * index; an error that names its item keeps it.
 */
function asItemError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		return error.context.itemIndex === itemIndex
			? error
			: errorForItem(context.getNode(), error, itemIndex);
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** The error item of an input item that fails with `failure` (for the error output). */
export function failedItem(
	context: IExecuteFunctions,
	failure: unknown,
	itemIndex: number,
): INodeExecutionData {
	return errorItem(asItemError(context, failure, itemIndex), itemIndex);
}

/** Turns a validation failure of the canonical model into an error naming the item and fields. */
export function invalidItemError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	hint: string,
): NodeOperationError {
	if (error instanceof InvalidRecordError) {
		return new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${error.message}`, {
			itemIndex,
			description: hint,
		});
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
