/**
 * The extension layer: everything the commercetools sandbox adds to @labdigital/commercetools-mock
 * 4.4.0, and nothing else (the server, ../server.ts, only routes, authorises and forwards).
 *
 * What the mock already does right (checked against its source and by the tests in
 * test/sandbox/commercetools.test.ts, so it is used as it is): a stale `version` answers 409
 * ConcurrentModification with `currentVersion`; predicates such as `sku in ("a","b") and
 * supplyChannel(id = "x")`, `masterVariant(sku = "X") or variants(sku = "X")`, `id > "…"`,
 * `createdAt >= "…"`, `type in (…)`, `resource(id = "…")`; `GET` (and `HEAD`) of
 * `/orders/order-number={n}`; order import with line items by SKU and shippingInfo; product
 * projections current vs staged (published only unless staged); price selection; custom objects by
 * container and key; channels, stores, product types.
 *
 * What the mock lacks, and where it is added:
 * - OAuth secrets, scopes and token expiry → ./oauth.ts (extension 1);
 * - a Messages API → ./messages.ts (recording) and `GET /messages`, `GET /messages/{id}` here
 *   (extension 2);
 * - `addQuantity` (rejected), `removeQuantity` below 0 (clamped), reservations kept by
 *   `changeQuantity` → ./repositories.ts (extension 3);
 * - `sort` on list endpoints (ignored, so the id cursor skips resources), `withTotal=false`,
 *   `limit=0`, `staged=false` (read as staged) → ./queries.ts (extension 4);
 * - duplicate orderNumber and duplicate (sku, supplyChannel) accepted → ./repositories.ts
 *   (extension 5);
 * - `limit` ≤ 500 and `offset` ≤ 10 000 not enforced → ./queries.ts (extension 6);
 * - `addDelivery` stores `deliveryKey` under that name instead of `key` and requires `items`;
 *   `setParcelTrackingData` missing → ./repositories.ts (extension 7);
 * - `POST /orders/order-number={n}` (update by order number, A7 VERIFIED) not routed → here;
 * - custom objects overwritten by a draft with version 0 (create-only) → ./repositories.ts;
 * - `HEAD` of a list answering 200 with no match (A3 VERIFIED: 404 when nothing matches) → here;
 * - order import dropping shippingInfo without a shippingMethod reference, line supply/distribution
 *   channels and keys, country, completedAt, shipmentState, inventoryMode, and not checking channel
 *   keys, store supply channels or stock → ./orderImport.ts;
 * - `POST /orders/import` answering 200 where the API answers 201 Created (INFERRED from the
 *   RAML's create responses) → here;
 * - the project's `messages.enabled` (the mock has it off and nothing reads it) → ./queries.ts and
 *   `CommercetoolsState.recordMessage` (on by default, switchable).
 */
import type { SandboxResponse } from '../../common/http';
import { errorResponse } from '../errors';
import type { CommercetoolsMock, SandboxStorage } from '../mock';
import type { CommercetoolsState } from '../state';
import { answerList, checkPaging, isListResource } from './queries';
import { installRepositoryExtensions } from './repositories';

export { OAuthServer, requiredScope, DEFAULT_TOKEN_SECONDS, type ApiClient } from './oauth';
export { MAX_LIMIT, MAX_OFFSET } from './queries';
export { MESSAGE_TYPES_RECORDED } from './messages';

/** One call of the project API: its path segments after `/<projectKey>/`. */
export interface ProjectCall {
	method: string;
	segments: string[];
	query: URLSearchParams;
	body: unknown;
}

export type Forward = (call: ProjectCall) => Promise<SandboxResponse>;

export class Extensions {
	constructor(
		private readonly mock: CommercetoolsMock,
		private readonly state: CommercetoolsState,
		private readonly storage: SandboxStorage,
	) {
		installRepositoryExtensions(mock, state, storage.projectKey);
	}

	/** Answers a project call, through the mock (`forward`) unless an extension answers it. */
	async answer(call: ProjectCall, forward: Forward): Promise<SandboxResponse> {
		const [resource, id, ...rest] = call.segments;
		const reading = call.method === 'GET' || call.method === 'HEAD';
		if (reading && id === undefined) {
			const refused = checkPaging(call.query);
			if (refused) return refused;
			if (isListResource(resource)) {
				const answer = await answerList(this.mock, this.storage, resource, call.query);
				if (call.method !== 'HEAD') return answer;
				const { count } = answer.body as { count: number };
				return { status: count > 0 ? 200 : 404 };
			}
		}
		if (resource === 'messages') {
			const message =
				reading && id && !rest.length ? this.storage.collection('message').get(id) : undefined;
			return message
				? { status: 200, body: message }
				: errorResponse(404, `The Resource with ID '${id ?? ''}' was not found.`);
		}
		if (resource === 'orders' && call.method === 'POST' && id?.startsWith('order-number=')) {
			const orderNumber = decodeURIComponent(id.slice('order-number='.length));
			const order = this.state.order(orderNumber);
			if (!order)
				return errorResponse(404, `The Resource with orderNumber '${orderNumber}' was not found.`);
			return forward({ ...call, segments: ['orders', order.id, ...rest] });
		}
		if (resource === 'orders' && call.method === 'POST' && id === 'import') {
			const answer = await forward(call);
			return answer.status === 200 ? { ...answer, status: 201 } : answer;
		}
		return forward(call);
	}
}
