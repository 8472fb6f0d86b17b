/**
 * Alerts inbox: stands in for the chat or incident webhook (Slack, Teams, PagerDuty, …) that the
 * templates' "Send Alert" nodes post to. Accepts any JSON POST under /hooks/ and keeps it.
 */
import {
	SandboxServer,
	type AdminHandlers,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';

export interface Alert {
	at: string;
	path: string;
	body: unknown;
}

export class AlertsInbox extends SandboxServer {
	readonly alerts: Alert[] = [];

	constructor() {
		super('alerts');
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
			return { status: 404, body: { error: 'POST to /hooks/<name>' } };
		this.alerts.push({ at: new Date().toISOString(), path: request.path, body: request.body });
		return { status: 200, body: { ok: true } };
	}
}
