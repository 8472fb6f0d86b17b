/**
 * Alerts inbox: stands in for the chat or incident webhook (Slack, Teams, PagerDuty, …) that the
 * templates' "Send Alert" nodes post to. Accepts any JSON POST under /hooks/ and keeps it.
 */
import {
	SandboxServer,
	type AdminHandlers,
	type ErrorBody,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';

export interface Alert {
	at: string;
	path: string;
	body: unknown;
}

/** Errors as a plain webhook receiver words them: `{"error": "..."}`. */
export const plainErrorBody: ErrorBody = (_status, message) => ({ error: message });

export class AlertsInbox extends SandboxServer {
	readonly alerts: Alert[] = [];

	constructor() {
		super('alerts', plainErrorBody);
	}

	protected get admin(): AdminHandlers {
		return {
			state: () => ({ alerts: this.alerts }),
			seed: () => undefined,
			reset: () => {
				this.alerts.length = 0;
			},
		};
	}

	protected operationOf(request: SandboxRequest): string | undefined {
		return request.path;
	}

	protected handle(request: SandboxRequest): SandboxResponse {
		if (request.method !== 'POST' || !request.path.startsWith('/hooks/'))
			return this.error(404, 'POST to /hooks/<name>');
		this.alerts.push({ at: new Date().toISOString(), path: request.path, body: request.body });
		return { status: 200, body: { ok: true } };
	}
}
