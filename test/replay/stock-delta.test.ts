/**
 * Replay suite (issue #15), stock deltas: a relative stock change whose first request was processed
 * but whose answer was lost (the sandbox's `loseAnswerNext`: applied, answered 502, the timeout case)
 * moves the stock exactly once — through every node operation that applies a delta, and through the
 * store-sales templates that decrement stock for kiosk sales. Repeating the same change afterwards
 * (the operator re-runs the failed item, or the execution is replayed) moves nothing more where the
 * platform can tell (a change key); where it cannot, the item says so instead of applying twice.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import { centraWorkflow } from '../harness/centra';
import { commercetoolsWorkflow } from '../harness/commercetools';
import { linnworksWorkflow } from '../harness/linnworks';
import type { RunResult, WorkflowJson } from '../harness/run-workflow';
import { stoklyWorkflow } from '../harness/stokly';
import { runPolled, startRetail, type RetailFixture } from '../harness/templates';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

type Sandboxes = RetailFixture['sandboxes'];

interface DeltaTarget {
	target: string;
	/** The node's name in its workflow (its output is read by that name). */
	node: string;
	/** The platform's sandbox. */
	platform: 'linnworks' | 'centra' | 'commercetools' | 'stokly';
	/** The delta operation's workflow (error output on) for these stock changes. */
	workflow(items: IDataObject[], changeKey?: string): WorkflowJson;
	/** The platform operation that applies the delta (where the answer is lost). */
	write: string;
	/** Where the test changes stock: the location as the item names it. */
	location: string;
	/** The stock the delta moves, read from the sandbox. */
	level(sandboxes: Sandboxes, sku: string): number;
	/** Whether the operation takes a Change Key (a key keeps a re-run from applying twice). */
	keyed: boolean;
	/**
	 * What a 5xx that came before the change was processed leads to: `resent` when the node can
	 * check the platform (read back, change key, message) and so sends it again; `reported` when
	 * nothing tells (the item fails saying it may have been applied, and is never sent twice).
	 */
	after5xx: 'resent' | 'reported';
	/**
	 * What the lost answer of a processed change leads to: `confirmed` when the node finds out from
	 * the platform that it was applied (the item succeeds); `reported` when it cannot (fails saying so).
	 */
	lostAnswer: 'confirmed' | 'reported';
}

const SKU = 'TEE-RED-L';

const DELTA_TARGETS: DeltaTarget[] = [
	{
		target: 'Linnworks Stock → Adjust Levels',
		node: 'Linnworks',
		platform: 'linnworks',
		workflow: (items) =>
			linnworksWorkflow({ resource: 'stock', operation: 'adjustLevels' }, items, ERROR_OUTPUT),
		write: 'Stock/UpdateStockLevelsBySKU',
		location: 'Oxford Street',
		level: ({ linnworks }, sku) =>
			linnworks.state
				.snapshot()
				.stock.find((row) => row.sku === sku && row.location === 'Oxford Street')!.stockLevel,
		keyed: false,
		after5xx: 'reported',
		lostAnswer: 'confirmed',
	},
	{
		target: 'Centra Stock → Adjust',
		node: 'Centra',
		platform: 'centra',
		workflow: (items, changeKey) =>
			centraWorkflow(
				{ resource: 'stock', operation: 'adjust', ...(changeKey ? { changeKey } : {}) },
				items,
				ERROR_OUTPUT,
			),
		write: 'ChangeStock',
		location: 'Oxford Street',
		level: ({ centra }, sku) => centra.state.stockOf('Oxford Street', sku).physical,
		keyed: true,
		after5xx: 'resent',
		lostAnswer: 'confirmed',
	},
	{
		target: 'commercetools Inventory → Adjust',
		node: 'commercetools',
		platform: 'commercetools',
		workflow: (items, changeKey) =>
			commercetoolsWorkflow(
				{ resource: 'inventory', operation: 'adjust', ...(changeKey ? { changeKey } : {}) },
				items,
				ERROR_OUTPUT,
			),
		write: 'inventory/update',
		location: 'oxford-street',
		level: ({ commercetools }, sku) =>
			commercetools.state.inventory(sku, 'oxford-street')!.quantityOnStock,
		keyed: true,
		after5xx: 'resent',
		lostAnswer: 'confirmed',
	},
	{
		target: 'Stokly Stock → Adjust',
		node: 'Stokly',
		platform: 'stokly',
		workflow: (items, changeKey) =>
			stoklyWorkflow(
				{ resource: 'stock', operation: 'adjust', ...(changeKey ? { changeKey } : {}) },
				items,
				ERROR_OUTPUT,
			),
		write: 'POST /v1/adjustments',
		location: 'Oxford Street',
		level: ({ stokly }, sku) => stokly.state.onHand(sku, 'Oxford Street'),
		keyed: true,
		after5xx: 'reported',
		lostAnswer: 'reported',
	},
];

/** Runs the workflow as a production execution, keeping the node's static data between runs. */
async function runKeepingState(workflow: WorkflowJson, staticData?: IDataObject) {
	return await fixture.runner.run(workflow, { mode: 'trigger' }, staticData);
}

/** Each output item of the node: applied on the main output, or the error message it failed with. */
function outcomes(result: RunResult, node: string) {
	return {
		applied: result.json(node, 0),
		failed: result.json(node, 1).map((item) => String(item.error)),
	};
}

describe.each(DELTA_TARGETS)('replay: a stock delta retried after a timeout, $target', (spec) => {
	const sale = (quantity: number) => [{ sku: SKU, location: spec.location, quantity }];

	it('applies the change once when the first answer was lost, and a re-run of the same change moves nothing more', async () => {
		const before = spec.level(fixture.sandboxes, SKU);
		const sandbox = fixture.sandboxes[spec.platform];
		sandbox.setFaults({ loseAnswerNext: [{ operation: spec.write, count: 1 }] });
		const changeKey = spec.keyed ? 'CS-REPLAY-1:sale' : undefined;

		const first = await runKeepingState(spec.workflow(sale(-2), changeKey));
		expect(first.status).toBe('success');
		// The platform applied it once (the 502 came after): whatever the node concluded, it did not
		// send the change a second time on top.
		expect(spec.level(fixture.sandboxes, SKU)).toBe(before - 2);
		expect(sandbox.callsTo(spec.write).map((call) => call.status)).toEqual([502]);
		// The item is reported, never dropped: applied once confirmed, else failed saying it may be.
		const { applied, failed } = outcomes(first, spec.node);
		if (spec.lostAnswer === 'confirmed') {
			expect(applied).toEqual([expect.objectContaining({ sku: SKU })]);
			expect(failed).toEqual([]);
		} else {
			expect(applied).toEqual([]);
			expect(failed).toEqual([expect.stringMatching(/may have (been )?applied/)]);
		}

		// Without a change key a re-run is a new change (Linnworks has no key to tell them apart).
		if (!spec.keyed) return;
		// The operator runs the same change again (the item failed, or the execution is replayed):
		// the change key shows it was applied, so the stock does not move again.
		const again = await runKeepingState(spec.workflow(sale(-2), changeKey), first.staticData);
		expect(again.status).toBe('success');
		expect(spec.level(fixture.sandboxes, SKU)).toBe(before - 2);
	});

	it('a change whose write failed (503) before it was processed moves the stock at most once', async () => {
		const before = spec.level(fixture.sandboxes, SKU);
		fixture.sandboxes[spec.platform].setFaults({
			failNext: [{ operation: spec.write, status: 503, count: 1 }],
		});
		const result = await runKeepingState(
			spec.workflow(sale(-1), spec.keyed ? 'CS-REPLAY-2:sale' : undefined),
		);
		expect(result.status).toBe('success');
		const { applied, failed } = outcomes(result, spec.node);
		if (spec.after5xx === 'resent') {
			// The node checked that nothing moved and sent it again: applied once.
			expect(spec.level(fixture.sandboxes, SKU)).toBe(before - 1);
			expect({ applied, failed }).toEqual({
				applied: [expect.objectContaining({ sku: SKU })],
				failed: [],
			});
		} else {
			// A 503 may come after the work was done; with nothing to check it against, the item
			// fails saying so rather than being sent a second time.
			expect(spec.level(fixture.sandboxes, SKU)).toBe(before);
			expect(applied).toEqual([]);
			expect(failed).toEqual([expect.stringMatching(/may have (been )?applied/)]);
		}
		expect(fixture.sandboxes[spec.platform].callsTo(spec.write)[0].status).toBe(503);
	});
});

// ---- the store-sales templates (kiosk sales decrement store stock) ----

interface SalesTemplate {
	template: string;
	adjust: string;
	target: 'centra' | 'commercetools';
	write: string;
	/** Stock of a SKU at the Oxford Street store. */
	level(sandboxes: Sandboxes, sku: string): number;
}

const SALES_TEMPLATES: SalesTemplate[] = [
	{
		template: 'stock-sales-cloudshelf-to-centra',
		adjust: 'Adjust Centra Stock',
		target: 'centra',
		write: 'ChangeStock',
		level: ({ centra }, sku) => centra.state.stockOf('Oxford Street', sku).physical,
	},
	{
		template: 'stock-sales-cloudshelf-to-commercetools',
		adjust: 'Adjust commercetools Inventory',
		target: 'commercetools',
		write: 'inventory/update',
		level: ({ commercetools }, sku) =>
			commercetools.state.inventory(sku, 'oxford-street')!.quantityOnStock,
	},
];

const STORE_SALES_TRIGGER = 'Store Sales';

function storeSale(): SeedOrder {
	return {
		location: 'Oxford Street',
		status: 'PAID',
		fulfilmentMethod: 'in_store',
		lines: [
			{ variant: 'TEE-RED-M', quantity: 2, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
		],
	};
}

describe.each(SALES_TEMPLATES)(
	'replay: store sales whose stock write answer was lost, $template',
	(spec) => {
		it('takes the sale out once; the execution replayed 5 times takes nothing more', async () => {
			const workflow = fixture.workflow(spec.template);
			const activation = await runPolled(fixture, workflow, STORE_SALES_TRIGGER, {});
			expect(activation.items).toEqual([]);
			const before = {
				tee: spec.level(fixture.sandboxes, 'TEE-RED-M'),
				cap: spec.level(fixture.sandboxes, 'CAP-BLUE'),
			};
			const sale = fixture.sandboxes.cloudshelf.state.seedOrder(storeSale());
			const platform = fixture.sandboxes[spec.target];
			platform.setFaults({ loseAnswerNext: [{ operation: spec.write, count: 1 }] });

			const check = await runPolled(fixture, workflow, STORE_SALES_TRIGGER, activation.staticData);
			expect(check.result?.status).toBe('success');
			const sold = () => ({
				tee: spec.level(fixture.sandboxes, 'TEE-RED-M'),
				cap: spec.level(fixture.sandboxes, 'CAP-BLUE'),
			});
			expect(sold()).toEqual({ tee: before.tee - 2, cap: before.cap - 1 });
			// The lost answer was resolved against the platform: both lines reported applied, none failed.
			expect(platform.callsTo(spec.write)[0].status).toBe(502);
			expect(check.result!.json(spec.adjust).map((item) => [item.changeKey, item.applied])).toEqual(
				[
					[`${sale.id}:sale`, true],
					[`${sale.id}:sale`, true],
				],
			);
			expect(check.result!.json(spec.adjust, 1)).toEqual([]);
			expect(fixture.alerts()).toEqual([]);

			// The same execution replayed (a crashed run re-emitted, n8n's retry of the execution), 5×.
			let staticData = check.staticData;
			for (let replay = 0; replay < 5; replay++) {
				const again = await fixture.runner.run(
					workflow,
					{ startNode: STORE_SALES_TRIGGER, startItems: check.items, mode: 'trigger' },
					staticData,
				);
				expect(again.status).toBe('success');
				expect(again.json(spec.adjust).map((item) => item.applied === true)).toEqual([
					false,
					false,
				]);
				staticData = again.staticData;
			}
			expect(sold()).toEqual({ tee: before.tee - 2, cap: before.cap - 1 });
			expect(fixture.alerts()).toEqual([]);
		});
	},
);
