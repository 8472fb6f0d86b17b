/**
 * The deploy client file (tools/deploy/client-file.ts) without an n8n: the examples of
 * clients/examples/ parse, every problem is reported with its path and what is expected, secrets
 * are read from the environment or the secrets file only, and the templates of each integration.
 * Deploying into a real n8n is tested in test/e2e/agency-deploy.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	ClientFileError,
	credentialData,
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

	it('picks each pair’s templates, the error workflow first', () => {
		const files = (key: IntegrationKey) => templatesFor([key]).map(({ file }) => file);
		expect(files('cloudshelf-linnworks')).toEqual([
			'exceptions-error-workflow',
			'fulfilment-writeback-linnworks-to-cloudshelf',
			'live-stock-check-cloudshelf-linnworks',
			'order-injection-cloudshelf-to-linnworks',
			'reconciliation-cloudshelf-linnworks',
			'stock-push-linnworks-to-cloudshelf',
		]);
		expect(files('shopify-linnworks')).toEqual([
			'exceptions-error-workflow',
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

	it('fingerprints credential values with a fresh salt each time, the same values matching', () => {
		const first = fingerprint('linnworksApi', { token: 'a' });
		const second = fingerprint('linnworksApi', { token: 'a' });
		expect(first).not.toBe(second);
		expect(first).not.toContain('a"');
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
