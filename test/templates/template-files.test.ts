import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialTypeByName, nodeTypeByName, ourNodeTypeNames } from '../harness/node-types';
import { WORKFLOWS_DIR, templateFiles } from '../harness/templates';

interface TemplateNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, Record<string, unknown>>;
}

const templates = templateFiles().map((file) => ({
	file,
	text: readFileSync(join(WORKFLOWS_DIR, file), 'utf8'),
	json: JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as {
		name: string;
		nodes: TemplateNode[];
		connections: Record<string, unknown>;
		settings: Record<string, unknown>;
	},
}));

/** Values that look like credentials: long random-looking tokens, bearer/basic headers, keys. */
const SECRET_PATTERNS = [
	/Bearer\s+[A-Za-z0-9._-]{8,}/,
	/Basic\s+[A-Za-z0-9+/=]{8,}/,
	/\b(?:sk|pk|cs|rk|xox[bap])_[A-Za-z0-9_]{8,}/,
	/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
	/"(?:password|secret|apiKey|token|applicationSecret)"\s*:\s*"[^"=]/i,
];

describe('shipped template files', () => {
	it('are the six flows of the Cloudshelf ⇄ Linnworks integration, the four of Cloudshelf ⇄ Centra, the six of Cloudshelf ⇄ commercetools, the five of Cloudshelf ⇄ Stokly and the five of Shopify ⇄ Linnworks, with the exceptions workflow and the daily sync report every client gets', () => {
		expect(templateFiles()).toEqual([
			'catalogue-commercetools-to-cloudshelf.json',
			'catalogue-stokly-to-cloudshelf.json',
			'daily-sync-report.json',
			'exceptions-error-workflow.json',
			'fulfilment-writeback-centra-to-cloudshelf.json',
			'fulfilment-writeback-commercetools-to-cloudshelf.json',
			'fulfilment-writeback-linnworks-to-cloudshelf.json',
			'fulfilment-writeback-linnworks-to-shopify.json',
			'fulfilment-writeback-stokly-to-cloudshelf.json',
			'live-stock-check-cloudshelf-linnworks.json',
			'order-cancellation-shopify-to-linnworks.json',
			'order-injection-cloudshelf-to-centra.json',
			'order-injection-cloudshelf-to-commercetools.json',
			'order-injection-cloudshelf-to-linnworks.json',
			'order-injection-cloudshelf-to-stokly.json',
			'order-injection-shopify-to-linnworks.json',
			'reconciliation-cloudshelf-centra.json',
			'reconciliation-cloudshelf-commercetools.json',
			'reconciliation-cloudshelf-linnworks.json',
			'reconciliation-shopify-linnworks.json',
			'stock-push-commercetools-to-cloudshelf.json',
			'stock-push-linnworks-to-cloudshelf.json',
			'stock-push-linnworks-to-shopify.json',
			'stock-push-stokly-to-cloudshelf.json',
			'stock-sales-cloudshelf-to-centra.json',
			'stock-sales-cloudshelf-to-commercetools.json',
			'takings-reconciliation-cloudshelf-stokly.json',
		]);
	});

	it('name the commercetools credential, and only it, on every commercetools node', () => {
		const nodes = templates.flatMap(({ file, json }) =>
			json.nodes
				.filter((node) => node.type.startsWith('n8n-nodes-retail-sync.commercetools'))
				.map((node) => ({ file, node: node.name, credentials: node.credentials })),
		);
		expect(nodes.length).toBeGreaterThan(0);
		for (const entry of nodes)
			expect(entry).toEqual({
				...entry,
				credentials: { commercetoolsApi: { name: 'commercetools account' } },
			});
	});

	it('name the Stokly credential, and only it, on every Stokly node', () => {
		const nodes = templates.flatMap(({ file, json }) =>
			json.nodes
				.filter((node) => node.type.startsWith('n8n-nodes-retail-sync.stokly'))
				.map((node) => ({ file, node: node.name, credentials: node.credentials })),
		);
		expect(nodes.length).toBeGreaterThan(0);
		for (const entry of nodes)
			expect(entry).toEqual({ ...entry, credentials: { stoklyApi: { name: 'Stokly sandbox' } } });
	});

	it('name the Shopify credential, and only it, on every Shopify node and every HTTP Request to Shopify', () => {
		const nodes = templates.flatMap(({ file, json }) =>
			json.nodes
				.filter(
					(node) =>
						/^n8n-nodes-base\.shopify/.test(node.type) ||
						(node.type === 'n8n-nodes-base.httpRequest' &&
							/myshopify\.com/.test(String(node.parameters.url))),
				)
				.map((node) => ({ file, node: node.name, credentials: node.credentials })),
		);
		expect(nodes.length).toBeGreaterThan(0);
		for (const entry of nodes)
			expect(entry).toEqual({
				...entry,
				credentials: { shopifyAccessTokenApi: { name: 'Shopify account' } },
			});
	});

	it('name the Centra credentials of their Centra nodes: the Order API one only where orders are created', () => {
		for (const { file, json } of templates.filter((template) => /centra/.test(template.file))) {
			for (const node of json.nodes.filter((candidate) =>
				candidate.type.startsWith('n8n-nodes-retail-sync.centra'),
			)) {
				const creates =
					node.parameters.resource === 'order' && node.parameters.operation === 'create';
				expect({ file, node: node.name, credentials: node.credentials }).toEqual({
					file,
					node: node.name,
					credentials: {
						centraIntegrationApi: { name: 'Centra account' },
						...(creates ? { centraOrderApi: { name: 'Centra Order API account' } } : {}),
					},
				});
			}
		}
	});

	describe.each(templates)('$file', ({ text, json }) => {
		it('uses only known node types, never CUSTOM.*, at versions those nodes have', () => {
			for (const node of json.nodes) {
				expect(node.type).not.toMatch(/^CUSTOM\./);
				const type = nodeTypeByName(node.type);
				expect({ node: node.name, known: Boolean(type) }).toEqual({ node: node.name, known: true });
				const versions =
					'nodeVersions' in type!
						? Object.keys(type.nodeVersions).map(Number)
						: [type!.description.version].flat();
				expect(versions).toContain(node.typeVersion);
			}
		});

		it('references credentials by name only, with a known type and no id', () => {
			for (const node of json.nodes) {
				for (const [type, reference] of Object.entries(node.credentials ?? {})) {
					expect({ type, known: Boolean(credentialTypeByName(type)) }).toEqual({
						type,
						known: true,
					});
					expect(Object.keys(reference)).toEqual(['name']);
				}
			}
		});

		it('contains nothing that looks like a secret in any parameter or credential reference', () => {
			// Node, webhook and assignment ids are UUIDs by design; Linnworks secrets are GUIDs too,
			// so only the values a user sets are scanned.
			const withoutIds = (value: unknown): unknown =>
				Array.isArray(value)
					? value.map(withoutIds)
					: value && typeof value === 'object'
						? Object.fromEntries(
								Object.entries(value)
									.filter(([key]) => key !== 'id')
									.map(([key, entry]) => [key, withoutIds(entry)]),
							)
						: value;
			const settable = JSON.stringify(
				json.nodes.map((node) =>
					withoutIds({ parameters: node.parameters, credentials: node.credentials }),
				),
			);
			for (const pattern of SECRET_PATTERNS) expect(settable).not.toMatch(pattern);
			expect(text).not.toMatch(/"(?:password|secret|apiKey|applicationSecret|stockCheckToken)"/i);
		});

		it('is inactive, uses the v1 execution order, has no error workflow id and explains itself in a sticky note', () => {
			expect(json.settings.executionOrder).toBe('v1');
			expect(json.settings.errorWorkflow).toBeUndefined();
			expect((json as { active?: boolean }).active).toBe(false);
			expect(
				json.nodes.some(
					(node) =>
						node.type === 'n8n-nodes-base.stickyNote' &&
						String(node.parameters.content).length > 100,
				),
			).toBe(true);
		});

		it('has no Code nodes: mappings are node parameters', () => {
			expect(json.nodes.filter((node) => /\.code$|\.function(Item)?$/.test(node.type))).toEqual([]);
		});

		it('connects only nodes that exist', () => {
			const names = new Set(json.nodes.map((node) => node.name));
			for (const [source, outputs] of Object.entries(json.connections)) {
				expect(names.has(source)).toBe(true);
				for (const link of Object.values(
					outputs as Record<string, Array<Array<{ node: string }>>>,
				).flat(2))
					expect(names.has(link.node)).toBe(true);
			}
		});
	});

	it('between them use every node type of the package that a flow needs', () => {
		const used = new Set(templates.flatMap(({ json }) => json.nodes.map((node) => node.type)));
		// Centra Events Trigger is the alternative to the webhook for instances without the plugin.
		expect(ourNodeTypeNames().filter((type) => !used.has(type))).toEqual([
			'n8n-nodes-retail-sync.centraEventsTrigger',
		]);
	});
});
