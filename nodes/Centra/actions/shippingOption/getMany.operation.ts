import { toSimpleShippingOption, type CentraShippingOption } from '../../model';
import { SHIPPING_OPTIONS } from '../../queries';
import { listingOperation } from '../listing';

export const { description, execute } = listingOperation<CentraShippingOption>({
	resource: 'shippingOption',
	document: SHIPPING_OPTIONS,
	simplify: (record) => ({ ...toSimpleShippingOption(record) }),
});
