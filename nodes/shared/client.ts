/**
 * The one platform client. Every platform's HTTP goes through `PlatformClient.send`: n8n's
 * `httpRequestWithAuthentication` with the platform's credential, under the optional per-key rate
 * gate, retried with backoff (honouring Retry-After), and turned into a `NodeApiError` that names the
 * call and carries the item index. A platform supplies only a `PlatformApi`: how one of its requests
 * becomes HTTP, how to read its answers and its error bodies, and (if it publishes them) its call
 * limits. Nothing here outlives the execution, so any queue-mode worker can run any execution.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { megabytes } from './model';
import {
	DEFAULT_RETRY,
	RateGate,
	httpStatusOf,
	isAnswerLost,
	isRefusedUnprocessed,
	isRetryable,
	jsonBytes,
	responseHeadersOf,
	withRetry,
	type Outcome,
	type RetryOptions,
	type Sleeper,
} from './transport';

export type ClientContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

/** What an error says, built from plain data so no request detail (token, key) can leak into it. */
export interface ApiFailure {
	message: string;
	description?: string;
	httpCode?: string;
}

/**
 * A platform's published call limits over one window: calls per window, per key (usually the API
 * method, or the budget a request draws on, see `PlatformApi.budgetsOf`).
 */
export interface CallLimits {
	windowMs: number;
	perKey: Readonly<Record<string, number>>;
	/** Limit of keys `perKey` does not list (`Infinity`: such keys are not limited in this window). */
	otherwise: number;
}

/** One window's limits, or several (e.g. per 10 seconds and per hour), each paced on its own. */
export type CallLimitSet = CallLimits | readonly CallLimits[];

export interface PlatformApi<Request> {
	credentialType: string;
	/** The HTTP request for one platform request; `credentials` are the decrypted credential fields. */
	toHttp(request: Request, credentials: ICredentialDataDecryptedObject): IHttpRequestOptions;
	/** Short name of the call in messages and the rate-gate key, e.g. "Orders/CreateOrders". */
	callName(request: Request): string;
	/**
	 * Reads a successful HTTP answer. Throw `retryable(…)` for answers that mean "slow down" (e.g.
	 * GraphQL's out-of-credits error under HTTP 200), or a `RejectedAnswer` for answers that report
	 * a failure the platform will repeat.
	 */
	readAnswer?(answer: unknown, request: Request): unknown;
	/** The failure of a call whose retries are spent, in the platform's words. */
	describeFailure(error: unknown, request: Request, status: number | undefined): ApiFailure;
	/**
	 * Published limits, if any: the client then paces its calls under them. Several limits (each
	 * with its own window) all apply: a call waits until every one of them has room.
	 */
	callLimits?: CallLimitSet;
	/**
	 * The keys of the call limits a request draws on, when it draws on more than one budget or on
	 * one not named after the call (e.g. every request on "request", mutations also on "mutation").
	 * Default: the request's `callName`. Each key counts in every window of `callLimits`.
	 */
	budgetsOf?(request: Request): string[];
	/**
	 * Whether sending the request twice has the effect of sending it once. Default: true. A request
	 * that is not (a stock delta, a shipment) is retried only when it is known not to have been
	 * processed (a 429, a connection never made); any other failure is returned at once, and the
	 * caller decides with `answerLost` whether to check the platform before sending it again.
	 */
	isIdempotent?(request: Request): boolean;
	/**
	 * How long (ms) this client's next calls wait after an answer, read from its headers (those of a
	 * failed answer too; a successful one's when `toHttp` sets `returnFullResponse`, `readAnswer`
	 * then gets the full response). For platforms whose answers say the budget is nearly spent, so
	 * the next call waits for the window instead of being refused. Undefined or 0: no pause.
	 */
	pauseAfter?(headers: Readonly<Record<string, unknown>>, request: Request): number | undefined;
}

export interface ClientOptions {
	retry?: RetryOptions;
	/** Overrides the platform's published limits (e.g. a sandbox with scaled limits); `null` = no pacing. */
	callLimits?: CallLimitSet | null;
	/** How the client waits out a `pauseAfter` pause (tests); default n8n's `sleep`. */
	wait?: Sleeper;
}

/**
 * Credential field every platform credential with call limits may declare: the share (in percent)
 * of the published limits this n8n may use. Under 100 leaves room for other apps on the same
 * account; over 100 only for a test server whose limits are scaled up.
 */
export const CALL_BUDGET_FIELD = 'callBudgetPercent';

/** A failed answer worth another attempt, like a 429. */
export function retryable(message: string): Error {
	return Object.assign(new Error(message), { httpCode: '429' });
}

/** A failed answer the platform would repeat; not retried. `failure` is what the user is told. */
export class RejectedAnswer extends Error {
	constructor(readonly failure: ApiFailure) {
		super(failure.message);
	}
}

/**
 * Most one request may carry (UTF-8 bytes). Batches of records close before MAX_BATCH_BYTES
 * (`chunk` with `weigh`), so a request this large carries a runaway field (a pasted file in a note
 * or a tracking number) of a single record, which gateways refuse (often from 1 MB) or time out
 * on: it is refused before it is sent.
 */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

function oversizedRequest(callName: string, body: unknown): ApiFailure | undefined {
	if (body === undefined || body === null) return undefined;
	const size = typeof body === 'string' ? new TextEncoder().encode(body).length : jsonBytes(body);
	if (size <= MAX_REQUEST_BYTES) return undefined;
	return {
		message: `The request for ${callName} would be ${megabytes(size)}, more than the ${megabytes(MAX_REQUEST_BYTES)} one call may carry, so it was not sent`,
		description:
			'A field of the item is far too long (e.g. a note, a tracking number or a pasted file): shorten it or leave it out.',
	};
}

/** An HTML page where the API answers JSON: a proxy, firewall or sign-in page answered instead. */
function isHtmlPage(body: unknown): boolean {
	return typeof body === 'string' && /^\s*(<!doctype html|<html)/i.test(body);
}

/** What the user is told of an HTML page in place of the API's answer (never the page itself). */
function htmlPageFailure(callName: string, status: number | undefined): ApiFailure {
	const code = status === undefined ? '' : ` (HTTP ${status})`;
	return {
		message: `The answer to ${callName} was an HTML page, not JSON${code}: a proxy, firewall or sign-in page answered instead of the API`,
		description:
			"Check the credential's URL, and any proxy or firewall between n8n and the API; the page came from there, not from the platform.",
		httpCode: status === undefined || status === 200 ? undefined : String(status),
	};
}

/** Errors `PlatformClient` threw for a call whose answer was lost (it may have been processed). */
const lostAnswers = new WeakSet<object>();

/**
 * Whether a failed call may have been processed although no answer says so: a 5xx, or a network
 * failure once the request was on its way (reset, timeout). Reads both what `PlatformClient.send`
 * throws and raw HTTP errors. A caller of a request that is not idempotent checks the platform
 * (e.g. looks for what the request would have made) before sending it again.
 */
export function answerLost(error: unknown): boolean {
	return (
		(typeof error === 'object' && error !== null && lostAnswers.has(error)) || isAnswerLost(error)
	);
}

/** The n8n error for a failed API call, for one item (or the whole node when `itemIndex` is absent). */
export function apiError(node: INode, failure: ApiFailure, itemIndex?: number): NodeApiError {
	return new NodeApiError(node, { message: failure.message } as JsonObject, {
		message: failure.message,
		description: failure.description,
		httpCode: failure.httpCode,
		itemIndex,
	});
}

/**
 * The same failure attached to another item: when one call served many items (a batch), each item
 * gets an error of its own carrying its own index.
 */
export function errorForItem(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: error.description ?? undefined,
		});
	}
	const failure = error as Partial<NodeApiError>;
	return apiError(
		node,
		{
			message: failure.message ?? 'API call failed',
			description: failure.description ?? undefined,
			httpCode: failure.httpCode ?? undefined,
		},
		itemIndex,
	);
}

export class PlatformClient<Request> {
	private credentials?: ICredentialDataDecryptedObject;
	/** One rate gate per window of the call limits; empty = no pacing. */
	private gates?: RateGate[];
	/** When calls may go again after a `pauseAfter` answer (ms since the epoch). */
	private resumeAt = 0;

	constructor(
		protected readonly context: ClientContext,
		private readonly api: PlatformApi<Request>,
		private readonly options: ClientOptions = {},
	) {}

	/** Makes the call; a failure (after retries) throws an error for `itemIndex`. */
	async send<T>(request: Request, itemIndex?: number): Promise<T> {
		const outcome = await this.attempt<T>(request);
		if (!outcome.ok) throw this.failure(request, outcome.error, itemIndex);
		return outcome.value;
	}

	/** Like `send`, but answers `fallback` when the platform replies with `status` (e.g. 400 for "no items"). */
	async sendOr<T>(request: Request, status: number, fallback: T, itemIndex?: number): Promise<T> {
		return await this.sendRecovering<T>(
			request,
			(error) => (httpStatusOf(error) === status ? fallback : undefined),
			itemIndex,
		);
	}

	/**
	 * Like `send`, but a failure (after retries) is first offered to `recover`, which may turn it into
	 * an answer (e.g. a 4xx whose body is the platform's own refusal, for the caller to read);
	 * `undefined` from `recover` throws the usual error.
	 */
	async sendRecovering<T>(
		request: Request,
		recover: (error: unknown) => T | undefined,
		itemIndex?: number,
	): Promise<T> {
		const outcome = await this.attempt<T>(request);
		if (outcome.ok) return outcome.value;
		const recovered = recover(outcome.error);
		if (recovered !== undefined) return recovered;
		throw this.failure(request, outcome.error, itemIndex);
	}

	private failure(request: Request, error: unknown, itemIndex?: number): NodeApiError {
		const failure =
			error instanceof RejectedAnswer
				? error.failure
				: isHtmlPage(responseBody(error))
					? htmlPageFailure(this.api.callName(request), httpStatusOf(error))
					: this.api.describeFailure(error, request, httpStatusOf(error));
		const thrown = apiError(this.context.getNode(), failure, itemIndex);
		if (!(error instanceof RejectedAnswer) && isAnswerLost(error)) lostAnswers.add(thrown);
		return thrown;
	}

	private async attempt<T>(request: Request): Promise<Outcome<T>> {
		const credentials = await this.loadCredentials();
		const gates = this.rateGates(credentials);
		const budgets = this.api.budgetsOf?.(request) ?? [this.api.callName(request)];
		const options = this.api.toHttp(request, credentials);
		const oversized = oversizedRequest(this.api.callName(request), options.body);
		if (oversized) return { ok: false, error: new RejectedAnswer(oversized), attempts: 0 };
		const once = async () => {
			const paused = this.resumeAt - Date.now();
			if (paused > 0) await (this.options.wait ?? sleep)(paused);
			const answer: unknown = await this.context.helpers.httpRequestWithAuthentication
				.call(this.context, this.api.credentialType, options)
				.catch(async (error: unknown) => {
					this.pauseFor(responseHeadersOf(error), request);
					return await Promise.reject(error);
				});
			if (options.returnFullResponse) {
				this.pauseFor(
					(answer as { headers?: Record<string, unknown> } | undefined)?.headers,
					request,
				);
			}
			const body = options.returnFullResponse ? (answer as { body?: unknown })?.body : answer;
			if (isHtmlPage(body))
				throw new RejectedAnswer(htmlPageFailure(this.api.callName(request), 200));
			return (this.api.readAnswer ? this.api.readAnswer(answer, request) : answer) as T;
		};
		// Every (window, budget) pair the request draws on: the call waits until all have room.
		const lanes = gates.flatMap((gate) => budgets.map((key) => ({ gate, key })));
		const idempotent = this.api.isIdempotent?.(request) ?? true;
		return await withRetry(
			async () =>
				lanes.length
					? await RateGate.runAll(lanes, once, (error) => httpStatusOf(error) === 429)
					: await once(),
			this.options.retry ?? DEFAULT_RETRY,
			undefined,
			idempotent ? isRetryable : isRefusedUnprocessed,
		);
	}

	/** Holds this client's next calls for as long as `pauseAfter` reads from an answer's headers. */
	private pauseFor(headers: Record<string, unknown> | undefined, request: Request): void {
		if (!headers || !this.api.pauseAfter) return;
		const pause = this.api.pauseAfter(headers, request) ?? 0;
		if (pause > 0) this.resumeAt = Math.max(this.resumeAt, Date.now() + pause);
	}

	private async loadCredentials(): Promise<ICredentialDataDecryptedObject> {
		this.credentials ??= await this.context.getCredentials(this.api.credentialType);
		return this.credentials;
	}

	/**
	 * One gate per window per client, so per execution: their history dies with the execution. The
	 * credential's call budget scales every limit of every window.
	 */
	private rateGates(credentials: ICredentialDataDecryptedObject): RateGate[] {
		if (this.gates) return this.gates;
		const configured =
			this.options.callLimits === undefined ? this.api.callLimits : this.options.callLimits;
		const windows: readonly CallLimits[] = !configured
			? []
			: Array.isArray(configured)
				? configured
				: [configured as CallLimits];
		const budget = Number(credentials[CALL_BUDGET_FIELD] ?? 100);
		const share = Number.isFinite(budget) && budget > 0 ? budget / 100 : 1;
		this.gates = windows.map(
			(limits) =>
				new RateGate(
					(key) => Math.max(1, Math.floor((limits.perKey[key] ?? limits.otherwise) * share)),
					limits.windowMs,
				),
		);
		return this.gates;
	}
}

/** The body of a failed call's HTTP answer, for `describeFailure` to read the platform's message from. */
export function responseBody(error: unknown): unknown {
	return (error as { cause?: { response?: { data?: unknown } } }).cause?.response?.data;
}
