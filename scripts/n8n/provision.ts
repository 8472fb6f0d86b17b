/**
 * Fills a running n8n the way an agency would: owner account, sandbox credentials, and every
 * template configured by the agency tool for a client, imported with `n8n import:workflow`
 * (credentials bound by name). Safe to run again: existing credentials and workflows are kept.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { SANDBOX_API_KEY } from '../../sandbox/cloudshelf/server';
import { SANDBOX_APP } from '../../sandbox/linnworks/server';
import type { ClientConfig, Template } from '../../tools/agency/client-config';
import { sandboxClient, type SandboxAddresses } from '../../tools/agency/sandbox-client';
import { writeConfiguredTemplates } from '../../tools/agency/write-templates';
import { DEMO_OWNER, type N8nInstance, type Owner } from './instance';

export const STOCK_CHECK_TOKEN = 'demo-live-stock-token-5c1e';

/** Writes the templates configured for `config` into `directory` (emptied first). */
export function configureTemplates(config: ClientConfig, directory: string): string[] {
	rmSync(directory, { recursive: true, force: true });
	return writeConfiguredTemplates(config, directory);
}

export async function provision(
	n8n: N8nInstance,
	addresses: SandboxAddresses,
	{
		owner = DEMO_OWNER,
		workDirectory,
		client,
	}: { owner?: Owner; workDirectory: string; client?: string },
): Promise<ClientConfig> {
	await n8n.signIn(owner);
	const config = sandboxClient(addresses, client);
	await n8n.ensureCredential(config.credentials.linnworksApi!, 'linnworksApi', {
		applicationId: SANDBOX_APP.applicationId,
		applicationSecret: SANDBOX_APP.applicationSecret,
		token: SANDBOX_APP.installationToken,
		authUrl: addresses.linnworks,
	});
	await n8n.ensureCredential(config.credentials.cloudshelfApi!, 'cloudshelfApi', {
		apiKey: SANDBOX_API_KEY,
		endpoint: `${addresses.cloudshelf}/graphql`,
		stockCheckToken: STOCK_CHECK_TOKEN,
	});
	const existing = new Set((await n8n.workflows()).map((workflow) => workflow.name));
	const directory = join(workDirectory, 'configured-workflows');
	configureTemplates(config, directory);
	for (const file of readdirSync(directory)) {
		const workflow = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Template;
		if (existing.has(workflow.name)) rmSync(join(directory, file));
	}
	if (readdirSync(directory).length) {
		const result = n8n.cli(['import:workflow', '--separate', `--input=${directory}`]);
		if (result.status !== 0)
			throw new Error(`n8n import:workflow failed:\n${result.stderr || result.stdout}`);
	}
	return config;
}
