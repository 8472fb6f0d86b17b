import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { CentraClient, CREDENTIAL_TYPE } from './transport';
import * as events from './triggers/events';

/**
 * Centra Events Trigger: polls the Integration API's events queue, for Centra instances without
 * the Webhook plugin (Centra Trigger). A separate node type because n8n decides webhook or polling
 * per node type (see CentraTrigger.node.ts).
 */
export class CentraEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Centra Events Trigger',
		name: 'centraEventsTrigger',
		icon: { light: 'file:centra.svg', dark: 'file:centra.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Events queue: " + ($parameter["events"] || []).length + " events" }}',
		description:
			"Starts the workflow for order and shipment changes read from Centra's events queue (no Webhook plugin needed)",
		defaults: { name: 'Centra Events Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: events.properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const items = await events.poll.call(this, new CentraClient(this));
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
