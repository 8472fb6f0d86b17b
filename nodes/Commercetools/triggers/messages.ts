/**
 * Reading the Messages Query API (`GET /messages`, view_messages, VERIFIED A8) for the trigger's
 * events, through the shared cursor (`pollWithCursor`: time = the message's createdAt, id = the
 * message id). Messages are read oldest first (`sort=createdAt asc`, then `id asc`), offset-paged
 * within the window (500 a page, never past the 10,000 offset cap). commercetools keeps messages
 * only while the project's Messages API is enabled; a poll that finds none reads the project
 * settings, so a disabled Messages API is an error saying how to enable it rather than silence.
 */
import type { Message, Project } from '@commercetools/platform-sdk';
import {
	NodeOperationError,
	type IDataObject,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import { pollWithCursor } from '../../shared/cursor';
import { chunk } from '../../shared/transport';
import { isIn, literal, messages, type PagedResponse } from '../requests';
import { LIMITS, type CommercetoolsClient, type CommercetoolsRequest } from '../transport';

export const DEFAULT_MAX_PER_POLL = 1000;
/** The offset cap bounds one poll's read (VERIFIED offset ≤ 10,000). */
export const MAX_PER_POLL = LIMITS.maxOffset;
const SAMPLE_SIZE = 10;
/** A manual sample looks back this far (commercetools keeps messages 15 days by default, VERIFIED). */
const SAMPLE_LOOKBACK_MS = 15 * 86_400_000;

export const commonProperties: INodeProperties[] = [
	{
		displayName:
			'The trigger reads the Messages API, which must be enabled for the project (Merchant Center → Settings → Developer settings → Messages), and the API client needs the view_messages scope',
		name: 'messagesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'dateTime',
		default: '',
		description:
			'On the first check, emit events since this moment (within the Messages API retention, 15 days by default). Empty starts from the moment the workflow is activated.',
	},
	{
		displayName: 'Max Events per Check',
		name: 'maxPerPoll',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PER_POLL },
		default: DEFAULT_MAX_PER_POLL,
		description:
			'Messages read per check at most; larger backlogs are emitted over the following checks, oldest first',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to emit canonical records (shared by all Retail Sync nodes) instead of the raw commercetools messages',
	},
];

/** The project settings (`GET /{projectKey}`); the base URL is the project's. */
const projectRequest: CommercetoolsRequest = { method: 'GET', path: '', operation: 'project/get' };

/**
 * Fails when the project's Messages API is disabled. A client that may not read the project
 * settings (403) is not checked: its empty answer may be genuine.
 */
async function checkMessagesEnabled(context: IPollFunctions, client: CommercetoolsClient) {
	const outcome = await client.tryRequest<Project>(projectRequest);
	if (!outcome.ok) {
		// Only a client without the scope to read the project settings is let through.
		if (outcome.status === 403) return;
		throw outcome.error;
	}
	if (outcome.value?.messages?.enabled !== false) return;
	throw new NodeOperationError(
		context.getNode(),
		`The Messages API of commercetools project ${outcome.value.key} is disabled, so there are no events to read`,
		{
			description:
				'Enable it in the Merchant Center (Settings → Developer settings → Messages → Enable messages), or with the project update action changeMessagesConfiguration {enabled: true}. Only changes made after enabling produce messages; the API client needs the view_messages scope.',
		},
	);
}

/** Messages of `types` in the window, oldest first, at most `limit`. */
async function readMessages<M extends Message>(
	client: CommercetoolsClient,
	types: readonly string[],
	window: { since?: Date; until: Date; limit: number },
	newestFirst: boolean,
): Promise<M[]> {
	const where = [
		isIn('type', types),
		window.since ? `createdAt >= ${literal(window.since.toISOString())}` : undefined,
		`createdAt <= ${literal(window.until.toISOString())}`,
	];
	const limit = Math.min(window.limit, LIMITS.maxOffset + LIMITS.pageSize);
	const found: M[] = [];
	while (found.length < limit && found.length <= LIMITS.maxOffset) {
		const pageSize = Math.min(LIMITS.pageSize, limit - found.length);
		const request = messages.query({
			where,
			limit: pageSize,
			sortByCreatedAt: true,
			qs: { offset: found.length },
		});
		if (newestFirst) request.qs = { ...request.qs, sort: ['createdAt desc', 'id desc'] };
		const page = await client.request<PagedResponse<M>>(request);
		const results = page.results ?? [];
		found.push(...results);
		if (results.length < pageSize) break;
	}
	return found;
}

export interface MessageEvent<M extends Message> {
	types: readonly string[];
	/** The items for the messages to emit (oldest first), canonical or raw. */
	toItems(messages: M[], simplify: boolean): Promise<IDataObject[]>;
}

/** One check of the trigger for an event: the new messages of its types, through the shared cursor. */
export async function pollMessages<M extends Message>(
	context: IPollFunctions,
	client: CommercetoolsClient,
	event: MessageEvent<M>,
): Promise<IDataObject[]> {
	const simplify = context.getNodeParameter('simplify', true) as boolean;
	const manual = context.getMode() === 'manual';
	const maxPerPoll = Math.min(
		MAX_PER_POLL,
		Math.max(1, Number(context.getNodeParameter('maxPerPoll', DEFAULT_MAX_PER_POLL))),
	);
	return await pollWithCursor<M>(context, {
		startFrom: context.getNodeParameter('startFrom', '') as string,
		maxPerPoll,
		sampleSize: SAMPLE_SIZE,
		sampleLookbackMs: SAMPLE_LOOKBACK_MS,
		read: async (window) => {
			const found = await readMessages<M>(client, event.types, window, manual);
			if (!found.length) await checkMessagesEnabled(context, client);
			return found;
		},
		idOf: (message) => message.id,
		timeOf: (message) => message.createdAt,
		toItems: async (found) => await event.toItems(found, simplify),
	});
}

/** Resources by id, read `in (…)` in batches (ids still there; a deleted one is absent). */
export async function readByIds<T extends { id: string }>(
	client: CommercetoolsClient,
	ids: readonly string[],
	build: (where: string, limit: number) => CommercetoolsRequest,
): Promise<Map<string, T>> {
	const byId = new Map<string, T>();
	for (const batch of chunk([...new Set(ids)], LIMITS.valuesPerPredicate)) {
		const page = await client.request<PagedResponse<T>>(build(isIn('id', batch), batch.length));
		for (const resource of page.results ?? []) byId.set(resource.id, resource);
	}
	return byId;
}
