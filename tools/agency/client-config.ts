/**
 * The agency tool's core: a client file (credentials, locations, SKU mapping, buffer, tolerance,
 * alert URL) applied to the shipped template workflows, filling the same node parameters a user
 * would set in the editor. Pure: templates in, configured workflows out.
 */
import { z } from 'zod';

const PACKAGE = 'n8n-nodes-retail-sync';

export const clientConfigSchema = z.object({
	client: z.string().min(1),
	/** Names of the n8n credentials to bind, by credential type. */
	credentials: z
		.object({
			linnworksApi: z.string().min(1).optional(),
			cloudshelfApi: z.string().min(1).optional(),
		})
		.default({}),
	/** Where Send Alert / Send Report post (Slack or Teams incoming webhook, …). */
	alertUrl: z.string().url().optional(),
	/** Source under which kiosk orders are filed in Linnworks. */
	orderSource: z.string().min(1).default('CLOUDSHELF'),
	locations: z
		.array(
			z.object({
				/** Linnworks location name. */
				linnworks: z.string().min(1),
				/** Cloudshelf location key (or gid://… id). */
				cloudshelf: z.string().min(1),
				/** Name kiosks show; kiosk orders carry it as their location. Defaults to the Linnworks name. */
				displayName: z.string().min(1).optional(),
				fulfillsOnlineOrders: z.boolean().default(false),
				/** Whether kiosks at this location take orders (a row in the order location mapping). */
				takesOrders: z.boolean().default(true),
				subSource: z.string().min(1).optional(),
				/** Linnworks location that fulfils this store's kiosk orders; defaults to the location itself. */
				fulfilmentLocation: z.string().min(1).optional(),
			}),
		)
		.min(1)
		.optional(),
	skuMapping: z
		.array(z.object({ cloudshelf: z.string().min(1), linnworks: z.string().min(1) }))
		.optional(),
	stockBuffer: z.number().int().min(0).optional(),
	priceTolerance: z.number().min(0).optional(),
	guestCustomer: z
		.object({ name: z.string().min(1), email: z.string().email().optional() })
		.optional(),
});

export type ClientConfig = z.infer<typeof clientConfigSchema>;

interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string | null; name: string }>;
}

export interface Template {
	name: string;
	nodes: TemplateNode[];
	[key: string]: unknown;
}

/** Parses a client file, with messages that name the field to fix. */
export function parseClientConfig(input: unknown): ClientConfig {
	const result = clientConfigSchema.safeParse(input);
	if (!result.success) {
		throw new Error(
			`Client file is not valid: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`,
		);
	}
	return result.data;
}

function configureNode(node: TemplateNode, config: ClientConfig): void {
	const parameters = node.parameters;
	for (const [type, name] of Object.entries(config.credentials)) {
		if (name && node.credentials?.[type]) node.credentials[type] = { name };
	}
	if (
		node.type === 'n8n-nodes-base.httpRequest' &&
		config.alertUrl &&
		/^Send (Alert|Report)$/.test(node.name)
	) {
		parameters.url = config.alertUrl;
	}
	const locations = config.locations;
	const isCloudshelf = node.type === `${PACKAGE}.cloudshelf`;
	const isLinnworks =
		node.type === `${PACKAGE}.linnworks` || node.type === `${PACKAGE}.linnworksTrigger`;
	if (isCloudshelf) {
		if (locations && 'locationMapping' in parameters) {
			parameters.locationMapping = {
				mapping: locations.map((location) => ({
					sourceLocation: location.linnworks,
					cloudshelfLocation: location.cloudshelf,
					displayName: location.displayName ?? location.linnworks,
					fulfillsOnlineOrders: location.fulfillsOnlineOrders,
				})),
			};
		}
		if (config.stockBuffer !== undefined && 'stockBuffer' in parameters)
			parameters.stockBuffer = config.stockBuffer;
	}
	if (isLinnworks) {
		if (locations && Array.isArray(parameters.locations))
			parameters.locations = locations.map((location) => location.linnworks);
		if ('source' in parameters) parameters.source = config.orderSource;
		if (parameters.operation === 'create' && parameters.resource === 'order') {
			if (locations) {
				parameters.locationMapping = {
					mapping: locations
						.filter((location) => location.takesOrders)
						.map((location) => ({
							orderLocation: location.displayName ?? location.linnworks,
							source: config.orderSource,
							subSource: location.subSource ?? location.displayName ?? location.linnworks,
							fulfilmentLocation: location.fulfilmentLocation ?? location.linnworks,
						})),
				};
			}
			if (config.skuMapping) {
				parameters.skuMapping = {
					mapping: config.skuMapping.map((row) => ({
						sourceSku: row.cloudshelf,
						targetSku: row.linnworks,
					})),
				};
			}
			if (config.guestCustomer) {
				parameters.guestName = config.guestCustomer.name;
				parameters.guestEmail = config.guestCustomer.email ?? '';
			}
			if (config.priceTolerance !== undefined) {
				parameters.options = {
					...(parameters.options as object),
					priceTolerance: config.priceTolerance,
				};
			}
		}
	}
}

/** A copy of `template` configured for the client; the name says which client it is for. */
export function applyClientConfig<T extends Template>(template: T, config: ClientConfig): T {
	const workflow = JSON.parse(JSON.stringify(template)) as T;
	for (const node of workflow.nodes) configureNode(node, config);
	workflow.name = `${template.name} (${config.client})`;
	return workflow;
}
