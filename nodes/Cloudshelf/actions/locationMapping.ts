/** The Location Mapping table of Cloudshelf's stock operations: incoming locations → Cloudshelf locations. */
import type { IExecuteFunctions, INode, NodeOperationError } from 'n8n-workflow';

import { MappingTable, type MappingLookup } from '../../shared/mapping';
import { locationGid, type StockCheckLocationInfo } from '../model';

interface LocationRow {
	sourceLocation: string;
	cloudshelfLocation: string;
	displayName?: string;
	fulfillsOnlineOrders?: boolean;
}

/** Stock push, stock check and comparison: an unmapped location is always an error (no guessing a store). */
export const locationMappingTable = new MappingTable<LocationRow>({
	name: 'locationMapping',
	displayName: 'Location Mapping',
	description:
		'Which Cloudshelf location each incoming location is. Cloudshelf Location takes the location key used when the location was upserted by this node, or a Cloudshelf ID (gid://…).',
	rowName: 'Location',
	subject: 'location',
	key: 'sourceLocation',
	requiredColumns: ['cloudshelfLocation'],
	columns: [
		{
			displayName: 'Incoming Location',
			name: 'sourceLocation',
			type: 'string',
			default: '',
			placeholder: 'Oxford Street',
			description: 'The location field of incoming stock levels, e.g. a Linnworks location name',
		},
		{
			displayName: 'Cloudshelf Location',
			name: 'cloudshelfLocation',
			type: 'string',
			default: '',
			placeholder: 'oxford-street',
		},
		{
			displayName: 'Display Name',
			name: 'displayName',
			type: 'string',
			default: '',
			description: 'Shown on kiosks by the live stock check; empty uses the incoming location',
		},
		{
			displayName: 'Fulfils Online Orders',
			name: 'fulfillsOnlineOrders',
			type: 'boolean',
			default: false,
			description: 'Whether this location ships orders (reported by the live stock check)',
		},
	],
	unmapped: { default: 'error', policies: { error: 'The item fails with the location named' } },
});

export class LocationMapping {
	private readonly lookup: MappingLookup<LocationRow>;

	/** The table as set for `itemIndex` (the stock operations read it once, for item 0). */
	constructor(context: IExecuteFunctions, itemIndex: number) {
		this.lookup = locationMappingTable.read(context, itemIndex);
	}

	/** The Cloudshelf location id of an incoming location, or undefined when it is not in the table. */
	resolve(sourceLocation: string | undefined): string | undefined {
		const row = this.lookup.find(sourceLocation);
		return row ? locationGid(String(row.cloudshelfLocation).trim()) : undefined;
	}

	unmappedError(node: INode, itemIndex: number, location: string): NodeOperationError {
		return this.lookup.unmappedError(node, itemIndex, [location]);
	}

	/** Every mapped Cloudshelf location, once, as the live stock check lists them. */
	locations(): StockCheckLocationInfo[] {
		const seen = new Map<string, StockCheckLocationInfo>();
		for (const row of this.lookup.rows) {
			const id = locationGid(String(row.cloudshelfLocation).trim());
			if (!seen.has(id)) {
				seen.set(id, {
					id,
					displayName: String(row.displayName ?? '').trim() || String(row.sourceLocation).trim(),
					fulfillsOnlineOrders: Boolean(row.fulfillsOnlineOrders),
				});
			}
		}
		return [...seen.values()];
	}

	get size(): number {
		return this.lookup.size;
	}
}
