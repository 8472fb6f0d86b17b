/**
 * What a platform contributes to the agency tool: its section of the client file (credential name,
 * settings and tables of its own nodes), its fields of each location row, and a function that
 * configures the template nodes of its own types. `client-config.ts` composes the client schema
 * and `applyClientConfig` from the list in `platforms/index.ts`.
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
	/** The fields of its section besides `credential`. */
	settings: Settings;
	/** Its fields of a location row. */
	location: Location;
	/** The name its nodes give a location, from its fields and the row's `name`. */
	locationName(location: z.output<Location>, rowName: string): string;
	/** Fills the client's values into one template node of its types (in place). */
	configure(
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
	/** The section: settings plus `credential`, unknown keys refused, `{}` when left out. */
	section: z.ZodTypeAny;
	location: z.ZodTypeAny;
	locationName(location: unknown, rowName: string): string;
	configure(node: TemplateNode, context: PlatformContext<unknown, unknown>): void;
}

export function definePlatform<Settings extends z.AnyZodObject, Location extends z.AnyZodObject>(
	definition: PlatformDefinition<Settings, Location>,
): PlatformPart {
	type Context = PlatformContext<z.output<Settings>, z.output<Location>>;
	const credentials = { credential: definition.credentialType, ...definition.moreCredentials };
	return {
		key: definition.key,
		credentialType: definition.credentialType,
		credentials,
		nodeTypes: definition.nodeTypes.map((type) => `${PACKAGE}.${type}`),
		section: definition.settings
			.extend(
				// Per credential field: the name of the n8n credential to bind to every node using its type.
				Object.fromEntries(
					Object.keys(credentials).map((field) => [field, z.string().min(1).optional()]),
				),
			)
			.strict()
			.default({}),
		location: definition.location.strict(),
		// The composition parsed the client file with these very schemas, so the values fit them.
		locationName: (location, rowName) =>
			definition.locationName(location as z.output<Location>, rowName),
		configure: (node, context) => definition.configure(node, context as Context),
	};
}
