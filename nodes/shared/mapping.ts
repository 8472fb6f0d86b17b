/**
 * Per-client mappings (SKU, location, …) are node parameters shown as tables in the editor. These
 * helpers read them and apply them; matching is case- and whitespace-insensitive because values are
 * typed by people.
 */
import type { INodeProperties } from 'n8n-workflow';

export function normaliseKey(value: string | undefined): string {
	return (value ?? '').trim().toLowerCase();
}

/** Reads a `fixedCollection` table parameter value (`{ <name>: [rows] }`) into its rows. */
export function tableRows<T>(value: unknown, collectionName: string): T[] {
	if (!value || typeof value !== 'object') return [];
	const rows = (value as Record<string, unknown>)[collectionName];
	return Array.isArray(rows) ? (rows as T[]) : [];
}

export type UnmappedSkuBehaviour = 'passThrough' | 'error';

export interface SkuMappingRow {
	sourceSku: string;
	targetSku: string;
}

export class SkuMapping {
	private readonly table = new Map<string, string>();

	constructor(
		rows: SkuMappingRow[],
		readonly unmapped: UnmappedSkuBehaviour,
	) {
		for (const row of rows) {
			if (row.sourceSku?.trim() && row.targetSku?.trim()) {
				this.table.set(normaliseKey(row.sourceSku), row.targetSku.trim());
			}
		}
	}

	/** The target SKU, or undefined when the SKU is unmapped and unmapped SKUs are errors. */
	map(sku: string): string | undefined {
		const mapped = this.table.get(normaliseKey(sku));
		if (mapped !== undefined) return mapped;
		return this.unmapped === 'passThrough' ? sku : undefined;
	}
}

/** Editor parameters for a SKU mapping table; identical on every node that maps SKUs. */
export function skuMappingProperties(targetName: string): INodeProperties[] {
	return [
		{
			displayName: 'SKU Mapping',
			name: 'skuMapping',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add SKU Mapping',
			default: {},
			description: `Translate SKUs of the incoming records into ${targetName} SKUs. SKUs not listed are handled as set in "Unmapped SKUs".`,
			options: [
				{
					name: 'mapping',
					displayName: 'Mapping',
					values: [
						{
							displayName: 'Incoming SKU',
							name: 'sourceSku',
							type: 'string',
							default: '',
							placeholder: 'KIOSK-TSHIRT-RED-M',
						},
						{
							displayName: `${targetName} SKU`,
							name: 'targetSku',
							type: 'string',
							default: '',
							placeholder: 'TSHIRT-RED-M',
						},
					],
				},
			],
		},
		{
			displayName: 'Unmapped SKUs',
			name: 'unmappedSku',
			type: 'options',
			default: 'passThrough',
			options: [
				{
					name: 'Use As Is',
					value: 'passThrough',
					description: `The incoming SKU is used unchanged; it still has to exist in ${targetName}`,
				},
				{
					name: 'Send to Error Output',
					value: 'error',
					description: 'The item fails with the SKU named, so it can be fixed and replayed',
				},
			],
		},
	];
}
