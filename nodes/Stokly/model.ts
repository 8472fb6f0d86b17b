/**
 * Pure functions, Stokly payloads ⇄ the canonical retail model (nodes/shared/model.ts). No HTTP.
 */
import { withoutUndefined } from '../shared/model';
import type { StoklyChannel, StoklyLocation } from './requests';

export interface CanonicalLocation {
	locationId: string;
	name: string;
	/** Stokly's status (0 active, INFERRED). */
	status?: number | string;
	active: boolean;
}

export function toCanonicalLocation(location: StoklyLocation): CanonicalLocation {
	return withoutUndefined({
		locationId: location.locationId,
		name: location.name,
		status: location.status,
		active: location.status === undefined || location.status === 0 || location.status === 'active',
	});
}

/** Channel types seen in Stokly (INFERRED from client scripts). */
export const CHANNEL_TYPES: Readonly<Record<number, string>> = {
	0: 'local',
	2: 'ebay',
	3: 'amazon',
	4: 'woocommerce',
	5: 'magento',
	6: 'shopify',
	7: 'shopline',
};

export interface CanonicalChannel {
	channelId: string;
	name: string;
	type?: number;
	/** The type's name where known (INFERRED), e.g. "shopify". */
	typeName?: string;
	status?: number;
}

export function toCanonicalChannel(channel: StoklyChannel): CanonicalChannel {
	return withoutUndefined({
		channelId: channel.channelId,
		name: channel.name,
		type: channel.type,
		typeName: channel.type === undefined ? undefined : CHANNEL_TYPES[channel.type],
		status: channel.status,
	});
}
