/**
 * Fills a running n8n the way an agency would: owner account, sandbox credentials, and every
 * template configured by the agency tool for a client of each seed pair (Cloudshelf ⇄ Linnworks,
 * Cloudshelf ⇄ Centra, Cloudshelf ⇄ commercetools, Cloudshelf ⇄ Stokly, Shopify ⇄ Linnworks),
 * imported with `n8n import:workflow` (credentials bound by name). Safe to run again: existing
 * credentials and workflows are kept.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { sandboxCredentials, type SandboxAddresses } from '../../sandbox/registry';
import type { ClientConfig, Template } from '../../tools/agency/client-config';
import {
	sandboxCentraClient,
	sandboxClient,
	sandboxCommercetoolsClient,
	sandboxShopifyClient,
	sandboxStoklyClient,
} from '../../tools/agency/sandbox-client';
import { writeConfiguredTemplates } from '../../tools/agency/write-templates';
import { EXCEPTIONS_WORKFLOW_ID, SYNC_HEALTH_TABLES } from '../../tools/sync-health/tables';
import { DEMO_OWNER, type N8nInstance, type Owner } from './instance';

export const STOCK_CHECK_TOKEN = 'demo-live-stock-token-5c1e';

/**
 * Credential fields that are not the sandbox's but the local n8n's, by credential type: the
 * secret Cloudshelf presents to the Live stock check webhook.
 */
const LOCAL_CREDENTIAL_FIELDS: Record<string, Record<string, string>> = {
	cloudshelfApi: { stockCheckToken: STOCK_CHECK_TOKEN },
};

/** A sandbox credential's data with the fields that are the local n8n's (LOCAL_CREDENTIAL_FIELDS). */
export function withLocalFields(
	type: string,
	data: Record<string, unknown>,
): Record<string, unknown> {
	return { ...data, ...LOCAL_CREDENTIAL_FIELDS[type] };
}

/**
 * Writes the templates configured for each client (one per seed pair) into `directory` (emptied
 * first). The shared error workflow is written by each, identically.
 */
export function configureTemplates(configs: ClientConfig[], directory: string): string[] {
	rmSync(directory, { recursive: true, force: true });
	return [...new Set(configs.flatMap((config) => writeConfiguredTemplates(config, directory)))];
}

/** The sandbox retailer as a client of each seed pair. */
export function sandboxClients(addresses: SandboxAddresses, client?: string): ClientConfig[] {
	return [
		sandboxClient(addresses, client),
		sandboxCentraClient(addresses, client),
		sandboxCommercetoolsClient(addresses, client),
		sandboxStoklyClient(addresses, client),
		sandboxShopifyClient(addresses, client),
	];
}

export async function provision(
	n8n: N8nInstance,
	addresses: SandboxAddresses,
	{
		owner = DEMO_OWNER,
		workDirectory,
		client,
		configs = sandboxClients(addresses, client),
	}: {
		owner?: Owner;
		workDirectory: string;
		client?: string;
		/** The client files to configure the templates with (default: the five sandbox clients). */
		configs?: ClientConfig[];
	},
): Promise<ClientConfig[]> {
	await n8n.signIn(owner);
	// One credential per sandbox of the registry, named as the sandbox client binds it.
	for (const { name, type, data } of sandboxCredentials(addresses)) {
		await n8n.ensureCredential(name, type, withLocalFields(type, data));
	}
	// The exception queue and run log every template reports to (Data Tables in n8n's database).
	await n8n.ensureDataTables(SYNC_HEALTH_TABLES);
	const existing = new Set((await n8n.workflows()).map((workflow) => workflow.name));
	const directory = join(workDirectory, 'configured-workflows');
	configureTemplates(configs, directory);
	for (const file of readdirSync(directory)) {
		const workflow = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Template;
		if (existing.has(workflow.name)) rmSync(join(directory, file));
	}
	if (readdirSync(directory).length) {
		const result = n8n.cli(['import:workflow', '--separate', `--input=${directory}`]);
		if (result.status !== 0)
			throw new Error(`n8n import:workflow failed:\n${result.stderr || result.stdout}`);
	}
	// Every template's Record Sync Health node calls the exceptions workflow, and n8n runs the
	// published version of a sub-workflow for scheduled and webhook runs: it is active from the start
	// (it only listens: to its callers and to failed runs).
	const recorder = (await n8n.workflows()).find(
		(workflow) => workflow.id === EXCEPTIONS_WORKFLOW_ID,
	);
	if (recorder && !recorder.active) await n8n.activate(EXCEPTIONS_WORKFLOW_ID);
	return configs;
}
