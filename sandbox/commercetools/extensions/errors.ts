/**
 * Errors thrown inside the mock's write path must be the mock's own `CommercetoolsError` for its
 * error handler to answer them in the API's shape (`{statusCode, message, errors: [info]}`). The
 * class is not exported, so it is taken from the one synchronous mock call known to throw it (a
 * custom field set on a resource without a custom type).
 */
import type { CommercetoolsMock } from '../mock';

export type ThrowApiError = (
	status: number,
	code: string,
	message: string,
	extra?: Record<string, unknown>,
) => Error;

interface ProbedHandler {
	_setCustomFieldValues(resource: object, field: { name: string; value: unknown }): void;
}

export function mockErrors(mock: CommercetoolsMock, projectKey: string): ThrowApiError {
	const repository = mock.project(projectKey).getRepository('inventory-entry') as unknown as {
		actions: ProbedHandler;
	};
	let ErrorClass: new (info: object, statusCode: number) => Error;
	try {
		repository.actions._setCustomFieldValues({}, { name: 'probe', value: 1 });
		throw new Error('unreachable');
	} catch (error) {
		ErrorClass = (error as Error).constructor as typeof ErrorClass;
	}
	return (status, code, message, extra = {}) => new ErrorClass({ code, message, ...extra }, status);
}
