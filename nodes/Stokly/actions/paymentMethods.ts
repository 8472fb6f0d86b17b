/**
 * The Payment Method Mapping table: a kiosk or till tender (the canonical payment's `method`, e.g.
 * "card") → the Stokly payment method number a sale order's `payments[].method` carries. Stokly's
 * methods are a numeric enum whose meanings are not published (only 4 has been seen in working
 * client code, VERIFIED ST-MAGEE; its meaning UNKNOWN), so every client fills the table with the
 * numbers of their Stokly account. Shared by Sale Order → Create (tender → number), Get and Get Many
 * (number → tender, the first row naming it) and Takings → Reconcile.
 */
import type { INode, NodeOperationError } from 'n8n-workflow';

import { MappingTable, type MappingLookup } from '../../shared/mapping';
import type { Payment } from '../../shared/model';

export interface PaymentMethodRow {
	tender: string;
	method: number;
}

export const paymentMethodTable = new MappingTable<PaymentMethodRow>({
	name: 'paymentMethodMapping',
	displayName: 'Payment Method Mapping',
	description:
		"The Stokly payment method of each tender (the payment method of incoming orders, e.g. card or cash). Stokly numbers its payment methods; use your account's numbers (see the payments of a sale order taken on your till).",
	rowName: 'Payment Method',
	subject: 'payment method',
	key: 'tender',
	requiredColumns: ['method'],
	columns: [
		{
			displayName: 'Tender',
			name: 'tender',
			type: 'string',
			default: '',
			placeholder: 'card',
			description: 'The payment method of incoming orders',
		},
		{
			displayName: 'Stokly Payment Method',
			name: 'method',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 4,
			description: 'The number Stokly records the payment under',
		},
	],
	unmapped: {
		parameter: 'unmappedPaymentMethod',
		displayName: 'Unmapped Payment Methods',
		default: 'error',
		policies: {
			error:
				'The order fails with the payment method named, so it can be mapped and replayed; no payment is recorded under the wrong method',
			default: 'Payments with tenders not in the table are recorded under the method below',
		},
		defaults: {
			method: { description: 'Stokly payment method of tenders not in the table' },
		},
	},
});

/** A tender's Stokly method number; undefined when it has no row (and unmapped ones are errors). */
export function stoklyMethodOf(
	methods: MappingLookup<PaymentMethodRow>,
	tender: string,
): number | undefined {
	const resolution = methods.resolve(tender);
	if (resolution.status !== 'mapped' && resolution.status !== 'default') return undefined;
	const method = Number(resolution.row.method);
	return Number.isInteger(method) && method >= 0 ? method : undefined;
}

/**
 * Payments with their Stokly method numbers, or the error naming every tender without one. An
 * order without payments has none (Stokly records an unpaid order).
 */
export function toStoklyPayments(
	node: INode,
	itemIndex: number,
	methods: MappingLookup<PaymentMethodRow>,
	payments: Payment[] | undefined,
	label: string,
): Array<{ method: number; amount: number }> | NodeOperationError {
	const unmapped: string[] = [];
	const mapped = (payments ?? []).map((payment) => {
		const method = stoklyMethodOf(methods, payment.method);
		if (method === undefined) unmapped.push(payment.method);
		return { method: method ?? -1, amount: payment.amount };
	});
	if (unmapped.length) return methods.unmappedError(node, itemIndex, unmapped, label);
	return mapped;
}

/**
 * The tender of a Stokly method number: the first row naming it, else the number as text (the
 * reverse of the table; the default method of unmapped tenders is not reversed).
 */
export function tenderOf(methods: MappingLookup<PaymentMethodRow> | undefined, method: unknown) {
	const number = Number(method);
	const row = methods?.rows.find((candidate) => Number(candidate.method) === number);
	return row ? row.tender.trim() : String(method as string);
}
