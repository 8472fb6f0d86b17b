/**
 * One client file → that client's integrations configured and running in an n8n, through its
 * public API. A deploy reads the instance, plans every change (credentials, tag, workflows,
 * activation, workflows of integrations no longer in the file) and, unless it is a dry run,
 * applies them in order, stopping at the first failure with what was and was not applied; the
 * next run finds what the last one made and completes it.
 *
 * What it relies on, seen in n8n 2.41.1:
 * - A node's credential reference by name alone binds to an arbitrary credential of its type, so
 *   every reference written carries the id of the client's own credential.
 * - Credentials are never read back. Whether a credential's values changed is told by a salted
 *   scrypt fingerprint of them kept in the Data Table `retail_sync_deploy_state` (with the ids of
 *   the client's credentials and workflows, so a workflow renamed in the editor is still found).
 * - The error workflow only runs when it is active. It is also the sync-health recorder every
 *   template calls by id (its Record Sync Health node), and n8n runs a sub-workflow's published
 *   version: so it is always active, its id is written into each workflow, and its Data Tables
 *   (the exception queue and run log, found by name in the client's project) are created.
 * - Projects need a licence: with one, each client gets a project of its own (workflows and
 *   credentials in it, runs unable to use another project's credentials); without one, everything
 *   is in the API key owner's personal project and only the id binding keeps clients apart.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';

import { applyClientConfig, type Template } from '../agency/client-config';
import { EXCEPTIONS_WORKFLOW_ID, SYNC_HEALTH_TABLES } from '../sync-health/tables';
import { credentialData, type DeployFile, type SecretSources } from './client-file';
import { changesOf, shower } from './diff';
import { ERROR_WORKFLOW_FILE, templatesFor } from './integrations';
import {
	explainApiError,
	N8nApiError,
	type ApiCredential,
	type ApiNode,
	type ApiWorkflow,
	type N8nPublicApi,
	type WorkflowBody,
} from './n8n-api';
import { applySchedule } from './schedules';

export const STATE_TABLE = 'retail_sync_deploy_state';
/** Namespace of the webhook ids a deploy gives each client's trigger nodes (uuid v5). */
const WEBHOOK_NAMESPACE = 'f5a3b0c2-6d1e-4b7a-9c8d-2e4f6a8b0c1d';

interface StateRow {
	client: string;
	kind: 'credential' | 'workflow';
	key: string;
	ref: string;
	fingerprint: string;
}

export interface DeployOptions {
	dryRun?: boolean;
	activate?: boolean;
	prune?: boolean;
	say?: (line: string) => void;
}

export interface DeployResult {
	/** Each change planned (and, unless a dry run, applied), in order. */
	changes: string[];
	/** How the client's workflows are kept apart from other clients' on this instance. */
	isolation: 'project' | 'credential ids';
	/** The client's workflow ids by template file. */
	workflowIds: Record<string, string>;
	/** Production URLs of the client's Webhook nodes (e.g. the kiosk's live stock check). */
	webhookUrls: Record<string, string>;
}

export class DeployError extends Error {}

interface Step {
	what: string;
	/** Lines under it in a dry run (a workflow's node changes). */
	details?: string[];
	run(): Promise<void>;
}

/** A salted scrypt fingerprint of a credential's type and values (the values are not recoverable). */
export function fingerprint(type: string, data: Record<string, unknown>, salt = randomBytes(16)) {
	const canonical = JSON.stringify([type, Object.entries(data).sort()]);
	return `scrypt:${salt.toString('hex')}:${scryptSync(canonical, salt, 32).toString('hex')}`;
}

function fingerprintMatches(print: string, type: string, data: Record<string, unknown>): boolean {
	const [scheme, salt, hash] = print.split(':');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(
		fingerprint(type, data, Buffer.from(salt, 'hex')).split(':')[2],
		'hex',
	);
	const stored = Buffer.from(hash, 'hex');
	// A row edited by hand reads as "values changed": the credential is set again.
	return stored.length === expected.length && timingSafeEqual(expected, stored);
}

/** The template as this client's: agency configuration, schedules, webhooks of its own. */
function prepareTemplate(template: Template, key: string, file: DeployFile): Template {
	const configured = applyClientConfig(template, file.config);
	const schedules = file.schedules[key] ?? {};
	for (const node of configured.nodes as ApiNode[]) {
		if (schedules[node.name]) applySchedule(node, schedules[node.name]);
		// Two clients' copies of a template must not share a webhook path on one instance.
		if (node.webhookId)
			node.webhookId = uuidV5(`${file.n8n.tag}/${key}/${node.name}`, WEBHOOK_NAMESPACE);
		if (node.type === 'n8n-nodes-base.webhook' && typeof node.parameters.path === 'string')
			node.parameters.path = `${file.n8n.tag}/${node.parameters.path}`;
	}
	return configured;
}

export async function deploy(
	file: DeployFile,
	api: N8nPublicApi,
	sources: SecretSources,
	{ dryRun = false, activate = false, prune = false, say = console.log }: DeployOptions = {},
): Promise<DeployResult> {
	const client = file.client;
	const templates = templatesFor(file.integrations).map(({ file: key, template }) => ({
		key,
		template: prepareTemplate(template, key, file),
	}));
	const problems: string[] = [];
	// Every secret resolved before anything is applied; a missing one names its variable or key.
	const data = file.credentials.map((credential, index) => {
		try {
			return credentialData(credential, index, sources);
		} catch (error) {
			problems.push((error as Error).message);
			return {};
		}
	});
	if (problems.length)
		throw new DeployError(
			`Nothing was applied:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
		);

	// ---- what the instance holds ----
	const steps: Step[] = [];
	const notes: string[] = [];
	const projects = await api.projects();
	let projectId = projects?.find((project) => project.name === file.n8n.project)?.id;
	if (projects && !projectId)
		steps.push({
			what: `create project "${file.n8n.project}" for ${client}'s workflows and credentials`,
			run: async () => {
				projectId = (await api.createProject(file.n8n.project)).id;
			},
		});
	const inScope = (credential: ApiCredential) =>
		!projects || credential.shared?.some((share) => share.id === projectId) === true;

	// n8n's name filter matches parts of names: the table is the one of exactly this name.
	let tableId = (await api.dataTables(STATE_TABLE)).find(
		(table) => table.name === STATE_TABLE && (!projects || table.projectId === projectId),
	)?.id;
	const allRows = tableId ? await api.rows<StateRow>(tableId, {}) : [];
	const rows = allRows.filter((row) => row.client === client);
	if (!tableId)
		steps.push({
			what: `create the Data Table ${STATE_TABLE} (ids and credential fingerprints of deployed clients)`,
			run: async () => {
				tableId = (
					await api.createDataTable({
						name: STATE_TABLE,
						columns: ['client', 'kind', 'key', 'ref', 'fingerprint'].map((name) => ({
							name,
							type: 'string' as const,
						})),
						projectId,
					})
				).id;
			},
		});
	const record = (kind: StateRow['kind'], key: string, ref: string, print = '') =>
		api.upsertRow(tableId!, { client, kind, key }, { ref, fingerprint: print });

	// ---- the sync-health tables the client's workflows report to ----
	for (const { name, purpose, columns } of SYNC_HEALTH_TABLES) {
		const exists = (await api.dataTables(name)).some(
			(table) => table.name === name && (!projects || table.projectId === projectId),
		);
		if (!exists)
			steps.push({
				what: `create the Data Table ${name} (${purpose})`,
				run: async () => {
					await api.createDataTable({ name, columns, projectId });
				},
			});
	}

	// ---- credentials ----
	const credentialIds = new Map<string, string>();
	const existingCredentials = (await api.credentials()).filter(inScope);
	file.credentials.forEach((spec, index) => {
		const row = rows.find(
			(candidate) => candidate.kind === 'credential' && candidate.key === spec.name,
		);
		const byName = existingCredentials.filter(
			(credential) => credential.name === spec.name && credential.type === spec.type,
		);
		const target =
			existingCredentials.find((credential) => credential.id === row?.ref) ??
			(byName.length === 1 ? byName[0] : undefined);
		const owner = allRows.find(
			(other) => other.kind === 'credential' && other.ref === target?.id && other.client !== client,
		);
		if (owner)
			problems.push(
				`credentials.${index}: "${spec.name}" is ${owner.client}'s credential on this n8n: give ${client}'s another name`,
			);
		else if (!target && byName.length > 1)
			problems.push(
				`credentials.${index}: ${byName.length} ${spec.type} credentials are named "${spec.name}" on this n8n: rename or delete the extra ones`,
			);
		if (target) credentialIds.set(spec.name, target.id);
		if (!target)
			steps.push({
				what: `create credential "${spec.name}" (${spec.type})`,
				run: async () => {
					const created = await api.createCredential({
						name: spec.name,
						type: spec.type,
						data: data[index],
						projectId,
					});
					credentialIds.set(spec.name, created.id);
					await record('credential', spec.name, created.id, fingerprint(spec.type, data[index]));
				},
			});
		else if (
			!row ||
			row.ref !== target.id ||
			!fingerprintMatches(row.fingerprint, spec.type, data[index]) ||
			target.name !== spec.name
		)
			steps.push({
				what: `update credential "${spec.name}" (${spec.type}) in place${row ? ': its values changed' : ': not deployed by this tool before, its values are set'}`,
				run: async () => {
					await api.updateCredential(target.id, {
						name: spec.name,
						type: spec.type,
						data: data[index],
					});
					await record('credential', spec.name, target.id, fingerprint(spec.type, data[index]));
				},
			});
	});
	if (problems.length)
		throw new DeployError(
			`Nothing was applied:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
		);

	// ---- the client's tag ----
	let tagId = (await api.tags()).find((tag) => tag.name === file.n8n.tag)?.id;
	if (!tagId)
		steps.push({
			what: `create tag "${file.n8n.tag}"`,
			run: async () => {
				tagId = (await api.createTag(file.n8n.tag)).id;
			},
		});

	// ---- workflows: the error workflow first, then the integrations' ----
	// Archived workflows (deleted in the editor) are not the client's any more: a new one is made.
	const live = (await api.workflows(projects && projectId ? { projectId } : {})).filter(
		(workflow) => !workflow.isArchived,
	);
	const savedOf = async (key: string, name: string): Promise<ApiWorkflow | undefined> => {
		const row = rows.find((candidate) => candidate.kind === 'workflow' && candidate.key === key);
		const byRef =
			row && (live.find((workflow) => workflow.id === row.ref) ?? (await api.workflow(row.ref)));
		// By name as well: a run that stopped between creating a workflow and recording it.
		return (
			(byRef && !byRef.isArchived ? byRef : undefined) ??
			live.find((workflow) => workflow.name === name)
		);
	};
	// A tag names one client: workflows of it that the state table gives to another client are not ours.
	for (const workflow of live.filter((candidate) =>
		candidate.tags?.some((tag) => tag.name === file.n8n.tag),
	)) {
		const other = allRows.find(
			(row) => row.kind === 'workflow' && row.ref === workflow.id && row.client !== client,
		);
		if (other)
			problems.push(
				`n8n.tag: "${file.n8n.tag}" marks ${other.client}'s workflow "${workflow.name}": give ${client} a tag of its own`,
			);
	}
	const workflowIds = new Map<string, string>();
	// Alert URLs (a chat webhook's URL is its secret) are named, not printed: the file's and those saved.
	const alertUrls = [
		file.config.alertUrl,
		...live.flatMap((workflow) =>
			workflow.nodes
				.filter((node) => /^Send (Alert|Report)$/.test(node.name))
				.map((node) => node.parameters.url),
		),
	].filter((url): url is string => typeof url === 'string' && /^https?:/.test(url));
	const show = shower(alertUrls);
	const bindNode = (node: ApiNode): ApiNode => {
		const bound = node.credentials
			? {
					...node,
					credentials: Object.fromEntries(
						Object.entries(node.credentials).map(([type, reference]) => [
							type,
							{ id: credentialIds.get(reference.name) ?? '(new)', name: reference.name },
						]),
					),
				}
			: node;
		// Record Sync Health calls the exceptions workflow by id: this client's copy of it.
		const called = node.parameters.workflowId as { value?: unknown } | undefined;
		if (node.type !== 'n8n-nodes-base.executeWorkflow' || called?.value !== EXCEPTIONS_WORKFLOW_ID)
			return bound;
		return {
			...bound,
			parameters: {
				...node.parameters,
				workflowId: { ...called, value: workflowIds.get(ERROR_WORKFLOW_FILE) ?? '(new)' },
			},
		};
	};
	const bodyOf = (key: string, template: Template): WorkflowBody => ({
		name: template.name,
		nodes: (template.nodes as ApiNode[]).map(bindNode),
		connections: template.connections as Record<string, unknown>,
		settings: {
			...(template.settings as Record<string, unknown>),
			...(key === ERROR_WORKFLOW_FILE
				? {}
				: { errorWorkflow: workflowIds.get(ERROR_WORKFLOW_FILE) ?? '(new)' }),
		},
	});
	const savedWorkflows = new Map<string, ApiWorkflow | undefined>();
	const willBeActive = new Map<string, boolean>();
	for (const { key, template } of templates) {
		const saved = await savedOf(key, template.name);
		if (saved && projects && !saved.shared?.some((share) => share.projectId === projectId))
			problems.push(
				`workflow "${saved.name}" (id ${saved.id}) is not in project "${file.n8n.project}": move it there in n8n, or delete it, and deploy again`,
			);
		savedWorkflows.set(key, saved);
		if (saved) workflowIds.set(key, saved.id);
		willBeActive.set(key, activate || saved?.active === true);
	}
	// The error workflow only fires when active, and n8n runs the published version of a
	// sub-workflow for scheduled and webhook runs (every Record Sync Health node calls it): always
	// active, so a workflow activated here or later in the editor reports to it. It only listens.
	willBeActive.set(ERROR_WORKFLOW_FILE, true);
	for (const { key, template } of templates) {
		const saved = savedWorkflows.get(key);
		const label = `workflow "${template.name}"`;
		if (!saved)
			steps.push({
				what: `create ${label}`,
				run: async () => {
					const created = await api.createWorkflow({ ...bodyOf(key, template), projectId });
					workflowIds.set(key, created.id);
					// Recorded first: a run stopping here finds it by id next time.
					await record('workflow', key, created.id);
					await api.setWorkflowTags(created.id, [tagId!]);
				},
			});
		else {
			const changes = changesOf(saved, bodyOf(key, template), show);
			if (changes.length)
				steps.push({
					what: `update ${label} in place (id ${saved.id}; n8n keeps the old version in its history)`,
					details: changes,
					run: async () => {
						await api.updateWorkflow(saved.id, bodyOf(key, template));
					},
				});
			if (!saved.tags?.some((tag) => tag.id === tagId))
				steps.push({
					what: `tag ${label} "${file.n8n.tag}"`,
					run: async () => {
						await api.setWorkflowTags(saved.id, [
							...new Set([...(saved.tags ?? []).map((tag) => tag.id), tagId!]),
						]);
					},
				});
			if (!rows.some((row) => row.kind === 'workflow' && row.key === key && row.ref === saved.id))
				steps.push({
					what: `record ${label} (id ${saved.id}) in ${STATE_TABLE}`,
					run: async () => {
						await record('workflow', key, saved.id);
					},
				});
		}
		// An update of an active workflow is published by n8n itself; one whose publishing failed (n8n
		// saved it as a draft) leaves the version running older than the one saved: published here.
		const stale = saved?.activeVersionId != null && saved.activeVersionId !== saved.versionId;
		if (willBeActive.get(key) && (!saved?.active || stale))
			steps.push({
				what: `activate ${label}`,
				run: async () => {
					await api.activate(workflowIds.get(key)!);
				},
			});
	}

	if (problems.length)
		throw new DeployError(
			`Nothing was applied:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
		);

	// ---- workflows and credentials no longer in the file ----
	const wanted = new Set(templates.map(({ key }) => key));
	for (const row of rows.filter(
		(candidate) => candidate.kind === 'workflow' && !wanted.has(candidate.key),
	)) {
		const saved = await api.workflow(row.ref);
		if (saved?.active)
			steps.push({
				what: `deactivate workflow "${saved.name}": ${row.key} is no longer in the client file`,
				run: async () => {
					await api.deactivate(saved.id);
				},
			});
		if (prune)
			steps.push({
				what: `delete ${saved ? `workflow "${saved.name}"` : `the record of ${row.key}`} (--prune)`,
				run: async () => {
					if (saved) await api.deleteWorkflow(saved.id);
					await api.deleteRows(tableId!, { client, kind: 'workflow', key: row.key });
				},
			});
		else if (saved) notes.push(`kept workflow "${saved.name}" (inactive): --prune deletes it`);
	}
	const named = new Set(file.credentials.map((credential) => credential.name));
	for (const row of rows.filter(
		(candidate) => candidate.kind === 'credential' && !named.has(candidate.key),
	)) {
		if (prune)
			steps.push({
				what: `delete credential "${row.key}" (--prune; no longer in the client file)`,
				run: async () => {
					await api.deleteCredential(row.ref).catch((error: unknown) => {
						if (!(error instanceof N8nApiError && error.status === 404)) throw error;
					});
					await api.deleteRows(tableId!, { client, kind: 'credential', key: row.key });
				},
			});
		else
			notes.push(`kept credential "${row.key}": no longer in the client file, --prune deletes it`);
	}

	// ---- report, or apply ----
	const isolation = projects ? 'project' : 'credential ids';
	const base = file.n8n.url.replace(/\/+$/, '');
	const webhookUrls = Object.fromEntries(
		templates.flatMap(({ template }) =>
			(template.nodes as ApiNode[])
				.filter((node) => node.type === 'n8n-nodes-base.webhook')
				.map((node) => [
					`${template.name}: ${node.name}`,
					`${base}/webhook/${String(node.parameters.path)}`,
				]),
		),
	);
	const result = (): DeployResult => ({
		changes: steps.map((step) => step.what),
		isolation,
		workflowIds: Object.fromEntries(workflowIds),
		webhookUrls,
	});
	say(
		`${client} on ${base}: ${file.integrations.join(', ')}; ${templates.length} workflows; isolation: ${
			isolation === 'project'
				? `project "${file.n8n.project}"`
				: "the API key owner's personal project (no projects on this licence): credentials bound by id"
		}`,
	);
	if (!steps.length) {
		say(
			`No changes: ${file.credentials.length} credential(s) and ${templates.length} workflow(s) are as the client file says.`,
		);
		for (const note of notes) say(`  note: ${note}`);
		return result();
	}
	if (dryRun) {
		say(`Dry run: ${steps.length} change(s) would be made:`);
		for (const step of steps) {
			say(`  - ${step.what}`);
			for (const detail of step.details ?? []) say(`      ${detail}`);
		}
		for (const note of notes) say(`  note: ${note}`);
		return result();
	}
	const applied: string[] = [];
	for (const [index, step] of steps.entries()) {
		try {
			await step.run();
			applied.push(step.what);
			say(`  ✓ ${step.what}`);
		} catch (error) {
			const reason =
				error instanceof N8nApiError ? explainApiError(error) : (error as Error).message;
			const left = steps.slice(index).map((pending) => `  - ${pending.what}`);
			throw new DeployError(
				`Stopped: ${step.what} failed: ${reason}\nApplied (${applied.length}):\n${applied.map((line) => `  - ${line}`).join('\n') || '  (nothing)'}\nNot applied (${left.length}); run the deploy again to complete it:\n${left.join('\n')}`,
			);
		}
	}
	for (const note of notes) say(`  note: ${note}`);
	for (const [what, url] of Object.entries(webhookUrls)) say(`  webhook: ${what} → ${url}`);
	return result();
}
