/**
 * Node and credential types for in-process runs, loaded the way n8n loads them: our package from
 * its package.json `n8n` section (pointing at the TypeScript sources instead of dist/), and n8n's
 * core nodes from n8n-nodes-base's own index of node classes.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
	NodeHelpers,
	type ICredentialType,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const ROOT = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
export const PACKAGE_NAME = packageJson.name;

/** `dist/nodes/X/X.node.js` → the class exported by `nodes/X/X.node.ts`. */
function loadSourceClass<T>(distPath: string): T {
	const source = join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = basename(distPath).split('.')[0];
	const module = require(source) as Record<string, new () => T>;
	if (!module[className]) throw new Error(`${source} does not export class ${className}`);
	return new module[className]();
}

const ourNodes = new Map<string, INodeType | IVersionedNodeType>();
for (const path of packageJson.n8n.nodes) {
	const node = loadSourceClass<INodeType>(path);
	ourNodes.set(`${PACKAGE_NAME}.${node.description.name}`, node);
}

export const credentialTypes = new Map<string, ICredentialType>();
for (const path of packageJson.n8n.credentials) {
	const credential = loadSourceClass<ICredentialType>(path);
	credentialTypes.set(credential.name, credential);
}

const CORE_PACKAGE = 'n8n-nodes-base';
const coreRoot = resolve(require.resolve(`${CORE_PACKAGE}/package.json`), '..');
const coreIndex = JSON.parse(
	readFileSync(join(coreRoot, 'dist/known/nodes.json'), 'utf8'),
) as Record<string, { className: string; sourcePath: string }>;
const coreNodes = new Map<string, INodeType | IVersionedNodeType>();

function loadCore(type: string): INodeType | IVersionedNodeType | undefined {
	const name = type.slice(CORE_PACKAGE.length + 1);
	const entry = coreIndex[name];
	if (!entry) return undefined;
	let node = coreNodes.get(name);
	if (!node) {
		const module = require(join(coreRoot, entry.sourcePath)) as Record<string, new () => INodeType>;
		node = new module[entry.className]();
		coreNodes.set(name, node);
	}
	return node;
}

const coreCredentialIndex = JSON.parse(
	readFileSync(join(coreRoot, 'dist/known/credentials.json'), 'utf8'),
) as Record<string, { className: string; sourcePath: string }>;
const coreCredentials = new Map<string, ICredentialType>();

/** A credential type: ours, or one of n8n-nodes-base's (e.g. shopifyAccessTokenApi). */
export function credentialTypeByName(name: string): ICredentialType | undefined {
	const ours = credentialTypes.get(name);
	if (ours) return ours;
	const entry = coreCredentialIndex[name];
	if (!entry) return undefined;
	let credential = coreCredentials.get(name);
	if (!credential) {
		const module = require(join(coreRoot, entry.sourcePath)) as Record<
			string,
			new () => ICredentialType
		>;
		credential = new module[entry.className]();
		coreCredentials.set(name, credential);
	}
	return credential;
}

export function nodeTypeByName(type: string): INodeType | IVersionedNodeType | undefined {
	if (type.startsWith(`${CORE_PACKAGE}.`)) return loadCore(type);
	return ourNodes.get(type);
}

export const nodeTypes: INodeTypes = {
	getByName(type) {
		const node = nodeTypeByName(type);
		if (!node) throw new Error(`Unknown node type ${type}`);
		return node;
	},
	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	},
	getKnownTypes() {
		return {};
	},
};

/** Every node type our package registers, for tests that check the package's own listing. */
export function ourNodeTypeNames(): string[] {
	return [...ourNodes.keys()];
}
