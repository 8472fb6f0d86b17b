import type { INodeProperties } from 'n8n-workflow';

import { listingResource } from '../listing';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = listingResource(
	'shippingOption',
	'shipping options',
	getMany.description,
);
