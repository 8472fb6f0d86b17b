/**
 * Reading node parameters of one item. A field mapped by an expression to a value the item lacks
 * (`{{ $json.reference }}` on an item without one) gives undefined; read as text it must be empty,
 * never the word "undefined", or a lookup searches for it and a write stores it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

/** A text parameter of the item, trimmed; '' when empty or when its expression gave nothing. */
export function textParameter(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	return value === undefined || value === null ? '' : String(value as string).trim();
}
