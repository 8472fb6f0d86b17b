import { toSimpleMarket, type CentraMarket } from '../../model';
import { MARKETS } from '../../queries';
import { listingOperation } from '../listing';

export const { description, execute } = listingOperation<CentraMarket>({
	resource: 'market',
	document: MARKETS,
	simplify: (record) => ({ ...toSimpleMarket(record) }),
});
