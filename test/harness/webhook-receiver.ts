/**
 * A webhook trigger behind a real HTTP endpoint, for sandboxes that deliver webhooks themselves:
 * each request is handed to `WorkflowRunner.webhook` as n8n's webhook server would hand it over,
 * with the workflow's static data kept between requests as n8n keeps it in its database (each
 * request reads what the previous ones saved; requests are handled concurrently, as n8n does).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import type { WebhookDelivery, WorkflowJson, WorkflowRunner } from './run-workflow';

export class WebhookReceiver {
	/** Every request handled, in the order their answers were sent. */
	readonly deliveries: WebhookDelivery[] = [];
	/**
	 * Answers to lose: the next N requests are handled in full (items emitted, static data saved)
	 * but the caller gets a 502, as when a proxy in front of n8n times out; senders then retry.
	 */
	loseAnswers = 0;

	private constructor(
		private readonly server: Server,
		/** http://127.0.0.1:<port>: every path under it reaches the trigger (see WorkflowRunner.baseUrl). */
		readonly origin: string,
		readonly url: string,
		/** The workflow's static data as n8n's database holds it. */
		public staticData: IDataObject,
	) {}

	static async start(
		runner: WorkflowRunner,
		workflow: WorkflowJson,
		nodeName: string,
		staticData: IDataObject = {},
	): Promise<WebhookReceiver> {
		const started: { receiver?: WebhookReceiver } = {};
		const server = createServer((req, res) => {
			void (async () => {
				const body = await readBody(req);
				const headers: Record<string, string> = {};
				for (const [name, value] of Object.entries(req.headers)) {
					if (typeof value === 'string') headers[name] = value;
				}
				const delivery = await runner.webhook(
					workflow,
					nodeName,
					{ method: req.method, headers, body },
					started.receiver!.staticData,
				);
				started.receiver!.staticData = delivery.staticData;
				started.receiver!.deliveries.push(delivery);
				if (started.receiver!.loseAnswers > 0) {
					started.receiver!.loseAnswers--;
					res.writeHead(502);
					res.end('Bad gateway');
					return;
				}
				res.writeHead(delivery.answer.statusCode, {
					'Content-Type': 'application/json',
					...delivery.answer.headers,
				});
				res.end(delivery.answer.body);
			})().catch((error: Error) => {
				res.writeHead(500);
				res.end(error.message);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		started.receiver = new WebhookReceiver(
			server,
			`http://127.0.0.1:${port}`,
			`http://127.0.0.1:${port}/webhook/${encodeURIComponent(nodeName)}`,
			staticData,
		);
		return started.receiver;
	}

	/** Items emitted over all deliveries. */
	get emitted(): IDataObject[] {
		return this.deliveries.flatMap((delivery) => delivery.items.map((item) => item.json));
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}
