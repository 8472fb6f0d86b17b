/**
 * The simulator underneath: @labdigital/commercetools-mock (pinned 4.4.0), loaded with Node's own
 * require (it is ESM-only and jest cannot load ESM through its module registry), and the storage it
 * runs on. The storage is the mock's own `InMemoryStorage`, with this project's collections
 * created up front so the state helpers (./state.ts) can seed and read them synchronously: 12,000
 * products are a loop of map writes, not 12,000 requests.
 */
import type {
	Channel,
	CustomObject,
	InventoryEntry,
	Message,
	Order,
	Product,
	ProductType,
	Project,
	Store,
} from '@commercetools/platform-sdk';
import type * as MockModule from '@labdigital/commercetools-mock';

export const mock = process.getBuiltinModule('module').createRequire(__filename)(
	'@labdigital/commercetools-mock',
) as typeof MockModule;

export type CommercetoolsMock = MockModule.CommercetoolsMock;

/** The documents the sandbox seeds and reads, by the mock's type id. */
export interface Collections {
	channel: Channel;
	store: Store;
	'product-type': ProductType;
	product: Product;
	'inventory-entry': InventoryEntry;
	order: Order;
	'key-value-document': CustomObject;
	/** Messages (the mock has none): kept here so the mock's predicate engine can query them. */
	message: Message;
}
export type CollectionName = keyof Collections;

/**
 * A collection with the mock's storage semantics (values copied in and out, so callers never share
 * the stored object), plus `peek` for read-only access without the copy. Values are kept as JSON
 * text, so a copy out is one `JSON.parse` (the mock's own copies are a stringify and a parse):
 * listing 12,000 products costs a third.
 */
export class DocumentMap<V> {
	private readonly map = new Map<string, { json: string; parsed?: V }>();

	get size(): number {
		return this.map.size;
	}

	set(key: string, value: V): this {
		this.map.set(key, { json: JSON.stringify(value) });
		return this;
	}

	get(key: string): V | undefined {
		const stored = this.map.get(key);
		return stored === undefined ? undefined : (JSON.parse(stored.json) as V);
	}

	/** The stored value, parsed once and shared: never mutate it. */
	peek(key: string): V | undefined {
		const stored = this.map.get(key);
		return stored && this.parsed(stored);
	}

	/** The stored values, shared, in insertion order: never mutate them. */
	*peekAll(): IterableIterator<V> {
		for (const stored of this.map.values()) yield this.parsed(stored);
	}

	private parsed(stored: { json: string; parsed?: V }): V {
		stored.parsed ??= JSON.parse(stored.json) as V;
		return stored.parsed;
	}

	has(key: string): boolean {
		return this.map.has(key);
	}

	delete(key: string): boolean {
		return this.map.delete(key);
	}

	clear(): void {
		this.map.clear();
	}

	*values(): IterableIterator<V> {
		for (const stored of this.map.values()) yield JSON.parse(stored.json) as V;
	}

	*entries(): IterableIterator<[string, V]> {
		for (const [key, stored] of this.map) yield [key, JSON.parse(stored.json) as V];
	}

	[Symbol.iterator](): IterableIterator<[string, V]> {
		return this.entries();
	}
}

/**
 * The mock's in-memory storage with one project's collections made eagerly (the mock makes them
 * lazily, after an await, so nothing could be seeded synchronously). Any collection the mock asks
 * for is a `DocumentMap`, including `message`, which it does not know but queries like any other.
 */
export class SandboxStorage extends mock.InMemoryStorage {
	private readonly collections: Record<string, DocumentMap<unknown>> = {};

	constructor(readonly projectKey: string) {
		super();
		const collections = this.collections;
		const projectStorage = new Proxy(collections, {
			get(target, name) {
				if (typeof name !== 'string') return undefined;
				target[name] ??= new DocumentMap<unknown>();
				return target[name];
			},
		});
		(this.resources as Record<string, unknown>)[projectKey] = projectStorage;
		void this.addProject(projectKey);
		this.setMessagesEnabled(true);
	}

	/** The project resource (settings such as `messages.enabled`) as stored: never mutate it. */
	project(): Project {
		return this.projects[this.projectKey];
	}

	/**
	 * The project's Messages API switch (`changeMessagesConfiguration`). ASSUMED: the sandbox project
	 * has it on (the mock's default project has it off), with the API's 15-day retention.
	 */
	setMessagesEnabled(enabled: boolean): void {
		const project = this.projects[this.projectKey];
		this.projects[this.projectKey] = {
			...project,
			messages: { ...project.messages, enabled },
		};
	}

	collection<Name extends CollectionName>(name: Name): DocumentMap<Collections[Name]> {
		this.collections[name] ??= new DocumentMap<unknown>();
		return this.collections[name] as DocumentMap<Collections[Name]>;
	}
}
