/**
 * The stock push template (Stokly stock → Cloudshelf, stock buffer, Stokly location names mapped
 * to kiosk locations; nightly full push + the Stokly Trigger's Stock Changed) through n8n's engine
 * against the Stokly and Cloudshelf sandboxes, configured by the agency tool.
 */
import {
	CLIENT_CATALOGUE,
	runPolled,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';

const TEMPLATE = 'stock-push-stokly-to-cloudshelf';
const TRIGGER = 'Stokly Stock Changed';
const NIGHTLY = 'Nightly Full Push';
/** Stokly location name → Cloudshelf location key, as the sandbox client maps them. */
const LOCATIONS: Record<string, string> = {
	'London Warehouse': 'london-warehouse',
	'Oxford Street': 'oxford-street',
	'Manchester Arndale': 'manchester-arndale',
};
/** The template's (and the client's) Stock Buffer. */
const BUFFER = 1;
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** Kiosk stock of each SKU at each mapped location. */
const kioskStock = (skus: string[]) =>
	Object.fromEntries(
		skus.flatMap((sku) =>
			Object.entries(LOCATIONS).map(([name, key]) => [
				`${sku}@${name}`,
				fixture.sandboxes.cloudshelf.state.quantityOf(
					sku,
					`gid://external/RetailSyncLocation/${key}`,
				),
			]),
		),
	);

/** What the kiosks should show for Stokly's on-hand stock (summed over bins), less the buffer. */
const shownFor = (skus: string[]) =>
	Object.fromEntries(
		skus.flatMap((sku) =>
			Object.keys(LOCATIONS).map((name) => [
				`${sku}@${name}`,
				Math.max(0, fixture.sandboxes.stokly.state.onHand(sku, name) - BUFFER),
			]),
		),
	);

describe('template: stock push Stokly → Cloudshelf', () => {
	it('pushes every level nightly to its mapped kiosk location less the buffer, then each changed level once', async () => {
		const { stokly } = fixture.sandboxes;
		const workflow = fixture.workflow(TEMPLATE);

		// Nightly: every level of the client's locations, less the buffer of 1.
		const nightly = await runScheduled(fixture, workflow, NIGHTLY);
		expect(nightly.status).toBe('success');
		expect(kioskStock(CLIENT_CATALOGUE)).toEqual(shownFor(CLIENT_CATALOGUE));
		expect(kioskStock(['TEE-RED-M'])).toEqual({
			'TEE-RED-M@London Warehouse': 9,
			'TEE-RED-M@Oxford Street': 5,
			'TEE-RED-M@Manchester Arndale': 5,
		});
		expect(fixture.alerts()).toEqual([]);

		// A web-only location no kiosk shows (not read nightly: Get Levels reads the client's).
		stokly.state.seed({ locations: [{ name: 'Web DC' }] });
		expect((await runScheduled(fixture, workflow, NIGHTLY)).status).toBe('success');
		expect(fixture.alerts()).toEqual([]);

		// The trigger's first check records the levels; later checks emit what changed.
		const first = await runPolled(fixture, workflow, TRIGGER, {});
		expect(first.items).toEqual([]);
		stokly.state.setOnHand('TEE-RED-M', 'Oxford Street', 2);
		stokly.state.setOnHand('CAP-BLUE', 'Manchester Arndale', 0);
		stokly.state.setOnHand('HOODIE-GREY-L', 'Web DC', 40);

		const check = await runPolled(fixture, workflow, TRIGGER, first.staticData);
		expect(check.result?.status).toBe('success');
		expect(
			check.items.map((item) => [item.json.sku, item.json.location, item.json.quantity]).sort(),
		).toEqual(
			[
				['CAP-BLUE', 'Manchester Arndale', 0],
				['TEE-RED-M', 'Oxford Street', 2],
			].sort(),
		);
		expect(kioskStock(['TEE-RED-M', 'CAP-BLUE'])).toEqual(shownFor(['TEE-RED-M', 'CAP-BLUE']));
		expect(kioskStock(['TEE-RED-M'])['TEE-RED-M@Oxford Street']).toBe(1);
		expect(kioskStock(['CAP-BLUE'])['CAP-BLUE@Manchester Arndale']).toBe(0);
		// The web-only location is not watched (the agency fills the trigger's Locations), nothing alerted.
		expect(fixture.alerts()).toEqual([]);

		// Nothing changed: the next check emits nothing.
		const quiet = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(quiet.items).toEqual([]);
	});

	it('fails the nightly run when Stokly cannot be read (the error workflow alerts), writing nothing', async () => {
		const { stokly, cloudshelf } = fixture.sandboxes;
		// Refused (not retried): All Stokly Stock has no error output, so the run itself fails.
		stokly.setFaults({
			failNext: [{ operation: 'GET /v1/inventory-records', status: 403, count: 100 }],
		});
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), NIGHTLY);
		expect(result.status).toBe('error');
		expect(cloudshelf.callsTo('UpsertStockLevels')).toEqual([]);
		// Not reported as exceptions one level at a time: the run's failure is the alert.
		expect(fixture.alerts()).toEqual([]);
	});
});
