import { toCanonicalWarehouse, type CentraWarehouse } from '../../model';
import { WAREHOUSES } from '../../queries';
import { listingOperation } from '../listing';

export const { description, execute } = listingOperation<CentraWarehouse>({
	resource: 'warehouse',
	document: WAREHOUSES,
	simplify: (record) => ({ ...toCanonicalWarehouse(record) }),
});
