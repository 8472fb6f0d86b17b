/** Reads the Location Mapping table and resolves incoming locations to Cloudshelf location ids. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { normaliseKey, tableRows } from '../../shared/mapping';
import { locationGid, type StockCheckLocationInfo } from '../model';

interface MappingRow {
	sourceLocation: string;
	cloudshelfLocation: string;
	displayName?: string;
	fulfillsOnlineOrders?: boolean;
}

export class LocationMapping {
	private readonly rows: MappingRow[];

	constructor(context: IExecuteFunctions, itemIndex: number) {
		this.rows = tableRows<MappingRow>(context.getNodeParameter('locationMapping', itemIndex, {}), 'mapping').filter(
			(row) => row.sourceLocation?.trim() && row.cloudshelfLocation?.trim(),
		);
	}

	/** The Cloudshelf location id of an incoming location, or undefined when it is not in the table. */
	resolve(sourceLocation: string | undefined): string | undefined {
		const row = this.rows.find((candidate) => normaliseKey(candidate.sourceLocation) === normaliseKey(sourceLocation));
		return row ? locationGid(row.cloudshelfLocation.trim()) : undefined;
	}

	/** Every mapped Cloudshelf location, once, as the live stock check lists them. */
	locations(): StockCheckLocationInfo[] {
		const seen = new Map<string, StockCheckLocationInfo>();
		for (const row of this.rows) {
			const id = locationGid(row.cloudshelfLocation.trim());
			if (!seen.has(id)) {
				seen.set(id, { id, displayName: row.displayName?.trim() || row.sourceLocation.trim(), fulfillsOnlineOrders: Boolean(row.fulfillsOnlineOrders) });
			}
		}
		return [...seen.values()];
	}

	get size(): number {
		return this.rows.length;
	}
}
