// The editor test (test/e2e) drives Debian's Chromium at /usr/bin/chromium through playwright-core,
// which brings no browser of its own. `npm test` runs this before anything else: when the browser
// is missing it installs Debian's `chromium` package with apt-get, as root or through passwordless
// sudo (`sudo -n`, which never prompts), and otherwise stops saying exactly what to install.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const CHROMIUM = '/usr/bin/chromium';
const PACKAGE = 'chromium';

function fail(reason) {
	console.error(
		`${CHROMIUM} is missing and npm test could not install it: ${reason}.\n` +
			`The editor test needs Debian's ${PACKAGE} package. Install it (sudo apt-get install ${PACKAGE}, ` +
			`or as root apt-get install ${PACKAGE}), then run npm test again.`,
	);
	process.exit(1);
}

if (!existsSync(CHROMIUM)) {
	if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
		fail('this machine has no apt-get to install it with');
	}
	const isRoot = process.getuid() === 0;
	if (!isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0) {
		fail('this user is neither root nor allowed passwordless sudo');
	}
	/**
	 * Runs apt-get as root (directly or through `sudo -n`): its errors shown as they come, its
	 * progress only when it fails. True when it succeeded.
	 */
	const aptGet = (...args) => {
		const [command, ...rest] = isRoot
			? ['apt-get', ...args]
			: ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
		console.log(`> ${[command, ...rest].join(' ')}`);
		const result = spawnSync(command, rest, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			stdio: ['ignore', 'pipe', 'inherit'],
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		});
		if (result.status === 0) return true;
		console.error((result.stdout ?? '').split('\n').slice(-40).join('\n'));
		return false;
	};
	console.log(
		`${CHROMIUM} is missing: installing Debian's ${PACKAGE} package for the editor test.`,
	);
	if (!aptGet('update', '-qq')) fail('apt-get update failed (its errors are above)');
	if (!aptGet('install', '-y', '-qq', PACKAGE)) {
		fail(`apt-get install ${PACKAGE} failed (its errors are above)`);
	}
	if (!existsSync(CHROMIUM))
		fail(`apt-get installed ${PACKAGE}, but it did not provide ${CHROMIUM}`);
}
