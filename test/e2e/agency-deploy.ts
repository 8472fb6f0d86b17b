/**
 * `npm run deploy` against the real n8n of the e2e suite (called from real-n8n.test.ts, which
 * shares its instance): two clients' files (Cloudshelf ⇄ Linnworks and Cloudshelf ⇄ Centra, each
 * with a Cloudshelf of its own) deployed side by side through the public API, each one's order
 * injection run against the sandboxes, then a re-deploy, one mapping change, a dry run, an
 * integration taken out of a file (and pruned) and a bad client file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

import { ROOT } from '../../scripts/n8n/install';
import { executionError, type N8nInstance } from '../../scripts/n8n/instance';
import { STOCK_CHECK_TOKEN, withLocalFields } from '../../scripts/n8n/provision';
import { sandboxAddresses, startSandbox } from '../../sandbox/index';
import { sandboxCredentials } from '../../sandbox/registry';
import type { CloudshelfSandbox } from '../../sandbox/cloudshelf/server';
import { withCredentialNames } from '../../tools/agency/client-config';
import {
	sandboxCentraClient,
	sandboxClient,
	sandboxStoklyClient,
} from '../../tools/agency/sandbox-client';
import { parseDeployFile, type SecretSources } from '../../tools/deploy/client-file';
import { CREDENTIAL_FIELDS } from '../../tools/deploy/credential-types';
import { deploy, STATE_TABLE, type DeployResult } from '../../tools/deploy/deploy';
import { templatesFor, type IntegrationKey } from '../../tools/deploy/integrations';
import {
	DEPLOY_SCOPES,
	N8nApiError,
	N8nPublicApi,
	type ApiWorkflow,
} from '../../tools/deploy/n8n-api';
import { paidKioskOrder, seedCloudshelfRetail, type RetailFixture } from '../harness/templates';

const WORK = join(ROOT, '.artifacts', 'e2e', 'deploy');

interface Client {
	name: string;
	tag: string;
	integrations: IntegrationKey[];
	/** The sandbox client file of the pair (sections, locations, SKUs; credential names set below). */
	config: Record<string, unknown>;
	/** Sandbox address per platform key, for the client's credentials. */
	addresses: Record<string, string>;
}

export function describeAgencyDeploy(
	context: () => { n8n: N8nInstance; fixture: RetailFixture },
): void {
	describe('agency deploy: npm run deploy into the real n8n, through its public API', () => {
		let api: N8nPublicApi;
		let apiKey: string;
		let cloudshelfA: CloudshelfSandbox;
		let cloudshelfB: CloudshelfSandbox;
		const secrets: Record<string, Record<string, string>> = {};
		const secretsFile = join(WORK, 'secrets.yaml');
		const sources = (): SecretSources => ({
			env: { DEPLOY_TEST_N8N_API_KEY: apiKey },
			file: { path: secretsFile, content: secrets },
		});
		const logs: string[] = [];
		const say = (line: string) => logs.push(line);
		/** Every secret value the client files read (the API key among them): none may be printed. */
		const secretValues = () => [apiKey, ...Object.values(secrets).flatMap(Object.values)];
		const expectNoSecretIn = (text: string) => {
			for (const secret of secretValues()) expect(text).not.toContain(secret);
		};

		/** A deploy client file for a client: its credentials' secrets go to the secrets file. */
		const clientFile = (
			client: Client,
			change: (file: Record<string, unknown>) => void = () => {},
		) => {
			const credentials: Array<Record<string, unknown>> = [];
			const names: Record<string, string> = {};
			for (const [platform, baseUrl] of Object.entries(client.addresses)) {
				for (const { type, data } of sandboxCredentials({ [platform]: baseUrl })) {
					const name = `${client.name} ${type}`;
					const slot = `${client.tag}-${type}`;
					secrets[slot] = {};
					const values: Record<string, unknown> = {};
					for (const [field, value] of Object.entries(withLocalFields(type, data))) {
						const secret = CREDENTIAL_FIELDS[type].find(
							(candidate) => candidate.name === field,
						)?.secret;
						if (secret) {
							secrets[slot][field] = String(value);
							values[field] = { secret: `${slot}.${field}` };
						} else values[field] = value;
					}
					credentials.push({ name, type, values });
					names[type] = name;
				}
			}
			// Each platform section's credential fields name them (as npm start's sandbox clients do).
			const named = withCredentialNames({ ...client.config, client: client.name }, names);
			const file: Record<string, unknown> = {
				...named,
				n8n: {
					url: context().n8n.baseUrl,
					apiKey: { env: 'DEPLOY_TEST_N8N_API_KEY' },
					tag: client.tag,
				},
				integrations: client.integrations,
				secretsFile: 'secrets.yaml',
				credentials,
			};
			change(file);
			return file;
		};
		/** Writes the client file next to the secrets file (which it names), for npm run deploy. */
		const writeClientFile = (client: Client, file = clientFile(client)) => {
			const path = join(WORK, `${client.tag}.yaml`);
			writeFileSync(path, stringify(file));
			writeFileSync(secretsFile, stringify(secrets));
			return path;
		};
		const deployCli = (path: string, ...options: string[]) =>
			spawnSync(
				join(ROOT, 'node_modules/.bin/ts-node'),
				['--transpile-only', '-P', 'tsconfig.test.json', 'tools/deploy/cli.ts', path, ...options],
				{ cwd: ROOT, encoding: 'utf8', env: { ...process.env, DEPLOY_TEST_N8N_API_KEY: apiKey } },
			);
		const run = async (
			client: Client,
			options: { activate?: boolean; dryRun?: boolean; prune?: boolean } = {},
			change?: (file: Record<string, unknown>) => void,
		): Promise<DeployResult> => {
			logs.length = 0;
			const result = await deploy(
				parseDeployFile(clientFile(client, change), join(WORK, `${client.tag}.yaml`)),
				api,
				sources(),
				{ ...options, say },
			);
			expectNoSecretIn(logs.join('\n'));
			return result;
		};
		const clientWorkflows = async (tag: string): Promise<ApiWorkflow[]> =>
			await api.workflows({ tags: tag });

		let clientA: Client;
		let clientB: Client;
		beforeAll(async () => {
			const { n8n, fixture } = context();
			mkdirSync(WORK, { recursive: true });
			apiKey = await n8n.createApiKey('agency deploy', DEPLOY_SCOPES);
			api = new N8nPublicApi(n8n.baseUrl, apiKey);
			cloudshelfA = await startSandbox('cloudshelf');
			cloudshelfB = await startSandbox('cloudshelf');
			seedCloudshelfRetail({ cloudshelf: cloudshelfA });
			seedCloudshelfRetail({ cloudshelf: cloudshelfB });
			const addresses = sandboxAddresses(fixture.sandboxes);
			clientA = {
				name: 'Deploy Client A',
				tag: 'deploy-client-a',
				integrations: ['cloudshelf-linnworks'],
				config: sandboxClient(addresses) as unknown as Record<string, unknown>,
				addresses: { linnworks: addresses.linnworks, cloudshelf: cloudshelfA.baseUrl },
			};
			clientB = {
				name: 'Deploy Client B',
				tag: 'deploy-client-b',
				integrations: ['cloudshelf-centra'],
				config: sandboxCentraClient(addresses) as unknown as Record<string, unknown>,
				addresses: { centra: addresses.centra, cloudshelf: cloudshelfB.baseUrl },
			};
		});
		afterAll(async () => {
			// Nothing of the deployed clients keeps running against the sandboxes of later tests.
			for (const tag of ['deploy-client-a', 'deploy-client-b', 'deploy-client-c'])
				for (const workflow of await clientWorkflows(tag).catch(() => []))
					if (workflow.active) await api.deactivate(workflow.id);
			await cloudshelfA?.close();
			await cloudshelfB?.close();
		});

		it('deploys two clients side by side: credentials, the exceptions workflow first as every workflow’s error workflow, tags, activation, each bound by id to its own credentials', async () => {
			for (const client of [clientA, clientB]) {
				const result = await run(client, { activate: true });
				const expected = templatesFor(client.integrations);
				expect(result.changes[0]).toMatch(/create the Data Table|create credential/);
				// The exception queue and run log its workflows report to exist (made by the first deploy
				// or by npm start's provisioning of this instance).
				for (const table of ['retail_sync_exceptions', 'retail_sync_runs'])
					expect((await api.dataTables(table)).map(({ name }) => name)).toContain(table);
				const workflows = await clientWorkflows(client.tag);
				expect(workflows.map((workflow) => workflow.name).sort()).toEqual(
					expected.map(({ template }) => `${template.name} (${client.name})`).sort(),
				);
				const errorWorkflow = workflows.find((workflow) => workflow.name.startsWith('Exceptions'))!;
				expect(result.changes.findIndex((change) => change.includes('Exceptions'))).toBeLessThan(
					result.changes.findIndex((change) => change.includes('Order injection')),
				);
				// The client's own credentials, by id, on every node that uses one.
				const own = new Set(
					(await api.credentials())
						.filter((credential) => credential.name.startsWith(client.name))
						.map((credential) => credential.id),
				);
				expect(own.size).toBe(Object.keys(client.addresses).length + (client === clientB ? 1 : 0));
				for (const workflow of workflows) {
					expect(workflow.active).toBe(true);
					if (workflow.id !== errorWorkflow.id)
						expect(workflow.settings.errorWorkflow).toBe(errorWorkflow.id);
					// Sync health goes to this client's exceptions workflow, by its id on this n8n.
					for (const node of workflow.nodes.filter(
						(candidate) => candidate.name === 'Record Sync Health',
					))
						expect(node.parameters.workflowId).toMatchObject({
							mode: 'id',
							value: errorWorkflow.id,
						});
					for (const node of workflow.nodes)
						for (const reference of Object.values(node.credentials ?? {}))
							expect(own).toContain(reference.id);
				}
			}
		});

		it('each client’s order injection runs against its own sandboxes, not the other client’s', async () => {
			const { n8n, fixture } = context();
			for (const [client, cloudshelf, other] of [
				[clientA, cloudshelfA, cloudshelfB],
				[clientB, cloudshelfB, cloudshelfA],
			] as const) {
				const order = cloudshelf.state.seedOrder(paidKioskOrder(1));
				const otherCalls = other.calls.length;
				const injection = (await clientWorkflows(client.tag)).find((workflow) =>
					workflow.name.startsWith('Order injection'),
				)!;
				const execution = await n8n.runFrom(injection.id, 'Every 5 Minutes');
				expect({ status: execution.status, error: executionError(execution) }).toEqual({
					status: 'success',
					error: undefined,
				});
				// The kiosk order is marked with the target's order number, in this client's Cloudshelf only.
				expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toEqual(expect.any(String));
				expect(other.calls.length).toBe(otherCalls);
			}
			// Each client's live stock check has a path of its own (two clients' copies on one n8n).
			const { webhookUrls } = await run(clientA, { activate: true });
			const [liveStockUrl] = Object.values(webhookUrls);
			expect(liveStockUrl).toBe(`${n8n.baseUrl}/webhook/deploy-client-a/cloudshelf/live-stock`);
			const answer = await fetch(
				`${liveStockUrl}?variant=${encodeURIComponent('gid://external/RetailSyncVariant/CAP-BLUE')}`,
				{ headers: { Authorization: `Bearer ${STOCK_CHECK_TOKEN}` } },
			);
			expect(answer.status).toBe(200);
			expect(
				fixture.sandboxes.linnworks.state
					.snapshot()
					.orders.some((order) => [...cloudshelfA.state.orders.keys()].includes(order.reference)),
			).toBe(true);
		});

		it('a second deploy of the same file (npm run deploy, the secrets file beside it) changes nothing, and says so', async () => {
			const before = await clientWorkflows(clientA.tag);
			const cli = deployCli(writeClientFile(clientA), '--activate');
			expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
			expect(cli.stdout).toMatch(/^No changes: 2 credential\(s\) and 7 workflow\(s\)/m);
			expectNoSecretIn(cli.stdout);
			const after = await clientWorkflows(clientA.tag);
			expect(after.map((workflow) => [workflow.id, workflow.versionId])).toEqual(
				before.map((workflow) => [workflow.id, workflow.versionId]),
			);
		});

		it('a dry run of one mapping change prints that workflow’s node change and applies nothing; the deploy then updates that one workflow in place', async () => {
			const tolerance = (file: Record<string, unknown>) => {
				(file.linnworks as Record<string, unknown>).priceTolerance = 9;
			};
			const before = await clientWorkflows(clientA.tag);
			const dry = await run(clientA, { activate: true, dryRun: true }, tolerance);
			expect(dry.changes).toEqual([
				expect.stringMatching(
					/^update workflow "Order injection: Cloudshelf → Linnworks \(Deploy Client A\)" in place/,
				),
			]);
			expect(logs.join('\n')).toMatch(
				/~ node "Create Linnworks Order": parameters\.[^\n]*priceTolerance[^\n]*: 5 → 9/,
			);
			expect((await clientWorkflows(clientA.tag)).map((workflow) => workflow.versionId)).toEqual(
				before.map((workflow) => workflow.versionId),
			);

			const applied = await run(clientA, { activate: true }, tolerance);
			expect(applied.changes).toEqual(dry.changes);
			const after = await clientWorkflows(clientA.tag);
			const changed = after.filter(
				(workflow) =>
					workflow.versionId !== before.find((old) => old.id === workflow.id)?.versionId,
			);
			expect(changed.map((workflow) => workflow.name)).toEqual([
				'Order injection: Cloudshelf → Linnworks (Deploy Client A)',
			]);
			expect(after.map((workflow) => workflow.id).sort()).toEqual(
				before.map((workflow) => workflow.id).sort(),
			);
			expect(changed[0].active).toBe(true);
			// n8n published the update itself: the version running is the new one.
			expect(changed[0].activeVersionId).toBe(changed[0].versionId);
			// n8n keeps the version before in the workflow's history.
			const history = await api.request<{ data: unknown[] } | unknown[]>(
				'GET',
				`/workflows/${changed[0].id}/history`,
			);
			expect((Array.isArray(history) ? history : history.data).length).toBeGreaterThanOrEqual(2);
			expect((await run(clientA, { activate: true }, tolerance)).changes).toEqual([]);

			// A new alert URL changes each workflow's Send Alert (or Send Report); neither URL is printed.
			const oldUrl = String(clientFile(clientA).alertUrl);
			const newUrl = 'https://hooks.slack.com/services/T0NEW/B0NEW/changed-secret-part';
			const alerts = await run(clientA, { dryRun: true }, (file) => {
				tolerance(file);
				file.alertUrl = newUrl;
			});
			const alerting = templatesFor(clientA.integrations).filter(({ template }) =>
				template.nodes.some((node) => /^Send (Alert|Report)$/.test(node.name)),
			);
			expect(alerts.changes).toHaveLength(alerting.length);
			expect(logs.join('\n')).toContain('parameters.url: <alert URL> → <alert URL>');
			expect(logs.join('\n')).not.toContain(newUrl);
			expect(logs.join('\n')).not.toContain(oldUrl);
		});

		it('an integration taken out of the file: its workflows deactivated and kept; --prune deletes them and their credentials', async () => {
			const { fixture } = context();
			const stoklyB: Client = {
				...clientB,
				integrations: ['stokly-cloudshelf'],
				config: sandboxStoklyClient(sandboxAddresses(fixture.sandboxes)) as unknown as Record<
					string,
					unknown
				>,
				addresses: {
					stokly: sandboxAddresses(fixture.sandboxes).stokly,
					cloudshelf: cloudshelfB.baseUrl,
				},
			};
			const centraWorkflows = (await clientWorkflows(clientB.tag)).filter((workflow) =>
				/Centra/.test(workflow.name),
			);
			const moved = await run(stoklyB);
			for (const workflow of centraWorkflows)
				expect(moved.changes).toContainEqual(
					`deactivate workflow "${workflow.name}": ${templatesFor(['cloudshelf-centra']).find(({ template }) => workflow.name.startsWith(template.name))!.file} is no longer in the client file`,
				);
			expect(logs).toContainEqual(
				expect.stringMatching(/note: kept workflow .*--prune deletes it/),
			);
			for (const workflow of centraWorkflows)
				expect((await api.workflow(workflow.id))?.active).toBe(false);

			const pruned = await run(stoklyB, { prune: true });
			expect(pruned.changes.filter((change) => change.startsWith('delete workflow'))).toHaveLength(
				centraWorkflows.length,
			);
			for (const workflow of centraWorkflows)
				expect(await api.workflow(workflow.id)).toBeUndefined();
			const names = (await api.credentials()).map((credential) => credential.name);
			expect(names).not.toContain('Deploy Client B centraIntegrationApi');
			expect(names).toContain('Deploy Client B cloudshelfApi');
			expect((await run(stoklyB, { prune: true })).changes).toEqual([]);
		});

		it('a deploy that fails part-way stops, says what was and was not applied, and the next run completes it', async () => {
			const { fixture } = context();
			const clientC: Client = {
				...clientA,
				name: 'Deploy Client C',
				tag: 'deploy-client-c',
				config: sandboxClient(sandboxAddresses(fixture.sandboxes)) as unknown as Record<
					string,
					unknown
				>,
			};
			/**
			 * The real n8n, but tagging the third workflow made fails (as a timeout would): the
			 * workflow exists, untagged, when the run stops.
			 */
			class FailingThirdTag extends N8nPublicApi {
				private taggings = 0;
				override async setWorkflowTags(id: string, tagIds: string[]) {
					if (++this.taggings === 3)
						throw new N8nApiError('PUT', `/workflows/${id}/tags`, 503, 'Service Unavailable');
					return await super.setWorkflowTags(id, tagIds);
				}
			}
			const failing = new FailingThirdTag(context().n8n.baseUrl, apiKey);
			const file = parseDeployFile(clientFile(clientC), 'deploy-client-c.yaml');
			let message = '';
			await deploy(file, failing, sources(), { activate: true, say }).catch((error: Error) => {
				message = error.message;
			});
			expect(message).toMatch(
				/^Stopped: create workflow "[^"]+" failed: n8n API PUT \/workflows\/\w+\/tags: HTTP 503/,
			);
			expect(message).toMatch(
				/Applied \(\d+\):\n {2}- create credential "Deploy Client C linnworksApi"/,
			);
			expect(message).toMatch(/Not applied \(\d+\); run the deploy again to complete it:/);
			const clientCWorkflows = async () =>
				(await api.workflows()).filter((workflow) => workflow.name.endsWith('(Deploy Client C)'));
			// Two made and tagged, the third made (recorded) but not tagged.
			expect(await clientWorkflows(clientC.tag)).toHaveLength(2);
			expect(await clientCWorkflows()).toHaveLength(3);

			const completed = await run(clientC, { activate: true });
			expect(completed.changes.filter((change) => change.startsWith('create credential'))).toEqual(
				[],
			);
			// Three were made before the stop (the third untagged); the next run makes the rest.
			expect(
				completed.changes.filter((change) => change.startsWith('create workflow')),
			).toHaveLength(templatesFor(clientC.integrations).length - 3);
			expect(completed.changes.filter((change) => change.startsWith('tag workflow'))).toHaveLength(
				1,
			);
			// Nothing made twice: each template once, all tagged.
			expect(await clientCWorkflows()).toHaveLength(templatesFor(clientC.integrations).length);
			const workflows = await clientWorkflows(clientC.tag);
			expect(workflows).toHaveLength(templatesFor(clientC.integrations).length);
			expect(workflows.every((workflow) => workflow.active)).toBe(true);
			expect((await run(clientC, { activate: true })).changes).toEqual([]);
		});

		it('a bad client file (npm run deploy): every problem with its path and the fix, exit code 1, nothing applied', async () => {
			const bad = clientFile(clientA, (file) => {
				file.integrations = ['cloudshelf-linnworks', 'cloudshelf-magento'];
				const [linnworks] = file.credentials as Array<{ values: Record<string, unknown> }>;
				linnworks.values.applicationSecret = 'pasted-secret-value';
				(file.locations as Array<Record<string, unknown>>)[1].linnworks = { fulfilmentLocation: 7 };
			});
			const workflowsBefore = (await api.workflows()).length;
			const credentialsBefore = (await api.credentials()).length;
			const cli = deployCli(writeClientFile(clientA, bad));
			expect(cli.status).toBe(1);
			expect(cli.stderr).toContain('is not a valid client file (nothing was applied)');
			expect(cli.stderr).toMatch(/integrations\.1: Expected one of cloudshelf-linnworks, /);
			expect(cli.stderr).toMatch(/locations\.1\.linnworks\.fulfilmentLocation: Expected string/);
			expect(cli.stderr).toContain(
				'credentials.0.values.applicationSecret: a secret never goes in the client file',
			);
			expect(cli.stderr).not.toContain('pasted-secret-value');
			expect((await api.workflows()).length).toBe(workflowsBefore);
			expect((await api.credentials()).length).toBe(credentialsBefore);
			expect((await api.dataTables(STATE_TABLE)).length).toBe(1);
		});
	});
}
