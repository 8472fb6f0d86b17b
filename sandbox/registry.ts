/**
 * The one list of simulators. `npm run sandbox`, `npm start` and its provisioning, the test
 * harness, the benchmarks' sandbox process and the agency tool's sandbox client all read it, so
 * adding a platform is its folder under sandbox/ plus one entry here.
 */
import { AlertsInbox } from './alerts/server';
import { cloudshelfDemoData } from './cloudshelf/demo';
import {
	CloudshelfSandbox,
	SANDBOX_API_KEY,
	type CloudshelfSandboxOptions,
} from './cloudshelf/server';
import { centraDemoData } from './centra/demo';
import {
	CentraSandbox,
	SANDBOX_ORDER_API_KEY,
	SANDBOX_TOKEN,
	SANDBOX_WEBHOOK_SECRET,
	type CentraSandboxOptions,
} from './centra/server';
import { commercetoolsDemoData } from './commercetools/demo';
import {
	CommercetoolsSandbox,
	SANDBOX_CLIENT,
	SANDBOX_PROJECT_KEY,
	type CommercetoolsSandboxOptions,
} from './commercetools/server';
import type { SandboxServer } from './common/http';
import { defineSimulator, type SandboxCredential, type Simulator } from './common/simulator';
import { linnworksDemoData } from './linnworks/demo';
import { LinnworksSandbox, SANDBOX_APP, type LinnworksSandboxOptions } from './linnworks/server';
import { shopifyDemoData } from './shopify/demo';
import {
	SANDBOX_ACCESS_TOKEN,
	SANDBOX_APP_SECRET,
	SANDBOX_SHOP,
	ShopifySandbox,
	type ShopifySandboxOptions,
} from './shopify/server';
import { seedStoklyDemo } from './stokly/demo';
import { SANDBOX_ACCOUNT, StoklySandbox, type StoklySandboxOptions } from './stokly/server';

export const SIMULATORS = {
	linnworks: defineSimulator({
		label: 'Linnworks',
		kind: 'platform',
		port: 4010,
		create: (options?: LinnworksSandboxOptions) => new LinnworksSandbox(options),
		seedDemo: (sandbox) => sandbox.state.seed(linnworksDemoData()),
		address: (baseUrl) => baseUrl,
		hint: [
			'credential: Authentication URL = this address,',
			`Application ID ${SANDBOX_APP.applicationId}, Secret ${SANDBOX_APP.applicationSecret},`,
			`Installation Token ${SANDBOX_APP.installationToken} (public sandbox values)`,
		],
		credentials: [
			{
				type: 'linnworksApi',
				name: 'Linnworks sandbox',
				data: (baseUrl) => ({
					applicationId: SANDBOX_APP.applicationId,
					applicationSecret: SANDBOX_APP.applicationSecret,
					token: SANDBOX_APP.installationToken,
					authUrl: baseUrl,
				}),
			},
		],
	}),
	cloudshelf: defineSimulator({
		label: 'Cloudshelf',
		kind: 'platform',
		port: 4020,
		create: (options?: CloudshelfSandboxOptions) => new CloudshelfSandbox(options),
		seedDemo: (sandbox) => sandbox.state.seed(cloudshelfDemoData()),
		address: (baseUrl) => `${baseUrl}/graphql`,
		hint: [
			`credential: Endpoint = this address, API Key ${SANDBOX_API_KEY} (public sandbox value)`,
		],
		credentials: [
			{
				type: 'cloudshelfApi',
				name: 'Cloudshelf sandbox',
				data: (baseUrl) => ({ apiKey: SANDBOX_API_KEY, endpoint: `${baseUrl}/graphql` }),
			},
		],
	}),
	centra: defineSimulator({
		label: 'Centra',
		kind: 'platform',
		port: 4040,
		create: (options?: CentraSandboxOptions) => new CentraSandbox(options),
		seedDemo: (sandbox) => sandbox.state.seed(centraDemoData()),
		address: (baseUrl) => `${baseUrl}/graphql`,
		hint: [
			`Integration API credential: Endpoint = this address, Token ${SANDBOX_TOKEN},`,
			`Webhook Secret ${SANDBOX_WEBHOOK_SECRET};`,
			`Order API credential: Base URL = <base>/api/order-api, API Key ${SANDBOX_ORDER_API_KEY}`,
			'(public sandbox values); webhooks: POST /__sandbox/webhooks {"url": …}',
		],
		credentials: [
			{
				type: 'centraIntegrationApi',
				name: 'Centra Integration API sandbox',
				data: (baseUrl) => ({
					endpoint: `${baseUrl}/graphql`,
					token: SANDBOX_TOKEN,
					webhookSecret: SANDBOX_WEBHOOK_SECRET,
				}),
			},
			{
				type: 'centraOrderApi',
				name: 'Centra Order API sandbox',
				data: (baseUrl) => ({ baseUrl: `${baseUrl}/api/order-api`, apiKey: SANDBOX_ORDER_API_KEY }),
			},
		],
	}),
	commercetools: defineSimulator({
		label: 'commercetools',
		kind: 'platform',
		port: 4050,
		create: (options?: CommercetoolsSandboxOptions) => new CommercetoolsSandbox(options),
		seedDemo: (sandbox) => sandbox.state.seed(commercetoolsDemoData()),
		address: (baseUrl) => baseUrl,
		hint: [
			'credential: Region = Custom, API URL and Auth URL = this address,',
			`Project Key ${SANDBOX_PROJECT_KEY}, Client ID ${SANDBOX_CLIENT.clientId},`,
			`Client Secret ${SANDBOX_CLIENT.clientSecret} (public sandbox values)`,
		],
		credentials: [
			{
				type: 'commercetoolsApi',
				name: 'commercetools sandbox',
				data: (baseUrl) => ({
					region: 'custom',
					apiUrl: baseUrl,
					authUrl: baseUrl,
					projectKey: SANDBOX_PROJECT_KEY,
					clientId: SANDBOX_CLIENT.clientId,
					clientSecret: SANDBOX_CLIENT.clientSecret,
					scopes: '',
				}),
			},
		],
	}),
	stokly: defineSimulator({
		label: 'Stokly',
		kind: 'platform',
		port: 4060,
		create: (options?: StoklySandboxOptions) => new StoklySandbox(options),
		seedDemo: (sandbox) => seedStoklyDemo(sandbox.state),
		address: (baseUrl) => baseUrl,
		hint: [
			'credential: Environment = Custom, Base URL = this address,',
			`Account Key ${SANDBOX_ACCOUNT.accountKey}, Client ID ${SANDBOX_ACCOUNT.clientId},`,
			`Client Secret ${SANDBOX_ACCOUNT.clientSecret} (public sandbox values)`,
		],
		credentials: [
			{
				type: 'stoklyApi',
				name: 'Stokly sandbox',
				data: (baseUrl) => ({
					environment: 'custom',
					baseUrl,
					accountKey: SANDBOX_ACCOUNT.accountKey,
					clientId: SANDBOX_ACCOUNT.clientId,
					clientSecret: SANDBOX_ACCOUNT.clientSecret,
				}),
			},
		],
	}),
	shopify: defineSimulator({
		label: 'Shopify',
		kind: 'platform',
		port: 4070,
		create: (options?: ShopifySandboxOptions) => new ShopifySandbox(options),
		seedDemo: (sandbox) => sandbox.state.seed(shopifyDemoData()),
		// n8n's Shopify nodes hard-code https://<shop>.myshopify.com, so this address is an HTTPS proxy.
		address: (baseUrl) => baseUrl,
		hint: [
			`HTTPS proxy for ${SANDBOX_SHOP}.myshopify.com only: HTTPS_PROXY = this address, and trust its`,
			'test CA (GET /__sandbox/ca → {"pem"}, saved to a file for NODE_EXTRA_CA_CERTS);',
			`credential Shopify Access Token API: Shop Subdomain ${SANDBOX_SHOP}, Access Token`,
			`${SANDBOX_ACCESS_TOKEN}, APP Secret Key ${SANDBOX_APP_SECRET} (public sandbox values)`,
		],
		credentials: [
			{
				type: 'shopifyAccessTokenApi',
				name: 'Shopify sandbox',
				// The shop is reached through the proxy, not by address: baseUrl is not a credential field.
				data: () => ({
					shopSubdomain: SANDBOX_SHOP,
					accessToken: SANDBOX_ACCESS_TOKEN,
					appSecretKey: SANDBOX_APP_SECRET,
				}),
			},
		],
	}),
	alerts: defineSimulator({
		label: 'Alerts inbox',
		kind: 'inbox',
		port: 4030,
		create: () => new AlertsInbox(),
		seedDemo: () => undefined,
		address: (baseUrl) => `${baseUrl}/hooks/<name>`,
		hint: [
			"stands in for the Slack/Teams webhook the templates' Send Alert nodes post to;",
			'what arrived: GET /__sandbox/state',
		],
	}),
};

type Registry = typeof SIMULATORS;
export type SandboxName = keyof Registry;
/** The server class of one simulator, e.g. `SandboxOf<'linnworks'>` is `LinnworksSandbox`. */
export type SandboxOf<Name extends SandboxName> = ReturnType<Registry[Name]['create']>;
export type SandboxOptionsOf<Name extends SandboxName> = Parameters<Registry[Name]['create']>[0];
/** The API simulators (not the alerts inbox). */
export type PlatformName = {
	[Name in SandboxName]: Registry[Name]['kind'] extends 'platform' ? Name : never;
}[SandboxName];
/** Base URLs of running sandboxes, by name (in this process or another one). */
export type SandboxAddresses = Record<SandboxName, string>;

/** The registry for code that treats every simulator alike. */
const UNTYPED: Record<SandboxName, Simulator<SandboxServer, unknown>> = SIMULATORS;

export const SIMULATOR_LIST = Object.entries(UNTYPED) as ReadonlyArray<
	[SandboxName, Simulator<SandboxServer, unknown>]
>;

/** One simulator, for code that treats every simulator alike. */
export function simulatorOf(name: SandboxName): Simulator<SandboxServer, unknown> {
	return UNTYPED[name];
}

export const SANDBOX_NAMES: SandboxName[] = SIMULATOR_LIST.map(([name]) => name);

export const PLATFORM_NAMES = SIMULATOR_LIST.filter(
	([, simulator]) => simulator.kind === 'platform',
).map(([name]) => name) as PlatformName[];

/** Fixed loopback ports of `npm run sandbox` and `npm start`. */
export const SANDBOX_PORTS = Object.fromEntries(
	SIMULATOR_LIST.map(([name, simulator]) => [name, simulator.port]),
) as Record<SandboxName, number>;

/**
 * A credential of one simulator: the one of that credential `type`, or its first (only simulators
 * that have one may be asked).
 */
export function credentialOf(name: SandboxName, type?: string): SandboxCredential {
	const credential = credentialsOf(name).find(
		(candidate) => type === undefined || candidate.type === type,
	);
	if (!credential)
		throw new Error(`The ${name} sandbox has no n8n credential${type ? ` of type ${type}` : ''}`);
	return credential;
}

/** Every n8n credential of one simulator (empty for the alerts inbox). */
export function credentialsOf(name: SandboxName): SandboxCredential[] {
	return simulatorOf(name).credentials ?? [];
}

export interface SandboxCredentialData {
	sandbox: SandboxName;
	type: string;
	name: string;
	data: Record<string, string>;
}

/** The n8n credentials that reach the sandboxes at these addresses (those given), with their data. */
export function sandboxCredentials(addresses: Partial<SandboxAddresses>): SandboxCredentialData[] {
	return SIMULATOR_LIST.flatMap(([sandbox, { credentials = [] }]) => {
		const baseUrl = addresses[sandbox];
		if (!baseUrl) return [];
		return credentials.map((credential) => ({
			sandbox,
			type: credential.type,
			name: credential.name,
			data: credential.data(baseUrl),
		}));
	});
}

/**
 * Credential data by credential type, as a credential store holds it, for the sandboxes at these
 * addresses; `extra` adds fields per credential type (e.g. a webhook secret a template checks).
 */
export function sandboxCredentialStore(
	addresses: Partial<SandboxAddresses>,
	extra: Record<string, Record<string, string>> = {},
): Record<string, Record<string, string>> {
	return Object.fromEntries(
		sandboxCredentials(addresses).map(({ type, data }) => [type, { ...data, ...extra[type] }]),
	);
}
