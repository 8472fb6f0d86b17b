/**
 * A deploy client file (YAML or JSON): the agency tool's client file (client, alertUrl, platform
 * sections, locations, skuMapping: tools/agency/client-config.ts, shared with `npm run configure`)
 * plus what a deploy needs besides:
 *
 *   n8n:            url, apiKey (from the environment or the secrets file), tag (≤ 24 characters,
 *                   default the client's name), project (licensed instances: default the client's name)
 *   integrations:   seed pairs to deploy, e.g. [cloudshelf-linnworks, shopify-linnworks]
 *   secretsFile:    YAML or JSON file of secrets (relative to the client file), read by `{ secret: key }`
 *   credentials:    [{ name, type, values }], each value `{ env: NAME }`, `{ secret: key.path }` or,
 *                   for a field that is not a secret, the value itself
 *   schedules:      { <template file>: { <trigger node>: { everyMinutes | everyHours | dailyAt } } }
 *
 * Every problem is reported with its path and what is expected, all at once; nothing is read from
 * the environment or the secrets file until the file is valid.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';

import { clientConfigSchema, type ClientConfig } from '../agency/client-config';
import { PLATFORMS } from '../agency/platforms/index';
import { CREDENTIAL_FIELDS } from './credential-types';
import { INTEGRATIONS, templatesFor, type IntegrationKey } from './integrations';
import { isScheduled } from './schedules';

const SECRET_REFERENCE_HELP =
	'write { env: VARIABLE } (an environment variable) or { secret: key } (a key of the secrets file)';

const envReference = z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }).strict();
const fileReference = z.object({ secret: z.string().min(1) }).strict();
const secretReference = z.union([envReference, fileReference], {
	errorMap: () => ({ message: `Expected a reference to a secret: ${SECRET_REFERENCE_HELP}` }),
});
type SecretReference = z.infer<typeof secretReference>;

const schedule = z.union(
	[
		z.object({ everyMinutes: z.number().int().min(1).max(59) }).strict(),
		z.object({ everyHours: z.number().int().min(1).max(23) }).strict(),
		z
			.object({
				dailyAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time such as 06:00'),
			})
			.strict(),
	],
	{
		errorMap: () => ({
			message: 'Expected { everyMinutes: 1–59 }, { everyHours: 1–23 } or { dailyAt: "HH:MM" }',
		}),
	},
);
export type Schedule = z.infer<typeof schedule>;

const credentialEntry = z
	.object({
		/** The n8n credential's name; the platform sections' `credential` fields refer to it. */
		name: z.string().min(1),
		type: z.string().refine((type) => type in CREDENTIAL_FIELDS, {
			message: `Expected one of the credential types ${Object.keys(CREDENTIAL_FIELDS).join(', ')}`,
		}),
		values: z.record(z.union([secretReference, z.string(), z.number(), z.boolean()])),
	})
	.strict()
	.superRefine((credential, context) => {
		if (!(credential.type in CREDENTIAL_FIELDS)) return;
		for (const { field, message } of credentialProblems(credential))
			context.addIssue({ code: z.ZodIssueCode.custom, path: ['values', field], message });
	});

const deployFields = z.object({
	n8n: z
		.object({
			url: z.string().url(),
			apiKey: secretReference,
			tag: z
				.string()
				.regex(
					/^[a-z0-9][a-z0-9-]{0,23}$/,
					"Expected 1–24 lowercase letters, digits and hyphens (an n8n tag is at most 24 characters, and the tag also starts the client's webhook paths)",
				)
				.optional(),
			project: z.string().min(1).optional(),
		})
		.strict(),
	integrations: z
		.array(
			z.enum(Object.keys(INTEGRATIONS) as [IntegrationKey, ...IntegrationKey[]], {
				errorMap: () => ({
					message: `Expected one of ${Object.keys(INTEGRATIONS).join(', ')}`,
				}),
			}),
		)
		.min(1),
	secretsFile: z.string().min(1).optional(),
	credentials: z.array(credentialEntry).default([]),
	schedules: z.record(z.record(schedule)).optional(),
});
const DEPLOY_KEYS = Object.keys(deployFields.shape);

export interface CredentialSpec {
	name: string;
	type: string;
	values: Record<string, SecretReference | string | number | boolean>;
}

export interface DeployFile {
	/** The agency client file inside it (what `npm run configure` takes). */
	config: ClientConfig;
	client: string;
	n8n: { url: string; apiKey: SecretReference; tag: string; project: string };
	integrations: IntegrationKey[];
	credentials: CredentialSpec[];
	schedules: Record<string, Record<string, Schedule>>;
	/** Where `{ secret: … }` references are read from, resolved; none when the file names none. */
	secretsFile?: string;
}

export class ClientFileError extends Error {
	constructor(
		readonly file: string,
		readonly problems: string[],
	) {
		super(
			`${file} is not a valid client file (nothing was applied):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
		);
	}
}

const pathOf = (path: Array<string | number>) => path.join('.') || '(root)';

/**
 * Reads a YAML or JSON file (JSON is YAML). A syntax error is reported by position only: the yaml
 * library quotes the offending lines, which in a secrets file are secrets. `strings` keeps every
 * scalar as written (a secrets file's `012345` stays `012345`, not 12345).
 */
export function readStructuredFile(file: string, { strings = false } = {}): unknown {
	try {
		return parseYaml(readFileSync(file, 'utf8'), strings ? { schema: 'failsafe' } : {});
	} catch (error) {
		if (!(error instanceof YAMLParseError)) throw error;
		const [start] = error.linePos ?? [];
		const where = start ? ` at line ${start.line}, column ${start.col}` : '';
		throw new Error(
			`${file} is not valid YAML or JSON${where} (${error.code}): fix the file there`,
		);
	}
}

/**
 * The agency client file inside a deploy client file (the deploy fields left out), which is what
 * `npm run configure` takes; a plain agency client file comes back as it is.
 */
export function agencyFields(input: unknown): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries((input ?? {}) as Record<string, unknown>).filter(
			([key]) => !DEPLOY_KEYS.includes(key),
		),
	);
}

/** Validates a client file's content; `file` names it in errors and anchors relative paths. */
export function parseDeployFile(input: unknown, file: string): DeployFile {
	const problems: string[] = [];
	const record = (input ?? {}) as Record<string, unknown>;
	if (typeof input !== 'object' || input === null || Array.isArray(input))
		throw new ClientFileError(file, ['(root): Expected a mapping of fields (client, n8n, …)']);
	const deployPart = Object.fromEntries(DEPLOY_KEYS.map((key) => [key, record[key]]));
	const agencyPart = agencyFields(record);
	const deploy = deployFields.safeParse(deployPart);
	const agency = clientConfigSchema.safeParse(agencyPart);
	for (const result of [deploy, agency])
		if (!result.success)
			for (const issue of result.error.issues)
				problems.push(`${pathOf(issue.path)}: ${issue.message}`);
	if (!deploy.success || !agency.success) throw new ClientFileError(file, problems);

	const config = agency.data as ClientConfig;
	const { n8n, integrations, credentials, schedules = {}, secretsFile } = deploy.data;
	const tag = n8n.tag ?? defaultTag(config.client);
	if (!tag)
		problems.push(
			`n8n.tag: Required: the client's name gives no tag (letters and digits), so name the tag that marks its workflows, e.g. acme-retail`,
		);
	problems.push(...bindingProblems(config, integrations, credentials));
	problems.push(...scheduleProblems(schedules, integrations));
	if (problems.length) throw new ClientFileError(file, problems);
	return {
		config,
		client: config.client,
		n8n: { ...n8n, tag, project: n8n.project ?? config.client },
		integrations,
		credentials,
		schedules,
		secretsFile: secretsFile && resolve(dirname(file), secretsFile),
	};
}

/** A credential's values against its type: known fields, secrets by reference, required ones there. */
function credentialProblems(credential: CredentialSpec): Array<{ field: string; message: string }> {
	const fields = CREDENTIAL_FIELDS[credential.type];
	const problems: Array<{ field: string; message: string }> = [];
	for (const [field, value] of Object.entries(credential.values)) {
		const known = fields.find((candidate) => candidate.name === field);
		if (!known)
			problems.push({
				field,
				message: `${credential.type} has no field ${field}; its fields are ${fields.map((candidate) => candidate.name).join(', ')}`,
			});
		else if (known.secret && typeof value !== 'object')
			problems.push({
				field,
				message: `a secret never goes in the client file: ${SECRET_REFERENCE_HELP}`,
			});
		else if (typeof value !== 'object' && known.type === 'string' && typeof value !== 'string')
			problems.push({
				field,
				message: `Expected text: write it in quotes ("${String(value)}"), or YAML reads it as a ${typeof value}`,
			});
		else if (known.type === 'number' && typeof value !== 'number' && typeof value !== 'object')
			problems.push({ field, message: 'Expected a number' });
	}
	for (const { name, required } of fields)
		if (required && !(name in credential.values))
			problems.push({ field: name, message: `Required by ${credential.type}` });
	return problems;
}

/**
 * Every credential type the chosen templates use is named in its platform's section (`credential`,
 * Centra's `orderCredential`), and that name is defined under `credentials` with that type.
 */
function bindingProblems(
	config: ClientConfig,
	integrations: IntegrationKey[],
	credentials: CredentialSpec[],
): string[] {
	const problems: string[] = [];
	const used = new Set(
		templatesFor(integrations).flatMap(({ template }) =>
			template.nodes.flatMap((node) => Object.keys(node.credentials ?? {})),
		),
	);
	for (const part of PLATFORMS) {
		const section = (config[part.key] ?? {}) as Record<string, unknown>;
		for (const [field, type] of Object.entries(part.credentials)) {
			if (!used.has(type)) continue;
			const name = section[field];
			const defined = credentials.find((credential) => credential.name === name);
			if (typeof name !== 'string')
				problems.push(
					`${part.key}.${field}: Required: the name of the ${type} credential (defined under credentials) that the ${part.key} nodes use`,
				);
			else if (!defined)
				problems.push(
					`${part.key}.${field}: "${name}" is not under credentials: add { name: ${name}, type: ${type}, values: … }`,
				);
			else if (defined.type !== type)
				problems.push(
					`${part.key}.${field}: "${name}" is a ${defined.type} credential; the ${part.key} nodes need ${type}`,
				);
		}
	}
	return problems;
}

/** The client's name as a tag: lowercase letters, digits and hyphens, at most 24 characters. */
function defaultTag(client: string): string {
	return client
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 24)
		.replace(/^-+|-+$/g, '');
}

/** The schedules name templates of the chosen integrations and scheduled triggers in them. */
function scheduleProblems(
	schedules: Record<string, Record<string, Schedule>>,
	integrations: IntegrationKey[],
): string[] {
	const templates = templatesFor(integrations);
	const problems: string[] = [];
	for (const [key, nodes] of Object.entries(schedules)) {
		const template = templates.find((candidate) => candidate.file === key)?.template;
		if (!template) {
			problems.push(
				`schedules.${key}: not a template of the chosen integrations; they are ${templates.map((candidate) => candidate.file).join(', ')}`,
			);
			continue;
		}
		const scheduled = template.nodes.filter(isScheduled);
		for (const name of Object.keys(nodes))
			if (!scheduled.some((node) => node.name === name))
				problems.push(
					`schedules.${key}.${name}: ${key} has no scheduled trigger of that name; its scheduled triggers are ${scheduled.map((node) => `"${node.name}"`).join(', ') || 'none'}`,
				);
	}
	return problems;
}

/** Where secret values come from: the environment, and the secrets file when there is one. */
export interface SecretSources {
	env: NodeJS.ProcessEnv;
	/** The secrets file's content, if the file names one (or `--secrets` does). */
	file?: { path: string; content: unknown };
}

export function loadSecretSources(deploy: DeployFile, override?: string): SecretSources {
	const path = override ? resolve(override) : deploy.secretsFile;
	return {
		env: process.env,
		file: path ? { path, content: readStructuredFile(path, { strings: true }) } : undefined,
	};
}

/** A secret reference's value; the error names the reference (never a value). */
export function resolveSecret(reference: SecretReference, sources: SecretSources, at: string) {
	if ('env' in reference) {
		const value = sources.env[reference.env];
		if (value === undefined || value === '')
			throw new Error(`${at}: the environment variable ${reference.env} is not set`);
		return value;
	}
	if (!sources.file)
		throw new Error(
			`${at}: { secret: ${reference.secret} } needs a secrets file: set secretsFile in the client file or pass --secrets <file>`,
		);
	let value: unknown = sources.file.content;
	for (const key of reference.secret.split('.'))
		value =
			value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
	if (typeof value !== 'string' || value === '')
		throw new Error(`${at}: ${sources.file.path} has no value at ${reference.secret}`);
	return value;
}

/** A credential's data, every reference resolved. */
export function credentialData(
	credential: CredentialSpec,
	index: number,
	sources: SecretSources,
): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(credential.values).map(([field, value]) => [
			field,
			typeof value === 'object'
				? resolveSecret(value, sources, `credentials.${index}.values.${field}`)
				: value,
		]),
	);
}
