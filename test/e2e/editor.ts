/**
 * The n8n editor in Debian's Chromium (playwright-core), signed in as the demo owner: what the
 * e2e tests that look at the editor share. `npm test` installs the browser first
 * (scripts/ensure-browser.js); a direct jest run may not have it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { ROOT } from '../../scripts/n8n/install';
import { DEMO_OWNER, type N8nInstance } from '../../scripts/n8n/instance';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, '.artifacts', 'screenshots');

/** Runs `use` with a signed-in editor page; the browser is closed after, whatever happens. */
export async function withEditor<T>(
	n8n: N8nInstance,
	viewport: { width: number; height: number },
	use: (page: Page, browser: Browser) => Promise<T>,
): Promise<T> {
	if (!existsSync(CHROMIUM))
		throw new Error(
			`${CHROMIUM} is missing: the editor tests need Debian's chromium package. Run npm test ` +
				'(it installs the package as root or through passwordless sudo), or install it ' +
				'(sudo apt-get install chromium, or as root apt-get install chromium).',
		);
	mkdirSync(SCREENSHOTS, { recursive: true });
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const page = await browser.newPage({ viewport });
		await page.goto(`${n8n.baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', DEMO_OWNER.email);
		await page.fill('input[name="password"]', DEMO_OWNER.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((address) => !address.pathname.includes('signin'));
		return await use(page, browser);
	} finally {
		await browser.close();
	}
}
