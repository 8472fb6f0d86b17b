/**
 * Routes this process's HTTPS to the Shopify simulator as n8n is routed in production setups behind
 * a proxy: HTTPS_PROXY (n8n's request layer reads it per request) and the simulator's test CA added
 * to Node's default trust store, so n8n's own Shopify nodes reach https://<shop>.myshopify.com
 * in process. NO_PROXY keeps the other sandboxes (plain HTTP on loopback) direct.
 */
import tls from 'node:tls';

import type { ShopifySandbox } from '../../sandbox/shopify/server';

/** Routes HTTPS through the simulator; returns what undoes it. */
export function routeHttpsToShopify(sandbox: ShopifySandbox): () => void {
	const saved = { proxy: process.env.HTTPS_PROXY, noProxy: process.env.NO_PROXY };
	const defaultCas = tls.getCACertificates('default');
	process.env.HTTPS_PROXY = sandbox.proxyUrl;
	process.env.NO_PROXY = '127.0.0.1,localhost';
	tls.setDefaultCACertificates([...defaultCas, sandbox.caPem]);
	return () => {
		if (saved.proxy === undefined) delete process.env.HTTPS_PROXY;
		else process.env.HTTPS_PROXY = saved.proxy;
		if (saved.noProxy === undefined) delete process.env.NO_PROXY;
		else process.env.NO_PROXY = saved.noProxy;
		tls.setDefaultCACertificates(defaultCas);
	};
}
