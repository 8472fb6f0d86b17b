import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
	applyClientConfig,
	templateIsFor,
	type ClientConfig,
	type Template,
} from './client-config';

const WORKFLOWS = resolve(__dirname, '../../workflows');

/**
 * Writes the templates of workflows/ for the client's platforms (a Cloudshelf ⇄ Centra client gets
 * the Centra templates and the platform-neutral ones, not the Linnworks ones), configured for the
 * client, into `directory` (created when missing), ready for `n8n import:workflow --separate`.
 * Returns the file names.
 */
export function writeConfiguredTemplates(config: ClientConfig, directory: string): string[] {
	mkdirSync(directory, { recursive: true });
	const written: string[] = [];
	const files = readdirSync(WORKFLOWS)
		.filter((file) => file.endsWith('.json'))
		.sort();
	for (const file of files) {
		const template = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Template;
		if (!templateIsFor(template, config)) continue;
		writeFileSync(
			join(directory, file),
			`${JSON.stringify(applyClientConfig(template, config), null, '\t')}\n`,
		);
		written.push(file);
	}
	return written;
}
