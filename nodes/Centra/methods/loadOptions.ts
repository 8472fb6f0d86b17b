/**
 * Editor drop-downs: warehouses, markets and pricelists by id (what Centra's APIs take), shipping
 * options by URI (what the Order API's `shippingList` takes). Names are shown, sorted.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { WarehouseDirectory, listMarkets, listPricelists, listShippingOptions } from '../queries';
import { CentraClient } from '../transport';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

export async function getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const directory = await WarehouseDirectory.load(new CentraClient(this));
	return directory.warehouses
		.map((warehouse) => ({
			name: warehouse.name,
			value: String(warehouse.id),
			description: warehouse.status === 'INACTIVE' ? 'Inactive' : undefined,
		}))
		.sort(byName);
}

export async function getMarkets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listMarkets(new CentraClient(this)))
		.map((market) => ({
			name: market.name,
			value: String(market.id),
			description: market.assignedToCountries?.map((country) => country.code).join(', '),
		}))
		.sort(byName);
}

export async function getPricelists(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listPricelists(new CentraClient(this)))
		.map((pricelist) => ({
			name: pricelist.name,
			value: String(pricelist.id),
			description: pricelist.currency?.code,
		}))
		.sort(byName);
}

export async function getShippingOptions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return (await listShippingOptions(new CentraClient(this)))
		.map((option) => ({ name: option.name, value: option.uri ?? String(option.id) }))
		.sort(byName);
}
