/**
 * The release set-up n8n's verification asks for, checked as files (nothing is published from
 * here): CI runs the README's test command; publishing happens only from the tag workflow, through
 * `n8n-node release` (which publishes with npm provenance inside GitHub Actions) with an OIDC token;
 * a bare `npm publish` is guarded; package.json carries the fields verification compares; the
 * CHANGELOG has the version being released.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, string>;
	env?: Record<string, string>;
}
interface Workflow {
	on: Record<string, unknown>;
	jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}
const workflow = (name: string) => parse(read(`.github/workflows/${name}`)) as Workflow;
const runs = (steps: Step[]) => steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
const packageJson = JSON.parse(read('package.json')) as {
	name: string;
	version: string;
	scripts: Record<string, string>;
	repository: { url: string };
	homepage: string;
	author: { name: string; email: string };
	license: string;
};

describe('release set-up', () => {
	it('CI runs the README’s test command through .ci/run on every push to main and pull request', () => {
		const ci = workflow('ci.yml');
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		const [job] = Object.values(ci.jobs);
		expect(runs(job.steps)).toEqual(['bash .ci/run']);
		expect(read('.ci/run')).toMatch(/^npm ci --no-audit --no-fund\nnpm test$/m);
		expect(read('README.md')).toMatch(/^npm ci && npm test /m);
	});

	it('publishes on a version tag only, after the tests, through n8n-node release with an OIDC token for provenance', () => {
		const publish = workflow('publish.yml');
		expect(publish.on).toEqual({ push: { tags: ['*.*.*'] } });
		const [job] = Object.values(publish.jobs);
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		const commands = runs(job.steps);
		expect(commands[0]).toBe('bash .ci/run');
		expect(commands.at(-1)).toMatch(/\nnpm run release$/);
		expect(commands.join('\n')).not.toMatch(/npm publish/);
		expect(packageJson.scripts.release).toBe('n8n-node release');
		expect(packageJson.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});

	it('package.json carries what verification compares, and the CHANGELOG the version', () => {
		expect(packageJson.repository.url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
		expect(packageJson.homepage).toMatch(/^https:\/\//);
		expect(packageJson.author).toEqual({
			name: expect.any(String),
			email: expect.stringContaining('@'),
		});
		expect(packageJson.license).toBe('MIT');
		expect(read('CHANGELOG.md')).toContain(`## ${packageJson.version}`);
	});
});
