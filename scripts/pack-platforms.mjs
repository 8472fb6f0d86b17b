// `npm run pack:platforms`: one npm package per platform, from the same build, for n8n's
// verification (a verified package covers one third-party service, its trigger alongside). Each
// holds that platform's node, trigger and credentials, and the shared kit and canonical model
// (dist/nodes/shared) compiled in; its package.json is this package's with its own name, README
// section and `n8n` listing. Each is packed into .artifacts/platform-packages/ and must pass n8n's
// scanner on its own (package-scan.mjs). Staged outside the repository, so that linters and
// jest never see the copies; only the tarballs are kept. Run by `npm test` after the build; exits 1 on a failure.
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packAndScan } from './package-scan.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, '.artifacts', 'platform-packages');

/** Each platform: its package name, folder under nodes/, credentials and README sections. */
export const PLATFORMS = [
	{
		name: 'n8n-nodes-linnworks',
		folder: 'Linnworks',
		title: 'Linnworks',
		credentials: ['LinnworksApi'],
	},
	{
		name: 'n8n-nodes-cloudshelf',
		folder: 'Cloudshelf',
		title: 'Cloudshelf',
		credentials: ['CloudshelfApi'],
	},
	{
		name: 'n8n-nodes-centra',
		folder: 'Centra',
		title: 'Centra',
		credentials: ['CentraIntegrationApi', 'CentraOrderApi'],
	},
	{
		name: 'n8n-nodes-commercetools',
		folder: 'Commercetools',
		title: 'commercetools',
		credentials: ['CommercetoolsApi'],
	},
	{ name: 'n8n-nodes-stokly', folder: 'Stokly', title: 'Stokly', credentials: ['StoklyApi'] },
];

const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's `## <title> …` sections of one platform (credential, node, trigger). */
function platformReadme({ name, title }) {
	const sections = readme
		.split(/^(?=## )/m)
		.filter((section) => new RegExp(`^## ${title}( credentials?| Trigger)?\\n`).test(section));
	return [
		`# ${name}`,
		'',
		`n8n community nodes for ${title}: the ${title} node, trigger and credentials of [${root.name}](${root.homepage}), packaged on their own. The template workflows, sandboxes and agency tools are in that repository.`,
		'',
		`Install: in n8n, *Settings → Community Nodes → Install*, \`${name}\`; or \`npm install ${name}\` in n8n's user folder (\`~/.n8n/nodes\`).`,
		'',
		...sections.map((section) => section.trimEnd() + '\n'),
	].join('\n');
}

/** Only what n8n loads: no declarations or source maps in the staged copy. */
const shipped = (source) => !/\.(d\.ts|map)$/.test(source);

function stage(platform, staging) {
	const dir = join(staging, platform.name);
	const dist = join(dir, 'dist');
	for (const part of [`nodes/${platform.folder}`, 'nodes/shared'])
		cpSync(join(ROOT, 'dist', part), join(dist, part), { recursive: true, filter: shipped });
	mkdirSync(join(dist, 'credentials'), { recursive: true });
	for (const credential of platform.credentials)
		cpSync(
			join(ROOT, 'dist', 'credentials', `${credential}.credentials.js`),
			join(dist, 'credentials', `${credential}.credentials.js`),
		);
	const listed = (paths, prefix) => paths.filter((path) => path.startsWith(prefix));
	const packageJson = {
		...root,
		name: platform.name,
		description: `n8n nodes for ${platform.title}: its node, trigger and credentials (from ${root.name}).`,
		keywords: ['n8n-community-node-package', platform.title.toLowerCase()],
		scripts: undefined,
		devDependencies: undefined,
		n8n: {
			...root.n8n,
			credentials: platform.credentials.map(
				(credential) => `dist/credentials/${credential}.credentials.js`,
			),
			nodes: listed(root.n8n.nodes, `dist/nodes/${platform.folder}/`),
		},
	};
	for (const path of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials])
		if (!existsSync(join(dir, path))) throw new Error(`${platform.name}: ${path} is missing`);
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, '\t')}\n`);
	writeFileSync(join(dir, 'README.md'), platformReadme(platform));
	return dir;
}

if (!existsSync(join(ROOT, 'dist', 'nodes'))) {
	console.error('No build: run npm run build first.');
	process.exit(1);
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const staging = mkdtempSync(join(tmpdir(), 'retail-sync-platforms-'));
let failed = 0;
try {
	for (const platform of PLATFORMS)
		if (!(await packAndScan(stage(platform, staging), { keepIn: OUT }))) failed++;
} finally {
	rmSync(staging, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
else console.log(`${PLATFORMS.length} platform packages in ${OUT}`);
