/**
 * The bad-input suite's one mechanism (issue #15): a table of cases per node and operation, each
 * run as a batch in which one item is bad between good ones (or, for a fault of the whole request,
 * every item meets it), with the node set to On Error → Continue (using error output). Every case
 * asserts the same things: the run does not throw, the bad items leave on the error output paired
 * with themselves and say what to fix, each good item leaves on the success output exactly once and
 * has exactly its one effect in the sandbox, and no secret of the credentials appears anywhere in
 * the output. What each case gave is recorded, written to `.artifacts/bad-input/<node>.md`, and the
 * README's "Reliability: bad input" table must say the same (`UPDATE_README=1` rewrites it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TargetedFault } from '../../sandbox/common/http';
import { ROOT, credentialTypeByName } from '../harness/node-types';
import type { RunResult, WorkflowRunner } from '../harness/run-workflow';

/** What "a 10 MB payload" is here: ten mebibytes of text in one field. */
export const TEN_MB = 10 * 1024 * 1024;

export interface BadInputCase {
	/** The kind of bad input, as the issue names it, e.g. "unmapped SKU". */
	case: string;
	/** What was tried, in a few words, for the README table. */
	tried: string;
	/** The batch: good items with the bad one(s) among them. */
	items: IDataObject[];
	/** Indexes of the items that must leave on the error output; the others must succeed. */
	bad: number[];
	/** Words the message of every bad item must contain: the problem and what to fix. */
	says?: RegExp[];
	/** Node parameters over the operation's own, e.g. a SKU mapping table. */
	parameters?: IDataObject;
	/** Turns a sandbox knob or breaks the credential before the run. */
	before?: () => void | Promise<void>;
	/** A further check after the run (e.g. the refreshed token was used). */
	after?: (result: RunResult) => void | Promise<void>;
	/** How a case that ends in success got there, for the table (e.g. "retried once"). */
	recovered?: string;
	/**
	 * Effects each bad item leaves: 0, or 1 where the platform processed the request but its
	 * answer was lost (the item then fails saying so, and is never applied twice).
	 */
	badEffects?: 0 | 1;
}

export interface OperationTable {
	/** Node name as n8n shows it in the workflow (the node's name in the test workflow). */
	node: string;
	/** "Stock → Set Levels". */
	operation: string;
	runner: () => WorkflowRunner;
	/** Seeds what the operation works on (e.g. orders to ship), before the case turns its knobs. */
	prepare?: () => Promise<void>;
	/** Runs the node with the operation's parameters (plus the case's) on `items`, error output on. */
	run: (parameters: IDataObject, items: IDataObject[]) => Promise<RunResult>;
	/** How many effects the sandbox holds for this item (a level set, an order created): 0 or 1. */
	effectsOf: (item: IDataObject) => number | Promise<number>;
	cases: BadInputCase[];
}

export interface Observation {
	operation: string;
	case: string;
	tried: string;
	gave: string;
}

/**
 * Every value of a password field or an expirable (session/token) field of the credentials the
 * runner holds, as they are after the run (a renewed session token included).
 */
export function secretsOf(runner: WorkflowRunner): string[] {
	const secrets: string[] = [];
	for (const [type, data] of Object.entries(runner.credentials.store)) {
		const properties = credentialTypeByName(type)?.properties ?? [];
		for (const property of properties) {
			const secret =
				property.typeOptions?.password === true || property.typeOptions?.expirable === true;
			const value = data[property.name];
			if (secret && typeof value === 'string' && value.length >= 6) secrets.push(value);
		}
	}
	return secrets;
}

const indexOf = (item: INodeExecutionData): number => {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (Array.isArray(paired)) return paired.length === 1 ? paired[0].item : -1;
	return paired?.item ?? -1;
};

/** A message as the table shows it: one line, loopback ports and sandbox-made ids masked. */
export function gist(message: string): string {
	return (
		message
			.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
			// Ids the sandboxes make anew each run (the ULIDs in Cloudshelf gids).
			.replace(/(gid:\/\/cloudshelf\/\w+\/)[0-9A-Z]{16,26}/g, '$1<id>')
			.replace(/\s+/g, ' ')
			.replace(/\|/g, '\\|')
			.trim()
	);
}

/** Runs one case and asserts everything the issue asks of it; returns what it gave. */
export async function runCase(table: OperationTable, badCase: BadInputCase): Promise<Observation> {
	await table.prepare?.();
	await badCase.before?.();
	const result = await table.run(badCase.parameters ?? {}, badCase.items);

	// The run itself never throws, whatever the input.
	expect(result.error?.message).toBeUndefined();
	expect(result.status).toBe('success');

	const success = result.items(table.node, 0);
	const errors = result.items(table.node, 1);
	const good = badCase.items.map((_, index) => index).filter((i) => !badCase.bad.includes(i));

	// The bad items, each once on the error output, paired with itself; nothing else there.
	expect(errors.map(indexOf).sort((a, b) => a - b)).toEqual(badCase.bad);
	for (const error of errors) {
		// What n8n shows of the error: the message, and the details that say what to fix.
		const message = [error.json.error, error.json.details].filter(Boolean).join(' — ');
		// A message that echoes a huge input says nothing; checked first so a failure prints short.
		expect(message.length < 1000 ? 'short' : `${message.slice(0, 300)}… (${message.length})`).toBe(
			'short',
		);
		for (const word of badCase.says ?? []) expect(message).toMatch(word);
		expect(message).not.toMatch(/^(Bad request|Unknown error|undefined|\[object Object\])/i);
	}
	// Every good item once on the success output, and nothing for a bad one.
	expect(success.map(indexOf).sort((a, b) => a - b)).toEqual(good);

	// Exactly one effect per good item in the sandbox, none for a bad one.
	for (const index of good) expect(await table.effectsOf(badCase.items[index])).toBe(1);
	for (const index of badCase.bad)
		expect(await table.effectsOf(badCase.items[index])).toBe(badCase.badEffects ?? 0);

	// No secret anywhere in what the node gave (both outputs, whole JSON).
	const everything = JSON.stringify(result.run.data.resultData);
	const secrets = secretsOf(table.runner());
	expect(secrets.length).toBeGreaterThan(0); // the check below is never vacuous
	for (const secret of secrets) expect(everything).not.toContain(secret);

	await badCase.after?.(result);

	const others = good.length === 1 ? 'the other' : `the ${good.length} others`;
	const appliedOnce = badCase.badEffects ? ', applied once and never sent again' : '';
	const where = badCase.bad.length
		? badCase.bad.length === badCase.items.length
			? `every item → error output${appliedOnce}`
			: `item ${badCase.bad.join(', ')} → error output${appliedOnce}, ${others} written once`
		: `all ${good.length} written once${badCase.recovered ? `, ${badCase.recovered}` : ''}`;
	const message = errors.length ? `: "${gist(String(errors[0].json.error))}"` : '';
	return {
		operation: table.operation,
		case: badCase.case,
		tried: badCase.tried,
		gave: where + message,
	};
}

const README = join(ROOT, 'README.md');
const BEGIN = '<!-- bad-input table: written by test/bad-input (UPDATE_README=1) -->';
const END = '<!-- end of bad-input table -->';

function row(node: string, observation: Observation): string {
	return `| ${node} · ${observation.operation} | ${observation.case} | ${gist(observation.tried)} | ${observation.gave} |`;
}

/** The README table's rows of one node. */
function readmeRows(node: string): string[] {
	const text = readFileSync(README, 'utf8');
	const start = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (start < 0 || end < start) return [];
	return text
		.slice(start, end)
		.split('\n')
		.filter((line) => line.startsWith(`| ${node} · `));
}

/**
 * Writes the node's observed rows to `.artifacts/bad-input/<node>.md` and returns them with the
 * README's; with UPDATE_README=1 the README's rows of the node are replaced first (run the suite
 * with --runInBand then, as every file rewrites the README).
 */
export function recordObservations(
	node: string,
	observations: Observation[],
): { observed: string[]; readme: string[] } {
	const observed = observations.map((observation) => row(node, observation));
	const folder = join(ROOT, '.artifacts', 'bad-input');
	mkdirSync(folder, { recursive: true });
	writeFileSync(join(folder, `${node}.md`), `${observed.join('\n')}\n`);
	if (process.env.UPDATE_README === '1') {
		const text = readFileSync(README, 'utf8');
		const start = text.indexOf(BEGIN);
		const end = text.indexOf(END);
		if (start < 0 || end < start) throw new Error(`README.md has no "${BEGIN}" … "${END}" block`);
		const block = text.slice(start + BEGIN.length, end).split('\n');
		const others = block.filter(
			(line) => line.startsWith('| ') && !line.startsWith(`| ${node} · `),
		);
		const header = block.filter((line) => line.startsWith('| What') || line.startsWith('| ---'));
		const rows = [...others.filter((line) => !header.includes(line)), ...observed].sort((a, b) =>
			a.split(' · ')[0].localeCompare(b.split(' · ')[0]),
		);
		writeFileSync(
			README,
			`${text.slice(0, start + BEGIN.length)}\n${header.join('\n')}\n${rows.join('\n')}\n${text.slice(end)}`,
		);
	}
	return { observed, readme: readmeRows(node) };
}

/**
 * The suite of one node: a describe per operation with an `it` per case, then the check that the
 * README says what was observed. Tables reach the fixture of the test through their closures.
 */
export function badInputSuite(node: string, tables: OperationTable[]): void {
	const observations: Observation[] = [];
	const expected = tables.reduce((sum, table) => sum + table.cases.length, 0);
	describe(`${node}: bad input`, () => {
		for (const table of tables) {
			describe(table.operation, () => {
				it.each(table.cases.map((badCase) => [badCase.case, badCase] as const))(
					'%s',
					async (_label, badCase) => {
						observations.push(await runCase(table, badCase));
					},
				);
			});
		}
		it('the README table says what each case gave', () => {
			// Only a full run of the file can vouch for the table.
			expect(observations).toHaveLength(expected);
			const order = tables.flatMap((table) =>
				table.cases.map((badCase) => `${table.operation}|${badCase.case}`),
			);
			observations.sort(
				(a, b) =>
					order.indexOf(`${a.operation}|${a.case}`) - order.indexOf(`${b.operation}|${b.case}`),
			);
			const { observed, readme } = recordObservations(node, observations);
			expect(readme).toEqual(observed);
		});
	});
}

/**
 * The cases of a stock level's own fields, the same on every platform: `good` are two items that
 * change a level, `other` the SKU and location of the bad item (a level that exists), `big` the
 * field made 10 MB.
 */
export function stockLevelCases(
	[first, second]: [IDataObject, IDataObject],
	other: IDataObject,
	big: 'sku' | 'location' = 'sku',
): BadInputCase[] {
	const batch = (bad: IDataObject) => [first, bad, second];
	const level = (quantity: number | string) => batch({ ...other, quantity });
	return [
		{
			case: 'negative quantity',
			tried: 'quantity -2',
			items: level(-2),
			bad: [1],
			says: [/quantity must be a whole number of 0 or more \(got -2\)/],
		},
		{
			case: 'fractional quantity',
			tried: 'quantity 2.5',
			items: level(2.5),
			bad: [1],
			says: [/quantity must be a whole number of 0 or more \(got 2.5\)/],
		},
		{
			case: 'string for a number',
			tried: 'quantity "twelve"',
			items: level('twelve'),
			bad: [1],
			says: [/quantity must be a number \(got "twelve"\)/],
		},
		{
			case: 'malformed payload',
			tried: 'an item of another shape: { SKU, Qty }',
			items: batch({ SKU: other.sku, Qty: 4 }),
			bad: [1],
			says: [/sku is missing/, /quantity is missing/],
		},
		{
			case: 'truncated payload',
			tried: 'an item cut short: { sku, location } without quantity',
			items: batch(other),
			bad: [1],
			says: [/quantity is missing/],
		},
		{
			case: '10 MB payload',
			tried: `a ${big === 'sku' ? 'SKU' : 'location'} of 10 MB`,
			items: batch({ ...other, quantity: 1, [big]: 'x'.repeat(TEN_MB) }),
			bad: [1],
			says: [new RegExp(`${big} is 10\\.0 MB`), /at most 1\.0 MB/],
		},
	];
}

/**
 * The cases of a canonical order's own fields, the same on every platform: `order(reference,
 * changes)` makes a good order; the bad one is `<prefix>-2` between `<prefix>-1` and `<prefix>-3`.
 */
export function orderCases(
	order: (reference: string, changes?: IDataObject) => IDataObject,
	prefix: string,
	line: IDataObject,
): BadInputCase[] {
	const batch = (bad: IDataObject) => [order(`${prefix}-1`), bad, order(`${prefix}-3`)];
	const withLine = (change: IDataObject) =>
		batch(order(`${prefix}-2`, { lines: [{ ...line, ...change }] }));
	return [
		{
			case: 'missing currency',
			tried: 'an order without currency',
			items: batch(order(`${prefix}-2`, { currency: undefined })),
			bad: [1],
			says: [/currency is missing/],
		},
		{
			case: 'negative quantity',
			tried: 'a line of quantity -1',
			items: withLine({ quantity: -1 }),
			bad: [1],
			says: [/lines\[0\]\.quantity must be a whole number of 1 or more \(got -1\)/],
		},
		{
			case: 'fractional quantity',
			tried: 'a line of quantity 1.5',
			items: withLine({ quantity: 1.5 }),
			bad: [1],
			says: [/lines\[0\]\.quantity must be a whole number of 1 or more \(got 1.5\)/],
		},
		{
			case: 'string for a number',
			tried: 'unitPrice "free"',
			items: withLine({ unitPrice: 'free' }),
			bad: [1],
			says: [/lines\[0\]\.unitPrice must be a number \(got "free"\)/],
		},
		{
			case: 'malformed payload',
			tried: `lines as a text "${String(line.sku)} x1"`,
			items: batch(order(`${prefix}-2`, { lines: `${String(line.sku)} x1` })),
			bad: [1],
			says: [/lines must be a list/],
		},
		{
			case: 'truncated payload',
			tried: 'an order cut short after placedAt',
			items: batch({
				reference: `${prefix}-2`,
				origin: 'cloudshelf',
				placedAt: '2026-11-20T10:15:00Z',
			}),
			bad: [1],
			says: [/currency is missing/, /lines is missing/],
		},
		{
			case: '10 MB payload',
			tried: 'an order with a 10 MB note (attributes.note)',
			items: batch(order(`${prefix}-2`, { attributes: { note: 'x'.repeat(TEN_MB) } })),
			bad: [1],
			says: [/attributes\.note is 10\.0 MB/, /at most 1\.0 MB/],
		},
	];
}

/** The sandbox knobs the whole-request cases turn (a sandbox's `faults`). */
export interface Faults {
	faults: { failNext: TargetedFault[] };
}

/**
 * A proxy's HTML page in place of the answer to `operation`: a 502 once (retried, then answered),
 * and a sign-in page under HTTP 200 that stays (every item fails, saying so).
 */
export function htmlPageCases(
	sandbox: () => Faults,
	items: IDataObject[],
	operation: string,
	/**
	 * How the 502 ends: retried (what a safe request does), or, for a request that must not be
	 * sent twice, the items whose request may have been processed failing with these words.
	 */
	after502: string | { failed: number[]; says: RegExp[] } = 'retried',
): BadInputCase[] {
	const page = (status: number, count: number) => () => {
		sandbox().faults.failNext.push({ operation, status, count, page: 'html' });
	};
	return [
		{
			case: 'HTML page from a proxy (502)',
			tried: `nginx "502 Bad Gateway" page (text/html) on ${operation}, once`,
			items,
			before: page(502, 1),
			...(typeof after502 === 'string'
				? { bad: [], recovered: after502 }
				: { bad: after502.failed, says: after502.says }),
		},
		{
			case: 'HTML page from a proxy (200)',
			tried: `an HTML sign-in page with HTTP 200 on ${operation}`,
			items,
			bad: items.map((_, index) => index),
			before: page(200, 1000),
			says: [/HTML page/, /not JSON/, /proxy/],
		},
	];
}

/** A GraphQL answer of HTTP 200 with only `errors[]` (the variables refused), on every call. */
export function graphqlErrorsCase(
	sandbox: () => Faults,
	items: IDataObject[],
	operation: string,
): BadInputCase {
	return {
		case: 'GraphQL errors[] with HTTP 200',
		tried: `${operation} answered 200 with errors[] (BAD_USER_INPUT)`,
		items,
		bad: items.map((_, index) => index),
		before: () => {
			sandbox().faults.failNext.push({
				operation,
				status: 200,
				count: 1000,
				code: 'BAD_USER_INPUT',
				message:
					'Variable "$input" got invalid value; Field "quantity" of required type "Int!" was not provided.',
			});
		},
		says: [/Field "quantity" of required type "Int!" was not provided/],
	};
}

/**
 * The cases of a stock change's own fields (a signed delta, so a negative one is good): as
 * `stockLevelCases`, without "negative quantity".
 */
export function stockDeltaCases(
	[first, second]: [IDataObject, IDataObject],
	other: IDataObject,
	big: 'sku' | 'location' = 'sku',
): BadInputCase[] {
	const batch = (bad: IDataObject) => [first, bad, second];
	return [
		{
			case: 'fractional quantity',
			tried: 'a change of 2.5',
			items: batch({ ...other, quantity: 2.5 }),
			bad: [1],
			says: [/quantity must be a whole number \(got 2.5\)/],
		},
		{
			case: 'string for a number',
			tried: 'a change of "minus two"',
			items: batch({ ...other, quantity: 'minus two' }),
			bad: [1],
			says: [/quantity must be a number \(got "minus two"\)/],
		},
		{
			case: 'malformed payload',
			tried: 'an item of another shape: { SKU, Delta }',
			items: batch({ SKU: other.sku, Delta: -1 }),
			bad: [1],
			says: [/sku is missing/, /quantity is missing/],
		},
		{
			case: 'truncated payload',
			tried: 'an item cut short: { sku, location } without quantity',
			items: batch(other),
			bad: [1],
			says: [/quantity is missing/],
		},
		{
			case: '10 MB payload',
			tried: `a ${big === 'sku' ? 'SKU' : 'location'} of 10 MB`,
			items: batch({ ...other, quantity: 1, [big]: 'x'.repeat(TEN_MB) }),
			bad: [1],
			says: [new RegExp(`${big} is 10\\.0 MB`), /at most 1\.0 MB/],
		},
	];
}

/**
 * The write applied but its answer lost (a gateway's 502 after the platform did the work): the
 * effect must happen once, never twice. It ends recovered (the platform checked, e.g. "found
 * applied"), or with the items of that call (`failed`, default all) failing with these words,
 * applied once and not sent again.
 */
export function lostAnswerCase(
	sandbox: () => { faults: { loseAnswerNext: Array<{ operation: string; count: number }> } },
	items: IDataObject[],
	operation: string,
	after: string | { says: RegExp[]; failed?: number[] },
): BadInputCase {
	return {
		case: 'answer lost after the write',
		tried: `${operation} applied, its answer lost (502)`,
		items,
		before: () => {
			sandbox().faults.loseAnswerNext.push({ operation, count: 1 });
		},
		...(typeof after === 'string'
			? { bad: [], recovered: after }
			: {
					bad: after.failed ?? items.map((_, index) => index),
					badEffects: 1 as const,
					says: after.says,
				}),
	};
}

/**
 * The cases of a fulfilment's own fields: `fulfilment(reference, changes)` makes a good one; the
 * bad one is for the order `bad` between `first` and `second`. How each platform words a bad
 * line and missing lines is given (`badLine`, `noLines`).
 */
export function fulfilmentCases(
	fulfilment: (reference: string, changes?: IDataObject) => IDataObject,
	[first, bad, second]: [string, string, string],
	sku: string,
	{
		badLine,
		noLines,
		truncated = noLines,
	}: { badLine: RegExp; noLines: RegExp; truncated?: RegExp },
): BadInputCase[] {
	const batch = (item: IDataObject) => [fulfilment(first), item, fulfilment(second)];
	const withLine = (quantity: unknown) => batch(fulfilment(bad, { lines: [{ sku, quantity }] }));
	return [
		{
			case: 'negative quantity',
			tried: 'a line of quantity -1',
			items: withLine(-1),
			bad: [1],
			says: [badLine],
		},
		{
			case: 'fractional quantity',
			tried: 'a line of quantity 1.5',
			items: withLine(1.5),
			bad: [1],
			says: [badLine],
		},
		{
			case: 'string for a number',
			tried: 'a line of quantity "two"',
			items: withLine('two'),
			bad: [1],
			says: [badLine],
		},
		{
			case: 'malformed payload',
			tried: `lines as a text "${sku} x1"`,
			items: batch(fulfilment(bad, { lines: `${sku} x1` })),
			bad: [1],
			says: [noLines],
		},
		{
			case: 'truncated payload',
			tried: 'a fulfilment cut short after the order reference',
			items: batch({ orderReference: bad }),
			bad: [1],
			says: [truncated],
		},
		{
			case: '10 MB payload',
			tried: 'a tracking number of 10 MB',
			items: batch(fulfilment(bad, { trackingNumber: 'x'.repeat(TEN_MB) })),
			bad: [1],
			says: [/10\.0 MB/, /more than|at most/],
		},
	];
}
