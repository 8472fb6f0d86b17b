import type { IDataObject } from 'n8n-workflow';

import { orderNumberCandidates } from '../../nodes/Centra/model';
import { CENTRA_STORES, centraWorkflow, startCentra, type CentraFixture } from '../harness/centra';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: CentraFixture;
const numberOf = (reference: string) => orderNumberCandidates(reference)[0];

beforeEach(async () => {
	fixture = await startCentra({}, CENTRA_STORES);
	const { state } = fixture.sandbox;
	state.level(
		state.findWarehouse('Oxford Street')!.id,
		state.findSizeBySku('TEE-RED-M')!.id,
	).physical = 50;
	// Two kiosk orders made by Order → Create.
	const created = await fixture.runner.run(
		centraWorkflow(
			{
				resource: 'order',
				operation: 'create',
				locationMapping: {
					mapping: [{ orderLocation: 'Oxford Street', market: '1', pricelist: '1', country: 'GB' }],
				},
				guestEmail: 'oxford@shop.example',
			},
			['CS-1', 'CS-2'].map((reference) => ({
				reference,
				origin: 'cloudshelf',
				placedAt: '2026-11-20T10:15:00Z',
				currency: 'GBP',
				status: 'paid',
				location: 'Oxford Street',
				lines: [
					{ sku: 'TEE-RED-M', quantity: 2, unitPrice: 19.99 },
					{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99 },
				],
			})),
		),
	);
	expect(created.json('Centra').map((item) => item.created)).toEqual([true, true]);
});
afterEach(async () => fixture.close());

const run = async (parameters: IDataObject, input: IDataObject[] = [{}]) =>
	await fixture.runner.run(
		centraWorkflow({ resource: 'shipment', ...parameters }, input, ERROR_OUTPUT),
	);
const shipmentsIn = () => fixture.sandbox.state.snapshot().shipments;

describe('Centra → Shipment → Create', () => {
	it('ships everything not yet shipped; a replay ships nothing twice', async () => {
		const parameters = { operation: 'create', lookupBy: 'reference', reference: 'CS-1' };
		const first = await run(parameters);
		expect(first.json('Centra')).toEqual([
			expect.objectContaining({
				created: true,
				orderReference: 'CS-1',
				lines: [
					{ sku: 'TEE-RED-M', quantity: 2 },
					{ sku: 'CAP-BLUE', quantity: 1 },
				],
				attributes: expect.objectContaining({
					centraShipmentNumber: `${numberOf('CS-1')}-1`,
					centraGoodToGo: 'true',
					centraPaid: 'true',
					centraShipped: 'false',
				}),
			}),
		]);
		const replay = await run(parameters);
		expect(replay.json('Centra')).toEqual([
			expect.objectContaining({
				created: false,
				centraShipmentId: first.json('Centra')[0].centraShipmentId,
			}),
		]);
		expect(shipmentsIn()).toHaveLength(1);
		expect(fixture.sandbox.callsTo('CreateShipment')).toHaveLength(1);
	});

	it('ships given SKUs and quantities, never more than is left', async () => {
		const lines = (sku: string, quantity: number) => ({
			operation: 'create',
			lookupBy: 'number',
			orderNumber: numberOf('CS-2'),
			linesMode: 'below',
			lines: { line: [{ sku, quantity }] },
		});
		const cap = await run(lines('CAP-BLUE', 1));
		expect(cap.json('Centra')[0]).toMatchObject({
			created: true,
			lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
		});
		const tees = await run(lines('TEE-RED-M', 5));
		expect(tees.json('Centra')[0]).toMatchObject({
			created: true,
			lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			notShipped: [{ sku: 'TEE-RED-M', quantity: 3 }],
		});
		expect(tees.json('Centra', 1)[0].error).toMatch(/shipped less than asked, TEE-RED-M 2 of 5$/);
		const again = await run(lines('CAP-BLUE', 1));
		// Nothing left of the CAP line: the shipment holding it comes back, not the newest one.
		expect(again.json('Centra')[0]).toMatchObject({
			created: false,
			centraShipmentId: cap.json('Centra')[0].centraShipmentId,
			lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
		});
		const unknown = await run(lines('SOCK', 1));
		expect(unknown.json('Centra', 1)[0].error).toBe(
			`Centra order ${numberOf('CS-2')} has no line with SKU SOCK`,
		);
		expect(shipmentsIn().map((shipment) => shipment.number)).toEqual([
			`${numberOf('CS-2')}-1`,
			`${numberOf('CS-2')}-2`,
		]);
	});

	const partial = {
		orderReference: 'CS-1',
		shippedAt: '2026-11-21T09:00:00Z',
		trackingNumber: 'JD0001',
		lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
	};
	const fromInput = {
		operation: 'create',
		lookupBy: 'reference',
		reference: 'CS-1',
		linesMode: 'input',
	};

	it('a replay of a partial shipment (its Shipment Key) returns the shipment made, ships nothing more', async () => {
		const first = await run(fromInput, [partial]);
		expect(first.json('Centra')[0]).toMatchObject({
			created: true,
			shipmentKey: 'CS-1 JD0001 2026-11-21T09:00:00Z',
			lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
		});
		const replay = await run(fromInput, [partial]);
		expect(replay.json('Centra')[0]).toMatchObject({
			created: false,
			centraShipmentId: first.json('Centra')[0].centraShipmentId,
		});
		expect(shipmentsIn()).toHaveLength(1);
		expect(fixture.sandbox.callsTo('CreateShipment')).toHaveLength(1);
		// Another fulfilment of the same order (another key) ships the second tee.
		const second = await run(fromInput, [{ ...partial, trackingNumber: 'JD0002' }]);
		expect(second.json('Centra')[0]).toMatchObject({ created: true });
		expect(shipmentsIn()).toHaveLength(2);
	});

	it('a lost answer is checked by the key: the shipment made is returned, not made again', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'CreateShipment', count: 1 }] });
		const result = await run(fromInput, [partial]);
		expect(result.json('Centra')[0]).toMatchObject({
			created: true,
			lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
		});
		expect(shipmentsIn()).toHaveLength(1);
		expect(fixture.sandbox.callsTo('CreateShipment')).toHaveLength(1);
	});

	it('a failed send with no shipment under the key is sent again', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'CreateShipment', status: 500, count: 1 }],
		});
		const result = await run(fromInput, [partial]);
		expect(result.json('Centra')[0]).toMatchObject({ created: true });
		expect(shipmentsIn()).toHaveLength(1);
		expect(fixture.sandbox.callsTo('CreateShipment')).toHaveLength(2);
	});

	it('without a key, a lost answer is an item error to check in Centra, never a second shipment', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'CreateShipment', count: 1 }] });
		const result = await run({ ...fromInput, shipmentKey: '' }, [partial]);
		expect(result.json('Centra', 1)[0].error).toBe(
			`Centra did not confirm the shipment of order ${numberOf('CS-1')}: it may or may not have been created`,
		);
		expect(shipmentsIn()).toHaveLength(1);
		expect(fixture.sandbox.callsTo('CreateShipment')).toHaveLength(1);
	});

	it('ships the lines of the input item (a canonical fulfilment)', async () => {
		const result = await run(
			{ operation: 'create', lookupBy: 'reference', reference: 'CS-1', linesMode: 'input' },
			[{ orderReference: 'CS-1', lines: [{ sku: 'TEE-RED-M', quantity: 1 }] }],
		);
		expect(result.json('Centra')[0]).toMatchObject({
			created: true,
			lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
		});
	});
});

describe('Centra → Shipment → Complete', () => {
	it('completes with carrier, service and tracking; completing again is not an error', async () => {
		const created = await run({ operation: 'create', lookupBy: 'reference', reference: 'CS-1' });
		const { centraShipmentId: id } = created.json('Centra')[0];
		const complete = {
			operation: 'complete',
			shipmentBy: 'number',
			shipmentNumber: `${numberOf('CS-1')}-1`,
			carrier: 'DHL',
			service: 'Parcel',
			trackingNumber: 'JD0002',
		};
		const first = await run(complete);
		expect(first.json('Centra')[0]).toMatchObject({
			completed: true,
			alreadyCompleted: false,
			orderReference: 'CS-1',
			carrier: 'DHL',
			service: 'Parcel',
			trackingNumber: 'JD0002',
			attributes: expect.objectContaining({ centraShipped: 'true' }),
		});
		// The order's only shipment is complete, so the order is.
		expect(fixture.sandbox.state.orders.get(numberOf('CS-1'))?.status).toBe('SHIPPED');
		// Shipped At empty: "now" in Centra's clock, never n8n's (Centra refuses future times).
		const sent = fixture.sandbox.charges.find((charge) => charge.operation === 'CompleteShipment');
		expect(sent?.variables).toMatchObject({ input: { shippedAt: 'now' } });
		const byNumber = await run(complete);
		expect(byNumber.json('Centra')[0]).toMatchObject({ alreadyCompleted: true });
		expect(fixture.sandbox.callsTo('CompleteShipment')).toHaveLength(1);
		const byId = await run({ ...complete, shipmentBy: 'id', shipmentId: id });
		expect(byId.json('Centra')[0]).toMatchObject({
			alreadyCompleted: true,
			trackingNumber: 'JD0002',
		});
	});

	it("sends Centra's refusal to the error output", async () => {
		const created = await run({
			operation: 'create',
			lookupBy: 'reference',
			reference: 'CS-2',
			options: { isPaid: false },
		});
		const result = await run({
			operation: 'complete',
			shipmentBy: 'id',
			shipmentId: created.json('Centra')[0].centraShipmentId,
			carrier: 'DHL',
		});
		expect(result.json('Centra', 1)[0].error).toMatch(/must be good to go and paid/);
		// Named by its number, the refusal names the number the user typed.
		const byNumber = await run({
			operation: 'complete',
			shipmentBy: 'number',
			shipmentNumber: `${numberOf('CS-2')}-1`,
			carrier: 'DHL',
		});
		expect(byNumber.json('Centra', 1)[0].error).toContain(
			`Centra did not complete shipment ${numberOf('CS-2')}-1 (ID `,
		);
	});
});

describe('Centra → Shipment → Get Many', () => {
	it('lists good-to-go and completed shipments as fulfilments of the kiosk orders', async () => {
		fixture.sandbox.ship({
			order: numberOf('CS-1'),
			complete: { carrier: 'UPS', service: 'Express', trackingNumber: '1Z999' },
		});
		fixture.sandbox.ship({ order: numberOf('CS-2') });
		// An order made elsewhere is named by its Centra number.
		fixture.sandbox.state.seed({
			orders: [{ number: 4242, market: 'Retail UK', lines: [{ sku: 'CAP-BLUE', quantity: 1 }] }],
		});
		fixture.sandbox.ship({ order: 4242, complete: true });

		const completed = await run({ operation: 'getMany', status: 'completed', returnAll: true });
		expect(completed.json('Centra')).toEqual([
			expect.objectContaining({
				orderReference: 'CS-1',
				carrier: 'UPS',
				service: 'Express',
				trackingNumber: '1Z999',
				lines: [
					{ sku: 'TEE-RED-M', quantity: 2 },
					{ sku: 'CAP-BLUE', quantity: 1 },
				],
			}),
			expect.objectContaining({ orderReference: '4242' }),
		]);
		// The default Filter Date (Shipped At) does not apply to shipments not shipped yet.
		const goodToGo = await run({
			operation: 'getMany',
			status: 'goodToGo',
			dateField: 'shippedAt',
			after: '2000-01-01T00:00:00Z',
			returnAll: true,
		});
		expect(goodToGo.json('Centra')).toEqual([
			expect.objectContaining({
				orderReference: 'CS-2',
				attributes: expect.objectContaining({ centraShipped: 'false' }),
			}),
		]);
		const all = await run({ operation: 'getMany', status: 'all', returnAll: true, limit: 1 });
		expect(all.json('Centra')).toHaveLength(3);
		const one = await run({ operation: 'getMany', status: 'all', returnAll: false, limit: 1 });
		expect(one.json('Centra')).toHaveLength(1);
	});

	it('filters by a shippedAt or createdAt window', async () => {
		fixture.sandbox.ship({
			order: numberOf('CS-1'),
			complete: { shippedAt: '2026-11-21T09:00:00Z' },
		});
		fixture.sandbox.ship({
			order: numberOf('CS-2'),
			complete: { shippedAt: '2026-11-25T09:00:00Z' },
		});
		const window = await run({
			operation: 'getMany',
			status: 'completed',
			dateField: 'shippedAt',
			after: '2026-11-24T00:00:00Z',
			before: '2026-11-26T00:00:00Z',
			returnAll: true,
		});
		expect(window.json('Centra').map((fulfilment) => fulfilment.orderReference)).toEqual(['CS-2']);
		const created = await run({
			operation: 'getMany',
			status: 'all',
			dateField: 'createdAt',
			before: '2000-01-01T00:00:00Z',
			returnAll: true,
		});
		expect(created.json('Centra')).toEqual([]);
		const raw = await run({
			operation: 'getMany',
			status: 'completed',
			simplify: false,
			returnAll: true,
		});
		expect(raw.json('Centra')[0]).toMatchObject({
			isShipped: true,
			order: { number: numberOf('CS-1') },
		});
	});
});
