/**
 * The deploy client file (tools/deploy/client-file.ts) without an n8n: the examples of
 * clients/examples/ parse, every problem is reported with its path and what is expected, secrets
 * are read from the environment or the secrets file only, and the templates of each integration.
 * Deploying into a real n8n is tested in test/e2e/agency-deploy.ts.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	ClientFileError,
	credentialData,
	loadSecretSources,
	parseDeployFile,
	readStructuredFile,
} from '../../tools/deploy/client-file';
import { fingerprint } from '../../tools/deploy/deploy';
import { INTEGRATIONS, templatesFor, type IntegrationKey } from '../../tools/deploy/integrations';
import { applySchedule } from '../../tools/deploy/schedules';
import { loadTemplate } from '../harness/templates';

const EXAMPLES = join(__dirname, '../../clients/examples');
const example = (pair: string) =>
	readStructuredFile(join(EXAMPLES, `${pair}.yaml`)) as Record<string, unknown>;
/** The problems a client file is refused with (each `path: message`). */
const problemsOf = (input: unknown): string[] => {
	try {
		parseDeployFile(input, 'client.yaml');
	} catch (error) {
		if (error instanceof ClientFileError) return error.problems;
		throw error;
	}
	return [];
};

describe('deploy client file', () => {
	it('has one example per seed pair in clients/examples/, each valid and naming its pair', () => {
		const files = readdirSync(EXAMPLES).filter(
			(file) => file.endsWith('.yaml') && !file.includes('secrets'),
		);
		expect(files.map((file) => file.replace(/\.yaml$/, '')).sort()).toEqual(
			Object.keys(INTEGRATIONS).sort(),
		);
		for (const pair of Object.keys(INTEGRATIONS)) {
			const file = parseDeployFile(example(pair), join(EXAMPLES, `${pair}.yaml`));
			expect(file.integrations).toEqual([pair]);
			expect(file.secretsFile).toBe(join(EXAMPLES, 'example-outfitters.secrets.yaml'));
		}
	});

	it('picks each pair’s templates, the error workflow first and the daily sync report', () => {
		const files = (key: IntegrationKey) => templatesFor([key]).map(({ file }) => file);
		expect(files('cloudshelf-linnworks')).toEqual([
			'exceptions-error-workflow',
			'daily-sync-report',
			'fulfilment-writeback-linnworks-to-cloudshelf',
			'live-stock-check-cloudshelf-linnworks',
			'order-injection-cloudshelf-to-linnworks',
			'reconciliation-cloudshelf-linnworks',
			'stock-push-linnworks-to-cloudshelf',
		]);
		expect(files('shopify-linnworks')).toEqual([
			'exceptions-error-workflow',
			'daily-sync-report',
			'fulfilment-writeback-linnworks-to-shopify',
			'order-cancellation-shopify-to-linnworks',
			'order-injection-shopify-to-linnworks',
			'reconciliation-shopify-linnworks',
			'stock-push-linnworks-to-shopify',
		]);
		// Every shipped template belongs to some pair.
		const all = new Set(
			(Object.keys(INTEGRATIONS) as IntegrationKey[]).flatMap((key) => files(key)),
		);
		expect(all.size).toBe(readdirSync(join(__dirname, '../../workflows')).length);
	});

	it('reports every problem at once, each with its path and the fix', () => {
		const input = example('cloudshelf-linnworks');
		const credentials = input.credentials as Array<Record<string, unknown>>;
		const problems = problemsOf({
			...input,
			n8n: { url: 'not a url', apiKey: 'my-key' },
			integrations: ['cloudshelf-magento'],
			credentials: [
				{
					...credentials[0],
					values: {
						applicationId: 'x',
						applicationSecret: 'pasted-secret',
						region: 'eu',
					},
				},
				credentials[1],
			],
			locations: [{ name: 'Oxford Street', linnworks: { fulfilmentLocation: 7 } }],
		});
		expect(problems).toEqual(
			expect.arrayContaining([
				'n8n.url: Invalid url',
				expect.stringMatching(/^n8n\.apiKey: Expected a reference to a secret: write \{ env: /),
				expect.stringMatching(/^integrations\.0: Expected one of cloudshelf-linnworks, /),
				expect.stringMatching(
					/^credentials\.0\.values\.applicationSecret: a secret never goes in the client file/,
				),
				expect.stringMatching(
					/^credentials\.0\.values\.region: linnworksApi has no field region; its fields are applicationId, /,
				),
				'credentials.0.values.token: Required by linnworksApi',
				expect.stringMatching(/^locations\.0\.linnworks\.fulfilmentLocation: Expected string/),
			]),
		);
		expect(problems.join('\n')).not.toContain('pasted-secret');
	});

	it('needs every credential the chosen templates use, defined with its type', () => {
		const input = example('cloudshelf-centra');
		const credentials = (input.credentials as Array<{ type: string }>).filter(
			(credential) => credential.type !== 'centraOrderApi',
		);
		expect(problemsOf({ ...input, credentials })).toEqual([
			'centra.orderCredential: "Example Outfitters Centra Order API" is not under credentials: add { name: Example Outfitters Centra Order API, type: centraOrderApi, values: … }',
		]);
		expect(
			problemsOf({
				...input,
				centra: { ...(input.centra as object), orderCredential: 'Example Outfitters Cloudshelf' },
			}),
		).toEqual([
			'centra.orderCredential: "Example Outfitters Cloudshelf" is a cloudshelfApi credential; the centra nodes need centraOrderApi',
		]);
	});

	it('checks schedules against the chosen templates and their scheduled triggers', () => {
		const input = example('cloudshelf-linnworks');
		expect(
			problemsOf({
				...input,
				schedules: {
					'order-injection-cloudshelf-to-linnworks': { 'Every Minute': { everyMinutes: 1 } },
					'order-injection-shopify-to-linnworks': { 'Shopify Trigger': { everyMinutes: 1 } },
				},
			}),
		).toEqual([
			'schedules.order-injection-cloudshelf-to-linnworks.Every Minute: order-injection-cloudshelf-to-linnworks has no scheduled trigger of that name; its scheduled triggers are "Every 5 Minutes"',
			expect.stringMatching(
				/^schedules\.order-injection-shopify-to-linnworks: not a template of the chosen integrations; they are exceptions-error-workflow, /,
			),
		]);
	});

	it('reads secrets from the environment and the secrets file, naming what is missing, never a value', () => {
		const file = parseDeployFile(example('cloudshelf-linnworks'), join(EXAMPLES, 'x.yaml'));
		const sources = {
			env: { EXAMPLE_OUTFITTERS_LINNWORKS_APP_ID: 'app-1' },
			file: {
				path: 'secrets.yaml',
				content: { linnworks: { applicationSecret: 's3cret', token: 't0ken' } },
			},
		};
		expect(credentialData(file.credentials[0], 0, sources)).toEqual({
			applicationId: 'app-1',
			applicationSecret: 's3cret',
			token: 't0ken',
		});
		expect(() => credentialData(file.credentials[1], 1, sources)).toThrow(
			'credentials.1.values.apiKey: secrets.yaml has no value at cloudshelf.apiKey',
		);
		expect(() => credentialData(file.credentials[0], 0, { env: {} })).toThrow(
			'credentials.0.values.applicationId: the environment variable EXAMPLE_OUTFITTERS_LINNWORKS_APP_ID is not set',
		);
	});

	it('reads a secrets file as text (012345 stays 012345) and reports a syntax error by position, never quoting it', () => {
		const directory = mkdtempSync(join(tmpdir(), 'deploy-secrets-'));
		const secrets = join(directory, 'client.secrets.yaml');
		writeFileSync(secrets, 'linnworks:\n  token: 012345\n  applicationSecret: 0x1F\n');
		const file = parseDeployFile(example('cloudshelf-linnworks'), join(directory, 'client.yaml'));
		const sources = loadSecretSources(file, secrets);
		expect(
			credentialData(file.credentials[0], 0, {
				...sources,
				env: { EXAMPLE_OUTFITTERS_LINNWORKS_APP_ID: 'app-1' },
			}),
		).toMatchObject({ token: '012345', applicationSecret: '0x1F' });
		writeFileSync(secrets, 'linnworks:\n  token: sk_live_ABCDEF\n\t applicationSecret: x\n');
		expect(() => loadSecretSources(file, secrets)).toThrow(
			new RegExp(
				`^${secrets} is not valid YAML or JSON at line \\d+, column \\d+ \\(\\w+\\): fix the file there$`,
			),
		);
		try {
			loadSecretSources(file, secrets);
		} catch (error) {
			expect((error as Error).message).not.toContain('sk_live_ABCDEF');
		}
	});

	it('refuses a number where a credential field takes text (YAML reads 012345 as 12345)', () => {
		const input = example('stokly-cloudshelf');
		const [stokly, ...others] = input.credentials as Array<{ values: Record<string, unknown> }>;
		expect(
			problemsOf({
				...input,
				credentials: [{ ...stokly, values: { ...stokly.values, accountKey: 12345 } }, ...others],
			}),
		).toEqual([
			'credentials.0.values.accountKey: Expected text: write it in quotes ("12345"), or YAML reads it as a number',
		]);
	});

	it('fingerprints credential values with a fresh salt each time, the same values matching', () => {
		const first = fingerprint('linnworksApi', { token: 'a' });
		const second = fingerprint('linnworksApi', { token: 'a' });
		expect(first).not.toBe(second);
		expect(first).toMatch(/^scrypt:[0-9a-f]{32}:[0-9a-f]{64}$/);
		const [, salt] = first.split(':');
		expect(fingerprint('linnworksApi', { token: 'a' }, Buffer.from(salt, 'hex'))).toBe(first);
		expect(fingerprint('linnworksApi', { token: 'b' }, Buffer.from(salt, 'hex'))).not.toBe(first);
	});

	it('writes schedules into Schedule Triggers and polling triggers, with a note on the canvas', () => {
		const injection = loadTemplate('order-injection-cloudshelf-to-linnworks');
		const schedule = injection.nodes.find((node) => node.name === 'Every 5 Minutes')!;
		applySchedule(schedule, { everyMinutes: 10 });
		expect(schedule.parameters.rule).toEqual({
			interval: [{ field: 'minutes', minutesInterval: 10 }],
		});
		expect(schedule).toMatchObject({
			notes: 'Runs every 10 minute(s) (set by the client file)',
			notesInFlow: true,
		});
		applySchedule(schedule, { dailyAt: '06:30' });
		expect(schedule.parameters.rule).toEqual({
			interval: [{ field: 'cronExpression', expression: '30 6 * * *' }],
		});
		const push = loadTemplate('stock-push-linnworks-to-cloudshelf');
		const poller = push.nodes.find((node) => node.name === 'Linnworks Stock Changes')!;
		applySchedule(poller, { everyHours: 2 });
		expect(poller.parameters.pollTimes).toEqual({
			item: [{ mode: 'everyX', value: 2, unit: 'hours' }],
		});
	});
});
