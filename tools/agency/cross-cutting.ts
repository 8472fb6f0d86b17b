/**
 * The part of a client file no platform owns: where alerts go, and binding each platform's
 * credential (named in its section) to every node that uses that credential type.
 */
import { z } from 'zod';

import type { TemplateNode } from './part';

export const crossCuttingFields = {
	/** Where Send Alert / Send Report post (Slack or Teams incoming webhook, …). */
	alertUrl: z.string().url().optional(),
};

export interface CrossCuttingContext {
	alertUrl?: string;
	/** Credential names by credential type. */
	credentials: Record<string, string>;
}

export function configureCrossCutting(
	node: TemplateNode,
	{ alertUrl, credentials }: CrossCuttingContext,
): void {
	for (const [type, name] of Object.entries(credentials)) {
		if (node.credentials?.[type]) node.credentials[type] = { name };
	}
	if (
		node.type === 'n8n-nodes-base.httpRequest' &&
		alertUrl &&
		/^Send (Alert|Report)$/.test(node.name)
	) {
		node.parameters.url = alertUrl;
	}
}
