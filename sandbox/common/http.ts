/**
 * The HTTP plumbing every sandbox shares: a loopback server, body parsing (JSON and form-encoded),
 * a call log tests can assert on, fault injection and an admin API under `/__sandbox/`. Error
 * bodies are each simulator's own (its `ErrorBody`), so injected faults look like the platform's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SandboxRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: unknown;
	rawBody: string;
}

export interface SandboxResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** A body that is not JSON (e.g. a proxy's HTML page), sent as is; `headers` give its type. */
	text?: string;
}

/**
 * One targeted failure: the operation's next `count` calls answer `status`. By default the body is
 * the platform's own error body (`message`, `code` when given, e.g. a GraphQL `errors[]` under
 * HTTP 200); `page: 'html'` answers instead what a proxy or gateway in front of the platform sends,
 * an HTML page (text/html), with the call never reaching the platform.
 */
export interface TargetedFault {
	operation: string;
	status: number;
	count: number;
	message?: string;
	code?: string;
	page?: 'html';
}

/** The HTML error page a reverse proxy (nginx's wording) answers in place of the platform. */
export function proxyHtmlPage(status: number): string {
	const reason = status === 502 ? 'Bad Gateway' : status === 200 ? 'Please sign in' : 'Error';
	return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * How a platform words an error body, e.g. Linnworks' `{"Message": …}` or a GraphQL server's
 * `{"errors": [{"message": …, "extensions": {"code": …}}]}`. Every error body a sandbox answers
 * goes through its one `ErrorBody`: injected faults, 429s, unknown admin routes, internal errors
 * and the simulator's own refusals (`code` is a platform error code where the platform has them).
 */
export type ErrorBody = (status: number, message: string, code?: string) => unknown;

export type Handler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface CallRecord {
	at: number;
	method: string;
	path: string;
	/** The query string's parameter names, in order (values left out: they may carry secrets). */
	queryKeys: string[];
	status: number;
	/** Platform-level operation name, e.g. "Orders/CreateOrders" or a GraphQL operation. */
	operation?: string;
}

/** Knobs tests and demos turn to make a sandbox misbehave the way real APIs do. */
export interface FaultSettings {
	/** Share (0–1) of API calls answered with a 500. */
	errorRate: number;
	/** Extra milliseconds before each API answer. */
	latencyMs: number;
	/** The next N API calls answer 429 regardless of the rate limit. */
	burst429: number;
	/** Retry-After (seconds) sent with injected 429s. */
	burstRetryAfterSeconds: number;
	/** Operations that fail with `status` for their next `count` calls, e.g. one 500 on CreateOrders. */
	failNext: TargetedFault[];
	/**
	 * Operations whose next `count` calls are processed (their effect happens) but answered 502
	 * instead of the real answer, as when a gateway loses the answer on its way back.
	 */
	loseAnswerNext: Array<{ operation: string; count: number }>;
	/** Multiplies every published rate limit (benchmarks use a factor to finish in minutes). */
	rateLimitScale: number;
}

export const DEFAULT_FAULTS: FaultSettings = {
	errorRate: 0,
	latencyMs: 0,
	burst429: 0,
	burstRetryAfterSeconds: 1,
	failNext: [],
	loseAnswerNext: [],
	rateLimitScale: 1,
};

/** Deterministic pseudo-random numbers (mulberry32), so injected faults repeat run to run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Sliding one-minute windows per key, like the per-method limits of REST platforms. */
export class MinuteWindows {
	private readonly calls = new Map<string, number[]>();

	constructor(private readonly windowMs = 60_000) {}

	/** Seconds until a call is allowed, or 0 when this call is admitted (and counted). */
	admit(key: string, limit: number, now = Date.now()): number {
		const history = this.calls.get(key) ?? [];
		this.calls.set(key, history);
		while (history.length && history[0] <= now - this.windowMs) history.shift();
		if (history.length >= limit)
			return Math.max(1, Math.ceil((history[0] + this.windowMs - now) / 1000));
		history.push(now);
		return 0;
	}

	reset(): void {
		this.calls.clear();
	}
}

function parseBody(raw: string, contentType: string | undefined): unknown {
	if (!raw) return {};
	if (contentType?.includes('application/x-www-form-urlencoded')) {
		// Form fields carry JSON values (e.g. request={...}); plain text stays text.
		const result: Record<string, unknown> = {};
		for (const [key, value] of new URLSearchParams(raw)) {
			try {
				result[key] = JSON.parse(value);
			} catch {
				result[key] = value;
			}
		}
		return result;
	}
	try {
		return JSON.parse(raw);
	} catch {
		return undefined;
	}
}

export interface AdminHandlers {
	state: () => unknown;
	seed: (body: unknown) => void;
	reset: () => void;
	extra?: Record<string, Handler>;
}

/**
 * A sandbox server: subclasses answer API calls (`handle`), name the platform operation of a
 * request (`operationOf`, for fault targeting and the call log) and give the platform's error body
 * shape (`errorBody`, used through `error()`); faults, the call log and the admin API are common.
 */
export abstract class SandboxServer {
	readonly calls: CallRecord[] = [];
	faults: FaultSettings = { ...DEFAULT_FAULTS, failNext: [], loseAnswerNext: [] };
	protected server?: Server;
	private random: () => number;
	baseUrl = '';

	constructor(
		readonly name: string,
		private readonly errorBody: ErrorBody,
		seed = 42,
	) {
		this.random = seededRandom(seed);
	}

	protected abstract handle(request: SandboxRequest): SandboxResponse | Promise<SandboxResponse>;

	protected abstract operationOf(request: SandboxRequest): string | undefined;

	protected abstract get admin(): AdminHandlers;

	setFaults(changes: Partial<FaultSettings>): void {
		this.faults = {
			...this.faults,
			...changes,
			failNext: [...(changes.failNext ?? this.faults.failNext)],
			loseAnswerNext: [...(changes.loseAnswerNext ?? this.faults.loseAnswerNext ?? [])],
		};
	}

	clearFaults(): void {
		this.faults = { ...DEFAULT_FAULTS, failNext: [], loseAnswerNext: [] };
	}

	/** Calls of one operation that reached the sandbox (any status). */
	callsTo(operation: string): CallRecord[] {
		return this.calls.filter((call) => call.operation === operation);
	}

	async listen(port = 0, host = '127.0.0.1'): Promise<string> {
		this.server = createServer((request, response) => {
			void this.serve(request, response);
		});

		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, host, () => resolve());
		});
		const address = this.server.address() as AddressInfo;
		this.baseUrl = `http://${host}:${address.port}`;
		return this.baseUrl;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/** Fault to inject for this call, if any. Admin calls are never faulted. */
	private injectedFault(operation: string | undefined): SandboxResponse | undefined {
		const targeted = this.faults.failNext.find(
			(fault) => fault.operation === operation && fault.count > 0,
		);
		if (targeted) {
			targeted.count--;
			if (targeted.page === 'html') {
				return {
					status: targeted.status,
					headers: { 'Content-Type': 'text/html' },
					text: proxyHtmlPage(targeted.status),
				};
			}
			return targeted.status === 429
				? this.tooManyRequests(this.faults.burstRetryAfterSeconds)
				: this.error(
						targeted.status,
						targeted.message ?? `Injected failure (${targeted.status})`,
						targeted.code,
					);
		}
		if (this.faults.burst429 > 0) {
			this.faults.burst429--;
			return this.tooManyRequests(this.faults.burstRetryAfterSeconds);
		}
		if (this.faults.errorRate > 0 && this.random() < this.faults.errorRate) {
			return this.error(500, 'Injected internal server error');
		}
		return undefined;
	}

	/** Whether this call's answer is to be lost (after the call was processed). */
	private answerToLose(operation: string | undefined): boolean {
		const lost = (this.faults.loseAnswerNext ?? []).find(
			(fault) => fault.operation === operation && fault.count > 0,
		);
		if (!lost) return false;
		lost.count--;
		return true;
	}

	/** An error answer in this platform's shape. */
	protected error(
		status: number,
		message: string,
		code?: string,
		headers?: Record<string, string>,
	): SandboxResponse {
		return { status, headers, body: this.errorBody(status, message, code) };
	}

	/** A 429 with Retry-After; overridden by platforms that word their rate-limit message. */
	tooManyRequests(retryAfterSeconds: number): SandboxResponse {
		return this.error(429, 'Too many requests', undefined, {
			'Retry-After': String(retryAfterSeconds),
		});
	}

	private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(request.url ?? '/', 'http://sandbox');
		const sandboxRequest: SandboxRequest = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: request.headers,
			body: parseBody(rawBody, request.headers['content-type']),
			rawBody,
		};
		let answer: SandboxResponse;
		let operation: string | undefined;
		try {
			if (sandboxRequest.path.startsWith('/__sandbox/')) {
				answer = await this.serveAdmin(sandboxRequest);
			} else {
				operation = this.operationOf(sandboxRequest);
				if (this.faults.latencyMs > 0)
					await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
				answer = this.injectedFault(operation) ?? (await this.handle(sandboxRequest));
				if (answer.status < 400 && this.answerToLose(operation)) {
					answer = this.error(502, 'Bad gateway (injected: the answer was lost)');
				}
				this.calls.push({
					at: Date.now(),
					method: sandboxRequest.method,
					path: sandboxRequest.path,
					queryKeys: [...url.searchParams.keys()],
					status: answer.status,
					operation,
				});
			}
		} catch (error) {
			answer = this.error(500, `Sandbox error: ${(error as Error).message}`);
		}
		const body = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
		response.writeHead(answer.status, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(body),
			// One connection per call: clients that open many without reusing them (n8n's HTTP Request
			// node at volume) would otherwise pile up idle sockets until file descriptors run out.
			Connection: 'close',
			...answer.headers,
		});
		response.end(body);
	}

	private async serveAdmin(request: SandboxRequest): Promise<SandboxResponse> {
		const route = request.path.slice('/__sandbox/'.length);
		switch (`${request.method} ${route}`) {
			case 'GET state':
				return { status: 200, body: this.admin.state() };
			case 'POST seed':
				this.admin.seed(request.body);
				return { status: 200, body: { ok: true } };
			case 'POST reset':
				this.admin.reset();
				this.calls.length = 0;
				this.clearFaults();
				return { status: 200, body: { ok: true } };
			case 'GET faults':
				return { status: 200, body: this.faults };
			case 'POST faults':
				this.setFaults(request.body as Partial<FaultSettings>);
				return { status: 200, body: this.faults };
			case 'GET calls':
				return { status: 200, body: this.calls };
			default: {
				const extra = this.admin.extra?.[`${request.method} ${route}`];
				return extra ? await extra(request) : this.error(404, `Unknown admin route ${route}`);
			}
		}
	}
}
