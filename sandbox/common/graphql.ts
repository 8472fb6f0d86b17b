/**
 * Error bodies as GraphQL servers write them: `{"errors": [{"message", "extensions": {"code"}}]}`,
 * for every GraphQL simulator (Cloudshelf today). HTTP statuses stay as gateways send them (401,
 * 429 with Retry-After, 5xx); only the body is GraphQL's.
 */
import type { ErrorBody, SandboxResponse } from './http';

export interface GraphQLErrorEntry {
	message: string;
	/** `extensions.code`; when missing, the code that goes with the HTTP status. */
	code?: string;
	/** Further extensions, e.g. the complexity of a query that was too complex. */
	extensions?: Record<string, unknown>;
}

/**
 * Codes for errors that carry none of their own. ASSUMED: Cloudshelf documents no codes for these;
 * the names are Apollo Server's and Apollo Router's, which GraphQL clients commonly know.
 */
function codeForStatus(status: number): string {
	if (status >= 500) return 'INTERNAL_SERVER_ERROR';
	const codes: Record<number, string> = {
		400: 'BAD_REQUEST',
		401: 'UNAUTHENTICATED',
		403: 'FORBIDDEN',
		404: 'NOT_FOUND',
		405: 'METHOD_NOT_ALLOWED',
		429: 'REQUEST_RATE_LIMITED',
	};
	return codes[status] ?? `HTTP_${status}`;
}

function errorsBody(status: number, errors: GraphQLErrorEntry[]) {
	return {
		errors: errors.map(({ message, code, extensions }) => ({
			message,
			extensions: { code: code ?? codeForStatus(status), ...extensions },
		})),
	};
}

/** The `ErrorBody` of a GraphQL simulator: one error entry. */
export const graphqlErrorBody: ErrorBody = (status, message, code) =>
	errorsBody(status, [{ message, code }]);

/**
 * An answer with several errors or extra extensions (validation, complexity); `data: null` when
 * the request reached execution, as GraphQL servers answer then.
 */
export function graphqlErrorResponse(
	status: number,
	errors: GraphQLErrorEntry[],
	options: { data?: null } = {},
): SandboxResponse {
	return { status, body: { ...errorsBody(status, errors), ...options } };
}
