/**
 * What a platform contributes to the agency tool: its section of the client file (credential name,
 * settings and tables of its own nodes), its fields of each location row, the checks across those
 * fields that a field schema cannot make, and a function that configures the template nodes of its
 * own types (and one for n8n's own nodes that handle its data, such as a Filter on a Cloudshelf
 * value). `client-config.ts` composes the client schema and `applyClientConfig` from the list in
 * `platforms/index.ts`. The fills several platforms share (SKU table, guest customer) are here.
 */
import { z } from 'zod';

export const PACKAGE = 'n8n-nodes-retail-sync';

export interface TemplateNode {
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

/** One location of the client as a platform sees it. */
export interface PartLocation<Location> {
	/** The row's fields for this platform, defaults applied. */
	own: Location;
	/** The name this platform's nodes give the location. */
	name: string;
	/** The name the row's other platform gives it (what records from there carry); none if it has none. */
	peerName?: string;
}

/** One SKU row of the client naming this platform: its SKU and the other platform's. */
export interface PartSku {
	own: string;
	peer: string;
}

export interface PlatformContext<Settings, Location> {
	/** The platform's section of the client file, defaults applied. */
	settings: Settings;
	/** The client's locations on this platform, in file order; undefined when the file lists none. */
	locations?: Array<PartLocation<Location>>;
	/** The client's SKU rows naming this platform; undefined when the file has no SKU mapping. */
	skus?: PartSku[];
	/**
	 * Every platform's section by key, defaults applied: for a value another platform owns that
	 * this one's nodes compare with (Cloudshelf's in-store fulfilment method in Stokly's Sale Order
	 * → Create). Read only.
	 */
	sections?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A problem of a client file: where (path of field names and row indexes) and what is expected. */
export interface Problem {
	path: Array<string | number>;
	message: string;
}

/** One location row naming the platform, as a whole-file check sees it. */
export interface CheckedLocation<Location> {
	/** Its index in the file's `locations`. */
	index: number;
	/** The row's fields for this platform, defaults applied. */
	own: Location;
	/** The name the row's other platform gives the location; none if the row names no other. */
	peerName?: string;
}

export interface PlatformDefinition<
	Settings extends z.AnyZodObject,
	Location extends z.AnyZodObject,
> {
	/** The platform's key: its section of the client file, its field in location and SKU rows. */
	key: string;
	/** The n8n credential type of its nodes; the section's `credential` names the one to bind. */
	credentialType: string;
	/**
	 * Further credential types of its nodes, by the section field that names the one to bind (Centra's
	 * Order API credential: `{ orderCredential: 'centraOrderApi' }`).
	 */
	moreCredentials?: Record<string, string>;
	/** Node types (in the package) it configures. */
	nodeTypes: readonly string[];
	/**
	 * n8n's own node types that are the platform's (its built-in nodes, e.g. the Shopify Trigger),
	 * full names. They, and every node using one of its credential types (an HTTP Request with the
	 * platform's credential), are the platform's nodes too.
	 */
	builtInNodeTypes?: readonly string[];
	/** The fields of its section besides `credential`. */
	settings: Settings;
	/** Its fields of a location row. */
	location: Location;
	/** The name its nodes give a location, from its fields and the row's `name`. */
	locationName(location: z.output<Location>, rowName: string): string;
	/**
	 * Checks across the fields of one location row's part for this platform (run in the row's
	 * refinement): problems with paths below those fields (`['pricelist']` is reported at
	 * `locations.N.<key>.pricelist`).
	 */
	checkLocation?(location: z.output<Location>): Problem[];
	/**
	 * Checks of the section against the location rows naming the platform (a setting every order
	 * location needs, one row set the section refers to): problems with paths from the file's root.
	 */
	checkClient?(
		settings: z.output<Settings>,
		locations: Array<CheckedLocation<z.output<Location>>>,
	): Problem[];
	/** Fills the client's values into one of its nodes (in place). */
	configure(
		node: TemplateNode,
		context: PlatformContext<z.output<Settings>, z.output<Location>>,
	): void;
	/**
	 * Fills the client's values into one of n8n's own nodes (Filter, Set, …) that handles the
	 * platform's data, found by its name (in place); called for every node neither of the package
	 * nor the platform's.
	 */
	configureOther?(
		node: TemplateNode,
		context: PlatformContext<z.output<Settings>, z.output<Location>>,
	): void;
}

/** A platform part as the composition uses it: schemas final, types erased. */
export interface PlatformPart {
	key: string;
	credentialType: string;
	/** Credential type by the section field naming the credential: `credential` and any more. */
	credentials: Record<string, string>;
	nodeTypes: readonly string[];
	/** Whether a template node is the platform's: of its types (ours or n8n's) or using its credential. */
	owns(node: TemplateNode): boolean;
	/**
	 * The section: settings plus `credential`, unknown keys refused. A file may leave it out (then the
	 * platform is configured only if rows name it, with `section.parse({})`'s defaults).
	 */
	section: z.ZodTypeAny;
	location: z.ZodTypeAny;
	locationName(location: unknown, rowName: string): string;
	checkLocation(location: unknown): Problem[];
	checkClient(settings: unknown, locations: Array<CheckedLocation<unknown>>): Problem[];
	configure(node: TemplateNode, context: PlatformContext<unknown, unknown>): void;
	configureOther(node: TemplateNode, context: PlatformContext<unknown, unknown>): void;
}

export function definePlatform<Settings extends z.AnyZodObject, Location extends z.AnyZodObject>(
	definition: PlatformDefinition<Settings, Location>,
): PlatformPart {
	type Context = PlatformContext<z.output<Settings>, z.output<Location>>;
	const credentials = { credential: definition.credentialType, ...definition.moreCredentials };
	const credentialTypes = Object.values(credentials);
	const nodeTypes = [
		...definition.nodeTypes.map((type) => `${PACKAGE}.${type}`),
		...(definition.builtInNodeTypes ?? []),
	];
	return {
		key: definition.key,
		credentialType: definition.credentialType,
		credentials,
		nodeTypes,
		owns: (node) =>
			nodeTypes.includes(node.type) ||
			Object.keys(node.credentials ?? {}).some((type) => credentialTypes.includes(type)),
		section: definition.settings
			.extend(
				// Per credential field: the name of the n8n credential to bind to every node using its type.
				Object.fromEntries(
					Object.keys(credentials).map((field) => [field, z.string().min(1).optional()]),
				),
			)
			.strict(),
		location: definition.location.strict(),
		// The composition parsed the client file with these very schemas, so the values fit them.
		locationName: (location, rowName) =>
			definition.locationName(location as z.output<Location>, rowName),
		checkLocation: (location) => definition.checkLocation?.(location as z.output<Location>) ?? [],
		checkClient: (settings, locations) =>
			definition.checkClient?.(
				settings as z.output<Settings>,
				locations as Array<CheckedLocation<z.output<Location>>>,
			) ?? [],
		configure: (node, context) => definition.configure(node, context as Context),
		configureOther: (node, context) => definition.configureOther?.(node, context as Context),
	};
}

/**
 * Fills an SKU Mapping table (`skuMapping`, rows incoming SKU → this platform's SKU) from the
 * client's SKU rows: the other platform's SKU (what the records reaching the node carry) → the
 * platform's own. Nothing when the file has no SKU mapping.
 */
export function fillSkuMapping(parameters: Record<string, unknown>, skus: PartSku[] | undefined) {
	if (!skus) return;
	parameters.skuMapping = {
		mapping: skus.map(({ own, peer }) => ({ sourceSku: peer, targetSku: own })),
	};
}

/**
 * Fills Order → Create's guest customer (`guestName`, `guestEmail`, shared by the platforms' nodes
 * through nodes/shared/orderInput.ts): a name left out keeps the template's, an e-mail left out is
 * cleared (the platform's own, if any, applies). Nothing when the section names no guest customer.
 */
export function fillGuestCustomer(
	parameters: Record<string, unknown>,
	guest: { name?: string; email?: string } | undefined,
) {
	if (!guest) return;
	if (guest.name !== undefined) parameters.guestName = guest.name;
	parameters.guestEmail = guest.email ?? '';
}
