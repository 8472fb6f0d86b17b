/** Date parameters of the platforms' listing operations (time windows). */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** A time window; either end may be open. ISO 8601 date-times. */
export interface DateWindow {
	from?: string;
	to?: string;
}

/** An editor date-time as ISO 8601; undefined when empty, 'invalid' when not a date. */
export function isoOrUndefined(value: unknown): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) return undefined;
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? 'invalid' : date.toISOString();
}

/**
 * The window two date parameters set (either may be empty); an error naming them when one is not
 * a date or the first is later than the second.
 */
export function readWindow(
	context: IExecuteFunctions,
	itemIndex: number,
	[after, before]: [{ name: string; displayName: string }, { name: string; displayName: string }],
): DateWindow {
	const from = isoOrUndefined(context.getNodeParameter(after.name, itemIndex, ''));
	const to = isoOrUndefined(context.getNodeParameter(before.name, itemIndex, ''));
	if (from === 'invalid' || to === 'invalid' || (from && to && from > to)) {
		throw new NodeOperationError(
			context.getNode(),
			`"${after.displayName}" and "${before.displayName}" do not make a time window`,
			{
				itemIndex,
				description: `Set them to dates (or leave them empty), "${after.displayName}" the earlier one.`,
			},
		);
	}
	return { from, to };
}
