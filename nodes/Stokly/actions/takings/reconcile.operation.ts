/**
 * Takings → Reconcile: canonical kiosk orders in (what the Cloudshelf node's Order → Get Many
 * emits), Stokly's sale orders and their payments read, and one item out per day, location,
 * payment method and currency (variances only, or every group), paired with the input orders
 * behind it. The comparison itself is the kit's (nodes/shared/takings.ts); this file reads the
 * parameters, the input and Stokly.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults, invalidItemError } from '../../../shared/items';
import { normaliseKey } from '../../../shared/mapping';
import { parseOrder } from '../../../shared/model';
import {
	compareTakings,
	daysFrom,
	hasVariance,
	isDay,
	isTimeZone,
	windowOfDays,
	type ExpectedTakings,
	type TakingsGroup,
} from '../../../shared/takings';
import { channelDirectory, listChannels, listLocations, type StoklyChannel } from '../../requests';
import type { StoklyClient } from '../../transport';
import { paymentMethodTable, stoklyMethodOf, tenderOf } from '../paymentMethods';
import { readRecordedSaleOrders, toRecordedTakings } from './read';

/** At most this many days in one reconciliation (a year). */
const MAX_DAYS = 366;

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['takings'], operation: ['reconcile'] } },
	[
		{
			displayName:
				'Feed this with the kiosk orders of the days compared (e.g. Cloudshelf → Order → Get Many, with Always Output Data on so a day without kiosk orders is still reconciled: an empty item means none). Orders placed on other days are left out.',
			name: 'takingsNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Period',
			name: 'period',
			type: 'options',
			options: [
				{ name: 'One Day', value: 'day', description: 'The takings of one day' },
				{ name: 'Days From … To', value: 'range', description: 'Every day from one to another' },
			],
			default: 'day',
		},
		{
			displayName: 'Day',
			name: 'day',
			type: 'dateTime',
			default: "={{ $today.minus({ days: 1 }).toFormat('yyyy-MM-dd') }}",
			displayOptions: { show: { period: ['day'] } },
			description:
				'The day compared (its date is used, in the time zone below); yesterday by default',
		},
		{
			displayName: 'From Day',
			name: 'fromDay',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { period: ['range'] } },
			description: 'The first day compared',
		},
		{
			displayName: 'To Day',
			name: 'toDay',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { period: ['range'] } },
			description: 'The last day compared (included)',
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'Europe/London',
			description:
				"The IANA time zone the days are taken in (where the stores are). Empty uses the workflow's time zone (workflow settings).",
		},
		{
			displayName: 'Channel Names or IDs',
			name: 'channels',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getChannels' },
			required: true,
			default: [],
			description:
				'The Stokly channels whose sale orders count as kiosk takings (e.g. the Cloudshelf channel); sale orders made from the input orders count whatever their channel. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...paymentMethodTable.properties().map((property) =>
			property.name === paymentMethodTable.spec.name
				? {
						...property,
						description:
							'The Stokly payment method of each kiosk tender, as in Sale Order → Create (copy the same rows). Stokly payments are named by the first tender of their number.',
					}
				: property,
		),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Variances Only',
					value: 'variances',
					description: 'Only groups whose totals differ, or with orders that differ',
				},
				{ name: 'All Groups', value: 'all', description: 'Every day, location and payment method' },
			],
			default: 'variances',
		},
	],
);

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value as string).trim();

/** The date part of a Day parameter (a date or an ISO date-time as the editor's picker gives). */
function dayParameter(value: unknown): string {
	const match = /^(\d{4}-\d{2}-\d{2})/.exec(text(value));
	return match && isDay(match[1]) ? match[1] : '';
}

interface Settings {
	days: string[];
	timeZone: string;
	channels: string[];
	showAll: boolean;
}

function readSettings(context: IExecuteFunctions): Settings | NodeOperationError {
	const node = context.getNode();
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, message, { itemIndex: 0, description });
	const timeZone = text(context.getNodeParameter('timeZone', 0, '')) || context.getTimezone();
	if (!isTimeZone(timeZone))
		return fail(
			`"${timeZone}" is not a time zone`,
			"Set Time Zone to an IANA name such as Europe/London, or leave it empty for the workflow's.",
		);
	let days: string[];
	if (context.getNodeParameter('period', 0, 'day') === 'range') {
		const first = dayParameter(context.getNodeParameter('fromDay', 0, ''));
		const last = dayParameter(context.getNodeParameter('toDay', 0, ''));
		if (!first || !last)
			return fail(
				'From Day and To Day must both be dates',
				'Set both, e.g. 2026-05-01 and 2026-05-07.',
			);
		days = daysFrom(first, last, MAX_DAYS + 1);
		if (!days.length) return fail('To Day is before From Day', 'Swap the two days.');
		if (days.length > MAX_DAYS)
			return fail(
				`At most ${MAX_DAYS} days can be reconciled at once`,
				'Shorten the period, or reconcile it in parts.',
			);
	} else {
		const day = dayParameter(context.getNodeParameter('day', 0, ''));
		if (!day) return fail('Day must be a date', 'Set Day, e.g. 2026-05-01.');
		days = [day];
	}
	const channels = (context.getNodeParameter('channels', 0, []) as unknown[])
		.map(text)
		.filter(Boolean);
	if (!channels.length)
		return fail(
			'No Stokly channel chosen',
			'Choose the channels whose sale orders are kiosk takings (e.g. Cloudshelf) in "Channel Names or IDs".',
		);
	const showAll = context.getNodeParameter('output', 0, 'variances') === 'all';
	return { days, timeZone, channels, showAll };
}

/** The channel ids of channel names or ids; an unknown one is an error listing the channels. */
function resolveChannels(
	context: IExecuteFunctions,
	wanted: string[],
	channels: StoklyChannel[],
): string[] | NodeOperationError {
	const directory = channelDirectory(channels);
	const unknown = wanted.find((reference) => !directory.find(reference));
	if (unknown !== undefined) return directory.unknown(context.getNode(), unknown, { itemIndex: 0 });
	return directory.resolveAll(context.getNode(), wanted).map((channel) => channel.channelId);
}

const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

function toOutput(group: TakingsGroup, stoklyMethod: number | undefined): IDataObject {
	return {
		day: group.day,
		location: group.location,
		paymentMethod: group.method,
		...(stoklyMethod === undefined ? {} : { stoklyPaymentMethod: stoklyMethod }),
		currency: group.currency,
		expected: group.expected,
		recorded: group.recorded,
		difference: group.difference,
		orders: group.orders,
		variance: hasVariance(group),
		variances: group.variances.map((variance) => ({
			reference: variance.reference,
			reason: variance.reason,
			reasonText: variance.reasonText,
			expected: variance.expected,
			recorded: variance.recorded,
			difference: variance.difference,
			saleOrderIds: variance.recordedIds,
			niceIds: variance.recordedLabels,
		})),
		summary: group.summary,
	};
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const failAll = (error: unknown) => {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) results.fail(itemIndex, error);
		return results.toArray();
	};
	if (!items.length) return [];
	const settings = readSettings(this);
	if (settings instanceof NodeOperationError) return failAll(settings);
	// Tables are read once: per-item expressions in mapping tables are not supported.
	const methods = paymentMethodTable.read(this, 0);
	const tender = (method: number) => tenderOf(methods, method);

	const expected: ExpectedTakings[] = [];
	const origins = new Set<string>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		// An empty item is "no kiosk orders" (what the order read's Always Output Data sends on a
		// quiet day), so Stokly's side is still read and its sale orders still reported.
		if (!Object.keys(items[itemIndex].json).length) continue;
		let order;
		try {
			order = parseOrder(items[itemIndex].json);
		} catch (error) {
			results.fail(
				itemIndex,
				invalidItemError(
					this,
					error,
					itemIndex,
					'Each item must be a canonical order (reference, placedAt, currency, status, lines, payments), as Cloudshelf → Order → Get Many emits.',
				),
			);
			continue;
		}
		const unmapped: string[] = [];
		const payments = (order.payments ?? []).map((payment) => {
			const method = stoklyMethodOf(methods, payment.method);
			if (method === undefined) unmapped.push(payment.method);
			return {
				method: method === undefined ? payment.method : tender(method),
				amount: payment.amount,
			};
		});
		if (unmapped.length) {
			results.fail(
				itemIndex,
				methods.unmappedError(this.getNode(), itemIndex, unmapped, `Order ${order.reference}`),
			);
			continue;
		}
		origins.add(order.origin);
		expected.push({
			reference: order.reference,
			placedAt: order.placedAt,
			location: order.location ?? '(no location)',
			currency: order.currency,
			status: order.status,
			payments,
			itemIndex,
		});
	}

	let recorded;
	try {
		const channelIds = resolveChannels(
			this,
			settings.channels,
			await listChannels(client, 0, true),
		);
		if (channelIds instanceof NodeOperationError) return failAll(channelIds);
		const { from, to } = windowOfDays(settings.days, settings.timeZone);
		const saleOrders = await readRecordedSaleOrders(client, {
			from,
			to,
			channelIds,
			references: expected.map((order) => order.reference),
		});
		const needsNames = saleOrders.some((saleOrder) => saleOrder.locationId);
		const locations = needsNames ? await listLocations(client, 0) : [];
		const names = new Map(locations.map((location) => [location.locationId, location.name]));
		recorded = saleOrders.map((saleOrder) =>
			toRecordedTakings(saleOrder, tender, (locationId) => names.get(locationId)),
		);
	} catch (error) {
		// Nothing can be compared without Stokly's side: every input order reports why.
		return failAll(error);
	}

	const expectedIn = origins.size === 1 ? capitalise([...origins][0]) : 'the kiosk orders';
	const groups = compareTakings(expected, recorded, {
		timeZone: settings.timeZone,
		days: settings.days,
		expectedIn,
		recordedIn: 'Stokly',
	});
	const firstGood = expected.length ? expected[0].itemIndex : 0;
	for (const group of groups) {
		if (!settings.showAll && !hasVariance(group)) continue;
		const stoklyMethod = methods.rows.find(
			(row) => normaliseKey(row.tender) === normaliseKey(group.method),
		)?.method;
		// A group only Stokly has (no input order behind it) is paired with the first input order.
		results.summarise(
			group.itemIndexes.length ? group.itemIndexes : [firstGood],
			toOutput(group, stoklyMethod === undefined ? undefined : Number(stoklyMethod)),
		);
	}
	return results.toArray();
}
