/**
 * A refused token or session request (a credential's `preAuthentication`), read from plain data
 * only: the request, which carries the secret or a value derived from it, is never copied into
 * what the user is told. Each credential words its own message from this.
 */

export interface AuthRefusal {
	/** HTTP status of the refusal; undefined when no answer came (the host could not be reached). */
	status?: number;
	/** A field of the error body (e.g. OAuth's `error`, Stokly's `message`), at most 200 characters. */
	said?: string;
	/** The network error code (e.g. ECONNREFUSED) when no answer came. */
	code?: string;
}

interface RefusedRequest {
	response?: { status?: unknown; data?: Record<string, unknown> };
	code?: unknown;
}

export function readAuthRefusal(error: unknown, bodyField: string): AuthRefusal {
	const refusal = (error ?? {}) as RefusedRequest;
	const status = typeof refusal.response?.status === 'number' ? refusal.response.status : undefined;
	const said = refusal.response?.data?.[bodyField];
	return {
		status,
		said: typeof said === 'string' && said ? said.slice(0, 200) : undefined,
		code: typeof refusal.code === 'string' ? refusal.code : undefined,
	};
}

/**
 * The error a credential throws for a refusal: its message, and the status kept on
 * `response.status` so n8n (and the nodes' wording) still see e.g. a 401.
 */
export function authRefusalError(message: string, { status }: AuthRefusal): Error {
	return Object.assign(new Error(message), status === undefined ? {} : { response: { status } });
}
