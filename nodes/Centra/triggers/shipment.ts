/**
 * Centra Trigger → shipment events (webhook `shipment` create/good_to_go/complete; events queue
 * `Shipment`): the shipments the events name, read by id (`shipments(where: {id: [...]})`, 200 a
 * call; ShipmentFilter.id is ASSUMED, see queries.ts), each emitted as a canonical Fulfilment
 * (Simplify) or Centra's own shipment, with the event that named it.
 */
import type { IDataObject } from 'n8n-workflow';

import { shipmentOutput } from '../actions/shipment/output';
import type { CentraShipment } from '../model';
import { readShipmentsById } from '../queries';
import type { CentraClient } from '../transport';

/** Shipment id → the shipment, for the ids Centra still has (a deleted shipment is absent). */
export async function readShipments(
	client: CentraClient,
	ids: number[],
): Promise<Map<number, CentraShipment>> {
	if (!ids.length) return new Map();
	const shipments = await readShipmentsById(client, ids);
	return new Map(shipments.map((shipment) => [shipment.id, shipment]));
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
