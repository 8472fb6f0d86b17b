/**
 * What a deploy would change in one workflow, node by node, in lines a person reads in a dry run:
 * nodes added and removed, and for a changed node each changed field with its old and new value
 * (values shortened; the alert URL, which may hold a webhook's secret, never printed).
 */
import { isDeepStrictEqual } from 'node:util';

import type { ApiNode, WorkflowBody } from './n8n-api';

/** Fields n8n's editor and API add to a node that a template does not set. */
const NODE_FIELDS_N8N_ADDS = new Set(['extendsCredential']);

/** The fields of a node that a deploy sets: those the desired node has, compared with the saved one. */
export function comparableNode(node: ApiNode): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(node).filter(
			([field, value]) => !NODE_FIELDS_N8N_ADDS.has(field) && value !== undefined,
		),
	);
}

/** The settings a deploy sets, read from the saved workflow (n8n adds others of its own). */
function comparableSettings(saved: Record<string, unknown>, desired: Record<string, unknown>) {
	return Object.fromEntries(Object.keys(desired).map((key) => [key, saved[key]]));
}

export function sameWorkflow(saved: WorkflowBody, desired: WorkflowBody): boolean {
	return changesOf(saved, desired, () => '').length === 0;
}

/** Lines saying what changes from `saved` to `desired`; none when nothing does. */
export function changesOf(
	saved: WorkflowBody,
	desired: WorkflowBody,
	show: (value: unknown) => string,
): string[] {
	const lines: string[] = [];
	if (saved.name !== desired.name) lines.push(`name: ${show(saved.name)} → ${show(desired.name)}`);
	const savedNodes = new Map(saved.nodes.map((node) => [node.name, comparableNode(node)]));
	const desiredNodes = new Map(desired.nodes.map((node) => [node.name, comparableNode(node)]));
	for (const [name, node] of desiredNodes) {
		const before = savedNodes.get(name);
		if (!before) {
			lines.push(`+ node "${name}" (${String(node.type)})`);
			continue;
		}
		const fields = fieldChanges(before, node, show);
		if (fields.length) lines.push(`~ node "${name}": ${fields.join('; ')}`);
	}
	for (const name of savedNodes.keys()) if (!desiredNodes.has(name)) lines.push(`- node "${name}"`);
	if (!isDeepStrictEqual(saved.connections, desired.connections)) lines.push('~ connections');
	const settings = fieldChanges(
		comparableSettings(saved.settings ?? {}, desired.settings),
		desired.settings,
		show,
	);
	if (settings.length) lines.push(`~ settings: ${settings.join('; ')}`);
	return lines;
}

/** Each changed leaf, as `path: old → new` (arrays by index). */
function fieldChanges(
	before: unknown,
	after: unknown,
	show: (value: unknown) => string,
	path = '',
): string[] {
	if (isDeepStrictEqual(before, after)) return [];
	const bothObjects =
		before !== null &&
		after !== null &&
		typeof before === 'object' &&
		typeof after === 'object' &&
		Array.isArray(before) === Array.isArray(after);
	if (!bothObjects) return [`${path || '(value)'}: ${show(before)} → ${show(after)}`];
	const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...keys].flatMap((key) =>
		fieldChanges(
			(before as Record<string, unknown>)[key],
			(after as Record<string, unknown>)[key],
			show,
			Array.isArray(after) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
		),
	);
}

/**
 * A value shortened for one line. A value holding an alert URL (a chat webhook's URL is its own
 * secret) is shown as `<alert URL>`, whichever side of a change it is on.
 */
export function shower(alertUrls: string[]) {
	return (value: unknown): string => {
		if (value === undefined) return '(none)';
		const text = JSON.stringify(value);
		if (alertUrls.some((url) => text.includes(JSON.stringify(url).slice(1, -1))))
			return '<alert URL>';
		return text.length > 80 ? `${text.slice(0, 77)}…` : text;
	};
}
