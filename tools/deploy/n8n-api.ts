/**
 * The slice of n8n's public REST API (`/api/v1`, key in `X-N8N-API-KEY`) the deploy tool uses, as
 * n8n 2.41.1 serves it: credentials (written, never read back), workflows, tags, projects (licensed)
 * and data tables. Errors carry the method, path, status and n8n's message, never the key.
 */

export interface ApiCredential {
	id: string;
	name: string;
	type: string;
	/** The projects holding it (its owner's first). */
	shared?: Array<{ id: string; name: string; role: string }>;
}

export interface ApiNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
	[field: string]: unknown;
}

/** A workflow as the API takes it (the fields it accepts on create and update). */
export interface WorkflowBody {
	name: string;
	nodes: ApiNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface ApiWorkflow extends WorkflowBody {
	id: string;
	active: boolean;
	isArchived?: boolean;
	/** The version saved last, and the one n8n runs (published); they differ while a draft waits. */
	versionId?: string;
	activeVersionId?: string | null;
	tags?: Array<{ id: string; name: string }>;
	shared?: Array<{ projectId: string }>;
}

export interface ApiProject {
	id: string;
	name: string;
	type: string;
}

/** The scopes a deploy's API key needs (n8n asks for scopes when a key is created). */
export const DEPLOY_SCOPES = [
	'project:list',
	'project:create',
	'credential:create',
	'credential:update',
	'credential:delete',
	'credential:list',
	'tag:create',
	'tag:read',
	'tag:list',
	'workflowTags:update',
	'workflowTags:list',
	'workflow:create',
	'workflow:read',
	'workflow:update',
	'workflow:delete',
	'workflow:list',
	'workflow:activate',
	'workflow:deactivate',
	'dataTable:create',
	'dataTable:read',
	'dataTable:list',
	'dataTableRow:create',
	'dataTableRow:read',
	'dataTableRow:update',
	'dataTableRow:delete',
	'dataTableRow:upsert',
];

/** The condition of a Data Table row filter: every column equal to its value. */
function equalTo(columns: Record<string, string>) {
	return {
		type: 'and',
		filters: Object.entries(columns).map(([columnName, value]) => ({
			columnName,
			condition: 'eq',
			value,
		})),
	};
}

export class N8nApiError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly detail: string,
	) {
		super(`n8n API ${method} ${path}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
	}
}

/** Where a refusal comes from, in words an agency can act on. */
export function explainApiError(error: N8nApiError): string {
	if (error.status === 401)
		return `${error.message}: the API key was refused. Create one in n8n (Settings → n8n API) and put it where n8n.apiKey says.`;
	if (error.status === 403)
		return `${error.message}: the API key may not do this. Give it every scope (or use an owner's key).`;
	return error.message;
}

export class N8nPublicApi {
	private readonly base: string;

	constructor(
		url: string,
		private readonly apiKey: string,
	) {
		this.base = `${url.replace(/\/+$/, '')}/api/v1`;
	}

	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		let response: Response;
		try {
			response = await fetch(`${this.base}${path}`, {
				method,
				headers: {
					'X-N8N-API-KEY': this.apiKey,
					Accept: 'application/json',
					...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		} catch (error) {
			throw new N8nApiError(
				method,
				path,
				0,
				`n8n could not be reached: ${(error as Error).message}`,
			);
		}
		const text = await response.text();
		if (!response.ok) {
			let detail = text.slice(0, 300);
			try {
				detail = String((JSON.parse(text) as { message?: unknown }).message ?? detail);
			} catch {
				// not JSON: the text as it came (a proxy's page, cut short)
			}
			throw new N8nApiError(method, path, response.status, detail);
		}
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** Every page of a listing (`data` and `nextCursor`). */
	async all<T>(path: string): Promise<T[]> {
		const items: T[] = [];
		let cursor: string | null | undefined;
		do {
			const separator = path.includes('?') ? '&' : '?';
			const page = await this.request<{ data: T[]; nextCursor?: string | null }>(
				'GET',
				`${path}${separator}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			items.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return items;
	}

	/**
	 * The instance's projects, or undefined when its licence has no projects (community edition:
	 * n8n answers 403 naming the licence). A 403 for a missing scope is an error, not "no projects".
	 */
	async projects(): Promise<ApiProject[] | undefined> {
		try {
			return await this.all<ApiProject>('/projects');
		} catch (error) {
			if (
				error instanceof N8nApiError &&
				error.status === 403 &&
				/licen[cs]e|plan/i.test(error.detail)
			)
				return undefined;
			throw error;
		}
	}

	createProject(name: string): Promise<ApiProject> {
		return this.request('POST', '/projects', { name });
	}

	credentials(): Promise<ApiCredential[]> {
		return this.all('/credentials');
	}

	createCredential(credential: {
		name: string;
		type: string;
		data: Record<string, unknown>;
		projectId?: string;
	}): Promise<ApiCredential> {
		return this.request('POST', '/credentials', credential);
	}

	/** Replaces the credential's data (and name) in place: same id, so workflows keep using it. */
	updateCredential(
		id: string,
		credential: { name: string; type: string; data: Record<string, unknown> },
	): Promise<ApiCredential> {
		return this.request('PATCH', `/credentials/${id}`, { ...credential, isPartialData: false });
	}

	deleteCredential(id: string): Promise<unknown> {
		return this.request('DELETE', `/credentials/${id}`);
	}

	workflows(query: { tags?: string; projectId?: string } = {}): Promise<ApiWorkflow[]> {
		const search = new URLSearchParams(
			Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
		).toString();
		return this.all(`/workflows${search ? `?${search}` : ''}`);
	}

	async workflow(id: string): Promise<ApiWorkflow | undefined> {
		try {
			return await this.request<ApiWorkflow>('GET', `/workflows/${id}`);
		} catch (error) {
			if (error instanceof N8nApiError && error.status === 404) return undefined;
			throw error;
		}
	}

	createWorkflow(body: WorkflowBody & { projectId?: string }): Promise<ApiWorkflow> {
		return this.request('POST', '/workflows', body);
	}

	/** Saves a new version of the workflow (same id; n8n keeps the old one in its history). */
	updateWorkflow(id: string, body: WorkflowBody): Promise<ApiWorkflow> {
		return this.request('PUT', `/workflows/${id}`, body);
	}

	deleteWorkflow(id: string): Promise<unknown> {
		return this.request('DELETE', `/workflows/${id}`);
	}

	activate(id: string): Promise<ApiWorkflow> {
		return this.request('POST', `/workflows/${id}/activate`, {});
	}

	deactivate(id: string): Promise<ApiWorkflow> {
		return this.request('POST', `/workflows/${id}/deactivate`, {});
	}

	tags(): Promise<Array<{ id: string; name: string }>> {
		return this.all('/tags');
	}

	createTag(name: string): Promise<{ id: string; name: string }> {
		return this.request('POST', '/tags', { name });
	}

	setWorkflowTags(id: string, tagIds: string[]): Promise<unknown> {
		return this.request(
			'PUT',
			`/workflows/${id}/tags`,
			tagIds.map((tagId) => ({ id: tagId })),
		);
	}

	dataTables(name: string): Promise<Array<{ id: string; name: string; projectId?: string }>> {
		return this.all(`/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
	}

	createDataTable(body: {
		name: string;
		columns: Array<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>;
		projectId?: string;
	}): Promise<{ id: string; name: string }> {
		return this.request('POST', '/data-tables', body);
	}

	/** Rows whose columns equal `filter` (every row for an empty filter). */
	rows<Row>(tableId: string, filter: Record<string, string>): Promise<Row[]> {
		const query = Object.keys(filter).length
			? `?filter=${encodeURIComponent(JSON.stringify(equalTo(filter)))}`
			: '';
		return this.all(`/data-tables/${tableId}/rows${query}`);
	}

	upsertRow(
		tableId: string,
		key: Record<string, string>,
		data: Record<string, string>,
	): Promise<unknown> {
		return this.request('POST', `/data-tables/${tableId}/rows/upsert`, {
			filter: equalTo(key),
			data: { ...key, ...data },
		});
	}

	deleteRows(tableId: string, key: Record<string, string>): Promise<unknown> {
		return this.request(
			'DELETE',
			`/data-tables/${tableId}/rows/delete?filter=${encodeURIComponent(JSON.stringify(equalTo(key)))}`,
		);
	}
}
