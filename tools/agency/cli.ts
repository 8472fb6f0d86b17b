/**
 * `npm run configure -- <client file> [out-dir]`: writes every template of workflows/ configured for
 * one client (alert URL, and per platform its credential name, settings, locations and SKU table:
 * the format is described in client-config.ts) into out-dir (default .artifacts/clients/<client>),
 * ready for `n8n import:workflow --separate`. The client file is YAML or JSON; a deploy client file
 * (clients/examples/) works too, its deploy fields (n8n, credentials, …) left aside.
 */
import { join, resolve } from 'node:path';

import { agencyFields, readStructuredFile } from '../deploy/client-file';
import { parseClientConfig } from './client-config';
import { writeConfiguredTemplates } from './write-templates';

function main(): void {
	const [clientFile, outArgument] = process.argv.slice(2);
	if (!clientFile) {
		console.error('Usage: npm run configure -- <client file> [out-dir]');
		process.exit(2);
	}
	const config = parseClientConfig(agencyFields(readStructuredFile(clientFile)));
	const root = resolve(__dirname, '../..');
	const out = resolve(
		outArgument ??
			join(root, '.artifacts', 'clients', config.client.replace(/[^A-Za-z0-9_-]+/g, '-')),
	);
	const templates = writeConfiguredTemplates(config, out);
	console.log(`Configured ${templates.length} workflows for ${config.client} in ${out}`);
}

try {
	main();
} catch (error) {
	console.error((error as Error).message);
	process.exit(1);
}
