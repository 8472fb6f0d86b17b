/**
 * The package in n8n's queue mode, small enough for every CI run: PostgreSQL, Redis, one main and
 * two workers (the stack `npm run start:queue` starts, on its own ports and folder), the templates
 * provisioned as `npm start` does. Kiosk orders are injected by the shipped Cloudshelf → Linnworks
 * template on a short schedule while the worker running it is SIGKILLed (a new batch of orders
 * when a run injected the last one before it was seen in flight); the end state must be each
 * order in Linnworks exactly once and marked in Cloudshelf with that order's number.
 *
 * Run after the other suites (its own jest config, `npm test` runs it last), so that its five
 * servers do not share the two cores with the real-n8n suite.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, ensureN8n } from '../../scripts/n8n/install';
import { provision } from '../../scripts/n8n/provision';
import { QueueStack } from '../../scripts/n8n/queue/stack';
import { sandboxAddresses } from '../../sandbox/index';
import { paidKioskOrder, startRetail, type RetailFixture } from '../harness/templates';
import { waitFor } from '../harness/time';

const STATE = join(ROOT, '.artifacts', 'queue-e2e');
const INJECTION = 'Order injection: Cloudshelf → Linnworks';
const SCHEDULE = 'Every 5 Minutes';
const ORDERS = 36;

jest.setTimeout(15 * 60_000);

let fixture: RetailFixture;
let stack: QueueStack;
const log = (line: string) => process.stdout.write(`${line}\n`);

beforeAll(async () => {
	ensureN8n(log);
	fixture = await startRetail();
	rmSync(STATE, { recursive: true, force: true });
	stack = new QueueStack({
		stateDir: STATE,
		portBase: 5700,
		workers: 2,
		webhookProcessor: false,
		httpsProxy: {
			url: fixture.sandboxes.shopify.proxyUrl,
			caFile: fixture.sandboxes.shopify.writeCaFile(join(ROOT, '.artifacts', 'queue-e2e-ca.pem')),
		},
		say: log,
		supervisorEcho: log,
	});
	await stack.start();
	await provision(stack.main, sandboxAddresses(fixture.sandboxes), {
		workDirectory: join(STATE, 'provision'),
	});
}, 20 * 60_000);

afterAll(async () => {
	await stack?.stop();
	await fixture?.close();
});

describe('queue mode: main + 2 workers on PostgreSQL and Redis', () => {
	it('injects every kiosk order exactly once while the worker running the injection is SIGKILLed', async () => {
		const { cloudshelf, linnworks } = fixture.sandboxes;
		const seeded: Array<{ id: string }> = [];
		const references = new Set<string>();
		/** A batch of kiosk orders for the next runs. */
		const seedBatch = () => {
			const batch = Array.from({ length: ORDERS }, (_, index) =>
				cloudshelf.state.seedOrder(paidKioskOrder(seeded.length + index)),
			);
			seeded.push(...batch);
			for (const order of batch) references.add(order.id);
			return batch;
		};
		const injected = () =>
			linnworks.state.snapshot().orders.filter((order) => references.has(order.reference));
		const marked = (orders = seeded) =>
			orders.filter((order) => cloudshelf.state.orders.get(order.id)!.thirdPartyId);
		// Slow answers keep a run in flight for several seconds, so the kill lands mid-run (some
		// orders created in Linnworks, not yet marked in Cloudshelf) and runs overlap on both workers.
		cloudshelf.setFaults({ latencyMs: 150 });
		linnworks.setFaults({ latencyMs: 150 });

		const workflowId = (await stack.main.workflows()).find((workflow) =>
			workflow.name.startsWith(INJECTION),
		)!.id;
		const shippedSchedule = await stack.main.setNodeParameters(workflowId, SCHEDULE, {
			rule: { interval: [{ field: 'seconds', secondsInterval: 10 }] },
		});
		await stack.main.activate(workflowId);
		let victim: { execution: string; worker: number; pid: number } | undefined;
		try {
			// The first run that has created orders but not marked them all: kill its worker. A run
			// that does it all between two looks (a fast machine, a slow probe) leaves nothing in
			// flight, so the next batch of orders gives the next runs the same chance (3 at most).
			for (let batch = 1; !victim; batch++) {
				const orders = seedBatch();
				const ids = new Set(orders.map((order) => order.id));
				let missed = false;
				await waitFor(
					async () => {
						missed = marked(orders).length === orders.length;
						const created = injected().filter((order) => ids.has(order.reference)).length;
						if (missed || !created) return missed;
						const running = (await stack.main.executions(workflowId)).find(
							(execution) => execution.status === 'running',
						);
						const worker = running && stack.workerOf(running.id);
						const pid = worker && stack.workers[worker - 1].pid;
						if (!running || !worker || !pid) return false;
						victim = { execution: running.id, worker, pid };
						return true;
					},
					'a run in flight on a worker, with orders created and not yet all marked',
					60_000,
				);
				if (missed && batch === 3)
					throw new Error('3 batches of orders were injected before a run was seen in flight');
				if (missed) log(`batch ${batch} was injected before a run was seen in flight: another`);
			}
			process.kill(victim!.pid, 'SIGKILL');
			log(
				`killed worker-${victim!.worker} (pid ${victim!.pid}) running execution ${victim!.execution}`,
			);
			await waitFor(
				() => marked().length === seeded.length,
				'every kiosk order marked in Cloudshelf',
				240_000,
			);
			// The killed worker is back (the supervisor), and n8n has ended the killed execution.
			await waitFor(
				() =>
					stack.supervisor.lines.some((line) =>
						line.includes(`worker-${victim!.worker} restarted`),
					),
				'the supervisor to restart the killed worker',
				120_000,
			);
			await waitFor(
				async () =>
					(await stack.main.executions(workflowId)).some(
						(execution) => execution.id === victim!.execution && execution.status !== 'running',
					),
				'n8n to end the killed execution',
				120_000,
			);
		} finally {
			await stack.main.deactivate(workflowId);
			await stack.main.setNodeParameters(workflowId, SCHEDULE, shippedSchedule);
			cloudshelf.clearFaults();
			linnworks.clearFaults();
		}

		// Exactly once: one Linnworks order per kiosk order, and the kiosk order marked with it.
		const orders = injected();
		expect(orders.map((order) => order.reference).sort()).toEqual([...references].sort());
		for (const order of orders)
			expect(cloudshelf.state.orders.get(order.reference)!.thirdPartyId).toBe(
				String(order.numOrderId),
			);

		const executions = await stack.main.settledExecutions(workflowId, 60_000);
		log(
			`executions: ${executions
				.map(
					(execution) =>
						`${execution.id} ${execution.status} on worker-${stack.workerOf(execution.id)}`,
				)
				.join(', ')}`,
		);
		const killed = executions.find((execution) => execution.id === victim!.execution)!;
		// n8n does not re-queue a job whose worker died (Bull's maxStalledCount is 0): the execution
		// ends as failed, and the next scheduled run picks up what it left.
		expect(['error', 'crashed']).toContain(killed.status);
		const later = executions.filter((execution) => Number(execution.id) > Number(killed.id));
		expect(later.some((execution) => execution.status === 'success')).toBe(true);
		// Both workers took runs: the queue, not one process, did the work.
		const workers = new Set(executions.map((execution) => stack.workerOf(execution.id)));
		expect(workers).toEqual(new Set([1, 2]));
		expect(fixture.alerts()).toEqual([]);
		expect(
			stack.supervisor.lines.filter((line) =>
				line.includes(`worker-${victim!.worker} (pid ${victim!.pid}) exited (SIGKILL)`),
			),
		).toHaveLength(1);
	});
});
