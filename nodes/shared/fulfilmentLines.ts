/**
 * Which lines a fulfilment write (a shipment, a delivery) takes: the lines of the input item (a
 * canonical fulfilment), everything the order has not yet fulfilled, or SKUs and quantities set in
 * a table. One place, so every platform offers, checks and words them alike; only the verb ("ship",
 * "deliver") and the default differ.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { tableRows } from './mapping';

export type LinesMode = 'input' | 'remaining' | 'below';

/** A SKU and how many of it to fulfil. */
export interface RequestedLine {
	sku: string;
	quantity: number;
}

export interface RequestedLinesSpec {
	/** "ship" or "deliver": "Lines to Ship", "No lines to deliver were given". */
	verb: string;
	/** "Shipped", "Delivered": "All Not Yet Shipped". */
	participle: string;
	/** What "All Not Yet …" takes, in the platform's words. */
	remaining: string;
	/** The mode offered first and chosen by default. */
	default: LinesMode;
}

const MODES: LinesMode[] = ['input', 'remaining', 'below'];

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export class RequestedLines {
	constructor(readonly spec: RequestedLinesSpec) {}

	private get tableName(): string {
		return `Lines to ${capitalise(this.spec.verb)}`;
	}

	/** Lines (the mode) and the table of "Define Below". */
	properties(): INodeProperties[] {
		const { spec } = this;
		const options: Record<LinesMode, INodePropertyOptions> = {
			input: {
				name: 'From Input Item',
				value: 'input',
				description: 'The lines (SKU and quantity) of the input item, e.g. a canonical fulfilment',
			},
			remaining: {
				name: `All Not Yet ${spec.participle}`,
				value: 'remaining',
				description: spec.remaining,
			},
			below: {
				name: 'Define Below',
				value: 'below',
				description: 'SKUs and quantities set in the table below',
			},
		};
		const linesMode: INodeProperties = {
			displayName: 'Lines',
			name: 'linesMode',
			type: 'options',
			default: 'input',
			options: [spec.default, ...MODES.filter((mode) => mode !== spec.default)].map(
				(mode) => options[mode],
			),
		};
		return [
			// The platform's default (the literal above keeps the editor lint's default check).
			{ ...linesMode, default: spec.default },
			{
				displayName: this.tableName,
				name: 'lines',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Line',
				default: {},
				displayOptions: { show: { linesMode: ['below'] } },
				options: [
					{
						name: 'line',
						displayName: 'Line',
						values: [
							{ displayName: 'SKU', name: 'sku', type: 'string', default: '' },
							{
								displayName: 'Quantity',
								name: 'quantity',
								type: 'number',
								typeOptions: { minValue: 1 },
								default: 1,
							},
						],
					},
				],
			},
		];
	}

	/**
	 * The requested lines of the item, or undefined for everything not yet fulfilled; throws the
	 * item's error when a line has no SKU or no whole quantity of 1 or more, or there is none.
	 */
	read(
		context: IExecuteFunctions,
		item: INodeExecutionData,
		itemIndex: number,
	): RequestedLine[] | undefined {
		const { verb } = this.spec;
		const mode = context.getNodeParameter('linesMode', itemIndex, this.spec.default);
		if (mode === 'remaining') return undefined;
		const rows =
			mode === 'input'
				? Array.isArray(item.json.lines)
					? (item.json.lines as IDataObject[])
					: []
				: tableRows<IDataObject>(context.getNodeParameter('lines', itemIndex, {}), 'line');
		const lines = rows.map((row) => ({
			sku: String(row.sku ?? '').trim(),
			quantity: Number(row.quantity),
		}));
		const bad = lines.filter(
			(line) => !line.sku || !Number.isInteger(line.quantity) || line.quantity < 1,
		);
		if (!lines.length || bad.length) {
			throw new NodeOperationError(
				context.getNode(),
				lines.length
					? `Line ${lines.indexOf(bad[0]) + 1} to ${verb} needs a SKU and a whole quantity of 1 or more`
					: `No lines to ${verb} were given`,
				{
					itemIndex,
					description:
						mode === 'input'
							? 'The input item needs lines: [{ sku, quantity }], as a canonical fulfilment has.'
							: `Fill in SKU and Quantity of every line in "${this.tableName}".`,
				},
			);
		}
		return lines;
	}
}
