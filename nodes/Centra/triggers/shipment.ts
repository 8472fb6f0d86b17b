/**
 * Centra Trigger → shipment events (webhook `shipment` create/good_to_go/complete; events queue
 * `Shipment`): the shipments the events name, each emitted as a canonical Fulfilment (Simplify)
 * or Centra's own shipment, with the event that named it.
 *
 * Events name a shipment by id only, and `shipments` filters by order number, flags and dates but
 * not by id (sandbox schema after the brief; Centra publishes no schema). Ids grow with time and
 * events are about recent shipments, so the shipments are read newest first, 200 a page, until
 * every id asked for is found or the page goes below the smallest one: for a delivery minutes old
 * that is one call. ASSUMED; if Centra's ShipmentFilter takes ids, this becomes one filtered call.
 */
import type { IDataObject } from 'n8n-workflow';

import { shipmentOutput } from '../actions/shipment/output';
import type { CentraShipment } from '../model';
import { SHIPMENT_FIELDS } from '../queries';
import { LIMITS, type CentraClient } from '../transport';

const NEWEST_SHIPMENTS = `query NewestShipments($limit: Int, $page: Int) {
	shipments(sort: [id_DESC], limit: $limit, page: $page) ${SHIPMENT_FIELDS}
}`;

/** Shipment id → the shipment, for the ids Centra still has (a deleted shipment is absent). */
export async function readShipments(
	client: CentraClient,
	ids: number[],
): Promise<Map<number, CentraShipment>> {
	const wanted = new Set(ids);
	const found = new Map<number, CentraShipment>();
	if (!wanted.size) return found;
	const oldest = Math.min(...wanted);
	for (let page = 1; found.size < wanted.size; page++) {
		const data = await client.request<{ shipments: CentraShipment[] | null }>(
			'NewestShipments',
			NEWEST_SHIPMENTS,
			{ limit: LIMITS.pageSize, page },
		);
		const shipments = data.shipments ?? [];
		for (const shipment of shipments) if (wanted.has(shipment.id)) found.set(shipment.id, shipment);
		const last = shipments[shipments.length - 1];
		if (shipments.length < LIMITS.pageSize || !last || last.id <= oldest) break;
	}
	return found;
}

export function shipmentItem(
	shipment: CentraShipment | undefined,
	simplify: boolean,
	event: IDataObject,
): IDataObject {
	// A shipment Centra no longer returns is still emitted, so the event is not lost silently.
	if (!shipment) return { event, found: false };
	return shipmentOutput(shipment, simplify, { event });
}
