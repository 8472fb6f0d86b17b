import { toSimplePricelist, type CentraPricelist } from '../../model';
import { PRICELISTS } from '../../queries';
import { listingOperation } from '../listing';

export const { description, execute } = listingOperation<CentraPricelist>({
	resource: 'pricelist',
	document: PRICELISTS,
	simplify: (record) => ({ ...toSimplePricelist(record) }),
});
