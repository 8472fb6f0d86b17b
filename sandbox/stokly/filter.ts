/**
 * Stokly's `filter` query parameter (reference §2.2): a tokenizer, a recursive-descent parser and an
 * evaluator, plus a planner that answers equality terms on indexed fields from indexes.
 *
 * Grammar (VERIFIED by usage unless marked):
 *
 *     expression := and ( '||' and )*
 *     and        := unary ( '&&' unary )*          && binds tighter than || (ASSUMED, as usual)
 *     unary      := '(' expression ')' | term
 *     term       := '[' field ']' operator '{' value '}'
 *     operator   := '==' | '!=' | '::' | '!:' | '=*' | '>>' | '<<' | '>=' | '<='
 *     value      := '@string;' text | '@null;' | text    (`=*`: text is a comma-separated list)
 *
 * `!:`, `<<`, `>=`, `<=` come from the 2022 operator table and are INFERRED still valid.
 * ASSUMED: whitespace between tokens is ignored (never inside `[…]` or `{…}`); values cannot hold
 * `{` or `}` (no escaping is known); an empty filter matches everything; an unknown field is a 400
 * (so a client's typo shows instead of matching nothing); a typed literal other than `@string` and
 * `@null` is a 400. Positions in error messages are 0-based character offsets into the decoded
 * filter.
 *
 * Comparison (ASSUMED, modelled on why clients send `{@string;…}` for SKUs): an untyped value that
 * looks like a number is a number and `true`/`false` are booleans, and a number never equals a
 * string field, so `[sku]=={00123}` finds nothing while `[sku]=={@string;00123}` finds the item.
 * `@string` compares the field's text. `@null;` matches a null or absent field. `==` on an array
 * field matches when an element equals; `::` is "array contains" on arrays and a case-insensitive
 * substring test on text; `>>` `<<` `>=` `<=` compare numbers numerically, two ISO timestamps as
 * instants and other text by code units, and are false against null.
 */

export class FilterError extends Error {
	constructor(
		readonly position: number,
		detail: string,
	) {
		super(`Malformed filter at position ${position}: ${detail}`);
	}
}

export type Operator = '==' | '!=' | '::' | '!:' | '=*' | '>>' | '<<' | '>=' | '<=';
const OPERATORS: Operator[] = ['==', '!=', '::', '!:', '=*', '>>', '<<', '>=', '<='];

export type Literal =
	| { kind: 'plain'; text: string; value: string | number | boolean }
	| { kind: 'string'; text: string }
	| { kind: 'null' };

export type FilterNode =
	| { type: 'term'; field: string; operator: Operator; values: Literal[]; position: number }
	| { type: 'and' | 'or'; children: FilterNode[] };

type Token =
	| { type: 'field'; text: string; position: number }
	| { type: 'operator'; text: Operator; position: number }
	| { type: 'value'; text: string; position: number }
	| { type: '&&' | '||' | '(' | ')'; position: number };

/** Splits a decoded filter into tokens. */
export function tokenize(filter: string): Token[] {
	const tokens: Token[] = [];
	let at = 0;
	while (at < filter.length) {
		const char = filter[at];
		if (/\s/.test(char)) {
			at++;
			continue;
		}
		const two = filter.slice(at, at + 2);
		if (char === '(' || char === ')') {
			tokens.push({ type: char, position: at });
			at++;
		} else if (two === '&&' || two === '||') {
			tokens.push({ type: two, position: at });
			at += 2;
		} else if (char === '&' || char === '|') {
			throw new FilterError(at, `expected "${char}${char}" but found a single "${char}"`);
		} else if (char === '[') {
			const end = filter.indexOf(']', at + 1);
			if (end < 0) throw new FilterError(at, 'a field name opened with "[" is never closed');
			const text = filter.slice(at + 1, end);
			if (!text.trim()) throw new FilterError(at, 'empty field name "[]"');
			if (/[[{}]/.test(text))
				throw new FilterError(at, `field name "${text}" contains "[", "{" or "}"`);
			tokens.push({ type: 'field', text, position: at });
			at = end + 1;
		} else if (char === '{') {
			let end = at + 1;
			while (end < filter.length && filter[end] !== '}') {
				if (filter[end] === '{')
					throw new FilterError(end, 'values cannot contain "{" (no escaping is known)');
				end++;
			}
			if (end >= filter.length)
				throw new FilterError(at, 'a value opened with "{" is never closed');
			tokens.push({ type: 'value', text: filter.slice(at + 1, end), position: at });
			at = end + 1;
		} else if (OPERATORS.includes(two as Operator)) {
			tokens.push({ type: 'operator', text: two as Operator, position: at });
			at += 2;
		} else if (char === '}' || char === ']') {
			throw new FilterError(at, `unexpected "${char}"`);
		} else {
			throw new FilterError(
				at,
				`unexpected "${filter.slice(at, at + 10)}" (expected "[field]", "(", ")", "&&" or "||")`,
			);
		}
	}
	return tokens;
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function plainLiteral(text: string): Literal {
	if (NUMBER.test(text)) return { kind: 'plain', text, value: Number(text) };
	if (text === 'true' || text === 'false') return { kind: 'plain', text, value: text === 'true' };
	return { kind: 'plain', text, value: text };
}

/** The literal(s) of one `{…}`: a typed literal, or plain text (a list for `=*`). */
function literalsOf(text: string, operator: Operator, position: number): Literal[] {
	const typed = /^@([A-Za-z]*);/.exec(text);
	const list = (body: string) => (operator === '=*' ? body.split(',') : [body]);
	if (!typed) return list(text).map(plainLiteral);
	const body = text.slice(typed[0].length);
	switch (typed[1].toLowerCase()) {
		case 'string':
			return list(body).map((part) => ({ kind: 'string', text: part }));
		case 'null':
			if (body !== '')
				throw new FilterError(position, `"{@null;}" takes no value, found "${body}"`);
			return [{ kind: 'null' }];
		default:
			throw new FilterError(
				position,
				`unknown typed literal "@${typed[1]}" (known: @string, @null)`,
			);
	}
}

/**
 * Parses a decoded filter. `fields` are the fields a resource can be filtered on (a dotted path
 * like `salePrice.amount` is checked by its first segment).
 */
export function parseFilter(filter: string, fields: ReadonlySet<string>): FilterNode | undefined {
	const tokens = tokenize(filter);
	if (!tokens.length) return undefined;
	let index = 0;
	const end = filter.length;
	const peek = () => tokens[index];
	const where = () => peek()?.position ?? end;
	const describe = (token: Token | undefined) =>
		!token
			? 'the end of the filter'
			: token.type === 'field'
				? `"[${token.text}]"`
				: token.type === 'value'
					? `"{${token.text}}"`
					: `"${token.type === 'operator' ? token.text : token.type}"`;

	const term = (): FilterNode => {
		const field = peek();
		if (field?.type !== 'field')
			throw new FilterError(where(), `expected "[field]" or "(" but found ${describe(field)}`);
		if (!fields.has(field.text.split('.')[0]))
			throw new FilterError(
				field.position,
				`unknown field "[${field.text}]" (known: ${[...fields].join(', ')})`,
			);
		index++;
		const operator = peek();
		if (operator?.type !== 'operator')
			throw new FilterError(
				where(),
				`expected an operator (${OPERATORS.join(' ')}) after "[${field.text}]" but found ${describe(operator)}`,
			);
		index++;
		const value = peek();
		if (value?.type !== 'value')
			throw new FilterError(
				where(),
				`expected "{value}" after "${operator.text}" but found ${describe(value)}`,
			);
		index++;
		return {
			type: 'term',
			field: field.text,
			operator: operator.text,
			values: literalsOf(value.text, operator.text, value.position),
			position: field.position,
		};
	};
	const unary = (): FilterNode => {
		if (peek()?.type !== '(') return term();
		index++;
		const inner = expression();
		if (peek()?.type !== ')')
			throw new FilterError(where(), `expected ")" but found ${describe(peek())}`);
		index++;
		return inner;
	};
	const sequence = (kind: '&&' | '||', next: () => FilterNode): FilterNode => {
		const children = [next()];
		while (peek()?.type === kind) {
			index++;
			children.push(next());
		}
		return children.length === 1 ? children[0] : { type: kind === '&&' ? 'and' : 'or', children };
	};
	const expression = (): FilterNode => sequence('||', () => sequence('&&', unary));

	const tree = expression();
	if (index < tokens.length)
		throw new FilterError(
			where(),
			`expected "&&", "||" or the end of the filter but found ${describe(peek())}`,
		);
	return tree;
}

type Scalar = string | number | boolean | null | undefined;

function fieldValue(row: Record<string, unknown>, field: string): unknown {
	let value: unknown = row;
	for (const part of field.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

function equals(value: Scalar, literal: Literal): boolean {
	switch (literal.kind) {
		case 'null':
			return value === null || value === undefined;
		case 'string':
			return value !== null && value !== undefined && String(value) === literal.text;
		case 'plain':
			return value === literal.value;
	}
}

const ISO = /^\d{4}-\d{2}-\d{2}/;

/** -1/0/1, or undefined when the two cannot be ordered. */
function order(value: Scalar, literal: Literal): number | undefined {
	if (value === null || value === undefined || literal.kind === 'null') return undefined;
	let left: number | string;
	let right: number | string;
	if (typeof value === 'number' && literal.kind === 'plain' && typeof literal.value === 'number') {
		left = value;
		right = literal.value;
	} else if (typeof value === 'string' && ISO.test(value) && ISO.test(literal.text)) {
		left = Date.parse(value);
		right = Date.parse(literal.text);
		if (Number.isNaN(left) || Number.isNaN(right)) return undefined;
	} else {
		left = String(value);
		right = literal.text;
	}
	return left < right ? -1 : left > right ? 1 : 0;
}

function contains(value: unknown, literal: Literal): boolean {
	if (Array.isArray(value)) return value.some((element) => equals(element as Scalar, literal));
	if (value === null || value === undefined || literal.kind === 'null') return false;
	return String(value).toLowerCase().includes(literal.text.toLowerCase());
}

function testTerm(node: Extract<FilterNode, { type: 'term' }>, row: Record<string, unknown>) {
	const value = fieldValue(row, node.field);
	const literal = node.values[0];
	const anyElement = (test: (element: Scalar) => boolean) =>
		Array.isArray(value) ? value.some((element) => test(element as Scalar)) : test(value as Scalar);
	const ordered = (accept: (comparison: number) => boolean) =>
		anyElement((element) => {
			const comparison = order(element, literal);
			return comparison !== undefined && accept(comparison);
		});
	switch (node.operator) {
		case '==':
			return anyElement((element) => equals(element, literal));
		case '!=':
			return !anyElement((element) => equals(element, literal));
		case '::':
			return contains(value, literal);
		case '!:':
			return !contains(value, literal);
		case '=*':
			return anyElement((element) => node.values.some((entry) => equals(element, entry)));
		case '>>':
			return ordered((comparison) => comparison > 0);
		case '<<':
			return ordered((comparison) => comparison < 0);
		case '>=':
			return ordered((comparison) => comparison >= 0);
		case '<=':
			return ordered((comparison) => comparison <= 0);
	}
}

/** Whether a row matches a parsed filter. */
export function matches(node: FilterNode | undefined, row: object): boolean {
	if (!node) return true;
	const record = row as Record<string, unknown>;
	switch (node.type) {
		case 'term':
			return testTerm(node, record);
		case 'and':
			return node.children.every((child) => matches(child, record));
		case 'or':
			return node.children.some((child) => matches(child, record));
	}
}

/** The key an index stores a scalar under, typed so that a number never meets a string. */
export function indexKey(value: unknown): string | undefined {
	if (typeof value === 'string') return `s:${value}`;
	if (typeof value === 'number') return `n:${value}`;
	if (typeof value === 'boolean') return `b:${value}`;
	return undefined;
}

function literalKey(literal: Literal): string | undefined {
	if (literal.kind === 'string') return `s:${literal.text}`;
	if (literal.kind === 'plain') return indexKey(literal.value);
	return undefined;
}

/**
 * Row positions that can match, from the indexes, or undefined when the filter needs a full scan.
 * Only `==` and `=*` terms on indexed scalar fields use an index; `&&` takes its narrowest indexed
 * child, `||` the union when every child is indexed. The caller still tests each candidate.
 */
export function candidates(
	node: FilterNode | undefined,
	lookup: (field: string, key: string) => readonly number[] | undefined,
): readonly number[] | undefined {
	if (!node) return undefined;
	if (node.type === 'term') {
		if (node.operator !== '==' && node.operator !== '=*') return undefined;
		if (node.values.length === 1) {
			const key = literalKey(node.values[0]);
			return key === undefined ? undefined : lookup(node.field, key);
		}
		const found = new Set<number>();
		for (const literal of node.values) {
			const key = literalKey(literal);
			if (key === undefined) return undefined;
			const positions = lookup(node.field, key);
			if (positions === undefined) return undefined; // not an indexed field
			for (const position of positions) found.add(position);
		}
		return [...found].sort((a, b) => a - b);
	}
	const each = node.children.map((child) => candidates(child, lookup));
	if (node.type === 'and') {
		const indexed = each.filter((entry): entry is readonly number[] => entry !== undefined);
		if (!indexed.length) return undefined;
		return indexed.reduce((narrowest, entry) =>
			entry.length < narrowest.length ? entry : narrowest,
		);
	}
	const all = each.filter((entry): entry is readonly number[] => entry !== undefined);
	if (all.length < each.length) return undefined;
	return [...new Set(all.flat())].sort((a, b) => a - b);
}
