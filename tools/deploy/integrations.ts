/**
 * The seed pairs a client can deploy, and which shipped templates each one is: a template belongs
 * to a pair when every platform whose nodes it has (the agency parts' `owns`) is one of the pair's,
 * as `npm run configure` picks them. The error workflow has no platform node: every deploy gets it,
 * first.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { templateIsForPlatforms, type Template } from '../agency/client-config';

export const INTEGRATIONS = {
	'cloudshelf-linnworks': {
		title: 'Cloudshelf ⇄ Linnworks',
		platforms: ['cloudshelf', 'linnworks'],
	},
	'cloudshelf-centra': { title: 'Cloudshelf ⇄ Centra', platforms: ['cloudshelf', 'centra'] },
	'cloudshelf-commercetools': {
		title: 'Cloudshelf ⇄ commercetools',
		platforms: ['cloudshelf', 'commercetools'],
	},
	'stokly-cloudshelf': { title: 'Stokly ⇄ Cloudshelf', platforms: ['stokly', 'cloudshelf'] },
	'shopify-linnworks': { title: 'Shopify ⇄ Linnworks', platforms: ['shopify', 'linnworks'] },
} as const satisfies Record<string, { title: string; platforms: readonly string[] }>;

export type IntegrationKey = keyof typeof INTEGRATIONS;

/** The shared error workflow's file: imported first, every other workflow's error workflow. */
export const ERROR_WORKFLOW_FILE = 'exceptions-error-workflow';

const WORKFLOWS = resolve(__dirname, '../../workflows');

export interface ShippedTemplate {
	/** Its file name without `.json`: the template's key in client files and the deploy state. */
	file: string;
	template: Template;
}

export function shippedTemplates(): ShippedTemplate[] {
	return readdirSync(WORKFLOWS)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file: file.replace(/\.json$/, ''),
			template: JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Template,
		}));
}

/**
 * The templates of the chosen integrations, the error workflow first, each once: those the agency
 * tool writes for a client file of the pair's platforms (`templateIsForPlatforms`).
 */
export function templatesFor(integrations: readonly IntegrationKey[]): ShippedTemplate[] {
	const all = shippedTemplates();
	const errorWorkflow = all.find(({ file }) => file === ERROR_WORKFLOW_FILE);
	if (!errorWorkflow) throw new Error(`workflows/${ERROR_WORKFLOW_FILE}.json is missing`);
	const selected = all.filter(
		({ file, template }) =>
			file !== ERROR_WORKFLOW_FILE &&
			integrations.some((key) => templateIsForPlatforms(template, INTEGRATIONS[key].platforms)),
	);
	return [errorWorkflow, ...selected];
}
