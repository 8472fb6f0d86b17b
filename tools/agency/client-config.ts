/**
 * The agency tool's core: a client file applied to the shipped template workflows, filling the
 * same node parameters a user would set in the editor. Pure: templates in, configured workflows out.
 *
 * A client file has the client's name and alert URL, one section per platform (its credential
 * name and settings, see platforms/*.ts), and two tables whose rows have a field per platform:
 *
 *   {
 *     "client": "Example Outfitters",
 *     "alertUrl": "https://hooks.slack.com/services/…",
 *     "linnworks": { "credential": "Example Outfitters Linnworks", "priceTolerance": 5 },
 *     "cloudshelf": { "credential": "Example Outfitters Cloudshelf", "stockBuffer": 1 },
 *     "locations": [
 *       { "name": "Oxford Street", "linnworks": { "fulfilmentLocation": "London Warehouse" },
 *         "cloudshelf": { "location": "oxford-street" } }
 *     ],
 *     "skuMapping": [{ "cloudshelf": "KIOSK-TEE-M", "linnworks": "TEE-RED-M" }]
 *   }
 *
 * A location row names one or two platforms: each platform's nodes map the name the other one
 * gives the location (what its records carry) to their own. A SKU row names the SKU on two.
 *
 * The platforms a file configures are those it has a section for or that its rows name: it gets
 * the templates of those platforms (and the platform-neutral ones), see `isFor`.
 */
import { z } from 'zod';

import { configureCrossCutting, crossCuttingFields } from './cross-cutting';
import { PACKAGE, type PartLocation, type PartSku, type PlatformPart, type Template } from './part';
import { PLATFORMS } from './platforms/index';

export type { Template, TemplateNode } from './part';

/** A location row: its name and, per platform key, that platform's fields. */
export interface LocationRow {
	name: string;
	[platform: string]: unknown;
}

export interface ClientConfig {
	client: string;
	alertUrl?: string;
	locations?: LocationRow[];
	/** SKU rows: per platform key, the SKU there. */
	skuMapping?: Array<Record<string, string>>;
	/** Each platform's section, by its key. */
	[platform: string]: unknown;
}

/** The agency tool for a list of platform parts: the client schema and what applies it. */
export interface Agency {
	schema: z.ZodTypeAny;
	/** Parses a client file, with messages that name the field to fix and what it expects. */
	parse(input: unknown): ClientConfig;
	/** A copy of `template` configured for the client; the name says which client it is for. */
	apply<T extends Template>(template: T, config: ClientConfig): T;
	/**
	 * A client file with credential names (by credential type) put into the sections of the
	 * platforms it configures that use them, e.g. the sandbox credentials `npm start` creates (a
	 * Cloudshelf ⇄ Linnworks file gains no Centra section).
	 */
	withCredentialNames<T extends Record<string, unknown>>(file: T, names: Record<string, string>): T;
	/** The platforms a client file configures: those it has a section for or its rows name. */
	platformsOf(config: Record<string, unknown>): PlatformPart[];
	/**
	 * Whether a template is for the client's platforms: each of its nodes that is a platform's
	 * (`PlatformPart.owns`) belongs to a platform the client file configures (`platformsOf`). A template without
	 * platform nodes (the error workflow) is for every client.
	 */
	isFor(template: Template, config: ClientConfig): boolean;
	/** The same for a list of platform keys (a deploy's seed pair): `isFor` of a file naming them. */
	isForPlatforms(template: Template, keys: readonly string[]): boolean;
}

export function composeAgency(parts: readonly PlatformPart[]): Agency {
	const keys = parts.map((part) => part.key);

	/** A refinement: a row names between `least` and `most` platforms. */
	const naming =
		(what: string, least: number, most: number) =>
		(row: Record<string, unknown>, context: z.RefinementCtx) => {
			const named = keys.filter((key) => row[key] !== undefined);
			if (named.length >= least && named.length <= most) return;
			const count = least === most ? `${least}` : `${least} or ${most}`;
			context.addIssue({
				code: z.ZodIssueCode.custom,
				message: `${what} names ${count} of the platforms ${keys.join(', ')}; this one names ${named.length ? named.join(', ') : 'none'}`,
			});
		};

	/** Each platform's checks across its fields of a row (paths below `locations.N.<key>`). */
	const checkedByParts = (row: Record<string, unknown>, context: z.RefinementCtx) => {
		for (const part of parts) {
			if (row[part.key] === undefined) continue;
			for (const { path, message } of part.checkLocation(row[part.key])) {
				context.addIssue({ code: z.ZodIssueCode.custom, path: [part.key, ...path], message });
			}
		}
	};

	const locationRow = z
		.object({
			/** The location's name; each platform uses it unless its fields name the location otherwise. */
			name: z.string().min(1),
			...Object.fromEntries(parts.map((part) => [part.key, part.location.optional()])),
		})
		.strict()
		.superRefine(naming('A location', 1, 2))
		.superRefine(checkedByParts);

	const skuRow = z
		.object(Object.fromEntries(parts.map((part) => [part.key, z.string().min(1).optional()])))
		.strict()
		.superRefine(naming('A SKU row', 2, 2));

	/** A platform's settings: its section, or the section's defaults when the file has none. */
	const settingsOf = (part: PlatformPart, config: Record<string, unknown>) =>
		(config[part.key] ?? part.section.parse({})) as Record<string, unknown>;

	const schema = z
		.object({
			client: z.string().min(1),
			...crossCuttingFields,
			...Object.fromEntries(parts.map((part) => [part.key, part.section.optional()])),
			locations: z.array(locationRow).min(1).optional(),
			skuMapping: z.array(skuRow).optional(),
		})
		.strict()
		.superRefine((config, context) => {
			// Each platform's checks of its section against its rows (paths from the root).
			const rows = (config.locations ?? []) as LocationRow[];
			for (const part of parts) {
				const named = rows.flatMap((row, index) => {
					if (row[part.key] === undefined) return [];
					const peer = peerOf(part, row);
					return [
						{ index, own: row[part.key], peerName: peer?.locationName(row[peer.key], row.name) },
					];
				});
				for (const { path, message } of part.checkClient(settingsOf(part, config), named)) {
					context.addIssue({ code: z.ZodIssueCode.custom, path, message });
				}
			}
		});

	/** The other platform a row names besides `part`, if any. */
	const peerOf = (part: PlatformPart, row: Record<string, unknown>) =>
		parts.find((other) => other !== part && row[other.key] !== undefined);

	const locationsFor = (part: PlatformPart, rows: LocationRow[]): Array<PartLocation<unknown>> =>
		rows.flatMap((row) => {
			if (row[part.key] === undefined) return [];
			const peer = peerOf(part, row);
			return [
				{
					own: row[part.key],
					name: part.locationName(row[part.key], row.name),
					peerName: peer && peer.locationName(row[peer.key], row.name),
				},
			];
		});

	const skusFor = (part: PlatformPart, rows: Array<Record<string, string>>): PartSku[] =>
		rows.flatMap((row) => {
			const peer = peerOf(part, row);
			return row[part.key] !== undefined && peer
				? [{ own: row[part.key], peer: row[peer.key] }]
				: [];
		});

	const platformsOf = (config: Record<string, unknown>): PlatformPart[] => {
		const rows = [
			...((config.locations as unknown[] | undefined) ?? []),
			...((config.skuMapping as unknown[] | undefined) ?? []),
		] as Array<Record<string, unknown>>;
		return parts.filter(
			(part) => config[part.key] !== undefined || rows.some((row) => row[part.key] !== undefined),
		);
	};

	const isForPlatforms = (template: Template, keys: readonly string[]): boolean => {
		const used = parts.filter((part) => keys.includes(part.key));
		return template.nodes.every(
			(node) => used.some((part) => part.owns(node)) || !parts.some((part) => part.owns(node)),
		);
	};

	const parse = (input: unknown): ClientConfig => {
		const result = schema.safeParse(input);
		if (!result.success) {
			throw new Error(
				`Client file is not valid: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`,
			);
		}
		return result.data as ClientConfig;
	};

	return {
		schema,
		parse,
		apply(template, input) {
			// Parsed again so that defaults hold for a config built in code, too (parsing is idempotent).
			const config = parse(input);
			const workflow = JSON.parse(JSON.stringify(template)) as typeof template;
			const credentials: Record<string, string> = {};
			const sections = Object.fromEntries(
				parts.map((part) => [part.key, settingsOf(part, config)]),
			);
			const platforms = parts.map((part) => {
				const settings = settingsOf(part, config);
				for (const [field, type] of Object.entries(part.credentials)) {
					if (typeof settings[field] === 'string') credentials[type] = settings[field];
				}
				const context = {
					settings,
					locations: config.locations && locationsFor(part, config.locations),
					skus: config.skuMapping && skusFor(part, config.skuMapping),
					sections,
				};
				return { part, context };
			});
			for (const node of workflow.nodes) {
				configureCrossCutting(node, { alertUrl: config.alertUrl, credentials });
				const ours = node.type.startsWith(`${PACKAGE}.`);
				const platformNode = parts.some((part) => part.owns(node));
				for (const { part, context } of platforms) {
					if (part.owns(node)) part.configure(node, context);
					else if (!ours && !platformNode) part.configureOther(node, context);
				}
			}
			workflow.name = `${template.name} (${config.client})`;
			return workflow;
		},
		platformsOf,
		isFor: (template, config) =>
			isForPlatforms(
				template,
				platformsOf(config).map((part) => part.key),
			),
		isForPlatforms,
		withCredentialNames(file, names) {
			const named: Record<string, unknown> = { ...file };
			for (const part of platformsOf(file)) {
				for (const [field, type] of Object.entries(part.credentials)) {
					const name = names[type];
					if (name) named[part.key] = { ...(named[part.key] as object | undefined), [field]: name };
				}
			}
			return named as typeof file;
		},
	};
}

/** The agency tool for every platform of platforms/index.ts. */
const agency = composeAgency(PLATFORMS);

export const clientConfigSchema = agency.schema;
export const parseClientConfig = (input: unknown): ClientConfig => agency.parse(input);
export const applyClientConfig = <T extends Template>(template: T, config: ClientConfig): T =>
	agency.apply(template, config);
export const withCredentialNames = <T extends Record<string, unknown>>(
	file: T,
	names: Record<string, string>,
): T => agency.withCredentialNames(file, names);
export const templateIsFor = (template: Template, config: ClientConfig): boolean =>
	agency.isFor(template, config);
export const templateIsForPlatforms = (template: Template, keys: readonly string[]): boolean =>
	agency.isForPlatforms(template, keys);
