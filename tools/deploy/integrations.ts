/**
 * The seed pairs a client can deploy, and which shipped templates each one is: a template belongs
 * to a pair when every platform whose nodes it has (the agency parts' `owns`) is one of the pair's.
 * The error workflow has no platform node: every deploy gets it, first.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Template } from '../agency/client-config';
import { PLATFORMS } from '../agency/platforms/index';

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

/** The platform keys whose nodes a template has. */
export function platformsOfTemplate(template: Template): string[] {
	return PLATFORMS.filter((part) => template.nodes.some((node) => part.owns(node))).map(
		(part) => part.key,
	);
}

/** The templates of the chosen integrations, the error workflow first, each once. */
export function templatesFor(integrations: readonly IntegrationKey[]): ShippedTemplate[] {
	const chosen = integrations.map((key): readonly string[] => INTEGRATIONS[key].platforms);
	const all = shippedTemplates();
	const selected = all.filter(({ template }) => {
		const platforms = platformsOfTemplate(template);
		return (
			platforms.length > 0 &&
			chosen.some((pair) => platforms.every((platform) => pair.includes(platform)))
		);
	});
	const errorWorkflow = all.find(({ file }) => file === ERROR_WORKFLOW_FILE);
	if (!errorWorkflow) throw new Error(`workflows/${ERROR_WORKFLOW_FILE}.json is missing`);
	return [errorWorkflow, ...selected];
}
