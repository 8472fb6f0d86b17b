/**
 * `npm run deploy -- <client file> [--dry-run] [--activate] [--prune] [--secrets <file>]`: deploys a
 * client's integrations into its n8n through the public API (see deploy.ts; the file format is in
 * client-file.ts, examples in clients/examples/). Exit code 0 when the n8n is as the file says, 1
 * when the file is wrong or a change failed (the message says what was and was not applied), 2 for
 * a wrong command line.
 */
import {
	ClientFileError,
	loadSecretSources,
	parseDeployFile,
	readStructuredFile,
	resolveSecret,
} from './client-file';
import { deploy, DeployError } from './deploy';
import { explainApiError, N8nApiError, N8nPublicApi } from './n8n-api';

const USAGE =
	'Usage: npm run deploy -- <client file> [--dry-run] [--activate] [--prune] [--secrets <file>]';

function parseArguments(argv: string[]) {
	const options = {
		dryRun: false,
		activate: false,
		prune: false,
		secrets: undefined as string | undefined,
	};
	const files: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--dry-run') options.dryRun = true;
		else if (argument === '--activate') options.activate = true;
		else if (argument === '--prune') options.prune = true;
		else if (argument === '--secrets' && argv[index + 1]) options.secrets = argv[++index];
		else if (argument.startsWith('--')) throw new Error(`Unknown option ${argument}\n${USAGE}`);
		else files.push(argument);
	}
	if (files.length !== 1) throw new Error(USAGE);
	return { file: files[0], ...options };
}

async function main(): Promise<number> {
	let args: ReturnType<typeof parseArguments>;
	try {
		args = parseArguments(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		return 2;
	}
	try {
		const file = parseDeployFile(readStructuredFile(args.file), args.file);
		const sources = loadSecretSources(file, args.secrets);
		const apiKey = resolveSecret(file.n8n.apiKey, sources, 'n8n.apiKey');
		await deploy(file, new N8nPublicApi(file.n8n.url, apiKey), sources, args);
		return 0;
	} catch (error) {
		if (error instanceof N8nApiError) console.error(explainApiError(error));
		else if (error instanceof ClientFileError || error instanceof DeployError)
			console.error(error.message);
		else console.error(`Deploy failed: ${(error as Error).message}`);
		return 1;
	}
}

void main().then((code) => process.exit(code));
