import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { LinnworksClient } from '../../transport';
import { executeWrite, writeProperties } from './stockWrite';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['adjustLevels'] } },
	writeProperties('adjust'),
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	return await executeWrite.call(this, items, client, 'adjust');
}
