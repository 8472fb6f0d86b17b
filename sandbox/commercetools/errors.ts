/**
 * commercetools error bodies (reference A3, VERIFIED): `{statusCode, message, errors: [{code,
 * message, …}]}`; OAuth errors add `error` / `error_description` (AuthErrorResponse).
 */
import type { AuthErrorResponse, ErrorObject, ErrorResponse } from '@commercetools/platform-sdk';

import type { SandboxResponse } from '../common/http';

/** The error code the API uses for a status when no more specific one applies. */
export function codeForStatus(status: number): string {
	if (status === 400) return 'InvalidInput';
	if (status === 401) return 'invalid_token';
	if (status === 403) return 'insufficient_scope';
	if (status === 404) return 'ResourceNotFound';
	if (status === 409) return 'ConcurrentModification';
	// 429: the sandbox's ASSUMED rate limit (commercetools documents none for the HTTP API).
	if (status === 429) return 'TooManyRequests';
	if (status === 502) return 'BadGateway';
	if (status === 503) return 'OverCapacity';
	return 'General';
}

export function errorBody(
	status: number,
	message: string,
	code = codeForStatus(status),
	extra: Record<string, unknown> = {},
): ErrorResponse & { errors: ErrorObject[] } {
	const error = { code, message, ...extra } as ErrorObject;
	return { statusCode: status, message, errors: [error] };
}

export function errorResponse(
	status: number,
	message: string,
	code?: string,
	extra?: Record<string, unknown>,
): SandboxResponse {
	return { status, body: errorBody(status, message, code, extra) };
}

/** OAuth 2.0 errors of the auth server and of token checks (AuthErrorResponse). */
export function authErrorResponse(
	status: number,
	code: string,
	message: string,
	headers?: Record<string, string>,
): SandboxResponse {
	const body: AuthErrorResponse = {
		...errorBody(status, message, code),
		error: code,
		error_description: message,
	};
	return { status, body, headers };
}
