import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { applyClientConfig, type ClientConfig, type Template } from './client-config';

const WORKFLOWS = resolve(__dirname, '../../workflows');

/**
 * Writes every template of workflows/ configured for one client into `directory` (created when
 * missing), ready for `n8n import:workflow --separate`. Returns the file names.
 */
export function writeConfiguredTemplates(config: ClientConfig, directory: string): string[] {
	mkdirSync(directory, { recursive: true });
	const files = readdirSync(WORKFLOWS)
		.filter((file) => file.endsWith('.json'))
		.sort();
	for (const file of files) {
		const template = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Template;
		writeFileSync(
			join(directory, file),
			`${JSON.stringify(applyClientConfig(template, config), null, '\t')}\n`,
		);
	}
	return files;
}
